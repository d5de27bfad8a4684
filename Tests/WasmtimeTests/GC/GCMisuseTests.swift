import Testing
import Wasmtime

/// Wrong indices, types, mutability, nulls, stores and engines: each is a
/// thrown ``WasmtimeError`` of a specific kind, and the process keeps running
/// (Wasmtime itself would abort on the store and engine mismatches).
@Suite struct GCMisuseTests {
    let engine = Engine()

    @Test func outOfBoundsIndices() throws {
        let store = Store(engine: engine)
        let array = try ArrayRef(
            store: store, type: ArrayType(engine: engine, element: FieldType(.i32)), repeating: .i32(1), count: 3)
        expectWasmtimeError(.outOfBounds) { try array.element(at: 3) }
        expectWasmtimeError(.outOfBounds) { try array.element(at: -1) }
        expectWasmtimeError(.outOfBounds) { try array.setElement(.i32(0), at: 3) }
        let type = try StructType(engine: engine, fields: [FieldType(.i32)])
        let object = try StructRef(store: store, type: type, fields: [.i32(0)])
        expectWasmtimeError(.outOfBounds) { try object.field(1) }
        expectWasmtimeError(.outOfBounds) { try object.setField(-1, to: .i32(0)) }
        expectWasmtimeError(.outOfBounds) {
            try ArrayRef(
                store: store, type: ArrayType(engine: engine, element: FieldType(.i32)), repeating: .i32(0), count: -1)
        }
        #expect(try array.element(at: 2).i32 == 1)
    }

    @Test func wrongTypesAndArity() throws {
        let store = Store(engine: engine)
        let type = try StructType(
            engine: engine, fields: [FieldType(.i32), FieldType(.i8), FieldType(.ref(.init(.struct)))])
        let object = try StructRef(store: store, type: type, fields: [.i32(1), .i32(2), .structRef(nil)])
        expectWasmtimeError(.typeMismatch) { try object.setField(0, to: .i64(1)) }
        expectWasmtimeError(.typeMismatch) { try object.setField(1, to: .f32(1)) }
        expectWasmtimeError(.typeMismatch) { try object.setField(2, to: .externref(ExternRef(1))) }
        // An i31 is an anyref but not a struct: Wasmtime's check rejects it.
        expectWasmtimeError(.typeMismatch) { try object.setField(2, to: .anyref(AnyRef(i31: 1, in: store))) }
        let array = try ArrayRef(
            store: store, type: ArrayType(engine: engine, element: FieldType(.ref(.init(.array)))),
            repeating: .arrayRef(nil), count: 1)
        expectWasmtimeError(.typeMismatch) { try array.setElement(.structRef(object), at: 0) }
        expectWasmtimeError(.typeMismatch) { try StructRef(store: store, type: type, fields: [.i32(1)]) }
        expectWasmtimeError(.typeMismatch) {
            try StructRef(store: store, type: type, fields: [.i32(1), .i32(2), .i32(3)])
        }
        #expect(try object.field(0).i32 == 1)
    }

    @Test func immutableFields() throws {
        let store = Store(engine: engine)
        let type = try StructType(engine: engine, fields: [FieldType(.i32, mutable: false)])
        let object = try StructRef(store: store, type: type, fields: [.i32(5)])
        expectWasmtimeError(.immutable) { try object.setField(0, to: .i32(6)) }
        let constant = try ArrayType(engine: engine, element: FieldType(.i64, mutable: false))
        let array = try ArrayRef(store: store, type: constant, elements: [.i64(2), .i64(2)])
        expectWasmtimeError(.immutable) { try array.setElement(.i64(3), at: 1) }
        expectWasmtimeError(.immutable) { try ArrayRef(store: store, type: constant, elements: [.i64(1), .i64(2)]) }
        #expect(try object.field(0).i32 == 5)
        #expect(try array.element(at: 1).i64 == 2)
    }

