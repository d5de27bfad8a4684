import CWasmtime

// Host-defined resource types on the C side: Wasmtime's type objects
// (`wasmtime_component_resource_type_new_host`), the linker definition
// (`wasmtime_component_linker_instance_add_resource`) and its destructor
// callback, which the guest's `resource.drop` of an owned handle reaches.

/// Every live ``HostResourceType`` of the process, by Wasmtime id: hands out
/// the ids (a host resource type is just a number to Wasmtime) and names
/// the types reflection reads back (a `wasmtime_component_resource_type_t`
/// cannot say which number it was made from, only compare equal).
enum HostResourceRegistry {
    private struct State: ~Copyable {
        /// Ids start far from small numbers that C code may use by hand.
        var next: UInt32 = 0x5357_0000
        var types: [UInt32: (type: ResourceTypeBox, name: String)] = [:]
    }

    private static let state = Lock(State())

    static func register(_ name: String) -> (id: UInt32, type: ComponentResourceType) {
        state.withLock { state in
            var id = state.next
            while state.types[id] != nil { id &+= 1 }
            state.next = id &+ 1
            let box = unsafe ResourceTypeBox(taking: wasmtime_component_resource_type_new_host(id)!)
            state.types[id] = (box, name)
            return (id, ComponentResourceType(box))
        }
    }

    static func unregister(_ id: UInt32) {
        state.withLock { state in _ = state.types.removeValue(forKey: id) }
    }

    /// The name of the live host resource type equal to `type`, if any.
    static func name(of type: ResourceTypeBox) -> String? {
        state.withLock { state in
            state.types.values.first { $0.type === type || $0.type.isEqual(to: type) }?.name
        }
    }
}

extension ComponentLinkerHandle {
    func defineResource(in path: [String], name: String, _ type: any AnyHostResourceType) throws(WasmtimeError) {
        let typeID = type.id
        unsafe try withInstance(path) { instance throws(WasmtimeError) in
            let resourceType = unsafe wasmtime_component_resource_type_new_host(typeID)!
            defer { unsafe wasmtime_component_resource_type_delete(resourceType) }
            let env = unsafe Unmanaged.passRetained(HostResourceDestructor(type)).toOpaque()
            // The finalizer runs even when the definition fails, releasing `env`.
            let error = unsafe withUTF8(name) {
                unsafe wasmtime_component_linker_instance_add_resource(
                    instance, $0, $1, resourceType, hostResourceDestructorTrampoline, env,
                    hostResourceDestructorFinalizer)
            }
            unsafe try CAPI.check(error, .linking)
        }
    }
}

/// The `env` of a linker's resource definition: keeps the type alive as
/// long as the linker (and the instances it made) may call its destructor.
final class HostResourceDestructor {
    let type: any AnyHostResourceType

    init(_ type: any AnyHostResourceType) {
        self.type = type
    }

    /// The guest dropped its owned handle of resource `rep`; a thrown error
    /// is returned (the guest's drop fails with it), never unwound through C.
    func destroy(context: OpaquePointer, rep: UInt32) -> OpaquePointer? {
        let store = unsafe AnyStore.from(context: StoreContext(context))
        guard let entry = store.hostResources?.entry(rep), entry.type === type else {
            let message = "the guest dropped an unknown `\(type.name)` resource (rep \(rep))"
            return unsafe message.withCString { unsafe wasmtime_error_new($0) }
        }
        do {
            try store.destroyHostResource(rep)
            return nil
        } catch {
            store.pendingError = error
            let message = "the destructor of `\(type.name)` failed: \(error)"
            return unsafe message.withCString { unsafe wasmtime_error_new($0) }
        }
    }
}

let hostResourceDestructorTrampoline: wasmtime_component_resource_destructor_t = { env, context, rep in
    unsafe Unmanaged<HostResourceDestructor>.fromOpaque(env!).takeUnretainedValue()
        .destroy(context: context!, rep: rep)
}

let hostResourceDestructorFinalizer: @convention(c) (UnsafeMutableRawPointer?) -> Void = { env in
    unsafe Unmanaged<HostResourceDestructor>.fromOpaque(env!).release()
}
