import Foundation
import Wasmtime

/// The fixtures the checked-in bindings in Generated/ were made from.
enum GoldenFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("WasmtimeBindgenTests/Fixtures")

    static func component(_ name: String, engine: Engine) throws -> Component {
        try Component(engine: engine, contentsOf: directory.appendingPathComponent(name).path)
    }

    /// The `pad` argument of the echo functions (it sends their arguments through memory).
    static let pad:
        (
            UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
            UInt64, UInt64, UInt64
        ) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
}
