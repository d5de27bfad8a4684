import CWasmtime

extension ComponentLinkerHandle {
    func allowShadowing(_ allow: Bool) {
        unsafe wasmtime_component_linker_allow_shadowing(pointer, allow)
    }

    /// Runs `body` with the linker instance at `path`, created where missing.
    ///
    /// `wasmtime_component_linker_root` borrows the linker exclusively until
    /// the returned instance (and every nested one) is deleted: the whole
    /// chain lives only inside this call and is deleted innermost first, so
    /// no Swift code can ever touch the linker while it is borrowed.
    func withInstance<R>(_ path: [String], _ body: (OpaquePointer) throws(WasmtimeError) -> R)
        throws(WasmtimeError) -> R
    {
        guard let root = unsafe wasmtime_component_linker_root(pointer) else {
            throw WasmtimeError(.linking, "the component linker's root instance is unavailable")
        }
        var chain = unsafe [root]
        defer {
            while let innermost = unsafe chain.popLast() { unsafe wasmtime_component_linker_instance_delete(innermost) }
        }
        for name in path {
            var child: OpaquePointer?
            let error = unsafe withUTF8(name) {
                unsafe wasmtime_component_linker_instance_add_instance(chain.last!, $0, $1, &child)
            }
            unsafe try CAPI.check(error, .linking)
            unsafe chain.append(child!)
        }
        return unsafe try body(chain.last!)
    }

    func defineFunction(in path: [String], name: String, _ function: ComponentHostFunction) throws(WasmtimeError) {
        unsafe try withInstance(path) { instance throws(WasmtimeError) in
            let env = unsafe Unmanaged.passRetained(function).toOpaque()
            // The finalizer runs even when the definition fails, releasing `env`.
            let error = unsafe withUTF8(name) {
                unsafe wasmtime_component_linker_instance_add_func(
                    instance, $0, $1, componentHostTrampoline, env,
                    componentHostFinalizer)
            }
            unsafe try CAPI.check(error, .linking)
        }
    }

    func defineModule(in path: [String], name: String, _ module: borrowing ModuleHandle) throws(WasmtimeError) {
        let raw = unsafe module.pointer
        unsafe try withInstance(path) { instance throws(WasmtimeError) in
            let error = unsafe withUTF8(name) {
                unsafe wasmtime_component_linker_instance_add_module(instance, $0, $1, raw)
            }
            unsafe try CAPI.check(error, .linking)
        }
    }

    func defineUnknownImportsAsTraps(_ component: borrowing ComponentHandle) throws(WasmtimeError) {
        unsafe try CAPI.check(
            wasmtime_component_linker_define_unknown_imports_as_traps(pointer, component.pointer), .linking)
    }

    func addWASIp2() throws(WasmtimeError) {
        unsafe try CAPI.check(wasmtime_component_linker_add_wasip2(pointer), .linking)
    }

    func instantiate(_ component: borrowing ComponentHandle, in store: AnyStore) throws -> ComponentInstanceHandle {
        var instance = ComponentInstanceHandle()
        if let error = unsafe wasmtime_component_linker_instantiate(
            pointer, store.context.pointer, component.pointer, &instance)
        {
            let failure = unsafe store.componentCallFailure(error, kind: .instantiation)
            if var plain = failure as? WasmtimeError, plain.kind == .instantiation {
                plain.kind = WasmtimeError.Kind.classifyInstantiation(plain.message)
                throw plain
            }
            throw failure
        }
        return instance
    }
}

/// The `env` behind every component host function: owns the Swift closure;
/// released by Wasmtime through ``componentHostFinalizer``.
final class ComponentHostFunction {
    let body: (borrowing ComponentCaller, [ComponentValue]) throws -> [ComponentValue]
    /// The function type of the last call: every call of one import comes
    /// with the same type, so it is decoded once (a lock, because one
    /// linker can serve stores on several threads).
    private let lastType = Lock<ComponentFuncType?>(nil)

    init(_ body: @escaping (borrowing ComponentCaller, [ComponentValue]) throws -> [ComponentValue]) {
        self.body = body
    }

    /// The function type Wasmtime passed (valid during the call), reusing
    /// the last one when it is the same type.
    func functionType(_ raw: OpaquePointer) -> ComponentFuncType {
        if let last = lastType.withLock({ $0 }), unsafe last.isSame(as: raw) { return last }
        let decoded = unsafe ComponentFuncType(borrowing: raw)
        lastType.withLock { $0 = decoded }
        return decoded
    }

    /// Runs the closure for one call; a thrown error is returned, never unwound through C.
    func invoke(
        context: OpaquePointer, type: OpaquePointer,
        arguments: UnsafeMutablePointer<wasmtime_component_val_t>?, argumentCount: Int,
        results: UnsafeMutablePointer<wasmtime_component_val_t>?, resultCount: Int
    ) -> OpaquePointer? {
        let store = unsafe AnyStore.from(context: StoreContext(context))
        var decoding = DecodingContext(store: store)
        defer { for box in decoding.borrowedResources { box.markExpired() } }
        do {
            let functionType = unsafe functionType(type)
            let values = unsafe try ComponentValue.decodeArguments(arguments, count: argumentCount, context: &decoding)
            let produced = try body(ComponentCaller(store: store, type: functionType), values)
            let moved = try functionType.checkHostResults(produced, resultCount: resultCount, store: store)
            for (index, value) in produced.enumerated() {
                // The slots hold plain placeholders; the library frees what is written here.
                unsafe value.encode(into: results! + index)
            }
            for box in moved { box.markMoved() }
            return nil
        } catch {
            return unsafe store.hostFunctionFailure(error)
        }
    }
}

