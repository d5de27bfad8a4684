import Testing
import Wasmtime

/// Wasm exceptions across the host boundary: thrown by Swift and caught by
/// wasm, thrown by wasm and caught by Swift, rethrown, with payloads of
/// every value type.
@Suite struct ExceptionTests {
    let engine = Engine()

    /// The payload signature used throughout: one value of every type.
    static let payloadTypes: [ValueType] = [.i32, .i64, .f32, .f64, .v128, .funcref, .externref, .anyref]
    static let params = "i32 i64 f32 f64 v128 funcref externref anyref"

    static let wat = """
        (module
          (import "host" "throw" (func $hostThrow (param \(params))))
          (import "host" "relay" (func $relay (param \(params))))
          (import "host" "swiftTag" (tag $swift (param i32)))
          (import "host" "throwSwiftTag" (func $throwSwiftTag (param i32)))
          (tag $e (export "e") (param \(params)))
          (func $local (export "local") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))

          ;; Swift throws, wasm catches and returns the payload.
          (func (export "catchHost") (param \(params)) (result \(params))
            (block $h (result \(params))
              (try_table (catch $e $h)
                (call $hostThrow (local.get 0) (local.get 1) (local.get 2) (local.get 3)
                                 (local.get 4) (local.get 5) (local.get 6) (local.get 7)))
              unreachable))

          ;; Wasm throws, nobody in wasm catches.
          (func $throwIt (export "throwIt") (param \(params))
            (throw $e (local.get 0) (local.get 1) (local.get 2) (local.get 3)
                      (local.get 4) (local.get 5) (local.get 6) (local.get 7)))

          ;; Wasm throws through a host function that rethrows what it caught.
          (func (export "viaRelay") (param \(params)) (result \(params))
            (block $h (result \(params))
              (try_table (catch $e $h)
                (call $relay (local.get 0) (local.get 1) (local.get 2) (local.get 3)
                             (local.get 4) (local.get 5) (local.get 6) (local.get 7)))
              unreachable))

          ;; A tag created in Swift, thrown by Swift, caught by wasm.
          (func (export "catchSwiftTag") (param i32) (result i32)
            (block $h (result i32)
              (try_table (catch $swift $h) (call $throwSwiftTag (local.get 0)))
              (i32.const -1)))
          (func (export "throwSwiftTag") (param i32) (throw $swift (local.get 0))))
        """

    struct Fixture {
        let store: Store<Void>
        let instance: Instance
        let swiftTag: Wasmtime.Tag
        let holder: TagHolder
    }

    func fixture(relayThrowsCaught: Bool = true) throws -> Fixture {
        let store = Store(engine: engine)
        let swiftTag = try Wasmtime.Tag(store: store, type: FuncType(parameters: [.i32]))
        let payloadType = FuncType(parameters: Self.payloadTypes)
        let holder = TagHolder()
        // Tags are reached through the caller (by export name, or from a
        // handle): a closure capturing a `Tag` of its own store would keep
        // the store alive forever (tag -> store -> closure -> tag).
        let hostThrow = Func(store: store, type: payloadType) { caller, arguments in
            throw WasmException(tag: try caller.tag("e"), payload: arguments)
        }
        // Calls wasm's own `throwIt`, catches the escaping exception in
        // Swift and rethrows it into the wasm that called.
        let relay = Func(store: store, type: payloadType) { caller, arguments in
            let throwIt = try caller.function("throwIt")
            do {
                _ = try throwIt.call(arguments)
            } catch let exception as WasmException {
                holder.relayed += 1
                throw exception
            }
            return []
        }
        let swiftTagHandle = swiftTag.handle
        let throwSwiftTag = Func(store: store) { (caller: borrowing Caller, value: Int32) throws -> Void in
            throw WasmException(tag: try caller.tag(swiftTagHandle), payload: [.i32(value &* 2)])
        }
        let module = try Module(engine: engine, wat: Self.wat)
        let instance = try Instance(
            store: store, module: module,
            imports: [
                .function(hostThrow), .function(relay), .tag(swiftTag), .function(throwSwiftTag),
            ])
        holder.store = store
        return Fixture(store: store, instance: instance, swiftTag: swiftTag, holder: holder)
    }

