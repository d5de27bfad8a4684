import ArgumentParser

/// `--timeout` values: a number with a unit, such as `500ms`, `2s`, `1.5m` or
/// `1h` (`-W timeout=` also takes `us`, `ns` and a bare number of seconds, as
/// Wasmtime's CLI does).
struct TimeoutDuration: CustomStringConvertible {
    /// The duration in seconds.
    var seconds: Double
    /// As the user wrote it, for messages.
    var description: String

    init?(argument: String, allowsBareSeconds: Bool = false) {
        let units: [(suffix: String, scale: Double)] = [
            ("ms", 0.001), ("us", 0.000_001), ("ns", 0.000_000_001), ("s", 1), ("m", 60), ("h", 3600),
        ]
        // Two-letter units first, so the longest suffix wins.
        let unit =
            units.first { argument.hasSuffix($0.suffix) }
            ?? (allowsBareSeconds ? ("", 1) : nil)
        guard let unit, let value = Double(argument.dropLast(unit.suffix.count)),
            value.isFinite, value > 0
        else { return nil }
        seconds = value * unit.scale
        description = argument
    }

    static func parse(_ argument: String) throws -> TimeoutDuration {
        guard let duration = TimeoutDuration(argument: argument) else {
            throw ValidationError("use a positive number with ms, s, m or h, such as 500ms or 2s")
        }
        return duration
    }
}

/// `--max-memory` values: bytes, optionally with a binary unit (`64MiB`, `2G`, `512k`).
struct ByteCount: CustomStringConvertible {
    var bytes: Int

    init(bytes: Int) {
        self.bytes = bytes
    }

    init?(argument: String) {
        let text = argument.lowercased()
        let units: [(suffix: String, shift: Int)] = [
            ("kib", 10), ("mib", 20), ("gib", 30), ("tib", 40),
            ("kb", 10), ("mb", 20), ("gb", 30), ("tb", 40),
            ("k", 10), ("m", 20), ("g", 30), ("t", 40), ("b", 0),
        ]
        let unit = units.first { text.hasSuffix($0.suffix) }
        guard let number = Int(text.dropLast(unit?.suffix.count ?? 0)), number >= 0 else { return nil }
        let shift = unit?.shift ?? 0
        guard number <= Int.max >> shift else { return nil }
        bytes = number << shift
    }

    var description: String {
        for (shift, name) in [(30, "GiB"), (20, "MiB"), (10, "KiB")]
        where bytes >= 1 << shift && bytes % (1 << shift) == 0 {
            return "\(bytes >> shift)\(name)"
        }
        return "\(bytes)"
    }

    static func parse(_ argument: String) throws -> ByteCount {
        guard let count = ByteCount(argument: argument) else {
            throw ValidationError("use a number of bytes, optionally with K, M, G or T, such as 64M or 2GiB")
        }
        return count
    }
}

/// `--dir HOST[::GUEST]`: a host directory and the path the guest sees it at
/// (the host path as written, when no guest path is given).
struct DirectoryMapping: ExpressibleByArgument {
    var hostPath: String
    var guestPath: String

    init?(argument: String) {
        let characters = Array(argument.unicodeScalars)
        if let index = characters.indices.dropLast().first(where: { characters[$0] == ":" && characters[$0 + 1] == ":" }
        ) {
            hostPath = String(String.UnicodeScalarView(characters[..<index]))
            guestPath = String(String.UnicodeScalarView(characters[(index + 2)...]))
        } else {
            hostPath = argument
            guestPath = argument
        }
        guard !hostPath.isEmpty, !guestPath.isEmpty else { return nil }
    }

    static var defaultCompletionKind: CompletionKind { .directory }
}

/// `--env KEY=VALUE`, or `--env KEY` to pass the host's value of `KEY` (if it has one).
struct EnvironmentSetting: ExpressibleByArgument {
    var name: String
    var value: String?

    init?(argument: String) {
        if let equals = argument.firstIndex(of: "=") {
            name = String(argument[..<equals])
            value = String(argument[argument.index(after: equals)...])
        } else {
            name = argument
            value = System.environment(argument)
        }
        guard !name.isEmpty else { return nil }
    }
}
