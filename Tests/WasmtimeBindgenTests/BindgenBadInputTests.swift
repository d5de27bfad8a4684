import Foundation
import Testing
import Wasmtime

@testable import WasmtimeBindgen

/// What bindgen refuses, and how it says so: a clear error naming the
/// function and type, and no output file.
@Suite struct BindgenBadInputTests {
    static let options = BindgenOptions(typeName: "Bad")

    static let futureParameter = """
        (component
          (core module $m (func (export "f") (param i32)))
          (core instance $i (instantiate $m))
          (type $fut (future u32))
          (func (export "take-future") (param "x" $fut) (canon lift (core func $i "f"))))
        """

    static let streamResult = """
        (component
          (core module $m (func (export "f") (result i32) i32.const 0))
          (core instance $i (instantiate $m))
          (type $s (stream string))
          (func $make (result $s) (canon lift (core func $i "f")))
          (instance $api (export "make-stream" (func $make)))
          (export "example:io/streams@0.1.0" (instance $api)))
        """

    /// Host resources cross as parameters and results, not inside other types.
    static let hostResourceInMap = """
        (component
          (import "example:host/files@0.1.0" (instance $h
            (export "file" (type $file (sub resource)))
            (export "index" (func (result (map string (own $file))))))))
        """

    /// An export whose `map` holds a host resource.
    static let hostResourceInExportedMap = """
        (component
          (import "example:host/files@0.1.0" (instance $h
            (export "file" (type $file (sub resource)))))
          (alias export $h "file" (type $file))
          (core module $m
            (memory (export "memory") 1)
            (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 0)
            (func (export "index") (param i32 i32)))
          (core instance $i (instantiate $m))
          (func (export "index") (param "m" (map string (own $file)))
            (canon lift (core func $i "index") (memory (core memory $i "memory"))
              (realloc (core func $i "realloc")))))
        """

    /// An interface that uses another interface's resource (WIT `use`).
    static let foreignHostResource = """
        (component
          (import "example:host/files@0.1.0" (instance $h
            (export "file" (type (sub resource)))))
          (alias export $h "file" (type $file))
          (import "example:host/tools@0.1.0" (instance $t
            (alias outer 1 $file (type $f))
            (export "file" (type $tf (eq $f)))
            (export "size" (func (param "f" (borrow $tf)) (result u64))))))
        """

    static func error(_ text: String) -> BindgenError? {
        do {
            _ = try Bindgen.generate(bytes: Array(text.utf8), options: options)
            return nil
        } catch {
            return error
        }
    }

    @Test func coreModule() throws {
        let module = try wat2wasm("(module (func (export \"f\")))")
        let error = #expect(throws: BindgenError.self) { try Bindgen.generate(bytes: module, options: Self.options) }
        #expect(error?.kind == .invalidInput)
        #expect(error?.message.contains("core WebAssembly module, not a component") == true)
    }

    @Test func corruptComponent() throws {
        var bytes = try wat2wasm(
            "(component (core module $m (func (export \"f\"))) (core instance $i (instantiate $m)))")
        bytes = Array(bytes.prefix(8)) + [0x01, 0xff, 0xff, 0xff, 0x0f, 0x00, 0x7f]
        let error = #expect(throws: BindgenError.self) { try Bindgen.generate(bytes: bytes, options: Self.options) }
        #expect(error?.kind == .invalidInput)
        #expect(error?.message.hasPrefix("not a valid WebAssembly component") == true)
        let text = Self.error("(component (func $nope")
        #expect(text?.kind == .invalidInput)
        #expect(text?.message.contains("does not parse") == true)
    }

    @Test func futureAndStreamNameTheFunctionAndType() throws {
        let future = try #require(Self.error(Self.futureParameter))
        #expect(future.kind == .unsupported)
        #expect(future.message.contains("function `take-future` parameter `x`"), "\(future.message)")
        #expect(future.message.contains("future<u32>"), "\(future.message)")
        let stream = try #require(Self.error(Self.streamResult))
        #expect(stream.kind == .unsupported)
        #expect(stream.message.contains("`example:io/streams@0.1.0#make-stream` result"), "\(stream.message)")
        #expect(stream.message.contains("stream<string>"), "\(stream.message)")
    }

