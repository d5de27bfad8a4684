import CWasmtime
import Testing

/// Component resources through the real library, straight against
/// `CWasmtime`: guest resources held, borrowed, dropped and freed by the host;
/// host resources as values and through a linker-defined resource type whose
/// destructor the guest's drops reach.
@Suite struct ComponentResourceCAPITests {
    typealias Smoke = ComponentCAPISmokeTests

    static let guestResource = """
        (component
          (core module $m
            (global $dropped (mut i32) (i32.const 0))
            (func (export "dtor") (param i32) global.get $dropped local.get 0 i32.add global.set $dropped)
            (func (export "dropped") (result i32) global.get $dropped))
          (core instance $mi (instantiate $m))
          (type $r (resource (rep i32) (dtor (core func $mi "dtor"))))
          (core func $new (canon resource.new $r))
          (core module $m2
            (import "" "new" (func $new (param i32) (result i32)))
            (func (export "make") (param i32) (result i32) local.get 0 call $new)
            (func (export "get") (param i32) (result i32) local.get 0))
          (core instance $i2 (instantiate $m2 (with "" (instance (export "new" (func $new))))))
          (export $rx "r" (type $r))
          (func (export "make") (param "x" u32) (result (own $rx)) (canon lift (core func $i2 "make")))
          (func (export "get") (param "r" (borrow $rx)) (result u32) (canon lift (core func $i2 "get")))
          (func (export "dropped") (result u32) (canon lift (core func $mi "dropped"))))
        """

    /// A guest resource received by the host: borrowed back into the guest,
    /// dropped (running the guest destructor), then freed. A second drop is
    /// an error; a borrow of a dropped resource is an error that also leaves
    /// the store unable to enter components, like a wrong value kind.
    @Test func guestResourceLifecycle() throws {
        try Smoke.withComponent(Self.guestResource) { engine, context, component in
            let instance = try Smoke.instantiate(engine, context, component)
            var make = try Smoke.function("make", in: instance, context)
            var get = try Smoke.function("get", in: instance, context)
            var dropped = try Smoke.function("dropped", in: instance, context)
            func droppedSum() throws -> UInt32 {
                var result = wasmtime_component_val_t()
                try Smoke.check(wasmtime_component_func_call(&dropped, context, nil, 0, &result, 1), "dropped")
                return result.of.u32
            }

            var made = wasmtime_component_val_t()
            try Smoke.check(wasmtime_component_func_call(&make, context, [Smoke.u32(5)], 1, &made, 1), "make")
            defer { wasmtime_component_val_delete(&made) }  // frees the resource_any box
            #expect(Int(made.kind) == WASMTIME_COMPONENT_RESOURCE)
            let resource = try #require(made.of.resource)
            #expect(wasmtime_component_resource_any_owned(resource))
            let type = try #require(wasmtime_component_resource_any_type(resource))
            defer { wasmtime_component_resource_type_delete(type) }
            let hostType = try #require(wasmtime_component_resource_type_new_host(5))
            defer { wasmtime_component_resource_type_delete(hostType) }
            #expect(!wasmtime_component_resource_type_equal(type, hostType))

            var borrow = wasmtime_component_val_t()
            borrow.kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_RESOURCE)
            borrow.of.resource = resource  // borrowed from `made`: not deleted separately
            var got = wasmtime_component_val_t()
            try Smoke.check(wasmtime_component_func_call(&get, context, &borrow, 1, &got, 1), "get")
            #expect(got.of.u32 == 5)

            var host: OpaquePointer?
            let notHost = #expect(throws: Smoke.CAPIFailure.self) {
                try Smoke.check(wasmtime_component_resource_any_to_host(context, resource, &host), "to_host")
            }
            #expect(notHost?.description.contains("resource type mismatch") == true)
            #expect(host == nil)

