import CWasmtime
import Testing
import Wasmtime

/// Pins the hand-written C declarations in `cwasmtime.h` to the Wasmtime 50
/// ABI (sizes, alignments and field offsets from
/// `wasmtime-50-c-api-layouts.txt`) and the C enum constants to the values of
/// the official headers. A mismatch here means the Swift layer would read or
/// write the wrong bytes when talking to the shared library.
@Suite struct LayoutTests {
    /// Size, alignment and the offsets of the requested fields of a C type.
    struct Shape: Equatable, CustomStringConvertible {
        var size: Int
        var alignment: Int
        var offsets: [Int?]

        init(_ size: Int, _ alignment: Int, _ offsets: [Int?]) {
            self.size = size
            self.alignment = alignment
            self.offsets = offsets
        }

        var description: String {
            "size \(size), align \(alignment), offsets \(offsets.map { $0.map(String.init) ?? "nil" })"
        }
    }

    /// Shape of `T`, with the offsets of stored fields (works for imported C structs).
    static func shape<T>(_ type: T.Type, _ fields: PartialKeyPath<T>...) -> Shape {
        Shape(MemoryLayout<T>.size, MemoryLayout<T>.alignment, fields.map { MemoryLayout<T>.offset(of: $0) })
    }

    /// Byte offset of a field that Swift imports as a computed property
    /// (members of unions and of anonymous structs): writes `marker` through
    /// the key path into a zeroed value and finds where its bytes landed.
    static func locate<T, V>(_ path: WritableKeyPath<T, V>, in zeroed: T, marker: V) -> Int? {
        var value = zeroed
        // Zero every byte in place, padding included: a copy of a struct need
        // not preserve its padding, and a stray byte could match a one-byte marker.
        withUnsafeMutableBytes(of: &value) { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) }
        value[keyPath: path] = marker
        let pattern = withUnsafeBytes(of: marker) { Array($0) }
        return withUnsafeBytes(of: &value) { bytes -> Int? in
            let all = Array(bytes)
            guard all.count >= pattern.count else { return nil }
            return (0...(all.count - pattern.count)).first { start in
                all[start..<(start + pattern.count)].elementsEqual(pattern)
            }
        }
    }

    static let u64Marker: UInt64 = 0x8877_6655_4433_2211
    static let u32Marker: UInt32 = 0x4433_2211
    static let i32Marker: Int32 = 0x4433_2211
    static let i64Marker: Int64 = 0x0877_6655_4433_2211
    static let f32Marker = Float(bitPattern: 0x4433_2211)
    static let f64Marker = Double(bitPattern: 0x4877_6655_4433_2211)
    static var pointerMarker: UnsafeMutableRawPointer { UnsafeMutableRawPointer(bitPattern: 0x7766_5544_3320)! }
    static var opaqueMarker: OpaquePointer { OpaquePointer(bitPattern: 0x7766_5544_3320)! }

    // MARK: - wasm.h vectors and plain structs

    @Test func byteVecAndLimits() {
        #expect(Self.shape(wasm_byte_vec_t.self, \.size, \.data) == Shape(16, 8, [0, 8]))
        #expect(Self.shape(wasm_limits_t.self, \.min, \.max) == Shape(8, 4, [0, 4]))
        // wasm_name_t and wasm_message_t are the byte vector itself.
        #expect(MemoryLayout<wasm_name_t>.size == 16)
        #expect(MemoryLayout<wasm_message_t>.size == 16)
    }

    @Test func vectorsOfPointers() {
        let expected = Shape(16, 8, [0, 8])
        #expect(Self.shape(wasm_valtype_vec_t.self, \.size, \.data) == expected)
        #expect(Self.shape(wasm_functype_vec_t.self, \.size, \.data) == expected)
        #expect(Self.shape(wasm_globaltype_vec_t.self, \.size, \.data) == expected)
        #expect(Self.shape(wasm_tabletype_vec_t.self, \.size, \.data) == expected)
        #expect(Self.shape(wasm_memorytype_vec_t.self, \.size, \.data) == expected)
        #expect(Self.shape(wasm_tagtype_vec_t.self, \.size, \.data) == expected)
        #expect(Self.shape(wasm_externtype_vec_t.self, \.size, \.data) == expected)
        #expect(Self.shape(wasm_importtype_vec_t.self, \.size, \.data) == expected)
        #expect(Self.shape(wasm_exporttype_vec_t.self, \.size, \.data) == expected)
        #expect(Self.shape(wasm_frame_vec_t.self, \.size, \.data) == expected)
        #expect(Self.shape(wasm_extern_vec_t.self, \.size, \.data) == expected)
        #expect(Self.shape(wasm_val_vec_t.self, \.size, \.data) == expected)
    }

    @Test func wasmVal() {
        #expect(Self.shape(wasm_val_t.self, \.kind, \.of) == Shape(16, 8, [0, 8]))
        let zero = wasm_val_t()
        #expect(MemoryLayout.size(ofValue: zero.of) == 8)
        #expect(Self.locate(\wasm_val_t.of.i32, in: zero, marker: Self.i32Marker) == 8)
        #expect(Self.locate(\wasm_val_t.of.i64, in: zero, marker: Self.i64Marker) == 8)
        #expect(Self.locate(\wasm_val_t.of.f32, in: zero, marker: Self.f32Marker) == 8)
        #expect(Self.locate(\wasm_val_t.of.f64, in: zero, marker: Self.f64Marker) == 8)
        #expect(Self.locate(\wasm_val_t.of.ref, in: zero, marker: Self.opaqueMarker) == 8)
    }

    // MARK: - Wasmtime values

    @Test func wasmtimeVal() {
        #expect(Self.shape(wasmtime_val_t.self, \.kind, \.of) == Shape(32, 8, [0, 8]))
        let zero = wasmtime_val_t()
        #expect(Self.locate(\wasmtime_val_t.kind, in: zero, marker: 0xA5) == 0)
        #expect(Self.locate(\wasmtime_val_t.of.i64, in: zero, marker: Self.i64Marker) == 8)
        #expect(Self.locate(\wasmtime_val_t.of.f64, in: zero, marker: Self.f64Marker) == 8)
        #expect(Self.locate(\wasmtime_val_t.of.funcref.__private, in: zero, marker: Self.pointerMarker) == 16)
        #expect(Self.locate(\wasmtime_val_t.of.anyref.__private3, in: zero, marker: Self.pointerMarker) == 24)
        #expect(Self.locate(\wasmtime_val_t.of.externref.__private2, in: zero, marker: Self.u32Marker) == 20)
        #expect(Self.locate(\wasmtime_val_t.of.exnref.store_id, in: zero, marker: Self.u64Marker) == 8)
    }

    @Test func wasmtimeValUnion() {
        #expect(MemoryLayout<wasmtime_valunion_t>.size == 24)
        #expect(MemoryLayout<wasmtime_valunion_t>.alignment == 8)
        let zero = wasmtime_valunion_t()
        #expect(MemoryLayout.size(ofValue: zero.v128) == 16)
        #expect(Self.locate(\wasmtime_valunion_t.i32, in: zero, marker: Self.i32Marker) == 0)
        #expect(Self.locate(\wasmtime_valunion_t.i64, in: zero, marker: Self.i64Marker) == 0)
        #expect(Self.locate(\wasmtime_valunion_t.f32, in: zero, marker: Self.f32Marker) == 0)
        #expect(Self.locate(\wasmtime_valunion_t.f64, in: zero, marker: Self.f64Marker) == 0)
        #expect(Self.locate(\wasmtime_valunion_t.anyref.store_id, in: zero, marker: Self.u64Marker) == 0)
        #expect(Self.locate(\wasmtime_valunion_t.externref.__private1, in: zero, marker: Self.u32Marker) == 8)
        #expect(Self.locate(\wasmtime_valunion_t.exnref.__private3, in: zero, marker: Self.pointerMarker) == 16)
        #expect(Self.locate(\wasmtime_valunion_t.funcref.__private, in: zero, marker: Self.pointerMarker) == 8)
        #expect(Self.locate(\wasmtime_valunion_t.v128.15, in: zero, marker: 0xA5) == 15)
    }

    @Test func wasmtimeValRaw() {
        #expect(MemoryLayout<wasmtime_val_raw_t>.size == 16)
        #expect(MemoryLayout<wasmtime_val_raw_t>.alignment == 8)
        #expect(MemoryLayout<wasmtime_val_raw_t>.stride == 16)
        let zero = wasmtime_val_raw_t()
        #expect(MemoryLayout.size(ofValue: zero.v128) == 16)
        #expect(Self.locate(\wasmtime_val_raw_t.i32, in: zero, marker: Self.i32Marker) == 0)
        #expect(Self.locate(\wasmtime_val_raw_t.i64, in: zero, marker: Self.i64Marker) == 0)
        #expect(Self.locate(\wasmtime_val_raw_t.f32, in: zero, marker: Self.f32Marker) == 0)
        #expect(Self.locate(\wasmtime_val_raw_t.f64, in: zero, marker: Self.f64Marker) == 0)
        #expect(Self.locate(\wasmtime_val_raw_t.anyref, in: zero, marker: Self.u32Marker) == 0)
        #expect(Self.locate(\wasmtime_val_raw_t.externref, in: zero, marker: Self.u32Marker) == 0)
        #expect(Self.locate(\wasmtime_val_raw_t.exnref, in: zero, marker: Self.u32Marker) == 0)
        #expect(Self.locate(\wasmtime_val_raw_t.funcref, in: zero, marker: Self.pointerMarker) == 0)
        #expect(Self.locate(\wasmtime_val_raw_t.v128.15, in: zero, marker: 0xA5) == 15)
        // The raw reference forms are 32-bit: the upper half of the slot stays untouched.
        #expect(MemoryLayout.size(ofValue: zero.externref) == 4)
    }

    @Test func gcReferences() {
        let expected = Shape(24, 8, [0, 8, 12, 16])
        #expect(Self.shape(wasmtime_anyref_t.self, \.store_id, \.__private1, \.__private2, \.__private3) == expected)
        #expect(Self.shape(wasmtime_exnref_t.self, \.store_id, \.__private1, \.__private2, \.__private3) == expected)
        #expect(Self.shape(wasmtime_externref_t.self, \.store_id, \.__private1, \.__private2, \.__private3) == expected)
        #expect(Self.shape(wasmtime_eqref_t.self, \.store_id, \.__private1, \.__private2, \.__private3) == expected)
        #expect(Self.shape(wasmtime_structref_t.self, \.store_id, \.__private1, \.__private2, \.__private3) == expected)
        #expect(Self.shape(wasmtime_arrayref_t.self, \.store_id, \.__private1, \.__private2, \.__private3) == expected)
    }

    // MARK: - Store-bound handles

    @Test func funcAndInstanceAndGlobal() {
        #expect(Self.shape(wasmtime_func_t.self, \.store_id, \.__private) == Shape(16, 8, [0, 8]))
        #expect(Self.shape(wasmtime_instance_t.self, \.store_id, \.__private) == Shape(16, 8, [0, 8]))
        #expect(
            Self.shape(wasmtime_global_t.self, \.store_id, \.__private1, \.__private2, \.__private3)
                == Shape(24, 8, [0, 8, 12, 16]))
    }

    /// Table, memory and tag wrap `store_id` and `__private1` in an anonymous
    /// struct, which Swift imports as computed properties.
    @Test func handlesWithAnonymousPrefix() {
        #expect(MemoryLayout<wasmtime_table_t>.size == 24)
        #expect(MemoryLayout<wasmtime_table_t>.alignment == 8)
        #expect(Self.locate(\wasmtime_table_t.store_id, in: wasmtime_table_t(), marker: Self.u64Marker) == 0)
        #expect(Self.locate(\wasmtime_table_t.__private1, in: wasmtime_table_t(), marker: Self.u32Marker) == 8)
        #expect(Self.locate(\wasmtime_table_t.__private2, in: wasmtime_table_t(), marker: Self.u32Marker) == 16)

        #expect(MemoryLayout<wasmtime_memory_t>.size == 24)
        #expect(MemoryLayout<wasmtime_memory_t>.alignment == 8)
        #expect(Self.locate(\wasmtime_memory_t.store_id, in: wasmtime_memory_t(), marker: Self.u64Marker) == 0)
        #expect(Self.locate(\wasmtime_memory_t.__private1, in: wasmtime_memory_t(), marker: Self.u32Marker) == 8)
        #expect(Self.locate(\wasmtime_memory_t.__private2, in: wasmtime_memory_t(), marker: Self.u32Marker) == 16)

        #expect(MemoryLayout<wasmtime_tag_t>.size == 24)
        #expect(MemoryLayout<wasmtime_tag_t>.alignment == 8)
        #expect(Self.locate(\wasmtime_tag_t.store_id, in: wasmtime_tag_t(), marker: Self.u64Marker) == 0)
        #expect(Self.locate(\wasmtime_tag_t.__private1, in: wasmtime_tag_t(), marker: Self.u32Marker) == 8)
        #expect(Self.locate(\wasmtime_tag_t.__private2, in: wasmtime_tag_t(), marker: Self.u32Marker) == 16)
    }

    @Test func externAndExternUnion() {
        #expect(Self.shape(wasmtime_extern_t.self, \.kind, \.of) == Shape(32, 8, [0, 8]))
        #expect(MemoryLayout<wasmtime_extern_union_t>.size == 24)
        #expect(MemoryLayout<wasmtime_extern_union_t>.alignment == 8)
        let zero = wasmtime_extern_t()
        #expect(Self.locate(\wasmtime_extern_t.of.func.store_id, in: zero, marker: Self.u64Marker) == 8)
        #expect(Self.locate(\wasmtime_extern_t.of.func.__private, in: zero, marker: Self.pointerMarker) == 16)
        #expect(Self.locate(\wasmtime_extern_t.of.global.__private3, in: zero, marker: Self.u32Marker) == 24)
        #expect(Self.locate(\wasmtime_extern_t.of.table.__private2, in: zero, marker: Self.u32Marker) == 24)
        #expect(Self.locate(\wasmtime_extern_t.of.memory.__private1, in: zero, marker: Self.u32Marker) == 16)
        #expect(Self.locate(\wasmtime_extern_t.of.tag.__private2, in: zero, marker: Self.u32Marker) == 24)
        #expect(Self.locate(\wasmtime_extern_t.of.sharedmemory, in: zero, marker: Self.opaqueMarker) == 8)
    }

    // MARK: - Types

    @Test func typeStructs() {
        #expect(Self.shape(wasmtime_heaptype_t.self, \.kind, \.of) == Shape(16, 8, [0, 8]))
        #expect(MemoryLayout<wasmtime_heaptype_union_t>.size == 8)
        #expect(
            Self.locate(
                \wasmtime_heaptype_t.of.concrete_func, in: wasmtime_heaptype_t(),
                marker: Self.opaqueMarker) == 8)
        #expect(
            Self.locate(
                \wasmtime_heaptype_t.of.concrete_exn, in: wasmtime_heaptype_t(),
                marker: Self.opaqueMarker) == 8)
        #expect(Self.shape(wasmtime_reftype_t.self, \.nullable, \.heaptype) == Shape(24, 8, [0, 8]))
        #expect(Self.shape(wasmtime_valtype_t.self, \.kind, \.reftype) == Shape(32, 8, [0, 8]))
        #expect(Self.locate(\wasmtime_valtype_t.reftype.heaptype.kind, in: wasmtime_valtype_t(), marker: 0xA5) == 16)
        #expect(
            Self.locate(
                \wasmtime_valtype_t.reftype.heaptype.of.concrete_array, in: wasmtime_valtype_t(),
                marker: Self.opaqueMarker) == 24)
        #expect(Self.shape(wasmtime_storage_type_t.self, \.kind, \.valtype) == Shape(16, 8, [0, 8]))
        #expect(Self.shape(wasmtime_field_type_t.self, \.mutable_, \.storage) == Shape(24, 8, [0, 8]))
    }

    // MARK: - Host hooks

    @Test func hostHookStructs() {
        #expect(
            Self.shape(wasmtime_linear_memory_t.self, \.env, \.get_memory, \.grow_memory, \.finalizer)
                == Shape(32, 8, [0, 8, 16, 24]))
        #expect(
            Self.shape(wasmtime_memory_creator_t.self, \.env, \.new_memory, \.finalizer)
                == Shape(24, 8, [0, 8, 16]))
        #expect(
            Self.shape(wasmtime_stack_memory_t.self, \.env, \.get_stack_memory, \.finalizer)
                == Shape(24, 8, [0, 8, 16]))
        #expect(
            Self.shape(wasmtime_stack_creator_t.self, \.env, \.new_stack, \.finalizer)
                == Shape(24, 8, [0, 8, 16]))
        #expect(
            Self.shape(wasmtime_async_continuation_t.self, \.callback, \.env, \.finalizer)
                == Shape(24, 8, [0, 8, 16]))
        #expect(Self.shape(wasmtime_guestprofiler_modules_t.self, \.name, \.mod) == Shape(16, 8, [0, 8]))
    }

    // MARK: - Enum constants

    @Test func valueKinds() {
        #expect(
            [
                WASMTIME_I32, WASMTIME_I64, WASMTIME_F32, WASMTIME_F64, WASMTIME_V128,
                WASMTIME_FUNCREF, WASMTIME_EXTERNREF, WASMTIME_ANYREF, WASMTIME_EXNREF,
            ] == Array(0...8))
        #expect([WASM_I32, WASM_I64, WASM_F32, WASM_F64] == Array(0...3))
        #expect(WASM_EXTERNREF == 128)
        #expect(WASM_FUNCREF == 129)
        #expect(WASM_CONST == 0)
        #expect(WASM_VAR == 1)
        #expect(
            [
                WASMTIME_VALTYPE_KIND_I32, WASMTIME_VALTYPE_KIND_I64, WASMTIME_VALTYPE_KIND_F32,
                WASMTIME_VALTYPE_KIND_F64, WASMTIME_VALTYPE_KIND_V128, WASMTIME_VALTYPE_KIND_REF,
            ] == Array(0...5))
        #expect(MemoryLayout<wasmtime_valkind_t>.size == 1)
        #expect(MemoryLayout<wasmtime_valtype_kind_t>.size == 1)
        #expect(MemoryLayout<wasm_valkind_t>.size == 1)
    }

    @Test func externKinds() {
        #expect(
            [
                WASMTIME_EXTERN_FUNC, WASMTIME_EXTERN_GLOBAL, WASMTIME_EXTERN_TABLE, WASMTIME_EXTERN_MEMORY,
                WASMTIME_EXTERN_SHAREDMEMORY, WASMTIME_EXTERN_TAG,
            ] == Array(0...5))
        #expect(
            [
                WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL, WASM_EXTERN_TABLE, WASM_EXTERN_MEMORY,
                WASM_EXTERN_TAG,
            ] == Array(0...4))
        #expect(MemoryLayout<wasmtime_extern_kind_t>.size == 1)
        #expect(MemoryLayout<wasm_externkind_t>.size == 1)
    }

    @Test func heapTypeKinds() {
        let kinds = [
            WASMTIME_HEAPTYPE_KIND_EXTERN, WASMTIME_HEAPTYPE_KIND_NOEXTERN, WASMTIME_HEAPTYPE_KIND_FUNC,
            WASMTIME_HEAPTYPE_KIND_CONCRETE_FUNC, WASMTIME_HEAPTYPE_KIND_NOFUNC, WASMTIME_HEAPTYPE_KIND_ANY,
            WASMTIME_HEAPTYPE_KIND_NONE, WASMTIME_HEAPTYPE_KIND_EQ, WASMTIME_HEAPTYPE_KIND_I31,
            WASMTIME_HEAPTYPE_KIND_ARRAY, WASMTIME_HEAPTYPE_KIND_CONCRETE_ARRAY, WASMTIME_HEAPTYPE_KIND_STRUCT,
            WASMTIME_HEAPTYPE_KIND_CONCRETE_STRUCT, WASMTIME_HEAPTYPE_KIND_EXN,
            WASMTIME_HEAPTYPE_KIND_CONCRETE_EXN, WASMTIME_HEAPTYPE_KIND_NOEXN,
        ]
        #expect(kinds == Array(0...15))
        #expect(MemoryLayout<wasmtime_heaptype_kind_t>.size == 1)
    }

    @Test func configEnums() {
        #expect([WASMTIME_STRATEGY_AUTO, WASMTIME_STRATEGY_CRANELIFT, WASMTIME_STRATEGY_WINCH] == Array(0...2))
        #expect(
            [WASMTIME_OPT_LEVEL_NONE, WASMTIME_OPT_LEVEL_SPEED, WASMTIME_OPT_LEVEL_SPEED_AND_SIZE]
                == Array(0...2))
        #expect(
            [
                WASMTIME_PROFILING_STRATEGY_NONE, WASMTIME_PROFILING_STRATEGY_JITDUMP,
                WASMTIME_PROFILING_STRATEGY_VTUNE, WASMTIME_PROFILING_STRATEGY_PERFMAP,
            ] == Array(0...3))
        #expect([WASMTIME_REGALLOC_BACKTRACKING, WASMTIME_REGALLOC_SINGLE_PASS] == Array(0...1))
        #expect([WASMTIME_UPDATE_DEADLINE_CONTINUE, WASMTIME_UPDATE_DEADLINE_YIELD] == Array(0...1))
        #expect(MemoryLayout<wasmtime_strategy_t>.size == 1)
        #expect(MemoryLayout<wasmtime_opt_level_t>.size == 1)
        #expect(MemoryLayout<wasmtime_trap_code_t>.size == 1)
    }

    // MARK: - Trap codes

    @Test func trapCodesAreContiguous() {
        #expect(TrapCode.allCases.count == 54)
        #expect(TrapCode.allCases.map(\.rawValue) == Array(0...53))
        #expect(TrapCode(rawValue: 54) == nil)
        #expect(TrapCode.stackOverflow.rawValue == 0)
        #expect(TrapCode.unreachable.rawValue == 9)
        #expect(TrapCode.interrupt.rawValue == 10)
        #expect(TrapCode.outOfFuel.rawValue == 11)
        #expect(TrapCode.uncaughtException.rawValue == 49)
        #expect(TrapCode.liftDroppedStream.rawValue == 53)
    }

    /// The shared library stores and reports every code the Swift enum knows.
    @Test func trapCodesRoundTripThroughTheLibrary() throws {
        for code in TrapCode.allCases {
            let trap = try #require(wasmtime_trap_new_code(code.rawValue))
            defer { wasm_trap_delete(trap) }
            var readBack: wasmtime_trap_code_t = 0xFF
            #expect(wasmtime_trap_code(trap, &readBack))
            #expect(readBack == code.rawValue, "code \(code)")
        }
    }

    @Test func outOfFuelTrapMessage() throws {
        let trap = try #require(wasmtime_trap_new_code(11))
        defer { wasm_trap_delete(trap) }
        var code: wasmtime_trap_code_t = 0
        #expect(wasmtime_trap_code(trap, &code))
        #expect(code == TrapCode.outOfFuel.rawValue)
        var message = wasm_message_t()
        wasm_trap_message(trap, &message)
        defer { wasm_byte_vec_delete(&message) }
        let text = message.data.map { String(cString: $0) } ?? ""
        #expect(text.contains("fuel"))
    }

    @Test func hostMessageTrapHasNoCode() throws {
        let text = "custom failure"
        let trap = try #require(text.withCString { wasmtime_trap_new($0, text.utf8.count) })
        defer { wasm_trap_delete(trap) }
        var code: wasmtime_trap_code_t = 0xEE
        #expect(!wasmtime_trap_code(trap, &code))
        var message = wasm_message_t()
        wasm_trap_message(trap, &message)
        defer { wasm_byte_vec_delete(&message) }
        // wasm_trap_message includes the terminating NUL in its size.
        #expect(message.size == text.utf8.count + 1)
        #expect(message.data.map { String(cString: $0) } == text)
    }

    // MARK: - The library agrees with the declared layouts

    /// Builds values through the C API and reads them back through the
    /// declared structs: a wrong offset would show up as a wrong value.
    @Test func valuesThroughTheLibrary() throws {
        let engine = try #require(wasm_engine_new())
        defer { wasm_engine_delete(engine) }
        let store = try #require(wasmtime_store_new(engine, nil, nil))
        defer { wasmtime_store_delete(store) }
        let context = try #require(wasmtime_store_context(store))

        let globaltype = try #require(
            wasm_globaltype_new(
                wasm_valtype_new(wasm_valkind_t(WASM_I64)),
                wasm_mutability_t(WASM_VAR)))
        defer { wasm_globaltype_delete(globaltype) }
        var initial = wasmtime_val_t()
        initial.kind = wasmtime_valkind_t(WASMTIME_I64)
        initial.of.i64 = Self.i64Marker
        var global = wasmtime_global_t()
        #expect(wasmtime_global_new(context, globaltype, &initial, &global) == nil)
        #expect(global.store_id != 0)

        var read = wasmtime_val_t()
        read.kind = 0xFF
        wasmtime_global_get(context, &global, &read)
        #expect(Int(read.kind) == WASMTIME_I64)
        #expect(read.of.i64 == Self.i64Marker)

        var update = wasmtime_val_t()
        update.kind = wasmtime_valkind_t(WASMTIME_I64)
        update.of.i64 = -42
        #expect(wasmtime_global_set(context, &global, &update) == nil)
        wasmtime_global_get(context, &global, &read)
        #expect(read.of.i64 == -42)
    }

    @Test func typesThroughTheLibrary() throws {
        var limits = wasm_limits_t(min: 3, max: 7)
        let tabletype = try #require(wasm_tabletype_new(wasm_valtype_new(wasm_valkind_t(WASM_FUNCREF)), &limits))
        defer { wasm_tabletype_delete(tabletype) }
        let readLimits = try #require(wasm_tabletype_limits(tabletype)).pointee
        #expect(readLimits.min == 3)
        #expect(readLimits.max == 7)

        var element = wasmtime_valtype_t()
        element.kind = 0xFF
        wasmtime_valtype_new(wasm_tabletype_element(tabletype), &element)
        defer { wasmtime_valtype_delete(&element) }
        #expect(Int(element.kind) == WASMTIME_VALTYPE_KIND_REF)
        #expect(element.reftype.nullable)
        #expect(Int(element.reftype.heaptype.kind) == WASMTIME_HEAPTYPE_KIND_FUNC)

        let i64 = try #require(wasm_valtype_new(wasm_valkind_t(WASM_I64)))
        defer { wasm_valtype_delete(i64) }
        var number = wasmtime_valtype_t()
        number.kind = 0xFF
        wasmtime_valtype_new(i64, &number)
        defer { wasmtime_valtype_delete(&number) }
        #expect(Int(number.kind) == WASMTIME_VALTYPE_KIND_I64)

        let externref = try #require(wasm_valtype_new(wasm_valkind_t(WASM_EXTERNREF)))
        defer { wasm_valtype_delete(externref) }
        var reference = wasmtime_valtype_t()
        wasmtime_valtype_new(externref, &reference)
        defer { wasmtime_valtype_delete(&reference) }
        #expect(Int(reference.kind) == WASMTIME_VALTYPE_KIND_REF)
        #expect(reference.reftype.nullable)
        #expect(Int(reference.reftype.heaptype.kind) == WASMTIME_HEAPTYPE_KIND_EXTERN)
    }

    /// Instantiates a module through the C API and reads its exports through
    /// `wasmtime_extern_t`.
    @Test func externsThroughTheLibrary() throws {
        let engine = try #require(wasm_engine_new())
        defer { wasm_engine_delete(engine) }
        let wat = """
            (module
              (global (export "g") i32 (i32.const 1234))
              (memory (export "m") 2 5)
              (table (export "t") 4 funcref)
              (func (export "f") (result i32) (i32.const 99)))
            """
        var bytes = wasm_byte_vec_t()
        #expect(wat.withCString { wasmtime_wat2wasm($0, wat.utf8.count, &bytes) } == nil)
        defer { wasm_byte_vec_delete(&bytes) }
        var module: OpaquePointer?
        let wasm = UnsafeRawPointer(try #require(bytes.data)).assumingMemoryBound(to: UInt8.self)
        #expect(Array(UnsafeBufferPointer(start: wasm, count: 4)) == [0x00, 0x61, 0x73, 0x6d])
        #expect(wasmtime_module_new(engine, wasm, bytes.size, &module) == nil)
        let compiled = try #require(module)
        defer { wasmtime_module_delete(compiled) }

        let store = try #require(wasmtime_store_new(engine, nil, nil))
        defer { wasmtime_store_delete(store) }
        let context = try #require(wasmtime_store_context(store))
        var instance = wasmtime_instance_t()
        var trap: OpaquePointer?
        #expect(wasmtime_instance_new(context, compiled, nil, 0, &instance, &trap) == nil)
        #expect(trap == nil)

        func export(_ name: String) -> wasmtime_extern_t? {
            var item = wasmtime_extern_t()
            item.kind = 0xFF
            let found = name.withCString {
                wasmtime_instance_export_get(context, &instance, $0, name.utf8.count, &item)
            }
            return found ? item : nil
        }

        var global = try #require(export("g"))
        #expect(Int(global.kind) == WASMTIME_EXTERN_GLOBAL)
        var value = wasmtime_val_t()
        wasmtime_global_get(context, &global.of.global, &value)
        #expect(Int(value.kind) == WASMTIME_I32)
        #expect(value.of.i32 == 1234)

        var memory = try #require(export("m"))
        #expect(Int(memory.kind) == WASMTIME_EXTERN_MEMORY)
        #expect(wasmtime_memory_size(context, &memory.of.memory) == 2)
        #expect(wasmtime_memory_data_size(context, &memory.of.memory) == 2 * 65536)

        var table = try #require(export("t"))
        #expect(Int(table.kind) == WASMTIME_EXTERN_TABLE)
        #expect(wasmtime_table_size(context, &table.of.table) == 4)

        var function = try #require(export("f"))
        #expect(Int(function.kind) == WASMTIME_EXTERN_FUNC)
        // The unchecked call uses one wasmtime_val_raw_t slot for the result.
        var slot = wasmtime_val_raw_t()
        var callTrap: OpaquePointer?
        #expect(wasmtime_func_call_unchecked(context, &function.of.func, &slot, 1, &callTrap) == nil)
        #expect(callTrap == nil)
        #expect(slot.i32 == 99)

        #expect(export("missing") == nil)
    }
}
