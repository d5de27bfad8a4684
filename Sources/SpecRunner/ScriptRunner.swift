import Foundation
import Wasmtime

/// A command that did not do what its script says.
public struct Failure: Sendable, CustomStringConvertible {
    /// The script, relative to the testsuite.
    public var file: String
    public var line: Int
    /// The command, for example `assert_return invoke "add"(i32:1, i32:2)`.
    public var command: String
    public var expected: String
    public var got: String

    public var description: String {
        "\(file):\(line): \(command)\n    expected: \(expected)\n    got:      \(got)"
    }
}

/// A command that was not run, and why.
public struct Skip: Sendable, Hashable {
    /// The line of the skipped command; `nil` when a whole file is skipped.
    public var line: Int?
    /// Why it was not run.
    public var reason: String
}

/// What running one script produced.
public struct ScriptResult: Sendable {
    public var passed = 0
    public var failed = 0
    public var skipped = 0
    public var failures: [Failure] = []
    public var skips: [Skip] = []

    public init() {}
}

/// Runs the commands of one script in a fresh store, through the public API only.
final class ScriptRunner: ReferenceInspector {
    private let environment: SpecEnvironment
    private let script: Script
    private let fileName: String
    private let store: Store<Void>
    private let linker: Linker
    private let helpers: Helpers
    private var modules: [String: Module] = [:]
    private var instances: [String: Instance] = [:]
    private var current: Instance?
    private var lastDefinition: Module?
    /// One object per `ref.extern N`, so the same number is the same reference.
    private var externs: [UInt32: ExternRef] = [:]

    init(environment: SpecEnvironment, script: Script, fileName: String) throws {
        self.environment = environment
        self.script = script
        self.fileName = fileName
        store = Store(engine: environment.engine)
        linker = Linker(engine: environment.engine)
        linker.allowsShadowing = true
        helpers = try Helpers(environment: environment, store: store)
        try Spectest.define(in: linker, store: store, helpers: helpers)
    }

    /// Runs every command; `skip` returns a reason for commands not to run.
    func run(skip: (Command) -> String?) -> ScriptResult {
        var result = ScriptResult()
        for command in script.commands {
            if let reason = skip(command) {
                result.skipped += 1
                result.skips.append(Skip(line: command.line, reason: reason))
                continue
            }
            if let mismatch = execute(command) {
                result.failed += 1
                result.failures.append(
                    Failure(
                        file: fileName, line: command.line, command: describe(command),
                        expected: mismatch.expected, got: mismatch.got))
            } else {
                result.passed += 1
            }
        }
        return result
    }

    // MARK: Commands

    private struct Mismatch {
        var expected: String
        var got: String
    }

