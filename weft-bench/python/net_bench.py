"""Loopback echo benchmarks for `./weft bench net`, the CPython side of dev.weft.bench.net.NetBench.

64-byte messages echoed by a server and a client in the same process, one round trip at a time
per connection: echo_1x20000 (1 connection, 20 000 round trips) and echo_100x1000 (100
connections at once, 1 000 round trips each).

Usage: net_bench.py asyncio|uvloop|gevent [LOAD...]. Prints `name<TAB>round trips per second<TAB>impl`,
the best of several runs after a warm-up run. uvloop runs through `new_event_loop()`, which every
uvloop version has (`uvloop.run` exists only from 0.18).
"""
import os
import sys
import time

SIZE = 64
RUNS = int(os.environ.get("NET_RUNS", "5"))
LOADS = [("echo_1x20000", 1, 20_000), ("echo_100x1000", 100, 1_000)]


def asyncio_bench(new_loop, connections, trips):
    import asyncio

    async def handle(reader, writer):
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
        writer.close()

    async def client(port):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        msg = bytes(SIZE)
        for _ in range(trips):
            writer.write(msg)
            await reader.readexactly(SIZE)
        writer.close()
        await writer.wait_closed()

    async def main():
        server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1000)
        port = server.sockets[0].getsockname()[1]
        t0 = time.perf_counter()
        await asyncio.gather(*(client(port) for _ in range(connections)))
        secs = time.perf_counter() - t0
        server.close()
        await server.wait_closed()
        return connections * trips / secs

    loop = new_loop()
    try:
        asyncio.set_event_loop(loop)
        return loop.run_until_complete(main())
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def gevent_bench(connections, trips):
    import gevent
    from gevent import socket
    from gevent.server import StreamServer

    def handle(sock, _addr):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        while True:
            data = sock.recv(65536)
            if not data:
                break
            sock.sendall(data)
        sock.close()

    server = StreamServer(("127.0.0.1", 0), handle, backlog=1000)
    server.start()
    port = server.server_port

    def client():
        s = socket.create_connection(("127.0.0.1", port))
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        msg = bytes(SIZE)
        for _ in range(trips):
            s.sendall(msg)
            got = 0
            while got < SIZE:
                chunk = s.recv(SIZE - got)
                if not chunk:
                    raise EOFError("short echo")
                got += len(chunk)
        s.close()

    t0 = time.perf_counter()
    gevent.joinall([gevent.spawn(client) for _ in range(connections)], raise_error=True)
    secs = time.perf_counter() - t0
    server.stop()
    return connections * trips / secs


def main(argv):
    impl = argv[1] if len(argv) > 1 else "asyncio"
    only = set(argv[2:])
    if impl == "asyncio":
        import asyncio
        run = lambda c, t: asyncio_bench(asyncio.new_event_loop, c, t)
    elif impl == "uvloop":
        import uvloop
        run = lambda c, t: asyncio_bench(uvloop.new_event_loop, c, t)
        impl = "uvloop-" + uvloop.__version__
    elif impl == "gevent":
        import gevent
        run = gevent_bench
        impl = "gevent-" + gevent.__version__
    else:
        raise SystemExit(f"net_bench.py: unknown implementation {impl!r}; use asyncio, uvloop or gevent")
    for name, connections, trips in LOADS:
        if only and name not in only:
            continue
        best = 0.0
        for i in range(RUNS + 1):  # the first run warms up
            rate = run(connections, trips)
            if i > 0:
                best = max(best, rate)
        print(f"{name}\t{best:.0f}\t{impl}", flush=True)


if __name__ == "__main__":
    main(sys.argv)