    /// What tests read back from the host functions (never a store object:
    /// see the fixture).
    final class PendingException {
        var exception: WasmException?
        init(_ exception: WasmException) { self.exception = exception }
    }

    final class TagHolder {
        weak var store: AnyStore?
        var relayed = 0
    }

    func payload(_ store: AnyStore, _ instance: Instance) throws -> (
        values: [Value], host: ExternRef, function: Func, small: AnyRef
    ) {
        let host = ExternRef("payload")
        let function = try instance.function("local")
        let small = AnyRef(i31: 0x1234, in: store)
        let values: [Value] = [
            .i32(-42), .i64(Int64.min + 7), .f32(Float(bitPattern: 0x7FA0_0001)), .f64(-0.0),
            .v128(V128(bytes: (0..<16).map { UInt8($0 * 3) })), .funcref(function), .externref(host), .anyref(small),
        ]
        return (values, host, function, small)
    }

    func expectPayload(_ got: [Value], equals expected: [Value], sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        #expect(got.count == expected.count, sourceLocation: sourceLocation)
        #expect(got.prefix(5).map(bitString) == expected.prefix(5).map(bitString), sourceLocation: sourceLocation)
        guard got.count == 8 else { return }
        if case .funcref(let f?) = got[5], case .funcref(let g?) = expected[5] {
            #expect(f == g, sourceLocation: sourceLocation)
            #expect(try f.call([.i32(1)]).first?.i32 == 2, sourceLocation: sourceLocation)
        } else {
            Issue.record("funcref lost", sourceLocation: sourceLocation)
        }
        if case .externref(let e?) = got[6], case .externref(let h?) = expected[6] {
            #expect(e === h, sourceLocation: sourceLocation)
        } else {
            Issue.record("externref lost", sourceLocation: sourceLocation)
        }
        if case .anyref(let a?) = got[7] {
            #expect(a.i31Unsigned == 0x1234, sourceLocation: sourceLocation)
        } else {
            Issue.record("anyref lost", sourceLocation: sourceLocation)
        }
    }

    @Test func swiftThrowsWasmCatches() throws {
        let f = try fixture()
        let (values, _, _, _) = try payload(f.store, f.instance)
        let results = try f.instance.function("catchHost").call(values)
        try expectPayload(results, equals: values)
    }

    @Test func wasmThrowsSwiftCatches() throws {
        let f = try fixture()
        let (values, _, _, _) = try payload(f.store, f.instance)
        let tag = try #require(f.instance.export(named: "e")?.tag)
        let error = #expect(throws: WasmException.self) { try f.instance.function("throwIt").call(values) }
        let exception = try #require(error)
        #expect(exception.hasTag(tag))
        #expect(!exception.hasTag(f.swiftTag))
        #expect(try exception.tag(in: f.store) == tag)
        #expect(try exception.tag(in: f.store).type == FuncType(parameters: Self.payloadTypes))
        try expectPayload(try exception.payload(in: f.store), equals: values)
        let object = try #require(try exception.exception(in: f.store))
        #expect(object.fieldCount == 8)
        #expect(object.tag == tag)
        #expect(exception.frames.first?.functionName == "throwIt")
        // Typed calls report it the same way.
        let typed = try f.instance.function("throwSwiftTag", Int32.self)
        let typedError = #expect(throws: WasmException.self) { try typed(Int32(9)) }
        #expect(try typedError?.payload(in: f.store).first?.i32 == 9)
        #expect(typedError?.hasTag(f.swiftTag) == true)
        // The store is usable afterwards, with nothing left pending.
        let local = try f.instance.function("local", Int32.self, Int32.self)
        #expect(try local(Int32(4)) == 5)
    }

    @Test func caughtExceptionIsRethrownIntoWasm() throws {
        let f = try fixture()
        let (values, _, _, _) = try payload(f.store, f.instance)
        let results = try f.instance.function("viaRelay").call(values)
        try expectPayload(results, equals: values)
        #expect(f.holder.relayed == 1)
    }

    @Test func swiftTagThrownBySwiftCaughtByWasm() throws {
        let f = try fixture()
        let catchSwiftTag = try f.instance.function("catchSwiftTag", Int32.self, Int32.self)
        #expect(try catchSwiftTag(Int32(21)) == 42)
        #expect(f.swiftTag.type == FuncType(parameters: [.i32]))
    }

