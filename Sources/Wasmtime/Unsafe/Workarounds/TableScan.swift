// WORKAROUND(wasmtime-50): `wasm_tabletype_limits` reads table limits as 32-bit numbers
// (aborting on a larger table64) and nothing says whether a table is 64-bit, so
// the module's own bytes are re-parsed for its table types.

/// Reads the table types of a module's binary: what tables it imports,
/// defines and exports, with 64-bit limits.
///
/// Wasmtime 50's C API reads table limits as 32-bit numbers and aborts the
/// process (`wasm_tabletype_limits`) when a table64 declares larger ones, and
/// it cannot say whether a table is 64-bit at all. The module has already
/// been validated by Wasmtime when this runs, so the scan only has to follow
/// the format; if it meets something it does not know it gives up (`nil`).
struct TableScan: Sendable {
    /// Tables in index order: imported ones first, then defined ones.
    var tables: [ScannedTable] = []
    /// How many of ``tables`` are imports.
    var importedCount = 0
    /// Exported tables by export name: index into ``tables``.
    var exports: [String: Int] = [:]

    struct ScannedTable: Sendable, Hashable {
        var is64: Bool
        var minimum: UInt64
        var maximum: UInt64?
    }

    init?(_ bytes: [UInt8]) {
        var reader = Reader(bytes: bytes, position: 8)
        guard bytes.count >= 8 else { return nil }
        do {
            while !reader.atEnd {
                let id = try reader.byte()
                let size = Int(try reader.leb(bits: 32))
                let end = reader.position + size
                guard end <= bytes.count else { return nil }
                switch id {
                case 2: try scanImports(&reader)
                case 4: try scanTables(&reader)
                case 7: try scanExports(&reader)
                default: break
                }
                reader.position = end
            }
        } catch {
            return nil
        }
    }

    private mutating func scanImports(_ reader: inout Reader) throws {
        for _ in 0..<(try reader.leb(bits: 32)) {
            try reader.skipName()
            try reader.skipName()
            switch try reader.byte() {
            case 0x00: _ = try reader.leb(bits: 32)
            case 0x01:
                tables.append(try reader.tableType())
                importedCount += 1
            case 0x02: try reader.skipMemoryType()
            case 0x03:
                try reader.skipValueType()
                _ = try reader.byte()
            case 0x04:
                _ = try reader.byte()
                _ = try reader.leb(bits: 32)
            default: throw Reader.Unknown()
            }
        }
    }

    private mutating func scanTables(_ reader: inout Reader) throws {
        for _ in 0..<(try reader.leb(bits: 32)) {
            if try reader.peek() == 0x40 {
                _ = try reader.byte()
                guard try reader.byte() == 0x00 else { throw Reader.Unknown() }
                tables.append(try reader.tableType())
                try reader.skipConstantExpression()
            } else {
                tables.append(try reader.tableType())
            }
        }
    }

    private mutating func scanExports(_ reader: inout Reader) throws {
        for _ in 0..<(try reader.leb(bits: 32)) {
            let name = try reader.name()
            let kind = try reader.byte()
            let index = Int(try reader.leb(bits: 32))
            if kind == 0x01 { exports[name] = index }
        }
    }
}

private struct Reader {
    struct Unknown: Error {}

    let bytes: [UInt8]
    var position: Int

    var atEnd: Bool { position >= bytes.count }

    func peek() throws -> UInt8 {
        guard position < bytes.count else { throw Unknown() }
        return bytes[position]
    }

    mutating func byte() throws -> UInt8 {
        let value = try peek()
        position += 1
        return value
    }

    /// An unsigned LEB128 of at most `bits` bits.
    mutating func leb(bits: Int) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try self.byte()
            guard shift < UInt64(bits) + 7 else { throw Unknown() }
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// A signed LEB128; only its extent matters here.
    mutating func skipSignedLEB() throws {
        while try byte() & 0x80 != 0 {}
    }

    mutating func name() throws -> String {
        let count = Int(try leb(bits: 32))
        guard position + count <= bytes.count else { throw Unknown() }
        defer { position += count }
        return String(decoding: bytes[position..<(position + count)], as: UTF8.self)
    }

    mutating func skipName() throws {
        let count = Int(try leb(bits: 32))
        guard position + count <= bytes.count else { throw Unknown() }
        position += count
    }

    /// `0x63`/`0x64` (nullable / non-null) and a heap type, or a one-byte shorthand.
    mutating func skipReferenceType() throws {
        let first = try byte()
        if first == 0x63 || first == 0x64 { try skipSignedLEB() }
    }

    mutating func skipValueType() throws {
        let first = try peek()
        if first == 0x63 || first == 0x64 {
            try skipReferenceType()
        } else {
            _ = try byte()
        }
    }

    mutating func limits() throws -> (flags: UInt8, minimum: UInt64, maximum: UInt64?) {
        let flags = try byte()
        let bits = flags & 0x04 != 0 ? 64 : 32
        let minimum = try leb(bits: bits)
        let maximum = flags & 0x01 != 0 ? try leb(bits: bits) : nil
        return (flags, minimum, maximum)
    }

    mutating func tableType() throws -> TableScan.ScannedTable {
        try skipReferenceType()
        let (flags, minimum, maximum) = try limits()
        return TableScan.ScannedTable(is64: flags & 0x04 != 0, minimum: minimum, maximum: maximum)
    }

    mutating func skipMemoryType() throws {
        let (flags, _, _) = try limits()
        if flags & 0x08 != 0 { _ = try leb(bits: 32) }  // custom page size
    }

    /// Skips a constant expression up to and including its `end`.
    mutating func skipConstantExpression() throws {
        while true {
            switch try byte() {
            case 0x0b: return
            case 0x41, 0x42: try skipSignedLEB()
            case 0x43: position += 4
            case 0x44: position += 8
            case 0xd0: try skipSignedLEB()
            case 0xd2, 0x23: _ = try leb(bits: 32)
            case 0x6a, 0x6b, 0x6c, 0x7c, 0x7d, 0x7e: break
            case 0xfb:
                switch try leb(bits: 32) {
                case 0, 1, 6, 7: _ = try leb(bits: 32)
                case 8:
                    _ = try leb(bits: 32)
                    _ = try leb(bits: 32)
                case 0x1a, 0x1b, 0x1c: break
                default: throw Unknown()
                }
            case 0xfd:
                guard try leb(bits: 32) == 12 else { throw Unknown() }
                position += 16
            default: throw Unknown()
            }
        }
    }
}
