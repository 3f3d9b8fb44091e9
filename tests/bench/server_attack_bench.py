#!/usr/bin/env python3
"""Load test of issue 9 section 1's attacks against the real suara-server on loopback.

Starts the given suara-server binary on a fresh SQLite database (127.0.0.1, a free port), then runs
each attack for a fixed time while a prober sends GET /healthz every 50 ms on fresh connections
(timeout 15 s), and samples the server's resident memory from /proc every 100 ms:

  idle            no attack (the baseline)
  slowloris       N connections, each dribbling one header line every 2 s, never finishing
  idle-keepalive  N connections that send one GET /healthz each and then sit idle (keep-alive)
  no-length-post  one POST /api/v1/batches without Content-Length streaming 256 MiB
  chunked-post    one chunked POST /api/v1/batches streaming 256 MiB of chunks
  huge-put        one PUT /upload (no such route) with Content-Length 256 MiB, streaming
  slow-body       N batch POSTs announcing 100 kB and sending one byte every 100 ms
  dashboard-flood 4N clients requesting dashboard pages back to back (keep-alive)
  queue-full      the same flood against a server with one web thread and a web queue of 2
                  (--config): how many got 503 + Retry-After, and how fast

Beside /healthz, a second prober sends a batch every 50 ms (unsigned: the ingest lane answers it
401 after reading and checking it), so "ingest p99" is the kiosks' lane while the web is flooded.

For each: /healthz p50/p99/max latency (ms), probes that failed, peak RSS (MB), and how many bytes
of the 256 MiB the server actually accepted before refusing or closing. Not a ctest: run it by hand
and record the numbers in docs/benchmarks.md.

  tests/bench/server_attack_bench.py build/sync/server/suara-server [--seconds 12] [--conns 8] [--only NAME]
"""
import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

MIB = 1 << 20


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Server:
    def __init__(self, binary, workdir, config=None):
        self.port = free_port()
        db = os.path.join(workdir, "server.db")
        subprocess.run([binary, "office", "add", "--db", db, "--office", "53.01", "--name", "Bench"],
                       check=True, stdout=subprocess.DEVNULL)
        self.log = open(os.path.join(workdir, "server.log"), "w")
        cmd = [binary, "serve", "--db", db, "--listen", f"127.0.0.1:{self.port}"]
        if config:
            path = os.path.join(workdir, "server.toml")
            with open(path, "w") as f:
                f.write(config)
            cmd += ["--config", path]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        self.proc.kill()
        self.log.close()
        raise SystemExit("server did not start")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def probe_once(port, timeout=15.0):
    start = time.monotonic()
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        s.settimeout(timeout)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            b = s.recv(4096)
            if not b:
                break
            data += b
        s.close()
        ok = data.startswith(b"HTTP/1.1 200")
    except OSError:
        ok = False
    return ok, (time.monotonic() - start) * 1000


BATCH_PROBE = (b"POST /api/v1/batches HTTP/1.1\r\nHost: x\r\nContent-Type: application/vnd.suara.batch+gzip\r\n"
               b"X-Suara-Protocol: 1\r\nX-Suara-Kiosk: K-BENCH\r\nContent-Length: 64\r\nConnection: close\r\n\r\n"
               + b"\x1f\x8b" + b"x" * 62)


def ingest_once(port, timeout=15.0):
    start = time.monotonic()
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        s.settimeout(timeout)
        s.sendall(BATCH_PROBE)
        data = b""
        while True:
            b = s.recv(4096)
            if not b:
                break
            data += b
        s.close()
        ok = data.startswith(b"HTTP/1.1 4")  # answered by the ingest lane (refused: not signed)
    except OSError:
        ok = False
    return ok, (time.monotonic() - start) * 1000


def quantiles(values):
    if not values:
        return [float("nan")] * 99
    if len(values) == 1:
        return [values[0]] * 99
    return statistics.quantiles(values, n=100, method="inclusive")


