import CKernels

#if canImport(Glibc)
import Glibc
#endif

// Native baselines: plain C calls, memcpy, and the kernels compiled natively.

enum NativeSide {
    static func hostToWasm(_ signature: Signature) -> Contestant {
        switch signature {
        case .nop:
            return Contestant(name: "native") { count in
                for _ in 0..<count { native_nop() }
                return UInt64(count)
            }
        case .add:
            return Contestant(name: "native") { count in
                var sum: UInt64 = 0
                for i in 0..<count { sum &+= UInt64(UInt32(bitPattern: native_add(Int32(truncatingIfNeeded: i), 1))) }
                return sum
            }
        case .mix:
            return Contestant(name: "native") { count in
                var sum: UInt64 = 0
                for i in 0..<count { sum &+= UInt64(native_mix(Int32(i & 0xFFFF), Int64(i)).bitPattern) }
                return sum
            }
        }
    }

    /// A C loop calling Swift `@convention(c)` functions, the shape of the wasm loops.
    static func wasmToHost(_ signature: Signature) -> Contestant {
        switch signature {
        case .nop:
            let counter = CallCounter()
            return Contestant(name: "native") { count in
                counter.count = 0
                native_call_nop(
                    Int32(count),
                    { env in
                        env!.assumingMemoryBound(to: Int.self).pointee += 1
                    }, counter.cell)
                return UInt64(counter.count)
            }
        case .add:
            return Contestant(name: "native") { count in
                UInt64(UInt32(bitPattern: native_call_add(Int32(count)) { a, b in a &+ b }))
            }
        case .mix:
            return Contestant(name: "native") { count in
                UInt64(UInt32(bitPattern: native_call_mix(Int32(count)) { a, b in Signature.mix(a, b) }))
            }
        }
    }

    static func copyIn(source: UnsafeMutableRawBufferPointer) -> Contestant {
        let size = source.count
        let destination = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
        destination.initializeMemory(as: UInt8.self, repeating: 0)
        return Contestant(name: "memcpy") { count in
            for i in 0..<count {
                source[0] = UInt8(truncatingIfNeeded: i)
                memcpy(destination.baseAddress!, source.baseAddress!, size)
            }
            return UInt64(destination[0]) | UInt64(destination[size - 1]) << 8
        }
    }

    static func copyOut(destination: UnsafeMutableRawBufferPointer) -> Contestant {
        let size = destination.count
        let source = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
        for index in 0..<size { source[index] = copyPattern(index) }
        return Contestant(name: "memcpy") { count in
            destination[0] = 0
            destination[size - 1] = 0
            for _ in 0..<count { memcpy(destination.baseAddress!, source.baseAddress!, size) }
            return UInt64(destination[0]) | UInt64(destination[size - 1]) << 8
        }
    }

    static let kernelNames = ["kernel_hash", "kernel_matmul", "kernel_sort", "kernel_sieve"]

    static func kernelFunction(_ name: String) -> (UInt32) -> UInt64 {
        switch name {
        case "kernel_hash": kernel_hash
        case "kernel_matmul": kernel_matmul
        case "kernel_sort": kernel_sort
        default: kernel_sieve
        }
    }

    static func kernel(_ name: String) -> Contestant {
        let function = kernelFunction(name)
        return Contestant(name: "native") { count in function(UInt32(truncatingIfNeeded: count)) }
    }
}

/// The expected checksum of a kernel for `reps`, from the native build;
/// memoized because the harness asks for the same counts again and again.
final class KernelExpectations {
    private var cache: [Int: UInt64] = [:]
    private let function: (UInt32) -> UInt64

    init(_ name: String) {
        function = NativeSide.kernelFunction(name)
    }

    func expected(_ reps: Int) -> UInt64 {
        if let value = cache[reps] { return value }
        let value = function(UInt32(truncatingIfNeeded: reps))
        cache[reps] = value
        return value
    }
}
