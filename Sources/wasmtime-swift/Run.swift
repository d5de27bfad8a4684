import ArgumentParser
import Wasmtime

/// `wasmtime-swift run`: runs a WASI command (a core module or a component),
/// or one export with `--invoke`, taking the options of `wasmtime run`.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a WebAssembly module or component: its entry point, or one export with --invoke.",
        discussion: """
            FILE is a .wasm or .wat module or component, or a .cwasm file written by `compile`. \
            Options go before FILE: everything after it is ARGS, the program's arguments (after \
            its name, which is FILE or --argv0), or with --invoke on a module the function's \
            arguments, one per parameter. A module's entry point is chosen as `wasmtime run` \
            chooses it: `_initialize` first when exported, then the --invoke export, else the \
            default export "", else _start, else nothing. A component runs its wasi:cli/run \
            export (WASI preview 2), or with --invoke 'name(arg, ...)' one export, its \
            arguments and result written in WAVE (`--invoke 'greet("Ada")'`). The guest sees nothing of the host unless granted: no \
            environment variables, no files outside --dir directories, no network. Standard \
            input, output and error are the tool's own. -W, -S, -O, -C and -D take \
            KEY[=VALUE] lists as in `wasmtime run`; `-W help` lists the keys.
            """
    )

    /// Limits on the number of memories and tables, so the per-item limits
    /// below bound the total a module can allocate.
    static let maxMemories = 16
    static let maxTables = 16

    @Option(
        name: [.customShort("W", allowingJoined: true), .customLong("wasm")],
        help: ArgumentHelp(
            "WebAssembly semantics and limits, such as fuel=N, timeout=2s, unknown-imports-trap, simd=n (-W help).",
            valueName: "key[=val[,..]]"))
    var wasm: [String] = []

    @Option(
        name: [.customShort("S", allowingJoined: true), .customLong("wasi")],
        help: ArgumentHelp(
            "WASI settings, such as inherit-env, inherit-network, cli=n (-S help).", valueName: "key[=val[,..]]"))
    var wasi: [String] = []

    @Option(
        name: [.customShort("O", allowingJoined: true), .customLong("optimize")],
        help: ArgumentHelp(
            "Code quality and memory layout, such as opt-level=0, pooling-allocator (-O help).",
            valueName: "key[=val[,..]]"))
    var optimize: [String] = []

    @Option(
        name: [.customShort("C", allowingJoined: true), .customLong("codegen")],
        help: ArgumentHelp(
            "Code generation, such as compiler=winch, cache=n (-C help).", valueName: "key[=val[,..]]"))
    var codegen: [String] = []

    @Option(
        name: [.customShort("D", allowingJoined: true), .customLong("debug")],
        help: ArgumentHelp(
            "Debugging: debug-info (-D help).", valueName: "key[=val[,..]]"))
    var debug: [String] = []

    @Option(
        name: .customLong("dir"),
        help: ArgumentHelp(
            "Give the guest a host directory, read-write, at GUEST (default: HOST as written).",
            valueName: "host[::guest]"))
    var directories: [DirectoryMapping] = []

    @Option(
        name: .customLong("read-only-dir"),
        help: ArgumentHelp(
            "Give the guest a host directory it can read but not change.", valueName: "host[::guest]"))
    var readOnlyDirectories: [DirectoryMapping] = []

    @Option(
        name: .customLong("env"),
        help: ArgumentHelp(
            "Set an environment variable for the guest; NAME alone passes the host's value.", valueName: "name[=val]"))
    var environment: [EnvironmentSetting] = []

    @Option(
        help: ArgumentHelp(
            "Call this export (after _initialize) instead of the default one and print its results; for a component, 'name(args)' in WAVE.",
            valueName: "function"))
    var invoke: String?

    @Option(help: ArgumentHelp("The program's argv[0] (default: FILE as written).", valueName: "argv0"))
    var argv0: String?

    @Option(
        help: ArgumentHelp(
            "Instantiate another module first and let FILE import its exports as NAME.",
            valueName: "name=module_path"), transform: Preload.parse)
    var preload: [Preload] = []

    @Option(
        help: ArgumentHelp(
            "Profiling: perfmap, jitdump or vtune for an external profiler, or guest[,path[,interval]] to sample the guest "
                + "and write a Firefox Profiler JSON (default wasmtime-guest-profile.json, every 10ms).",
            valueName: "strategy"))
    var profile: String?

    @Option(help: ArgumentHelp("Same as -W fuel=N.", valueName: "n"))
    var fuel: UInt64?

    @Option(
        help: ArgumentHelp("Same as -W timeout=DURATION, with a unit: 500ms, 2s, 1m.", valueName: "duration"),
        transform: TimeoutDuration.parse)
    var timeout: TimeoutDuration?

    @Option(
        help: ArgumentHelp(
            "Same as -W max-memory-size: bytes, or with K, M, G, T (default: 1GiB; at most \(Run.maxMemories) memories).",
            valueName: "size"), transform: ByteCount.parse)
    var maxMemory: ByteCount?

    @Option(
        help: ArgumentHelp(
            "Same as -W max-table-elements (default 1000000; at most \(Run.maxTables) tables).", valueName: "n"))
    var maxTableElements: Int?

    @Flag(help: "Same as -S inherit-network.")
    var inheritNetwork = false

    @Flag(name: .customLong("allow-ip-name-lookup"), help: "Same as -S allow-ip-name-lookup.")
    var allowsNameLookup = false

    @Flag(help: "Load FILE as a precompiled module even without the .cwasm extension (only for trusted files).")
    var allowPrecompiled = false

    @OptionGroup var cache: CacheOptions

    @Argument(help: ArgumentHelp("The module to run.", valueName: "file"))
    var file: String

    @Argument(
        parsing: .captureForPassthrough,
        help: ArgumentHelp(
            "Arguments for the program, or for the function given with --invoke.", valueName: "args"))
    var arguments: [String] = []

    mutating func validate() throws {
        _ = try RunSettings(request)
    }

    /// The parsed command line.
    var request: RunRequest {
        RunRequest(
            wasm: wasm, wasi: wasi, optimize: optimize, codegen: codegen, debug: debug,
            directories: directories, readOnlyDirectories: readOnlyDirectories, environment: environment,
            invoke: invoke, argv0: argv0, preload: preload, profile: profile, fuel: fuel, timeout: timeout,
            maxMemory: maxMemory, maxTableElements: maxTableElements, inheritNetwork: inheritNetwork,
            allowsNameLookup: allowsNameLookup, allowPrecompiled: allowPrecompiled,
            cacheDirectory: cache.cacheDirectory, disableCache: cache.disableCache, file: file,
            arguments: arguments)
    }

    func run() throws {
        try Runner(request: request).run()
    }
}
