// One overload per argument count (0 to 6) and result shape (none, or one
// value), preferred over the parameter-pack form, which stays for more
// arguments and tuple results. They avoid parameter packs at run time (whose
// metadata the runtime looks up on every call), and the solver handles them
// more readily (a call with several arguments type-checks straight off a lookup).

extension TypedComponentFunc {
    /// Calls the function.
    public func callAsFunction() throws -> Results where Parameters == Void, Results == Void {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store, arguments: { _ in })
    }

    /// Calls the function; the same as calling the value directly.
    public func call() throws -> Results where Parameters == Void, Results == Void {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store, arguments: { _ in })
    }

    /// Calls the function.
    public func callAsFunction() throws -> Results where Parameters == Void, Results: ComponentLiftable {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store,
            arguments: { _ in }, result: { try $0.lift(Results.self) })
    }

    /// Calls the function; the same as calling the value directly.
    public func call() throws -> Results where Parameters == Void, Results: ComponentLiftable {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store,
            arguments: { _ in }, result: { try $0.lift(Results.self) })
    }

    /// Calls the function.
    public func callAsFunction(_ a: Parameters) throws -> Results where Parameters: ComponentLowerable, Results == Void {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store,
            arguments: { slots in try slots.lower(a) })
    }

    /// Calls the function; the same as calling the value directly.
    public func call(_ a: Parameters) throws -> Results where Parameters: ComponentLowerable, Results == Void {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store,
            arguments: { slots in try slots.lower(a) })
    }

    /// Calls the function.
    public func callAsFunction(_ a: Parameters) throws -> Results where Parameters: ComponentLowerable, Results: ComponentLiftable {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store,
            arguments: { slots in try slots.lower(a) }, result: { try $0.lift(Results.self) })
    }

    /// Calls the function; the same as calling the value directly.
    public func call(_ a: Parameters) throws -> Results where Parameters: ComponentLowerable, Results: ComponentLiftable {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store,
            arguments: { slots in try slots.lower(a) }, result: { try $0.lift(Results.self) })
    }

    /// Calls the function.
    public func callAsFunction<A: ComponentLowerable, B: ComponentLowerable>(_ a: A, _ b: B) throws -> Results where Parameters == (A, B), Results == Void {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store,
            arguments: { slots in try slots.lower(a); try slots.lower(b) })
    }

    /// Calls the function; the same as calling the value directly.
    public func call<A: ComponentLowerable, B: ComponentLowerable>(_ a: A, _ b: B) throws -> Results where Parameters == (A, B), Results == Void {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store,
            arguments: { slots in try slots.lower(a); try slots.lower(b) })
    }

    /// Calls the function.
    public func callAsFunction<A: ComponentLowerable, B: ComponentLowerable>(_ a: A, _ b: B) throws -> Results where Parameters == (A, B), Results: ComponentLiftable {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store,
            arguments: { slots in try slots.lower(a); try slots.lower(b) }, result: { try $0.lift(Results.self) })
    }

    /// Calls the function; the same as calling the value directly.
    public func call<A: ComponentLowerable, B: ComponentLowerable>(_ a: A, _ b: B) throws -> Results where Parameters == (A, B), Results: ComponentLiftable {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store,
            arguments: { slots in try slots.lower(a); try slots.lower(b) }, result: { try $0.lift(Results.self) })
    }

    /// Calls the function.
    public func callAsFunction<A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable>(_ a: A, _ b: B, _ c: C) throws -> Results where Parameters == (A, B, C), Results == Void {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store,
            arguments: { slots in try slots.lower(a); try slots.lower(b); try slots.lower(c) })
    }

    /// Calls the function; the same as calling the value directly.
    public func call<A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable>(_ a: A, _ b: B, _ c: C) throws -> Results where Parameters == (A, B, C), Results == Void {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store,
            arguments: { slots in try slots.lower(a); try slots.lower(b); try slots.lower(c) })
    }

    /// Calls the function.
    public func callAsFunction<A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable>(_ a: A, _ b: B, _ c: C) throws -> Results where Parameters == (A, B, C), Results: ComponentLiftable {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store,
            arguments: { slots in try slots.lower(a); try slots.lower(b); try slots.lower(c) }, result: { try $0.lift(Results.self) })
    }

    /// Calls the function; the same as calling the value directly.
    public func call<A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable>(_ a: A, _ b: B, _ c: C) throws -> Results where Parameters == (A, B, C), Results: ComponentLiftable {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store,
            arguments: { slots in try slots.lower(a); try slots.lower(b); try slots.lower(c) }, result: { try $0.lift(Results.self) })
    }

    /// Calls the function.
    public func callAsFunction<A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable, D: ComponentLowerable>(_ a: A, _ b: B, _ c: C, _ d: D) throws -> Results where Parameters == (A, B, C, D), Results == Void {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store,
            arguments: { slots in try slots.lower(a); try slots.lower(b); try slots.lower(c); try slots.lower(d) })
    }

    /// Calls the function; the same as calling the value directly.
    public func call<A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable, D: ComponentLowerable>(_ a: A, _ b: B, _ c: C, _ d: D) throws -> Results where Parameters == (A, B, C, D), Results == Void {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store,
            arguments: { slots in try slots.lower(a); try slots.lower(b); try slots.lower(c); try slots.lower(d) })
    }

    /// Calls the function.
    public func callAsFunction<A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable, D: ComponentLowerable>(_ a: A, _ b: B, _ c: C, _ d: D) throws -> Results where Parameters == (A, B, C, D), Results: ComponentLiftable {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store,
            arguments: { slots in try slots.lower(a); try slots.lower(b); try slots.lower(c); try slots.lower(d) }, result: { try $0.lift(Results.self) })
    }

    /// Calls the function; the same as calling the value directly.
    public func call<A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable, D: ComponentLowerable>(_ a: A, _ b: B, _ c: C, _ d: D) throws -> Results where Parameters == (A, B, C, D), Results: ComponentLiftable {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store,
            arguments: { slots in try slots.lower(a); try slots.lower(b); try slots.lower(c); try slots.lower(d) }, result: { try $0.lift(Results.self) })
    }

    /// Calls the function.
    public func callAsFunction<A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable, D: ComponentLowerable, E: ComponentLowerable>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E) throws -> Results where Parameters == (A, B, C, D, E), Results == Void {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store,
            arguments: { slots in try slots.lower(a); try slots.lower(b); try slots.lower(c); try slots.lower(d); try slots.lower(e) })
    }

    /// Calls the function; the same as calling the value directly.
    public func call<A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable, D: ComponentLowerable, E: ComponentLowerable>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E) throws -> Results where Parameters == (A, B, C, D, E), Results == Void {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store,
            arguments: { slots in try slots.lower(a); try slots.lower(b); try slots.lower(c); try slots.lower(d); try slots.lower(e) })
    }

    /// Calls the function.
    public func callAsFunction<A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable, D: ComponentLowerable, E: ComponentLowerable>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E) throws -> Results where Parameters == (A, B, C, D, E), Results: ComponentLiftable {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store,
            arguments: { slots in try slots.lower(a); try slots.lower(b); try slots.lower(c); try slots.lower(d); try slots.lower(e) }, result: { try $0.lift(Results.self) })
    }

    /// Calls the function; the same as calling the value directly.
    public func call<A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable, D: ComponentLowerable, E: ComponentLowerable>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E) throws -> Results where Parameters == (A, B, C, D, E), Results: ComponentLiftable {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store,
            arguments: { slots in try slots.lower(a); try slots.lower(b); try slots.lower(c); try slots.lower(d); try slots.lower(e) }, result: { try $0.lift(Results.self) })
    }

    /// Calls the function.
    public func callAsFunction<A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable, D: ComponentLowerable, E: ComponentLowerable, F: ComponentLowerable>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F) throws -> Results where Parameters == (A, B, C, D, E, F), Results == Void {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store,
            arguments: { slots in try slots.lower(a); try slots.lower(b); try slots.lower(c); try slots.lower(d); try slots.lower(e); try slots.lower(f) })
    }

    /// Calls the function; the same as calling the value directly.
    public func call<A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable, D: ComponentLowerable, E: ComponentLowerable, F: ComponentLowerable>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F) throws -> Results where Parameters == (A, B, C, D, E, F), Results == Void {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store,
            arguments: { slots in try slots.lower(a); try slots.lower(b); try slots.lower(c); try slots.lower(d); try slots.lower(e); try slots.lower(f) })
    }

    /// Calls the function.
    public func callAsFunction<A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable, D: ComponentLowerable, E: ComponentLowerable, F: ComponentLowerable>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F) throws -> Results where Parameters == (A, B, C, D, E, F), Results: ComponentLiftable {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store,
            arguments: { slots in try slots.lower(a); try slots.lower(b); try slots.lower(c); try slots.lower(d); try slots.lower(e); try slots.lower(f) }, result: { try $0.lift(Results.self) })
    }

    /// Calls the function; the same as calling the value directly.
    public func call<A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable, D: ComponentLowerable, E: ComponentLowerable, F: ComponentLowerable>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F) throws -> Results where Parameters == (A, B, C, D, E, F), Results: ComponentLiftable {
        try function.handle.invoke(
            parameterTypes: parameterTypes, store: function.store,
            arguments: { slots in try slots.lower(a); try slots.lower(b); try slots.lower(c); try slots.lower(d); try slots.lower(e); try slots.lower(f) }, result: { try $0.lift(Results.self) })
    }
}
