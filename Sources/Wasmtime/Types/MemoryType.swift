/// The type of a linear memory: limits in pages, index width, sharing and page size.
public struct MemoryType: Hashable, Sendable, CustomStringConvertible {
    /// Initial size in pages.
    public var minimum: UInt64
    /// Maximum size in pages, if bounded.
    public var maximum: UInt64?
    /// Whether the memory is indexed with 64-bit addresses (memory64).
    public var is64: Bool
    /// Whether the memory is shared between threads.
    public var isShared: Bool
    /// Base-2 logarithm of the page size: 16 for the default 64 KiB, 0 for 1-byte pages.
    public var pageSizeLog2: UInt8

    /// Creates a memory type.
    public init(
        minimum: UInt64, maximum: UInt64? = nil, is64: Bool = false,
        isShared: Bool = false, pageSizeLog2: UInt8 = 16
    ) {
        self.minimum = minimum
        self.maximum = maximum
        self.is64 = is64
        self.isShared = isShared
        self.pageSizeLog2 = pageSizeLog2
    }

    /// The page size in bytes.
    public var pageSize: UInt64 { 1 << UInt64(pageSizeLog2) }

    public var description: String {
        var text = "memory \(is64 ? "i64 " : "")\(minimum)"
        if let maximum { text += " \(maximum)" }
        if isShared { text += " shared" }
        if pageSizeLog2 != 16 { text += " (pagesize \(pageSize))" }
        return text
    }
}
