/// A Swift signature (parameter and result types) checked against a
/// component function type, once: at lookup for exports, at instantiation
/// for typed host functions.
struct TypedComponentSignature {
    /// A Swift type's name and its `matches`.
    struct SwiftType {
        let name: String
        let matches: (ComponentValueType) -> Bool
    }

    var parameters: [SwiftType] = []
    /// Empty: no result; one: the result; more: a tuple result.
    var results: [SwiftType] = []

    /// The signature of an export called with `P` and returning `R`.
    static func export<each P: ComponentLowerable, each R: ComponentLiftable>(
        _ parameters: (repeat each P).Type, _ results: (repeat each R).Type
    ) -> TypedComponentSignature {
        var signature = TypedComponentSignature()
        for type in repeat (each P).self {
            signature.parameters.append(SwiftType(name: "\(type)", matches: type.matches))
        }
        for type in repeat (each R).self { signature.results.append(SwiftType(name: "\(type)", matches: type.matches)) }
        return signature
    }

    /// The signature of a host function receiving `P` and returning `R`.
    static func host<each P: ComponentLiftable, each R: ComponentLowerable>(
        _ parameters: (repeat each P).Type, _ results: (repeat each R).Type
    ) -> TypedComponentSignature {
        var signature = TypedComponentSignature()
        for type in repeat (each P).self {
            signature.parameters.append(SwiftType(name: "\(type)", matches: type.matches))
        }
        for type in repeat (each R).self { signature.results.append(SwiftType(name: "\(type)", matches: type.matches)) }
        return signature
    }

    /// The Swift signature as text, e.g. `(String, UInt32) -> Bool`.
    var description: String {
        let result =
            switch results.count {
            case 0: "()"
            case 1: results[0].name
            default: "(\(results.map(\.name).joined(separator: ", ")))"
            }
        return "(\(parameters.map(\.name).joined(separator: ", "))) -> \(result)"
    }

    /// Throws a ``WasmtimeError/Kind/typeMismatch`` error naming `function`,
    /// the first parameter or result that differs, and both types.
    func check(_ type: ComponentFuncType, function: String) throws(WasmtimeError) {
        func mismatch(_ detail: String) -> WasmtimeError {
            WasmtimeError(
                .typeMismatch,
                "\(function) has type \(type), which the Swift signature \(description) does not match: \(detail)")
        }
        // Wasmtime 50's C API aborts on these values (ComponentValueType+CAPI.swift).
        if let part = type.partWithoutCValues {
            throw WasmtimeError(
                .typeMismatch, "\(function) has type \(type): values of type \(part) cannot cross Wasmtime 50's C API")
        }
        guard type.parameters.count == parameters.count else {
            throw mismatch("it takes \(type.parameters.count) parameter(s), the Swift signature \(parameters.count)")
        }
        for (index, (parameter, swift)) in zip(type.parameters, parameters).enumerated()
        where !swift.matches(parameter.type) {
            throw mismatch(
                "parameter \(index) `\(parameter.name)` has type \(parameter.type), which Swift type \(swift.name) does not match"
            )
        }
        switch (type.result, results.count) {
        case (nil, 0): return
        case (nil, _):
            throw mismatch(
                "it has no result, the Swift signature returns \(results.count == 1 ? results[0].name : "a tuple")")
        case (let result?, 0): throw mismatch("it returns \(result), the Swift signature returns nothing")
        case (let result?, 1):
            guard results[0].matches(result) else {
                throw mismatch("the result has type \(result), which Swift type \(results[0].name) does not match")
            }
        case (let result?, let count):
            guard case .tuple(let elements) = result, elements.count == count else {
                throw mismatch("it returns \(result), the Swift signature a tuple of \(count) elements")
            }
            for (index, (element, swift)) in zip(elements, results).enumerated() where !swift.matches(element) {
                throw mismatch(
                    "result element \(index) has type \(element), which Swift type \(swift.name) does not match")
            }
        }
    }
}
