import CWasmtime

/// The arguments of a call to a dynamically typed host function, read in
/// place from Wasmtime's buffer: only the values you read are converted.
///
/// Valid only during the call: host closures receive it `borrowing`, and it
/// cannot be copied or kept.
public struct HostArguments: ~Copyable {
    @usableFromInline let slots: UnsafeMutableRawPointer
    @usableFromInline let kinds: UnsafeBufferPointer<ValueKind>
    // The adapter that creates these keeps the signature alive, so it is
    // borrowed without reference counting.
    @usableFromInline let signature: Unmanaged<CallSignature>
    @usableFromInline let caller: OpaquePointer

    init(slots: UnsafeMutableRawPointer, signature: CallSignature, caller: OpaquePointer) {
        self.slots = slots
        kinds = signature.parameters
        self.signature = .passUnretained(signature)
        self.caller = caller
    }

    /// The number of arguments: the count of the function type's parameters.
    public var count: Int { kinds.count }

    /// The valid indices, `0..<count`.
    public var indices: Range<Int> { 0..<kinds.count }

    /// The argument at `index`, which must be in `indices`.
    @inlinable @inline(__always)
    public subscript(index: Int) -> Value {
        // Inlined, so that matching a number compiles to a kind comparison.
        precondition(UInt(bitPattern: index) < UInt(kinds.count), "argument index out of range")
        return CallSignature.load(kinds[index], from: CallSignature.slot(index, in: slots)) ?? loadConverted(at: index)
    }

    @usableFromInline
    func loadConverted(at index: Int) -> Value {
        let (slots, caller) = (self.slots, self.caller)
        return signature._withUnsafeGuaranteedRef { $0.loadParameter(index, from: slots, store: .of(caller: caller)) }
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
public struct HostResults: ~Copyable {
    @usableFromInline let slots: UnsafeMutableRawPointer
    @usableFromInline let kinds: UnsafeBufferPointer<ValueKind>
    @usableFromInline let signature: Unmanaged<CallSignature>
    @usableFromInline let caller: OpaquePointer
    /// What assignments other than numbers of the right kind left behind;
    /// nil in the common case, so a call carries one null pointer.
    @usableFromInline var slowAssignments: SlowAssignments?

    init(slots: UnsafeMutableRawPointer, signature: CallSignature, caller: OpaquePointer) {
        self.slots = slots
        kinds = signature.results
        self.signature = .passUnretained(signature)
        self.caller = caller
    }

    /// The number of results: the count of the function type's results.
    public var count: Int { kinds.count }

    /// The valid indices, `0..<count`.
    public var indices: Range<Int> { 0..<kinds.count }

    /// The result at `index`, which must be in `indices`.
    @inlinable @inline(__always)
    public subscript(index: Int) -> Value {
        get {
            precondition(UInt(bitPattern: index) < UInt(kinds.count), "result index out of range")
            return CallSignature.load(kinds[index], from: CallSignature.slot(index, in: slots)) ?? loadConverted(at: index)
        }
        set {
            // Inlined, so that assigning a number compiles to a kind
            // comparison and a store.
            precondition(UInt(bitPattern: index) < UInt(kinds.count), "result index out of range")
            if CallSignature.storeNumeric(newValue, kinds[index], to: CallSignature.slot(index, in: slots)) {
                if _slowPath(slowAssignments != nil) { numberAssigned(at: index) }
                return
            }
            storeChecked(newValue, at: index)
        }
    }

    @usableFromInline
    func loadConverted(at index: Int) -> Value {
        if kinds[index] == .reference {
            return slowAssignments?.reference(at: index)
                ?? signature._withUnsafeGuaranteedRef { Value.zero(of: $0.type.results[index]) }
        }
        let (slots, caller) = (self.slots, self.caller)
        return signature._withUnsafeGuaranteedRef { $0.loadResult(index, from: slots, store: .of(caller: caller)) }
    }

    /// A valid number was assigned: it may correct an earlier failure.
    @usableFromInline
    func numberAssigned(at index: Int) {
        slowAssignments?.assigned(at: index, failure: nil)
    }

    @usableFromInline
    mutating func storeChecked(_ value: Value, at index: Int) {
        let (slots, caller) = (self.slots, self.caller)
        let isReference = kinds[index] == .reference
        let error = signature._withUnsafeGuaranteedRef { signature -> WasmtimeError? in
            do throws(WasmtimeError) {
                if isReference {
                    try signature.checkResult(value, index, store: .of(caller: caller))
                } else {
                    try signature.storeResult(value, index, to: slots, store: .of(caller: caller))
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
    func storeReferences(into slots: UnsafeMutableRawPointer, signature: CallSignature,
                         store: @autoclosure () -> AnyStore) throws(WasmtimeError) {
        guard !references.isEmpty else { return }
        let store = store()
        for (index, value) in references {
            try signature.storeResult(value, index, to: slots, store: store)
        }
        store.releaseTemporaryRoots()
    }
}
