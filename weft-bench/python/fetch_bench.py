#!/usr/bin/env python3
"""Python twins of `./weft fetch` for ./weft bench fetch: download every URL of a file into a
directory, CONCURRENCY at a time, each body into a file named after the URL's last path segment.

Usage: fetch_bench.py gevent|asyncio|threads URL_FILE OUT_DIR CONCURRENCY
       fetch_bench.py verify OUT_DIR COUNT SIZE   (checks every file's bytes, exits 1 otherwise)

  gevent   gevent.monkey.patch_all(), urllib.request in a gevent Pool
  asyncio  asyncio streams speaking HTTP/1.1 by hand (open_connection, one request per connection)
  threads  urllib.request in a ThreadPoolExecutor

The suite times the whole process (so start-up counts as it does for weft) and checks the files;
a failed download exits 1 naming the URL.
"""
import sys

if len(sys.argv) > 1 and sys.argv[1] == "gevent":
    from gevent import monkey  # must patch before anything imports socket
    monkey.patch_all()

import os  # noqa: E402
import shutil  # noqa: E402
import urllib.parse  # noqa: E402
import urllib.request  # noqa: E402

CHUNK = 64 * 1024


def target(out_dir, url):
    return os.path.join(out_dir, urllib.parse.urlsplit(url).path.rsplit("/", 1)[-1])


def fetch_blocking(url, out_dir):
    with urllib.request.urlopen(url, timeout=60) as r, open(target(out_dir, url), "wb") as f:
        shutil.copyfileobj(r, f, CHUNK)


def run_gevent(urls, out_dir, concurrency):
    from gevent.pool import Pool
    pool = Pool(concurrency)
    for _ in pool.imap_unordered(lambda u: fetch_blocking(u, out_dir), urls):
        pass


def run_threads(urls, out_dir, concurrency):
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(concurrency) as ex:
        for _ in ex.map(lambda u: fetch_blocking(u, out_dir), urls):
            pass


def run_asyncio(urls, out_dir, concurrency):
    import asyncio

    async def fetch(url, sem):
        u = urllib.parse.urlsplit(url)
        async with sem:
            reader, writer = await asyncio.open_connection(u.hostname, u.port or 80)
            try:
                writer.write(("GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n"
                              % (u.path, u.netloc)).encode("ascii"))
                await writer.drain()
                head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
                if head[0].split()[1] != "200":
                    raise OSError("%s: %s" % (url, head[0]))
                length = None
                for h in head[1:]:
                    name, _, value = h.partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                with open(target(out_dir, url), "wb") as f:
                    got = 0
                    while length is None or got < length:
                        chunk = await reader.read(CHUNK)
                        if not chunk:
                            break
                        f.write(chunk)
                        got += len(chunk)
                if length is not None and got != length:
                    raise OSError("%s: %d of %d bytes" % (url, got, length))
            finally:
                writer.close()
                await writer.wait_closed()

    async def main():
        sem = asyncio.Semaphore(concurrency)
        await asyncio.gather(*(fetch(u, sem) for u in urls))

    asyncio.run(main())


def verify(out_dir, count, size):
    """Every one of count files in out_dir has size bytes of FetchServer's pattern (byte i is i % 251)."""
    pattern = bytes(i % 251 for i in range(251)) * (size // 251 + 1)
    names = sorted(n for n in os.listdir(out_dir) if not n.startswith("."))
    if len(names) != count:
        sys.exit("fetch_bench.py: %d files in %s, expected %d" % (len(names), out_dir, count))
    for n in names:
        with open(os.path.join(out_dir, n), "rb") as f:
            if f.read() != pattern[:size]:
                sys.exit("fetch_bench.py: %s is not the %d bytes the server sent" % (n, size))


def main(argv):
    if len(argv) == 5 and argv[1] == "verify":
        verify(argv[2], int(argv[3]), int(argv[4]))
        return
    runners = {"gevent": run_gevent, "asyncio": run_asyncio, "threads": run_threads}
    if len(argv) != 5 or argv[1] not in runners:
        sys.exit("usage: fetch_bench.py {gevent,asyncio,threads} URL_FILE OUT_DIR CONCURRENCY")
    with open(argv[2]) as f:
        urls = [line.strip() for line in f if line.strip()]
    os.makedirs(argv[3], exist_ok=True)
    runners[argv[1]](urls, argv[3], int(argv[4]))


if __name__ == "__main__":
    main(sys.argv)
