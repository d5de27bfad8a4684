/// A resource type the host defines, whose resources are Swift objects of
/// class `Object`.
///
/// Define it in a ``ComponentLinker`` at the path where the component
/// imports it, then make handles from objects in host functions. The guest
/// sees an opaque handle; every handle it gives back leads to the very
/// object it was made from:
///
/// ```swift
/// final class Bucket { var items: [String: String] = [:] }
///
/// let buckets = try linker.defineResource("example:kv/store", "bucket", backedBy: Bucket.self) { bucket in
///     print("the guest dropped a bucket with \(bucket.items.count) items")
/// }
/// try linker.defineFunction(path: ["example:kv/store", "[constructor]bucket"]) { caller, _ in
///     [.resource(try buckets.own(Bucket(), in: caller.store))]
/// }
/// try linker.defineFunction(path: ["example:kv/store", "[method]bucket.get"]) { _, arguments in
///     let bucket = try arguments[0].object(of: buckets)  // borrow<bucket>: valid during this call
///     return [.option(bucket.items[arguments[1].string ?? ""].map(ComponentValue.string))]
/// }
/// ```
///
/// Each ``HostResourceType`` is a distinct component-model resource type,
/// whichever class backs it. Its destructor runs exactly once per resource
/// made by ``own(_:in:)``: when the last owned handle is dropped, by the
/// guest (`resource.drop`) or by the host (``ComponentResource/drop()``, or
/// an owned ``ComponentResource`` the host lets go of), or when the store is
/// freed while its guests still own the resource. A destructor error thrown
/// during the guest's drop ends the guest's call, which throws that error.
public final class HostResourceType<Object: AnyObject>: AnyHostResourceType {
    /// The resource's name, used in descriptions and error messages.
    public let name: String
    /// The component-model type: compare it with the `own`/`borrow` types of
    /// ``ComponentFuncType`` parameters and results.
    public let componentType: ComponentResourceType
    /// Wasmtime's number for the type (`wasmtime_component_resource_type_new_host`).
    let id: UInt32
    private let destructor: (Object) throws -> Void

    /// Creates a resource type; define it in a linker with
    /// ``ComponentLinker/defineResource(_:type:)``.
    ///
    /// - Parameters:
    ///   - name: the resource's name, for messages (usually its WIT name).
    ///   - objectType: the class of the objects behind the handles.
    ///   - destructor: runs once for each resource when its last owned
    ///     handle is dropped.
    public init(
        _ name: String, backedBy objectType: Object.Type = Object.self,
        destructor: @escaping (Object) throws -> Void = { _ in }
    ) {
        self.name = name
        self.destructor = destructor
        (id, componentType) = HostResourceRegistry.register(name)
    }

    deinit {
        HostResourceRegistry.unregister(id)
    }

    /// Makes a new resource of this type from `object`: an owned handle in
    /// `store`, ready to be returned to the guest or passed to it as `own`.
    ///
    /// Every call makes a distinct resource, even for the same object, and
    /// its destructor runs once when the resource's last owned handle is
    /// dropped.
    public func own(_ object: Object, in store: AnyStore) throws(WasmtimeError) -> ComponentResource {
        let table = store.hostResourceTable()
        let entry = HostResourceTable.Entry(object: object, type: self)
        let rep = try table.insert(entry)
        do {
            return ComponentResource(
                try ResourceBox.owning(HostResourceLink(rep: rep, entry: entry), typeID: id, store: store))
        } catch {
            _ = table.remove(rep)
            throw error
        }
    }

    func destroy(_ object: AnyObject) throws {
        guard let object = object as? Object else {
            throw WasmtimeError(.typeMismatch, "the host resource `\(name)` holds an object of another class")
        }
        try destructor(object)
    }
}

/// What the store's table and the linker's destructor callback need of a
/// ``HostResourceType``, whatever its object class.
protocol AnyHostResourceType: AnyObject {
    var id: UInt32 { get }
    var name: String { get }
    /// Runs the destructor for `object`.
    func destroy(_ object: AnyObject) throws
}
