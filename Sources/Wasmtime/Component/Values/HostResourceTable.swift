/// The Swift objects behind one store's host resources, by rep.
///
/// Wasmtime knows a host resource only by its 32-bit rep; this table maps
/// each rep the store's handles can carry to its object and type. An entry
/// lives from the moment ``HostResourceType/own(_:in:)`` makes the resource
/// until its destructor runs: when the guest drops its owned handle (the
/// linker's destructor callback), when the host drops one it holds, or when
/// the store goes away with the guest still owning it. Reps of destroyed
/// resources are reused, so the table never grows beyond the number of
/// resources alive at once.
final class HostResourceTable {
    struct Entry {
        let object: AnyObject
        let type: any AnyHostResourceType
    }

    private var entries: [Entry?] = []
    private var freeReps: [UInt32] = []
    /// The number of live entries.
    private(set) var count = 0

    /// Adds a resource and returns its rep.
    func insert(_ entry: Entry) throws(WasmtimeError) -> UInt32 {
        count += 1
        if let rep = freeReps.popLast() {
            entries[Int(rep)] = entry
            return rep
        }
        guard let rep = UInt32(exactly: entries.count) else {
            count -= 1
            throw WasmtimeError(.runtime, "a store cannot hold more than 2^32 host resources")
        }
        entries.append(entry)
        return rep
    }

    func entry(_ rep: UInt32) -> Entry? {
        let index = Int(rep)
        return entries.indices.contains(index) ? entries[index] : nil
    }

    /// Removes the resource `rep`, returning it if it was live.
    func remove(_ rep: UInt32) -> Entry? {
        let index = Int(rep)
        guard entries.indices.contains(index), let entry = entries[index] else { return nil }
        entries[index] = nil
        freeReps.append(rep)
        count -= 1
        return entry
    }

    /// Resources the guests still own when their store goes away are
    /// destroyed with it, so every destructor runs exactly once.
    deinit {
        for case let entry? in entries {
            try? entry.type.destroy(entry.object)
        }
    }
}

extension AnyStore {
    /// The number of host resources alive in this store: owned by its
    /// guests or by handles the host holds, and not yet destroyed.
    ///
    /// A diagnostic: it returns to its earlier value once every handle made
    /// since has been dropped, by the guest or the host.
    /// Handles released since the store was last entered are dropped first.
    public var hostResourceCount: Int {
        dropReleasedResources()
        return hostResources?.count ?? 0
    }

    /// The store's table, created with its first host resource.
    func hostResourceTable() -> HostResourceTable {
        if let table = hostResources { return table }
        let table = HostResourceTable()
        hostResources = table
        return table
    }

    /// Removes the host resource `rep` and runs its type's destructor.
    func destroyHostResource(_ rep: UInt32) throws {
        guard let entry = hostResources?.remove(rep) else { return }
        try entry.type.destroy(entry.object)
    }
}
