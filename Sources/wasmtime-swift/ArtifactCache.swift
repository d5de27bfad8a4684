import Wasmtime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The tool's own cache of compiled code: one file per module (or
/// component) and engine configuration, holding what `Module.serialize`
/// wrote, loaded again by memory-mapping it.
///
/// It replaces Wasmtime's cache for `run` because that cache updates a
/// statistics file on a worker thread after every hit, which a short run
/// then waits for when it exits. Here a hit is an `open`, an `fstat`, two
/// `pread`s and the mapping, with no thread and no write.
///
/// An entry is the serialized code, then a copy of the module's bytes and
/// of the engine configuration it was compiled for, then a trailer (format,
/// kind, the three lengths). A hit compares the module's bytes and the
/// configuration with the copies in full, so an entry is only ever used
/// for exactly what it was compiled from; the file name is a 128-bit hash
/// of them, which only spreads the entries (a collision is a miss).
///
/// Trust: loading an entry maps and runs its machine code as is, so only
/// files this tool wrote are loaded. The directory (`DIR/artifacts`) and
/// each entry must belong to the user running the tool and be writable by
/// no one else, the trailer and lengths must match the file, and the file
/// is mapped through the very descriptor that was checked. Wasmtime then
/// checks its own header (its version and the engine's settings). Anything
/// that fails a check is a miss: the module is compiled and the entry
/// written again.
struct ArtifactCache {
    /// What an entry holds.
    enum Kind: UInt8 {
        case module = 1
        case component = 2
    }

    /// `DIR/artifacts`, absolute.
    let directory: String
    /// The engine configuration as text, in a fixed order.
    let configuration: [UInt8]

    /// The trailer: magic and format version (the last byte is the kind),
    /// then the lengths of the code, the module's bytes and the configuration.
    static let magic: [UInt8] = Array("wasmtime-swift-a".utf8) + [2, 0, 0, 0, 0, 0, 0, 0]
    static let trailerSize = 24 + 3 * 8

