import CWasmtime

// Swift values -> wasmtime_component_val_t, without an intermediate
// ComponentValue. Every heap part comes from the library's own allocators
// (wasm_byte_vec_new, wasmtime_component_*_new_uninit, wasmtime_component_val_new),
// because the library frees what it is given.
//
// Invariant: every slot a lowerer writes to holds a valid value at all
// times (a zeroed slot is `bool false`), and every freshly allocated
// vector's elements are zeroed before anything else happens, so a lowering
// that throws halfway leaves a value the owner can still delete.

/// Writes one component value for a ``ComponentLowerable`` conformance.
///
/// A lowerer stands for one value slot: a conformance makes exactly one
/// write through it, either by lowering another conforming value
/// (``lower(_:)``) or by writing a record, tuple, variant, enum or flags
/// value. Each write is checked against the component type the slot is
/// expected to hold, when the library knows it (function arguments), so a
/// conformance cannot make Wasmtime receive a value of the wrong kind.
///
/// Only the library creates lowerers; one is valid only during the
/// ``ComponentLowerable/lower(into:)`` call it is given to.
@safe public struct ComponentLowerer: ~Copyable {
    let slot: UnsafeMutablePointer<wasmtime_component_val_t>
    /// The type the slot must hold, if known (argument lowering); `nil` for
    /// host results, which Wasmtime checks against the import itself.
    let expected: ComponentValueType?
    let store: AnyStore
    /// Owned resources this lowering hands to the guest.
    @usableFromInline var moved: [ResourceBox] = []
    @usableFromInline var written = false

    @usableFromInline
    init(slot: UnsafeMutablePointer<wasmtime_component_val_t>, expected: ComponentValueType?, store: AnyStore) {
        unsafe self.slot = unsafe slot
        self.expected = expected
        self.store = store
    }

    // MARK: Public writes

    /// Lowers `value` into this slot (for wrappers that delegate to another conforming type).
    public mutating func lower<T: ComponentLowerable>(_ value: T) throws {
        try value.lower(into: &self)
    }

    /// Writes a record: `body` writes exactly `fieldCount` fields, in
    /// declaration order, with ``ComponentRecordLowerer/field(_:_:)``.
    public mutating func record(fieldCount: Int, _ body: (inout ComponentRecordLowerer) throws -> Void) throws {
        guard fieldCount >= 0 else { throw WasmtimeError(.typeMismatch, "a record cannot have \(fieldCount) fields") }
        var fieldTypes: [ComponentField]?
        if let expected {
            guard case .record(let fields) = expected, fields.count == fieldCount else {
                throw WasmtimeError(.typeMismatch, "expected \(expected), got a record of \(fieldCount) field(s)")
            }
            fieldTypes = fields
        }
        try begin(ValKind.record)
        let entries: UnsafeMutablePointer<wasmtime_component_valrecord_entry_t>?
        if fieldCount == 0 {
            unsafe wasmtime_component_valrecord_new_empty(&slot.pointee.of.record)
            unsafe entries = nil
        } else {
            unsafe wasmtime_component_valrecord_new_uninit(&slot.pointee.of.record, fieldCount)
            let data = unsafe slot.pointee.of.record.data!
            for index in 0..<fieldCount {
                unsafe (data + index).initialize(to: wasmtime_component_valrecord_entry_t())
            }
            unsafe entries = unsafe data
        }
        var fields = unsafe ComponentRecordLowerer(
            entries: entries, count: fieldCount, fieldTypes: fieldTypes, store: store)
        swap(&fields.moved, &moved)
        defer { swap(&fields.moved, &moved) }
        try body(&fields)
        guard fields.index == fieldCount else {
            throw WasmtimeError(.typeMismatch, "a record of \(fieldCount) field(s) got \(fields.index)")
        }
    }

