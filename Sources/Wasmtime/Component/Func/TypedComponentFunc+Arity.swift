// One overload per argument count (0 to 6) and result shape (none, or one
// value), preferred over the parameter-pack form, which stays for more
// arguments and tuple results: the solver handles these more readily (a call
// with several arguments type-checks straight off a lookup).

extension TypedComponentFunc {
    /// Calls the function.
    @inlinable
    public func callAsFunction() throws -> Results where Parameters == Void, Results == Void {
        try function.handle.callTyped(
            parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Void.self)
    }

    /// Calls the function; the same as calling the value directly.
    @inlinable
    public func call() throws -> Results where Parameters == Void, Results == Void {
        try function.handle.callTyped(
            parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Void.self)
    }

    /// Calls the function.
    @inlinable
    public func callAsFunction() throws -> Results where Parameters == Void, Results: ComponentLiftable {
        try function.handle.callTyped(
            parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Results.self)
    }

    /// Calls the function; the same as calling the value directly.
    @inlinable
    public func call() throws -> Results where Parameters == Void, Results: ComponentLiftable {
        try function.handle.callTyped(
            parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Results.self)
    }

    /// Calls the function.
    @inlinable
    public func callAsFunction(_ a: Parameters) throws -> Results
    where Parameters: ComponentLowerable, Results == Void {
        try function.handle.callTyped(
            a, parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Void.self)
    }

    /// Calls the function; the same as calling the value directly.
    @inlinable
    public func call(_ a: Parameters) throws -> Results where Parameters: ComponentLowerable, Results == Void {
        try function.handle.callTyped(
            a, parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Void.self)
    }

    /// Calls the function.
    @inlinable
    public func callAsFunction(_ a: Parameters) throws -> Results
    where Parameters: ComponentLowerable, Results: ComponentLiftable {
        try function.handle.callTyped(
            a, parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Results.self)
    }

    /// Calls the function; the same as calling the value directly.
    @inlinable
    public func call(_ a: Parameters) throws -> Results
    where Parameters: ComponentLowerable, Results: ComponentLiftable {
        try function.handle.callTyped(
            a, parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Results.self)
    }

    /// Calls the function.
    @inlinable
    public func callAsFunction<A: ComponentLowerable, B: ComponentLowerable>(_ a: A, _ b: B) throws -> Results
    where Parameters == (A, B), Results == Void {
        try function.handle.callTyped(
            a, b, parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Void.self)
    }

    /// Calls the function; the same as calling the value directly.
    @inlinable
    public func call<A: ComponentLowerable, B: ComponentLowerable>(_ a: A, _ b: B) throws -> Results
    where Parameters == (A, B), Results == Void {
        try function.handle.callTyped(
            a, b, parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Void.self)
    }

    /// Calls the function.
    @inlinable
    public func callAsFunction<A: ComponentLowerable, B: ComponentLowerable>(_ a: A, _ b: B) throws -> Results
    where Parameters == (A, B), Results: ComponentLiftable {
        try function.handle.callTyped(
            a, b, parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Results.self)
    }

    /// Calls the function; the same as calling the value directly.
    @inlinable
    public func call<A: ComponentLowerable, B: ComponentLowerable>(_ a: A, _ b: B) throws -> Results
    where Parameters == (A, B), Results: ComponentLiftable {
        try function.handle.callTyped(
            a, b, parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Results.self)
    }

    /// Calls the function.
    @inlinable
    public func callAsFunction<A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable>(
        _ a: A, _ b: B, _ c: C
    ) throws -> Results where Parameters == (A, B, C), Results == Void {
        try function.handle.callTyped(
            a, b, c, parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Void.self)
    }

    /// Calls the function; the same as calling the value directly.
    @inlinable
    public func call<A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable>(_ a: A, _ b: B, _ c: C) throws
        -> Results where Parameters == (A, B, C), Results == Void
    {
        try function.handle.callTyped(
            a, b, c, parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Void.self)
    }

    /// Calls the function.
    @inlinable
    public func callAsFunction<A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable>(
        _ a: A, _ b: B, _ c: C
    ) throws -> Results where Parameters == (A, B, C), Results: ComponentLiftable {
        try function.handle.callTyped(
            a, b, c, parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Results.self)
    }

    /// Calls the function; the same as calling the value directly.
    @inlinable
    public func call<A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable>(_ a: A, _ b: B, _ c: C) throws
        -> Results where Parameters == (A, B, C), Results: ComponentLiftable
    {
        try function.handle.callTyped(
            a, b, c, parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Results.self)
    }