    /// Runs one command; `nil` means it passed.
    private func execute(_ command: Command) -> Mismatch? {
        switch command.kind {
        case .module(let name, let file):
            do {
                let module = try compile(file)
                let instance = try linker.instantiate(module, in: store)
                current = instance
                if let name {
                    instances[name] = instance
                    modules[name] = module
                }
                return nil
            } catch {
                current = nil
                return Mismatch(expected: "module instantiates", got: describe(error))
            }

        case .moduleDefinition(let name, let file):
            do {
                let module = try compile(file)
                lastDefinition = module
                if let name { modules[name] = module }
                return nil
            } catch {
                return Mismatch(expected: "module compiles", got: describe(error))
            }

        case .moduleInstance(let instanceName, let moduleName):
            guard let module = moduleName.flatMap({ modules[$0] }) ?? lastDefinition else {
                return Mismatch(expected: "a defined module", got: "no module \(moduleName ?? "(last)")")
            }
            do {
                let instance = try linker.instantiate(module, in: store)
                current = instance
                if let instanceName { instances[instanceName] = instance }
                return nil
            } catch {
                return Mismatch(expected: "module instantiates", got: describe(error))
            }

        case .register(let name, let alias):
            do {
                try linker.defineInstance(try instance(named: name), as: alias)
                return nil
            } catch {
                return Mismatch(expected: "instance registered", got: describe(error))
            }

        case .action(let action):
            do {
                _ = try perform(action)
                return nil
            } catch {
                return Mismatch(expected: "success", got: describe(error))
            }

        case .assertReturn(let action, let expected):
            let results: [Value]
            do {
                results = try perform(action)
            } catch {
                return Mismatch(expected: describe(expected), got: describe(error))
            }
            if results.count == expected.count, zip(expected, results).allSatisfy({ $0.matches($1, self) }) {
                return nil
            }
            return Mismatch(expected: describe(expected), got: describe(results, like: expected))

        case .assertTrap(let action, let message):
            return expectTrap(message) { _ = try perform(action) }

        case .assertExhaustion(let action, let message):
            return expectTrap(message, codes: [.stackOverflow]) { _ = try perform(action) }

        case .assertException(let action):
            // An uncaught wasm exception reaches the host as a WasmException.
            do {
                _ = try perform(action)
                return Mismatch(expected: "uncaught exception", got: "no exception")
            } catch is WasmException {
                return nil
            } catch {
                return Mismatch(expected: "uncaught exception", got: describe(error))
            }

        case .assertInvalid(let file, let message), .assertMalformed(let file, let message):
            return expectCompilationError(file, message)

        case .assertUnlinkable(let file, let message):
            let module: Module
            do {
                module = try compile(file)
            } catch {
                return Mismatch(expected: "module compiles, then fails to link: \(message)", got: describe(error))
            }
            do {
                _ = try linker.instantiate(module, in: store)
                return Mismatch(expected: "linking error: \(message)", got: "module instantiated")
            } catch let error as WasmtimeError where error.kind == .linking {
                return nil
            } catch {
                return Mismatch(expected: "linking error: \(message)", got: describe(error))
            }

        case .assertUninstantiable(let file, let message):
            let module: Module
            do {
                module = try compile(file)
            } catch {
                return Mismatch(expected: "module compiles, then traps: \(message)", got: describe(error))
            }
            return expectTrap(message) { _ = try linker.instantiate(module, in: store) }

        case .assertMalformedCustom(let file, let message):
            // Wasmtime's text parser implements the custom, name and branch
            // hint annotations, so it must reject malformed ones.
            return expectCompilationError(file, message)

        case .assertInvalidCustom(let file, let message):
            // Errors in a custom section must not invalidate a module: an
            // engine accepts it whether or not it reads the section.
            do {
                _ = try compile(file)
                return nil
            } catch {
                return Mismatch(
                    expected: "module compiles despite its custom section (\(message))", got: describe(error))
            }

        case .unsupported(let type, let reason):
            return Mismatch(expected: "a command the runner understands", got: "\(type): \(reason)")
        }
    }

    private func expectCompilationError(_ file: ModuleFile, _ message: String) -> Mismatch? {
        do {
            _ = try compile(file)
            return Mismatch(expected: "compilation error: \(message)", got: "module compiled")
        } catch let error as WasmtimeError where error.kind == .compilation {
            return nil
        } catch {
            return Mismatch(expected: "compilation error: \(message)", got: describe(error))
        }
    }

    private func expectTrap(_ message: String, codes: Set<TrapCode>? = nil, _ body: () throws -> Void) -> Mismatch? {
        let codes = codes ?? Self.trapCodes(for: message)
        let expected =
            "trap: \(message)" + (codes.map { " (\($0.map { "\($0)" }.sorted().joined(separator: " or ")))" } ?? "")
        do {
            try body()
            return Mismatch(expected: expected, got: "no trap")
        } catch let trap as Trap {
            guard let codes else { return nil }
            if let code = trap.code, codes.contains(code) { return nil }
            return Mismatch(expected: expected, got: describe(trap))
        } catch {
            return Mismatch(expected: expected, got: describe(error))
        }
    }

    /// The trap codes Wasmtime reports for a spec trap message; `nil`
    /// (any trap) for a message the table does not know.
    static func trapCodes(for message: String) -> Set<TrapCode>? {
        let table: [(String, Set<TrapCode>)] = [
            ("out of bounds memory access", [.memoryOutOfBounds]),
            ("out of bounds table access", [.tableOutOfBounds]),
            ("out of bounds array access", [.arrayOutOfBounds]),
            ("undefined element", [.tableOutOfBounds]),
            ("uninitialized element", [.indirectCallToNull]),
            ("indirect call type mismatch", [.badSignature]),
            ("integer divide by zero", [.integerDivisionByZero]),
            ("integer overflow", [.integerOverflow]),
            ("invalid conversion to integer", [.badConversionToInteger]),
            ("unreachable", [.unreachable]),
            ("call stack exhausted", [.stackOverflow]),
            ("cast failure", [.castFailure]),
            ("null", [.nullReference]),
            ("unaligned atomic", [.heapMisaligned]),
            ("uncaught exception", [.uncaughtException]),
        ]
        return table.first { message.hasPrefix($0.0) }?.1
    }

