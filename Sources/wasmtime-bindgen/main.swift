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
    fputs("wasmtime-bindgen: \(message)\n", stderr)
    exit(1)
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
    case "-o", "--output": output = arguments.next() ?? fail("\(argument) needs a file")
    case "--name": typeName = arguments.next() ?? fail("--name needs a type name")
    case "--access":
        let value = arguments.next() ?? fail("--access needs public or internal")
        access = BindgenOptions.Access(rawValue: value) ?? fail("--access must be public or internal, not \(value)")
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