    @Test func anExceptionFromSwiftEscapesBackToSwift() throws {
        // Thrown by a host function, not caught by wasm: the caller gets a
        // WasmException with the same tag and payload.
        let f = try fixture()
        let (values, _, _, _) = try payload(f.store, f.instance)
        let hostThrow = try #require(f.instance.export(named: "e")?.tag)
        let module = try Module(
            engine: engine,
            wat: """
                (module
                  (import "host" "throw" (func $t (param \(Self.params))))
                  (func (export "run") (param \(Self.params))
                    (call $t (local.get 0) (local.get 1) (local.get 2) (local.get 3)
                             (local.get 4) (local.get 5) (local.get 6) (local.get 7))))
                """)
        let handle = hostThrow.handle
        let thrower = Func(store: f.store, type: FuncType(parameters: Self.payloadTypes)) { caller, arguments in
            throw WasmException(tag: try caller.tag(handle), payload: arguments)
        }
        let instance = try Instance(store: f.store, module: module, imports: [.function(thrower)])
        let error = #expect(throws: WasmException.self) { try instance.function("run").call(values) }
        #expect(error?.hasTag(hostThrow) == true)
        try expectPayload(try #require(try error?.payload(in: f.store)), equals: values)
    }

    @Test func badExceptionsFailTheCallWithAReason() throws {
        let f = try fixture()
        let other = Store(engine: engine)
        let foreignTag = try Wasmtime.Tag(store: other, type: FuncType(parameters: [.i32]))
        func run(_ exception: WasmException) throws {
            let module = try Module(
                engine: engine,
                wat: """
                    (module (import "" "f" (func $f)) (func (export "run") (call $f)))
                    """)
            // Through a box emptied afterwards: an exception with a tag of
            // the closure's own store, captured directly, would leak the store.
            let pending = PendingException(exception)
            defer { pending.exception = nil }
            let thrower = Func(store: f.store) { () throws -> Void in throw pending.exception! }
            try Instance(store: f.store, module: module, imports: [.function(thrower)])
                .function("run", Void.self)()
        }
        expectWasmtimeError(.typeMismatch) { try run(WasmException(tag: f.swiftTag, payload: [])) }
        expectWasmtimeError(.typeMismatch) { try run(WasmException(tag: f.swiftTag, payload: [.i64(1)])) }
        expectWasmtimeError(.storeMismatch) { try run(WasmException(tag: foreignTag, payload: [.i32(1)])) }
        // Reading an exception's contents takes its own store.
        let exception = WasmException(tag: f.swiftTag, payload: [.i32(1)])
        expectWasmtimeError(.storeMismatch) { try exception.payload(in: other) }
        #expect(try exception.payload(in: f.store).first?.i32 == 1)
    }

    @Test func otherSwiftErrorsStayThemselves() throws {
        struct Oops: Error, Equatable { let code: Int }
        let f = try fixture()
        let module = try Module(
            engine: engine,
            wat: """
                (module (import "" "f" (func $f))
                  (tag $t)
                  (func (export "run") (block $h (try_table (catch_all $h) (call $f)))))
                """)
        let failing = Func(store: f.store) { () throws -> Void in throw Oops(code: 7) }
        let run = try Instance(store: f.store, module: module, imports: [.function(failing)]).function("run", Void.self)
        // A Swift error is not a wasm exception: catch_all does not see it.
        let error = #expect(throws: Oops.self) { try run() }
        #expect(error == Oops(code: 7))
    }

    /// The patterns the fixture uses do not keep the store alive: once the
    /// test lets go of it, it is freed (a captured `Tag` would leak it).
    @Test func hostFunctionsReachingTagsThroughTheCallerDoNotLeakTheStore() throws {
        weak var released: AnyStore?
        do {
            let f = try fixture()
            released = f.store
            let catchSwiftTag = try f.instance.function("catchSwiftTag", Int32.self, Int32.self)
            #expect(try catchSwiftTag(Int32(5)) == 10)
            let (values, _, _, _) = try payload(f.store, f.instance)
            try expectPayload(try f.instance.function("catchHost").call(values), equals: values)
        }
        #expect(released == nil)
    }

    @Test func tagLookupsThroughTheCallerCheckWhatTheyFind() throws {
        let store = Store(engine: engine)
        let otherStore = Store(engine: engine)
        let foreign = try Wasmtime.Tag(store: otherStore, type: FuncType(parameters: [.i32])).handle
        let outcomes = Outcomes()
        let probe = Func(store: store) { (caller: borrowing Caller) throws -> Void in
            outcomes.record { () throws(WasmtimeError) in _ = try caller.tag("missing") }
            outcomes.record { () throws(WasmtimeError) in _ = try caller.tag("memory") }
            outcomes.record { () throws(WasmtimeError) in _ = try caller.tag(foreign) }
            outcomes.record { () throws(WasmtimeError) in
                let tag = try caller.tag("e")
                // A handle comes back as the same tag.
                guard try caller.tag(tag.handle) == tag, tag.type == FuncType(parameters: [.i64]) else {
                    throw WasmtimeError(.typeMismatch, "round trip")
                }
            }
        }
        let module = try Module(
            engine: engine,
            wat: """
                (module (import "" "probe" (func $p)) (memory (export "memory") 1)
                  (tag (export "e") (param i64)) (func (export "run") (call $p)))
                """)
        try Instance(store: store, module: module, imports: [.function(probe)]).function("run", Void.self)()
        #expect(outcomes.kinds == [.notFound, .typeMismatch, .storeMismatch, nil])
    }

    /// Errors seen inside a host function, read back by the test.
    final class Outcomes {
        var kinds: [WasmtimeError.Kind?] = []

        func record(_ body: () throws(WasmtimeError) -> Void) {
            do {
                try body()
                kinds.append(nil)
            } catch {
                kinds.append(error.kind)
            }
        }
    }

    @Test func singleValuePayloadsOfEveryKindCrossBothWays() throws {
        // One payload value is stored without an array: every kind of it
        // must still reach wasm and come back, both when Swift throws it
        // and when wasm throws it past Swift.
        let cases: [(String, Value)] = [
            ("i32", .i32(-7)), ("i64", .i64(Int64.min + 1)), ("f32", .f32(Float(bitPattern: 0x7FC0_1234))),
            ("f64", .f64(-2.5)), ("v128", .v128(V128(bytes: (0..<16).map { UInt8(255 - $0) }))),
            ("externref", .externref(ExternRef("one"))),
        ]
        for (type, value) in cases {
            let store = Store(engine: engine)
            let tag = try Wasmtime.Tag(store: store, type: FuncType(parameters: [value.type]))
            let handle = tag.handle
            let thrower = Func(store: store, type: FuncType(parameters: [value.type])) { caller, arguments in
                throw WasmException(tag: try caller.tag(handle), payload: [arguments[0]])
            }
            let module = try Module(
                engine: engine,
                wat: """
                    (module
                      (import "host" "tag" (tag $t (param \(type))))
                      (import "host" "throw" (func $throw (param \(type))))
                      (func (export "catch") (param \(type)) (result \(type))
                        (block $h (result \(type))
                          (try_table (catch $t $h) (call $throw (local.get 0)))
                          unreachable))
                      (func (export "escape") (param \(type)) (throw $t (local.get 0))))
                    """)
            let instance = try Instance(store: store, module: module, imports: [.tag(tag), .function(thrower)])
            let caught = try instance.function("catch").call([value])
            #expect(caught.count == 1, "\(type)")
            let error = #expect(throws: WasmException.self, "\(type)") {
                try instance.function("escape").call([value])
            }
            let escaped = try #require(try error?.payload(in: store), "\(type)")
            #expect(error?.hasTag(tag) == true, "\(type)")
            for got in [caught, escaped] {
                #expect(got.count == 1, "\(type)")
                if case .externref(let expected?) = value {
                    guard case .externref(let reference?) = got.first else {
                        Issue.record("\(type): externref lost")
                        continue
                    }
                    #expect(reference === expected)
                } else {
                    #expect(got.map(bitString) == [bitString(value)], "\(type)")
                }
            }
        }
    }
}
