/// What a WebAssembly binary's preamble says it is: the magic `\0asm`,
/// then a version and a layer (0 for core modules, 1 for components).
enum BinaryKind: Equatable {
    case module
    case component
    case unknown

    init(_ bytes: [UInt8]) {
        guard bytes.count >= 8, bytes.starts(with: [0, 0x61, 0x73, 0x6d]) else {
            self = .unknown
            return
        }
        switch (bytes[6], bytes[7]) {
        case (0, 0): self = .module
        case (1, 0): self = .component
        default: self = .unknown
        }
    }

    /// Throws a clear error when `bytes` are a core module instead of a component.
    static func expectComponent(_ bytes: [UInt8]) throws(WasmtimeError) {
        if BinaryKind(bytes) == .module {
            throw WasmtimeError(
                .compilation, "expected a component, but the bytes are a core WebAssembly module (use Module)")
        }
    }

    /// Throws a clear error when `bytes` are a component instead of a core module.
    static func expectModule(_ bytes: [UInt8]) throws(WasmtimeError) {
        if BinaryKind(bytes) == .component {
            throw WasmtimeError(
                .compilation, "expected a core WebAssembly module, but the bytes are a component (use Component)")
        }
    }
}
