import CWasmtime

// wasmtime_component_val_t -> Swift values, without an intermediate
// ComponentValue. Lifting only reads: the C value stays owned by whoever
// holds it (and is deleted by them afterwards). Every read checks the C
// value's kind, so a conformance that expects another shape gets an error.

/// Reads one component value for a ``ComponentLiftable`` conformance.
///
/// Only the library creates lifters; one is valid only during the
/// ``ComponentLiftable/init(lifting:)`` call it is given to.
@safe public struct ComponentLifter: ~Copyable {
    let value: UnsafePointer<wasmtime_component_val_t>
    let store: AnyStore
    /// Borrowed resource handles read so far (they expire when a host call returns).
    @usableFromInline var borrowed: [ResourceBox] = []

    @usableFromInline
    init(value: UnsafePointer<wasmtime_component_val_t>, store: AnyStore) {
        unsafe self.value = unsafe value
        self.store = store
    }

    // MARK: Public reads

    /// Lifts the value as `type` (for wrappers that delegate to another conforming type).
    public mutating func lift<T: ComponentLiftable>(_ type: T.Type = T.self) throws -> T {
        try T(lifting: &self)
    }

    /// Reads a record: `body` reads its fields by name with
    /// ``ComponentRecordLifter/field(_:as:)`` (fastest in declaration order).
    public mutating func record<R>(_ body: (inout ComponentRecordLifter) throws -> R) throws -> R {
        try expect(ValKind.record)
        let record = unsafe value.pointee.of.record
        var fields = unsafe ComponentRecordLifter(
            entries: record.data, count: record.size, store: store)
        swap(&fields.borrowed, &borrowed)
        defer { swap(&fields.borrowed, &borrowed) }
        return try body(&fields)
    }

    /// Reads a tuple: `body` reads its elements in order with ``ComponentTupleLifter/next(_:)``.
    public mutating func tuple<R>(_ body: (inout ComponentTupleLifter) throws -> R) throws -> R {
        try expect(ValKind.tuple)
        let tuple = unsafe value.pointee.of.tuple
        var elements = unsafe ComponentTupleLifter(data: tuple.data, count: tuple.size, store: store)
        swap(&elements.borrowed, &borrowed)
        defer { swap(&elements.borrowed, &borrowed) }
        return try body(&elements)
    }

    /// Reads a variant: `body` switches over ``ComponentVariantLifter/caseName``
    /// and reads the payload, if the case has one.
    public mutating func variant<R>(_ body: (inout ComponentVariantLifter) throws -> R) throws -> R {
        try expect(ValKind.variant)
        let variant = unsafe value.pointee.of.variant
        var lifter = unsafe ComponentVariantLifter(
            caseName: String(name: &UnsafeMutablePointer(mutating: value).pointee.of.variant.discriminant),
            payload: variant.val, store: store)
        swap(&lifter.borrowed, &borrowed)
        defer { swap(&lifter.borrowed, &borrowed) }
        return try body(&lifter)
    }

    /// The name of the enum case this value holds.
    public func enumCase() throws -> String {
        try expect(ValKind.enumeration)
        return unsafe String(name: &UnsafeMutablePointer(mutating: value).pointee.of.enumeration)
    }

    /// The names of the flags that are set, in declaration order.
    public func flags() throws -> [String] {
        try expect(ValKind.flags)
        let flags = unsafe value.pointee.of.flags
        guard unsafe flags.size > 0, let data = unsafe flags.data else { return [] }
        return unsafe (0..<flags.size).map { unsafe String(name: data + $0) }
    }

    /// The error to throw for a case name a conformance does not know.
    public func unknownCase(_ name: String) -> WasmtimeError {
        WasmtimeError(.typeMismatch, "unknown case `\(name)`")
    }

    // MARK: Library reads (built-in conformances)

    @inline(__always)
    func expect(_ kind: wasmtime_component_valkind_t) throws(WasmtimeError) {
        let actual = unsafe value.pointee.kind
        guard actual == kind else {
            throw WasmtimeError(.typeMismatch, "expected \(ValKind.name(kind)), got \(ValKind.name(actual))")
        }
    }

