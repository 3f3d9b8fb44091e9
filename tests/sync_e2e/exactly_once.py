#!/usr/bin/env python3
"""Exactly once under faults: N kiosks x M responses through the fault proxy, server SIGKILLed.

Real processes only, all on 127.0.0.1:
  suara-server serve (its SQLite file)  <-  fault_proxy.py (cuts, delays, duplicates, 5xx)
      <-  N x `suara-kiosk --config FILE --simulate M --seed i` (real store, outbox, libcurl client)
While the kiosks run, the server is killed with SIGKILL and restarted --kills times, and kiosk
processes are SIGKILLed and restarted --kiosk-kills times. At the end:
  * every kiosk exited 0 (its outbox is empty) and its kiosk.db has 0 pending, N*M... synced
  * the server DB has exactly N*M distinct uuids, one row per uuid, and nothing quarantined
  * `suara-server report --format json` says n == N*M
  * PRAGMA integrity_check is ok on the server DB and every kiosk DB
  * every fault the proxy knows was injected at least once, and the kills happened mid-run

PostgreSQL (--pg-url-file FILE, the URL file of tests/pg/pg_cluster.sh): the server database is a
fresh PostgreSQL database instead, and --servers N runs N suara-server processes on it, each
behind its own fault proxy, kiosk i talking to server i % N; the kills go round the servers. The
integrity check is then amcheck's bt_index_check over every index. With --verify BIN
(suara_store_verify) every stored accumulator is also compared with a direct accumulation of the
stored responses, on either backend.

Defaults are the test's (5 x 2,000, 3 kills, ~1 min here). Longer soak:
  exactly_once.py --server build/sync/server/suara-server --kiosk build/kiosk/headless/suara-kiosk-headless \
      --proxy tests/sync_e2e/fault_proxy.py --workdir /tmp/soak --kiosks 8 --responses 20000 --kills 10
Benchmark mode (--no-faults --kills 0) reports bytes on the wire per response as the proxy saw them.
"""
import argparse
import json
import re
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.02)
    return False


def run(argv, **kw):
    r = subprocess.run(argv, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise SystemExit(f"FAIL: {' '.join(argv)} exited {r.returncode}\n{r.stdout}{r.stderr}")
    return r.stdout


class Server:
    def __init__(self, binary, db, port, log):
        self.binary, self.db, self.port, self.log = binary, db, port, log
        self.proc = None

    def start(self):
        logf = open(self.log, "a")
        self.proc = subprocess.Popen([self.binary, "serve", "--db", self.db, "--listen", f"127.0.0.1:{self.port}"],
                                     stdout=logf, stderr=logf)
        logf.close()
        if not wait_port(self.port, 10):
            raise SystemExit("FAIL: suara-server did not start; see " + self.log)

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def is_url(db):
    return db.startswith("postgresql://") or db.startswith("postgres://")


def psql(url, sql):
    r = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"FAIL: psql {sql!r}: {r.stderr}")
    return r.stdout.strip()


def scalar(db, sql):
    if is_url(db):
        if sql == "PRAGMA integrity_check":
            # amcheck: every B-tree index of the schema, with the heap cross-check; raises on damage.
            psql(db, "CREATE EXTENSION IF NOT EXISTS amcheck")
            psql(db, "SELECT count(bt_index_check(c.oid, true)) FROM pg_class c JOIN pg_am a ON a.oid = c.relam "
                     "JOIN pg_namespace n ON n.oid = c.relnamespace "
                     "WHERE a.amname = 'btree' AND n.nspname = 'public' AND c.relkind = 'i'")
            return "ok"
        v = psql(db, sql)
        return int(v) if v.lstrip("-").isdigit() else v
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def with_database(url, name):
    """The cluster's base URL (its `postgres` database) with another database name."""
    head, _, query = url.partition("?")
    base = head[:head.rindex("/") + 1]
    return base + name + ("?" + query if query else "")


