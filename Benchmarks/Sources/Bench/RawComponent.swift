import CWasmtime

#if canImport(Glibc)
import Glibc
#endif

// The floor of the component benchmarks: Wasmtime's component C API called
// directly. Each operation does the work a Swift program needs: it builds
// the C argument values (library allocations, as the C API requires),
// calls, reads the result into Swift values (String, [UInt8], a struct) and
// deletes the C values. This file does not import the Wasmtime module.

/// The `rec` record as plain Swift fields.
struct RawRec5 {
    var a: UInt32, b: UInt32, c: UInt64, d: Double, e: Bool
}

final class RawComponentSide {
    let engine: OpaquePointer
    let component: OpaquePointer
    let linker: OpaquePointer
    let store: OpaquePointer
    let context: OpaquePointer
    let functions: UnsafeMutablePointer<wasmtime_component_func_t>
    /// Field names for building records, as C strings.
    static let fieldNames = ["a", "b", "c", "d", "e"]

    enum Export: Int, CaseIterable {
        case add, echo, echoBytes, echoRecord, callHost
        var name: String {
            switch self {
            case .add: "add"
            case .echo: "echo"
            case .echoBytes: "echo-bytes"
            case .echoRecord: "echo-record"
            case .callHost: "call-host"
            }
        }
    }

    init(bytes: [UInt8]) throws {
        engine = wasm_engine_new()
        var component: OpaquePointer?
        try RawC.check(wasmtime_component_new(engine, bytes, bytes.count, &component), "compiling the component")
        self.component = component!
        linker = wasmtime_component_linker_new(engine)
        let root = wasmtime_component_linker_root(linker)!
        let error = wasmtime_component_linker_instance_add_func(
            root, "host-len", 8, rawHostLen, nil, nil)
        wasmtime_component_linker_instance_delete(root)
        try RawC.check(error, "defining host-len")
        store = wasmtime_store_new(engine, nil, nil)
        context = wasmtime_store_context(store)
        var instance = wasmtime_component_instance_t()
        try RawC.check(wasmtime_component_linker_instantiate(linker, context, component, &instance), "instantiating")
        functions = .allocate(capacity: Export.allCases.count)
        for export in Export.allCases {
            let index = export.name.withCString {
                wasmtime_component_get_export_index(self.component, nil, $0, strlen($0))
            }
            guard let index else { throw CheckFailure("no export \(export.name)") }
            defer { wasmtime_component_export_index_delete(index) }
            guard wasmtime_component_instance_get_func(&instance, context, index, functions + export.rawValue) else {
                throw CheckFailure("\(export.name) is not a function")
            }
        }
    }

    @inline(__always)
    func call(
        _ export: Export, _ arguments: UnsafeMutablePointer<wasmtime_component_val_t>, _ count: Int,
        _ result: UnsafeMutablePointer<wasmtime_component_val_t>
    ) throws {
        let error = wasmtime_component_func_call(functions + export.rawValue, context, arguments, count, result, 1)
        for index in 0..<count { wasmtime_component_val_delete(arguments + index) }
        try RawC.check(error, "calling \(export.name)")
    }