    /// Host resources in a `map` are refused, in an import and in an export; anywhere else they
    /// are the host's objects (see StockBindingTests).
    @Test func hostResourcesInMapsAreRefused() throws {
        let imported = try #require(Self.error(Self.hostResourceInMap))
        #expect(imported.kind == .unsupported)
        #expect(
            imported.message.contains(
                "imported function `example:host/files@0.1.0#index` result has type `map<string, file>`: bindgen "
                    + "supports no host resources in a `map`"),
            "\(imported.message)")
        let exported = try #require(Self.error(Self.hostResourceInExportedMap))
        #expect(exported.kind == .unsupported)
        #expect(
            exported.message.contains(
                "exported function `index` parameter `m` has type `map<string, file>`: bindgen supports no host "
                    + "resources in a `map`"),
            "\(exported.message)")
    }

    /// An interface that uses another's resource declares the same associated type, which the
    /// `Imports` protocol unifies.
    @Test func hostResourceUsedFromAnotherInterface() throws {
        let source = try Bindgen.generate(bytes: Array(Self.foreignHostResource.utf8), options: Self.options)
        #expect(source.contains("protocol Tools {"))
        #expect(source.contains("associatedtype File: FileProtocol"))
        #expect(source.contains("func size(f: File) throws -> Swift.UInt64"))
        #expect(source.contains("defineResource(\"example:host/files@0.1.0\", \"file\""))
    }

    /// The world's own function that uses an interface's resource finds its associated type in
    /// `Imports`, which inherits the interface's protocol (a second declaration would warn).
    @Test func hostResourceUsedByTheWorld() throws {
        let source = try Bindgen.generate(
            bytes: Array(
                """
                (component $c
                  (import "example:host/files@0.1.0" (instance $h
                    (export "file" (type $file (sub resource)))
                    (export "[constructor]file" (func (result (own $file))))))
                  (alias export $h "file" (type $file))
                  (import "size" (func (param "f" (borrow $file)) (result u64))))
                """.utf8),
            options: Self.options)
        #expect(source.contains("protocol Imports: Files {"))
        #expect(source.contains("func size(f: File) throws -> Swift.UInt64"))
        #expect(source.components(separatedBy: "associatedtype File:").count == 2)
    }

    /// The dynamic layer (what the bindings used before the typed API) has no host resources.
    @Test func hostResourcesNeedTheTypedAPI() throws {
        var options = Self.options
        options.typedCalls = false
        let fixture = try BindgenFixtures.bytes("host-resources.wat")
        let error = #expect(throws: BindgenError.self) { try Bindgen.generate(bytes: fixture, options: options) }
        #expect(error?.message.contains("host-implemented resources need the typed component API") == true)
    }

    /// The CLI reports the error on one line and leaves no file behind, nor
    /// touches one that was there.
    @Test func cliWritesNoPartialFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bindgen-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("future.wat")
        try Self.futureParameter.write(to: input, atomically: true, encoding: .utf8)
        let output = directory.appendingPathComponent("Bindings.swift")
        let fresh = try BindgenCLI.run(["bindgen", input.path, "-o", output.path])
        #expect(fresh.status == 1)
        #expect(fresh.stderr.hasPrefix("error: future.wat: function `take-future` parameter `x`"), "\(fresh.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
        try "// earlier bindings\n".write(to: output, atomically: true, encoding: .utf8)
        let again = try BindgenCLI.run(["bindgen", input.path, "-o", output.path])
        #expect(again.status == 1)
        #expect(try String(contentsOf: output, encoding: .utf8) == "// earlier bindings\n")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == [
                "Bindings.swift", "future.wat",
            ])

        let module = directory.appendingPathComponent("module.wat")
        try "(module)".write(to: module, atomically: true, encoding: .utf8)
        let core = try BindgenCLI.run(["bindgen", module.path])
        #expect(core.status == 1)
        #expect(core.stderr.contains("core WebAssembly module, not a component"), "\(core.stderr)")
        #expect(core.stdout.isEmpty)
    }

    @Test func cliUsageErrors() throws {
        let none = try BindgenCLI.run(["bindgen"])
        #expect(none.status == 64)
        #expect(none.stderr.contains("give a component file, or --wit DIR --world WORLD"), "\(none.stderr)")
        let access = try BindgenCLI.run(["bindgen", "x.wasm", "--access", "open"])
        #expect(access.status == 64)
        #expect(access.stderr.contains("--access must be public or internal"), "\(access.stderr)")
    }
}
