#!/usr/bin/env python3
"""Load test of the plugin server over loopback (Python standard library only).

    load-test.py SERVER_BINARY [--requests N] [--connections C] [--bench]

Starts the server on a free port, sends N requests over C keep-alive
connections (one in a hundred to the `spin` route, which must run out of
fuel), checks every response byte for byte, then opens connections to the
`slow` route and closes them early: the server must cancel those plugin
runs well before their backend would answer. Prints requests/s and the
p50/p99 latency; exits non-zero on any wrong response.
"""
import argparse
import asyncio
import json
import random
import subprocess
import sys
import time


def expected_handle(body: bytes) -> bytes:
    key = sum(body)
    value = (key * 31 + 7) & 0xFFFFFFFF
    return body.upper() + b" " + str(value).encode()


async def read_response(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    length = 0
    for line in lines[1:]:
        if line.lower().startswith("content-length:"):
            length = int(line.split(":", 1)[1])
    body = await reader.readexactly(length) if length else b""
    return status, body


def request(route: str, body: bytes) -> bytes:
    return (f"POST /{route} HTTP/1.1\r\nHost: localhost\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body


async def connection(port, jobs, latencies, failures):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while jobs:
            route, body = jobs.pop()
            start = time.perf_counter()
            writer.write(request(route, body))
            status, answer = await read_response(reader)
            latencies.append(time.perf_counter() - start)
            if route == "handle":
                expected = (200, expected_handle(body))
            else:
                expected = (503, b"budget exhausted")
            if (status, answer) != expected:
                failures.append(f"{route} {body[:40]!r}: got {status} {answer[:60]!r}, expected {expected[0]} {expected[1][:60]!r}")
    finally:
        writer.close()


async def stats(port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /stats HTTP/1.1\r\nHost: localhost\r\n\r\n")
    status, body = await read_response(reader)
    writer.close()
    return json.loads(body)


async def abandon_slow_requests(port, count):
    """Starts `count` slow requests, then drops the connections."""
    writers = []
    for _ in range(count):
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(request("slow", b""))
        await writer.drain()
        writers.append(writer)
    await asyncio.sleep(0.3)
    for writer in writers:
        writer.close()


async def main(port, args):
    rng = random.Random(14)
    alphabet = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-"
    jobs = []
    for index in range(args.requests):
        if index % 100 == 99:
            jobs.append(("spin", b""))
        else:
            jobs.append(("handle", bytes(rng.choice(alphabet) for _ in range(rng.randrange(0, 600)))))
    latencies, failures = [], []
    start = time.perf_counter()
    await asyncio.gather(*(connection(port, jobs, latencies, failures) for _ in range(args.connections)))
    elapsed = time.perf_counter() - start
    latencies.sort()
    p50 = latencies[len(latencies) // 2] * 1000
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
    print(f"plugin-server: {len(latencies)} requests over {args.connections} connections in {elapsed:.2f} s: "
          f"{len(latencies) / elapsed:.0f} requests/s, p50 {p50:.2f} ms, p99 {p99:.2f} ms")
    if len(latencies) != args.requests:
        failures.append(f"{len(latencies)} of {args.requests} requests answered")
    spins = args.requests // 100
    counters = await stats(port)
    if counters["handled"] != args.requests - spins or counters["budgetExhausted"] != spins:
        failures.append(f"server counters {counters}, expected {args.requests - spins} handled and {spins} out of fuel")

    # Clients that go away: the plugin runs must be cancelled long before
    # their backend (30 s) would answer.
    abandoned = 8
    before = counters["cancelled"]
    start = time.perf_counter()
    await abandon_slow_requests(port, abandoned)
    while True:
        counters = await stats(port)
        if counters["cancelled"] - before >= abandoned and counters["inFlight"] == 0:
            break
        if time.perf_counter() - start > 10:
            failures.append(f"abandoned slow requests not cancelled within 10 s: {counters}")
            break
        await asyncio.sleep(0.05)
    print(f"plugin-server: {abandoned} abandoned slow requests cancelled in {time.perf_counter() - start:.2f} s "
          f"(server counters {counters})")
    if failures:
        for failure in failures[:20]:
            print("FAIL:", failure, file=sys.stderr)
        print(f"plugin-server load test: {len(failures)} failure(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("server")
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    server = subprocess.Popen([args.server, "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        if not line.startswith("listening on "):
            print(f"plugin-server did not start: {line!r}", file=sys.stderr)
            sys.exit(1)
        try:
            # A hung server fails the test instead of hanging `make test`.
            status = asyncio.run(asyncio.wait_for(main(int(line.split()[-1]), args), timeout=600))
        except asyncio.TimeoutError:
            print("plugin-server load test: no answer within 600 s", file=sys.stderr)
            status = 1
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    sys.exit(status)
