import ArgumentParser
import Wasmtime

/// `wasmtime-swift wat2wasm`: translates the text format to the binary format.
struct Wat2Wasm: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wat2wasm",
        abstract: "Translate a module from WebAssembly text to the binary format.")

    @Argument(help: ArgumentHelp("The .wat module.", valueName: "file"))
    var file: String

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Where to write the binary (default: FILE with the extension .wasm).",
            valueName: "out"))
    var output: String?

    func run() throws {
        let bytes = try ModuleFile.read(file)
        if bytes.starts(with: [0x00, 0x61, 0x73, 0x6D]) {
            throw Failure("\(file) is already in the binary format")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Failure("\(file) is not UTF-8 text")
        }
        let binary: [UInt8]
        do {
            binary = try wat2wasm(text)
        } catch {
            throw Failure(OneLine.message(error.message, file: file))
        }
        try ModuleFile.write(binary, to: output ?? ModuleFile.replacingExtension(of: file, with: "wasm"))
    }
}