    /// Calls the function.
    @inlinable
    public func callAsFunction<
        A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable, D: ComponentLowerable
    >(_ a: A, _ b: B, _ c: C, _ d: D) throws -> Results where Parameters == (A, B, C, D), Results == Void {
        try function.handle.callTyped(
            a, b, c, d, parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Void.self)
    }

    /// Calls the function; the same as calling the value directly.
    @inlinable
    public func call<A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable, D: ComponentLowerable>(
        _ a: A, _ b: B, _ c: C, _ d: D
    ) throws -> Results where Parameters == (A, B, C, D), Results == Void {
        try function.handle.callTyped(
            a, b, c, d, parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Void.self)
    }

    /// Calls the function.
    @inlinable
    public func callAsFunction<
        A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable, D: ComponentLowerable
    >(_ a: A, _ b: B, _ c: C, _ d: D) throws -> Results where Parameters == (A, B, C, D), Results: ComponentLiftable {
        try function.handle.callTyped(
            a, b, c, d, parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Results.self)
    }

    /// Calls the function; the same as calling the value directly.
    @inlinable
    public func call<A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable, D: ComponentLowerable>(
        _ a: A, _ b: B, _ c: C, _ d: D
    ) throws -> Results where Parameters == (A, B, C, D), Results: ComponentLiftable {
        try function.handle.callTyped(
            a, b, c, d, parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Results.self)
    }

    /// Calls the function.
    @inlinable
    public func callAsFunction<
        A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable, D: ComponentLowerable,
        E: ComponentLowerable
    >(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E) throws -> Results where Parameters == (A, B, C, D, E), Results == Void {
        try function.handle.callTyped(
            a, b, c, d, e, parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Void.self)
    }

    /// Calls the function; the same as calling the value directly.
    @inlinable
    public func call<
        A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable, D: ComponentLowerable,
        E: ComponentLowerable
    >(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E) throws -> Results where Parameters == (A, B, C, D, E), Results == Void {
        try function.handle.callTyped(
            a, b, c, d, e, parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Void.self)
    }

    /// Calls the function.
    @inlinable
    public func callAsFunction<
        A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable, D: ComponentLowerable,
        E: ComponentLowerable
    >(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E) throws -> Results
    where Parameters == (A, B, C, D, E), Results: ComponentLiftable {
        try function.handle.callTyped(
            a, b, c, d, e, parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Results.self)
    }

    /// Calls the function; the same as calling the value directly.
    @inlinable
    public func call<
        A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable, D: ComponentLowerable,
        E: ComponentLowerable
    >(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E) throws -> Results
    where Parameters == (A, B, C, D, E), Results: ComponentLiftable {
        try function.handle.callTyped(
            a, b, c, d, e, parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Results.self)
    }

    /// Calls the function.
    @inlinable
    public func callAsFunction<
        A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable, D: ComponentLowerable,
        E: ComponentLowerable, F: ComponentLowerable
    >(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F) throws -> Results
    where Parameters == (A, B, C, D, E, F), Results == Void {
        try function.handle.callTyped(
            a, b, c, d, e, f, parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Void.self)
    }

    /// Calls the function; the same as calling the value directly.
    @inlinable
    public func call<
        A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable, D: ComponentLowerable,
        E: ComponentLowerable, F: ComponentLowerable
    >(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F) throws -> Results
    where Parameters == (A, B, C, D, E, F), Results == Void {
        try function.handle.callTyped(
            a, b, c, d, e, f, parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Void.self)
    }

    /// Calls the function.
    @inlinable
    public func callAsFunction<
        A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable, D: ComponentLowerable,
        E: ComponentLowerable, F: ComponentLowerable
    >(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F) throws -> Results
    where Parameters == (A, B, C, D, E, F), Results: ComponentLiftable {
        try function.handle.callTyped(
            a, b, c, d, e, f, parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Results.self)
    }

    /// Calls the function; the same as calling the value directly.
    @inlinable
    public func call<
        A: ComponentLowerable, B: ComponentLowerable, C: ComponentLowerable, D: ComponentLowerable,
        E: ComponentLowerable, F: ComponentLowerable
    >(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F) throws -> Results
    where Parameters == (A, B, C, D, E, F), Results: ComponentLiftable {
        try function.handle.callTyped(
            a, b, c, d, e, f, parameterTypes: parameterTypes, resultIsTuple: false, store: function.store,
            as: Results.self)
    }
}
