/// Why WebAssembly trapped, as reported by Wasmtime 50.
///
/// Raw values match `wasmtime_trap_code_t`. Codes above `uncaughtException`
/// come from the component model and async features, which this package does
/// not expose, but they are listed so every code Wasmtime can report maps to a case.
public enum TrapCode: UInt8, Sendable, CaseIterable {
    /// The wasm stack was exhausted.
    case stackOverflow = 0
    /// An out-of-bounds linear memory access.
    case memoryOutOfBounds = 1
    /// A misaligned atomic access.
    case heapMisaligned = 2
    /// An out-of-bounds table access.
    case tableOutOfBounds = 3
    /// `call_indirect` reached a null table entry.
    case indirectCallToNull = 4
    /// `call_indirect` found a function of the wrong type.
    case badSignature = 5
    /// Integer overflow in a conversion or division.
    case integerOverflow = 6
    /// Integer division by zero.
    case integerDivisionByZero = 7
    /// A float-to-integer conversion of NaN or an out-of-range value.
    case badConversionToInteger = 8
    /// An `unreachable` instruction was executed.
    case unreachable = 9
    /// The epoch deadline was reached.
    case interrupt = 10
    /// The store ran out of fuel.
    case outOfFuel = 11
    /// `memory.atomic.wait` on a non-shared memory.
    case atomicWaitNonSharedMemory = 12
    /// A null reference was dereferenced.
    case nullReference = 13
    /// An out-of-bounds GC array access.
    case arrayOutOfBounds = 14
    /// A GC allocation was too large.
    case allocationTooLarge = 15
    /// A `ref.cast` failed.
    case castFailure = 16
    /// A component could not be entered.
    case cannotEnterComponent = 17
    /// An async call produced no result.
    case noAsyncResult = 18
    /// A stack-switching tag was not handled.
    case unhandledTag = 19
    /// A continuation was resumed twice.
    case continuationAlreadyConsumed = 20
    /// An opcode disabled by configuration was executed.
    case disabledOpcode = 21
    /// Component async deadlock.
    case asyncDeadlock = 22
    /// A component could not be left.
    case cannotLeaveComponent = 23
    /// A synchronous task tried to block.
    case cannotBlockSyncTask = 24
    /// An invalid `char` crossed a component boundary.
    case invalidChar = 25
    /// Component string encoding assertion.
    case debugAssertStringEncodingFinished = 26
    /// Component string code-unit assertion.
    case debugAssertEqualCodeUnits = 27
    /// Component pointer alignment assertion.
    case debugAssertPointerAligned = 28
    /// Component upper-bits assertion.
    case debugAssertUpperBitsUnset = 29
    /// A component string was out of bounds.
    case stringOutOfBounds = 30
    /// A component list was out of bounds.
    case listOutOfBounds = 31
    /// An invalid variant discriminant.
    case invalidDiscriminant = 32
    /// An unaligned pointer crossed a component boundary.
    case unalignedPointer = 33
    /// Task cancellation was not acknowledged.
    case taskCancelNotCancelled = 34
    /// A task was cancelled or returned twice.
    case taskCancelOrReturnTwice = 35
    /// A subtask was cancelled after finishing.
    case subtaskCancelAfterTerminal = 36
    /// An invalid `task.return`.
    case taskReturnInvalid = 37
    /// A waitable set was dropped while waited on.
    case waitableSetDropHasWaiters = 38
    /// A subtask was dropped before it resolved.
    case subtaskDropNotResolved = 39
    /// `thread.new_indirect` with an invalid type.
    case threadNewIndirectInvalidType = 40
    /// `thread.new_indirect` with an uninitialized entry.
    case threadNewIndirectUninitialized = 41
    /// Backpressure counter overflow.
    case backpressureOverflow = 42
    /// An unsupported async callback code.
    case unsupportedCallbackCode = 43
    /// A thread could not be resumed.
    case cannotResumeThread = 44
    /// Concurrent future or stream operation.
    case concurrentFutureStreamOp = 45
    /// A reference count overflowed.
    case referenceCountOverflow = 46
    /// A stream operation was too big.
    case streamOpTooBig = 47
    /// A waitable was used both synchronously and asynchronously.
    case waitableSyncAndAsync = 48
    /// A wasm exception was thrown and never caught.
    case uncaughtException = 49
    /// Read from a dropped stream.
    case readFromDroppedStream = 50
    /// Write to a dropped stream.
    case writeToDroppedStream = 51
    /// Write to a dropped future.
    case writeToDroppedFuture = 52
    /// Lift of a dropped stream.
    case liftDroppedStream = 53
}
