/// One WebAssembly frame of a trap's or error's backtrace, innermost first.
public struct Frame: Sendable, Hashable, CustomStringConvertible {
    /// Index of the function in its module's function index space.
    public var functionIndex: UInt32
    /// The function's name from the name section, if the module has one.
    public var functionName: String?
    /// The module's name from the name section, if the module has one.
    public var moduleName: String?
    /// Offset of the trapping instruction from the start of the function, if known.
    public var functionOffset: Int?
    /// Offset of the trapping instruction from the start of the module, if known.
    public var moduleOffset: Int?

    /// Creates a frame; mostly useful for tests and custom reporting.
    public init(
        functionIndex: UInt32, functionName: String? = nil, moduleName: String? = nil,
        functionOffset: Int? = nil, moduleOffset: Int? = nil
    ) {
        self.functionIndex = functionIndex
        self.functionName = functionName
        self.moduleName = moduleName
        self.functionOffset = functionOffset
        self.moduleOffset = moduleOffset
    }

    public var description: String {
        let module = moduleName ?? "<unknown>"
        let function = functionName ?? "<wasm function \(functionIndex)>"
        let offset = moduleOffset.map { " at 0x" + String($0, radix: 16) } ?? ""
        return "\(module)!\(function)\(offset)"
    }
}
