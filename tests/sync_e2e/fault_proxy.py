#!/usr/bin/env python3
"""Fault-injecting HTTP/1.1 proxy for the sync end-to-end tests (loopback only).

It sits between kiosks and suara-server and, per request, at random but from a fixed seed:
  cut_request   forwards only part of the request, then drops both connections
  cut_response  forwards the request, then only part of the server's answer (maybe none)
  duplicate     delivers the request to the server twice (the second copy is a replay with the
                same nonce, which the server must refuse without storing anything); the kiosk sees
                either the first or the second answer
  error_5xx     answers 502/503/504 itself without contacting the server
  delay         waits up to --max-delay-ms before forwarding
  pass          forwards unchanged
When the server is down (killed by the test), a request gets a 502 like nginx would give. Each
enabled fault is injected at least once (on every third batch request until all have been), so a
short run cannot miss one by chance.

It understands just enough HTTP/1.1 for that: Content-Length bodies and chunked answers,
keep-alive on both sides. Statistics (requests per action, bytes each way) are written as JSON
to --stats on SIGTERM/SIGINT and every second, so a test can read them while it runs.

  fault_proxy.py --upstream 127.0.0.1:8123 --seed 7 [--listen-port 0] [--stats FILE]
Prints "PORT <n>" on stdout once it listens.
"""
import argparse
import asyncio
import json
import random
import signal
import sys

MAX_HEAD = 64 * 1024


class Stats:
    def __init__(self):
        self.actions = {}
        self.requests = 0
        self.connections = 0  # client connections accepted (keep-alive keeps this near the kiosk count)
        self.bytes_from_clients = 0  # request heads + bodies as the kiosks sent them
        self.body_bytes_from_clients = 0
        self.bytes_to_clients = 0
        self.upstream_down = 0

    def count(self, action):
        self.actions[action] = self.actions.get(action, 0) + 1

    def as_dict(self):
        return {
            "requests": self.requests,
            "connections": self.connections,
            "actions": self.actions,
            "bytes_from_clients": self.bytes_from_clients,
            "body_bytes_from_clients": self.body_bytes_from_clients,
            "bytes_to_clients": self.bytes_to_clients,
            "upstream_down": self.upstream_down,
        }