    func add() -> Contestant {
        Contestant(name: "c") { count in
            var arguments = (wasmtime_component_val_t(), wasmtime_component_val_t())
            var result = wasmtime_component_val_t()
            var sum: UInt64 = 0
            for i in 0..<count {
                try withUnsafeMutableBytes(of: &arguments) { raw in
                    let args = raw.baseAddress!.assumingMemoryBound(to: wasmtime_component_val_t.self)
                    args[0].kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_U32)
                    args[0].of.u32 = UInt32(i & 0xFFFF)
                    args[1].kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_U32)
                    args[1].of.u32 = 1
                    try self.call(.add, args, 2, &result)
                }
                sum &+= UInt64(result.of.u32)
            }
            return sum
        }
    }

    func echo(_ text: String) -> Contestant {
        Contestant(name: "c") { count in
            var argument = wasmtime_component_val_t()
            var result = wasmtime_component_val_t()
            var total: UInt64 = 0
            var text = text
            for _ in 0..<count {
                argument.kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_STRING)
                text.withUTF8 { bytes in
                    bytes.withMemoryRebound(to: CChar.self) {
                        wasm_byte_vec_new(&argument.of.string, $0.count, $0.baseAddress)
                    }
                }
                try self.call(.echo, &argument, 1, &result)
                let back = String(
                    decoding: UnsafeRawBufferPointer(start: result.of.string.data, count: result.of.string.size),
                    as: UTF8.self)
                wasmtime_component_val_delete(&result)
                total &+= UInt64(back.utf8.count)
            }
            return total
        }
    }

    func echoBytes(_ bytes: [UInt8]) -> Contestant {
        Contestant(name: "c") { count in
            var argument = wasmtime_component_val_t()
            var result = wasmtime_component_val_t()
            var total: UInt64 = 0
            for _ in 0..<count {
                argument.kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_LIST)
                wasmtime_component_vallist_new_uninit(&argument.of.list, bytes.count)
                let data = argument.of.list.data!
                var element = wasmtime_component_val_t()
                element.kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_U8)
                bytes.withUnsafeBufferPointer { source in
                    for index in 0..<source.count {
                        element.of.u8 = source[index]
                        (data + index).initialize(to: element)
                    }
                }
                try self.call(.echoBytes, &argument, 1, &result)
                let list = result.of.list
                let back = [UInt8](unsafeUninitializedCapacity: list.size) { buffer, initialized in
                    for index in 0..<list.size { buffer[index] = list.data[index].of.u8 }
                    initialized = list.size
                }
                wasmtime_component_val_delete(&result)
                total &+= UInt64(back.count) &+ UInt64(back[back.count - 1])
            }
            return total
        }
    }

    func echoRecord() -> Contestant {
        Contestant(name: "c") { count in
            var argument = wasmtime_component_val_t()
            var result = wasmtime_component_val_t()
            var total: UInt64 = 0
            let names = Self.fieldNames
            for i in 0..<count {
                let value = RawRec5(a: UInt32(i & 0xFFFF), b: 2, c: 3, d: 4.5, e: true)
                argument.kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_RECORD)
                wasmtime_component_valrecord_new_uninit(&argument.of.record, 5)
                let entries = argument.of.record.data!
                for (index, name) in names.enumerated() {
                    var name = name
                    name.withUTF8 { bytes in
                        bytes.withMemoryRebound(to: CChar.self) {
                            wasm_byte_vec_new(&entries[index].name, $0.count, $0.baseAddress)
                        }
                    }
                }
                entries[0].val = wasmtime_component_val_t()
                entries[0].val.kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_U32)
                entries[0].val.of.u32 = value.a
                entries[1].val = wasmtime_component_val_t()
                entries[1].val.kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_U32)
                entries[1].val.of.u32 = value.b
                entries[2].val = wasmtime_component_val_t()
                entries[2].val.kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_U64)
                entries[2].val.of.u64 = value.c
                entries[3].val = wasmtime_component_val_t()
                entries[3].val.kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_F64)
                entries[3].val.of.f64 = value.d
                entries[4].val = wasmtime_component_val_t()
                entries[4].val.kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_BOOL)
                entries[4].val.of.boolean = value.e
                try self.call(.echoRecord, &argument, 1, &result)
                let fields = result.of.record.data!
                let back = RawRec5(
                    a: fields[0].val.of.u32, b: fields[1].val.of.u32, c: fields[2].val.of.u64,
                    d: fields[3].val.of.f64, e: fields[4].val.of.boolean)
                wasmtime_component_val_delete(&result)
                total &+= UInt64(back.a) &+ UInt64(back.b)
            }
            return total
        }
    }

    func callHost() -> Contestant {
        Contestant(name: "c") { count in
            var argument = wasmtime_component_val_t()
            argument.kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_U32)
            argument.of.u32 = UInt32(count)
            var result = wasmtime_component_val_t()
            try self.call(.callHost, &argument, 1, &result)
            return UInt64(result.of.u32)
        }
    }
}

/// `host-len(s: string) -> u32`: the string as a Swift String, its UTF-8 length back.
private let rawHostLen: wasmtime_component_func_callback_t = { _, _, _, args, nargs, results, nresults in
    guard nargs == 1, nresults == 1, let args, let results else { return wasmtime_error_new("host-len: bad arity") }
    let text = String(
        decoding: UnsafeRawBufferPointer(start: args[0].of.string.data, count: args[0].of.string.size),
        as: UTF8.self)
    results[0].kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_U32)
    results[0].of.u32 = UInt32(text.utf8.count)
    return nil
}
