import Wasmtime

/// Generates typed Swift bindings for a component: its records, variants,
/// enums and flags as Swift types, its exports as a typed wrapper, its
/// imports as protocols the host implements.
///
/// The component's own types are the input (a compiled component carries
/// its world), read through ``Component/type``:
///
/// ```swift
/// let source = try Bindgen.generate(
///     component: component, options: BindgenOptions(typeName: "Calculator"))
/// ```
public enum Bindgen {
    /// The Swift source of the bindings for `component`.
    public static func generate(component: Component, options: BindgenOptions) throws(BindgenError) -> String {
        try generate(type: component.type, options: options)
    }

    /// The Swift source of the bindings for a component's binary or text form.
    ///
    /// A core module, corrupt bytes or text that does not parse throw a
    /// ``BindgenError`` of kind ``BindgenError/Kind/invalidInput``.
    public static func generate(bytes: [UInt8], options: BindgenOptions) throws(BindgenError) -> String {
        try generate(component: try compile(bytes), options: options)
    }

    /// Compiles `bytes` (binary or text) with every component feature on,
    /// so any valid component's types can be read.
    public static func compile(_ bytes: [UInt8]) throws(BindgenError) -> Component {
        var wasm = bytes
        if !bytes.starts(with: [0, 0x61, 0x73, 0x6d]) {
            do {
                wasm = try wat2wasm(bytes: bytes)
            } catch {
                throw BindgenError(
                    .invalidInput, "not a WebAssembly component (the text does not parse: \(error.message))")
            }
        }
        // Version 1 with layer 0 is a core module.
        if wasm.count >= 8, wasm[4] == 0x01, wasm[5] == 0, wasm[6] == 0, wasm[7] == 0 {
            throw BindgenError(
                .invalidInput,
                "this is a core WebAssembly module, not a component: bindgen reads a component's WIT types "
                    + "(make one with `wasm-tools component new`)")
        }
        var config = Config()
        config.wasm.componentModelAsync = true
        config.wasm.componentModelMap = true
        config.craneliftOptimizationLevel = .disabled
        do {
            return try Component(engine: try Engine(config), bytes: wasm)
        } catch {
            throw BindgenError(.invalidInput, "not a valid WebAssembly component: \(error.message)")
        }
    }

    /// The Swift source of the bindings for a component type.
    public static func generate(type: ComponentType, options: BindgenOptions) throws(BindgenError) -> String {
        var generator = try Generator(model: WorldModel(type), options: options)
        return try generator.emit()
    }
}
