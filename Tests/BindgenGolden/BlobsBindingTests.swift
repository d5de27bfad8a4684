import Testing
import Wasmtime

/// A resource the world itself imports (no interface): its protocol and
/// associated type live in `Blobs.Imports`.
@Suite struct BlobsBindingTests {
    final class Blob: Blobs.BlobProtocol {
        let bytes: [UInt8]
        var dropped = 0

        init(size: Int) {
            bytes = Array(repeating: 0, count: size)
        }

        func size() throws -> UInt32 {
            UInt32(bytes.count)
        }

        func drop() throws {
            dropped += 1
        }
    }

    final class Host: Blobs.Imports {
        var made: [Blob] = []

        func makeBlob(n: UInt32) throws -> Blob {
            made.append(Blob(size: Int(n)))
            return made[made.count - 1]
        }
    }

    @Test func worldLevelResource() throws {
        let engine = Engine()
        let linker = ComponentLinker(engine: engine)
        let host = Host()
        try linker.define(host)
        let store = Store(engine: engine)
        let component = try GoldenFixtures.component("world-resource.wat", engine: engine)
        let exports = try Blobs.Exports(try linker.instantiate(component, in: store))
        #expect(try exports.run(n: 12) == 12)
        #expect(try exports.run(n: 0) == 0)
        #expect(host.made.map(\.bytes.count) == [12, 0])
        #expect(host.made.map(\.dropped) == [1, 1])
        #expect(store.hostResourceCount == 0)
    }
}
