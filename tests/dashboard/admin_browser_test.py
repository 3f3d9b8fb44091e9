#!/usr/bin/env python3
"""The admin pages end to end: the real suara-server, headless Chromium, a real kiosk client.

  admin_browser_test.py --server PATH --kiosk PATH --out DIR [--keep]

What it checks (label `dashboard`):
  * An admin logs in through the form, adds and edits an office, enrols a kiosk by pasting the
    identity text its supervisor screen shows; that kiosk (suara-kiosk-headless, libcurl, signed
    batches) then syncs and its responses are stored. Revoked from the page, its batches are
    refused and nothing more is stored.
  * A user disabled from the page loses the open session at once (the next request goes to the
    login) and cannot log in again.
  * An office user gets 403 on every admin page and every admin form; forms without the session's
    CSRF token are refused; the database is the same afterwards.
  * The same change made on the page and with the CLI writes the same audit row (only the actor,
    `via` and the time differ); the audit CSV export carries them.
  * Screenshots of every admin page at 1366x768 and 390x844 into --out.
Processes it starts are always killed; the temp directory is removed unless --keep.
"""
import argparse, os, re, shutil, signal, sqlite3, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser_test import FAILS, Chrome, Http, check, csrf_of, db_snapshot, websocket  # noqa: E402

ADMIN_PAGES = ["offices", "kiosks", "users", "tokens", "audit"]


def snapshot(db):
    """db_snapshot plus what the admin pages write (tokens, the audit log, user states)."""
    out = db_snapshot(db)
    out["admin"] = rows(db, "SELECT (SELECT count(*) FROM api_tokens), (SELECT count(*) FROM audit_log), "
                            "(SELECT group_concat(name || role || office || coalesce(disabled_at_ms, '-')) FROM users), "
                            "(SELECT group_concat(code || name || utc_offset_min) FROM offices)")
    return out


def rows(db, sql, args=()):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def submit(chrome, action, values):
    """Fills the form posting to `action` (first match) and submits it as a person would."""
    js = ("(() => { const f = [...document.forms].find(f => f.getAttribute('action').startsWith(%r));"
          " if (!f) return false; const v = %s; for (const k in v) f.elements[k].value = v[k];"
          " f.requestSubmit(); return true; })()" % (action, repr(values).replace("'", '"')))
    ok = chrome.eval(js)
    check(ok, f"form {action} present")
    time.sleep(0.3)
    chrome.wait_loaded()
    return ok


