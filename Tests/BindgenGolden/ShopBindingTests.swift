import Testing
import Wasmtime

/// A Swift host for the shop world's `audit` import.
final class AuditHost: Shop.Imports {
    var entries: [Shop.Entry] = []

    func recordEntry(entry: Shop.Entry) throws {
        entries.append(entry)
    }
}

/// The bindings generated from WIT (`bindgen --wit`): interfaces that share
/// types. The component behind them is made by wasm-tools with dummy
/// functions, so this checks the wiring, not results: the imports define,
/// every export (nested interface included) passes its one-time type check,
/// and a call reaches the guest (which traps).
@Suite struct ShopBindingTests {
    @Test func wiring() throws {
        let tool: String
        switch GoldenFixtures.wasmTools() {
        case .success(let path): tool = path
        case .failure(let missing):
            Issue.record("wasm-tools is needed to build the shop component: \(missing.message)")
            return
        }
        let engine = Engine()
        let component = try Component(engine: engine, bytes: try GoldenFixtures.shopComponent(wasmTools: tool))
        let linker = ComponentLinker(engine: engine)
        try linker.define(AuditHost())
        let exports = try Shop.Exports(try linker.instantiate(component, in: Store(engine: engine)))
        let item = Shop.Item(name: "tea", priceCents: 450, tags: ["green"])
        #expect(throws: Trap.self) { try exports.inventory.restock(item: item, count: 2) }
        let items: [Shop.Item] = [item]
        #expect(throws: (any Error).self) {
            try exports.total(items: items, discount: .percent(10), options: [.giftWrap])
        }
    }
}