    /// Writes a tuple: `body` writes exactly `count` elements, in order,
    /// with ``ComponentTupleLowerer/element(_:)``.
    public mutating func tuple(count: Int, _ body: (inout ComponentTupleLowerer) throws -> Void) throws {
        guard count >= 0 else { throw WasmtimeError(.typeMismatch, "a tuple cannot have \(count) elements") }
        var elementTypes: [ComponentValueType]?
        if let expected {
            guard case .tuple(let types) = expected, types.count == count else {
                throw WasmtimeError(.typeMismatch, "expected \(expected), got a tuple of \(count) element(s)")
            }
            elementTypes = types
        }
        try begin(ValKind.tuple)
        let data: UnsafeMutablePointer<wasmtime_component_val_t>?
        if count == 0 {
            unsafe wasmtime_component_valtuple_new_empty(&slot.pointee.of.tuple)
            unsafe data = nil
        } else {
            unsafe wasmtime_component_valtuple_new_uninit(&slot.pointee.of.tuple, count)
            unsafe data = unsafe Self.zeroed(slot.pointee.of.tuple.data!, count)
        }
        var elements = unsafe ComponentTupleLowerer(
            data: data, count: count, elementTypes: elementTypes, store: store)
        swap(&elements.moved, &moved)
        defer { swap(&elements.moved, &moved) }
        try body(&elements)
        guard elements.index == count else {
            throw WasmtimeError(.typeMismatch, "a tuple of \(count) element(s) got \(elements.index)")
        }
    }

    /// Writes the variant case `caseName`, which has no payload.
    public mutating func variant(_ caseName: String) throws {
        if let expected {
            guard case .variant(let cases) = expected, let match = cases.first(where: { $0.name == caseName }) else {
                throw WasmtimeError(.typeMismatch, "expected \(expected), got variant case `\(caseName)`")
            }
            guard match.payload == nil else {
                throw WasmtimeError(
                    .typeMismatch, "variant case `\(caseName)` needs a payload of type \(match.payload!)")
            }
        }
        try begin(ValKind.variant)
        unsafe Self.writeName(caseName, into: &slot.pointee.of.variant.discriminant)
    }

    /// Writes the variant case `caseName` with its payload.
    public mutating func variant<Payload: ComponentLowerable>(_ caseName: String, payload: Payload) throws {
        var payloadType: ComponentValueType?
        if let expected {
            guard case .variant(let cases) = expected, let match = cases.first(where: { $0.name == caseName }) else {
                throw WasmtimeError(.typeMismatch, "expected \(expected), got variant case `\(caseName)`")
            }
            guard let type = match.payload else {
                throw WasmtimeError(.typeMismatch, "variant case `\(caseName)` has no payload")
            }
            payloadType = type
        }
        try begin(ValKind.variant)
        unsafe Self.writeName(caseName, into: &slot.pointee.of.variant.discriminant)
        unsafe slot.pointee.of.variant.val = try boxed(payload, expected: payloadType)
    }

    /// Writes the enum case `name`.
    public mutating func enumCase(_ name: String) throws {
        if let expected {
            guard case .enum(let names) = expected, names.contains(name) else {
                throw WasmtimeError(.typeMismatch, "expected \(expected), got enum case `\(name)`")
            }
        }
        try begin(ValKind.enumeration)
        unsafe Self.writeName(name, into: &slot.pointee.of.enumeration)
    }

    /// Writes a flags value: the names of the flags that are set.
    public mutating func flags(_ names: [String]) throws {
        if let expected {
            guard case .flags(let declared) = expected else {
                throw WasmtimeError(.typeMismatch, "expected \(expected), got flags")
            }
            for (index, name) in names.enumerated() {
                guard declared.contains(name) else {
                    throw WasmtimeError(.typeMismatch, "unknown flag `\(name)` for \(expected)")
                }
                guard !names[..<index].contains(name) else {
                    throw WasmtimeError(.typeMismatch, "flag `\(name)` given twice")
                }
            }
        }
        try begin(ValKind.flags)
        if names.isEmpty {
            unsafe wasmtime_component_valflags_new_empty(&slot.pointee.of.flags)
            return
        }
        unsafe wasmtime_component_valflags_new_uninit(&slot.pointee.of.flags, names.count)
        let data = unsafe slot.pointee.of.flags.data!
        for index in names.indices { unsafe (data + index).initialize(to: wasm_name_t()) }
        for (index, name) in names.enumerated() { unsafe Self.writeName(name, into: data + index) }
    }

    // MARK: Library writes (built-in conformances)

    @inline(__always)
    mutating func begin(_ kind: wasmtime_component_valkind_t) throws(WasmtimeError) {
        guard !written else { throw WasmtimeError(.typeMismatch, "a component value was lowered twice into one slot") }
        // Compared in place: no copy of the expected type per write.
        guard Self.accepts(expected, kind) else {
            throw WasmtimeError(.typeMismatch, "expected \(expected!), got \(ValKind.name(kind))")
        }
        written = true
        unsafe slot.pointee.kind = kind
    }

