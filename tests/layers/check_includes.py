#!/usr/bin/env python3
"""The layers of docs/architecture.md, checked on every #include (issue 12).

Each third-party library below may be seen only from the directories its rule lists. "Seen" is
transitive over the project's own headers: a file that includes "sqlite_util.h" sees SQLite as
surely as one that includes <sqlite3.h>. Tests and benchmarks (tests/) may see anything.

  check_includes.py ROOT         exit 1 and one line per violation (file, the include chain)
  check_includes.py --self-test  a scratch tree with one violation of each kind must fail
"""
import os
import re
import sys
import tempfile

# library: (how its headers are included, the directories that may see it)
RULES = {
    "ImGui": (r"imgui[^/]*\.h$", ["kiosk/app/", "kiosk/headless/"]),  # headless: the UI without a window
    "GLFW/GL": (r"^(GLFW|GL)/", ["kiosk/app/platform/"]),
    "libcurl": (r"^curl/", ["sync/client/src/", "sync/server/alerts/src/curl_"]),
    "SQLite": (r"^sqlite3\.h$", ["kiosk/core/src/", "sync/server/src/sqlite_"]),
    "libpq": (r"^(libpq-fe\.h|postgresql/)", ["sync/server/src/pg_", "sync/server/src/store_open"]),
    "cpp-httplib": (r"^httplib\.h$", ["sync/server/src/http_server"]),  # the HTTP front only
    "libsystemd": (r"^systemd/", ["service/"]),
    "ALSA": (r"^alsa/", ["kiosk/app/audio/"]),
}
# Between Suara's own parts: a file under the first directory may not include a header of the
# second (the lower layers know nothing of the ones above them; the kiosk's store implements the
# outbox interface without seeing the sync client, which has libcurl). analytics/cli is an
# application, not a layer: it may see service/ for its --version.
PROJECT_RULES = [
    (low, high)
    for low in ("analytics/include/", "analytics/src/", "present/", "sync/protocol/", "sync/outbox/")
    for high in ("kiosk/", "sync/client/", "sync/server/", "service/")
] + [
    ("present/", "analytics/"),
    ("kiosk/core/", "sync/client/"),
    ("kiosk/core/", "kiosk/app/"),
    ("kiosk/app/platform/", "analytics/"),  # the window needs Result, not the statistics
    ("sync/", "kiosk/"),
    # The server's interfaces and the dashboard see the stores only through store.h's interfaces.
    ("sync/server/include/", "sync/server/src/"),
    ("sync/server/dashboard/", "sync/server/src/"),
] + [("base/", other) for other in ("analytics/", "present/", "service/", "kiosk/", "sync/")]
SOURCE_DIRS = ["analytics", "present", "base", "service", "kiosk", "sync"]
EXTENSIONS = (".h", ".hpp", ".cpp", ".cc")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def sources(root):
    for top in SOURCE_DIRS:
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            for f in sorted(files):
                if f.endswith(EXTENSIONS):
                    yield os.path.relpath(os.path.join(dirpath, f), root)


def include_roots(root):
    """Where a quoted include can resolve: every include/ and src/ directory, and every directory
    with a CMakeLists.txt (targets add their own directory, as kiosk/app does for "ui/...")."""
    roots = []
    for top in SOURCE_DIRS:
        for dirpath, dirs, files in os.walk(os.path.join(root, top)):
            if "CMakeLists.txt" in files:
                roots.append(dirpath)
            for d in dirs:
                if d in ("include", "src"):
                    roots.append(os.path.join(dirpath, d))
    return roots


def resolve(root, roots, includer, name):
    for base in [os.path.dirname(os.path.join(root, includer))] + roots:
        path = os.path.normpath(os.path.join(base, name))
        if os.path.isfile(path):
            return os.path.relpath(path, root)
    return None


def violations(root):
    roots = include_roots(root)
    direct = {}  # file -> [(library header, is_project, resolved project file)]
    files = list(sources(root))
    for f in files:
        with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        direct[f] = [(name, resolve(root, roots, f, name)) for _, name in INCLUDE.findall(text)]

    seen = {}  # file -> {library: chain}

    def libraries(f, stack=()):
        if f in seen:
            return seen[f]
        if f in stack:
            return {}
        found = {}
        for name, project in direct.get(f, []):
            for lib, (pattern, _) in RULES.items():
                if re.search(pattern, name) and lib not in found:
                    found[lib] = [name]
            if project and project in direct:
                for lib, chain in libraries(project, stack + (f,)).items():
                    found.setdefault(lib, [project] + chain)
        seen[f] = found
        return found

    out = []
    for f in files:
        for name, project in direct[f]:
            for low, high in PROJECT_RULES:
                if project and f.startswith(low) and project.startswith(high):
                    out.append(f"{f}: includes {name} ({project}): {low} may not see {high}")
        for lib, chain in sorted(libraries(f).items()):
            allowed = RULES[lib][1]
            if not any(f.startswith(a) for a in allowed):
                out.append(f"{f}: sees {lib} through {' -> '.join(chain)} (allowed only in {', '.join(allowed)})")
    return out


def self_test():
    cases = {
        "analytics/src/a.cpp": '#include "suara/analytics/x.h"\n',
        "analytics/include/suara/analytics/x.h": "#include <sqlite3.h>\n",  # SQLite in analytics
        "present/src/p.cpp": "#include <imgui.h>\n",
        "kiosk/app/ui/w.cpp": "#include <GLFW/glfw3.h>\n",
        "kiosk/core/src/c.cpp": "#include <curl/curl.h>\n",
        "sync/protocol/src/q.cpp": "#include <libpq-fe.h>\n",
        # SQLite is allowed in the store; the sync client is not
        "kiosk/core/src/store.cpp": '#include <sqlite3.h>\n#include "suara/sync/client.h"\n',
        "sync/client/include/suara/sync/client.h": "",
        "kiosk/app/platform/g.cpp": "#include <GLFW/glfw3.h>\n#include <imgui.h>\n",  # allowed
    }
    with tempfile.TemporaryDirectory() as tmp:
        for path, text in cases.items():
            os.makedirs(os.path.dirname(os.path.join(tmp, path)), exist_ok=True)
            with open(os.path.join(tmp, path), "w") as fh:
                fh.write(text)
        found = violations(tmp)
    expected = {"analytics/src/a.cpp", "analytics/include/suara/analytics/x.h", "present/src/p.cpp",
                "kiosk/app/ui/w.cpp", "kiosk/core/src/c.cpp", "sync/protocol/src/q.cpp",
                "kiosk/core/src/store.cpp"}
    got = {line.split(":")[0] for line in found}
    if got != expected:
        print("self-test: expected violations in", sorted(expected), "got", found)
        return 1
    print(f"self-test: {len(found)} violations caught, allowed includes passed")
    return 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    if len(sys.argv) != 2:
        print(__doc__.strip())
        return 2
    found = violations(sys.argv[1])
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} include(s) break the layers of docs/architecture.md")
        return 1
    print(f"layers hold: {sum(1 for _ in sources(sys.argv[1]))} files checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
