"""The wasmtime-py 50 peer of the component benchmarks (issue 12).

Run by the Swift benchmark in its own process, on the same component bytes:

    python3 component_bench.py COMPONENT.wasm ROUNDS BATCH_MS

For each case it sizes a batch to about BATCH_MS, runs ROUNDS timed batches
and prints `case ID NS_PER_OP...` (one figure per round), after checking
every result. wasmtime-py 50.0.1 is the only other binding with component
calls over the same C API; its calls are dynamic (Python values).
"""
import sys
import time

import wasmtime
import wasmtime.component as component


def main():
    path, rounds, batch_ms = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    engine = wasmtime.Engine()
    with open(path, "rb") as f:
        comp = component.Component(engine, f.read())
    linker = component.Linker(engine)
    with linker.root() as root:
        root.add_func("host-len", lambda store, s: len(s.encode()))
    store = wasmtime.Store(engine)
    instance = linker.instantiate(store, comp)
    funcs = {name: instance.get_func(store, name) for name in ["add", "echo", "echo-bytes", "echo-record", "call-host"]}

    text16 = "0123456789abcdef"
    text16k = "abcdefghijklmnop" * 1024
    data64k = bytes((i * 31 + 7) & 0xFF for i in range(65536))

    def add(n):
        f, total = funcs["add"], 0
        for i in range(n):
            total += f(store, i & 0xFFFF, 1)
        return total, sum((i & 0xFFFF) + 1 for i in range(n))

    def echo(text):
        def run(n):
            f, total = funcs["echo"], 0
            for _ in range(n):
                total += len(f(store, text))
            return total, n * len(text)
        return run

    def echo_bytes(n):
        f, total = funcs["echo-bytes"], 0
        for _ in range(n):
            back = f(store, data64k)
            total += len(back) + back[-1]
        return total, n * (65536 + data64k[-1])

    def record(n):
        f, total = funcs["echo-record"], 0
        r = component.Record()
        r.a, r.b, r.c, r.d, r.e = 1, 2, 3, 4.5, True
        for i in range(n):
            r.a = i & 0xFFFF
            back = f(store, r)
            total += back.a + back.b
        return total, sum((i & 0xFFFF) + 2 for i in range(n))

    def host_call(n):
        return funcs["call-host"](store, n), 16 * n

    cases = [
        ("component/add", add),
        ("component/echo-16B", echo(text16)),
        ("component/echo-16KiB", echo(text16k)),
        ("component/bytes-64KiB", echo_bytes),
        ("component/record5", record),
        ("component/host-call-string", host_call),
    ]
    for case_id, run in cases:
        # Calibrate: grow the batch until it is measurable, then size it.
        count = 1
        while True:
            start = time.perf_counter_ns()
            got, want = run(count)
            elapsed = time.perf_counter_ns() - start
            if got != want:
                raise SystemExit(f"{case_id}: checksum {got}, expected {want}")
            if elapsed >= batch_ms * 1e6 / 8 or count >= 1 << 24:
                count = max(1, int(batch_ms * 1e6 / (elapsed / count)))
                break
            count *= 4
        samples = []
        for _ in range(rounds):
            start = time.perf_counter_ns()
            got, want = run(count)
            elapsed = time.perf_counter_ns() - start
            if got != want:
                raise SystemExit(f"{case_id}: checksum {got}, expected {want}")
            samples.append(elapsed / count)
        print("case", case_id, *(f"{s:.1f}" for s in samples), flush=True)


if __name__ == "__main__":
    main()