def submit_row(chrome, action, hidden_name, hidden_value):
    """Presses the button of the row form posting to `action` whose hidden field matches."""
    js = ("(() => { const f = [...document.forms].find(f => f.getAttribute('action').startsWith(%r) &&"
          " f.elements[%r] && f.elements[%r].value === %r); if (!f) return false; f.requestSubmit(); return true; })()"
          % (action, hidden_name, hidden_name, hidden_value))
    ok = chrome.eval(js)
    check(ok, f"row form {action} {hidden_value} present")
    time.sleep(0.3)
    chrome.wait_loaded()
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--kiosk", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    if websocket is None:
        print("python3-websocket is missing (apt-get install python3-websocket)")
        return 1
    os.makedirs(a.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="suara-admin-test-")
    db = os.path.join(work, "server.db")
    server = chrome = None

    def cli(*args, stdin=""):
        return subprocess.run([a.server, *args], input=stdin, text=True, capture_output=True)

    try:
        # 1. The first office and the first admin come from the shell, as on a fresh install.
        check(cli("office", "add", "--db", db, "--office", "53.01", "--name", "Kota Kupang", "--utc-offset",
                  "+08:00").returncode == 0, "cli office add")
        for user, role, office, pw in (("admin", "admin", None, "admin-password-1"),
                                       ("kupang", "office", "53.01", "office-password-1")):
            args = ["user", "add", "--db", db, "--user", user, "--role", role] + (["--office", office] if office else [])
            check(cli(*args, stdin=pw + "\n").returncode == 0, f"cli user add {user}")
        conf = os.path.join(work, "server.toml")
        open(conf, "w").write("[dashboard]\nsecure_cookie = false\n")
        server = subprocess.Popen([a.server, "serve", "--db", db, "--listen", "127.0.0.1:0", "--config", conf],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        port = None
        for line in server.stderr:
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
            if m:
                port = int(m.group(1))
                break
        assert port, "server did not start"
        base = f"http://127.0.0.1:{port}"

        # 2. An office user: 403 on every admin page and form, with or without a valid token.
        office = Http(port)
        st, _, _ = office.login("kupang", "office-password-1")
        check(st == 303, "office user logs in")
        _, _, page = office.get("/dashboard/office/53.01")
        office_csrf = csrf_of(page)
        before = snapshot(db)
        for p in ADMIN_PAGES + ["audit.csv"]:
            st, _, _ = office.get("/dashboard/admin/" + p)
            check(st == 403, f"office user GET admin/{p}: {st}")
        for action, form in (("offices/add", {"code": "53.09", "name": "x", "utc": "+07:00"}),
                             ("offices/edit", {"code": "53.01", "name": "x", "utc": "+07:00"}),
                             ("kiosks/enrol", {"office": "53.01", "kiosk": "K-X", "key": "x"}),
                             ("kiosks/revoke", {"kiosk": "K-X"}),
                             ("users/add", {"user": "x", "role": "admin", "office": "", "password": "x" * 12}),
                             ("users/disable", {"user": "admin"}), ("users/role", {"user": "kupang", "role": "admin"}),
                             ("tokens/create", {"label": "x", "office": "", "expires": ""})):
            st, _, _ = office.post("/dashboard/admin/" + action, dict(form, csrf=office_csrf))
            check(st == 403, f"office user POST admin/{action}: {st}")
        check(snapshot(db) == before, "office user's admin requests changed nothing")

        # 3. The admin in Chromium: log in through the form.
        chrome = Chrome(work)
        chrome.size(1366, 768)
        chrome.goto(base + "/dashboard/login")
        submit(chrome, "/dashboard/login", {"user": "admin", "password": "admin-password-1"})
        check(chrome.eval("location.pathname") == "/dashboard", "admin is on the overview after login")

        # Forms without the session's token are refused and store nothing (over HTTP, same session).
        cookie = {c["name"]: c["value"] for c in chrome.send("Network.getCookies", {"urls": [base + "/dashboard"]})["cookies"]}
        admin = Http(port)
        admin.cookies = dict(cookie)
        before = snapshot(db)
        for csrf in ("", "0" * 64, office_csrf):
            st, _, _ = admin.post("/dashboard/admin/offices/add", {"csrf": csrf, "code": "53.09", "name": "x",
                                                                  "utc": "+07:00"})
            check(st == 403, f"admin form with csrf {csrf[:6]!r}: {st}")
        check(snapshot(db) == before, "refused forms changed nothing")

        # 4. Offices: add one, edit it on the page and the same way with the CLI.
        chrome.goto(base + "/dashboard/admin/offices")
        submit(chrome, "/dashboard/admin/offices/add", {"code": "53.02", "name": "Kabupaten Kupang", "utc": "+08:00"})
        check(chrome.eval("!!document.querySelector('[role=status]')"), "office added: saved message")
        submit_row(chrome, "/dashboard/admin/offices/edit", "code", "53.02")  # unchanged values, audited
        check(cli("office", "edit", "--db", db, "--office", "53.02", "--name", "Kabupaten Kupang", "--utc-offset",
                  "+08:00").returncode == 0, "cli office edit")
        edits = rows(db, "SELECT actor, via, action, target, detail FROM audit_log WHERE action = 'office.edit' "
                         "ORDER BY id")
        check(len(edits) == 2 and edits[0][1] == "web" and edits[1][1] == "cli" and edits[0][2:] == edits[1][2:],
              f"page and CLI office edits audit the same: {edits}")

        # 5. A kiosk enrolled from the page by its identity text syncs; revoked, it is refused.
        kdir = os.path.join(work, "kiosk")
        os.makedirs(kdir)
        open(os.path.join(kdir, "kiosk.toml"), "w").write(
            'kiosk_id = "K-WEB"\noffice_id = "53.01"\noffice_name = "Kota Kupang"\nutc_offset = "+08:00"\n'
            f'data_dir = "data"\n\n[sync]\nserver_url = "{base}"\nbatch_max_records = 10\n'
            'backoff_base_ms = 50\nbackoff_cap_ms = 400\n')
        kconf = os.path.join(kdir, "kiosk.toml")
        key = subprocess.run([a.kiosk, "--config", kconf, "public-key"], check=True, capture_output=True,
                             text=True).stdout.strip()
        chrome.goto(base + "/dashboard/admin/kiosks")
        submit(chrome, "/dashboard/admin/kiosks/enrol",
               {"office": "53.01", "kiosk": "", "key": f"suara-kiosk:1;id=K-WEB;key={key};version=test"})
        check(rows(db, "SELECT count(*) FROM kiosks WHERE id = 'K-WEB' AND public_key = ?", (key,))[0][0] == 1,
              "kiosk enrolled from the page")
        sim = subprocess.run([a.kiosk, "--config", kconf, "--simulate", "30", "--seed", "3", "--sync-timeout", "60"],
                             capture_output=True, text=True)
        check(sim.returncode == 0, f"enrolled kiosk syncs: {sim.stderr[-300:]}")
        # Simulated answers may be dated before the enrolment: those are accepted into quarantine.
        stored = lambda: rows(db, "SELECT (SELECT count(*) FROM responses WHERE kiosk_id = 'K-WEB') + "
                                  "(SELECT count(*) FROM quarantine WHERE kiosk_id = 'K-WEB')")[0][0]
        check(stored() == 30, f"the enrolled kiosk's 30 responses are stored: {stored()}")
        chrome.goto(base + "/dashboard/admin/kiosks")
        chrome.screenshot(os.path.join(a.out, "admin-kiosks-enrolled-1366.png"))
        submit_row(chrome, "/dashboard/admin/kiosks/revoke", "kiosk", "K-WEB")
        check(rows(db, "SELECT count(*) FROM kiosks WHERE id = 'K-WEB' AND revoked_at_ms IS NOT NULL")[0][0] == 1,
              "kiosk revoked from the page")
        sim = subprocess.run([a.kiosk, "--config", kconf, "--simulate", "5", "--seed", "4", "--sync-timeout", "4"],
                             capture_output=True, text=True)
        check(sim.returncode == 1, f"a revoked kiosk's batches are refused: rc {sim.returncode}")
        check(stored() == 30, "nothing more stored from the revoked kiosk")

        # 6. Disable a user from the page: their open session stops at once.
        st, _, _ = office.get("/dashboard/office/53.01")
        check(st == 200, "office user's session works before")
        chrome.goto(base + "/dashboard/admin/users")
        submit_row(chrome, "/dashboard/admin/users/disable", "user", "kupang")
        st, hdr, _ = office.get("/dashboard/office/53.01")
        check(st == 303 and hdr.get("location", "").startswith("/dashboard/login"),
              f"disabled user's open session is gone: {st}")
        check(rows(db, "SELECT count(*) FROM sessions WHERE user_name = 'kupang'")[0][0] == 0, "no session stored")
        st, _, _ = Http(port).login("kupang", "office-password-1")
        check(st == 401, f"disabled user cannot log in: {st}")
        check(cli("user", "enable", "--db", db, "--user", "kupang").returncode == 0, "cli user enable")
        check(cli("user", "disable", "--db", db, "--user", "kupang").returncode == 0, "cli user disable")
        dis = rows(db, "SELECT via, action, target FROM audit_log WHERE action = 'user.disable' ORDER BY id")
        check([r[0] for r in dis] == ["web", "cli"] and dis[0][1:] == dis[1][1:], f"disable audited alike: {dis}")

        # 7. A token from the page: the secret is shown once and works until revoked.
        chrome.goto(base + "/dashboard/admin/tokens")
        submit(chrome, "/dashboard/admin/tokens/create", {"label": "bi-tool", "office": "53.01", "expires": ""})
        secret = chrome.eval("(document.querySelector('#secret')||{}).textContent") or ""
        check(len(secret) == 64, "token secret shown once")
        chrome.screenshot(os.path.join(a.out, "admin-token-created-1366.png"))
        api = Http(port)
        st, _, _ = api.get("/api/v1/report?office=53.01", headers={"Authorization": "Bearer " + secret}, cookies={})
        check(st == 200, f"new token reads the report: {st}")
        chrome.goto(base + "/dashboard/admin/tokens")
        check(secret not in (chrome.eval("document.body.innerHTML") or ""), "secret not shown again")
        submit_row(chrome, "/dashboard/admin/tokens/revoke", "label", "bi-tool")
        st, _, _ = api.get("/api/v1/report?office=53.01", headers={"Authorization": "Bearer " + secret}, cookies={})
        check(st == 401, f"revoked token refused: {st}")

        # 8. The audit log page and its CSV export.
        st, hdr, csv = admin.get("/dashboard/admin/audit.csv")
        text = csv.decode("utf-8-sig")
        check(st == 200 and "attachment" in hdr.get("content-disposition", ""), "audit CSV downloads")
        for action in ("office.add", "office.edit", "kiosk.enrol", "kiosk.revoke", "user.disable", "token.create",
                       "token.revoke"):
            check(action in text, f"audit CSV has {action}")
        check(secret not in text, "the audit never holds a token secret")

        # 9. Every admin page, looked at on a laptop and on a phone.
        for w, hgt, tag in ((1366, 768, "1366"), (390, 844, "390")):
            chrome.size(w, hgt)
            for p in ADMIN_PAGES:
                chrome.goto(base + "/dashboard/admin/" + p + ("?lang=en" if tag == "390" else ""))
                check(chrome.statuses.get(base + "/dashboard/admin/" + p + ("?lang=en" if tag == "390" else "")) == 200,
                      f"admin/{p} answers 200")
                chrome.screenshot(os.path.join(a.out, f"admin-{p}-{tag}.png"))
        chrome.goto(base + "/dashboard/password")
        chrome.screenshot(os.path.join(a.out, "admin-password-390.png"))
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
