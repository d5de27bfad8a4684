import CWasmtime

// Types to and from the C API's type objects (`wasm_*type_t`, `wasmtime_valtype_t`).

// MARK: ValueType

extension ValueType {
    // WORKAROUND(wasmtime-50): `wasm_valtype_kind` aborts on v128 and most reference
    // types; every type is read through `wasmtime_valtype_new` instead.
    /// Reads a borrowed `wasm_valtype_t` through the `wasmtime_valtype_*`
    /// family, because `wasm_valtype_kind` aborts on v128 and most references.
    init(borrowing raw: OpaquePointer, depth: Int = 0) {
        var full = unsafe wasmtime_valtype_t()
        unsafe wasmtime_valtype_new(raw, &full)
        defer { unsafe wasmtime_valtype_delete(&full) }
        switch unsafe Int(full.kind) {
        case WASMTIME_VALTYPE_KIND_I32: self = .i32
        case WASMTIME_VALTYPE_KIND_I64: self = .i64
        case WASMTIME_VALTYPE_KIND_F32: self = .f32
        case WASMTIME_VALTYPE_KIND_F64: self = .f64
        case WASMTIME_VALTYPE_KIND_V128: self = .v128
        default: self = unsafe .ref(RefType(full.reftype, depth: depth))
        }
    }

    /// Creates an owned `wasm_valtype_t`; the caller (or the vector it is
    /// moved into) must free it.
    func makeRaw(engine: Engine) -> OpaquePointer {
        switch self {
        case .i32: return unsafe wasm_valtype_new(wasm_valkind_t(WASM_I32))
        case .i64: return unsafe wasm_valtype_new(wasm_valkind_t(WASM_I64))
        case .f32: return unsafe wasm_valtype_new(wasm_valkind_t(WASM_F32))
        case .f64: return unsafe wasm_valtype_new(wasm_valkind_t(WASM_F64))
        case .v128: return unsafe wasmtime_wasm_valtype_v128()
        case .ref(let ref):
            return unsafe ref.withRaw(engine: engine) { full in
                var full = unsafe full
                return unsafe wasmtime_valtype_to_wasm(engine.handle.pointer, &full)
            }
        }
    }
}

extension RefType {
    init(_ raw: wasmtime_reftype_t, depth: Int = 0) {
        unsafe self.init(nullable: raw.nullable, HeapType(raw.heaptype, depth: depth))
    }

    /// Builds the C form; concrete function types are created for the call
    /// and freed afterwards.
    func withRaw<R>(engine: Engine, _ body: (wasmtime_valtype_t) -> R) -> R {
        var full = unsafe wasmtime_valtype_t()
        unsafe full.kind = wasmtime_valtype_kind_t(WASMTIME_VALTYPE_KIND_REF)
        unsafe full.reftype.nullable = isNullable
        unsafe full.reftype.heaptype.kind = heapType.rawKind
        if case .concreteFunc(let type) = heapType {
            let functype = unsafe type.makeRaw(engine: engine)
            defer { unsafe wasm_functype_delete(functype) }
            unsafe full.reftype.heaptype.of.concrete_func = unsafe functype
            return unsafe body(full)
        }
        return unsafe body(full)
    }
}

extension HeapType {
    /// How deeply concrete function types inside signatures are expanded:
    /// recursive types (`(rec (type $t (func (param (ref $t)))))`) would
    /// otherwise expand forever. Deeper ones read as a signature-less
    /// `concreteFunc`, so comparisons at that depth are approximate; calls
    /// that pass concrete references therefore let Wasmtime check types.
    static let concreteExpansionDepth = 3

    init(_ raw: wasmtime_heaptype_t, depth: Int = 0) {
        switch unsafe Int(raw.kind) {
        case WASMTIME_HEAPTYPE_KIND_EXTERN: self = .extern
        case WASMTIME_HEAPTYPE_KIND_NOEXTERN: self = .noExtern
        case WASMTIME_HEAPTYPE_KIND_FUNC: self = .func
        case WASMTIME_HEAPTYPE_KIND_CONCRETE_FUNC:
            if let type = unsafe raw.of.concrete_func, depth < Self.concreteExpansionDepth {
                self = unsafe .concreteFunc(FuncType(borrowing: type, depth: depth + 1))
            } else if unsafe raw.of.concrete_func != nil {
                self = .concreteFunc(FuncType())
            } else {
                self = .func
            }
        case WASMTIME_HEAPTYPE_KIND_NOFUNC: self = .noFunc
        case WASMTIME_HEAPTYPE_KIND_ANY: self = .any
        case WASMTIME_HEAPTYPE_KIND_NONE: self = .none
        case WASMTIME_HEAPTYPE_KIND_EQ: self = .eq
        case WASMTIME_HEAPTYPE_KIND_I31: self = .i31
        case WASMTIME_HEAPTYPE_KIND_ARRAY: self = .array
        case WASMTIME_HEAPTYPE_KIND_CONCRETE_ARRAY: self = .concreteArray
        case WASMTIME_HEAPTYPE_KIND_STRUCT: self = .struct
        case WASMTIME_HEAPTYPE_KIND_CONCRETE_STRUCT: self = .concreteStruct
        case WASMTIME_HEAPTYPE_KIND_EXN: self = .exn
        case WASMTIME_HEAPTYPE_KIND_CONCRETE_EXN: self = .concreteExn
        default: self = .noExn
        }
    }