    @usableFromInline func liftBool() throws(WasmtimeError) -> Bool {
        try expect(ValKind.bool)
        return unsafe value.pointee.of.boolean
    }
    @usableFromInline func liftS8() throws(WasmtimeError) -> Int8 {
        try expect(ValKind.s8)
        return unsafe value.pointee.of.s8
    }
    @usableFromInline func liftU8() throws(WasmtimeError) -> UInt8 {
        try expect(ValKind.u8)
        return unsafe value.pointee.of.u8
    }
    @usableFromInline func liftS16() throws(WasmtimeError) -> Int16 {
        try expect(ValKind.s16)
        return unsafe value.pointee.of.s16
    }
    @usableFromInline func liftU16() throws(WasmtimeError) -> UInt16 {
        try expect(ValKind.u16)
        return unsafe value.pointee.of.u16
    }
    @usableFromInline func liftS32() throws(WasmtimeError) -> Int32 {
        try expect(ValKind.s32)
        return unsafe value.pointee.of.s32
    }
    @usableFromInline func liftU32() throws(WasmtimeError) -> UInt32 {
        try expect(ValKind.u32)
        return unsafe value.pointee.of.u32
    }
    @usableFromInline func liftS64() throws(WasmtimeError) -> Int64 {
        try expect(ValKind.s64)
        return unsafe value.pointee.of.s64
    }
    @usableFromInline func liftU64() throws(WasmtimeError) -> UInt64 {
        try expect(ValKind.u64)
        return unsafe value.pointee.of.u64
    }
    @usableFromInline func liftF32() throws(WasmtimeError) -> Float {
        try expect(ValKind.f32)
        return unsafe value.pointee.of.f32
    }
    @usableFromInline func liftF64() throws(WasmtimeError) -> Double {
        try expect(ValKind.f64)
        return unsafe value.pointee.of.f64
    }
    @usableFromInline func liftChar() throws(WasmtimeError) -> Unicode.Scalar {
        try expect(ValKind.char)
        guard let scalar = unsafe Unicode.Scalar(value.pointee.of.character) else {
            throw WasmtimeError(.typeMismatch, unsafe "invalid char value \(value.pointee.of.character)")
        }
        return scalar
    }

    @usableFromInline func liftString() throws(WasmtimeError) -> String {
        try expect(ValKind.string)
        return unsafe String(name: &UnsafeMutablePointer(mutating: value).pointee.of.string)
    }

    /// A `list<u8>` copied straight into an array.
    func liftBytes() throws(WasmtimeError) -> [UInt8] {
        try expect(ValKind.list)
        let list = unsafe value.pointee.of.list
        let count = unsafe list.size
        guard count > 0, let data = unsafe list.data else { return [] }
        var wrongKind: wasmtime_component_valkind_t?
        let bytes = unsafe [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count {
                let element = unsafe data + index
                guard unsafe element.pointee.kind == ValKind.u8 else {
                    wrongKind = unsafe element.pointee.kind
                    break
                }
                unsafe buffer[index] = unsafe element.pointee.of.u8
                initialized = index + 1
            }
        }
        if let wrongKind {
            throw WasmtimeError(.typeMismatch, "expected list<u8>, got a list of \(ValKind.name(wrongKind))")
        }
        return bytes
    }

    /// `list<T>`; `[UInt8]` goes through ``liftBytes()``.
    mutating func liftArray<Element: ComponentLiftable>(of type: Element.Type) throws -> [Element] {
        if Element.self == UInt8.self { return unsafe unsafeBitCast(try liftBytes(), to: [Element].self) }
        return try liftList(of: Element.self)
    }

    mutating func liftList<Element: ComponentLiftable>(of type: Element.Type) throws -> [Element] {
        try expect(ValKind.list)
        let list = unsafe value.pointee.of.list
        let count = unsafe list.size
        guard count > 0, let data = unsafe list.data else { return [] }
        var elements: [Element] = []
        elements.reserveCapacity(count)
        for index in 0..<count {
            elements.append(unsafe try liftValue(Element.self, from: data + index, store: store, borrowed: &borrowed))
        }
        return elements
    }

    mutating func liftOption<Wrapped: ComponentLiftable>(of type: Wrapped.Type) throws -> Wrapped? {
        try expect(ValKind.option)
        guard let payload = unsafe value.pointee.of.option else { return nil }
        return unsafe try liftValue(Wrapped.self, from: payload, store: store, borrowed: &borrowed)
    }

