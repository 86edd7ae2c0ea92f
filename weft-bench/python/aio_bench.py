#!/usr/bin/env python3
"""CPython asyncio side of `./weft bench aio`.

Prints one line per benchmark: `name<TAB>ns_per_op<TAB>loop` where loop is `asyncio` or `uvloop`
(the uvloop rows appear only when uvloop is importable). The Java side measures the same
operations in weft-bench (dev.weft.bench.aio) and the suite script joins the two by name.

  switch        one task switch: await asyncio.sleep(0) among 10 tasks (ns per sleep(0))
  spawn         create + run + finish one trivial task, 100 000 of them (ns per task)
  task_bytes    bytes per task for 100 000 tasks waiting on one Event (bytes, not ns)
  queue_pingpong one put+get round trip between two tasks over two Queues (ns per round trip)
  gather        gather of 10 000 already-created futures, completed by a task (ns per future)
"""
import asyncio
import gc
import sys
import time
import tracemalloc

SWITCH_TASKS = 10
SWITCH_ROUNDS = 20_000
SPAWN_N = 100_000
BYTES_N = 100_000
PINGPONG_N = 50_000
GATHER_N = 10_000


def best(fn, repeat=5):
    """The best of `repeat` runs of fn() -> (elapsed_ns, ops): ns per op."""
    results = []
    for _ in range(repeat):
        gc.collect()
        ns, ops = fn()
        results.append(ns / ops)
    return min(results)


async def _switch():
    async def worker():
        for _ in range(SWITCH_ROUNDS):
            await asyncio.sleep(0)
    t0 = time.perf_counter_ns()
    await asyncio.gather(*(worker() for _ in range(SWITCH_TASKS)))
    return time.perf_counter_ns() - t0, SWITCH_TASKS * SWITCH_ROUNDS


async def _spawn():
    async def trivial():
        return 1
    loop = asyncio.get_running_loop()
    t0 = time.perf_counter_ns()
    tasks = [loop.create_task(trivial()) for _ in range(SPAWN_N)]
    for t in tasks:
        await t
    return time.perf_counter_ns() - t0, SPAWN_N


async def _task_bytes():
    ev = asyncio.Event()
    loop = asyncio.get_running_loop()
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    tasks = [loop.create_task(ev.wait()) for _ in range(BYTES_N)]
    await asyncio.sleep(0)  # every task now waits on the event
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    ev.set()
    await asyncio.gather(*tasks)
    return after - before, BYTES_N


async def _pingpong():
    ping, pong = asyncio.Queue(), asyncio.Queue()

    async def echo():
        for _ in range(PINGPONG_N):
            pong.put_nowait(await ping.get())
    loop = asyncio.get_running_loop()
    t0 = time.perf_counter_ns()
    e = loop.create_task(echo())
    for i in range(PINGPONG_N):
        await ping.put(i)
        await pong.get()
    await e
    return time.perf_counter_ns() - t0, PINGPONG_N


async def _gather():
    loop = asyncio.get_running_loop()
    t0 = time.perf_counter_ns()
    futs = [loop.create_future() for _ in range(GATHER_N)]

    async def complete():
        for i, f in enumerate(futs):
            f.set_result(i)
    loop.create_task(complete())
    res = await asyncio.gather(*futs)
    assert len(res) == GATHER_N
    return time.perf_counter_ns() - t0, GATHER_N


BENCHES = [("switch", _switch), ("spawn", _spawn), ("task_bytes", _task_bytes),
           ("queue_pingpong", _pingpong), ("gather", _gather)]


def _run_on(new_loop, coro):
    """asyncio.run on a loop from new_loop: works with every uvloop version."""
    loop = new_loop()
    try:
        asyncio.set_event_loop(loop)
        return loop.run_until_complete(coro)
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def main(argv):
    only = set(argv[1:])
    runners = [("asyncio", asyncio.run)]
    try:
        import uvloop  # optional; any version (uvloop.run exists only from 0.18)
        runners.append(("uvloop", lambda coro: _run_on(uvloop.new_event_loop, coro)))
    except ImportError:
        pass
    for loop_name, run in runners:
        for name, coro_fn in BENCHES:
            if only and name not in only:
                continue
            repeat = 1 if name == "task_bytes" else 5
            value = best(lambda: run(coro_fn()), repeat)
            print(f"{name}\t{value:.1f}\t{loop_name}", flush=True)


if __name__ == "__main__":
    main(sys.argv)
