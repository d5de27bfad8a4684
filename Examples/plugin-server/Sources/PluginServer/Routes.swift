import Hummingbird
import NIOCore

/// The HTTP side: each plugin route runs the plugin export of the same name
/// in a store of its own.
///
/// - `POST /handle`: the plugin reads the body, awaits the backend, answers.
/// - `POST /spin`: the plugin loops until its fuel budget is spent (503).
/// - `POST /slow`: the plugin waits on a slow backend; the request's task is
///   cancelled when the client goes away, which stops the plugin.
/// - `GET /stats`: the server's counters as JSON.
public func makeRouter(runtime: PluginRuntime) -> Router<BasicRequestContext> {
    let router = Router()
    for route in ["handle", "spin"] {
        router.post(RouterPath(stringLiteral: route)) { request, _ in
            await respond(runtime: runtime, route: route, body: request.body)
        }
    }
    router.post("slow") { request, _ in
        // Hummingbird cancels the operation when the client closes its side
        // (and closes the connection after the response, so only long
        // requests are served this way).
        do {
            return try await request.body.consumeWithCancellationOnInboundClose { body in
                await respond(runtime: runtime, route: "slow", body: body)
            }
        } catch {
            return Response(status: .init(code: 499), body: .init(byteBuffer: ByteBuffer(string: "client went away")))
        }
    }
    router.get("stats") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: runtime.stats.json)))
    }
    return router
}

/// Runs one plugin route and turns its outcome into a response.
func respond(runtime: PluginRuntime, route: String, body: RequestBody) async -> Response {
    let exchange = Exchange(body: body, bodyLimit: runtime.limits.bodyLimit)
    func text(_ status: Int, _ message: String) -> Response {
        Response(status: .init(code: status), body: .init(byteBuffer: ByteBuffer(string: message)))
    }
    do {
        let outcome = try await runtime.run(route: route, exchange: exchange)
        return Response(status: .init(code: outcome.status), body: .init(byteBuffer: exchange.response))
    } catch PluginError.budgetExhausted {
        return text(503, "budget exhausted")
    } catch is NIOTooManyBytesError {
        return text(413, "body too large")
    } catch is CancellationError {
        return text(499, "cancelled")
    } catch {
        return text(500, "plugin failed: \(error)")
    }
}