    @usableFromInline mutating func lowerBool(_ value: Bool) throws(WasmtimeError) {
        try begin(ValKind.bool)
        unsafe slot.pointee.of.boolean = value
    }
    @usableFromInline mutating func lowerS8(_ value: Int8) throws(WasmtimeError) {
        try begin(ValKind.s8)
        unsafe slot.pointee.of.s8 = value
    }
    @usableFromInline mutating func lowerU8(_ value: UInt8) throws(WasmtimeError) {
        try begin(ValKind.u8)
        unsafe slot.pointee.of.u8 = value
    }
    @usableFromInline mutating func lowerS16(_ value: Int16) throws(WasmtimeError) {
        try begin(ValKind.s16)
        unsafe slot.pointee.of.s16 = value
    }
    @usableFromInline mutating func lowerU16(_ value: UInt16) throws(WasmtimeError) {
        try begin(ValKind.u16)
        unsafe slot.pointee.of.u16 = value
    }
    @usableFromInline mutating func lowerS32(_ value: Int32) throws(WasmtimeError) {
        try begin(ValKind.s32)
        unsafe slot.pointee.of.s32 = value
    }
    @usableFromInline mutating func lowerU32(_ value: UInt32) throws(WasmtimeError) {
        try begin(ValKind.u32)
        unsafe slot.pointee.of.u32 = value
    }
    @usableFromInline mutating func lowerS64(_ value: Int64) throws(WasmtimeError) {
        try begin(ValKind.s64)
        unsafe slot.pointee.of.s64 = value
    }
    @usableFromInline mutating func lowerU64(_ value: UInt64) throws(WasmtimeError) {
        try begin(ValKind.u64)
        unsafe slot.pointee.of.u64 = value
    }
    @usableFromInline mutating func lowerF32(_ value: Float) throws(WasmtimeError) {
        try begin(ValKind.f32)
        unsafe slot.pointee.of.f32 = value
    }
    @usableFromInline mutating func lowerF64(_ value: Double) throws(WasmtimeError) {
        try begin(ValKind.f64)
        unsafe slot.pointee.of.f64 = value
    }
    @usableFromInline mutating func lowerChar(_ value: Unicode.Scalar) throws(WasmtimeError) {
        try begin(ValKind.char)
        unsafe slot.pointee.of.character = value.value
    }

    @usableFromInline mutating func lowerString(_ text: String) throws(WasmtimeError) {
        try begin(ValKind.string)
        unsafe Self.writeName(text, into: &slot.pointee.of.string)
    }

    /// `list<u8>` straight from contiguous bytes.
    mutating func lowerBytes(_ bytes: UnsafeBufferPointer<UInt8>) throws(WasmtimeError) {
        if let expected, case .list(let element) = expected, element != .u8 {
            throw WasmtimeError(.typeMismatch, "expected \(expected), got list<u8>")
        }
        try begin(ValKind.list)
        let count = bytes.count
        guard count > 0 else {
            unsafe wasmtime_component_vallist_new_empty(&slot.pointee.of.list)
            return
        }
        unsafe wasmtime_component_vallist_new_uninit(&slot.pointee.of.list, count)
        let data = unsafe slot.pointee.of.list.data!
        var element = unsafe wasmtime_component_val_t()
        unsafe element.kind = ValKind.u8
        for index in 0..<count {
            unsafe element.of.u8 = bytes[index]
            unsafe (data + index).initialize(to: element)
        }
    }

    /// `list<T>`; `[UInt8]` goes through ``lowerBytes(_:)``.
    mutating func lowerArray<Element: ComponentLowerable>(_ array: [Element]) throws {
        if Element.self == UInt8.self {
            let bytes = unsafe unsafeBitCast(array, to: [UInt8].self)
            try unsafe bytes.withUnsafeBufferPointer { buffer throws(WasmtimeError) in unsafe try lowerBytes(buffer) }
            return
        }
        try lowerList(array)
    }

    mutating func lowerList<Elements: Collection>(_ elements: Elements) throws
    where Elements.Element: ComponentLowerable {
        var elementType: ComponentValueType?
        if let expected, case .list(let element) = expected { elementType = element }
        try begin(ValKind.list)
        let count = elements.count
        guard count > 0 else {
            unsafe wasmtime_component_vallist_new_empty(&slot.pointee.of.list)
            return
        }
        unsafe wasmtime_component_vallist_new_uninit(&slot.pointee.of.list, count)
        let data = unsafe Self.zeroed(slot.pointee.of.list.data!, count)
        var index = 0
        for element in elements {
            guard index < count else { break }
            unsafe try lowerValue(element, into: data + index, expected: elementType, store: store, moved: &moved)
            index += 1
        }
    }