    // MARK: Modules and actions

    private func compile(_ file: ModuleFile) throws -> Module {
        let url = script.moduleDirectory.appendingPathComponent(file.name)
        if file.isText {
            // Through the file API: some malformed texts are not valid UTF-8,
            // which a Swift String (for `Module(engine:wat:)`) cannot hold.
            return try Module(engine: environment.engine, contentsOf: url.path)
        }
        return try Module(engine: environment.engine, bytes: [UInt8](try Data(contentsOf: url)))
    }

    private func instance(named name: String?) throws -> Instance {
        if let name {
            guard let instance = instances[name] else { throw ScriptError("no instance named $\(name)") }
            return instance
        }
        guard let current else { throw ScriptError("no current instance") }
        return current
    }

    private func perform(_ action: Action) throws -> [Value] {
        let instance = try instance(named: action.module)
        switch action.kind {
        case .invoke:
            guard let function = instance.export(named: action.field)?.function else {
                throw ScriptError("no function export \"\(action.field)\"")
            }
            return try function.call(try action.arguments.map(value(of:)))
        case .get:
            guard let global = instance.export(named: action.field)?.global else {
                throw ScriptError("no global export \"\(action.field)\"")
            }
            return [global.get()]
        }
    }

    private func externRef(_ number: UInt32) -> ExternRef {
        if let existing = externs[number] { return existing }
        let reference = ExternRef(number)
        externs[number] = reference
        return reference
    }

    private func value(of argument: Argument) throws -> Value {
        switch argument {
        case .i32(let v): .i32(Int32(bitPattern: v))
        case .i64(let v): .i64(Int64(bitPattern: v))
        case .f32(let bits): .f32(Float(bitPattern: bits))
        case .f64(let bits): .f64(Double(bitPattern: bits))
        case .v128(let bytes): .v128(V128(bytes: bytes))
        case .null(.function): .funcref(nil)
        case .null(.extern): .externref(nil)
        case .null(.any): .anyref(nil)
        case .null(.exn): .exnref(nil)
        case .extern(let n): .externref(externRef(n))
        case .host(let n): .anyref(try helpers.host(externRef(n)))
        }
    }

    func hostNumber(of reference: AnyRef) -> UInt32? {
        helpers.unwrapHost(reference)?.value as? UInt32
    }

    // MARK: Descriptions

    private func describe(_ command: Command) -> String {
        switch command.kind {
        case .module(_, let file), .moduleDefinition(_, let file), .assertInvalid(let file, _),
            .assertMalformed(let file, _), .assertUnlinkable(let file, _), .assertUninstantiable(let file, _),
            .assertMalformedCustom(let file, _), .assertInvalidCustom(let file, _):
            return "\(command.type) \(file.name)"
        case .moduleInstance(let instance, let module):
            return "\(command.type) \(instance ?? "") \(module ?? "")"
        case .register(let name, let alias):
            return "register \"\(alias)\" \(name ?? "")"
        case .action(let action), .assertReturn(let action, _), .assertTrap(let action, _),
            .assertExhaustion(let action, _), .assertException(let action):
            return "\(command.type) \(action)"
        case .unsupported(let type, _):
            return type
        }
    }

    private func describe(_ expected: [Expectation]) -> String {
        "[" + expected.map(\.description).joined(separator: ", ") + "]"
    }

    private func describe(_ results: [Value], like expected: [Expectation]) -> String {
        let parts = results.enumerated().map { index, value in
            Formatting.describe(value, shape: index < expected.count ? expected[index].laneShape : nil, self)
        }
        return "[" + parts.joined(separator: ", ") + "]"
    }

    private func describe(_ error: any Error) -> String {
        func firstLine(_ text: String) -> String {
            String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
        }
        switch error {
        case let trap as Trap:
            return "trap (\(trap.code.map { "\($0)" } ?? "no code")): \(firstLine(trap.message))"
        case let error as WasmtimeError:
            return "error (\(error.kind)): \(firstLine(error.message))"
        default:
            return "\(error)"
        }
    }
}