    /// A `result`; the payload of the side that is set is read as `Success`
    /// or `Failure` (a ``ComponentUnit`` for an absent one).
    mutating func liftResult<Success: ComponentLiftable, Failure: ComponentLiftable & Error>(
        _ success: Success.Type, _ failure: Failure.Type
    ) throws -> Result<Success, Failure> {
        try expect(ValKind.result)
        let result = unsafe value.pointee.of.result
        if unsafe result.is_ok {
            return .success(unsafe try liftPayload(result.val, as: Success.self))
        }
        return .failure(unsafe try liftPayload(result.val, as: Failure.self))
    }

    private mutating func liftPayload<T: ComponentLiftable>(
        _ payload: UnsafeMutablePointer<wasmtime_component_val_t>?, as type: T.Type
    ) throws -> T {
        guard let payload = unsafe payload else {
            guard let unit = ComponentUnit() as? T else {
                throw WasmtimeError(.typeMismatch, "expected a payload of Swift type \(T.self), got none")
            }
            return unit
        }
        return unsafe try liftValue(T.self, from: payload, store: store, borrowed: &borrowed)
    }

    mutating func liftMap<Key: ComponentLiftable & Hashable, Value: ComponentLiftable>(
        _ key: Key.Type, _ valueType: Value.Type
    ) throws -> [Key: Value] {
        try expect(ValKind.map)
        let map = unsafe value.pointee.of.map
        let count = unsafe map.size
        guard count > 0, let data = unsafe map.data else { return [:] }
        var entries: [Key: Value] = [:]
        entries.reserveCapacity(count)
        for index in 0..<count {
            let entry = unsafe data + index
            let key = unsafe try liftValue(Key.self, from: &entry.pointee.key, store: store, borrowed: &borrowed)
            entries[key] = unsafe try liftValue(
                Value.self, from: &entry.pointee.value, store: store, borrowed: &borrowed)
        }
        return entries
    }

    mutating func liftResource() throws -> ComponentResource {
        try expect(ValKind.resource)
        guard let raw = unsafe value.pointee.of.resource,
            let clone = unsafe wasmtime_component_resource_any_clone(raw)
        else {
            throw WasmtimeError(.typeMismatch, "resource value without a handle")
        }
        let box = unsafe ResourceBox(taking: clone, store: store)
        if !box.isOwned { borrowed.append(box) }
        return ComponentResource(box)
    }

    mutating func liftDynamic() throws -> ComponentValue {
        var context = DecodingContext(store: store)
        defer { borrowed.append(contentsOf: context.borrowedResources) }
        return unsafe try ComponentValue(decoding: value, context: &context)
    }
}

/// Lifts the value at `value` as `T`, carrying the borrowed handles read so far.
@inlinable @inline(__always)
func liftValue<T: ComponentLiftable>(
    _ type: T.Type, from value: UnsafePointer<wasmtime_component_val_t>, store: AnyStore,
    borrowed: inout [ResourceBox]
) throws -> T {
    var lifter = unsafe ComponentLifter(value: value, store: store)
    swap(&lifter.borrowed, &borrowed)
    defer { swap(&lifter.borrowed, &borrowed) }
    return try T(lifting: &lifter)
}

/// Reads the fields of a record for ``ComponentLifter/record(_:)``.
@safe public struct ComponentRecordLifter: ~Copyable {
    let entries: UnsafeMutablePointer<wasmtime_component_valrecord_entry_t>?
    let count: Int
    @usableFromInline let store: AnyStore
    @usableFromInline var borrowed: [ResourceBox] = []
    var index = 0

    init(entries: UnsafeMutablePointer<wasmtime_component_valrecord_entry_t>?, count: Int, store: AnyStore) {
        unsafe self.entries = unsafe entries
        self.count = count
        self.store = store
    }

    /// Reads the field `name` (as the WIT type spells it) as `type`.
    @inlinable
    public mutating func field<T: ComponentLiftable>(_ name: String, as type: T.Type = T.self) throws -> T {
        let slot = unsafe try fieldValue(name)
        do {
            return unsafe try liftValue(T.self, from: slot, store: store, borrowed: &borrowed)
        } catch let error as WasmtimeError {
            throw fieldError(error, name)
        }
    }

