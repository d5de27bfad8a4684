import Foundation
import Testing
import Wasmtime
import WasmtimeTestSupport

/// A loopback HTTP server for the wasi:http tests: Python's `http.server` in
/// a child process on a free port of 127.0.0.1 (no internet). A `POST`
/// answers status 201, the header `x-reply: swift`, and a body that repeats
/// what the server received (method, path, the `x-request` header, body).
final class LoopbackHTTPServer {
    let process = Process()
    let input = Pipe()
    let port: Int

    static let script = #"""
        import http.server, os, sys, threading
        # Exits when the test closes standard input (or dies): no signal
        # needed (SIGTERM from the test process does not reach it here).
        threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                reply = b"%s %s x-request=%s body=%s" % (
                    self.command.encode(), self.path.encode(),
                    self.headers.get("x-request", "-").encode(), body)
                self.send_response(201)
                self.send_header("x-reply", "swift")
                self.send_header("content-length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)
            def log_message(self, *arguments):
                pass
        server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#

    init() throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            try? input.fileHandleForWriting.close()
            throw WasmtimeError(.io, "the loopback HTTP server did not start (python3 printed \(line.count) bytes)")
        }
        self.port = port
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

/// wasi:http from Swift: Tests/ComponentPrograms/http/http-fetch.c, built
/// into a component by `scripts/build-component-programs`, sends a real
/// `POST` to a loopback server through `wasi:http/outgoing-handler` and
/// returns the response's status, headers and body, checked here.
@Suite(.enabled(if: ComponentPrograms.runnable, ComponentPrograms.skipComment), .serialized)
struct ComponentWASIHTTPTests {
    let engine = Engine()

    struct Response {
        var status: UInt16
        var headers: [(name: String, value: String)]
        var body: String

        func header(_ name: String) -> [String] {
            headers.filter { $0.name == name }.map(\.value)
        }
    }

    /// Decodes `result<response, string>`; the error case becomes an issue.
    static func response(from value: ComponentValue) throws -> Response {
        guard case .ok(let payload) = value, case .record(let fields)? = payload else {
            throw WasmtimeError(.typeMismatch, "fetch failed: \(value)")
        }
        guard fields.count == 3, case .u16(let status) = fields[0].value, case .list(let entries) = fields[1].value,
            case .list(let body) = fields[2].value
        else { throw WasmtimeError(.typeMismatch, "unexpected response record \(value)") }
        func text(_ bytes: [ComponentValue]) -> String {
            String(decoding: bytes.compactMap { if case .u8(let byte) = $0 { byte } else { nil } }, as: UTF8.self)
        }
        let headers = try entries.map { entry -> (name: String, value: String) in
            guard case .tuple(let parts) = entry, parts.count == 2, case .string(let name) = parts[0],
                case .list(let value) = parts[1]
            else { throw WasmtimeError(.typeMismatch, "unexpected header \(entry)") }
            return (name, text(value))
        }
        return Response(status: status, headers: headers, body: text(body))
    }

    static func bytes(_ text: String) -> ComponentValue {
        .list(text.utf8.map { .u8($0) })
    }

    func linker() throws -> ComponentLinker {
        let linker = ComponentLinker(engine: engine)
        try linker.addWASIp2()
        try linker.addWASIHTTP()
        return linker
    }

    @Test func outgoingRequestReachesTheLoopbackServer() throws {
        let server = try LoopbackHTTPServer()
        let component = try ComponentPrograms.component("http-fetch", engine: engine)
        // No WASI configuration and no wasi:http switch on the store: instantiation sets both.
        let store = Store(engine: engine)
        let fetch = try linker().instantiate(component, in: store).function("fetch")
        let outcome = try fetch(.string("127.0.0.1:\(server.port)"), .string("/greet?name=wasm"), Self.bytes("hello"))
        let response = try Self.response(from: outcome)
        #expect(response.status == 201)
        #expect(response.header("x-reply") == ["swift"])
        #expect(response.header("content-length") == ["\(response.body.utf8.count)"])
        #expect(response.body == "POST /greet?name=wasm x-request=from-wasm body=hello")

        // The same instance again, with a 256 KiB body (several reads on both sides).
        let large = String(repeating: "0123456789abcdef", count: 16 * 1024)
        let second = try Self.response(
            from: try fetch(.string("127.0.0.1:\(server.port)"), .string("/"), Self.bytes(large)))
        #expect(second.status == 201)
        #expect(second.body == "POST / x-request=from-wasm body=" + large)
    }

    @Test func connectionRefusedIsTheGuestsError() throws {
        // Port 1 on loopback: nothing listens there.
        let component = try ComponentPrograms.component("http-fetch", engine: engine)
        let fetch = try linker().instantiate(component, in: Store(engine: engine)).function("fetch")
        let outcome = try fetch(.string("127.0.0.1:1"), .string("/"), Self.bytes(""))
        // wasi:http's error-code case 6 is connection-refused.
        #expect(outcome == .err(.string("future-incoming-response.get: error-code 6")))
    }

    @Test func asyncWASIHTTPWithAsyncCall() async throws {
        let server = try LoopbackHTTPServer()
        let component = try ComponentPrograms.component("http-fetch", engine: engine)
        let linker = ComponentLinker(engine: engine)
        try linker.addWASIp2Async()
        try linker.addWASIHTTPAsync()
        let store = Store(engine: engine)
        let fetch = try await linker.instantiateAsync(component, in: store).function("fetch")
        let outcome = try await fetch.callAsync(
            .string("127.0.0.1:\(server.port)"), .string("/async"), Self.bytes("awaited"))
        let response = try Self.response(from: outcome[0])
        #expect(response.status == 201)
        #expect(response.header("x-reply") == ["swift"])
        #expect(response.body == "POST /async x-request=from-wasm body=awaited")
        // The async WASI host functions make the store async-only.
        let error = #expect(throws: WasmtimeError.self) {
            try fetch(.string("127.0.0.1:\(server.port)"), .string("/"), Self.bytes(""))
        }
        #expect(error?.message.contains("async") == true)
    }

    @Test func wasiHTTPNeedsPreview2First() throws {
        let linker = ComponentLinker(engine: engine)
        let error = #expect(throws: WasmtimeError.self) { try linker.addWASIHTTP() }
        #expect(error?.kind == .linking)
        #expect(error?.message.contains("addWASIp2()") == true)
    }

    @Test func withoutWASIHTTPTheImportIsMissing() throws {
        let component = try ComponentPrograms.component("http-fetch", engine: engine)
        let linker = ComponentLinker(engine: engine)
        try linker.addWASIp2()
        let error = #expect(throws: WasmtimeError.self) {
            _ = try linker.instantiate(component, in: Store(engine: engine))
        }
        #expect(error?.kind == .linking)
        #expect(error?.message.contains("wasi:http/") == true)
    }
}
