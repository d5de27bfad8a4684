import ArgumentParser
import Wasmtime

/// `--profile guest[,PATH[,INTERVAL]]`, as `wasmtime run --profile=guest`
/// takes it: where to write the Firefox Profiler JSON (default
/// `wasmtime-guest-profile.json`) and the time between samples (default
/// 10ms; a bare number is seconds).
struct GuestProfileOptions {
    static let defaultPath = "wasmtime-guest-profile.json"

    var path = GuestProfileOptions.defaultPath
    var interval = TimeoutDuration(argument: "10ms")!

    init(_ text: String) throws {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard parts.first == "guest", parts.count <= 3 else {
            throw ValidationError("--profile \(text): unknown profiling strategy (use guest[,path[,interval]])")
        }
        if parts.count > 1, !parts[1].isEmpty { path = parts[1] }
        if parts.count > 2 {
            guard let interval = TimeoutDuration(argument: parts[2], allowsBareSeconds: true) else {
                throw ValidationError("--profile \(text): the interval must be a positive duration such as 1ms or 10ms")
            }
            self.interval = interval
        }
    }

    /// The interval as a `Duration`, at least one nanosecond.
    var duration: Duration {
        .nanoseconds(max(1, Int64(min(interval.seconds * 1e9, 1e18).rounded())))
    }
}

/// A guest profiler for one run: samples the store from the engine's epoch
/// ticks while the guest runs, then writes the profile.
final class GuestProfileSession {
    let options: GuestProfileOptions
    let profiler: GuestProfiler
    private var finished = false

    init(
        _ options: GuestProfileOptions, engine: Engine, name: String,
        modules: [(name: String, module: Module)]
    ) throws(Failure) {
        self.options = options
        do {
            profiler = try GuestProfiler(engine: engine, name: name, interval: options.duration, modules: modules)
        } catch {
            throw Failure(error, context: "cannot start the guest profiler")
        }
    }

    /// Writes the profile (once) and says where, as `wasmtime run` does.
    func finish() throws(Failure) {
        guard !finished else { return }
        finished = true
        do {
            try profiler.finish(writingTo: options.path)
        } catch {
            throw Failure(error, context: "cannot write the guest profile to \(options.path)")
        }
        System.writeError(
            "\nProfile written to: \(options.path)\nView this profile at https://profiler.firefox.com/.\n")
    }
}

extension Runner {
    /// Runs `body` with the guest profiler sampling `store`, if one was asked for.
    func withProfiling(_ session: GuestProfileSession?, _ store: AnyStore, _ body: () throws -> Void) throws {
        guard let session else { return try body() }
        try session.profiler.sampling(store, body)
    }
}
