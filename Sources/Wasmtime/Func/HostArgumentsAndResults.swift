import CWasmtime

/// The arguments of a call to a dynamically typed host function, read in
/// place from Wasmtime's buffer: only the values you read are converted.
///
/// Valid only during the call: host closures receive it `borrowing`, and it
/// cannot be copied or kept.
public struct HostArguments: ~Copyable {
    let slots: UnsafeMutableRawPointer
    // The adapter that creates these keeps the signature alive.
    unowned(unsafe) let signature: CallSignature
    let caller: OpaquePointer

    init(slots: UnsafeMutableRawPointer, signature: CallSignature, caller: OpaquePointer) {
        self.slots = slots
        self.signature = signature
        self.caller = caller
    }

    /// The number of arguments: the count of the function type's parameters.
    public var count: Int { signature.parameters.count }

    /// The valid indices, `0..<count`.
    public var indices: Range<Int> { 0..<count }

    /// The argument at `index`, which must be in `indices`.
    public subscript(index: Int) -> Value {
        precondition(index >= 0 && index < count, "argument index \(index) out of range 0..<\(count)")
        let caller = self.caller
        return signature.loadParameter(index, from: slots, store: .of(caller: caller))
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
/// closure returns.
/// Valid only during the call: host closures receive it `inout`, and it
/// cannot be copied or kept.
public struct HostResults: ~Copyable {
    let slots: UnsafeMutableRawPointer
    unowned(unsafe) let signature: CallSignature
    let caller: OpaquePointer
    /// The latest assignment that did not match the function type, unless
    /// a valid value was assigned to the same index since.
    var failure: (index: Int, error: WasmtimeError)?

    init(slots: UnsafeMutableRawPointer, signature: CallSignature, caller: OpaquePointer) {
        self.slots = slots
        self.signature = signature
        self.caller = caller
    }

    /// The number of results: the count of the function type's results.
    public var count: Int { signature.results.count }

    /// The valid indices, `0..<count`.
    public var indices: Range<Int> { 0..<count }

    /// The result at `index`, which must be in `indices`.
    public subscript(index: Int) -> Value {
        get {
            precondition(index >= 0 && index < count, "result index \(index) out of range 0..<\(count)")
            let caller = self.caller
            return signature.loadResult(index, from: slots, store: .of(caller: caller))
        }
        set {
            precondition(index >= 0 && index < count, "result index \(index) out of range 0..<\(count)")
            let caller = self.caller
            do {
                try signature.storeResult(newValue, index, to: slots, store: .of(caller: caller))
                if failure?.index == index { failure = nil }
            } catch {
                failure = (index, error)
            }
        }
    }
}