    mutating func lowerOption<Wrapped: ComponentLowerable>(_ value: Wrapped?) throws {
        var payloadType: ComponentValueType?
        if let expected, case .option(let inner) = expected { payloadType = inner }
        try begin(ValKind.option)
        guard let value else { return }
        unsafe slot.pointee.of.option = try boxed(value, expected: payloadType)
    }

    /// A `result`; a ``ComponentUnit`` payload is an absent one.
    mutating func lowerResult<Payload: ComponentLowerable>(isOK: Bool, payload: Payload) throws {
        var payloadType: ComponentValueType?
        if let expected, case .result(let ok, let error) = expected {
            payloadType = isOK ? ok : error
            if (payloadType == nil) != (Payload.self == ComponentUnit.self) {
                throw WasmtimeError(
                    .typeMismatch,
                    "expected \(expected), got \(isOK ? "ok" : "err") " + (payloadType == nil ? "with" : "without")
                        + " a payload")
            }
        }
        try begin(ValKind.result)
        unsafe slot.pointee.of.result.is_ok = isOK
        guard Payload.self != ComponentUnit.self else { return }
        unsafe slot.pointee.of.result.val = try boxed(payload, expected: payloadType)
    }

    mutating func lowerMap<Key: ComponentLowerable, Value: ComponentLowerable>(_ entries: [Key: Value]) throws {
        var keyType: ComponentValueType?
        var valueType: ComponentValueType?
        if let expected, case .map(let key, let value) = expected {
            keyType = key
            valueType = value
        }
        try begin(ValKind.map)
        guard !entries.isEmpty else {
            unsafe wasmtime_component_valmap_new_empty(&slot.pointee.of.map)
            return
        }
        let count = entries.count
        unsafe wasmtime_component_valmap_new_uninit(&slot.pointee.of.map, count)
        let data = unsafe slot.pointee.of.map.data!
        for index in 0..<count { unsafe (data + index).initialize(to: wasmtime_component_valmap_entry_t()) }
        for (index, entry) in entries.enumerated() {
            unsafe try lowerValue(
                entry.key, into: &(data + index).pointee.key, expected: keyType, store: store, moved: &moved)
            unsafe try lowerValue(
                entry.value, into: &(data + index).pointee.value, expected: valueType, store: store, moved: &moved)
        }
    }

    mutating func lowerResource(_ resource: ComponentResource) throws {
        try resource.box.checkUsable(in: store)
        var passesOwnership = resource.isOwned
        if let expected {
            switch expected {
            case .own(let type), .borrow(let type):
                guard ComponentResourceType(resource.box.type) == type else {
                    throw WasmtimeError(.typeMismatch, "expected \(expected), got a resource of another type")
                }
                if case .own = expected, !resource.isOwned {
                    throw WasmtimeError(.typeMismatch, "expected \(expected), got a borrowed resource")
                }
                if case .borrow = expected { passesOwnership = false }
            default: break
            }
        }
        if passesOwnership, moved.contains(where: { $0 === resource.box }) {
            throw WasmtimeError(.typeMismatch, "the same owned resource was passed twice")
        }
        try begin(ValKind.resource)
        // A clone: the C value owns it and frees it with the value.
        unsafe slot.pointee.of.resource = unsafe wasmtime_component_resource_any_clone(resource.box.pointer)
        if passesOwnership { moved.append(resource.box) }
    }

    /// A dynamic value, checked against the expected type when there is one.
    mutating func lowerDynamic(_ value: ComponentValue) throws {
        if let expected {
            try value.check(against: expected, in: store, path: "value", moved: &moved)
        } else {
            // No type to check against (a typed host function's result): the
            // owned handles inside still move to the guest.
            try value.collectOwnedResources(into: &moved)
        }
        guard !written else { throw WasmtimeError(.typeMismatch, "a component value was lowered twice into one slot") }
        written = true
        unsafe value.encode(into: slot)
    }

    // MARK: Helpers

    /// A payload lowered into a local value, then moved to the heap by the library.
    private mutating func boxed<T: ComponentLowerable>(
        _ payload: T, expected: ComponentValueType?
    ) throws -> UnsafeMutablePointer<wasmtime_component_val_t>? {
        var local = unsafe wasmtime_component_val_t()
        do {
            unsafe try lowerValue(payload, into: &local, expected: expected, store: store, moved: &moved)
        } catch {
            unsafe wasmtime_component_val_delete(&local)
            throw error
        }
        return unsafe wasmtime_component_val_new(&local)  // moves `local`'s contents
    }