def run_phase(server, name, attack, seconds):
    stop = threading.Event()
    latencies, failures, rss = [], [0], []
    ingest, ingest_failures = [], [0]
    accepted = [0]

    def ingest_prober():
        while not stop.is_set():
            ok, ms = ingest_once(server.port)
            ingest.append(ms)
            if not ok:
                ingest_failures[0] += 1
            time.sleep(0.05)

    def prober():
        while not stop.is_set():
            ok, ms = probe_once(server.port)
            latencies.append(ms)
            if not ok:
                failures[0] += 1
            time.sleep(0.05)

    def sampler():
        while not stop.is_set():
            rss.append(rss_mb(server.proc.pid))
            time.sleep(0.1)

    threads = [threading.Thread(target=prober), threading.Thread(target=sampler),
               threading.Thread(target=ingest_prober)]
    if attack:
        threads.append(threading.Thread(target=attack, args=(server.port, stop, accepted)))
    time.sleep(0.3)
    for t in threads:
        t.daemon = True
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join(20)
    q = quantiles(latencies)
    qi = quantiles(ingest)
    return {"attack": name, "probes": len(latencies), "failed": failures[0], "p50": q[49], "p99": q[98],
            "max": max(latencies), "rss_peak": max(rss) if rss else 0.0,
            "accepted_mib": accepted[0] / MIB, "ingest_p50": qi[49], "ingest_p99": qi[98],
            "ingest_failed": ingest_failures[0], "extra": accepted[1] if len(accepted) > 1 else ""}


def slowloris(conns):
    def attack(port, stop, accepted):
        socks = []
        for _ in range(conns):
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(b"POST /api/v1/batches HTTP/1.1\r\nHost: x\r\n")
            socks.append(s)
        i = 0
        while not stop.wait(2.0):
            for s in socks:
                try:
                    s.sendall(b"X-Dribble-%d: a\r\n" % i)
                except OSError:
                    pass
            i += 1
        for s in socks:
            s.close()
    return attack


def idle_keepalive(conns):
    def attack(port, stop, accepted):
        socks = []
        for _ in range(conns):
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            s.settimeout(2)
            try:
                s.recv(4096)
            except OSError:
                pass
            socks.append(s)
        # Re-open any the server closed (a client keeping its pool full, as nginx does).
        while not stop.wait(0.5):
            for k, s in enumerate(socks):
                s.setblocking(False)
                try:
                    closed = s.recv(1) == b""
                except BlockingIOError:
                    closed = False
                except OSError:
                    closed = True
                if closed:
                    s.close()
                    n = socket.create_connection(("127.0.0.1", port))
                    n.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                    socks[k] = n
        for s in socks:
            s.close()
    return attack


def streamer(head, chunked=False):
    def attack(port, stop, accepted):
        s = socket.create_connection(("127.0.0.1", port))
        s.settimeout(5)
        chunk = b"x" * (64 * 1024)
        if chunked:
            chunk = b"10000\r\n" + chunk + b"\r\n"
        try:
            s.sendall(head)
            sent = 0
            while sent < 256 * MIB and not stop.is_set():
                s.sendall(chunk)
                sent += 64 * 1024
                accepted[0] = sent
        except OSError:
            pass  # refused: the server closed the connection
        s.close()
    return attack


def slow_body(conns):
    def attack(port, stop, accepted):
        socks, cut, started = [], [0], time.monotonic()
        for _ in range(conns):
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(b"POST /api/v1/batches HTTP/1.1\r\nHost: x\r\nContent-Type: application/vnd.suara.batch+gzip\r\n"
                      b"Content-Length: 100000\r\n\r\n")
            s.setblocking(False)
            socks.append(s)
        first_cut = None
        while not stop.wait(0.1):
            for s in list(socks):
                try:
                    s.send(b"x")
                    data = s.recv(4096)
                    if data == b"" or data.startswith(b"HTTP/1.1 408"):
                        cut[0] += 1
                        first_cut = first_cut or time.monotonic() - started
                        socks.remove(s)
                        s.close()
                except BlockingIOError:
                    pass
                except OSError:
                    cut[0] += 1
                    first_cut = first_cut or time.monotonic() - started
                    socks.remove(s)
                    s.close()
        for s in socks:
            s.close()
        accepted.append(f"{cut[0]}/{conns} cut" + (f" after {first_cut:.1f} s" if first_cut else ""))
    return attack