async def read_head(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    if len(head) > MAX_HEAD:
        raise ValueError("head too large")
    return head


def header_value(head, name):
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == name:
            return v.strip()
    return None


async def read_message(reader):
    """One HTTP message (request or response): (head, body, raw bytes)."""
    head = await read_head(reader)
    length = header_value(head, b"content-length")
    if length is not None:
        body = await reader.readexactly(int(length))
        return head, body, head + body
    te = header_value(head, b"transfer-encoding")
    if te is not None and te.lower() == b"chunked":
        raw = bytearray()
        body = bytearray()
        while True:
            size_line = await reader.readuntil(b"\r\n")
            raw += size_line
            size = int(size_line.split(b";")[0].strip(), 16)
            chunk = await reader.readexactly(size + 2)
            raw += chunk
            body += chunk[:-2]
            if size == 0:
                break
        return head, bytes(body), head + bytes(raw)
    return head, b"", head  # no body (GET, 204, ...)


def canned(status, reason, message):
    body = json.dumps({"error": "fault proxy: " + message}).encode()
    return (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        f"Connection: close\r\n\r\n"
    ).encode() + body


class Proxy:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.stats = Stats()
        host, _, port = args.upstream.rpartition(":")
        self.up_host, self.up_port = host, int(port)
        assert self.up_host in ("127.0.0.1", "localhost", "::1"), "the fault proxy only talks to loopback"
        self.posts = 0
        self.guaranteed = [action for action, p in (("cut_request", args.p_cut_request),
                                                    ("cut_response", args.p_cut_response),
                                                    ("duplicate", args.p_duplicate), ("error_5xx", args.p_5xx),
                                                    ("delay", args.p_delay)) if p > 0]
        self.rng.shuffle(self.guaranteed)

    def choose(self):
        a = self.args
        # Every enabled fault happens at least once, whatever the dice say: one of them on every
        # third batch request until each has been used (in a seeded order), random afterwards.
        self.posts += 1
        if self.guaranteed and self.posts % 3 == 0:
            return self.guaranteed.pop()
        r = self.rng.random()
        for action, p in (("cut_request", a.p_cut_request), ("cut_response", a.p_cut_response),
                          ("duplicate", a.p_duplicate), ("error_5xx", a.p_5xx), ("delay", a.p_delay)):
            if r < p:
                return action
            r -= p
        return "pass"

    async def open_upstream(self):
        return await asyncio.open_connection(self.up_host, self.up_port)

    async def exchange(self, upstream, raw):
        """Sends raw on upstream (reconnecting if needed); returns (upstream, response raw)."""
        for attempt in range(2):
            if upstream is None:
                upstream = await self.open_upstream()
            ur, uw = upstream
            try:
                uw.write(raw)
                await uw.drain()
                _, _, resp = await read_message(ur)
                return upstream, resp
            except (ConnectionError, asyncio.IncompleteReadError, OSError):
                uw.close()
                upstream = None
                if attempt == 1:
                    raise
        raise ConnectionError("unreachable")

    async def handle(self, creader, cwriter):
        upstream = None
        self.stats.connections += 1
        try:
            while True:
                try:
                    head, body, raw = await read_message(creader)
                except (asyncio.IncompleteReadError, ConnectionError, ValueError, asyncio.LimitOverrunError):
                    return
                self.stats.requests += 1
                self.stats.bytes_from_clients += len(raw)
                self.stats.body_bytes_from_clients += len(body)
                is_batch = head.startswith(b"POST ")
                action = self.choose() if is_batch else "pass"
                self.stats.count(action)

                if action == "error_5xx":
                    status, reason = self.rng.choice([(502, "Bad Gateway"), (503, "Service Unavailable"),
                                                      (504, "Gateway Timeout")])
                    out = canned(status, reason, f"injected {status}")
                    cwriter.write(out)
                    self.stats.bytes_to_clients += len(out)
                    await cwriter.drain()
                    return
                if action == "delay":
                    await asyncio.sleep(self.rng.uniform(0, self.args.max_delay_ms) / 1000.0)
                try:
                    if action == "cut_request":
                        if upstream is None:
                            upstream = await self.open_upstream()
                        cut = self.rng.randrange(1, len(raw))
                        upstream[1].write(raw[:cut])
                        await upstream[1].drain()
                        await asyncio.sleep(0.01)
                        return
                    if action == "duplicate":
                        second_answer = self.rng.random() < 0.5
                        upstream, first = await self.exchange(upstream, raw)
                        upstream, second = await self.exchange(upstream, raw)
                        resp = second if second_answer else first
                    else:
                        upstream, resp = await self.exchange(upstream, raw)
                except (ConnectionError, asyncio.IncompleteReadError, OSError):
                    self.stats.upstream_down += 1
                    out = canned(502, "Bad Gateway", "upstream unreachable")
                    cwriter.write(out)
                    self.stats.bytes_to_clients += len(out)
                    await cwriter.drain()
                    return
                if action == "cut_response":
                    cut = self.rng.randrange(0, len(resp))
                    cwriter.write(resp[:cut])
                    self.stats.bytes_to_clients += cut
                    await cwriter.drain()
                    return
                cwriter.write(resp)
                self.stats.bytes_to_clients += len(resp)
                await cwriter.drain()
        except (ConnectionError, OSError):
            return
        finally:
            if upstream is not None:
                upstream[1].close()
            cwriter.close()

    def write_stats(self):
        if self.args.stats:
            tmp = self.args.stats + ".tmp"
            with open(tmp, "w") as f:
                json.dump(self.stats.as_dict(), f)
            import os
            os.replace(tmp, self.args.stats)


async def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--upstream", required=True, help="127.0.0.1:PORT of suara-server")
    ap.add_argument("--listen-port", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--stats", default="")
    ap.add_argument("--p-cut-request", type=float, default=0.05)
    ap.add_argument("--p-cut-response", type=float, default=0.08)
    ap.add_argument("--p-duplicate", type=float, default=0.08)
    ap.add_argument("--p-5xx", type=float, default=0.05)
    ap.add_argument("--p-delay", type=float, default=0.10)
    ap.add_argument("--max-delay-ms", type=float, default=300)
    args = ap.parse_args()

    proxy = Proxy(args)
    server = await asyncio.start_server(proxy.handle, "127.0.0.1", args.listen_port, limit=8 << 20)
    port = server.sockets[0].getsockname()[1]
    print(f"PORT {port}", flush=True)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        while not stop.is_set():
            try:
                await asyncio.wait_for(stop.wait(), timeout=1.0)
            except asyncio.TimeoutError:
                pass
            proxy.write_stats()
    proxy.write_stats()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