    /// The C discriminant. Concrete GC types cannot be built from Swift, so
    /// they map to their abstract supertype.
    var rawKind: wasmtime_heaptype_kind_t {
        let kind: Int =
            switch self {
            case .extern: WASMTIME_HEAPTYPE_KIND_EXTERN
            case .noExtern: WASMTIME_HEAPTYPE_KIND_NOEXTERN
            case .func: WASMTIME_HEAPTYPE_KIND_FUNC
            case .concreteFunc: WASMTIME_HEAPTYPE_KIND_CONCRETE_FUNC
            case .noFunc: WASMTIME_HEAPTYPE_KIND_NOFUNC
            case .any: WASMTIME_HEAPTYPE_KIND_ANY
            case .none: WASMTIME_HEAPTYPE_KIND_NONE
            case .eq: WASMTIME_HEAPTYPE_KIND_EQ
            case .i31: WASMTIME_HEAPTYPE_KIND_I31
            case .array, .concreteArray: WASMTIME_HEAPTYPE_KIND_ARRAY
            case .struct, .concreteStruct: WASMTIME_HEAPTYPE_KIND_STRUCT
            case .exn, .concreteExn: WASMTIME_HEAPTYPE_KIND_EXN
            case .noExn: WASMTIME_HEAPTYPE_KIND_NOEXN
            }
        return wasmtime_heaptype_kind_t(kind)
    }
}

// MARK: FuncType

extension FuncType {
    init(borrowing raw: OpaquePointer, depth: Int = 0) {
        parameters = unsafe Self.read(wasm_functype_params(raw), depth: depth)
        results = unsafe Self.read(wasm_functype_results(raw), depth: depth)
    }

    /// Reads and frees an owned `wasm_functype_t`.
    init(taking raw: OpaquePointer) {
        defer { unsafe wasm_functype_delete(raw) }
        unsafe self.init(borrowing: raw)
    }

    private static func read(_ vec: UnsafePointer<wasm_valtype_vec_t>?, depth: Int) -> [ValueType] {
        guard let vec = unsafe vec, let data = unsafe vec.pointee.data else { return [] }
        return unsafe (0..<vec.pointee.size).map { unsafe ValueType(borrowing: data[$0]!, depth: depth) }
    }

    /// Creates an owned `wasm_functype_t`.
    func makeRaw(engine: Engine) -> OpaquePointer {
        var params = unsafe Self.makeVec(parameters, engine: engine)
        var results = unsafe Self.makeVec(results, engine: engine)
        return unsafe wasm_functype_new(&params, &results)
    }

    private static func makeVec(_ types: [ValueType], engine: Engine) -> wasm_valtype_vec_t {
        var vec = unsafe wasm_valtype_vec_t()
        var raws: [OpaquePointer?] = unsafe types.map { unsafe $0.makeRaw(engine: engine) }
        unsafe wasm_valtype_vec_new(&vec, raws.count, &raws)
        return unsafe vec
    }
}

// MARK: GlobalType

extension GlobalType {
    init(borrowing raw: OpaquePointer) {
        content = unsafe ValueType(borrowing: wasm_globaltype_content(raw))
        isMutable = unsafe wasm_globaltype_mutability(raw) == wasm_mutability_t(WASM_VAR)
    }

    init(taking raw: OpaquePointer) {
        defer { unsafe wasm_globaltype_delete(raw) }
        unsafe self.init(borrowing: raw)
    }

    func makeRaw(engine: Engine) -> OpaquePointer {
        unsafe wasm_globaltype_new(
            content.makeRaw(engine: engine),
            wasm_mutability_t(isMutable ? WASM_VAR : WASM_CONST))
    }
}

