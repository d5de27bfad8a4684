import CWasmtime

extension ResourceBox {
    /// Ends a borrow that a host function received, as its call returns.
    ///
    /// Wasmtime counts a borrow lent to the host as outstanding until the
    /// host drops its handle: a borrow still held when the host function
    /// returns fails the guest's call ("borrow handles still remain at the
    /// end of the call"). The Swift value may outlive the call, so the
    /// handle is dropped here, and the box is marked expired so later use
    /// throws. Owned handles and handles already dropped are left alone.
    func endBorrow() {
        guard !isOwned, state == .live else { return }
        markExpired()
        if let error = unsafe wasmtime_component_resource_any_drop(store.context.pointer, pointer) {
            unsafe wasmtime_error_delete(error)
        }
    }
}
