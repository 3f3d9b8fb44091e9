#!/usr/bin/env python3
"""Dashboard end-to-end test: the real suara-server, a seeded SQLite database, headless Chromium.

  browser_test.py --server PATH --seed PATH --suara PATH --out DIR [--keep]

What it checks (label `dashboard`, well under a minute here):
  * Chromium logs in through the form, opens the overview and office pages; every number shown
    (data-v attributes of the tables and tiles) equals GET /api/v1/report for the same filter.
  * Screenshots of every page at 1366x768, 1920x1080 and 390x844, and PDFs, into --out.
  * An office user gets 403 for another office's page and export, and for the raw export.
  * Security over HTTP: wrong passwords (401, then 429 + Retry-After), missing/invalid CSRF,
    session fixation, SQL/HTML/CRLF injection in filter parameters; the database is compared
    before and after so nothing changed.
  * Exports: XLSX cells (zipfile + XML) equal the Report JSON; the raw CSV read back by
    `suara report` gives the same numbers as the server.
Processes it starts (server, Chromium) are always killed; the temp directory is removed unless
--keep.
"""
import argparse, base64, http.client, json, math, os, re, shutil, signal, sqlite3, subprocess, sys, tempfile
import time, urllib.parse, zipfile
import xml.etree.ElementTree as ET

try:
    import websocket  # Debian python3-websocket
except ImportError:
    sys.path.append("/usr/lib/python3/dist-packages")  # a non-Debian python3 first in PATH (pyenv)
    try:
        import websocket
    except ImportError:
        websocket = None

FAILS = []


def check(cond, what):
    if not cond:
        FAILS.append(what)
        print("FAIL:", what, flush=True)


def close(a, b, rel=1e-12):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=rel, abs_tol=1e-12)


# ---------------------------------------------------------------- HTTP client with a cookie jar
class Http:
    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, body=None, headers=None, cookies=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        h = dict(headers or {})
        jar = self.cookies if cookies is None else cookies
        if jar:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        if body is not None:
            h.setdefault("Content-Type", "application/x-www-form-urlencoded")
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        if cookies is None:
            for k, v in r.getheaders():
                if k.lower() == "set-cookie":
                    name, val = v.split(";")[0].split("=", 1)
                    if val:
                        self.cookies[name] = val
                    else:
                        self.cookies.pop(name, None)
        c.close()
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, form, **kw):
        return self.request("POST", path, body=urllib.parse.urlencode(form), **kw)

    def login(self, user, password, extra_cookies=None):
        self.cookies = dict(extra_cookies or {})
        st, _, page = self.get("/dashboard/login")
        token = re.search(rb'name="csrf" value="([0-9a-f]{64})"', page).group(1).decode()
        return self.post("/dashboard/login", {"csrf": token, "user": user, "password": password})


def csrf_of(page):
    m = re.search(rb'name="csrf" value="([0-9a-f]{64})"', page)
    return m.group(1).decode() if m else ""