            #expect(try droppedSum() == 0)
            try Smoke.check(wasmtime_component_resource_any_drop(context, resource), "drop")
            #expect(try droppedSum() == 5)  // the guest destructor ran with rep 5
            let twice = #expect(throws: Smoke.CAPIFailure.self) {
                try Smoke.check(wasmtime_component_resource_any_drop(context, resource), "drop")
            }
            #expect(twice?.description.contains("unknown handle index") == true)

            let stale = #expect(throws: Smoke.CAPIFailure.self) {
                try Smoke.check(wasmtime_component_func_call(&get, context, &borrow, 1, &got, 1), "get")
            }
            #expect(stale?.description.contains("unknown handle index") == true)
            let poisoned = #expect(throws: Smoke.CAPIFailure.self) { _ = try droppedSum() }
            #expect(poisoned?.description.contains("cannot enter component instance") == true)
        }
    }

    /// Host resources as plain values, and their conversion to and from
    /// `resource_any` through a store (an owned conversion to host is a move).
    @Test func hostResourceValues() throws {
        try Smoke.withComponent(Smoke.adder) { _, context, _ in
            let owned = try #require(wasmtime_component_resource_host_new(true, 42, 7))
            defer { wasmtime_component_resource_host_delete(owned) }
            #expect(wasmtime_component_resource_host_rep(owned) == 42)
            #expect(wasmtime_component_resource_host_type(owned) == 7)
            #expect(wasmtime_component_resource_host_owned(owned))
            let copy = try #require(wasmtime_component_resource_host_clone(owned))
            #expect(wasmtime_component_resource_host_rep(copy) == 42)
            wasmtime_component_resource_host_delete(copy)

            var any: OpaquePointer?
            try Smoke.check(wasmtime_component_resource_host_to_any(context, owned, &any), "to_any")
            let resource = try #require(any)
            defer { wasmtime_component_resource_any_delete(resource) }
            #expect(wasmtime_component_resource_any_owned(resource))
            let type = try #require(wasmtime_component_resource_any_type(resource))
            defer { wasmtime_component_resource_type_delete(type) }
            let seven = try #require(wasmtime_component_resource_type_new_host(7))
            defer { wasmtime_component_resource_type_delete(seven) }
            let eight = try #require(wasmtime_component_resource_type_new_host(8))
            defer { wasmtime_component_resource_type_delete(eight) }
            #expect(wasmtime_component_resource_type_equal(type, seven))
            #expect(!wasmtime_component_resource_type_equal(type, eight))

            var back: OpaquePointer?
            try Smoke.check(wasmtime_component_resource_any_to_host(context, resource, &back), "to_host")
            let roundTrip = try #require(back)
            defer { wasmtime_component_resource_host_delete(roundTrip) }
            #expect(wasmtime_component_resource_host_rep(roundTrip) == 42)
            #expect(wasmtime_component_resource_host_type(roundTrip) == 7)
            // Converting an owned resource takes it out of the store's table: the any is spent.
            let spent = #expect(throws: Smoke.CAPIFailure.self) {
                try Smoke.check(wasmtime_component_resource_any_drop(context, resource), "drop")
            }
            #expect(spent?.description.contains("unknown handle index") == true)

            // Without the conversion, an owned host resource can be dropped once.
            var another: OpaquePointer?
            try Smoke.check(wasmtime_component_resource_host_to_any(context, owned, &another), "to_any")
            let droppable = try #require(another)
            defer { wasmtime_component_resource_any_delete(droppable) }
            try Smoke.check(wasmtime_component_resource_any_drop(context, droppable), "drop")

            let borrowed = try #require(wasmtime_component_resource_host_new(false, 9, 7))
            defer { wasmtime_component_resource_host_delete(borrowed) }
            #expect(!wasmtime_component_resource_host_owned(borrowed))
        }
    }

    static let usesHostResource = """
        (component
          (import "hr" (type $hr (sub resource)))
          (import "make-hr" (func $make (param "x" u32) (result (own $hr))))
          (core func $make_lowered (canon lower (func $make)))
          (core func $drop (canon resource.drop $hr))
          (core module $m
            (import "" "make" (func $make (param i32) (result i32)))
            (import "" "drop" (func $drop (param i32)))
            (func (export "cycle") (param i32) local.get 0 call $make call $drop))
          (core instance $i (instantiate $m
            (with "" (instance (export "make" (func $make_lowered)) (export "drop" (func $drop))))))
          (func (export "cycle") (param "x" u32) (canon lift (core func $i "cycle"))))
        """

    final class HostResources: @unchecked Sendable {
        var destroyed: [UInt32] = []
        var finalizers = 0
    }

    /// A host resource type defined in the linker: the host function hands
    /// the guest an owned handle, and the guest's drop runs the host
    /// destructor with the handle's rep.
    @Test func hostResourceThroughTheLinker() throws {
        let state = HostResources()
        try Smoke.withComponent(Self.usesHostResource) { engine, context, component in
            let linker = try #require(wasmtime_component_linker_new(engine))
            defer { wasmtime_component_linker_delete(linker) }
            do {
                let root = try #require(wasmtime_component_linker_root(linker))
                defer { wasmtime_component_linker_instance_delete(root) }
                let type = try #require(wasmtime_component_resource_type_new_host(7))
                defer { wasmtime_component_resource_type_delete(type) }
                let destructor: wasmtime_component_resource_destructor_t = { env, _, rep in
                    Unmanaged<HostResources>.fromOpaque(env!).takeUnretainedValue().destroyed.append(rep)
                    return nil
                }
                let release: @convention(c) (UnsafeMutableRawPointer?) -> Void = { env in
                    let state = Unmanaged<HostResources>.fromOpaque(env!).takeRetainedValue()
                    state.finalizers += 1
                }
                try Smoke.check(
                    wasmtime_component_linker_instance_add_resource(
                        root, "hr", 2, type, destructor, Unmanaged.passRetained(state).toOpaque(), release), "resource")
                let make: wasmtime_component_func_callback_t = { _, context, _, args, _, results, _ in
                    let host = wasmtime_component_resource_host_new(true, args![0].of.u32, 7)
                    defer { wasmtime_component_resource_host_delete(host) }
                    var any: OpaquePointer?
                    if let error = wasmtime_component_resource_host_to_any(context, host, &any) { return error }
                    // The library frees the result (and this resource_any box) after the call.
                    results![0].kind = wasmtime_component_valkind_t(WASMTIME_COMPONENT_RESOURCE)
                    results![0].of.resource = any
                    return nil
                }
                try Smoke.check(wasmtime_component_linker_instance_add_func(root, "make-hr", 7, make, nil, nil), "func")
            }
            var instance = wasmtime_component_instance_t()
            try Smoke.check(wasmtime_component_linker_instantiate(linker, context, component, &instance), "instantiate")
            var cycle = try Smoke.function("cycle", in: instance, context)
            for rep in [42, 7, 1_000_000] as [UInt32] {
                try Smoke.check(wasmtime_component_func_call(&cycle, context, [Smoke.u32(rep)], 1, nil, 0), "cycle")
            }
            #expect(state.destroyed == [42, 7, 1_000_000])
        }
        #expect(state.finalizers == 1)
    }
}
