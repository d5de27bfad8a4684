import Hummingbird
import NIOCore
import Synchronization

/// One request's state, shared by the handler and the plugin's host
/// functions (it is the store's data): the request body once read, and the
/// response the plugin writes.
///
/// The host functions' async parts run in the request's task while the
/// plugin is suspended, so nothing here is touched concurrently; the lock
/// is what lets the compiler see that.
public final class Exchange: Sendable {
    private struct State {
        var body: RequestBody?
        var received: ByteBuffer?
        var response = ByteBuffer()
    }

    private let state: Mutex<State>
    /// The largest request body a plugin may read.
    public let bodyLimit: Int

    /// An exchange for a request whose body the plugin may read.
    public init(body: RequestBody, bodyLimit: Int) {
        state = Mutex(State(body: body))
        self.bodyLimit = bodyLimit
    }

    /// Awaits the whole request body (once) and returns its length.
    func receiveBody() async throws -> Int {
        let pending = state.withLock { state in
            let body = state.body
            state.body = nil
            return body
        }
        if let pending {
            let buffer = try await pending.collect(upTo: bodyLimit)
            state.withLock { $0.received = buffer }
        }
        return state.withLock { $0.received?.readableBytes ?? 0 }
    }

    /// The body read by ``receiveBody()`` (empty before).
    func receivedBytes() -> [UInt8] {
        state.withLock { $0.received.map { Array($0.readableBytesView) } ?? [] }
    }

    /// Appends bytes the plugin wrote.
    func write(_ bytes: [UInt8]) {
        _ = state.withLock { $0.response.writeBytes(bytes) }
    }

    /// The response written so far.
    public var response: ByteBuffer {
        state.withLock { $0.response }
    }
}
