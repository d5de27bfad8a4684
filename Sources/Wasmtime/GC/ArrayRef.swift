/// A GC array object that lives in a store.
///
/// Allocate one from Swift with an ``ArrayType``, or get one from wasm with
/// ``AnyRef/asArray()``. The object stays rooted while this Swift object is
/// alive, and it keeps its store alive. Indices, mutability and value types
/// are checked before Wasmtime is called.
public final class ArrayRef {
    let store: AnyStore
    /// The root, released with this object.
    let root: RootedArrayRef
    private var knownType: ArrayType?
    /// Arrays never change length: read once (-1 until then).
    private var knownCount = -1
    /// Whether elements are mutable `i32`s or packed integers, which `i32`
    /// values are written to directly (0 no, 1 yes, -1 not known yet).
    private var int32Writable: Int8 = -1

    init(store: AnyStore, root: consuming RootedArrayRef, type: ArrayType?, count: Int?) {
        self.store = store
        self.root = root
        knownType = type
        knownCount = count ?? -1
    }

    /// Allocates an array of `type` with `count` copies of `element`.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/storeMismatch``
    ///   when `type` belongs to another engine or `element` to another store,
    ///   ``WasmtimeError/Kind/outOfBounds`` for a negative count or one above
    ///   `UInt32.max`, ``WasmtimeError/Kind/typeMismatch`` or
    ///   ``WasmtimeError/Kind/nullReference`` for a value that does not fit
    ///   the element type (null where it is not nullable), and
    ///   ``WasmtimeError/Kind/resourceLimit`` when the GC heap cannot hold it.
    public convenience init(store: AnyStore, type: ArrayType, repeating element: Value, count: Int)
        throws(WasmtimeError)
    {
        try type.checkUsable(in: store)
        guard count >= 0, let length = UInt32(exactly: count) else {
            throw WasmtimeError(.outOfBounds, "array length \(count) out of range")
        }
        try element.check(store: store)
        try type.element.check(element, what: "array element")
        let root = try RootedArrayRef.allocate(
            store.allocator(for: type), repeating: element, count: length, store: store)
        self.init(store: store, root: root, type: type, count: count)
    }

    /// Allocates an array of `type` holding `elements`.
    ///
    /// The array is filled with the first element, then the others are
    /// written one by one, so an immutable element type only accepts
    /// elements that are all the same number or all null.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/immutable``
    ///   for different values of an immutable element type, and the errors
    ///   of ``init(store:type:repeating:count:)``.
    public convenience init(store: AnyStore, type: ArrayType, elements: [Value]) throws(WasmtimeError) {
        guard let first = elements.first else {
            try self.init(store: store, type: type, repeating: .zero(of: type.element.storage.unpacked), count: 0)
            return
        }
        for (index, element) in elements.enumerated() {
            try element.check(store: store)
            try type.element.check(element, what: "element \(index)")
        }
        // WORKAROUND(wasmtime-50): the C API allocates arrays only filled with
        // one value (no `array.new_fixed`), so distinct values are written
        // afterwards, which an immutable array refuses.
        if !type.element.isMutable, !elements.allSatisfy({ $0.hasSameBits(as: first) }) {
            throw WasmtimeError(
                .immutable,
                "the elements of \(type) are immutable: Wasmtime's C API can fill such an array only with one repeated value"
            )
        }
        try self.init(store: store, type: type, repeating: first, count: elements.count)
        guard type.element.isMutable else { return }
        for index in elements.indices.dropFirst() {
            try root.setElement(UInt32(index), elements[index], store: store)
        }
    }

    /// The array's type (read from the object once, for arrays wasm made).
    public var type: ArrayType {
        if let knownType { return knownType }
        let read = ArrayType(engine: store.engine, handle: root.type(in: store.context))
        knownType = read
        return read
    }

    /// The number of elements.
    public var count: Int {
        if knownCount >= 0 { return knownCount }
        // Cannot fail for a live, rooted array of this store.
        let read = (try? root.count(in: store.context)).map(Int.init) ?? 0
        knownCount = read
        return read
    }

    @inline(__always)
    private func checkIndex(_ index: Int) throws(WasmtimeError) -> UInt32 {
        let count = self.count
        guard index >= 0, index < count else {
            throw WasmtimeError(.outOfBounds, "array index \(index) out of range: the array has \(count) element(s)")
        }
        return UInt32(truncatingIfNeeded: index)
    }

    /// Reads element `index`. Packed elements widen to `i32` as `extension` says.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/outOfBounds``
    ///   when `index` is not below ``count``.
    public func element(at index: Int, _ extension: PackedExtension = .unsigned) throws(WasmtimeError) -> Value {
        let position = try checkIndex(index)
        let value = try root.element(position, store: store)
        return `extension` == .signed ? type.element.extend(value, .signed) : value
    }

    /// Writes `value` into element `index`; the element type must be mutable.
    ///
    /// - Throws: ``WasmtimeError`` of kind ``WasmtimeError/Kind/outOfBounds``
    ///   when `index` is not below ``count``,
    ///   ``WasmtimeError/Kind/immutable`` for an immutable element type, and
    ///   ``WasmtimeError/Kind/typeMismatch`` or
    ///   ``WasmtimeError/Kind/nullReference`` for a value that does not fit
    ///   the element type (null where it is not nullable), and
    ///   ``WasmtimeError/Kind/storeMismatch`` for a value of another store.
    public func setElement(_ value: Value, at index: Int) throws(WasmtimeError) {
        let position = try checkIndex(index)
        // The common case, numbers into a mutable i32 or packed array, needs
        // no further checks.
        if case .i32(let bits) = value {
            if int32Writable < 0 {
                let element = type.element
                let numeric = element.storage == .i8 || element.storage == .i16 || element.storage == .value(.i32)
                int32Writable = element.isMutable && numeric ? 1 : 0
            }
            if int32Writable == 1 {
                try root.setInt32(position, bits, in: store.context)
                return
            }
        }
        let element = type.element
        guard element.isMutable else {
            throw WasmtimeError(.immutable, "the elements of \(type) are immutable")
        }
        try value.check(store: store)
        try element.check(value, what: "element \(index)")
        try root.setElement(position, value, store: store)
    }

    /// Reads every element, in order.
    ///
    /// - Throws: ``WasmtimeError`` if Wasmtime fails to read an element,
    ///   as ``element(at:_:)`` does.
    public func elements(_ extension: PackedExtension = .unsigned) throws(WasmtimeError) -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(count)
        for index in 0..<count { values.append(try element(at: index, `extension`)) }
        return values
    }

    /// The same object as an ``AnyRef``, to pass where wasm expects
    /// `anyref`, `eqref` or `arrayref`.
    public var anyRef: AnyRef {
        AnyRef(root: root.anyRef(store: store))
    }
}

@available(*, unavailable, message: "GC references belong to a single-threaded store")
extension ArrayRef: Sendable {}

extension Value {
    /// Whether both are the same number (bit for bit) or both null.
    func hasSameBits(as other: Value) -> Bool {
        switch (self, other) {
        case (.i32(let a), .i32(let b)): a == b
        case (.i64(let a), .i64(let b)): a == b
        case (.f32(let a), .f32(let b)): a.bitPattern == b.bitPattern
        case (.f64(let a), .f64(let b)): a.bitPattern == b.bitPattern
        case (.v128(let a), .v128(let b)): a == b
        default: isNull && other.isNull
        }
    }
}