    /// The value of the field `name`: the next one in declaration order, or found by name.
    @usableFromInline
    mutating func fieldValue(_ name: String) throws(WasmtimeError) -> UnsafePointer<wasmtime_component_val_t> {
        guard let entries = unsafe entries else {
            throw WasmtimeError(.typeMismatch, "the record has no field `\(name)`")
        }
        var position = index
        if unsafe position >= count || !Self.nameEquals(&entries[position].name, name) {
            guard let found = (0..<count).first(where: { unsafe Self.nameEquals(&entries[$0].name, name) })
            else {
                throw WasmtimeError(.typeMismatch, "the record has no field `\(name)`")
            }
            position = found
        }
        index = position + 1
        return unsafe UnsafePointer(recordEntryValue(entries + position))
    }

    /// Whether a C name holds exactly `text`'s UTF-8 bytes (no copy of `text`).
    private static func nameEquals(_ name: UnsafePointer<wasm_name_t>, _ text: String) -> Bool {
        unsafe utf8Equals(text, name.pointee.data, name.pointee.size)
    }
}

/// Whether the `count` bytes at `bytes` are exactly `text`'s UTF-8 bytes
/// (a plain byte loop: names are short, and the generic `elementsEqual`
/// costs more than the comparison).
func utf8Equals(_ text: String, _ bytes: UnsafePointer<CChar>?, _ count: Int) -> Bool {
    var text = text
    return text.withUTF8 { utf8 in
        guard utf8.count == count else { return false }
        guard count > 0, let bytes = unsafe bytes else { return true }
        for index in 0..<count where unsafe UInt8(bitPattern: bytes[index]) != utf8[index] { return false }
        return true
    }
}

/// Reads the elements of a tuple for ``ComponentLifter/tuple(_:)``.
@safe public struct ComponentTupleLifter: ~Copyable {
    let data: UnsafeMutablePointer<wasmtime_component_val_t>?
    let count: Int
    let store: AnyStore
    var borrowed: [ResourceBox] = []
    var index = 0

    init(data: UnsafeMutablePointer<wasmtime_component_val_t>?, count: Int, store: AnyStore) {
        unsafe self.data = unsafe data
        self.count = count
        self.store = store
    }

    /// The number of elements.
    public var elementCount: Int { count }

    /// Reads the next element as `type`.
    public mutating func next<T: ComponentLiftable>(_ type: T.Type = T.self) throws -> T {
        guard index < count, let data = unsafe data else {
            throw WasmtimeError(.typeMismatch, "the tuple has only \(count) element(s)")
        }
        index += 1
        return unsafe try liftValue(T.self, from: data + (index - 1), store: store, borrowed: &borrowed)
    }
}

/// Reads a variant for ``ComponentLifter/variant(_:)``.
@safe public struct ComponentVariantLifter: ~Copyable {
    /// The case's name, as the WIT type spells it.
    public let caseName: String
    let payloadValue: UnsafeMutablePointer<wasmtime_component_val_t>?
    let store: AnyStore
    var borrowed: [ResourceBox] = []

    init(caseName: String, payload: UnsafeMutablePointer<wasmtime_component_val_t>?, store: AnyStore) {
        self.caseName = caseName
        unsafe payloadValue = unsafe payload
        self.store = store
    }

    /// Whether the case carries a payload.
    public var hasPayload: Bool { unsafe payloadValue != nil }

    /// Reads the case's payload as `type`.
    public mutating func payload<T: ComponentLiftable>(as type: T.Type = T.self) throws -> T {
        guard let payload = unsafe payloadValue else {
            throw WasmtimeError(.typeMismatch, "variant case `\(caseName)` has no payload")
        }
        return unsafe try liftValue(T.self, from: payload, store: store, borrowed: &borrowed)
    }

    /// The error to throw for a case a conformance does not know.
    public func unknownCase() -> WasmtimeError {
        WasmtimeError(.typeMismatch, "unknown variant case `\(caseName)`")
    }
}

@available(*, unavailable, message: "a lifter is only valid during the init(lifting:) call it is given to")
extension ComponentLifter: Sendable {}