    /// Opens (creating when missing) the cache under `root` for engines
    /// built from `config`.
    init(root: String, config: Config) throws(Failure) {
        directory = System.absolutePath(root) + "/artifacts"
        configuration = Self.describe(config)
        guard System.makeDirectories(System.directoryName(directory)) else {
            throw Failure(
                "cannot use cache directory \(root): \(System.errorDescription()) (pass --no-cache to run without it)")
        }
        var info = stat()
        if lstat(directory, &info) != 0 {
            guard mkdir(directory, 0o700) == 0 || errno == EEXIST, lstat(directory, &info) == 0 else {
                throw Failure(
                    "cannot use cache directory \(root): \(System.errorDescription()) (pass --no-cache to run without it)"
                )
            }
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR, Self.isPrivate(info) else {
            throw Failure(
                "cannot use cache directory \(root): \(directory) must be a directory owned by this user "
                    + "and writable by no one else (pass --no-cache to run without it)")
        }
    }

    /// Whether a file or directory belongs to this user and no one else may write to it.
    private static func isPrivate(_ info: stat) -> Bool {
        info.st_uid == geteuid() && (info.st_mode & 0o022) == 0
    }

    /// The configuration as text: every setting of `config` that is part of
    /// the engine (the cache setting itself excluded), dictionaries and sets
    /// in sorted order so that equal configurations read alike in every
    /// process. The tool's version (with Wasmtime's) comes first.
    static func describe(_ config: Config) -> [UInt8] {
        var plain = config
        plain.cache = nil
        // The common case without reflection, which is slow the first time.
        if plain == Config() { return Array((WasmtimeSwift.version + "\ndefault").utf8) }
        plain.craneliftFlags = [:]
        plain.craneliftEnabledFlags = []
        var text = WasmtimeSwift.version + "\n" + String(describing: plain)
        for (name, value) in config.craneliftFlags.sorted(by: { $0.key < $1.key }) {
            text += "\n\(name)=\(value)"
        }
        for name in config.craneliftEnabledFlags.sorted() {
            text += "\n\(name)"
        }
        return Array(text.utf8)
    }

    /// Where the entry for `bytes` compiled as `kind` lives: the name is a
    /// hash of them and the configuration.
    func path(for bytes: [UInt8], kind: Kind) -> String {
        var hash = FastHash()
        hash.add([kind.rawValue])
        hash.add(configuration)
        hash.add(bytes)
        return directory + "/" + hash.hexDigest
    }

    /// The entry for `bytes`, loaded into `engine`, or `nil` when there is
    /// none or it fails a check.
    func load(_ bytes: [UInt8], kind: Kind, engine: Engine) -> ModuleFile.Loaded? {
        let descriptor = open(path(for: bytes, kind: kind), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Self.isPrivate(info) else {
            return nil
        }
        let size = Int(info.st_size)
        let copies = bytes.count + configuration.count
        let codeLength = size - Self.trailerSize - copies
        guard codeLength > 0,
            Self.read(descriptor, count: Self.trailerSize, at: size - Self.trailerSize)
                == Self.trailer(kind: kind, code: codeLength, bytes: bytes.count, configuration: configuration.count),
            let stored = Self.read(descriptor, count: copies, at: codeLength),
            Self.equal(stored, at: 0, bytes), Self.equal(stored, at: bytes.count, configuration)
        else { return nil }
        // The checked descriptor itself, so the file cannot change in between
        // (by its path only where the system has no such names for descriptors).
        #if os(Linux)
        let descriptors = "/proc/self/fd/"
        #else
        let descriptors = "/dev/fd/"
        #endif
        let file = System.isDirectory(descriptors) ? descriptors + String(descriptor) : path(for: bytes, kind: kind)
        switch kind {
        case .module: return (try? Module.deserialize(engine: engine, file: file)).map { .module($0) }
        case .component: return (try? Component.deserialize(engine: engine, file: file)).map { .component($0) }
        }
    }

    /// Whether `stored` holds `expected` at `offset` (memcmp: the copies are as large as the module).
    private static func equal(_ stored: [UInt8], at offset: Int, _ expected: [UInt8]) -> Bool {
        guard offset + expected.count <= stored.count else { return false }
        return stored.withUnsafeBytes { storedBytes in
            expected.withUnsafeBytes { expectedBytes in
                expectedBytes.isEmpty
                    || memcmp(storedBytes.baseAddress! + offset, expectedBytes.baseAddress!, expectedBytes.count) == 0
            }
        }
    }

    /// `count` bytes at `offset`, or `nil` when the file has fewer.
    private static func read(_ descriptor: Int32, count: Int, at offset: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = buffer.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress! + done, count - done, off_t(offset + done))
            }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { return nil }
            done += got
        }
        return buffer
    }

    /// Writes the entry for `bytes` (best effort: a run does not fail
    /// because its code could not be cached). The file is written under a
    /// temporary name and renamed into place, so no run ever sees half an entry.
    func store(_ serialized: [UInt8], for bytes: [UInt8], kind: Kind) {
        let final = path(for: bytes, kind: kind)
        let temporary = "\(directory)/.tmp-\(getpid())-\(System.fileName(final).prefix(8))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        let contents =
            serialized + bytes + configuration
            + Self.trailer(kind: kind, code: serialized.count, bytes: bytes.count, configuration: configuration.count)
        var offset = 0
        var failed = false
        while offset < contents.count {
            let written = contents.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                failed = true
                break
            }
            offset += written
        }
        if close(descriptor) != 0 { failed = true }
        if failed || rename(temporary, final) != 0 {
            unlink(temporary)
            return
        }
        trim(keeping: System.fileName(final))
    }

    /// Overrides the size limit of ``trim(keeping:)``, in bytes.
    static let sizeLimitVariable = "WASMTIME_SWIFT_CACHE_SIZE_LIMIT"

    /// Bounds the cache after a new entry (`kept`), as Wasmtime's cache is
    /// bounded: past 1 GiB (or `$WASMTIME_SWIFT_CACHE_SIZE_LIMIT` bytes) or
    /// 10,000 entries, the entries written longest ago are removed until
    /// three quarters of both remain (an entry another run has mapped stays
    /// readable to it). Temporary files an interrupted run left behind go
    /// after an hour.
    func trim(keeping kept: String) {
        let sizeLimit = System.environment(Self.sizeLimitVariable).flatMap { Int($0) } ?? 1 << 30
        let countLimit = 10_000
        guard let listing = opendir(directory) else { return }
        var entries: [(name: String, size: Int, written: Int)] = []
        let now = Int(time(nil)) * 1_000_000_000
        while let item = readdir(listing) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name != ".", name != ".." else { continue }
            var info = stat()
            guard lstat(directory + "/" + name, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            if name.hasPrefix(".tmp-") {
                if now - Self.modified(info) > 3600 * 1_000_000_000 { unlink(directory + "/" + name) }
                continue
            }
            entries.append((name, Int(info.st_size), Self.modified(info)))
        }
        closedir(listing)
        var total = entries.reduce(0) { $0 + $1.size }
        guard total > sizeLimit || entries.count > countLimit else { return }
        var count = entries.count
        for entry in entries.sorted(by: { $0.written < $1.written }) where entry.name != kept {
            guard total > sizeLimit / 4 * 3 || count > countLimit / 4 * 3 else { break }
            if unlink(directory + "/" + entry.name) == 0 {
                total -= entry.size
                count -= 1
            }
        }
    }

    /// When a file was last written, in nanoseconds since 1970.
    private static func modified(_ info: stat) -> Int {
        #if canImport(Darwin)
        Int(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int(info.st_mtimespec.tv_nsec)
        #else
        Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec)
        #endif
    }

    static func trailer(kind: Kind, code: Int, bytes: Int, configuration: Int) -> [UInt8] {
        var trailer = magic
        trailer[trailer.count - 1] = kind.rawValue
        for length in [code, bytes, configuration] {
            for shift in stride(from: 0, to: 64, by: 8) {
                trailer.append(UInt8(truncatingIfNeeded: UInt64(length) >> UInt64(shift)))
            }
        }
        return trailer
    }
}

