#!/usr/bin/env python3
"""CPython twin of weft's GreenletSwitchBench (dev.weft.bench.green), printed as one JSON object.

  switch_pair_ns       two greenlets (neither of them main) switch to each other: ns per pair
  main_switch_pair_ns  the main greenlet switches to a greenlet that switches straight back
  gen_send_ns          reference: g.send(v) to a generator that yields straight back

Best of several repeats, loop overhead subtracted. Needs the greenlet package (Debian:
apt-get install python3-greenlet, then run with /usr/bin/python3).

Usage: python3 green_bench.py [--quick]
"""
import argparse
import json
import platform
import time
from itertools import repeat

import greenlet
from greenlet import getcurrent

V = "v"


def run_empty(n):
    t0 = time.perf_counter_ns()
    for _ in repeat(None, n):
        pass
    return time.perf_counter_ns() - t0


def greenlet_pairs(n):
    """ns for n ping/pong pairs measured inside ping."""
    main = getcurrent()
    out = {}

    def ping(*_):
        other = gs[1]
        t0 = time.perf_counter_ns()
        for _ in repeat(None, n):
            other.switch(V)
        out["ns"] = time.perf_counter_ns() - t0
        main.switch(V)

    def pong(*_):
        other = gs[0]
        while True:
            other.switch(V)

    gs = [greenlet.greenlet(ping), greenlet.greenlet(pong)]
    gs[0].switch()
    gs[1].throw()  # end pong quietly
    return out["ns"]


def main_pairs(n):
    main = getcurrent()

    def echo(*_):
        while True:
            main.switch(V)

    g = greenlet.greenlet(echo)
    g.switch()
    sw = g.switch
    t0 = time.perf_counter_ns()
    for _ in repeat(None, n):
        sw(V)
    ns = time.perf_counter_ns() - t0
    g.throw()
    return ns


def gen_sends(n):
    def echo():
        while True:
            yield V

    g = echo()
    next(g)
    send = g.send
    t0 = time.perf_counter_ns()
    for _ in repeat(None, n):
        send(V)
    return time.perf_counter_ns() - t0


def best(fn, n, repeats):
    """Fastest of `repeats` runs minus the fastest empty loop, per operation: robust to noise."""
    work = min(fn(n) for _ in range(repeats))
    empty = min(run_empty(n) for _ in range(repeats))
    return (work - empty) / n


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="fewer, shorter repeats")
    a = p.parse_args()
    n, repeats = (100_000, 3) if a.quick else (1_000_000, 7)
    print(json.dumps({
        "switch_pair_ns": round(best(greenlet_pairs, n, repeats), 1),
        "main_switch_pair_ns": round(best(main_pairs, n, repeats), 1),
        "gen_send_ns": round(best(gen_sends, n, repeats), 1),
        "python": platform.python_version(),
        "greenlet": greenlet.__version__,
    }))


if __name__ == "__main__":
    main()
