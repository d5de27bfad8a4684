import Foundation
import Testing
import Wasmtime
import WasmtimeTestSupport

/// The WASI preview 2 sandbox of a real command component
/// (Tests/ComponentPrograms/sandbox.c): every way out of a preopened
/// directory (`..` in all positions, absolute paths, symlinks to outside
/// files and directories, absolute and relative, dangling symlinks written
/// through, symlinks the guest makes, renames, mkdir, chdir) is refused,
/// and the host files outside are untouched. The expected output is what
/// the reference `wasmtime` 49 CLI prints for the same program and tree
/// (`wasmtime run --dir data::/data sandbox.wasm`). Also standard input and
/// output byte for byte at 1 MiB with every byte value, and text arguments
/// and environment beyond ASCII, through the command component.
@Suite(.enabled(if: ComponentPrograms.runnable, ComponentPrograms.skipComment))
struct ComponentWASISandboxTests {
    let engine = Engine()

    struct Outcome {
        var stdout: [UInt8]
        var stderr: [UInt8]
        var status: Int32
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    func run(_ program: String, _ configure: (inout WASIConfiguration) -> Void) throws -> Outcome {
        let component = try ComponentPrograms.component(program, engine: engine)
        let linker = ComponentLinker(engine: engine)
        try linker.addWASIp2()
        let stdout = WASIOutputBuffer()
        let stderr = WASIOutputBuffer()
        var wasi = WASIConfiguration()
        wasi.arguments = ["\(program).wasm"]
        wasi.standardOutput = .buffer(stdout)
        wasi.standardError = .buffer(stderr)
        configure(&wasi)
        let store = Store(engine: engine)
        try store.setWASI(wasi)
        let status = try linker.instantiate(component, in: store).runCommand()
        return Outcome(stdout: stdout.bytes, stderr: stderr.bytes, status: status)
    }

    /// The tree the sandbox program probes: `root/data` is preopened as `/data`.
    static func makeTree() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "component-sandbox-\(UUID().uuidString)")
        let data = root.appendingPathComponent("data")
        let files = FileManager.default
        try files.createDirectory(at: data.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try files.createDirectory(at: root.appendingPathComponent("outdir"), withIntermediateDirectories: true)
        try Data("inside bytes".utf8).write(to: data.appendingPathComponent("inside.txt"))
        try Data("inside bytes".utf8).write(to: data.appendingPathComponent("inside-copy.txt"))
        try Data("secret".utf8).write(to: root.appendingPathComponent("outside.txt"))
        try Data("secret dir".utf8).write(to: root.appendingPathComponent("outdir/outside.txt"))
        let links = [
            ("link-dir", "../outdir"), ("abs-link", root.appendingPathComponent("outside.txt").path),
            ("rel-link", "../outside.txt"), ("inside-link", "inside.txt"), ("dangling", "../created-by-link.txt"),
        ]
        for (name, destination) in links {
            try files.createSymbolicLink(
                atPath: data.appendingPathComponent(name).path, withDestinationPath: destination)
        }
        return root
    }

    static let expectedSandboxOutput = """
        inside: ok "inside bytes"
        inside via sub/..: ok "inside bytes"
        dot-dot: refused
        sub dot-dot dot-dot: refused
        relative dot-dot: refused
        absolute outside: refused
        symlinked directory: refused
        absolute symlink: refused
        relative symlink: refused
        symlink inside: ok "inside bytes"
        write through dangling symlink: refused
        write dot-dot: refused
        write inside: ok
        mkdir dot-dot: refused
        rename out: refused
        symlink to absolute path: refused
        read new absolute symlink: refused
        symlink to dot-dot: ok
        read new dot-dot symlink: refused
        stat dot-dot: refused
        chdir dot-dot: refused
        listing: . .. abs-link dangling inside-copy.txt inside-link inside.txt link-dir new-rel-link rel-link sub

        """

