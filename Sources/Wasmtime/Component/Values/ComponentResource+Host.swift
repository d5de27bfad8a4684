extension ComponentResource {
    /// The Swift object behind this handle of a host-defined resource: the
    /// very object the resource was made from
    /// (``HostResourceType/own(_:in:)``).
    ///
    /// Throws a ``WasmtimeError`` when the handle is of another resource
    /// type (``WasmtimeError/Kind/typeMismatch``), or can no longer be used
    /// (``WasmtimeError/Kind/runtime``): dropped, moved into the guest, or a
    /// borrow used after the call that lent it returned.
    public func object<Object>(of type: HostResourceType<Object>) throws(WasmtimeError) -> Object {
        try box.checkLive()
        guard let host = box.host, host.entry.type === type, let object = host.entry.object as? Object else {
            throw WasmtimeError(.typeMismatch, "expected a `\(type.name)` resource, got \(kindDescription)")
        }
        return object
    }

    /// Whether the resource is host-defined (made from a Swift object by a
    /// ``HostResourceType``), rather than defined by a component.
    public var isHostDefined: Bool { box.host != nil }

    /// The handle's kind and type for messages: `own<bucket>`, `borrow<resource>`, …
    var kindDescription: String {
        let name = box.host.map(\.entry.type.name) ?? type.description
        return isOwned ? "own<\(name)>" : "borrow<\(name)>"
    }
}

extension ComponentValue {
    /// The Swift object behind this value, a handle (`own` or `borrow`) of
    /// the host resource type `type`; throws when the value is anything
    /// else or the handle can no longer be used (see
    /// ``ComponentResource/object(of:)``).
    public func object<Object>(of type: HostResourceType<Object>) throws(WasmtimeError) -> Object {
        guard case .resource(let resource) = self else {
            throw WasmtimeError(.typeMismatch, "expected a `\(type.name)` resource, got \(kindName) \(self)")
        }
        return try resource.object(of: type)
    }
}
