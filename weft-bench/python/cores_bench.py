"""The CPython side of `./weft bench cores`: asyncio servers, one process per core (multiprocessing
plus SO_REUSEPORT), speaking the protocol of dev.weft.bench.cores.CoresBench.

Usage: cores_bench.py serve N. Prints the port, then serves until stdin closes. A connection's first
byte chooses: b'e' echoes everything; b'h' answers each 4096-byte request with its SHA-256 hashed
8 times over (32 bytes), as CoresBench does.
"""
import asyncio
import hashlib
import multiprocessing
import os
import socket
import sys

HASH_IN = 4096
ROUNDS = 8


def digest(req):
    d = b""
    for _ in range(ROUNDS):
        d = hashlib.sha256(d + req).digest()
    return d


async def handle(reader, writer):
    kind = await reader.readexactly(1)
    if kind == b"e":
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    else:
        while True:
            try:
                req = await reader.readexactly(HASH_IN)
            except asyncio.IncompleteReadError:
                break
            writer.write(digest(req))
            await writer.drain()
    writer.close()


def worker(port, ready, flavour):
    async def main():
        server = await asyncio.start_server(handle, "127.0.0.1", port, reuse_port=True, backlog=1000)
        for s in server.sockets:
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        ready.set()
        await server.serve_forever()

    if flavour == "uvloop":  # new_event_loop: every uvloop version has it (uvloop.run only from 0.18)
        import uvloop
        loop = uvloop.new_event_loop()
        try:
            loop.run_until_complete(main())
        finally:
            loop.close()
    else:
        asyncio.run(main())


def serve(n, flavour="asyncio"):
    probe = socket.socket()
    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    ctx = multiprocessing.get_context("fork")
    procs = []
    for _ in range(n):
        ready = ctx.Event()
        p = ctx.Process(target=worker, args=(port, ready, flavour), daemon=True)
        p.start()
        ready.wait(30)
        procs.append(p)
    probe.close()  # bound, never listening: it only reserved the port
    print(port, flush=True)
    sys.stdin.read()
    for p in procs:
        p.terminate()
    for p in procs:
        p.join(5)


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4) or sys.argv[1] != "serve" or sys.argv[3:] not in ([], ["asyncio"], ["uvloop"]):
        sys.exit("usage: cores_bench.py serve N [asyncio|uvloop]")
    serve(int(sys.argv[2]), *sys.argv[3:])
