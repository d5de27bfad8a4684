import Foundation
import Wasmtime

/// The host resource `tally`: the guest makes one, calls its method and drops it.
final class Tally: Greeter.TallyProtocol {
    var total: UInt32 = 0

    func add(n: UInt32) throws -> UInt32 {
        total += n
        return total
    }

    func drop() throws {
        print("the guest dropped its tally at \(total)")
    }
}

/// The host side of the component's imports: the plugin generated the
/// `Greeter.Imports` protocol (and `Greeter.Logger`, `Greeter.TallyProtocol`)
/// from greeter.wat.
struct ConsoleHost: Greeter.Imports {
    func hostEcho(text: String) throws -> String {
        "echo: \(text)"
    }

    func log(level: Greeter.Level, message: String) throws {
        print("[\(level)] \(message)")
    }

    func double(x: UInt32) throws -> UInt32 {
        x * 2
    }

    func makeTally() throws -> Tally {
        Tally()
    }
}

let engine = Engine()
guard let path = Bundle.module.path(forResource: "greeter", ofType: "wat") else {
    fatalError("greeter.wat is missing from the bundle")
}
let component = try Component(engine: engine, contentsOf: path)
let linker = ComponentLinker(engine: engine)
try linker.define(ConsoleHost())
let greeter = try Greeter.Exports(try linker.instantiate(component, in: Store(engine: engine)))

print(try greeter.callEcho(text: "hello from Swift"))
print("shout returned \(try greeter.shout(message: "bindings work"))")
print("count-twice returned \(try greeter.countTwice(n: 3))")