// MARK: MemoryType

extension MemoryType {
    init(borrowing raw: OpaquePointer) {
        var max: UInt64 = 0
        let hasMax = unsafe wasmtime_memorytype_maximum(raw, &max)
        unsafe self.init(
            minimum: wasmtime_memorytype_minimum(raw), maximum: hasMax ? max : nil,
            is64: wasmtime_memorytype_is64(raw), isShared: wasmtime_memorytype_isshared(raw),
            pageSizeLog2: wasmtime_memorytype_page_size_log2(raw))
    }

    init(taking raw: OpaquePointer) {
        defer { unsafe wasm_memorytype_delete(raw) }
        unsafe self.init(borrowing: raw)
    }

    func makeRaw() throws(WasmtimeError) -> OpaquePointer {
        var raw: OpaquePointer?
        unsafe try CAPI.check(
            wasmtime_memorytype_new(
                minimum, maximum != nil, maximum ?? 0, is64,
                isShared, pageSizeLog2, &raw), .configuration)
        return unsafe raw!
    }
}

// MARK: TableType

extension TableType {
    /// Reads the type, taking limits and index width from `scanned` when the
    /// module's bytes were scanned: asking the C API aborts for large table64 limits.
    init(borrowing raw: OpaquePointer, scanned: TableScan.ScannedTable?) {
        guard let scanned else {
            unsafe self.init(borrowing: raw)
            return
        }
        guard case .ref(let element) = unsafe ValueType(borrowing: wasm_tabletype_element(raw)) else {
            preconditionFailure("Wasmtime reported a table whose elements are not references")
        }
        self.init(element: element, minimum: scanned.minimum, maximum: scanned.maximum, is64: scanned.is64)
    }

    init(borrowing raw: OpaquePointer) {
        guard case .ref(let element) = unsafe ValueType(borrowing: wasm_tabletype_element(raw)) else {
            preconditionFailure("Wasmtime reported a table whose elements are not references")
        }
        let limits = unsafe wasm_tabletype_limits(raw)!.pointee
        self.init(
            element: element, minimum: UInt64(limits.min),
            maximum: limits.max == UInt32.max ? nil : UInt64(limits.max))
    }

    init(taking raw: OpaquePointer) {
        defer { unsafe wasm_tabletype_delete(raw) }
        unsafe self.init(borrowing: raw)
    }

    func makeRaw(engine: Engine) throws(WasmtimeError) -> OpaquePointer {
        // WORKAROUND(wasmtime-50): `wasm_tabletype_new` takes 32-bit limits, has no
        // 64-bit flag and no error path, so what it cannot express is refused here.
        if let maximum, maximum < minimum {
            // The C API has no error path for this and would build the table anyway.
            throw WasmtimeError(.configuration, "table maximum (\(maximum)) is smaller than its minimum (\(minimum))")
        }
        guard !is64 else {
            throw WasmtimeError(.configuration, "64-bit tables cannot be created through Wasmtime's C API")
        }
        guard minimum <= UInt64(UInt32.max), (maximum ?? 0) < UInt64(UInt32.max) else {
            throw WasmtimeError(
                .configuration, "table limits above 2^32-2 cannot be expressed through Wasmtime's C API")
        }
        var limits = wasm_limits_t(min: UInt32(minimum), max: maximum.map(UInt32.init) ?? UInt32.max)
        return unsafe wasm_tabletype_new(ValueType.ref(element).makeRaw(engine: engine), &limits)
    }
}

// MARK: ExternType

extension ExternType {
    init(borrowing raw: OpaquePointer, scannedTable: @autoclosure () -> TableScan.ScannedTable? = nil) {
        switch unsafe Int(wasm_externtype_kind(raw)) {
        case WASM_EXTERN_FUNC: self = unsafe .function(FuncType(borrowing: wasm_externtype_as_functype_const(raw)))
        case WASM_EXTERN_GLOBAL: self = unsafe .global(GlobalType(borrowing: wasm_externtype_as_globaltype_const(raw)))
        case WASM_EXTERN_TABLE:
            self = unsafe .table(TableType(borrowing: wasm_externtype_as_tabletype_const(raw), scanned: scannedTable()))
        case WASM_EXTERN_MEMORY: self = unsafe .memory(MemoryType(borrowing: wasm_externtype_as_memorytype_const(raw)))
        default: self = unsafe .tag(FuncType(borrowing: wasm_tagtype_functype(wasm_externtype_as_tagtype_const(raw))))
        }
    }
}