# ---------------------------------------------------------------- Chromium over the DevTools protocol
class Chrome:
    def __init__(self, workdir):
        self.profile = os.path.join(workdir, "chrome-profile")
        os.makedirs(self.profile)
        self.proc = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--no-first-run", "--disable-sync", "--hide-scrollbars", "--remote-debugging-port=0",
             "--user-data-dir=" + self.profile, "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        for _ in range(200):
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            time.sleep(0.1)
        port = int(open(port_file).read().split()[0])
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        c.request("GET", "/json/list")
        targets = json.loads(c.getresponse().read())
        page = [t for t in targets if t["type"] == "page"][0]
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self.next_id = 0
        self.send("Page.enable")
        self.send("Network.enable")
        self.statuses = {}

    def send(self, method, params=None):
        self.next_id += 1
        my = self.next_id
        self.ws.send(json.dumps({"id": my, "method": method, "params": params or {}}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("method") == "Network.responseReceived":
                r = msg["params"]["response"]
                self.statuses[r["url"]] = r["status"]
            if msg.get("id") == my:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def eval(self, expr):
        r = self.send("Runtime.evaluate", {"expression": expr, "returnByValue": True, "awaitPromise": True})
        return r.get("result", {}).get("value")

    def wait_loaded(self, predicate="true"):
        for _ in range(300):
            if self.eval(f"document.readyState === 'complete' && ({predicate})"):
                return True
            time.sleep(0.05)
        return False

    def goto(self, url):
        self.send("Page.navigate", {"url": url})
        time.sleep(0.05)
        self.wait_loaded(f"location.href === {json.dumps(url)} || true")

    def size(self, w, h):
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": w, "height": h, "deviceScaleFactor": 1, "mobile": w < 500})

    def screenshot(self, path, full=True):
        params = {"format": "png"}
        if full:
            m = self.send("Page.getLayoutMetrics")
            cs = m.get("cssContentSize") or m["contentSize"]
            params.update({"captureBeyondViewport": True,
                           "clip": {"x": 0, "y": 0, "width": cs["width"], "height": min(cs["height"], 6000), "scale": 1}})
        data = self.send("Page.captureScreenshot", params)["data"]
        open(path, "wb").write(base64.b64decode(data))

    def pdf(self, path):
        data = self.send("Page.printToPDF", {"printBackground": True, "paperWidth": 8.27, "paperHeight": 11.69})["data"]
        open(path, "wb").write(base64.b64decode(data))

    def close(self):
        try:
            self.ws.close()
        except Exception:
            pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()


# ---------------------------------------------------------------- the database snapshot for "nothing changed"
def db_snapshot(db):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    out = {}
    for t in ("responses", "quarantine", "users", "populations", "offices", "kiosks", "daily_accumulators"):
        out[t] = con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
    out["populations_rows"] = con.execute("SELECT * FROM populations ORDER BY 1,2,3").fetchall()
    con.close()
    return out


# ---------------------------------------------------------------- XLSX reading
def xlsx_sheets(data):
    z = zipfile.ZipFile(__import__("io").BytesIO(data))
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns):
            shared.append("".join(t.text or "" for t in si.iter("{%s}t" % ns["m"])))
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    sheets = {}
    for s in wb.find("m:sheets", ns):
        rid = s.get("{%s}id" % ns["r"])
        xml = ET.fromstring(z.read("xl/" + target[rid]))
        rows = []
        for row in xml.iter("{%s}row" % ns["m"]):
            cells = {}
            for c in row.findall("m:c", ns):
                col = re.match(r"[A-Z]+", c.get("r")).group(0)
                idx = 0
                for ch in col:
                    idx = idx * 26 + ord(ch) - 64
                v = c.find("m:v", ns)
                if v is None:
                    continue
                if c.get("t") == "s":
                    cells[idx - 1] = shared[int(v.text)]
                else:
                    cells[idx - 1] = float(v.text)  # a number cell: stored as a number
            rows.append([cells.get(i) for i in range(max(cells) + 1)] if cells else [])
        sheets[s.get("name")] = rows
    return sheets


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--seed", required=True)
    ap.add_argument("--suara", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    if websocket is None:
        print("python3-websocket is missing (apt-get install python3-websocket)")
        return 1
    os.makedirs(a.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="suara-dash-test-")
    db = os.path.join(work, "server.db")
    server = chrome = None
    try:
        # 1. Data, users, a token, the server.
        subprocess.run([a.seed, "--db", db], check=True, stdout=subprocess.DEVNULL)
        for user, role, office, pw in (("admin", "admin", None, "admin-password-1"),
                                       ("kupang", "office", "53.01", "office-password-1")):
            cmd = [a.server, "user", "add", "--db", db, "--user", user, "--role", role]
            if office:
                cmd += ["--office", office]
            subprocess.run(cmd, input=pw + "\n", text=True, check=True, stdout=subprocess.DEVNULL)
        # The admin commands refuse what they should, and store nothing then.
        def cli(args, stdin=""):
            return subprocess.run([a.server] + args, input=stdin, text=True, capture_output=True)
        check(cli(["user", "add", "--db", db, "--user", "x", "--role", "office"], "long-enough-pw\n").returncode == 2,
              "user add: an office user needs --office")
        check(cli(["user", "add", "--db", db, "--user", "short", "--role", "admin"], "short\n").returncode == 1,
              "user add: a short password is refused")
        check(cli(["user", "add", "--db", db, "--user", "admin", "--role", "admin"], "another-password\n").returncode == 1,
              "user add: an existing name is refused")
        check(cli(["user", "add", "--db", db, "--user", "x", "--role", "office", "--office", "99.99"],
                  "long-enough-pw\n").returncode == 1, "user add: an unknown office is refused")
        listed = cli(["user", "list", "--db", db]).stdout
        check("admin\tadmin" in listed and "kupang\toffice\t53.01" in listed and "short" not in listed
              and "\nx\t" not in listed, f"user list: {listed!r}")
        check(cli(["population", "set", "--db", db, "--office", "53.02", "--from", "2026-01-01", "--to", "2026-01-31",
                   "--population", "1234"]).returncode == 0, "population set")
        token = subprocess.run([a.server, "token", "add", "--db", db, "--name", "test"], check=True,
                               capture_output=True, text=True).stdout.strip()
        conf = os.path.join(work, "server.toml")
        open(conf, "w").write("[dashboard]\nsecure_cookie = false\n")
        log = open(os.path.join(work, "server.log"), "w")
        server = subprocess.Popen([a.server, "serve", "--db", db, "--listen", "127.0.0.1:0", "--config", conf],
                                  stdout=log, stderr=subprocess.PIPE, text=True)
        port = None
        for line in server.stderr:
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
            if m:
                port = int(m.group(1))
                break
        assert port, "server did not start"
        base = f"http://127.0.0.1:{port}"
        h = Http(port)

        def api(**q):
            st, _, body = h.get("/api/v1/report?" + urllib.parse.urlencode(q),
                                headers={"Authorization": "Bearer " + token}, cookies={})
            assert st == 200, body
            return json.loads(body)

        # The period every comparison uses: the last 60 days the seed filled.
        con = sqlite3.connect(db)
        lo, hi = con.execute("SELECT min(local_day), max(local_day) FROM responses").fetchone()
        con.close()
        day = lambda d: time.strftime("%Y-%m-%d", time.gmtime(d * 86400))
        frm, to = day(lo), day(hi)
        period = f"period=custom&from={frm}&to={to}"

        # 2. The browser: log in through the form.
        chrome = Chrome(work)
        for w, hgt in ((1920, 1080), (390, 844), (1366, 768)):
            chrome.size(w, hgt)
            chrome.goto(base + "/dashboard/login")
            chrome.screenshot(os.path.join(a.out, f"login-{w}x{hgt}.png"))
        chrome.eval("document.querySelector('input[name=user]').value='admin';"
                    "document.querySelector('input[name=password]').value='admin-password-1';"
                    "document.querySelector('form.login').submit(); true")
        check(chrome.wait_loaded("location.pathname === '/dashboard'"), "browser login lands on the overview")

        # 3. Overview numbers against the API, per office.
        chrome.goto(f"{base}/dashboard?{period}")
        rows = chrome.eval("""Array.from(document.querySelectorAll('#overview tbody tr')).map(tr =>
            Array.from(tr.cells).map(td => td.dataset.v !== undefined ? td.dataset.v : td.textContent.trim()))""")
        check(rows and len(rows) == 4, f"overview shows 4 offices (got {rows and len(rows)})")
        for r in rows or []:
            code = r[0].split()[0]
            rep = api(office=code, **{"from": frm, "to": to})
            check(int(float(r[1])) == rep["n"], f"overview n of {code}")
            if rep["n"]:
                ov = rep["overall"]
                check(close(r[2], ov["gap"]), f"overview gap of {code}")
                check(close(r[3], ov["tki_pct"]), f"overview Tki of {code}")
                check(close(r[4], ov["csi_pct"]), f"overview CSI of {code}")
        silent = chrome.eval("Array.from(document.querySelectorAll('tr.silent')).map(tr => tr.cells[0].textContent.trim())")
        check(silent and any(s.startswith("16.05") for s in silent) and any(s.startswith("53.03") for s in silent)
              and not any(s.startswith("53.01") for s in silent), f"silent offices flagged: {silent}")
        chrome.goto(f"{base}/dashboard?{period}&sort=csi&dir=desc")
        csi = chrome.eval("Array.from(document.querySelectorAll('#overview tbody tr')).map(tr => tr.cells[4].dataset.v)")
        values = [float(v) for v in csi if v is not None]
        check(len(values) == 3 and values == sorted(values, reverse=True) and csi[-1] is None,
              f"overview sorts by a query parameter (CSI desc, empty last): {csi}")

        # 4. Office page numbers against the API.
        chrome.goto(f"{base}/dashboard/office/53.01?{period}")
        rep = api(office="53.01", **{"from": frm, "to": to})
        tiles = chrome.eval("Object.fromEntries(Array.from(document.querySelectorAll('.tile')).map(t => [t.dataset.key, t.dataset.v]))")
        check(int(float(tiles["n"])) == rep["n"], "office tile n")
        for key in ("gap", "tki_pct", "csi_pct"):
            check(close(tiles[key], rep["overall"][key]), f"office tile {key}")
        items = chrome.eval("""Array.from(document.querySelectorAll('#items tbody tr')).map(tr =>
            Array.from(tr.cells).map(td => td.dataset.v !== undefined ? td.dataset.v : td.textContent.trim()))""")
        check(len(items) == 18, "18 item rows")
        for row, it in zip(items, rep["items"]):
            check(close(row[2], it["expectation"]["mean"]) and close(row[3], it["perception"]["mean"]) and
                  close(row[4], it["gap"]) and close(row[5], it["tki_pct"]) and row[7] == it["ipa_quadrant"],
                  f"item {it['number']} numbers")
        prio = chrome.eval("Array.from(document.querySelectorAll('#priority li[data-item]')).map(li => +li.dataset.item)")
        check(prio == rep["ipa"]["priority_items"], f"quadrant I list {prio} vs {rep['ipa']['priority_items']}")
        # The kiosk list: each kiosk's software version; the seed's k-5301-b still speaks protocol 1.
        kiosk_rows = chrome.eval("""Array.from(document.querySelectorAll('#kiosks tbody tr')).map(tr =>
            Array.from(tr.cells).map(td => td.textContent.trim()))""")
        heads = chrome.eval("Array.from(document.querySelectorAll('#kiosks thead th')).map(th => th.textContent.trim())")
        check(heads and heads[2] == "Versi", f"kiosk list has a Versi column: {heads}")
        by_id = {r[0]: r for r in kiosk_rows or []}
        check(by_id.get("k-5301-a", [""] * 3)[2] == "0.1.0-1", f"kiosk k-5301-a shows its version: {by_id.get('k-5301-a')}")
        check(by_id.get("k-5301-b", [""] * 3)[2] == "tidak dikirim protokol lama (v1)",
              f"kiosk k-5301-b shows no version and the old-protocol badge: {by_id.get('k-5301-b')}")
        chrome.eval("document.getElementById('kiosks').scrollIntoView(); true")
        chrome.screenshot(os.path.join(a.out, "office-kiosks-1366x768.png"), full=False)
        html = chrome.eval("document.documentElement.outerHTML")
        check("<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html, "comments are HTML-escaped")

        # 5. Screenshots and PDFs of every page at three sizes.
        pages = {
            "overview": f"/dashboard?{period}",
            "office": f"/dashboard/office/53.01?{period}",
            "office-skm9": f"/dashboard/office/53.01?{period}&instrument=skm-9",
            "office-en": f"/dashboard/office/53.02?{period}&lang=en",
            "print": f"/dashboard/office/53.01?{period}&format=print",
            "bad-request": "/dashboard?office=%3Cscript%3E",
        }
        for name, path in pages.items():
            for w, hgt in ((1366, 768), (1920, 1080), (390, 844)):
                chrome.size(w, hgt)
                chrome.goto(base + path)
                chrome.screenshot(os.path.join(a.out, f"{name}-{w}x{hgt}.png"))
            chrome.size(1366, 768)
            chrome.pdf(os.path.join(a.out, f"{name}.pdf"))
        ikm = api(office="53.01", instrument="skm-9", **{"from": frm, "to": to})
        chrome.goto(f"{base}/dashboard/office/53.01?{period}&instrument=skm-9")
        ikm_tile = chrome.eval("document.querySelector('.tile[data-key=ikm]').dataset.v")
        check(close(ikm_tile, ikm["ikm"]["value"]), "IKM tile equals the report")

        # 6. The office user in the browser: own office yes, other office 403.
        chrome.send("Network.clearBrowserCookies")
        chrome.goto(base + "/dashboard/login")
        chrome.eval("document.querySelector('input[name=user]').value='kupang';"
                    "document.querySelector('input[name=password]').value='office-password-1';"
                    "document.querySelector('form.login').submit(); true")
        check(chrome.wait_loaded("location.pathname === '/dashboard/office/53.01'"), "office user lands on own office")
        chrome.goto(f"{base}/dashboard/office/53.02?{period}")
        check(chrome.statuses.get(f"{base}/dashboard/office/53.02?{period}") == 403, "office user: other office is 403 in the browser")
        chrome.screenshot(os.path.join(a.out, "forbidden-1366x768.png"))

        # 7. Security over HTTP.
        before = db_snapshot(db)
        o = Http(port)
        st, _, _ = o.login("kupang", "office-password-1")
        check(st == 303, "office login over HTTP")
        for path in ("/dashboard/office/53.02", f"/dashboard/office/53.02?{period}&format=csv",
                     f"/dashboard/office/53.02?{period}&format=xlsx", f"/dashboard/responses.csv?{period}&office=53.01",
                     f"/dashboard/office/53.01?{period}&kiosk=k-5302-a"):
            st, _, body = o.get(path)
            check(st in (403, 400) and b"Kabupaten Kupang" not in body, f"office user refused {path} ({st})")
        st, _, _ = o.get(f"/dashboard/office/53.02?{period}&format=xlsx")
        check(st == 403, "another office's export is 403")

        adm = Http(port)
        st, _, _ = adm.login("admin", "wrong-password")
        check(st == 401, "wrong password is 401")
        planted = "b" * 64
        st, hdr, _ = adm.login("admin", "admin-password-1", extra_cookies={"suara_session": planted})
        check(st == 303 and adm.cookies.get("suara_session") not in (None, planted), "new session id at login")
        check("httponly" in hdr.get("set-cookie", "").lower() and "samesite=strict" in hdr.get("set-cookie", "").lower(),
              "session cookie is HttpOnly and SameSite=Strict")
        st, _, _ = adm.get("/dashboard", cookies={"suara_session": planted})
        check(st == 303, "a planted session id is not logged in")
        st, _, page = adm.get(f"/dashboard/office/53.01?{period}")
        token_ok = csrf_of(page)
        popurl = f"/dashboard/office/53.01/population?{period}"
        st, _, _ = adm.post(popurl, {"population": "9000"})
        check(st == 403, "population without CSRF is 403")
        st, _, _ = adm.post(popurl, {"population": "9000", "csrf": "0" * 64})
        check(st == 403, "population with a wrong CSRF token is 403")
        st, _, _ = adm.post(popurl, {"population": "9000", "csrf": token_ok}, cookies={})
        check(st == 403, "population with the token but no session is 403")
        for q in ("office=53.01%27%20OR%201%3D1--", "office=53.01%3BDROP%20TABLE%20responses",
                  "period=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "date=2026-01-01%0D%0ASet-Cookie%3A%20x%3D1",
                  "service=a%22%3E%3Csvg%20onload%3Dalert(1)%3E", "sort=csi%27--", "lang=en&lang=id", "x=1",
                  "format=xlsx%0D%0AX-Evil%3A%201"):
            st, hdr, body = adm.get("/dashboard?" + q)
            check(st == 400, f"injection refused: {q} ({st})")
            check(b"<script>alert" not in body and b"onload=alert" not in body and b"OR 1=1" not in body
                  and "x-evil" not in hdr and "set-cookie" not in hdr, f"nothing echoed for {q}")
        st, _, _ = adm.get("/dashboard/office/53.01%27--")
        check(st == 404, "a bad office code in the path is 404")
        after = db_snapshot(db)
        check(before == after, f"refused requests changed nothing in the database: {before} vs {after}")
        st, _, _ = adm.post(popurl, {"population": "9000", "csrf": token_ok})
        check(st == 303 and db_snapshot(db)["populations"] == 2, "population with the session's CSRF token is stored")
        st, _, page = adm.get(f"/dashboard/office/53.01?{period}")
        check(b"Minimum Slovin (e = 5%)" in page and b"Margin of error" in page, "sample adequacy shown after the population is set")
        st, _, csv = adm.get(f"/dashboard/office/53.01?{period}&format=csv")
        # N = 9000: Slovin 9000 / (1 + 9000 x 0.05^2) = 382.98 -> 383; Krejcie-Morgan 368.4 -> 369; n = 1400.
        check(b"slovin_e05,383,reached" in csv and b"krejcie_morgan_e05,369,reached" in csv and b"margin_of_error," in csv,
              "sample adequacy numbers in the CSV export")

        # 8. Exports: XLSX cells and the raw CSV round trip.
        st, hdr, data = adm.get(f"/dashboard/office/53.01?{period}&format=xlsx")
        check(st == 200 and "spreadsheetml" in hdr.get("content-type", ""), "XLSX export")
        sheets = xlsx_sheets(data)
        check({"summary", "dimensions", "items", "validity", "profile", "trend", "kiosks", "sample"} <= set(sheets),
              f"one sheet per table: {sorted(sheets)}")
        summary = {r[0]: r[1:] for r in sheets["summary"][2:] if r}
        check(summary.get("n", [None])[0] == rep["n"], "XLSX n is a number equal to the report")
        for key in ("gap", "gap_items", "tki_pct", "csi_pct", "perception_pct"):
            check(isinstance(summary.get(key, [None])[0], float) and close(summary[key][0], rep["overall"][key], 1e-14),
                  f"XLSX {key}")
        # Each estimate's 95 % interval: two numeric columns right after it.
        for key, ci in (("gap", "gap_ci"), ("tki_pct", "tki_ci"), ("csi_pct", "csi_ci")):
            row = summary.get(key, [None] * 3)
            check(len(row) >= 3 and all(close(row[1 + k], rep["overall"][ci][k], 1e-14) for k in (0, 1)),
                  f"XLSX {key} interval {row} vs {rep['overall'][ci]}")
        def column(sheet, heading):
            heads = sheets[sheet][1]
            return heads.index(heading) if heading in heads else -1
        gap, e, p = column("items", "Gap"), column("items", "E"), column("items", "P")
        check(gap > 0 and e > 0 and p > 0 and sheets["items"][1][gap + 1] == "Gap (batas bawah 95 %)",
              f"XLSX item headings {sheets['items'][1]}")
        for row, it in zip(sheets["items"][2:], rep["items"]):
            check(close(row[e], it["expectation"]["mean"], 1e-14) and close(row[p], it["perception"]["mean"], 1e-14)
                  and close(row[gap], it["gap"], 1e-14) and close(row[gap + 1], it["gap_ci"][0], 1e-14)
                  and close(row[gap + 2], it["gap_ci"][1], 1e-14)
                  and close(row[p + 1], it["perception"]["mean_ci"][0], 1e-14), f"XLSX item {it['number']}")
        gap = column("dimensions", "Gap")
        for row, d in zip(sheets["dimensions"][2:], rep["dimensions"]):
            check(row[0] == d["id"] and close(row[gap], d["gap"], 1e-14) and close(row[gap + 1], d["gap_ci"][0], 1e-14)
                  and close(row[gap + 2], d["gap_ci"][1], 1e-14), f"XLSX dimension {d['id']}")
        st, hdr, data = adm.get(f"/dashboard/office/53.01?{period}&format=csv")
        check(st == 200 and data.startswith(b"\xef\xbb\xbf"), "CSV export has a UTF-8 BOM")
        check(f"csi_pct,{rep['overall']['csi_pct']!r}".encode() in data or b"csi_pct," in data, "CSV has the summary")
        st, hdr, ov_xlsx = adm.get(f"/dashboard?{period}&format=xlsx")
        check(st == 200 and "overview" in xlsx_sheets(ov_xlsx), "overview XLSX")
        st, hdr, raw = adm.get(f"/dashboard/responses.csv?{period}&office=53.01")
        check(st == 200 and raw.startswith(b"\xef\xbb\xbf") and "attachment" in hdr.get("content-disposition", ""),
              "raw export")
        raw_path = os.path.join(work, "raw.csv")
        open(raw_path, "wb").write(raw)
        back = json.loads(subprocess.run([a.suara, "report", raw_path, "--format", "json"], check=True,
                                         capture_output=True, text=True).stdout)
        check(back["n"] == rep["n"], f"raw CSV n {back['n']} vs {rep['n']}")
        for key in ("gap", "gap_items", "tki_pct", "csi_pct", "perception_pct"):
            check(close(back["overall"][key], rep["overall"][key]), f"raw CSV round trip {key}")
        check(back["reliability"] == rep["reliability"], "raw CSV round trip reliability")
        check([i["perception"]["freq"] for i in back["items"]] == [i["perception"]["freq"] for i in rep["items"]],
              "raw CSV round trip frequencies")

        # Kiosk and service filters: the page's tiles equal `suara report` over the raw export of the
        # same filter (the accumulator paths against the stored rows).
        served = {}
        for extra in ("&kiosk=k-5301-b", "&service=ektp-recording", "&service=kk",
                      "&kiosk=k-5301-a&service=ektp-recording", ""):
            st, _, page = adm.get(f"/dashboard/office/53.01?{period}{extra}")
            tiles = dict(re.findall(rb'data-key="([a-z_]+)" data-v="([^"]*)"', page))
            st2, _, raw2 = adm.get(f"/dashboard/responses.csv?{period}&office=53.01{extra}")
            p2 = os.path.join(work, "raw2.csv")
            open(p2, "wb").write(raw2)
            ref = json.loads(subprocess.run([a.suara, "report", p2, "--format", "json"], check=True,
                                            capture_output=True, text=True).stdout)
            check(st == 200 and st2 == 200 and int(float(tiles[b"n"])) == ref["n"] and ref["n"] > 0,
                  f"filter {extra}: n {tiles.get(b'n')} vs {ref['n']}")
            for key in ("gap", "tki_pct", "csi_pct"):
                check(close(tiles[key.encode()].decode(), ref["overall"][key]), f"filter {extra}: {key}")
            served[extra] = ref["n"]
        # The seed makes every third servqual response a Kartu Keluarga one (the kiosk's service
        # screen): the two services split the office's responses between them.
        check(0 < served["&service=kk"] < served[""] and
              served["&service=kk"] + served["&service=ektp-recording"] == served[""],
              f"service filter splits the office: {served}")

        # 9. Throttling last (it blocks this address): 5 failures, then 429 with Retry-After.
        t = Http(port)
        codes = [t.login("admin", f"wrong-{i}")[0] for i in range(6)]
        st, hdr, _ = t.login("admin", "admin-password-1")
        check(codes[:5] == [401] * 5 and codes[5] == 429 and st == 429 and int(hdr.get("retry-after", "0")) > 0,
              f"login throttled after 5 failures: {codes} then {st}")
    finally:
        if chrome:
            chrome.close()
        if server:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print("kept", work)
    print(f"{len(FAILS)} failure(s); screenshots in {a.out}")
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
