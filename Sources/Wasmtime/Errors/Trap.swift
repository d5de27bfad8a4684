/// A WebAssembly trap: execution stopped because of a runtime fault.
///
/// Catch it with `catch let trap as Trap` and inspect ``code`` to learn why.
public struct Trap: Error, Sendable, CustomStringConvertible {
    /// The trap's code; `nil` for traps created by the host with a message.
    public var code: TrapCode?
    /// Wasmtime's message, including its rendered backtrace.
    public var message: String
    /// The WebAssembly frames at the point of the trap, innermost first.
    public var frames: [Frame]

    /// Creates a trap value, for example to compare against or rethrow.
    public init(code: TrapCode?, message: String, frames: [Frame] = []) {
        self.code = code
        self.message = message
        self.frames = frames
    }

    public var description: String { "trap: \(message)" }
}
