import CWasmtime

/// The arguments of a call to a dynamically typed host function, read in
/// place from Wasmtime's buffer: only the values you read are converted.
///
/// Valid only during the call: host closures receive it `borrowing`, and it
/// cannot be copied or kept.
@safe public struct HostArguments: ~Copyable {
    // Safe to hand out: noncopyable and lent `borrowing` for one call, so it
    // cannot outlive Wasmtime's buffer; every index is checked.
    @usableFromInline let slots: RawSlots
    @usableFromInline let kinds: UnsafeBufferPointer<ValueKind>
    // The adapter that creates these keeps the signature alive, so it is
    // borrowed without reference counting.
    @usableFromInline let signature: BorrowedSignature
    @usableFromInline let caller: CallerContext

    init(slots: RawSlots, signature: CallSignature, caller: CallerContext) {
        // As many slots as parameters (Wasmtime's buffer holds at least that
        // many), so the one index check of an access covers kinds and slots.
        self.slots = unsafe slots.assumingCount(signature.parameters.count)
        unsafe kinds = unsafe signature.parameters
        self.signature = BorrowedSignature(signature)
        self.caller = caller
    }

    /// The number of arguments: the count of the function type's parameters.
    public var count: Int { unsafe kinds.count }

    /// The valid indices, `0..<count`.
    public var indices: Range<Int> { unsafe 0..<kinds.count }

    /// The argument at `index`, which must be in `indices`.
    @inlinable @inline(__always)
    public subscript(index: Int) -> Value {
        // Inlined, so that matching a number compiles to a kind comparison.
        precondition(UInt(bitPattern: index) < UInt(slots.count), "argument index out of range")
        return unsafe CallSignature.load(kinds[index], from: slots, at: index) ?? loadConverted(at: index)
    }

    @usableFromInline
    func loadConverted(at index: Int) -> Value {
        let (slots, caller) = (self.slots, self.caller)
        return signature.with { $0.loadParameter(index, from: slots, store: caller.store) }
    }

    /// All arguments as a new array.
    public var values: [Value] {
        indices.map { self[$0] }
    }
}

/// The results of a call to a dynamically typed host function, written in
/// place: each assignment is checked against the function type and
/// converted at once. Results you do not assign are zeros, or nulls for
/// references.
///
/// A result left with a value of the wrong type fails the call with a
/// ``WasmtimeError`` of kind ``WasmtimeError/Kind/typeMismatch`` when the
/// closure returns. Valid only during the call: host closures receive it
/// `inout`, and it cannot be copied or kept.
@safe public struct HostResults: ~Copyable {
    // Safe for the same reasons as HostArguments.
    @usableFromInline let slots: RawSlots
    @usableFromInline let kinds: UnsafeBufferPointer<ValueKind>
    @usableFromInline let signature: BorrowedSignature
    @usableFromInline let caller: CallerContext
    /// What assignments other than numbers of the right kind left behind;
    /// nil in the common case, so a call carries one null pointer.
    @usableFromInline var slowAssignments: SlowAssignments?

    init(slots: RawSlots, signature: CallSignature, caller: CallerContext) {
        self.slots = unsafe slots.assumingCount(signature.results.count)
        unsafe kinds = unsafe signature.results
        self.signature = BorrowedSignature(signature)
        self.caller = caller
    }

    /// The number of results: the count of the function type's results.
    public var count: Int { unsafe kinds.count }

    /// The valid indices, `0..<count`.
    public var indices: Range<Int> { unsafe 0..<kinds.count }

    /// The result at `index`, which must be in `indices`.
    @inlinable @inline(__always)
    public subscript(index: Int) -> Value {
        get {
            precondition(UInt(bitPattern: index) < UInt(slots.count), "result index out of range")
            return unsafe CallSignature.load(kinds[index], from: slots, at: index) ?? loadConverted(at: index)
        }
        set {
            // Inlined, so that assigning a number compiles to a kind
            // comparison and a store.
            precondition(UInt(bitPattern: index) < UInt(slots.count), "result index out of range")
            if unsafe CallSignature.storeNumeric(newValue, kinds[index], to: slots, at: index) {
                if _slowPath(slowAssignments != nil) { numberAssigned(at: index) }
                return
            }
            storeChecked(newValue, at: index)
        }
    }

    @usableFromInline
    func loadConverted(at index: Int) -> Value {
        if unsafe kinds[index] == .reference {
            return slowAssignments?.reference(at: index)
                ?? signature.with { Value.zero(of: $0.type.results[index]) }
        }
        let (slots, caller) = (self.slots, self.caller)
        return signature.with { $0.loadResult(index, from: slots, store: caller.store) }
    }

    /// A valid number was assigned: it may correct an earlier failure.
    @usableFromInline
    func numberAssigned(at index: Int) {
        slowAssignments?.assigned(at: index, failure: nil)
    }

    @usableFromInline
    mutating func storeChecked(_ value: Value, at index: Int) {
        let (slots, caller) = (self.slots, self.caller)
        let isReference = unsafe kinds[index] == .reference
        let error = signature.with { signature -> WasmtimeError? in
            do throws(WasmtimeError) {
                if isReference {
                    try signature.checkResult(value, index, store: caller.store)
                } else {
                    try signature.storeResult(value, index, to: slots, store: caller.store)
                }
                return nil
            } catch {
                return error
            }
        }
        if slowAssignments == nil { slowAssignments = SlowAssignments() }
        slowAssignments!.assigned(at: index, failure: error, reference: isReference && error == nil ? value : nil)
    }
}

/// Result assignments of a host call that take more than a store: a wrong
/// type, or a reference (kept as a Swift value until the closure returns).
@usableFromInline final class SlowAssignments {
    /// The latest assignment that did not match the function type, unless a
    /// valid value was assigned to the same index since.
    private(set) var failure: (index: Int, error: WasmtimeError)?
    private var references: [(index: Int, value: Value)] = []

    init() {}

    func reference(at index: Int) -> Value? {
        references.first { $0.index == index }?.value
    }

    /// Records the outcome of assigning result `index`.
    func assigned(at index: Int, failure: WasmtimeError?, reference: Value? = nil) {
        references.removeAll { $0.index == index }
        if let reference { references.append((index, reference)) }
        if let failure {
            self.failure = (index, failure)
        } else if self.failure?.index == index {
            self.failure = nil
        }
    }

    /// Converts the recorded references into their (zeroed) slots.
    func storeReferences(
        into slots: RawSlots, signature: CallSignature,
        store: @autoclosure () -> AnyStore
    ) throws(WasmtimeError) {
        guard !references.isEmpty else { return }
        let store = store()
        for (index, value) in references {
            try signature.storeResult(value, index, to: slots, store: store)
        }
        store.releaseTemporaryRoots()
    }
}
