import CWasmtime

/// The arguments of a call to a dynamically typed host function, read in
/// place from Wasmtime's buffer: only the values you read are converted.
///
/// Valid only during the call: host closures receive it `borrowing`, and it
/// cannot be copied or kept.
@safe public struct HostArguments: ~Copyable {
    // Safe to hand out: noncopyable and lent `borrowing` for one call, so it
    // cannot outlive Wasmtime's buffer; every index is checked. Four words,
    // so that closures receive it in registers.
    @usableFromInline let slots: RawSlots
    // The host function that creates these keeps the signature alive, so it
    // is borrowed without reference counting.
    @usableFromInline let signature: BorrowedSignature
    @usableFromInline let caller: CallerContext

    init(slots: RawSlots, signature: CallSignature, caller: CallerContext) {
        // As many slots as parameters (Wasmtime's buffer holds at least that
        // many), so the one index check of an access covers kinds and slots.
        self.slots = unsafe slots.assumingCount(signature.parameters.count)
        self.signature = BorrowedSignature(signature)
        self.caller = caller
    }

    /// The number of arguments: the count of the function type's parameters.
    public var count: Int { slots.count }

    /// The valid indices, `0..<count`.
    public var indices: Range<Int> { 0..<slots.count }

    /// The argument at `index`, which must be in `indices`.
    @inlinable @inline(__always)
    public subscript(index: Int) -> Value {
        // Inlined, so that matching a number compiles to a kind comparison.
        precondition(UInt(bitPattern: index) < UInt(bitPattern: slots.count), "argument index out of range")
        return unsafe CallSignature.loadNumber(kinds[index], from: slots, at: index) ?? loadConverted(at: index)
    }

    /// The parameters' kinds (as many as `slots`).
    @inlinable var kinds: UnsafeBufferPointer<ValueKind> {
        unsafe signature.with { unsafe $0.parameters }
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
    // Safe for the same reasons as HostArguments. The slots are a zeroed
    // buffer of the call's own, so unassigned results are zero.
    @usableFromInline let slots: RawSlots
    @usableFromInline let signature: BorrowedSignature
    @usableFromInline let caller: CallerContext
    /// What assignments other than numbers of the right kind left behind;
    /// nil in the common case, so a call carries one null pointer. Owned
    /// (+1) by this value and released by the host function after the
    /// closure returns: unmanaged, so the common case releases nothing.
    @usableFromInline var slowAssignments: Unmanaged<SlowAssignments>?

    /// `slots` holds as many slots as there are results.
    init(slots: RawSlots, signature: CallSignature, caller: CallerContext) {
        self.slots = slots
        self.signature = BorrowedSignature(signature)
        self.caller = caller
    }

    /// The number of results: the count of the function type's results.
    public var count: Int { slots.count }

    /// The valid indices, `0..<count`.
    public var indices: Range<Int> { 0..<slots.count }

    /// The result at `index`, which must be in `indices`.
    @inlinable @inline(__always)
    public subscript(index: Int) -> Value {
        get {
            precondition(UInt(bitPattern: index) < UInt(bitPattern: slots.count), "result index out of range")
            return unsafe CallSignature.loadNumber(kinds[index], from: slots, at: index) ?? loadConverted(at: index)
        }
        set {
            // Inlined, so that assigning a number compiles to a kind
            // comparison and a store.
            precondition(UInt(bitPattern: index) < UInt(bitPattern: slots.count), "result index out of range")
            if unsafe CallSignature.storeNumeric(newValue, kinds[index], to: slots, at: index) {
                if _slowPath(unsafe slowAssignments != nil) { numberAssigned(at: index) }
                return
            }
            storeChecked(newValue, at: index)
        }
    }

    /// The results' kinds (as many as `slots`).
    @inlinable var kinds: UnsafeBufferPointer<ValueKind> {
        unsafe signature.with { unsafe $0.results }
    }

    @usableFromInline
    func loadConverted(at index: Int) -> Value {
        if unsafe kinds[index] == .reference {
            return unsafe slowAssignments?._withUnsafeGuaranteedRef { $0.reference(at: index) }
                ?? signature.with { Value.zero(of: $0.type.results[index]) }
        }
        let (slots, caller) = (self.slots, self.caller)
        return signature.with { $0.loadResult(index, from: slots, store: caller.store) }
    }

    /// A valid number was assigned: it may correct an earlier failure.
    @usableFromInline
    func numberAssigned(at index: Int) {
        unsafe slowAssignments?._withUnsafeGuaranteedRef { $0.assigned(at: index, failure: nil) }
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
        if unsafe slowAssignments == nil { unsafe slowAssignments = unsafe .passRetained(SlowAssignments()) }
        unsafe slowAssignments.unsafelyUnwrapped._withUnsafeGuaranteedRef {
            $0.assigned(at: index, failure: error, reference: isReference && error == nil ? value : nil)
        }
    }

    /// Releases what slow assignments left behind, when the closure threw.
    func releaseSlowAssignments() {
        unsafe slowAssignments?.release()
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

    /// Fails the call for a result left with a wrong type, then converts the
    /// recorded references into their (zeroed) slots; releases `slow`.
    @inline(never)
    static func finish(
        _ slow: Unmanaged<SlowAssignments>, into slots: RawSlots, signature: CallSignature, caller: CallerContext
    ) throws(WasmtimeError) {
        let slow = unsafe slow.takeRetainedValue()
        if let failure = slow.failure { throw failure.error }
        try slow.storeReferences(into: slots, signature: signature, store: caller.store)
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