    /// Zeroes `count` fresh values (each `bool false`) so that they can be deleted at any point.
    @inlinable @inline(__always)
    static func zeroed(
        _ data: UnsafeMutablePointer<wasmtime_component_val_t>, _ count: Int
    ) -> UnsafeMutablePointer<wasmtime_component_val_t> {
        unsafe UnsafeMutableRawPointer(data).initializeMemory(
            as: UInt8.self, repeating: 0, count: count * MemoryLayout<wasmtime_component_val_t>.stride)
        return unsafe data
    }

    /// A `wasm_name_t` (zeroed, owning nothing) set to a library-allocated copy of `text`'s UTF-8 bytes.
    @inline(__always)
    static func writeName(_ text: String, into name: UnsafeMutablePointer<wasm_name_t>) {
        unsafe withUTF8(text) { pointer, count in
            if count == 0 {
                unsafe wasm_byte_vec_new_empty(name)
            } else {
                unsafe wasm_byte_vec_new(name, count, pointer)
            }
        }
    }

    /// Whether a value of kind `kind` can have type `type` (the shallow check; parts are checked as they are written).
    static func accepts(_ type: ComponentValueType?, _ kind: wasmtime_component_valkind_t) -> Bool {
        guard let type else { return true }
        return switch type {
        case .bool: kind == ValKind.bool
        case .s8: kind == ValKind.s8
        case .u8: kind == ValKind.u8
        case .s16: kind == ValKind.s16
        case .u16: kind == ValKind.u16
        case .s32: kind == ValKind.s32
        case .u32: kind == ValKind.u32
        case .s64: kind == ValKind.s64
        case .u64: kind == ValKind.u64
        case .f32: kind == ValKind.f32
        case .f64: kind == ValKind.f64
        case .char: kind == ValKind.char
        case .string: kind == ValKind.string
        case .list: kind == ValKind.list
        case .record: kind == ValKind.record
        case .tuple: kind == ValKind.tuple
        case .variant: kind == ValKind.variant
        case .enum: kind == ValKind.enumeration
        case .option: kind == ValKind.option
        case .result: kind == ValKind.result
        case .flags: kind == ValKind.flags
        case .own, .borrow: kind == ValKind.resource
        case .map: kind == ValKind.map
        case .fixedLengthList, .future, .stream, .errorContext: false
        }
    }
}

/// Lowers `value` into `slot` (holding a valid value), carrying the
/// resources moved so far; throws if the conformance wrote nothing.
@inlinable @inline(__always)
func lowerValue<T: ComponentLowerable>(
    _ value: T, into slot: UnsafeMutablePointer<wasmtime_component_val_t>, expected: ComponentValueType?,
    store: AnyStore, moved: inout [ResourceBox]
) throws {
    var lowerer = unsafe ComponentLowerer(slot: slot, expected: expected, store: store)
    swap(&lowerer.moved, &moved)
    defer { swap(&lowerer.moved, &moved) }
    try value.lower(into: &lowerer)
    guard lowerer.written else { throw noValueWritten(T.self) }
}

/// The error for a conformance that wrote nothing.
@usableFromInline
func noValueWritten(_ type: Any.Type) -> WasmtimeError {
    WasmtimeError(.typeMismatch, "\(type).lower(into:) wrote no value")
}

/// Writes the fields of a record for ``ComponentLowerer/record(fieldCount:_:)``.
@safe public struct ComponentRecordLowerer: ~Copyable {
    let entries: UnsafeMutablePointer<wasmtime_component_valrecord_entry_t>?
    let count: Int
    let fieldTypes: [ComponentField]?
    @usableFromInline let store: AnyStore
    @usableFromInline var moved: [ResourceBox] = []
    var index = 0

    init(
        entries: UnsafeMutablePointer<wasmtime_component_valrecord_entry_t>?, count: Int,
        fieldTypes: [ComponentField]?, store: AnyStore
    ) {
        unsafe self.entries = unsafe entries
        self.count = count
        self.fieldTypes = fieldTypes
        self.store = store
    }

    /// Writes the next field, `name` (as the WIT type spells it), in declaration order.
    @inlinable
    public mutating func field<T: ComponentLowerable>(_ name: String, _ value: T) throws {
        try lowerField(name, value)
    }

