#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CWasmtime

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
        let disablesFeature = off(w.simd) || off(w.relaxedSIMD) || off(w.relaxedSIMDDeterministic)
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
    func probeRejection() -> String? {
        var fds: [Int32] = [0, 0]
        guard unsafe pipe(&fds) == 0 else { return nil }
        let pid = fork()
        if pid == 0 {
            close(fds[0])
            dup2(fds[1], 2)
            // Let Wasmtime's abort end the child at once, without the Swift
            // runtime's crash backtracer (slow, and it can hang).
            signal(SIGABRT, SIG_DFL)
            var code: Int32 = 1
            do {
                if EngineHandle(config: try makeHandle()) != nil { code = 0 }
            } catch {
                // A setter's error (the parent normally reports these itself).
                var line = Array("value: \(error.message)\n".utf8)
                _ = unsafe line.withUnsafeMutableBytes { unsafe write(2, $0.baseAddress, $0.count) }
            }
            _exit(code)
        }
        close(fds[1])
        defer { close(fds[0]) }
        guard pid > 0 else { return nil }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = unsafe chunk.withUnsafeMutableBytes { unsafe read(fds[0], $0.baseAddress, $0.count) }
            if count > 0 {
                output.append(contentsOf: chunk[..<count])
            } else if count == 0 || errno != EINTR {
                break
            }
        }
        var status: Int32 = 0
        while unsafe waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exitedCleanly = (status & 0x7f) == 0 && ((status >> 8) & 0xff) == 0
        if exitedCleanly { return nil }
        return Self.panicMessage(String(decoding: output, as: UTF8.self))
    }

    /// Extracts the reason from Rust's `called Result::unwrap() on an Err value: …` line.
    static func panicMessage(_ stderr: String) -> String {
        let marker = Array("value: ".utf8)
        for line in stderr.split(separator: "\n") {
            let bytes = Array(line.utf8)
            guard bytes.count > marker.count else { continue }
            for start in 0...(bytes.count - marker.count) where bytes[start..<(start + marker.count)].elementsEqual(marker) {
                return String(decoding: bytes[(start + marker.count)...], as: UTF8.self)
            }
        }
        let first = stderr.split(separator: "\n").first { !$0.hasPrefix("thread ") }
        return first.map(String.init) ?? "Wasmtime rejected the engine configuration"
    }
}