    @Test func noEscapeFromAPreopenedDirectory() throws {
        let root = try Self.makeTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data")
        let outcome = try run("sandbox") { wasi in
            wasi.preopenedDirectories = [.init(hostPath: data.path, guestPath: "/data", isWritable: true)]
        }
        #expect(outcome.text == Self.expectedSandboxOutput)
        #expect(outcome.status == 0)
        #expect(outcome.stderr.isEmpty)

        // Nothing outside the directory was created, changed or moved.
        let files = FileManager.default
        #expect(try files.contentsOfDirectory(atPath: root.path).sorted() == ["data", "outdir", "outside.txt"])
        #expect(try String(contentsOf: root.appendingPathComponent("outside.txt"), encoding: .utf8) == "secret")
        #expect(try files.contentsOfDirectory(atPath: root.appendingPathComponent("outdir").path) == ["outside.txt"])
        // Inside, the one legal write happened and the renamed file stayed.
        #expect(
            try String(contentsOf: data.appendingPathComponent("sub/new.txt"), encoding: .utf8)
                == "written by the guest\n")
        #expect(files.fileExists(atPath: data.appendingPathComponent("inside-copy.txt").path))
        // The symlink the guest made points where it said, and stayed inside.
        #expect(
            try files.destinationOfSymbolicLink(atPath: data.appendingPathComponent("new-rel-link").path)
                == "../outside.txt")
    }

    /// Without a preopen nothing of the file system is reachable, and a
    /// read-only preopen refuses every write.
    @Test func noPreopenAndReadOnlyPreopen() throws {
        let root = try Self.makeTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data")
        let none = try run("sandbox") { _ in }
        #expect(none.text.split(separator: "\n").allSatisfy { $0.hasSuffix(": refused") })
        #expect(none.status == 0)

        let readOnly = try run("sandbox") { wasi in
            wasi.preopenedDirectories = [.init(hostPath: data.path, guestPath: "/data", isWritable: false)]
        }
        let lines = readOnly.text.split(separator: "\n").map(String.init)
        #expect(lines.contains("inside: ok \"inside bytes\""))
        #expect(lines.contains("write inside: refused"))
        #expect(lines.contains("symlink to dot-dot: refused"))
        #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("sub/new.txt").path))
    }

    /// 1 MiB of standard input holding every byte value comes out of
    /// standard output unchanged, and the guest counts it exactly.
    @Test func standardInputAndOutputByteForByte() throws {
        let input = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 8) }
        let outcome = try run("command") { wasi in
            wasi.arguments = ["command.wasm", "ünïcödé ✓", "", "with space"]
            wasi.environment = [(name: "GREETING", value: "grüße 🦀"), (name: "OTHER", value: "=x=")]
            wasi.standardInput = .bytes(input)
        }
        let prefix = Array(
            [
                "arg 0: command.wasm", "arg 1: ünïcödé ✓", "arg 2: ", "arg 3: with space", "GREETING=grüße 🦀", "",
            ].joined(separator: "\n").utf8)
        let suffix = Array(
            """
            stdin bytes: 1048576
            input.txt: cannot open
            escape: refused

            """.utf8)
        #expect(outcome.stdout.count == prefix.count + input.count + suffix.count)
        #expect(Array(outcome.stdout.prefix(prefix.count)) == prefix)
        #expect(Array(outcome.stdout.dropFirst(prefix.count).prefix(input.count)) == input)
        #expect(Array(outcome.stdout.suffix(suffix.count)) == suffix)
        #expect(outcome.stderr == Array("done\n".utf8))
        #expect(outcome.status == 0)
    }

    /// Standard input from a host file, standard output to a host file.
    @Test func standardStreamsFromAndToFiles() throws {
        let root = try Self.makeTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let input = root.appendingPathComponent("stdin.bin")
        try Data([0, 1, 2, 0xff, 0x0a]).write(to: input)
        let outcome = try run("command") { wasi in
            wasi.standardInput = .file(input.path)
        }
        #expect(outcome.text.contains("GREETING=(unset)\n\u{0}\u{1}\u{2}"))
        #expect(outcome.stdout.contains(0xff))
        #expect(outcome.text.contains("\nstdin bytes: 5\n"))
    }
}
