// Typed handles of host resources, for typed export calls
// (`instance.function("open", String.self, HostOwned<Bucket>.self)`) and
// typed host functions (`{ (bucket: HostBorrowed<Bucket>) -> UInt32 in … }`).
// They wrap a ``ComponentResource`` and read its Swift object by class, so a
// signature names the object class instead of a ``HostResourceType``.

/// An owned handle (`own<R>`) of a host resource whose objects are of class
/// `Object`: what a typed host function returns to make a resource, and what
/// typed calls move into or receive from the guest.
///
/// In a signature it matches `own<R>` and `borrow<R>` of any resource type:
/// passed as `borrow` it is only lent (the host keeps it). Which resource
/// type it is gets checked when it is passed; reading one of a host type
/// whose objects are of another class, or of a guest type, throws.
public struct HostOwned<Object: AnyObject>: ComponentValueConvertible {
    /// The handle.
    public let resource: ComponentResource

    /// Makes a new resource of `type` from `object` in `store` (see
    /// ``HostResourceType/own(_:in:)``).
    public init(_ object: Object, as type: HostResourceType<Object>, in store: AnyStore) throws(WasmtimeError) {
        resource = try type.own(object, in: store)
    }

    /// Wraps an owned handle of a host resource backed by `Object`s; throws
    /// for a borrow or another kind of resource.
    public init(_ resource: ComponentResource) throws(WasmtimeError) {
        guard resource.isOwned else {
            throw WasmtimeError(.typeMismatch, "expected an owned handle, got \(resource.kindDescription)")
        }
        _ = try resource.hostObject(as: Object.self)
        self.resource = resource
    }

    /// The Swift object behind the handle; throws once the handle has been
    /// moved into the guest or dropped.
    public var object: Object {
        get throws(WasmtimeError) { try resource.hostObject(as: Object.self) }
    }

    /// Drops the handle, running the resource's destructor (see ``ComponentResource/drop()``).
    public func drop() throws {
        try resource.drop()
    }

    /// Matches `own<R>` (moved) and `borrow<R>` (lent) of any resource type.
    public static func matches(_ type: ComponentValueType) -> Bool {
        switch type {
        case .own, .borrow: true
        default: false
        }
    }

    /// Writes the handle: it moves into the guest when passed as `own`.
    public func lower(into lowerer: inout ComponentLowerer) throws {
        try resource.lower(into: &lowerer)
    }

    /// Reads an owned handle of a host resource backed by `Object`s.
    public init(lifting lifter: inout ComponentLifter) throws {
        try self.init(try ComponentResource(lifting: &lifter))
    }
}

/// A borrowed handle (`borrow<R>`) of a host resource whose objects are of
/// class `Object`: the parameter of a typed host function for a method.
///
/// It is valid only during the call that lent it: reading ``object`` or
/// passing it on afterwards throws.
public struct HostBorrowed<Object: AnyObject>: ComponentValueConvertible {
    /// The handle.
    public let resource: ComponentResource

    /// Wraps a handle of a host resource backed by `Object`s (an owned one
    /// is only lent when passed on).
    public init(_ resource: ComponentResource) throws(WasmtimeError) {
        _ = try resource.hostObject(as: Object.self)
        self.resource = resource
    }

    /// The Swift object behind the handle; throws after the call that lent
    /// it returned.
    public var object: Object {
        get throws(WasmtimeError) { try resource.hostObject(as: Object.self) }
    }

    /// Matches `borrow<R>` of any resource type.
    public static func matches(_ type: ComponentValueType) -> Bool {
        if case .borrow = type { true } else { false }
    }

    /// Lends the handle on (valid only during the call that lent it here).
    public func lower(into lowerer: inout ComponentLowerer) throws {
        try resource.lower(into: &lowerer)
    }

    /// Reads a borrowed handle of a host resource backed by `Object`s.
    public init(lifting lifter: inout ComponentLifter) throws {
        try self.init(try ComponentResource(lifting: &lifter))
    }
}

extension ComponentResource {
    /// The Swift object behind a live handle of a host resource, if it is an `Object`.
    func hostObject<Object: AnyObject>(as: Object.Type) throws(WasmtimeError) -> Object {
        try box.checkLive()
        guard let object = box.host?.entry.object as? Object else {
            throw WasmtimeError(
                .typeMismatch, "expected a host resource backed by \(Object.self), got \(kindDescription)")
        }
        return object
    }
}
