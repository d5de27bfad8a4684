import Testing
import Wasmtime

/// A Swift host for the `Greeter` imports: records what the guest sends.
final class RecordingHost: Greeter.Imports {
    var logged: [(Greeter.Level, String)] = []
    var failEcho = false

    struct EchoRefused: Error, Equatable {}

    func hostEcho(text: String) throws -> String {
        if failEcho { throw EchoRefused() }
        return "host saw " + text
    }

    func log(level: Greeter.Level, message: String) throws {
        logged.append((level, message))
    }

    func double(x: UInt32) throws -> UInt32 {
        x &* 2
    }
}

/// The imports side: a Swift type implements the generated protocols, one
/// `linker.define(host)` call defines them, and the guest calls them.
@Suite struct GreeterBindingTests {
    @Test func guestCallsTheSwiftHost() throws {
        let engine = Engine()
        let component = try GoldenFixtures.component("imports.wat", engine: engine)
        let linker = ComponentLinker(engine: engine)
        let host = RecordingHost()
        try linker.define(host)
        let exports = try Greeter.Exports(try linker.instantiate(component, in: Store(engine: engine)))

        #expect(try exports.callEcho(text: "hi 🦀") == "host saw hi 🦀")
        #expect(try exports.shout(message: "careful") == 14)  // double("careful".count)
        #expect(host.logged.count == 1)
        #expect(host.logged.first?.0 == .warn)
        #expect(host.logged.first?.1 == "careful")
    }

    /// An error the Swift host throws comes out of the guest call unchanged.
    @Test func hostErrorsPropagate() throws {
        let engine = Engine()
        let component = try GoldenFixtures.component("imports.wat", engine: engine)
        let linker = ComponentLinker(engine: engine)
        let host = RecordingHost()
        host.failEcho = true
        try linker.define(host)
        let exports = try Greeter.Exports(try linker.instantiate(component, in: Store(engine: engine)))
        #expect(throws: RecordingHost.EchoRefused()) { try exports.callEcho(text: "x") }
    }

    /// Bindings checked against a component whose functions have other types throw at `Exports.init`.
    @Test func mismatchedComponentIsRejectedOnce() throws {
        let engine = Engine()
        let other = try GoldenFixtures.component("names.wat", engine: engine)
        let instance = try ComponentLinker(engine: engine).instantiate(other, in: Store(engine: engine))
        #expect(throws: WasmtimeError.self) { try Greeter.Exports(instance) }
    }
}
