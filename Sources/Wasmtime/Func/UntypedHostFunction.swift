import CWasmtime

/// A dynamically typed host closure that returns a new array of results.
typealias ArrayHostBody = (borrowing Caller, [Value]) throws -> [Value]

/// A dynamically typed host closure over borrowed argument and result storage.
typealias SpanHostBody = (borrowing Caller, Span<Value>, inout MutableSpan<Value>) throws -> Void

extension HostFunction {
    /// Adapts a dynamically typed closure that returns a new array.
    static func untyped(_ type: FuncType, _ body: @escaping ArrayHostBody) -> HostFunction {
        let adapter = ArrayHostAdapter(CallSignature(type), body)
        return HostFunction(type: type) { caller, slots in adapter.invoke(caller, slots) }
    }

    /// Adapts a dynamically typed closure that reads borrowed arguments and
    /// writes into borrowed results: nothing is allocated per call.
    static func untyped(_ type: FuncType, _ body: @escaping SpanHostBody) -> HostFunction {
        let adapter = SpanHostAdapter(CallSignature(type), body)
        return HostFunction(type: type) { caller, slots in adapter.invoke(caller, slots) }
    }
}

// Adapters are classes so that a call borrows their fields through `self`
// rather than retaining captured values. The store is looked up only when a
// reference is converted: numeric signatures never need it.

private final class ArrayHostAdapter {
    let signature: CallSignature
    let body: ArrayHostBody

    init(_ signature: CallSignature, _ body: @escaping ArrayHostBody) {
        self.signature = signature
        self.body = body
    }

    func invoke(_ caller: OpaquePointer, _ slots: UnsafeMutableRawPointer) -> OpaquePointer? {
        do {
            var arguments: [Value] = []
            arguments.reserveCapacity(signature.parameters.count)
            for index in signature.parameters.indices {
                arguments.append(signature.loadParameter(index, from: slots, store: .of(caller: caller)))
            }
            let results = try body(Caller(raw: caller), arguments)
            guard results.count == signature.results.count else {
                throw WasmtimeError(.typeMismatch,
                    "host function of type \(signature.type) returned \(results.count) value(s)")
            }
            for (index, result) in results.enumerated() {
                try signature.storeResult(result, index, to: slots, store: .of(caller: caller))
            }
            return nil
        } catch {
            return HostFunction.failed(error, caller: caller)
        }
    }
}

private final class SpanHostAdapter {
    let signature: CallSignature
    let body: SpanHostBody
    /// Each call's results start as these: zeros, or nulls for references.
    let defaults: [Value]
    let parameterCount: Int
    let resultCount: Int

    init(_ signature: CallSignature, _ body: @escaping SpanHostBody) {
        self.signature = signature
        self.body = body
        defaults = signature.type.results.map(Value.zero(of:))
        parameterCount = signature.parameters.count
        resultCount = signature.results.count
    }

    func invoke(_ caller: OpaquePointer, _ slots: UnsafeMutableRawPointer) -> OpaquePointer? {
        do {
            // On the stack for any realistic arity.
            try withUnsafeTemporaryAllocation(of: Value.self, capacity: parameterCount &+ resultCount) { buffer in
                try invoke(caller, slots, values: buffer.baseAddress!)
            }
            return nil
        } catch {
            return HostFunction.failed(error, caller: caller)
        }
    }

    @inline(__always)
    private func invoke(_ caller: OpaquePointer, _ slots: UnsafeMutableRawPointer,
                        values: UnsafeMutablePointer<Value>) throws {
        let results = values + parameterCount
        for index in 0..<parameterCount {
            (values + index).initialize(to: signature.loadParameter(index, from: slots, store: .of(caller: caller)))
        }
        for index in 0..<resultCount {
            (results + index).initialize(to: defaults.withUnsafeBufferPointer { $0[index] })
        }
        defer {
            for index in 0..<(parameterCount &+ resultCount) { (values + index).deinitialize(count: 1) }
        }
        var resultSpan = UnsafeMutableBufferPointer(start: results, count: resultCount).mutableSpan
        try body(Caller(raw: caller), UnsafeBufferPointer(start: values, count: parameterCount).span, &resultSpan)
        for index in 0..<resultCount {
            try signature.storeResult(results[index], index, to: slots, store: .of(caller: caller))
        }
    }
}
