import ArgumentParser

/// `--preload NAME=PATH`: a module instantiated before the main one, whose
/// exports the main module imports under the module name NAME.
struct Preload {
    var name: String
    var path: String

    static func parse(_ argument: String) throws -> Preload {
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex,
            argument.index(after: equals) != argument.endIndex
        else {
            throw ValidationError("use NAME=MODULE_PATH, such as --preload env=lib.wasm")
        }
        return Preload(name: String(argument[..<equals]), path: String(argument[argument.index(after: equals)...]))
    }
}
