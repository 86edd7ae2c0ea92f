"""The seed's coroutine pipeline, timed the way weft's PipeBench times it.

follow-style readline loop (without the sleep: it stops at the end of the file) -> grep ->
counting sink, and the same with a 3-way broadcast. The code keeps the seed's shape: generator
coroutines primed by a @coroutine decorator, driven by send().

usage: pipe_bench.py LOG [warmups] [rounds]
       pipe_bench.py --generate LOG [lines]
Prints: pipe <name> lines=<n> matches=<m> seconds=<best> lines_per_s=<rate>
"""
import random
import sys
import time

PATTERNS = ("python", "ERROR", "POST")


def coroutine(func):
    def start(*args, **kwargs):
        cr = func(*args, **kwargs)
        cr.send(None)
        return cr
    return start


def follow(thefile, target):
    """The seed's follow, minus the sleep: at the end of the file it stops."""
    n = 0
    while True:
        line = thefile.readline()
        if not line:
            break
        target.send(line)
        n += 1
    target.close()
    return n


@coroutine
def grep(pattern, target):
    try:
        while True:
            line = (yield)
            if pattern in line:
                target.send(line)
    finally:
        target.close()


@coroutine
def counter(box):
    count = 0
    try:
        while True:
            (yield count)
            count += 1
    finally:
        box.append(count)


@coroutine
def broadcast(targets):
    try:
        while True:
            item = (yield)
            for target in targets:
                target.send(item)
    finally:
        for target in targets:
            target.close()


def run_grep(path):
    box = []
    with open(path) as f:
        lines = follow(f, grep(PATTERNS[0], counter(box)))
    return lines, box[0]


def run_broadcast(path):
    box = []
    with open(path) as f:
        lines = follow(f, broadcast([grep(p, counter(box)) for p in PATTERNS]))
    return lines, sum(box)


def measure(name, fn, path, warmups, rounds):
    best = None
    for r in range(warmups + rounds):
        t0 = time.perf_counter()
        lines, matches = fn(path)
        t = time.perf_counter() - t0
        if r >= warmups and (best is None or t < best):
            best = t
    print("pipe %s lines=%d matches=%d seconds=%.4f lines_per_s=%.0f" % (name, lines, matches, best, lines / best))


def generate(path, count):
    """A web-server-like log; about 1 line in 8 mentions python, some are ERROR or POST."""
    rnd = random.Random(42)
    agents = ["Mozilla/5.0 (X11; Linux x86_64)", "curl/8.5.0", "python-requests/2.31.0", "Java-http-client/25"]
    paths = ["/", "/index.html", "/api/items", "/api/items/42", "/static/app.js", "/docs/python-coroutines"]
    with open(path, "w") as f:
        for i in range(count):
            level = "ERROR" if rnd.random() < 0.02 else "INFO"
            method = "POST" if rnd.random() < 0.1 else "GET"
            f.write('%s 10.%d.%d.%d - - [22/Nov/2026:%02d:%02d:%02d +0000] "%s %s HTTP/1.1" %d %d "%s"\n' % (
                level, rnd.randrange(256), rnd.randrange(256), rnd.randrange(256), (i // 3600) % 24, (i // 60) % 60,
                i % 60, method, rnd.choice(paths), 500 if level == "ERROR" else 200, rnd.randrange(100, 50000),
                rnd.choice(agents)))


def main(argv):
    if len(argv) >= 2 and argv[1] == "--generate":
        generate(argv[2], int(argv[3]) if len(argv) > 3 else 1_000_000)
        return
    if len(argv) < 2:
        sys.exit(__doc__)
    path = argv[1]
    warmups = int(argv[2]) if len(argv) > 2 else 1
    rounds = int(argv[3]) if len(argv) > 3 else 3
    measure("grep", run_grep, path, warmups, rounds)
    measure("broadcast3", run_broadcast, path, warmups, rounds)


if __name__ == "__main__":
    main(sys.argv)