    @Test func nullWhereAnObjectIsRequired() throws {
        let store = Store(engine: engine)
        let type = try StructType(engine: engine, fields: [FieldType(.ref(RefType(nullable: false, .any)))])
        expectWasmtimeError(.nullReference) { try StructRef(store: store, type: type, fields: [.anyref(nil)]) }
        let object = try StructRef(store: store, type: type, fields: [.anyref(AnyRef(i31: 3, in: store))])
        expectWasmtimeError(.nullReference) { try object.setField(0, to: .anyref(nil)) }
        let arrayType = try ArrayType(engine: engine, element: FieldType(.ref(RefType(nullable: false, .extern))))
        expectWasmtimeError(.nullReference) {
            try ArrayRef(store: store, type: arrayType, repeating: .externref(nil), count: 2)
        }
        // A typed function with a non-null parameter cannot be given nil: its
        // Swift type is non-optional. A nullable one takes nil.
        #expect(try object.field(0).anyrefValue?.i31Unsigned == 3)
    }

    @Test func objectsOfAnotherStore() throws {
        let store = Store(engine: engine)
        let other = Store(engine: engine)
        let node = try StructType(engine: engine, fields: [FieldType(.i32), FieldType(.ref(.init(.struct)))])
        let foreign = try StructRef(store: other, type: node, fields: [.i32(1), .structRef(nil)])
        // As a field value, at allocation and when written.
        expectWasmtimeError(.storeMismatch) {
            try StructRef(store: store, type: node, fields: [.i32(2), .structRef(foreign)])
        }
        let local = try StructRef(store: store, type: node, fields: [.i32(2), .structRef(nil)])
        expectWasmtimeError(.storeMismatch) { try local.setField(1, to: .structRef(foreign)) }
        let arrayType = try ArrayType(engine: engine, element: FieldType(.anyref))
        let array = try ArrayRef(store: store, type: arrayType, repeating: .anyref(nil), count: 1)
        expectWasmtimeError(.storeMismatch) {
            try array.setElement(
                .arrayRef(ArrayRef(store: other, type: arrayType, repeating: .anyref(nil), count: 0)), at: 0)
        }
        // As an argument of typed and untyped calls, and in a global.
        let instance = try Instance(
            store: store,
            module: Module(
                engine: engine,
                wat: """
                    (module
                      (func (export "id") (param structref) (result structref) (local.get 0))
                      (global (export "g") (mut anyref) (ref.null any)))
                    """), imports: [])
        let id = try instance.function("id", StructRef?.self, StructRef?.self)
        expectWasmtimeError(.storeMismatch) { try id(foreign) }
        expectWasmtimeError(.storeMismatch) { try instance.function("id").call([.structRef(foreign)]) }
        expectWasmtimeError(.storeMismatch) { try instance.global("g").set(.structRef(foreign)) }
        #expect(try id(local).map { try $0.field(0).i32 } == 2)
        // A host function that returns an object of another store.
        let leak = Func(store: store) { () -> StructRef? in foreign }
        let call = try leak.typed(Void.self, StructRef?.self)
        expectWasmtimeError(.storeMismatch) { try call() }
    }

    @Test func typesOfAnotherEngine() throws {
        let otherEngine = Engine()
        let store = Store(engine: engine)
        let foreignStruct = try StructType(engine: otherEngine, fields: [FieldType(.i32)])
        let foreignArray = try ArrayType(engine: otherEngine, element: FieldType(.i32))
        expectWasmtimeError(.storeMismatch) { try StructRef(store: store, type: foreignStruct, fields: [.i32(1)]) }
        expectWasmtimeError(.storeMismatch) {
            try ArrayRef(store: store, type: foreignArray, repeating: .i32(1), count: 1)
        }
        // A clone of the engine is the same engine.
        let clone = try StructType(engine: engine.clone(), fields: [FieldType(.i32)])
        #expect(try StructRef(store: store, type: clone, fields: [.i32(4)]).field(0).i32 == 4)
    }

    @Test func unbuildableTypes() throws {
        expectWasmtimeError(.typeMismatch) {
            try StructType(engine: engine, fields: [FieldType(.ref(.init(.concreteStruct)))])
        }
        expectWasmtimeError(.typeMismatch) {
            try ArrayType(engine: engine, element: FieldType(.ref(.init(.concreteArray))))
        }
        expectWasmtimeError(.resourceLimit) {
            try StructType(
                engine: engine, fields: Array(repeating: FieldType(.i32), count: StructType.maximumFieldCount + 1))
        }
    }
}

extension Value {
    var anyrefValue: AnyRef? { if case .anyref(let a) = self { a } else { nil } }
}
