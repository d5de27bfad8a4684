/// A WASI guest ended itself with `proc_exit(status)`.
///
/// Thrown by the call that was running (usually `_start`); status 0 means
/// success, so command runners treat it as a normal end rather than an error.
public struct WASIExit: Error, Sendable, Hashable, CustomStringConvertible {
    /// The status the guest passed to `proc_exit`.
    public var status: Int32

    /// Creates an exit value.
    public init(status: Int32) {
        self.status = status
    }

    /// Whether the guest reported success.
    public var isSuccess: Bool { status == 0 }

    public var description: String { "exit with status \(status)" }
}
