import Wasmtime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// `ratio bindgen-vs-typed` (issue 13): the same component call through the
// bindings `wasmtime-swift bindgen` generates (the WasmtimeBindgen plugin
// turns bindgen-bench.wat into the enum `BindgenBench` at build time) and
// written by hand against the typed component API. Goal: at most 1.05.

enum BindgenComparison {
    /// The component's text, next to this file (the plugin reads the same file).
    static let text: String = {
        let path = String(#filePath.dropLast("BindgenBench.swift".count)) + "bindgen-bench.wat"
        guard let file = fopen(path, "rb") else { return "" }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count == 0 { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }()

    /// The record the hand-written contestant converts with its own conformance.
    struct Record5: ComponentValueConvertible {
        var a, b, c, d, e: UInt32

        static func matches(_ type: ComponentValueType) -> Bool {
            type.matchesRecord([
                "a": UInt32.self, "b": UInt32.self, "c": UInt32.self, "d": UInt32.self, "e": UInt32.self,
            ])
        }

        func lower(into lowerer: inout ComponentLowerer) throws {
            try lowerer.record(fieldCount: 5) { fields in
                try fields.field("a", a)
                try fields.field("b", b)
                try fields.field("c", c)
                try fields.field("d", d)
                try fields.field("e", e)
            }
        }

        init(lifting lifter: inout ComponentLifter) throws {
            self = try lifter.record { fields in
                Record5(
                    a: try fields.field("a"), b: try fields.field("b"), c: try fields.field("c"),
                    d: try fields.field("d"), e: try fields.field("e"))
            }
        }

        init(a: UInt32, b: UInt32, c: UInt32, d: UInt32, e: UInt32) {
            (self.a, self.b, self.c, self.d, self.e) = (a, b, c, d, e)
        }
    }

    /// A fresh instance of the component in its own store.
    static func instance() throws -> ComponentInstance {
        let engine = Engine()
        let component = try Component(engine: engine, wat: text)
        return try ComponentLinker(engine: engine).instantiate(component, in: Store(engine: engine))
    }

    static func cases() throws -> [(id: String, make: () throws -> Case)] {
        guard !text.isEmpty else { throw CheckFailure("bindgen-bench.wat is missing next to BindgenBench.swift") }
        let expected = { (count: Int) in (0..<count).reduce(UInt64(0)) { $0 &+ UInt64($1 & 0xFFFF) &+ 1 } }
        return [
            (
                "bindgen/add",
                {
                    let typed = try instance().function("add", (UInt32, UInt32).self, UInt32.self)
                    let generated = try BindgenBench.Exports(try instance())
                    return Case(
                        id: "bindgen/add", floor: "swift-typed",
                        contestants: [
                            Contestant(name: "swift-typed") { count in
                                var sum: UInt64 = 0
                                for index in 0..<count { sum &+= UInt64(try typed(UInt32(index & 0xFFFF), 1)) }
                                return sum
                            },
                            Contestant(name: "bindgen") { count in
                                var sum: UInt64 = 0
                                for index in 0..<count {
                                    sum &+= UInt64(try generated.add(a: UInt32(index & 0xFFFF), b: 1))
                                }
                                return sum
                            },
                        ], expected: Memo(expected).callAsFunction)
                }
            ),
            (
                "bindgen/record5",
                {
                    let typed = try instance().function("echo-record", Record5.self, Record5.self)
                    let generated = try BindgenBench.Exports(try instance())
                    return Case(
                        id: "bindgen/record5", floor: "swift-typed",
                        contestants: [
                            Contestant(name: "swift-typed") { count in
                                var sum: UInt64 = 0
                                for index in 0..<count {
                                    let echoed = try typed(Record5(a: UInt32(index & 0xFFFF), b: 1, c: 2, d: 3, e: 4))
                                    sum &+= UInt64(echoed.a) &+ UInt64(echoed.b)
                                }
                                return sum
                            },
                            Contestant(name: "bindgen") { count in
                                var sum: UInt64 = 0
                                for index in 0..<count {
                                    let echoed = try generated.echoRecord(
                                        r: BindgenBench.Record5(a: UInt32(index & 0xFFFF), b: 1, c: 2, d: 3, e: 4))
                                    sum &+= UInt64(echoed.a) &+ UInt64(echoed.b)
                                }
                                return sum
                            },
                        ], expected: Memo(expected).callAsFunction)
                }
            ),
        ]
    }

    /// `bindgen-vs-typed`: the generated call's fastest round over the
    /// hand-written one's, the larger of the two cases.
    static func ratios(_ results: [CaseResult]) -> [(String, Double?)] {
        let values = ["bindgen/add", "bindgen/record5"].compactMap { id -> Double? in
            guard let result = results.first(where: { $0.id == id }),
                let generated = result.measurement("bindgen"), let typed = result.measurement("swift-typed")
            else { return nil }
            return generated.minimum / typed.minimum
        }
        return [("bindgen-vs-typed", values.max())]
    }

    static let goals: [(String, Double, Bool)] = [("bindgen-vs-typed", 1.05, true)]
}
