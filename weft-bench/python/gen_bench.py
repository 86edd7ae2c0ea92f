#!/usr/bin/env python3
"""CPython twins of weft's generator benchmarks (dev.weft.bench.gen), printed as one JSON object.

Operations (ns per operation, best of several repeats, loop overhead subtracted):
  next          next(g) on an endless generator
  send          g.send(v) to a primed echo loop
  yieldFrom1    g.send(v) through 1 level of `yield from` over the echo loop
  yieldFrom10   the same through 10 levels
  createAndFinish  create a generator that yields once and run it to the end with a for loop
Memory: bytes per suspended shallow generator (advanced to its first yield), by tracemalloc and by
RSS growth, over --count generators (default 1 000 000).

Usage: python3 gen_bench.py [--quick] [--count N]
"""
import argparse
import gc
import json
import os
import platform
import sys
import time
import tracemalloc
from itertools import repeat

V = "v"


def endless():
    while True:
        yield V


def echo():
    got = None
    while True:
        got = yield got


def level(sub):
    return (yield from sub)


def chain(depth):
    g = echo()
    for _ in range(depth):
        g = level(g)
    next(g)
    return g


def once():
    yield V


def run_empty(n):
    t0 = time.perf_counter_ns()
    for _ in repeat(None, n):
        pass
    return time.perf_counter_ns() - t0


def run_next(n):
    g = endless()
    nx = next
    t0 = time.perf_counter_ns()
    for _ in repeat(None, n):
        nx(g)
    return time.perf_counter_ns() - t0


def make_run_send(make):
    def run(n):
        send = make().send
        t0 = time.perf_counter_ns()
        for _ in repeat(None, n):
            send(V)
        return time.perf_counter_ns() - t0
    return run


def run_create(n):
    t0 = time.perf_counter_ns()
    for _ in repeat(None, n):
        for _v in once():
            pass
    return time.perf_counter_ns() - t0


def primed_echo():
    g = echo()
    next(g)
    return g


OPS = {
    "next": run_next,
    "send": make_run_send(primed_echo),
    "yieldFrom1": make_run_send(lambda: chain(1)),
    "yieldFrom10": make_run_send(lambda: chain(10)),
    "createAndFinish": run_create,
}


def best_ns(run, n, repeats):
    return min(run(n) for _ in range(repeats))


def calibrate(run, target_ns):
    n = 1000
    while True:
        t = run(n)
        if t >= target_ns / 4 or n >= 1 << 26:
            return max(1000, int(n * target_ns / max(t, 1)))
        n *= 4


def measure(quick):
    target = 50_000_000 if quick else 200_000_000
    repeats = 3 if quick else 7
    out = {}
    for name, run in OPS.items():
        n = calibrate(run, target)
        gc.collect()
        total = best_ns(run, n, repeats)
        empty = best_ns(run_empty, n, repeats)
        out[name] = {"ns": round((total - empty) / n, 2), "rawNs": round(total / n, 2), "loops": n,
                     "repeats": repeats}
    return out


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def suspended(count):
    gens = [None] * count
    for i in range(count):
        g = once()
        next(g)
        gens[i] = g
    return gens


def memory(count):
    result = {"count": count}
    # RSS growth first, without tracemalloc's own bookkeeping.
    gc.collect()
    try:
        before = rss_bytes()
        t0 = time.perf_counter_ns()
        gens = suspended(count)
        t1 = time.perf_counter_ns()
        gc.collect()
        result["rssBytesPerGenerator"] = round((rss_bytes() - before) / count, 1)
        result["createAndAdvanceNsPerGenerator"] = round((t1 - t0) / count, 1)
        del gens
    except OSError:
        result["rssBytesPerGenerator"] = None
    gc.collect()
    holder = [None] * count  # the list itself is not part of the generators' cost
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    for i in range(count):
        g = once()
        next(g)
        holder[i] = g
    gc.collect()
    used = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    result["bytesPerGenerator"] = round(used / count, 1)
    result["method"] = "tracemalloc (bytesPerGenerator); RSS growth (rssBytesPerGenerator)"
    del holder
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="short runs, 100 000 generators for memory")
    ap.add_argument("--count", type=int, default=None, help="generators for the memory probe")
    args = ap.parse_args()
    count = args.count or (100_000 if args.quick else 1_000_000)
    print(json.dumps({
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "executable": os.path.realpath(sys.executable),
        "quick": args.quick,
        "ops": measure(args.quick),
        "memory": memory(count),
    }, indent=1))


if __name__ == "__main__":
    main()
