import CWasmtime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// WORKAROUND(wasmtime-50): `wasm_engine_new_with_config` does not report a rejected configuration: it
// panics, which aborts the process. Wasmtime's rules (feature dependencies,
// compiler support, Cranelift setting names and values, pooling limits versus
// reservations) are too many to mirror faithfully, so a configuration that
// could be rejected is first tried in a short-lived child process. The child
// only builds an engine and exits; its stderr (where the panic message goes)
// comes back through a pipe so the Swift error carries Wasmtime's own words.

extension Config {
    /// Whether Wasmtime could reject this configuration. Enabling features
    /// under the default compiler, fuel, epochs, debug info and the like never
    /// fail, nor does a Cranelift optimization level (every value is valid);
    /// disabling features, choosing a compiler, raw Cranelift settings, stack
    /// sizes (the async stack must exceed the wasm stack), memory layout
    /// settings and the pooling allocator may.
    var mayBeRejected: Bool {
        // One comparison per setting rather than a `[Bool?]`: that array's
        // generic metadata is built at run time, which every engine paid for
        // and a short `wasmtime-swift run` noticed (README, "Start-up").
        func off(_ setting: Bool?) -> Bool { setting == false }
        let w = wasm
        let disablesFeature =
            off(w.simd) || off(w.relaxedSIMD) || off(w.relaxedSIMDDeterministic)
            || off(w.threads) || off(w.sharedMemory) || off(w.referenceTypes) || off(w.gc)
            || off(w.functionReferences) || off(w.tailCall) || off(w.exceptions) || off(w.multiMemory)
            || off(w.multiValue) || off(w.bulkMemory) || off(w.memory64) || off(w.wideArithmetic)
            || off(w.customPageSizes) || off(w.stackSwitching) || off(w.branchHinting) || off(w.compactImports)
            || off(w.componentModel) || off(w.componentModelAsync) || off(w.componentModelMap)
            || off(gcSupport) || off(signalsBasedTraps)
        return disablesFeature
            || (strategy != nil && strategy != .cranelift && strategy != .auto)
            || !craneliftFlags.isEmpty || !craneliftEnabledFlags.isEmpty
            || craneliftRegisterAllocator != nil
            || maxWasmStack != nil || asyncStackSize != nil || memoryReservation != nil || memoryGuardSize != nil
            || memoryReservationForGrowth != nil || memoryMayMove != nil
            || allocationStrategy != nil || profiler != nil || target != nil
    }

    /// Builds an engine from this configuration in a child process and
    /// returns Wasmtime's complaint, or `nil` if the engine was created.
    ///
    /// The configuration is built here, before `fork()`: a child of a
    /// process with other threads may only make async-signal-safe calls,
    /// and Swift code (allocation, metadata, reference counting) can block
    /// forever on a lock another thread held at the fork (a TSan run hung
    /// that way). The child makes C calls only: Wasmtime's engine
    /// constructor, `write` and `_exit`. A child that still does not finish
    /// in time is killed and the probe tried once more.
    func probeRejection() -> String? {
        let handle: ConfigHandle
        do {
            handle = try makeHandle()
        } catch {
            return error.message  // a setter's error: the parent reports it the same way
        }
        let raw = unsafe handle.raw
        for _ in 0..<2 {
            switch unsafe Self.probe(raw) {
            case .accepted: return nil
            case .rejected(let reason): return reason
            case .unfinished: continue
            }
        }
        return
            "the configuration probe did not finish (Wasmtime's engine constructor did not return in a child process)"
    }

    private enum ProbeOutcome {
        case accepted
        case rejected(String)
        /// The child did not finish in time (and was killed).
        case unfinished
    }

    /// One probe in a child process.
    private static func probe(_ config: OpaquePointer) -> ProbeOutcome {
        var fds: [Int32] = [0, 0]
        guard unsafe pipe(&fds) == 0 else { return .accepted }
        let readEnd = fds[0]
        let writeEnd = fds[1]
        let pid = fork()
        if pid == 0 {
            // C calls only (see probeRejection). Wasmtime's abort ends the
            // child at once: SIGABRT's default action, no Swift backtracer.
            close(readEnd)
            dup2(writeEnd, 2)
            signal(SIGABRT, SIG_DFL)
            let engine = unsafe wasm_engine_new_with_config(config)
            _exit(unsafe engine == nil ? 1 : 0)
        }
        close(writeEnd)
        defer { close(readEnd) }
        guard pid > 0 else { return .accepted }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        // Engine creation takes milliseconds; a minute allows for a loaded machine.
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else {
                kill(pid, SIGKILL)
                var status: Int32 = 0
                while unsafe waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                return .unfinished
            }
            var poller = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(clamping: left.components.seconds * 1000 + 1)
            let ready = unsafe poll(&poller, 1, milliseconds)
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { continue }
            let count = unsafe chunk.withUnsafeMutableBytes { unsafe read(readEnd, $0.baseAddress, $0.count) }
            if count > 0 {
                output.append(contentsOf: chunk[..<count])
            } else if count == 0 || errno != EINTR {
                break
            }
        }
        var status: Int32 = 0
        while unsafe waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exitedCleanly = (status & 0x7f) == 0 && ((status >> 8) & 0xff) == 0
        if exitedCleanly { return .accepted }
        return .rejected(panicMessage(String(decoding: output, as: UTF8.self)))
    }

    /// Extracts the reason from Rust's `called Result::unwrap() on an Err value: …` line.
    static func panicMessage(_ stderr: String) -> String {
        let marker = Array("value: ".utf8)
        for line in stderr.split(separator: "\n") {
            let bytes = Array(line.utf8)
            guard bytes.count > marker.count else { continue }
            for start in 0...(bytes.count - marker.count)
            where bytes[start..<(start + marker.count)].elementsEqual(marker) {
                return String(decoding: bytes[(start + marker.count)...], as: UTF8.self)
            }
        }
        let first = stderr.split(separator: "\n").first { !$0.hasPrefix("thread ") }
        return first.map(String.init) ?? "Wasmtime rejected the engine configuration"
    }
}
