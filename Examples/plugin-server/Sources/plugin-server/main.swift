import Hummingbird
import PluginServer

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// plugin-server [--host H] [--port P] [--fuel N] [--backend-ms MS]
// Prints "listening on <port>" once it accepts connections (port 0 picks one).
var host = "127.0.0.1"
var port = 8080
var limits = PluginRuntime.Limits()
var arguments = CommandLine.arguments.dropFirst()
while let option = arguments.popFirst() {
    guard let value = arguments.popFirst() else {
        print("plugin-server: \(option) needs a value")
        exit(64)
    }
    switch option {
    case "--host": host = value
    case "--port": port = Int(value) ?? port
    case "--fuel": limits.fuel = UInt64(value) ?? limits.fuel
    case "--backend-ms": limits.backendDelay = .milliseconds(Int(value) ?? 1)
    default:
        print("plugin-server: unknown option \(option)")
        exit(64)
    }
}

let runtime = try PluginRuntime(limits: limits)
let requestedPort = port
let app = Application(
    router: makeRouter(runtime: runtime),
    configuration: .init(address: .hostname(host, port: port), serverName: "plugin-server"),
    onServerRunning: { channel in
        // Unbuffered: the load test reads this line through a pipe.
        var line = "listening on \(channel.localAddress?.port ?? requestedPort)\n"
        line.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
    }
)
try await app.runService()
