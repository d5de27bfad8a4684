import Foundation
import Testing

/// `wasmtime-swift run` with real WASI programs: output byte for byte,
/// arguments, environment, standard input, directories, exit statuses, traps.
@Suite struct CLIRunTests {
    /// A hand-written WASI command, so `run` is covered without the C toolchain.
    static let helloWAT = """
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "hi from text\\n")
          (func (export "_start")
            (i32.store (i32.const 0) (i32.const 16))
            (i32.store (i32.const 4) (i32.const 13))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
            (call $proc_exit (i32.const 3))))
        """

    @Test func textModuleRunsWithItsExitStatus() throws {
        let result = try CLI.run(["run", try Scratch.file("hello.wat", Self.helloWAT)])
        #expect(result.stdoutText == "hi from text\n")
        #expect(result.stderr.isEmpty)
        #expect(result.status == 3)
    }

    @Test(.enabled(if: Programs.available, "clang-16 for wasm32-wasi is not installed (scripts/install-deps)"))
    func helloWritesBothStreams() throws {
        let result = try CLI.run(["run", try Programs.path("hello")])
        #expect(result.stdoutText == "Hello, WASI!\n")
        #expect(result.stderrText == "a note on stderr\n")
        #expect(result.status == 0)
    }

    @Test(.enabled(if: Programs.available, "clang-16 for wasm32-wasi is not installed (scripts/install-deps)"))
    func argumentsAndEnvironmentReachTheGuest() throws {
        let program = try Programs.path("echo")
        // Everything after FILE is the program's, options and `--` included.
        let result = try CLI.run(
            [
                "run", "--env", "A=1", "--env", "B=x=y", "--env", "FROM_HOST", program,
                "one", "two words", "--env", "C=3", "--",
            ],
            environment: ["FROM_HOST": "host value"])
        #expect(
            result.stdoutText == """
                argc=6
                argv[0]=\(program)
                argv[1]=one
                argv[2]=two words
                argv[3]=--env
                argv[4]=C=3
                argv[5]=--
                env: A=1
                env: B=x=y
                env: FROM_HOST=host value
                envc=3

                """)
        #expect(result.status == 0)
    }

    @Test(.enabled(if: Programs.available, "clang-16 for wasm32-wasi is not installed (scripts/install-deps)"))
    func noEnvironmentUnlessGranted() throws {
        let program = try Programs.path("echo")
        let result = try CLI.run(["run", program], environment: ["SOME_HOST_VARIABLE": "private"])
        #expect(result.stdoutText == "argc=1\nargv[0]=\(program)\nenvc=0\n")
    }

    @Test(.enabled(if: Programs.available, "clang-16 for wasm32-wasi is not installed (scripts/install-deps)"))
    func standardInputIsPassedThrough() throws {
        let input = (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        let result = try CLI.run(["run", try Programs.path("cat")], input: input)
        #expect(result.stdout == input)
        #expect(result.stderrText == "20000 bytes\n")
        #expect(result.status == 0)
    }

    @Test(
        .enabled(if: Programs.available, "clang-16 for wasm32-wasi is not installed (scripts/install-deps)"),
        arguments: [0, 1, 7, 100] as [Int32])
    func exitStatusBecomesTheTools(status: Int32) throws {
        let result = try CLI.run(["run", try Programs.path("exit"), "\(status)"])
        #expect(result.status == status)
        #expect(result.stdoutText == "exiting with \(status)\n")
        #expect(result.stderr.isEmpty)
    }

    @Test(.enabled(if: Programs.available, "clang-16 for wasm32-wasi is not installed (scripts/install-deps)"))
    func directoriesAreReadWriteOrReadOnly() throws {
        let directory = try Scratch.directory()
        let contents = (0..<3000).map { UInt8(truncatingIfNeeded: $0) }
        try Data(contents).write(to: directory.appendingPathComponent("in.bin"))
        let program = try Programs.path("copy")

        let copied = try CLI.run(["run", "--dir", "\(directory.path)::/data", program, "/data/in.bin", "/data/out.bin"])
        #expect(copied.stdoutText == "copied 3000 bytes\n")
        #expect(copied.status == 0)
        #expect(try [UInt8](Data(contentsOf: directory.appendingPathComponent("out.bin"))) == contents)

        let refused = try CLI.run([
            "run", "--read-only-dir", "\(directory.path)::/data", program,
            "/data/in.bin", "/data/again.bin",
        ])
        #expect(refused.stdoutText.hasPrefix("cannot create /data/again.bin: "))
        #expect(refused.status == 1)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("again.bin").path))

        // Without a guest path the directory appears under the host path as written.
        let relative = try CLI.run(["run", "--dir", ".", program, "in.bin", "third.bin"], directory: directory)
        #expect(relative.stdoutText == "copied 3000 bytes\n")
    }

    @Test(.enabled(if: Programs.available, "clang-16 for wasm32-wasi is not installed (scripts/install-deps)"))
    func sandboxEscapesAreRefused() throws {
        let outer = try Scratch.directory()
        let sandbox = outer.appendingPathComponent("sandbox")
        let files = FileManager.default
        try files.createDirectory(at: sandbox.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("secret\n".utf8).write(to: outer.appendingPathComponent("secret.txt"))
        try Data("inside\n".utf8).write(to: sandbox.appendingPathComponent("inside.txt"))
        try files.createSymbolicLink(
            atPath: sandbox.appendingPathComponent("link-to-parent").path, withDestinationPath: "..")
        try files.createSymbolicLink(
            atPath: sandbox.appendingPathComponent("link-to-secret").path,
            withDestinationPath: "../secret.txt")
        try files.createSymbolicLink(
            atPath: sandbox.appendingPathComponent("absolute-link").path,
            withDestinationPath: outer.appendingPathComponent("secret.txt").path)

        let result = try CLI.run(["run", "--dir", "\(sandbox.path)::/sandbox", try Programs.path("escape"), "/sandbox"])
        #expect(
            result.stdoutText == """
                read /sandbox/inside.txt: ok "inside"
                read /sandbox/../secret.txt: refused (Operation not permitted)
                read /sandbox/sub/../../secret.txt: refused (Operation not permitted)
                read ../secret.txt: refused (Capabilities insufficient)
                read /etc/passwd: refused (Capabilities insufficient)
                read /sandbox/link-to-parent/secret.txt: refused (Operation not permitted)
                read /sandbox/link-to-secret: refused (Operation not permitted)
                read /sandbox/absolute-link: refused (Operation not permitted)
                create /sandbox/../escaped.txt: refused (Operation not permitted)
                create /sandbox/link-to-parent/escaped.txt: refused (Operation not permitted)

                """)
        #expect(try files.contentsOfDirectory(atPath: outer.path).sorted() == ["sandbox", "secret.txt"])
    }

    @Test(.enabled(if: Programs.available, "clang-16 for wasm32-wasi is not installed (scripts/install-deps)"))
    func trapPrintsItsMessageAndFrames() throws {
        let result = try CLI.run(["run", try Programs.path("trap")])
        #expect(result.status == 134)
        #expect(result.stdoutText == "about to trap\n")
        let lines = result.stderrLines
        try #require(lines.count >= 5, "\(result.stderrText)")
        #expect(lines[0] == "error: wasm trap: wasm `unreachable` instruction executed")
        #expect(lines[1] == "wasm backtrace:")
        #expect(lines[2].hasPrefix("  0: trap.wasm!explode at 0x"))
        #expect(lines[3].hasPrefix("  1: trap.wasm!descend at 0x"))
        #expect(lines[4].hasPrefix("  2: trap.wasm!main at 0x"))
    }

    @Test func trapInTextModuleNamesItsFunctions() throws {
        let module = try Scratch.file(
            "divide.wat",
            """
            (module
              (func $divide (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
              (func (export "_start") (drop (call $divide (i32.const 0)))))
            """)
        let result = try CLI.run(["run", module])
        #expect(result.status == 134)
        #expect(result.stderrLines.first == "error: wasm trap: integer divide by zero")
        #expect(
            result.stderrLines.dropFirst(2).first?.hasPrefix("  0: divide.wat!divide at 0x") == true,
            "\(result.stderrText)")
    }
}
