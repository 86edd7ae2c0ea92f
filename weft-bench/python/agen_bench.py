#!/usr/bin/env python3
"""CPython side of weft's AsyncGeneratorBench (dev.weft.bench.aio): the same operations, the same way.

Prints one line per benchmark: `name<TAB>ns_per_value<TAB>asyncio`.

  agen_next    one value of an async generator whose body only yields, consumed by `async for`
  agen_await   one value whose body first awaits asyncio.sleep(0) (a loop round trip)
  agen_create  create, iterate to its only value, close: one short-lived async generator
"""
import asyncio
import contextlib
import gc
import time

VALUES = 200_000
AWAITS = 50_000
CREATES = 50_000


async def count(n, awaiting):
    for i in range(n):
        if awaiting:
            await asyncio.sleep(0)
        yield i


async def _iterate(n, awaiting):
    t0 = time.perf_counter_ns()
    total = 0
    async with contextlib.aclosing(count(n, awaiting)) as it:
        async for v in it:
            total += v
    assert total == n * (n - 1) // 2
    return time.perf_counter_ns() - t0, n


async def _create():
    t0 = time.perf_counter_ns()
    for _ in range(CREATES):
        async with contextlib.aclosing(count(1, False)) as it:
            async for v in it:
                assert v == 0
    return time.perf_counter_ns() - t0, CREATES


def best(make, warmups=3, runs=5):
    for _ in range(warmups):
        asyncio.run(make())
    results = []
    for _ in range(runs):
        gc.collect()
        ns, ops = asyncio.run(make())
        results.append(ns / ops)
    return min(results)


if __name__ == "__main__":
    for name, make in (("agen_next", lambda: _iterate(VALUES, False)),
                       ("agen_await", lambda: _iterate(AWAITS, True)),
                       ("agen_create", _create)):
        print(f"{name}\t{best(make):.1f}\tasyncio", flush=True)
