import CWasmtime
import Testing

/// Pins the hand-written component-model declarations in `cwasmtime.h` to the
/// Wasmtime 50.0.1 ABI (`wasmtime-50-c-api-layouts.txt`) and the value-kind and
/// type-kind constants to the library's numbering. The two kind tables are
/// numbered differently (S16 is value kind 3 but type kind 2): a wrong entry
/// would silently reinterpret values, so each is checked in both directions.
@Suite struct ComponentLayoutTests {
    typealias Shape = LayoutTests.Shape

    static func shape<T>(_ type: T.Type, _ fields: PartialKeyPath<T>...) -> Shape {
        Shape(MemoryLayout<T>.size, MemoryLayout<T>.alignment, fields.map { MemoryLayout<T>.offset(of: $0) })
    }

    static func locate<T, V>(_ path: WritableKeyPath<T, V>, in zeroed: T, marker: V) -> Int? {
        LayoutTests.locate(path, in: zeroed, marker: marker)
    }

    static let u64 = LayoutTests.u64Marker
    static let u32 = LayoutTests.u32Marker
    static var opaque: OpaquePointer { LayoutTests.opaqueMarker }
    static var valPointer: UnsafeMutablePointer<wasmtime_component_val_t> {
        UnsafeMutablePointer(bitPattern: 0x7766_5544_3320)!
    }
    static var bytePointer: UnsafeMutablePointer<wasm_byte_t> { UnsafeMutablePointer(bitPattern: 0x7766_5544_3320)! }

    // MARK: - Values

    @Test func componentValue() {
        #expect(Self.shape(wasmtime_component_val_t.self, \.kind, \.of) == Shape(32, 8, [0, 8]))
        #expect(MemoryLayout<wasmtime_component_valunion_t>.size == 24)
        #expect(MemoryLayout<wasmtime_component_valunion_t>.alignment == 8)
        #expect(MemoryLayout<wasmtime_component_valkind_t>.size == 1)
    }

