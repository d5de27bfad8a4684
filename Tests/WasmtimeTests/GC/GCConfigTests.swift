import Testing
import Wasmtime

/// GC objects and exceptions under configurations that turn them off.
@Suite struct GCConfigTests {
    @Test func allocationWithoutGCSupportThrows() throws {
        var config = Config()
        config.wasm.gc = false
        config.wasm.functionReferences = false
        config.wasm.exceptions = false
        config.wasm.referenceTypes = false
        config.gcSupport = false
        let engine = try Engine(config)
        let store = Store(engine: engine)
        let type = try StructType(engine: engine, fields: [FieldType(.i32)])
        let error = #expect(throws: WasmtimeError.self) { try StructRef(store: store, type: type, fields: [.i32(1)]) }
        #expect(error != nil)
        let arrayType = try ArrayType(engine: engine, element: FieldType(.i32))
        #expect(throws: WasmtimeError.self) {
            try ArrayRef(store: store, type: arrayType, repeating: .i32(0), count: 4)
        }
    }

    @Test func gcModulesNeedTheGCFeature() throws {
        var config = Config()
        config.wasm.gc = false
        let engine = try Engine(config)
        expectWasmtimeError(.compilation) {
            try Module(
                engine: engine, wat: "(module (type (struct (field i32))) (func (result structref) ref.null struct))")
        }
        var noExceptions = Config()
        noExceptions.wasm.exceptions = false
        expectWasmtimeError(.compilation) {
            try Module(engine: try Engine(noExceptions), wat: "(module (tag $t) (func (throw $t)))")
        }
    }
}
