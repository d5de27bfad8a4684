#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few operating-system services the tool needs, straight from the C
/// library: Foundation alone would add several milliseconds to every start.
enum System {
    /// The value of the host's environment variable `name`.
    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// Every host environment variable, in the order the process received them.
    static func environmentVariables() -> [(name: String, value: String)] {
        var variables: [(name: String, value: String)] = []
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                variables.append((String(text[..<equals]), String(text[text.index(after: equals)...])))
            }
            entry += 1
        }
        return variables
    }

    /// Writes `text` to standard error, all of it.
    static func writeError(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
        bytes.removeAll()
    }

    /// Whether `path` names a directory (following symbolic links).
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Whether something exists at `path`.
    static func fileExists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// Creates `path` and any missing parents; `false` with `errno` set on failure.
    static func makeDirectories(_ path: String) -> Bool {
        if isDirectory(path) { return true }
        let parent = directoryName(path)
        if parent != path, !parent.isEmpty, !makeDirectories(parent) { return false }
        return mkdir(path, 0o755) == 0 || errno == EEXIST && isDirectory(path)
    }

    /// `path` made absolute against the working directory, with `.`, `..`
    /// and repeated slashes resolved textually.
    static func absolutePath(_ path: String) -> String {
        if isPlainAbsolute(path) { return path }
        var full = path
        if !path.hasPrefix("/"), let cwd = getcwd(nil, 0) {
            full = String(cString: cwd) + "/" + path
            free(cwd)
        }
        var parts: [Substring] = []
        for part in full.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Whether `path` is absolute with no `.`, `..` or empty components to
    /// resolve: the common case, checked on every run without the string
    /// searching machinery (slow on its first use).
    private static func isPlainAbsolute(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        guard bytes.first == UInt8(ascii: "/") else { return false }
        if bytes.count == 1 { return true }
        guard bytes.last != UInt8(ascii: "/") else { return false }
        for index in bytes.indices.dropLast() where bytes[index] == UInt8(ascii: "/") {
            let next = bytes[index + 1]
            if next == UInt8(ascii: "/") || next == UInt8(ascii: ".") { return false }
        }
        return true
    }

    /// The last component of `path` (`a/b.wasm` → `b.wasm`).
    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// Everything before the last component (`a/b.wasm` → `a`; `/x` → `/`).
    static func directoryName(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    /// Ends the process with `status`, flushing standard output.
    static func terminate(_ status: Int32) -> Never {
        exit(status)
    }

    /// The system's description of `errno`.
    static func errorDescription(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    var trimmed: String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return String(text)
    }
}
