import Foundation
import Testing
import Wasmtime
import WasmtimeTestSupport

/// WASI preview 2 for components: the store's `WASIConfiguration` (the one
/// preview 1 modules use) reaches a hand-written command component through
/// `addWASIp2()`; its output, arguments, environment and exit status are
/// checked byte for byte. The expected outputs are what the reference
/// `wasmtime` 49 CLI prints for the same component and arguments.
@Suite struct ComponentWASITests {
    struct Outcome {
        var stdout: String
        var status: Int32
    }

    let engine = Engine()

    func run(arguments: [String], environment: [(String, String)] = []) throws -> Outcome {
        let component = try Component(engine: engine, wat: ComponentWASIFixtures.command)
        let linker = ComponentLinker(engine: engine)
        try linker.addWASIp2()
        let stdout = WASIOutputBuffer()
        var wasi = WASIConfiguration()
        wasi.arguments = arguments
        wasi.environment = environment.map { (name: $0.0, value: $0.1) }
        wasi.standardOutput = .buffer(stdout)
        let store = Store(engine: engine)
        try store.setWASI(wasi)
        let instance = try linker.instantiate(component, in: store)
        #expect(instance.commandInterface == "wasi:cli/run@0.2.0")
        let status = try instance.runCommand()
        return Outcome(stdout: stdout.string, status: status)
    }

    @Test func argumentsEnvironmentAndOutput() throws {
        let outcome = try run(
            arguments: ["cmd.wat", "a", "b c", "héllo 🦀"], environment: [("FOO", "bar"), ("EMPTY", "")])
        #expect(outcome.stdout == "cmd.wat\na\nb c\nhéllo 🦀\nFOO=bar\nEMPTY=\n")
        #expect(outcome.status == 0)
    }

    @Test func exitStatuses() throws {
        // `wasi:cli/exit` with an error: the guest stops at once; status 1.
        let exited = try run(arguments: ["cmd.wat", "xit"])
        #expect(exited.stdout == "cmd.wat\nxit\n")
        #expect(exited.status == 1)
        // `run` returning an error: status 1.
        let failed = try run(arguments: ["cmd.wat", "fail"])
        #expect(failed.status == 1)
        #expect(try run(arguments: []).stdout.isEmpty)
    }

    /// Calling `run` directly: `wasi:cli/exit` surfaces as `WASIExit`, as `proc_exit` does for preview 1.
    @Test func exitIsWASIExitWhenCalledDirectly() throws {
        let component = try Component(engine: engine, wat: ComponentWASIFixtures.command)
        let linker = ComponentLinker(engine: engine)
        try linker.addWASIp2()
        let store = Store(engine: engine)
        var wasi = WASIConfiguration()
        wasi.arguments = ["x"]
        try store.setWASI(wasi)
        let run = try linker.instantiate(component, in: store).function("wasi:cli/run@0.2.0", "run")
        let exit = #expect(throws: WASIExit.self) { try run.call() }
        #expect(exit == WASIExit(status: 1))
    }

    /// Without `setWASI`, instantiation gives the store an empty configuration.
    @Test func defaultConfiguration() throws {
        let component = try Component(engine: engine, wat: ComponentWASIFixtures.command)
        let linker = ComponentLinker(engine: engine)
        try linker.addWASIp2()
        let instance = try linker.instantiate(component, in: Store(engine: engine))
        #expect(try instance.runCommand() == 0)
    }

    /// Unknown imports become traps, while WASI keeps answering its
    /// interfaces: also an older 0.2.x than the one Wasmtime 50 defines
    /// (0.2.12), which Wasmtime's own pass would replace with traps.
    @Test(arguments: ["0.2.0", "0.2.3", "0.2.12"])
    func unknownImportsAsTrapsKeepWASI(wasiVersion: String) throws {
        let component = try Component(
            engine: engine, wat: ComponentWASIFixtures.partlyDefined(wasiVersion: wasiVersion))
        let linker = ComponentLinker(engine: engine)
        try linker.addWASIp2()
        try linker.defineFunction("example:test/extra@0.1.0", "defined") { _ in [.u32(7)] }
        try linker.defineUnknownImportsAsTraps(for: component)
        func instantiate() throws -> ComponentInstance {
            let store = Store(engine: engine)
            var wasi = WASIConfiguration()
            wasi.arguments = ["a", "b c"]
            try store.setWASI(wasi)
            return try linker.instantiate(component, in: store)
        }
        let instance = try instantiate()
        #expect(try instance.function("arguments")() == .list(["a", "b c"]))
        #expect(try instance.function("defined")() == .u32(7))
        // A failed import call leaves its instance unusable: one instance each.
        let undefined = expectWasmtimeError(.runtime) { try instantiate().function("undefined")() }
        #expect(undefined?.message == "unknown import: `example:test/extra@0.1.0#undefined` has not been defined")
        let missing = expectWasmtimeError(.runtime) { try instantiate().function("missing")() }
        #expect(missing?.message == "unknown import: `missing` has not been defined")
        // Defining them again changes nothing: everything is defined now.
        try linker.defineUnknownImportsAsTraps(for: component)
    }

    /// Stubbed before WASI is added, an interface keeps its traps (documented on the method).
    @Test func unknownImportsAsTrapsBeforeWASI() throws {
        let component = try Component(engine: engine, wat: ComponentWASIFixtures.partlyDefined(wasiVersion: "0.2.0"))
        let linker = ComponentLinker(engine: engine)
        try linker.defineUnknownImportsAsTraps(for: component)
        try linker.addWASIp2()
        let instance = try linker.instantiate(component, in: Store(engine: engine))
        let arguments = expectWasmtimeError(.runtime) { try instance.function("arguments")() }
        #expect(arguments?.message.contains("`wasi:cli/environment@0.2.0#get-arguments` has not been defined") == true)
    }

    @Test func missingWASIAndNonCommands() throws {
        let component = try Component(engine: engine, wat: ComponentWASIFixtures.command)
        let missing = expectWasmtimeError(.linking) {
            try ComponentLinker(engine: engine).instantiate(component, in: Store(engine: engine))
        }
        #expect(missing?.message.contains("wasi:") == true)
        let adder = try ComponentLinker(engine: engine).instantiate(
            Component(engine: engine, wat: ComponentFixtures.adder), in: Store(engine: engine))
        #expect(adder.commandInterface == nil)
        expectWasmtimeError(.notFound) { try adder.runCommand() }
    }
}