def merge_stats(stats):
    """The proxies' counters added up (one proxy: its own stats unchanged)."""
    if len(stats) == 1:
        return stats[0]
    out = {}
    for st in stats:
        for key, value in st.items():
            if isinstance(value, dict):
                d = out.setdefault(key, {})
                for k, v in value.items():
                    d[k] = d.get(k, 0) + v
            elif isinstance(value, (int, float)):
                out[key] = out.get(key, 0) + value
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--server", required=True)
    ap.add_argument("--kiosk", required=True, help="suara-kiosk or suara-kiosk-headless")
    ap.add_argument("--proxy", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--kiosks", type=int, default=5)
    ap.add_argument("--responses", type=int, default=2000)
    ap.add_argument("--kills", type=int, default=3, help="server SIGKILLs")
    ap.add_argument("--kiosk-kills", type=int, default=2, help="kiosk process SIGKILLs (restarted at once)")
    ap.add_argument("--down-time", type=float, default=0.7, help="seconds the server stays dead")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--sync-timeout", type=float, default=200)
    ap.add_argument("--no-faults", action="store_true", help="the proxy only forwards and counts (benchmarks)")
    ap.add_argument("--json", default="", help="write the measured numbers here")
    ap.add_argument("--store-first", action="store_true",
                    help="kiosks store everything before syncing (catch-up after an outage, full batches)")
    ap.add_argument("--extra-sync", default="", help="more lines for each kiosk's [sync] table")
    ap.add_argument("--pg-url-file", default="", help="PostgreSQL: URL file of a running test cluster")
    ap.add_argument("--servers", type=int, default=1, help="suara-server processes on the one database")
    ap.add_argument("--verify", default="", help="suara_store_verify binary: accumulators vs stored responses")
    args = ap.parse_args()
    if args.servers > 1 and not args.pg_url_file:
        raise SystemExit("--servers > 1 needs --pg-url-file (a SQLite file has one server)")

    work = os.path.abspath(args.workdir)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    db = os.path.join(work, "server.db")
    pg_admin = ""
    if args.pg_url_file:
        with open(args.pg_url_file) as f:
            pg_admin = f.read().strip()
        pg_name = f"suara_eo_{os.getpid()}"
        psql(pg_admin, f"DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)")
        psql(pg_admin, f"CREATE DATABASE {pg_name} TEMPLATE template0")
        db = with_database(pg_admin, pg_name)
    servers = [Server(args.server, db, free_port(), os.path.join(work, f"server-{i + 1}.log" if i else "server.log"))
               for i in range(args.servers)]
    server = servers[0]
    procs = []
    proxy = None
    proxies = []
    t_start = time.monotonic()
    try:
        # Phase 1: the servers and the enrolments.
        run([args.server, "office", "add", "--db", db, "--office", "53.01", "--name", "Disdukcapil Kota Kupang"])
        for s in servers:
            s.start()

        # Phase 2: a fault proxy in front of each server.
        proxy_ports = []
        stats_files = []
        for i, s in enumerate(servers):
            stats_files.append(os.path.join(work, f"proxy-stats-{i + 1}.json" if i else "proxy-stats.json"))
            proxy_cmd = [sys.executable, args.proxy, "--upstream", f"127.0.0.1:{s.port}",
                         "--seed", str(args.seed + 1000 * i), "--stats", stats_files[-1]]
            if args.no_faults:
                proxy_cmd += ["--p-cut-request", "0", "--p-cut-response", "0", "--p-duplicate", "0", "--p-5xx", "0",
                              "--p-delay", "0"]
            proxy = subprocess.Popen(proxy_cmd, stdout=subprocess.PIPE, text=True)
            proxies.append(proxy)
            line = proxy.stdout.readline().split()
            if len(line) != 2 or line[0] != "PORT":
                raise SystemExit("FAIL: the fault proxy did not start")
            proxy_ports.append(int(line[1]))

        # Phase 3: kiosks, each with its own data dir, key pair and enrolment.
        kiosks = []
        for i in range(args.kiosks):
            kid = f"K-{i + 1:03d}"
            kdir = os.path.join(work, kid)
            os.makedirs(kdir)
            conf = os.path.join(kdir, "kiosk.toml")
            with open(conf, "w") as f:
                f.write(f'kiosk_id = "{kid}"\noffice_id = "53.01"\noffice_name = "Kantor Uji"\n'
                        f'utc_offset = "+08:00"\ndata_dir = "data"\n\n[sync]\n'
                        f'server_url = "http://127.0.0.1:{proxy_ports[i % len(proxy_ports)]}"\n'
                        f'backoff_base_ms = 50\nbackoff_cap_ms = 800\ntimeout_ms = 5000\n'
                        + args.extra_sync.replace("\\n", "\n") + "\n")
            key = run([args.kiosk, "--config", conf, "public-key"]).strip()
            run([args.server, "kiosk", "add", "--db", db, "--kiosk", kid, "--office", "53.01", "--public-key", key,
                 "--since", "2026-01-01"])  # before the simulated dates (October-November 2026)
            kiosks.append((kid, conf, os.path.join(kdir, "data", "kiosk.db")))

        t_sync = time.monotonic()
        argvs = []
        for i, (kid, conf, _) in enumerate(kiosks):
            argvs.append([args.kiosk, "--config", conf, "--simulate", str(args.responses), "--seed",
                          str(args.seed + i), "--sync-timeout", str(args.sync_timeout)]
                         + (["--store-first"] if args.store_first else []))
            log = open(os.path.join(work, kid + ".log"), "w")
            procs.append(subprocess.Popen(argvs[i], stdout=log, stderr=log))
            log.close()

        # Phase 4: crash the server, and some kiosks, while the kiosks are busy: each time the server
        # has stored another 1/(events+1) of the total, so the kills land mid-run however fast this
        # machine is. A killed kiosk is restarted with the same arguments: its simulator makes the
        # same records, the ones already stored are no-ops, and whatever the server already has but
        # the kiosk never heard about comes back as "duplicate".
        kills_mid_run = 0
        kiosk_kills_mid_run = 0
        total = args.kiosks * args.responses
        events = []
        # Kiosk kills first in each round: a kiosk is only sure to be running while the server has
        # less than all of its records, and the last server kill may come after the kiosks are done
        # (only min(kills, 2) of them must find kiosks running). With the server first, a fast
        # machine finished every kiosk during the third server kill's down time, before the second
        # kiosk kill at 4/6 of the total.
        for j in range(max(args.kills, args.kiosk_kills)):
            if j < args.kiosk_kills:
                events.append("kiosk")
            if j < args.kills:
                events.append("server")
        for k, event in enumerate(events):
            threshold = total * (k + 1) // (len(events) + 1)
            while scalar(db, "SELECT COUNT(*) FROM responses") < threshold and any(p.poll() is None for p in procs):
                time.sleep(0.02)
            running = [i for i, p in enumerate(procs) if p.poll() is None]
            stored = scalar(db, "SELECT COUNT(*) FROM responses")
            if event == "server":
                victim = servers[kills_mid_run % len(servers)]
                victim.kill()
                if running:
                    kills_mid_run += 1
                print(f"kill {k + 1}: server on port {victim.port} SIGKILL with {stored} responses stored, "
                      f"{len(running)} kiosk(s) running", flush=True)
                time.sleep(args.down_time)
                victim.start()
            elif running:
                i = running[k % len(running)]
                procs[i].send_signal(signal.SIGKILL)
                procs[i].wait()
                kiosk_kills_mid_run += 1
                print(f"kill {k + 1}: {kiosks[i][0]} SIGKILL with {stored} responses on the server; restarted",
                      flush=True)
                log = open(os.path.join(work, kiosks[i][0] + ".log"), "a")
                procs[i] = subprocess.Popen(argvs[i], stdout=log, stderr=log)
                log.close()

        # Phase 5: every kiosk must finish with an empty outbox.
        codes = [p.wait() for p in procs]
        t_done = time.monotonic()
        client = {"catchup_s_max": 0.0, "json_bytes": 0, "body_bytes": 0, "header_bytes": 0, "batches": 0}
        for (kid, _, _), code in zip(kiosks, codes):
            with open(os.path.join(work, kid + ".log")) as f:
                text = f.read()
            tail = text.strip().splitlines()[-2:]
            print(f"{kid}: exit {code}: {' | '.join(tail)}")
            m = re.search(r"\(([0-9.e+-]+) s after the last store\).*?this run: (\d+) batches.*?json bytes acknowledged "
                          r"(\d+), body bytes sent (\d+), header bytes sent (\d+)", text)
            if m:
                client["catchup_s_max"] = max(client["catchup_s_max"], float(m.group(1)))
                client["batches"] += int(m.group(2))
                client["json_bytes"] += int(m.group(3))
                client["body_bytes"] += int(m.group(4))
                client["header_bytes"] += int(m.group(5))
        for p in proxies:
            p.send_signal(signal.SIGTERM)
            p.wait(10)
        proxy_stats = merge_stats([json.load(open(f)) for f in stats_files])
        for s in servers:
            s.stop()

        # Phase 6: what is stored where.
        failures = []
        if any(c != 0 for c in codes):
            failures.append(f"kiosk exit codes {codes}")
        rows = scalar(db, "SELECT COUNT(*) FROM responses")
        distinct = scalar(db, "SELECT COUNT(DISTINCT uuid) FROM responses")
        quarantined = scalar(db, "SELECT COUNT(*) FROM quarantine")
        integrity = scalar(db, "PRAGMA integrity_check")
        report = json.loads(run([args.server, "report", "--db", db, "--format", "json"]))
        print(f"server: {rows} rows, {distinct} distinct uuids, {quarantined} quarantined, report n={report.get('n')},"
              f" integrity {integrity}")
        if distinct != total or rows != total:
            failures.append(f"server has {rows} rows / {distinct} distinct uuids, expected {total}")
        if quarantined != 0:
            failures.append(f"{quarantined} quarantined records")
        if report.get("n") != total:
            failures.append(f"report n = {report.get('n')}, expected {total}")
        if integrity != "ok":
            failures.append("server integrity_check: " + str(integrity))
        if args.verify:
            v = subprocess.run([args.verify, "--db", db], capture_output=True, text=True)
            print("verify:", v.stdout.strip(), v.stderr.strip())
            if v.returncode != 0:
                failures.append("accumulators differ from the stored responses: " + v.stdout + v.stderr)
            elif json.loads(v.stdout)["responses"] != total:
                failures.append("the verifier read " + v.stdout.strip())
        for kid, _, kdb in kiosks:
            pending = scalar(kdb, "SELECT COUNT(*) FROM responses WHERE sync_state = 'pending'")
            synced = scalar(kdb, "SELECT COUNT(*) FROM responses WHERE sync_state = 'synced'")
            kint = scalar(kdb, "PRAGMA integrity_check")
            if pending != 0 or synced != args.responses or kint != "ok":
                failures.append(f"{kid}: {pending} pending, {synced} synced, integrity {kint}")
        print("proxy:", json.dumps(proxy_stats))
        if args.no_faults and proxy_stats["connections"] * 2 > proxy_stats["requests"]:
            # Without faults only the server's keep-alive limit (cpp-httplib: 5 requests, then
            # "Connection: close") ends a connection, so each curl handle must reuse its connection.
            failures.append(f"{proxy_stats['connections']} connections for {proxy_stats['requests']} requests: "
                            "keep-alive is not working")
        if not args.no_faults:
            for action in ("cut_request", "cut_response", "duplicate", "error_5xx", "delay"):
                if proxy_stats["actions"].get(action, 0) == 0:
                    failures.append(f"the proxy never injected {action}")
            if kills_mid_run < min(args.kills, 2):
                failures.append(f"only {kills_mid_run} server kill(s) happened while kiosks were running")
            if kiosk_kills_mid_run < args.kiosk_kills:
                failures.append(f"only {kiosk_kills_mid_run} kiosk kill(s) happened mid-run")

        numbers = {
            "kiosks": args.kiosks, "responses_per_kiosk": args.responses, "total": total,
            "sync_wall_s": round(t_done - t_sync, 2), "total_wall_s": round(time.monotonic() - t_start, 2),
            "kills_mid_run": kills_mid_run, "kiosk_kills_mid_run": kiosk_kills_mid_run,
            "proxy": proxy_stats,
            "wire_bytes_up_per_response": round(proxy_stats["bytes_from_clients"] / total, 1),
            "body_bytes_up_per_response": round(proxy_stats["body_bytes_from_clients"] / total, 1),
            "wire_bytes_down_per_response": round(proxy_stats["bytes_to_clients"] / total, 1),
            "client": client,
            "client_json_bytes_per_response": round(client["json_bytes"] / total, 1),
            "client_gzip_body_bytes_per_response": round(client["body_bytes"] / total, 1),
            "client_header_bytes_per_response": round(client["header_bytes"] / total, 1),
        }
        print("numbers:", json.dumps(numbers))
        if args.json:
            with open(args.json, "w") as f:
                json.dump(numbers, f, indent=2)
        if failures:
            print("FAIL:\n  " + "\n  ".join(failures))
            return 1
        print(f"PASS: {total} responses exactly once in {t_done - t_sync:.1f} s with {kills_mid_run} server kills"
              f" and {kiosk_kills_mid_run} kiosk kills")
        return 0
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        for p in proxies:
            if p.poll() is None:
                p.kill()
                p.wait()
        for s in servers:
            s.stop()
        if pg_admin and not os.environ.get("SUARA_KEEP_DB"):
            subprocess.run(["psql", "-X", "-q", "-d", pg_admin, "-c", f"DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)"],
                           capture_output=True)


if __name__ == "__main__":
    sys.exit(main())