    /// Every union member starts right after the kind byte's padding, at 8.
    @Test func componentValueUnionMembers() {
        let zero = wasmtime_component_val_t()
        typealias V = wasmtime_component_val_t
        #expect(Self.locate(\V.of.boolean, in: zero, marker: true) == 8)
        #expect(Self.locate(\V.of.s8, in: zero, marker: -91) == 8)
        #expect(Self.locate(\V.of.u8, in: zero, marker: 0xA5) == 8)
        #expect(Self.locate(\V.of.s16, in: zero, marker: 0x2211) == 8)
        #expect(Self.locate(\V.of.u16, in: zero, marker: 0xA211) == 8)
        #expect(Self.locate(\V.of.s32, in: zero, marker: LayoutTests.i32Marker) == 8)
        #expect(Self.locate(\V.of.u32, in: zero, marker: Self.u32) == 8)
        #expect(Self.locate(\V.of.s64, in: zero, marker: LayoutTests.i64Marker) == 8)
        #expect(Self.locate(\V.of.u64, in: zero, marker: Self.u64) == 8)
        #expect(Self.locate(\V.of.f32, in: zero, marker: LayoutTests.f32Marker) == 8)
        #expect(Self.locate(\V.of.f64, in: zero, marker: LayoutTests.f64Marker) == 8)
        #expect(Self.locate(\V.of.character, in: zero, marker: Self.u32) == 8)
        #expect(Self.locate(\V.of.string.size, in: zero, marker: 0x1234_5678) == 8)
        #expect(Self.locate(\V.of.string.data, in: zero, marker: Self.bytePointer) == 16)
        #expect(Self.locate(\V.of.list.size, in: zero, marker: 0x1234_5678) == 8)
        #expect(Self.locate(\V.of.list.data, in: zero, marker: Self.valPointer) == 16)
        #expect(Self.locate(\V.of.record.size, in: zero, marker: 0x1234_5678) == 8)
        #expect(
            Self.locate(\V.of.record.data, in: zero, marker: UnsafeMutablePointer(bitPattern: 0x7766_5544_3320)!)
                == 16)
        #expect(Self.locate(\V.of.tuple.size, in: zero, marker: 0x1234_5678) == 8)
        #expect(Self.locate(\V.of.tuple.data, in: zero, marker: Self.valPointer) == 16)
        #expect(Self.locate(\V.of.variant.discriminant.size, in: zero, marker: 0x1234_5678) == 8)
        #expect(Self.locate(\V.of.variant.discriminant.data, in: zero, marker: Self.bytePointer) == 16)
        #expect(Self.locate(\V.of.variant.val, in: zero, marker: Self.valPointer) == 24)
        #expect(Self.locate(\V.of.enumeration.size, in: zero, marker: 0x1234_5678) == 8)
        #expect(Self.locate(\V.of.enumeration.data, in: zero, marker: Self.bytePointer) == 16)
        #expect(Self.locate(\V.of.option, in: zero, marker: Self.valPointer) == 8)
        #expect(Self.locate(\V.of.result.is_ok, in: zero, marker: true) == 8)
        #expect(Self.locate(\V.of.result.val, in: zero, marker: Self.valPointer) == 16)
        #expect(Self.locate(\V.of.flags.size, in: zero, marker: 0x1234_5678) == 8)
        #expect(
            Self.locate(\V.of.flags.data, in: zero, marker: UnsafeMutablePointer(bitPattern: 0x7766_5544_3320)!)
                == 16)
        #expect(Self.locate(\V.of.map.size, in: zero, marker: 0x1234_5678) == 8)
        #expect(
            Self.locate(\V.of.map.data, in: zero, marker: UnsafeMutablePointer(bitPattern: 0x7766_5544_3320)!)
                == 16)
        #expect(Self.locate(\V.of.resource, in: zero, marker: Self.opaque) == 8)
        #expect(Self.locate(\V.of.fixed_length_list.size, in: zero, marker: 0x1234_5678) == 8)
        #expect(Self.locate(\V.of.fixed_length_list.data, in: zero, marker: Self.valPointer) == 16)
    }

    @Test func payloadStructs() {
        #expect(Self.shape(wasmtime_component_valvariant_t.self, \.discriminant, \.val) == Shape(24, 8, [0, 16]))
        #expect(Self.shape(wasmtime_component_valresult_t.self, \.is_ok, \.val) == Shape(16, 8, [0, 8]))
        #expect(Self.shape(wasmtime_component_valrecord_entry_t.self, \.name, \.val) == Shape(48, 8, [0, 16]))
        #expect(Self.shape(wasmtime_component_valmap_entry_t.self, \.key, \.value) == Shape(64, 8, [0, 32]))
    }

    @Test func valueVectors() {
        let vector = Shape(16, 8, [0, 8])
        #expect(Self.shape(wasmtime_component_vallist_t.self, \.size, \.data) == vector)
        #expect(Self.shape(wasmtime_component_valrecord_t.self, \.size, \.data) == vector)
        #expect(Self.shape(wasmtime_component_valtuple_t.self, \.size, \.data) == vector)
        #expect(Self.shape(wasmtime_component_valflags_t.self, \.size, \.data) == vector)
        #expect(Self.shape(wasmtime_component_valmap_t.self, \.size, \.data) == vector)
        // The element types the vectors point at.
        #expect(MemoryLayout<wasmtime_component_vallist_t>.size == MemoryLayout<wasmtime_component_valtuple_t>.size)
        #expect(MemoryLayout.stride(ofValue: wasmtime_component_valrecord_entry_t()) == 48)
        #expect(MemoryLayout.stride(ofValue: wasmtime_component_valmap_entry_t()) == 64)
        #expect(MemoryLayout.stride(ofValue: wasmtime_component_val_t()) == 32)
    }

    // MARK: - Types and items

    @Test func valueType() {
        #expect(Self.shape(wasmtime_component_valtype_t.self, \.kind, \.of) == Shape(16, 8, [0, 8]))
        #expect(MemoryLayout<wasmtime_component_valtype_union_t>.size == 8)
        #expect(MemoryLayout<wasmtime_component_valtype_kind_t>.size == 1)
        let zero = wasmtime_component_valtype_t()
        typealias T = wasmtime_component_valtype_t
        let members: [WritableKeyPath<T, OpaquePointer?>] = [
            \.of.list, \.of.record, \.of.tuple, \.of.variant, \.of.enum_, \.of.option, \.of.result, \.of.flags,
            \.of.own, \.of.borrow, \.of.future, \.of.stream, \.of.map, \.of.fixed_length_list,
        ]
        for member in members {
            #expect(Self.locate(member, in: zero, marker: Self.opaque) == 8)
        }
    }

    @Test func componentItem() {
        #expect(Self.shape(wasmtime_component_item_t.self, \.kind, \.of) == Shape(24, 8, [0, 8]))
        #expect(MemoryLayout<wasmtime_component_item_union_t>.size == 16)
        #expect(MemoryLayout<wasmtime_component_item_union_t>.alignment == 8)
        #expect(MemoryLayout<wasmtime_component_item_kind_t>.size == 1)
        let zero = wasmtime_component_item_t()
        typealias I = wasmtime_component_item_t
        let members: [WritableKeyPath<I, OpaquePointer?>] = [
            \.of.component, \.of.component_instance, \.of.module, \.of.component_func, \.of.resource, \.of.core_func,
        ]
        for member in members {
            #expect(Self.locate(member, in: zero, marker: Self.opaque) == 8)
        }
        #expect(Self.locate(\I.of.type.kind, in: zero, marker: 0xA5) == 8)
        #expect(Self.locate(\I.of.type.of.record, in: zero, marker: Self.opaque) == 16)
    }

    // MARK: - Store-bound handles

    /// 32 bytes in 50.0.1 (the 49 headers declare 16): a 16-byte copy would
    /// drop the pointer the library reads at 24.
    @Test func componentFunc() {
        #expect(MemoryLayout<wasmtime_component_func_t>.size == 32)
        #expect(MemoryLayout<wasmtime_component_func_t>.alignment == 8)
        let zero = wasmtime_component_func_t()
        #expect(Self.locate(\wasmtime_component_func_t.store_id, in: zero, marker: Self.u64) == 0)
        #expect(Self.locate(\wasmtime_component_func_t.__private1, in: zero, marker: Self.u32) == 8)
        #expect(Self.locate(\wasmtime_component_func_t.__private2, in: zero, marker: Self.u32) == 16)
        #expect(
            Self.locate(
                \wasmtime_component_func_t.__private3, in: zero,
                marker: UnsafeMutableRawPointer(bitPattern: 0x7766_5544_3320)) == 24)
    }

    @Test func componentInstance() {
        #expect(Self.shape(wasmtime_component_instance_t.self, \.store_id, \.__private) == Shape(16, 8, [0, 8]))
    }

    /// Callback typedefs keep their exact C parameter lists: these closures
    /// only compile against the v50 signatures.
    @Test func callbackSignatures() {
        let function: wasmtime_component_func_callback_t = {
            (
                _: UnsafeMutableRawPointer?, _: OpaquePointer?, _: OpaquePointer?,
                _: UnsafeMutablePointer<wasmtime_component_val_t>?, _: Int,
                _: UnsafeMutablePointer<wasmtime_component_val_t>?, _: Int
            ) -> OpaquePointer? in nil
        }
        let asyncFunction: wasmtime_component_func_async_callback_t = {
            (
                _: UnsafeMutableRawPointer?, _: OpaquePointer?, _: OpaquePointer?,
                _: UnsafeMutablePointer<wasmtime_component_val_t>?, _: Int,
                _: UnsafeMutablePointer<wasmtime_component_val_t>?, _: Int,
                _: UnsafeMutablePointer<OpaquePointer?>?,
                _: UnsafeMutablePointer<wasmtime_async_continuation_t>?
            ) in
        }
        let destructor: wasmtime_component_resource_destructor_t = {
            (_: UnsafeMutableRawPointer?, _: OpaquePointer?, _: UInt32) -> OpaquePointer? in nil
        }
        #expect(MemoryLayout.size(ofValue: function) == 8)
        #expect(MemoryLayout.size(ofValue: asyncFunction) == 8)
        #expect(MemoryLayout.size(ofValue: destructor) == 8)
    }

    // MARK: - Kind constants, both ways

    /// Value kinds as documented (c-api-notes.md and the v50 `val.h`), plus
    /// FIXED_LENGTH_LIST, the library's next discriminant.
    static let valueKinds: KeyValuePairs<String, Int> = [
        "BOOL": 0, "S8": 1, "U8": 2, "S16": 3, "U16": 4, "S32": 5, "U32": 6, "S64": 7, "U64": 8,
        "F32": 9, "F64": 10, "CHAR": 11, "STRING": 12, "LIST": 13, "RECORD": 14, "TUPLE": 15,
        "VARIANT": 16, "ENUM": 17, "OPTION": 18, "RESULT": 19, "FLAGS": 20, "RESOURCE": 21, "MAP": 22,
        "FIXED_LENGTH_LIST": 23,
    ]

    static let valueKindConstants: [String: Int] = [
        "BOOL": WASMTIME_COMPONENT_BOOL, "S8": WASMTIME_COMPONENT_S8, "U8": WASMTIME_COMPONENT_U8,
        "S16": WASMTIME_COMPONENT_S16, "U16": WASMTIME_COMPONENT_U16, "S32": WASMTIME_COMPONENT_S32,
        "U32": WASMTIME_COMPONENT_U32, "S64": WASMTIME_COMPONENT_S64, "U64": WASMTIME_COMPONENT_U64,
        "F32": WASMTIME_COMPONENT_F32, "F64": WASMTIME_COMPONENT_F64, "CHAR": WASMTIME_COMPONENT_CHAR,
        "STRING": WASMTIME_COMPONENT_STRING, "LIST": WASMTIME_COMPONENT_LIST, "RECORD": WASMTIME_COMPONENT_RECORD,
        "TUPLE": WASMTIME_COMPONENT_TUPLE, "VARIANT": WASMTIME_COMPONENT_VARIANT, "ENUM": WASMTIME_COMPONENT_ENUM,
        "OPTION": WASMTIME_COMPONENT_OPTION, "RESULT": WASMTIME_COMPONENT_RESULT, "FLAGS": WASMTIME_COMPONENT_FLAGS,
        "RESOURCE": WASMTIME_COMPONENT_RESOURCE, "MAP": WASMTIME_COMPONENT_MAP,
        "FIXED_LENGTH_LIST": WASMTIME_COMPONENT_FIXED_LENGTH_LIST,
    ]

    /// Type kinds as documented (c-api-notes.md and the v50 `types/val.h`),
    /// plus FIXED_LENGTH_LIST, the library's next discriminant.
    static let typeKinds: KeyValuePairs<String, Int> = [
        "BOOL": 0, "S8": 1, "S16": 2, "S32": 3, "S64": 4, "U8": 5, "U16": 6, "U32": 7, "U64": 8,
        "F32": 9, "F64": 10, "CHAR": 11, "STRING": 12, "LIST": 13, "RECORD": 14, "TUPLE": 15,
        "VARIANT": 16, "ENUM": 17, "OPTION": 18, "RESULT": 19, "FLAGS": 20, "OWN": 21, "BORROW": 22,
        "FUTURE": 23, "STREAM": 24, "ERROR_CONTEXT": 25, "MAP": 26, "FIXED_LENGTH_LIST": 27,
    ]

    static let typeKindConstants: [String: Int] = [
        "BOOL": WASMTIME_COMPONENT_VALTYPE_BOOL, "S8": WASMTIME_COMPONENT_VALTYPE_S8,
        "S16": WASMTIME_COMPONENT_VALTYPE_S16, "S32": WASMTIME_COMPONENT_VALTYPE_S32,
        "S64": WASMTIME_COMPONENT_VALTYPE_S64, "U8": WASMTIME_COMPONENT_VALTYPE_U8,
        "U16": WASMTIME_COMPONENT_VALTYPE_U16, "U32": WASMTIME_COMPONENT_VALTYPE_U32,
        "U64": WASMTIME_COMPONENT_VALTYPE_U64, "F32": WASMTIME_COMPONENT_VALTYPE_F32,
        "F64": WASMTIME_COMPONENT_VALTYPE_F64, "CHAR": WASMTIME_COMPONENT_VALTYPE_CHAR,
        "STRING": WASMTIME_COMPONENT_VALTYPE_STRING, "LIST": WASMTIME_COMPONENT_VALTYPE_LIST,
        "RECORD": WASMTIME_COMPONENT_VALTYPE_RECORD, "TUPLE": WASMTIME_COMPONENT_VALTYPE_TUPLE,
        "VARIANT": WASMTIME_COMPONENT_VALTYPE_VARIANT, "ENUM": WASMTIME_COMPONENT_VALTYPE_ENUM,
        "OPTION": WASMTIME_COMPONENT_VALTYPE_OPTION, "RESULT": WASMTIME_COMPONENT_VALTYPE_RESULT,
        "FLAGS": WASMTIME_COMPONENT_VALTYPE_FLAGS, "OWN": WASMTIME_COMPONENT_VALTYPE_OWN,
        "BORROW": WASMTIME_COMPONENT_VALTYPE_BORROW, "FUTURE": WASMTIME_COMPONENT_VALTYPE_FUTURE,
        "STREAM": WASMTIME_COMPONENT_VALTYPE_STREAM, "ERROR_CONTEXT": WASMTIME_COMPONENT_VALTYPE_ERROR_CONTEXT,
        "MAP": WASMTIME_COMPONENT_VALTYPE_MAP, "FIXED_LENGTH_LIST": WASMTIME_COMPONENT_VALTYPE_FIXED_LENGTH_LIST,
    ]

    static let itemKinds: KeyValuePairs<String, Int> = [
        "COMPONENT": 0, "COMPONENT_INSTANCE": 1, "MODULE": 2, "COMPONENT_FUNC": 3, "RESOURCE": 4,
        "CORE_FUNC": 5, "TYPE": 6,
    ]

    static let itemKindConstants: [String: Int] = [
        "COMPONENT": WASMTIME_COMPONENT_ITEM_COMPONENT,
        "COMPONENT_INSTANCE": WASMTIME_COMPONENT_ITEM_COMPONENT_INSTANCE,
        "MODULE": WASMTIME_COMPONENT_ITEM_MODULE, "COMPONENT_FUNC": WASMTIME_COMPONENT_ITEM_COMPONENT_FUNC,
        "RESOURCE": WASMTIME_COMPONENT_ITEM_RESOURCE, "CORE_FUNC": WASMTIME_COMPONENT_ITEM_CORE_FUNC,
        "TYPE": WASMTIME_COMPONENT_ITEM_TYPE,
    ]

    /// Name → number: each constant has its documented value. Number → name:
    /// every number in 0..<count names exactly one kind, the documented one.
    static func checkBothWays(
        documented: KeyValuePairs<String, Int>, constants: [String: Int],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(constants.count == documented.count, sourceLocation: sourceLocation)
        for (name, number) in documented {
            #expect(constants[name] == number, "\(name)", sourceLocation: sourceLocation)
        }
        let byNumber = Dictionary(grouping: constants, by: \.value).mapValues { $0.map(\.key).sorted() }
        #expect(
            byNumber.count == constants.count, "two kinds share a number: \(byNumber.filter { $0.value.count > 1 })",
            sourceLocation: sourceLocation)
        #expect(Set(byNumber.keys) == Set(0..<documented.count), sourceLocation: sourceLocation)
        for (name, number) in documented {
            #expect(byNumber[number] == [name], "\(number)", sourceLocation: sourceLocation)
        }
    }

    @Test func valueKindsBothWays() {
        Self.checkBothWays(documented: Self.valueKinds, constants: Self.valueKindConstants)
    }

    @Test func typeKindsBothWays() {
        Self.checkBothWays(documented: Self.typeKinds, constants: Self.typeKindConstants)
    }

    @Test func itemKindsBothWays() {
        Self.checkBothWays(documented: Self.itemKinds, constants: Self.itemKindConstants)
    }

    /// The two tables agree on BOOL, S8 and F32…FLAGS and nowhere else among
    /// the integers: using one for the other is caught here.
    @Test func valueAndTypeKindsDifferWhereDocumented() {
        let shared = Set(Self.valueKindConstants.keys).intersection(Self.typeKindConstants.keys)
        let differing = shared.filter { Self.valueKindConstants[$0] != Self.typeKindConstants[$0] }.sorted()
        #expect(differing == ["FIXED_LENGTH_LIST", "MAP", "S16", "S32", "S64", "U16", "U32", "U8"])
        #expect(WASMTIME_COMPONENT_S16 == 3 && WASMTIME_COMPONENT_VALTYPE_S16 == 2)
        #expect(WASMTIME_COMPONENT_U8 == 2 && WASMTIME_COMPONENT_VALTYPE_U8 == 5)
        #expect(WASMTIME_COMPONENT_MAP == 22 && WASMTIME_COMPONENT_VALTYPE_MAP == 26)
        // Kinds without a counterpart on the other side.
        #expect(Set(Self.valueKindConstants.keys).subtracting(shared) == ["RESOURCE"])
        #expect(
            Set(Self.typeKindConstants.keys).subtracting(shared)
                == ["OWN", "BORROW", "FUTURE", "STREAM", "ERROR_CONTEXT"])
    }
}
