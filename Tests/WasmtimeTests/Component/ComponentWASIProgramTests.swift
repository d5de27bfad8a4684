import Foundation
import Testing
import Wasmtime
import WasmtimeTestSupport

extension ComponentPrograms {
    static var skipComment: Comment { Comment(rawValue: skipMessage) }

    static func component(_ name: String, engine: Engine) throws -> Component {
        try Component(engine: engine, contentsOf: path(name))
    }
}

/// A real WASI preview 2 command built from C, run through the library:
/// arguments, environment, standard input, output and error byte for byte,
/// preopened directories and their sandbox, and exit statuses. The expected
/// texts are what the reference `wasmtime` 49 CLI prints for the same runs.
@Suite(.enabled(if: ComponentPrograms.runnable, ComponentPrograms.skipComment))
struct ComponentWASIProgramTests {
    struct Outcome {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    let engine = Engine()

    func run(trappingUnknownImports: Bool = false, _ configure: (inout WASIConfiguration) -> Void) throws -> Outcome {
        let component = try ComponentPrograms.component("command", engine: engine)
        let linker = ComponentLinker(engine: engine)
        try linker.addWASIp2()
        if trappingUnknownImports { try linker.defineUnknownImportsAsTraps(for: component) }
        let stdout = WASIOutputBuffer()
        let stderr = WASIOutputBuffer()
        var wasi = WASIConfiguration()
        wasi.standardOutput = .buffer(stdout)
        wasi.standardError = .buffer(stderr)
        configure(&wasi)
        let store = Store(engine: engine)
        try store.setWASI(wasi)
        let status = try linker.instantiate(component, in: store).runCommand()
        return Outcome(stdout: stdout.string, stderr: stderr.string, status: status)
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("component-wasi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: url.appendingPathComponent("data"), withIntermediateDirectories: true)
        return url
    }

    /// The program imports WASI 0.2.3 (wasi-sdk's), older than Wasmtime 50's
    /// 0.2.12: with unknown imports defined as traps, WASI still answers it.
    @Test func unknownImportsAsTrapsLeaveWASI() throws {
        let configure: (inout WASIConfiguration) -> Void = { wasi in
            wasi.arguments = ["command.wasm", "one"]
            wasi.environment = [(name: "GREETING", value: "hi")]
        }
        let plain = try run(configure)
        let trapping = try run(trappingUnknownImports: true, configure)
        #expect(trapping.stdout.contains("arg 1: one"))
        #expect(trapping.stdout == plain.stdout)
        #expect(trapping.stderr == plain.stderr)
        #expect(trapping.status == plain.status)
    }

    @Test func argumentsEnvironmentAndStandardStreams() throws {
        let outcome = try run { wasi in
            wasi.arguments = ["command.wasm", "one", "two three"]
            wasi.environment = [(name: "GREETING", value: "hi")]
            wasi.standardInput = .bytes(Array("hello stdin\n".utf8))
        }
        #expect(
            outcome.stdout == """
                arg 0: command.wasm
                arg 1: one
                arg 2: two three
                GREETING=hi
                hello stdin
                stdin bytes: 12
                input.txt: cannot open
                escape: refused

                """)
        #expect(outcome.stderr == "done\n")
        #expect(outcome.status == 0)
    }

    @Test(arguments: [1, 3, 255] as [Int32])
    func nonZeroExitIsOne(status: Int32) throws {
        // wasi:cli/exit carries only ok/err: any failure is status 1, as with the wasmtime CLI.
        let outcome = try run { $0.arguments = ["command.wasm", "exit=\(status)"] }
        #expect(outcome.status == 1)
        #expect(outcome.stdout.hasPrefix("arg 0: command.wasm\narg 1: exit=\(status)\nGREETING=(unset)\n"))
    }

    @Test func preopenedDirectoryAndItsSandbox() throws {
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data")
        try Data("12345".utf8).write(to: data.appendingPathComponent("input.txt"))
        try Data("secret".utf8).write(to: root.appendingPathComponent("outside.txt"))
        let outcome = try run { wasi in
            wasi.arguments = ["command.wasm"]
            wasi.preopenedDirectories = [.init(hostPath: data.path, guestPath: "/data", isWritable: true)]
        }
        #expect(outcome.stdout.contains("input.txt: 5 bytes\nescape: refused\n"))
        #expect(
            try String(contentsOf: data.appendingPathComponent("output.txt"), encoding: .utf8) == "input had 5 bytes\n")

        // A symlink out of the directory does not escape it either.
        try FileManager.default.removeItem(at: data.appendingPathComponent("input.txt"))
        try FileManager.default.createSymbolicLink(
            at: data.appendingPathComponent("input.txt"),
            withDestinationURL: root.appendingPathComponent("outside.txt"))
        let linked = try run { wasi in
            wasi.preopenedDirectories = [.init(hostPath: data.path, guestPath: "/data", isWritable: true)]
        }
        #expect(linked.stdout.contains("input.txt: cannot open\n"))

        // Read-only: the guest reads but cannot write.
        try FileManager.default.removeItem(at: data.appendingPathComponent("input.txt"))
        try FileManager.default.removeItem(at: data.appendingPathComponent("output.txt"))
        try Data("1234567".utf8).write(to: data.appendingPathComponent("input.txt"))
        let readOnly = try run { wasi in
            wasi.preopenedDirectories = [.init(hostPath: data.path, guestPath: "/data", isWritable: false)]
        }
        #expect(readOnly.stdout.contains("input.txt: 7 bytes\noutput.txt: cannot write\n"))
        #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("output.txt").path))
    }

    @Test func componentTypeOfARealCommand() throws {
        let component = try ComponentPrograms.component("command", engine: engine)
        let imports = Set(component.imports.map(\.name))
        #expect(imports.contains("wasi:cli/environment@0.2.3"))
        #expect(imports.contains("wasi:filesystem/types@0.2.3"))
        #expect(imports.contains("wasi:io/streams@0.2.3"))
        #expect(component.exports.map(\.name) == ["wasi:cli/run@0.2.3"])
        guard case .instance(let run) = component.type.export(named: "wasi:cli/run@0.2.3") else {
            Issue.record("no run interface")
            return
        }
        #expect(
            run.export(named: "run")
                == .function(ComponentFuncType(parameters: [], result: .result(ok: nil, error: nil))))
        guard case .instance(let types) = component.type.import(named: "wasi:filesystem/types@0.2.3"),
            case .function(let openAt) = types.export(named: "[method]descriptor.open-at"),
            case .resource(let descriptor) = types.export(named: "descriptor")
        else {
            Issue.record("no filesystem types")
            return
        }
        #expect(openAt.parameters.map(\.name) == ["self", "path-flags", "path", "open-flags", "flags"])
        #expect(openAt.parameters[0].type == .borrow(descriptor))
        #expect(openAt.parameters[1].type == .flags(["symlink-follow"]))
        #expect(openAt.parameters[2].type == .string)
        guard case .result(ok: .own(let opened)?, error: .enum(let codes)?) = openAt.result else {
            Issue.record("open-at returns \(String(describing: openAt.result))")
            return
        }
        #expect(opened == descriptor)
        #expect(codes.first == "access")
        #expect(codes.contains("not-permitted"))
    }
}
