import CWasmtime
import Synchronization

// Owned resource handles the host let go of, waiting to be dropped in their
// store on the store's own thread.
//
// A `ComponentResource` is `Sendable` (it can be kept by any task), but its
// store is not: Wasmtime stores are not thread-safe, and dropping a handle
// (`wasmtime_component_resource_any_drop`, which may run the guest's
// destructor) uses the store. The last reference to a handle can go away on
// any thread, while the store is idle or busy in a call on its own thread,
// or while its async call is suspended. So releasing a handle never calls
// into the store: `ResourceBox.deinit` only appends it here, under a lock,
// and the store drops the pending handles the next time the library enters
// it (``AnyStore/dropReleasedResources()``: component calls and
// instantiation, making, receiving or dropping a resource,
// `hostResourceCount`). A store freed first frees them with it: its host
// resource table runs the destructors of the host resources still in it,
// and a guest's resources go with the store.

/// The pending drops of one store. Shared by the store and every owned
/// handle made in it; thread-safe.
final class ReleasedResources: Sendable {
    /// One released owned handle.
    @safe struct Entry: @unchecked Sendable {
        // @unchecked: the pointer is a `resource_any` nobody else holds any
        // more; only its store's thread drops it, and freeing it
        // (`_resource_any_delete`) touches only host memory.
        let pointer: OpaquePointer
        /// The rep of a host-defined resource, whose Swift destructor runs after the drop.
        let hostRep: UInt32?
    }

    private let entries = Lock([Entry]())
    /// Whether `entries` may be non-empty: the store's fast check, without the lock.
    private let pending = Atomic<Bool>(false)

    /// Queues `entry` (any thread).
    func append(_ entry: Entry) {
        entries.withLock { entries in
            entries.append(entry)
            pending.store(true, ordering: .releasing)
        }
    }

    /// Whether drops are waiting (any thread; exact under the store's drain).
    var hasPending: Bool { pending.load(ordering: .acquiring) }

    /// Takes every queued drop (the store's thread).
    func takeAll() -> [Entry] {
        entries.withLock { entries in
            pending.store(false, ordering: .relaxed)
            let taken = entries
            entries = []
            return taken
        }
    }

    /// Handles still queued when the store went away: their table entries
    /// went with the store, only the host memory is left.
    deinit {
        for entry in takeAll() {
            unsafe wasmtime_component_resource_any_delete(entry.pointer)
        }
    }
}

extension AnyStore {
    /// The store's queue of released handles, created with its first owned handle.
    func releasedResourcesQueue() -> ReleasedResources {
        if let queue = releasedResources { return queue }
        let queue = ReleasedResources()
        releasedResources = queue
        return queue
    }

    /// Drops the owned handles released since the library last entered the
    /// store (see above). Called on the store's thread whenever the library
    /// enters it; a no-op (one load) when nothing is pending. Skipped while
    /// the store's async call is suspended: the store must not be entered
    /// until the call resumes, and the next entry after it drops them.
    @inline(__always)
    func dropReleasedResources() {
        if let queue = releasedResources, queue.hasPending { dropReleasedResources(from: queue) }
    }

    private func dropReleasedResources(from queue: ReleasedResources) {
        if unsafe asyncCallState?.phase == .suspended { return }
        // A destructor may release more handles (or enter the store): loop
        // until the queue stays empty, each batch taken before it runs.
        while queue.hasPending {
            for entry in queue.takeAll() {
                if let error = unsafe wasmtime_component_resource_any_drop(context.pointer, entry.pointer) {
                    unsafe wasmtime_error_delete(error)
                }
                unsafe wasmtime_component_resource_any_delete(entry.pointer)
                if let rep = entry.hostRep { try? destroyHostResource(rep) }
            }
        }
    }
}
