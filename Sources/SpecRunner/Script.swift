import Foundation

/// One `.wast` script as converted by `wasm-tools json-from-wast`: its
/// commands, and the folder holding the module files they name.
public struct Script: Sendable {
    /// The commands, in source order.
    public var commands: [Command]
    /// Where the `.wasm`/`.wat` files named by the commands live.
    public var moduleDirectory: URL

    /// Reads the JSON file `url`; module files are looked up in `moduleDirectory`.
    public init(contentsOf url: URL, moduleDirectory: URL) throws {
        let data = Self.escapingByteOrderMarks(try Data(contentsOf: url))
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let commands = root["commands"] as? [[String: Any]]
        else { throw ScriptError("\(url.lastPathComponent): not a json-from-wast script") }
        self.commands = commands.map(Command.init(json:))
        self.moduleDirectory = moduleDirectory
    }

    /// Foundation's JSON parser drops U+FEFF written raw inside a string
    /// (names.wast exports one); JSON allows it only inside strings, so
    /// every raw occurrence can be replaced by its escape.
    static func escapingByteOrderMarks(_ data: Data) -> Data {
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        guard data.range(of: Data(mark)) != nil else { return data }
        var output = [UInt8]()
        output.reserveCapacity(data.count + 16)
        let bytes = [UInt8](data)
        var index = 0
        while index < bytes.count {
            if index + 2 < bytes.count, bytes[index] == mark[0], bytes[index + 1] == mark[1],
                bytes[index + 2] == mark[2]
            {
                output += Array(#"\ufeff"#.utf8)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return Data(output)
    }

    /// Creates a script from already-parsed commands.
    public init(commands: [Command], moduleDirectory: URL) {
        self.commands = commands
        self.moduleDirectory = moduleDirectory
    }
}

/// A malformed script or a command the runner does not understand.
public struct ScriptError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A module file referenced by a command.
public struct ModuleFile: Sendable, Hashable {
    /// File name inside ``Script/moduleDirectory``.
    public var name: String
    /// Whether the file is WebAssembly text (`module quote` and text-only asserts).
    public var isText: Bool

    public init(name: String, isText: Bool) {
        self.name = name
        self.isText = isText
    }
}

/// One command of a script, with the source line it came from.
public struct Command: Sendable {
    /// What the command does, with its operands.
    public enum Kind: Sendable {
        case module(name: String?, ModuleFile)
        case moduleDefinition(name: String?, ModuleFile)
        case moduleInstance(instance: String?, module: String?)
        case register(instance: String?, as: String)
        case action(Action)
        case assertReturn(Action, [Expectation])
        case assertTrap(Action, message: String)
        case assertExhaustion(Action, message: String)
        case assertException(Action)
        case assertInvalid(ModuleFile, message: String)
        case assertMalformed(ModuleFile, message: String)
        case assertUnlinkable(ModuleFile, message: String)
        case assertUninstantiable(ModuleFile, message: String)
        /// A module whose custom annotation is malformed.
        case assertMalformedCustom(ModuleFile, message: String)
        /// A module whose custom section is invalid.
        case assertInvalidCustom(ModuleFile, message: String)
        /// A command the runner could not decode; it always fails.
        case unsupported(type: String, reason: String)
    }

    /// The command's JSON `type`, as written in the script.
    public var type: String
    /// Line of the command in the `.wast` file.
    public var line: Int
    /// What the command does.
    public var kind: Kind

    public init(type: String, line: Int, kind: Kind) {
        self.type = type
        self.line = line
        self.kind = kind
    }
}

/// An `invoke` of an exported function or a `get` of an exported global.
public struct Action: Sendable, CustomStringConvertible {
    /// Whether a function is called or a global read.
    public enum Kind: Sendable { case invoke, get }
    public var kind: Kind
    /// The named instance, or `nil` for the most recent one.
    public var module: String?
    /// The export's name.
    public var field: String
    /// Arguments of an `invoke`.
    public var arguments: [Argument]

    public init(kind: Kind, module: String? = nil, field: String, arguments: [Argument] = []) {
        self.kind = kind
        self.module = module
        self.field = field
        self.arguments = arguments
    }

    public var description: String {
        let target = (module.map { "$\($0) " } ?? "") + "\"\(field)\""
        switch kind {
        case .get: return "get \(target)"
        case .invoke: return "invoke \(target)(\(arguments.map(\.description).joined(separator: ", ")))"
        }
    }
}

/// An argument of an invocation.
public enum Argument: Sendable, CustomStringConvertible {
    case i32(UInt32)
    case i64(UInt64)
    /// An `f32` given by its bits.
    case f32(UInt32)
    /// An `f64` given by its bits.
    case f64(UInt64)
    case v128([UInt8])
    /// A null reference of a hierarchy.
    case null(RefHierarchy)
    /// `ref.extern N`: a host reference identified by `N`.
    case extern(UInt32)
    /// `ref.host N`: a host reference seen from the `any` hierarchy.
    case host(UInt32)

    public var description: String {
        switch self {
        case .i32(let v): "i32:\(Int32(bitPattern: v))"
        case .i64(let v): "i64:\(Int64(bitPattern: v))"
        case .f32(let v): "f32:\(Formatting.float32(v))"
        case .f64(let v): "f64:\(Formatting.float64(v))"
        case .v128(let bytes): "v128:\(Formatting.hex(bytes))"
        case .null(let h): "ref.null \(h)"
        case .extern(let n): "ref.extern \(n)"
        case .host(let n): "ref.host \(n)"
        }
    }
}

/// The four reference hierarchies of Wasm 3.0.
public enum RefHierarchy: String, Sendable, CustomStringConvertible {
    case function = "func"
    case extern, any, exn
    public var description: String { rawValue }
}

// MARK: - JSON decoding

extension Command {
    init(json: [String: Any]) {
        let type = json["type"] as? String ?? "?"
        let line = json["line"] as? Int ?? 0
        do {
            self.init(type: type, line: line, kind: try Self.decodeKind(type, json))
        } catch {
            self.init(type: type, line: line, kind: .unsupported(type: type, reason: "\(error)"))
        }
    }

    private static func decodeKind(_ type: String, _ json: [String: Any]) throws -> Kind {
        func text() -> String { json["text"] as? String ?? "" }
        func file() throws -> ModuleFile {
            guard let name = json["filename"] as? String else { throw ScriptError("no filename") }
            return ModuleFile(name: name, isText: (json["module_type"] as? String) == "text")
        }
        func action() throws -> Action {
            guard let action = json["action"] as? [String: Any] else { throw ScriptError("no action") }
            return try Action(json: action)
        }
        switch type {
        case "module": return .module(name: json["name"] as? String, try file())
        case "module_definition": return .moduleDefinition(name: json["name"] as? String, try file())
        case "module_instance":
            return .moduleInstance(instance: json["instance"] as? String, module: json["module"] as? String)
        case "register":
            guard let alias = json["as"] as? String else { throw ScriptError("register without a name") }
            return .register(instance: json["name"] as? String, as: alias)
        case "action": return .action(try action())
        case "assert_return":
            let expected = try (json["expected"] as? [[String: Any]] ?? []).map { try Expectation(json: $0) }
            return .assertReturn(try action(), expected)
        case "assert_trap":
            if json["action"] == nil { return .assertUninstantiable(try file(), message: text()) }
            return .assertTrap(try action(), message: text())
        case "assert_exhaustion": return .assertExhaustion(try action(), message: text())
        case "assert_exception": return .assertException(try action())
        case "assert_invalid": return .assertInvalid(try file(), message: text())
        case "assert_malformed": return .assertMalformed(try file(), message: text())
        case "assert_unlinkable": return .assertUnlinkable(try file(), message: text())
        case "assert_uninstantiable": return .assertUninstantiable(try file(), message: text())
        case "assert_malformed_custom": return .assertMalformedCustom(try file(), message: text())
        case "assert_invalid_custom": return .assertInvalidCustom(try file(), message: text())
        default: throw ScriptError("unknown command type")
        }
    }
}

extension Action {
    init(json: [String: Any]) throws {
        guard let field = json["field"] as? String else { throw ScriptError("action without a field") }
        switch json["type"] as? String {
        case "invoke": kind = .invoke
        case "get": kind = .get
        default: throw ScriptError("unknown action \(json["type"] ?? "nil")")
        }
        module = json["module"] as? String
        self.field = field
        arguments = try (json["args"] as? [[String: Any]] ?? []).map(Argument.init(json:))
    }
}

extension Argument {
    init(json: [String: Any]) throws {
        let type = json["type"] as? String ?? "?"
        let value = json["value"]
        switch type {
        case "i32": self = .i32(UInt32(truncatingIfNeeded: try Parse.integer(value)))
        case "i64": self = .i64(try Parse.integer(value))
        case "f32": self = .f32(UInt32(truncatingIfNeeded: try Parse.integer(value)))
        case "f64": self = .f64(try Parse.integer(value))
        case "v128":
            guard let lanes = value as? [String], let shape = (json["lane_type"] as? String).flatMap(LaneShape.init)
            else { throw ScriptError("bad v128 argument") }
            self = .v128(try shape.bytes(lanes.map { try Parse.integer($0) }))
        default:
            guard let reference = RefLiteral(type: type) else { throw ScriptError("unknown argument type \(type)") }
            let text = value as? String
            if text == nil || text == "null" || reference.isNullType {
                self = .null(reference.hierarchy)
            } else {
                let number = UInt32(truncatingIfNeeded: try Parse.integer(text))
                switch reference.hierarchy {
                case .extern: self = .extern(number)
                case .any: self = .host(number)
                default: throw ScriptError("\(type) \(text!) cannot be passed")
                }
            }
        }
    }
}

/// Reference type names as json-from-wast writes them.
struct RefLiteral {
    var hierarchy: RefHierarchy
    /// The bottom type (`nullref`, `nullfuncref`...): only null is possible.
    var isNullType: Bool
    /// For `any`-hierarchy patterns: which kind of object is expected.
    var gcKind: GCKind?

    init?(type: String) {
        isNullType = false
        gcKind = nil
        switch type {
        case "funcref": hierarchy = .function
        case "externref": hierarchy = .extern
        case "exnref": hierarchy = .exn
        case "anyref": hierarchy = .any
        case "eqref":
            hierarchy = .any
            gcKind = .eq
        case "i31ref":
            hierarchy = .any
            gcKind = .i31
        case "structref":
            hierarchy = .any
            gcKind = .struct
        case "arrayref":
            hierarchy = .any
            gcKind = .array
        case "nullfuncref":
            hierarchy = .function
            isNullType = true
        case "nullexternref":
            hierarchy = .extern
            isNullType = true
        case "nullexnref":
            hierarchy = .exn
            isNullType = true
        case "nullref":
            hierarchy = .any
            isNullType = true
        default: return nil
        }
    }
}

enum Parse {
    /// json-from-wast writes integers and float bits as unsigned decimal
    /// strings; lanes of integer vectors may be negative.
    static func integer(_ value: Any?) throws -> UInt64 {
        guard let text = value as? String else { throw ScriptError("missing number") }
        if let unsigned = UInt64(text) { return unsigned }
        if let signed = Int64(text) { return UInt64(bitPattern: signed) }
        throw ScriptError("bad number \(text)")
    }
}
