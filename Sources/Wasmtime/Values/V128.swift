/// A 128-bit SIMD value, stored as 16 little-endian bytes.
public struct V128: Hashable, Sendable, CustomStringConvertible {
    /// The bytes, lane 0 first.
    public var bytes: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                       UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)

    /// The zero vector.
    public init() {
        bytes = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    }

    /// Creates a vector from 16 bytes, lane 0 first.
    public init(bytes array: [UInt8]) {
        precondition(array.count == 16, "a v128 has exactly 16 bytes")
        self.init()
        withUnsafeMutableBytes(of: &bytes) { $0.copyBytes(from: array) }
    }

    /// Creates a vector from its low and high 64-bit halves.
    public init(low: UInt64, high: UInt64) {
        self.init()
        withUnsafeMutableBytes(of: &bytes) {
            $0.storeBytes(of: low.littleEndian, toByteOffset: 0, as: UInt64.self)
            $0.storeBytes(of: high.littleEndian, toByteOffset: 8, as: UInt64.self)
        }
    }

    /// The low 64 bits (lanes 0-7 of i8x16).
    public var low: UInt64 {
        withUnsafeBytes(of: bytes) { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
    }

    /// The high 64 bits.
    public var high: UInt64 {
        withUnsafeBytes(of: bytes) { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) }
    }

    /// The bytes as an array, lane 0 first.
    public var byteArray: [UInt8] {
        withUnsafeBytes(of: bytes) { Array($0) }
    }

    /// Reads lane `index` of the vector interpreted as lanes of `T`.
    public func lane<T: FixedWidthInteger>(_ index: Int, as type: T.Type = T.self) -> T {
        precondition(index >= 0 && index < 16 / MemoryLayout<T>.size, "lane index out of range")
        return withUnsafeBytes(of: bytes) {
            T(littleEndian: $0.loadUnaligned(fromByteOffset: index * MemoryLayout<T>.size, as: T.self))
        }
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
