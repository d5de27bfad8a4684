import Wasmtime

/// GC objects, exceptions and the profiler in the child-process misuse
/// matrix (``MisuseTests``): a Wasmtime abort here would end only the child.
extension MisuseTests {
    static func pointType(_ engine: Engine) throws -> StructType {
        try StructType(engine: engine, fields: [FieldType(.i32), FieldType(.ref(RefType(.struct)))])
    }

    static let gcObjects: [Misuse] = [
        Misuse(name: "struct field value from another store", expected: .error(.storeMismatch, "different store")) {
            let s = try twoStores()
            let type = try pointType(s.a.engine)
            let foreign = try StructRef(store: s.b, type: type, fields: [.i32(1), .structRef(nil)])
            _ = try StructRef(store: s.a, type: type, fields: [.i32(2), .structRef(foreign)])
        },
        Misuse(
            name: "struct field written with an object of another store",
            expected: .error(.storeMismatch, "different store")
        ) {
            let s = try twoStores()
            let type = try pointType(s.a.engine)
            let local = try StructRef(store: s.a, type: type, fields: [.i32(1), .structRef(nil)])
            let foreign = try StructRef(store: s.b, type: type, fields: [.i32(1), .structRef(nil)])
            try local.setField(1, to: .structRef(foreign))
        },
        Misuse(name: "typed struct argument from another store", expected: .error(.storeMismatch, "different store")) {
            let s = try twoStores()
            let foreign = try StructRef(store: s.b, type: pointType(s.a.engine), fields: [.i32(1), .structRef(nil)])
            let isNull = try s.instanceA.function("any_is_null", StructRef?.self, Int32.self)
            _ = try isNull(foreign)
        },
        Misuse(name: "array argument from another store", expected: .error(.storeMismatch, "different store")) {
            let s = try twoStores()
            let array = try ArrayRef(
                store: s.b, type: ArrayType(engine: s.a.engine, element: FieldType(.i32)), repeating: .i32(0), count: 2)
            _ = try s.instanceA.function("any_is_null").call(.arrayRef(array))
        },
        Misuse(name: "struct type of another engine", expected: .error(.storeMismatch, "different engine")) {
            let store = Store(engine: Engine())
            _ = try StructRef(store: store, type: pointType(Engine()), fields: [.i32(1), .structRef(nil)])
        },
        Misuse(name: "array type of another engine", expected: .error(.storeMismatch, "different engine")) {
            let store = Store(engine: Engine())
            _ = try ArrayRef(
                store: store, type: ArrayType(engine: Engine(), element: FieldType(.i8)), repeating: .i32(0), count: 1)
        },
        Misuse(name: "null for a non-nullable field", expected: .error(.nullReference, "not nullable")) {
            let engine = Engine()
            let type = try StructType(engine: engine, fields: [FieldType(.ref(RefType(nullable: false, .struct)))])
            _ = try StructRef(store: Store(engine: engine), type: type, fields: [.structRef(nil)])
        },
        Misuse(name: "array index out of bounds", expected: .error(.outOfBounds, "out of range")) {
            let engine = Engine()
            let array = try ArrayRef(
                store: Store(engine: engine), type: ArrayType(engine: engine, element: FieldType(.i64)),
                repeating: .i64(0), count: 4)
            _ = try array.element(at: 4)
        },
        Misuse(name: "struct field set with the wrong type", expected: .error(.typeMismatch, "i32")) {
            let engine = Engine()
            let object = try StructRef(
                store: Store(engine: engine), type: pointType(engine), fields: [.i32(1), .structRef(nil)])
            try object.setField(0, to: .f64(1))
        },
        Misuse(
            name: "exception thrown with a tag of another store", expected: .error(.storeMismatch, "different store")
        ) {
            let s = try twoStores()
            let foreignTag = try Wasmtime.Tag(store: s.b, type: FuncType(parameters: [.i32]))
            let thrower = Func(store: s.a) { () throws -> Void in
                throw WasmException(tag: foreignTag, payload: [.i32(1)])
            }
            try thrower.typed()()
        },
        Misuse(name: "exception payload from another store", expected: .error(.storeMismatch, "different store")) {
            let s = try twoStores()
            // The closure reaches the tag through the caller: capturing a tag
            // of the closure's own store would leak the store.
            let tag = try Wasmtime.Tag(store: s.a, type: FuncType(parameters: [.anyref])).handle
            let foreign = AnyRef(i31: 1, in: s.b)
            let thrower = Func(store: s.a) { (caller: borrowing Caller) throws -> Void in
                throw WasmException(tag: try caller.tag(tag), payload: [.anyref(foreign)])
            }
            try thrower.typed()()
        },
        Misuse(name: "profiler given a module of another engine", expected: .error(.storeMismatch, "different engine"))
        {
            let module = try Module(engine: Engine(), wat: "(module)")
            _ = try GuestProfiler(engine: Engine(), name: "p", interval: .milliseconds(1), modules: [("m", module)])
        },
    ]
}
