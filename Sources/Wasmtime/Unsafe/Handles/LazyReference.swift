/// An optional strong reference to an object made on first use, whose
/// destruction costs a nil test instead of a runtime call while it is empty.
///
/// A class's optional reference field is released through `swift_release`
/// even when it is `nil`; a store holds its rarely used state this way so
/// that creating and dropping a store that never used it pays nothing for it.
@safe struct LazyReference<Object: AnyObject>: ~Copyable {
    private var reference: Unmanaged<Object>?

    init() {
        unsafe reference = nil
    }

    /// The object, if it was made.
    var object: Object? {
        unsafe reference?.takeUnretainedValue()
    }

    /// The object, made by `make` on first use.
    mutating func object(orMake make: () -> Object) -> Object {
        if let reference = unsafe reference { return unsafe reference.takeUnretainedValue() }
        let created = make()
        unsafe reference = unsafe .passRetained(created)
        return created
    }

    deinit {
        unsafe reference?.release()
    }
}
