/// A 128-bit SIMD value, stored as 16 little-endian bytes.
public struct V128: Hashable, Sendable, CustomStringConvertible {
    /// The bytes, lane 0 first.
    public var bytes:
        (
            UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
            UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
        )

    /// The zero vector.
    public init() {
        bytes = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    }

    /// Creates a vector from 16 bytes, lane 0 first.
    public init(bytes array: [UInt8]) {
        precondition(array.count == 16, "a v128 has exactly 16 bytes")
        bytes = (
            array[0], array[1], array[2], array[3], array[4], array[5], array[6], array[7],
            array[8], array[9], array[10], array[11], array[12], array[13], array[14], array[15]
        )
    }

    /// Creates a vector from its low and high 64-bit halves.
    public init(low: UInt64, high: UInt64) {
        func byte(_ value: UInt64, _ index: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: value >> (index * 8)) }
        bytes = (
            byte(low, 0), byte(low, 1), byte(low, 2), byte(low, 3),
            byte(low, 4), byte(low, 5), byte(low, 6), byte(low, 7),
            byte(high, 0), byte(high, 1), byte(high, 2), byte(high, 3),
            byte(high, 4), byte(high, 5), byte(high, 6), byte(high, 7)
        )
    }

    /// The low 64 bits (lanes 0-7 of i8x16).
    public var low: UInt64 {
        let b = bytes
        return UInt64(b.0) | UInt64(b.1) << 8 | UInt64(b.2) << 16 | UInt64(b.3) << 24
            | UInt64(b.4) << 32 | UInt64(b.5) << 40 | UInt64(b.6) << 48 | UInt64(b.7) << 56
    }

    /// The high 64 bits.
    public var high: UInt64 {
        let b = bytes
        return UInt64(b.8) | UInt64(b.9) << 8 | UInt64(b.10) << 16 | UInt64(b.11) << 24
            | UInt64(b.12) << 32 | UInt64(b.13) << 40 | UInt64(b.14) << 48 | UInt64(b.15) << 56
    }

    /// The bytes as an array, lane 0 first.
    public var byteArray: [UInt8] {
        let b = bytes
        return [b.0, b.1, b.2, b.3, b.4, b.5, b.6, b.7, b.8, b.9, b.10, b.11, b.12, b.13, b.14, b.15]
    }

    /// Reads lane `index` of the vector interpreted as lanes of `T`.
    public func lane<T: FixedWidthInteger>(_ index: Int, as type: T.Type = T.self) -> T {
        precondition(index >= 0 && index < 16 / MemoryLayout<T>.size, "lane index out of range")
        let all = byteArray
        let size = MemoryLayout<T>.size
        var value: T = 0
        for offset in (0..<size).reversed() {
            value = value << 8 | T(truncatingIfNeeded: all[index * size + offset])
        }
        return value
    }

    public static func == (lhs: V128, rhs: V128) -> Bool {
        lhs.low == rhs.low && lhs.high == rhs.high
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(low)
        hasher.combine(high)
    }

    public var description: String {
        "0x" + byteArray.reversed().map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