extension ComponentFuncType {
    /// Whether the C function type `raw` is this type, found without
    /// decoding it (no allocation) when every parameter and the result are
    /// scalars or strings; `false` when unsure, for anything else.
    func isSame(as raw: OpaquePointer) -> Bool {
        guard unsafe wasmtime_component_func_type_async(raw) == isAsync,
            unsafe wasmtime_component_func_type_param_count(raw) == parameters.count
        else { return false }
        for (index, parameter) in parameters.enumerated() {
            var name: UnsafePointer<CChar>?
            var count = 0
            var type = unsafe wasmtime_component_valtype_t()
            guard unsafe wasmtime_component_func_type_param_nth(raw, index, &name, &count, &type) else { return false }
            defer { unsafe wasmtime_component_valtype_delete(&type) }
            guard unsafe Self.isScalar(type, parameter.type), unsafe utf8Equals(parameter.name, name, count) else {
                return false
            }
        }
        var type = unsafe wasmtime_component_valtype_t()
        guard unsafe wasmtime_component_func_type_result(raw, &type) else { return result == nil }
        defer { unsafe wasmtime_component_valtype_delete(&type) }
        guard let result else { return false }
        return unsafe Self.isScalar(type, result)
    }

    /// Whether `raw` is the scalar (or string) type `type`.
    private static func isScalar(_ raw: wasmtime_component_valtype_t, _ type: ComponentValueType) -> Bool {
        guard ScalarKind(type) != nil else { return false }
        switch unsafe Int(raw.kind) {
        case WASMTIME_COMPONENT_VALTYPE_BOOL, WASMTIME_COMPONENT_VALTYPE_S8, WASMTIME_COMPONENT_VALTYPE_S16,
            WASMTIME_COMPONENT_VALTYPE_S32, WASMTIME_COMPONENT_VALTYPE_S64, WASMTIME_COMPONENT_VALTYPE_U8,
            WASMTIME_COMPONENT_VALTYPE_U16, WASMTIME_COMPONENT_VALTYPE_U32, WASMTIME_COMPONENT_VALTYPE_U64,
            WASMTIME_COMPONENT_VALTYPE_F32, WASMTIME_COMPONENT_VALTYPE_F64, WASMTIME_COMPONENT_VALTYPE_CHAR,
            WASMTIME_COMPONENT_VALTYPE_STRING:
            return unsafe ComponentValueType(borrowing: raw) == type
        default: return false
        }
    }
}

extension ComponentValue {
    /// Decodes the arguments Wasmtime passed to a dynamic host function.
    static func decodeArguments(
        _ arguments: UnsafeMutablePointer<wasmtime_component_val_t>?, count: Int, context: inout DecodingContext
    ) throws(WasmtimeError) -> [ComponentValue] {
        var values: [ComponentValue] = []
        values.reserveCapacity(count)
        for index in 0..<count {
            values.append(unsafe try ComponentValue(decoding: arguments! + index, context: &context))
        }
        return values
    }
}

extension ComponentFuncType {
    /// Checks what a dynamic host function returned against this type (and
    /// the `resultCount` slots Wasmtime gave it); returns the owned handles
    /// the results move to the guest.
    func checkHostResults(
        _ produced: [ComponentValue], resultCount: Int, store: AnyStore
    ) throws(WasmtimeError) -> [ResourceBox] {
        guard produced.count == (result == nil ? 0 : 1), produced.count == resultCount else {
            throw WasmtimeError(.typeMismatch, "host function of type \(self) returned \(produced.count) result(s)")
        }
        var moved: [ResourceBox] = []
        if let result { try produced[0].check(against: result, in: store, path: "host function result", moved: &moved) }
        return moved
    }
}

extension AnyStore {
    /// A component host function's error as the `wasmtime_error_t` to hand
    /// Wasmtime: the Swift error itself is parked in the store, and the call
    /// that the error unwinds rethrows it.
    func hostFunctionFailure(_ error: any Error) -> OpaquePointer? {
        pendingError = error
        let message = "host function failed: \(error)"
        return unsafe message.withCString { unsafe wasmtime_error_new($0) }
    }
}

/// The single C entry point of all component host functions.
let componentHostTrampoline: wasmtime_component_func_callback_t = {
    env, context, type, args, nargs, results, nresults in
    unsafe Unmanaged<ComponentHostFunction>.fromOpaque(env!).takeUnretainedValue()
        .invoke(
            context: context!, type: type!, arguments: args, argumentCount: nargs,
            results: results, resultCount: nresults)
}

let componentHostFinalizer: @convention(c) (UnsafeMutableRawPointer?) -> Void = { env in
    unsafe Unmanaged<ComponentHostFunction>.fromOpaque(env!).release()
}
