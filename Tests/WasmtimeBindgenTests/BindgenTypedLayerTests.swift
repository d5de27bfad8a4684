import Foundation
import Testing
import Wasmtime

@testable import WasmtimeBindgen

/// The typed conversion layer (conformances to the typed component API,
/// `TypedComponentFunc` exports, typed host functions), generated on
/// request; the dynamic layer stays for functions with resource handles.
@Suite struct BindgenTypedLayerTests {
    static func generate(_ fixture: String, _ typeName: String) throws -> String {
        var options = BindgenOptions(typeName: typeName, sourceName: fixture)
        options.typedCalls = true
        let source = try Bindgen.generate(bytes: try BindgenFixtures.bytes(fixture), options: options)
        if let directory = ProcessInfo.processInfo.environment["WASMTIME_BINDGEN_TYPED_OUT"] {
            try source.write(toFile: "\(directory)/\(typeName).swift", atomically: true, encoding: .utf8)
        }
        return source
    }

    @Test func exportsAndConformances() throws {
        let source = try Self.generate("kinds.wat", "Kinds")
        #expect(source.contains("let f0: Wasmtime.TypedComponentFunc<(Swift.UInt32, Swift.UInt32), Swift.UInt32>"))
        #expect(source.contains("return try functions.f0(a, b)"))
        #expect(source.contains("extension Kinds.Point: Wasmtime.ComponentLowerable, Wasmtime.ComponentLiftable {"))
        #expect(source.contains("type.matchesRecord([\"x\": Swift.Int32.self, \"y\": Swift.Int32.self])"))
        #expect(source.contains("Wasmtime.ComponentTuple<Swift.UInt8, Swift.String, Swift.Double>"))
        #expect(source.contains("Swift.Result<Swift.String, Wasmtime.ComponentError<Swift.UInt32>>"))
        // Resource functions keep the dynamic layer.
        #expect(source.contains("let f16: Wasmtime.ComponentFunc"))
        #expect(!source.contains("struct UnitError"))
    }

    /// Without the typed API, everything converts through `ComponentValue`
    /// (the layer resource functions always use).
    @Test func dynamicLayer() throws {
        var options = BindgenOptions(typeName: "Kinds", sourceName: "kinds.wat")
        options.typedCalls = false
        let source = try Bindgen.generate(bytes: try BindgenFixtures.bytes("kinds.wat"), options: options)
        #expect(source.contains("let f0: Wasmtime.ComponentFunc"))
        #expect(source.contains("Swift.Result<Swift.String, ErrorValue<Swift.UInt32>>"))
        #expect(source.contains("struct ErrorValue<Value: Swift.Sendable>: Swift.Error"))
        #expect(source.contains("static func liftPerson(_ value: Wasmtime.ComponentValue"))
        #expect(!source.contains("ComponentLowerable"))
    }

    @Test func typedHostFunctions() throws {
        let source = try Self.generate("imports.wat", "Greeter")
        #expect(
            source.contains(
                "try defineFunction(path: [\"example:host/logger@0.1.0\", \"log\"]) { (_a0: Greeter.Level, _a1: Swift.String) throws -> () in"
            ))
        #expect(source.contains("try host.log(level: _a0, message: _a1)"))
    }
}