    /// Lowers the next field in library code, where releasing its expected
    /// type is cheaper than in a client's specialization.
    @usableFromInline
    mutating func lowerField<T: ComponentLowerable>(_ name: String, _ value: T) throws {
        let (slot, expected) = unsafe try nextField(name)
        do {
            unsafe try lowerValue(value, into: slot, expected: expected, store: store, moved: &moved)
        } catch let error as WasmtimeError {
            throw fieldError(error, name)
        }
    }

    /// The next field's value slot, its name written, and its expected type.
    @usableFromInline @inline(__always)
    mutating func nextField(
        _ name: String
    ) throws(WasmtimeError) -> (UnsafeMutablePointer<wasmtime_component_val_t>, ComponentValueType?) {
        guard index < count, let entries = unsafe entries else {
            throw WasmtimeError(.typeMismatch, "field `\(name)` is more than the record's \(count) field(s)")
        }
        var expected: ComponentValueType?
        if let fieldTypes {
            let field = fieldTypes[index]
            guard field.name == name else {
                throw WasmtimeError(.typeMismatch, "record field \(index) is `\(field.name)`, got `\(name)`")
            }
            expected = field.type
        }
        let entry = unsafe entries + index
        index += 1
        unsafe ComponentLowerer.writeName(name, into: &entry.pointee.name)
        return unsafe (recordEntryValue(entry), expected)
    }
}

/// The value slot of a record entry.
@inline(__always)
func recordEntryValue(
    _ entry: UnsafeMutablePointer<wasmtime_component_valrecord_entry_t>
) -> UnsafeMutablePointer<wasmtime_component_val_t> {
    unsafe (UnsafeMutableRawPointer(entry) + recordEntryValueOffset).assumingMemoryBound(
        to: wasmtime_component_val_t.self)
}

/// Where `val` sits in a `wasmtime_component_valrecord_entry_t`: after
/// `name`, rounded up to its alignment, as C lays it out (pinned by
/// ComponentLayoutTests). A constant the optimizer folds, where a global
/// would cost a `swift_once` check per field.
@inline(__always)
private var recordEntryValueOffset: Int {
    let alignment = unsafe MemoryLayout<wasmtime_component_val_t>.alignment
    return unsafe (MemoryLayout<wasm_name_t>.size + alignment - 1) & ~(alignment - 1)
}

/// A field's lowering or lifting error, naming the field.
@usableFromInline
func fieldError(_ error: WasmtimeError, _ name: String) -> WasmtimeError {
    WasmtimeError(error.kind, "field `\(name)`: \(error.message)")
}

/// Writes the elements of a tuple for ``ComponentLowerer/tuple(count:_:)``.
@safe public struct ComponentTupleLowerer: ~Copyable {
    let data: UnsafeMutablePointer<wasmtime_component_val_t>?
    let count: Int
    let elementTypes: [ComponentValueType]?
    let store: AnyStore
    var moved: [ResourceBox] = []
    var index = 0

    init(
        data: UnsafeMutablePointer<wasmtime_component_val_t>?, count: Int,
        elementTypes: [ComponentValueType]?, store: AnyStore
    ) {
        unsafe self.data = unsafe data
        self.count = count
        self.elementTypes = elementTypes
        self.store = store
    }

    /// Writes the next element.
    public mutating func element<T: ComponentLowerable>(_ value: T) throws {
        guard index < count, let data = unsafe data else {
            throw WasmtimeError(.typeMismatch, "more elements than the tuple's \(count)")
        }
        let slot = unsafe data + index
        let expected = elementTypes?[index]
        index += 1
        unsafe try lowerValue(value, into: slot, expected: expected, store: store, moved: &moved)
    }
}

@available(*, unavailable, message: "a lowerer is only valid during the lower(into:) call it is given to")
extension ComponentLowerer: Sendable {}

extension ValKind {
    /// A value kind's WIT name, for messages.
    static func name(_ kind: wasmtime_component_valkind_t) -> String {
        switch kind {
        case bool: "bool"
        case s8: "s8"
        case u8: "u8"
        case s16: "s16"
        case u16: "u16"
        case s32: "s32"
        case u32: "u32"
        case s64: "s64"
        case u64: "u64"
        case f32: "f32"
        case f64: "f64"
        case char: "char"
        case string: "string"
        case list: "list"
        case record: "record"
        case tuple: "tuple"
        case variant: "variant"
        case enumeration: "enum"
        case option: "option"
        case result: "result"
        case flags: "flags"
        case resource: "resource"
        case map: "map"
        default: "value kind \(kind)"
        }
    }
}
