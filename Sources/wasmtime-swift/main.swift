print("wasmtime-swift: not yet implemented")
