// The `WasmtimeBindgen` build-tool plugin's tool: `wasmtime-bindgen
// COMPONENT -o FILE`. It does what `wasmtime-swift bindgen COMPONENT -o FILE`
// does, as an executable of its own: the `wasmtime-swift` target is linked
// with unsafe linker flags (start-up, see Package.swift), and SwiftPM refuses
// a plugin from a package dependency whose tool has unsafe flags.

import WasmtimeBindgen

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func fail(_ message: String) -> Never {
    let line = Array("wasmtime-bindgen: \(message)\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(1)
}

func value<I: IteratorProtocol<String>>(after option: String, _ what: String, in arguments: inout I) -> String {
    guard let value = arguments.next() else { fail("\(option) needs \(what)") }
    return value
}

func readFile(_ path: String) -> [UInt8] {
    guard let file = fopen(path, "rb") else { fail("cannot read \(path): \(String(cString: strerror(errno)))") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        if count == 0 { break }
        bytes.append(contentsOf: chunk[..<count])
    }
    if ferror(file) != 0 { fail("cannot read \(path): \(String(cString: strerror(errno)))") }
    return bytes
}

/// Writes a temporary file and renames it over `path`: no partial file.
func replaceFile(_ path: String, with text: String) {
    let temporary = "\(path).\(getpid()).tmp"
    guard let file = fopen(temporary, "wb") else { fail("cannot write \(path): \(String(cString: strerror(errno)))") }
    let bytes = Array(text.utf8)
    let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    let closed = fclose(file) == 0
    guard written == bytes.count, closed, rename(temporary, path) == 0 else {
        let reason = String(cString: strerror(errno))
        unlink(temporary)
        fail("cannot write \(path): \(reason)")
    }
}

var input: String?
var output: String?
var typeName: String?
var access = BindgenOptions.Access.internal
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "-o", "--output": output = value(after: argument, "a file", in: &arguments)
    case "--name": typeName = value(after: argument, "a type name", in: &arguments)
    case "--access":
        let level = value(after: argument, "public or internal", in: &arguments)
        guard let parsed = BindgenOptions.Access(rawValue: level) else {
            fail("--access must be public or internal, not \(level)")
        }
        access = parsed
    default:
        guard input == nil, !argument.hasPrefix("-") else {
            fail("usage: wasmtime-bindgen COMPONENT -o FILE [--name TYPE] [--access public|internal]")
        }
        input = argument
    }
}
guard let input, let output else {
    fail("usage: wasmtime-bindgen COMPONENT -o FILE [--name TYPE] [--access public|internal]")
}
let sourceName = String(input.split(separator: "/").last ?? Substring(input))
let options = BindgenOptions(
    typeName: typeName ?? BindgenOptions.defaultTypeName(forFile: sourceName), access: access, sourceName: sourceName)
do {
    replaceFile(output, with: try Bindgen.generate(bytes: readFile(input), options: options))
} catch {
    fail("\(sourceName): \(error.message)")
}