def read_answer(s):
    """One whole answer (head and Content-Length body) from a keep-alive connection."""
    data = b""
    while b"\r\n\r\n" not in data:
        b = s.recv(65536)
        if not b:
            raise OSError("closed")
        data += b
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        b = s.recv(65536)
        if not b:
            raise OSError("closed")
        body += b
    return head


def flood(conns, path=b"/dashboard/login"):
    def attack(port, stop, accepted):
        counts = {"ok": 0, "503": 0, "other": 0}
        lock = threading.Lock()

        def client():
            s = None
            while not stop.is_set():
                try:
                    if s is None:
                        s = socket.create_connection(("127.0.0.1", port), timeout=15)
                    s.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\n\r\n")
                    data = read_answer(s)
                    key = "ok" if data.startswith(b"HTTP/1.1 2") else "503" if data.startswith(b"HTTP/1.1 503") else "other"
                    with lock:
                        counts[key] += 1
                    if key != "ok":
                        s.close()
                        s = None
                except OSError:
                    if s:
                        s.close()
                    s = None
            if s:
                s.close()

        ts = [threading.Thread(target=client, daemon=True) for _ in range(conns)]
        for t in ts:
            t.start()
        for t in ts:
            t.join(20)
        accepted.append(f"web {counts['ok']} ok, {counts['503']} x 503, {counts['other']} other")
    return attack


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("server")
    ap.add_argument("--seconds", type=float, default=12)
    ap.add_argument("--conns", type=int, default=8)
    ap.add_argument("--only", help="run only the phases whose name starts with this")
    args = ap.parse_args()
    batch = b"POST /api/v1/batches HTTP/1.1\r\nHost: x\r\nContent-Type: application/vnd.suara.batch+gzip\r\n"
    phases = [
        ("idle", None),
        (f"slowloris x{args.conns}", slowloris(args.conns)),
        (f"idle-keepalive x{args.conns}", idle_keepalive(args.conns)),
        (f"idle-keepalive x{4 * args.conns}", idle_keepalive(4 * args.conns)),
        ("no-length-post 256 MiB", streamer(batch + b"\r\n")),
        ("chunked-post 256 MiB", streamer(batch + b"Transfer-Encoding: chunked\r\n\r\n", chunked=True)),
        ("huge-put 256 MiB", streamer(b"PUT /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 268435456\r\n\r\n")),
        (f"slow-body x{args.conns}", slow_body(args.conns)),
        (f"slow-body x{16 * args.conns}", slow_body(16 * args.conns)),
        (f"dashboard-flood x{4 * args.conns}", flood(4 * args.conns)),
        (f"queue-full x{4 * args.conns}", flood(4 * args.conns), "[server]\nthreads = 1\n[limits]\nweb_queue = 2\n"),
    ]
    print(f"{'attack':28} {'probes':>6} {'failed':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} "
          f"{'RSS MB':>7} {'sent MiB':>8} {'ingest p50':>10} {'ingest p99':>10} {'ing.fail':>8}  notes")
    for phase in phases:
        name, attack = phase[0], phase[1]
        config = phase[2] if len(phase) > 2 else None
        if args.only and not name.startswith(args.only):
            continue
        with tempfile.TemporaryDirectory(prefix="suara-attack-") as work:
            try:
                server = Server(args.server, work, config)  # a fresh server per attack: RSS is not inherited
            except SystemExit:
                print(f"{name:28} server did not start (config not supported by this build?)", flush=True)
                continue
            try:
                r = run_phase(server, name, attack, args.seconds)
            finally:
                server.stop()
        print(f"{r['attack']:28} {r['probes']:6d} {r['failed']:6d} {r['p50']:8.1f} {r['p99']:8.1f} "
              f"{r['max']:8.1f} {r['rss_peak']:7.1f} {r['accepted_mib']:8.1f} {r['ingest_p50']:10.1f} "
              f"{r['ingest_p99']:10.1f} {r['ingest_failed']:8d}  {r['extra']}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