/// A fast 128-bit hash (two independent multiply-rotate lanes over 8-byte
/// words) for cache file names. Not cryptographic: entries are compared in
/// full before use, so a collision only costs a recompilation.
struct FastHash {
    private var first: UInt64 = 0x9E37_79B9_7F4A_7C15
    private var second: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private var length: UInt64 = 0

    mutating func add(_ bytes: [UInt8]) {
        length &+= UInt64(bytes.count)
        var a = first
        var b = second
        bytes.withUnsafeBytes { raw in
            let words = raw.count / 8
            for index in 0..<words {
                let word = raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)
                a = ((a ^ word) &* 0x8766_3E4F_F2F1_3C47).rotated(31)
                b = ((b &+ word) &* 0x9FB2_1C65_1E98_DF25).rotated(27) ^ a
            }
            var tail: UInt64 = 0
            for index in (words * 8)..<raw.count {
                tail |= UInt64(raw[index]) << UInt64(8 * (index - words * 8))
            }
            a = ((a ^ tail ^ UInt64(raw.count)) &* 0x8766_3E4F_F2F1_3C47).rotated(31)
            b = ((b &+ tail) &* 0x9FB2_1C65_1E98_DF25).rotated(27) ^ a
        }
        first = a
        second = b
    }

    /// 32 hexadecimal digits.
    var hexDigest: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for value in [Self.finish(first ^ length), Self.finish(second &+ first)] {
            for shift in stride(from: 60, through: 0, by: -4) {
                text.append(digits[Int((value >> UInt64(shift)) & 0xF)])
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// A final avalanche, so that every input bit reaches every digit.
    private static func finish(_ value: UInt64) -> UInt64 {
        var x = value
        x = (x ^ (x >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        x = (x ^ (x >> 33)) &* 0xC4CE_B9FE_1A85_EC53
        return x ^ (x >> 33)
    }
}

extension UInt64 {
    fileprivate func rotated(_ count: UInt64) -> UInt64 {
        (self << count) | (self >> (64 - count))
    }
}
