// Power-loss test: what survives is only what was fsync'ed.
//
// A forked child stores responses through the real Store while a shim SQLite VFS plays the OS page
// cache: writes land in an in-memory cache of 512-byte sectors shared by every handle of a path,
// reads see the cache, and only xSync copies dirty sectors to the real file. At a chosen write the
// power fails: every dirty sector independently reaches the file or not (so unsynced data is lost,
// torn, or persisted out of order), and the child _exits at once. The parent then opens the file
// with the normal VFS and checks that every response whose submit had returned is there, seq is
// 1..n without gaps, and PRAGMA integrity_check is ok. This is the model of SQLite's own crash
// tests (test6.c), reduced to what the kiosk needs.
//
// The same shim injects I/O errors in-process (the last test case): writes and syncs fail for a
// while (a failed sync also drops the file's dirty pages, as Linux does after a failed writeback),
// every submit is retried until it succeeds, and afterwards each response is stored exactly once.
//
// Simplifications, each making the model no weaker for our store: xTruncate and xClose first flush
// the cache (the store truncates nothing and keeps its connections open); the -shm file is memory
// shared between connections, not durable state, and passes through untouched.
#include "kiosk_test_support.h"
#include "suara/kiosk/session.h"
#include "suara/kiosk/store.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sqlite3.h>
#include <sys/wait.h>

namespace {

constexpr int64_t kSector = 512;

// The page cache of one path.
struct Cache {
    std::map<int64_t, std::array<char, kSector>> dirty; // sector index -> latest content
    int64_t size = -1;                                  // logical size; -1 = the real file's
    int refs = 0;
};

struct Shim {
    sqlite3_vfs vfs{};
    sqlite3_vfs* real = nullptr;
    std::map<std::string, Cache> caches;
    int64_t writes = 0;
    int64_t crashAt = -1;   // the write at which the power fails
    bool lyingSync = false; // a disk that acknowledges fsync without writing (the self-check)
    // I/O error injection: writes and syncs number ops; ops in [failFrom, failFrom + failCount) fail.
    int64_t ops = 0;
    int64_t failFrom = -1;
    int64_t failCount = 0;
    int64_t failures = 0;
    std::mt19937 rng{1};
} g_shim;

struct ShimFile {
    sqlite3_file base;
    sqlite3_file* real;
    Cache* cache; // nullptr for files we pass through (temp files)
    std::string path;
};

int64_t realSize(ShimFile* f) {
    sqlite3_int64 sz = 0;
    f->real->pMethods->xFileSize(f->real, &sz);
    return sz;
}
int64_t logicalSize(ShimFile* f) {
    return f->cache->size >= 0 ? f->cache->size : realSize(f);
}

// Reads a whole sector as the process would see it (cache first, then the file, zeros past EOF).
std::array<char, kSector> sectorView(ShimFile* f, int64_t index) {
    auto it = f->cache->dirty.find(index);
    if (it != f->cache->dirty.end()) return it->second;
    std::array<char, kSector> s{};
    f->real->pMethods->xRead(f->real, s.data(), kSector, index * kSector); // short reads zero-fill
    return s;
}

void writeSector(ShimFile* f, int64_t index, const std::array<char, kSector>& data, int64_t size) {
    int64_t off = index * kSector;
    int64_t len = std::min<int64_t>(kSector, size - off);
    if (len > 0) f->real->pMethods->xWrite(f->real, data.data(), static_cast<int>(len), off);
}

void flush(ShimFile* f) {
    if (!f->cache) return;
    int64_t size = logicalSize(f);
    for (const auto& [index, data] : f->cache->dirty) writeSector(f, index, data, size);
    f->cache->dirty.clear();
    f->cache->size = -1;
}

std::vector<ShimFile*>& openFiles() {
    static std::vector<ShimFile*> files;
    return files;
}

[[noreturn]] void powerFails() {
    // Each dirty sector of each file independently made it to the disk or not.
    std::set<Cache*> done;
    for (ShimFile* f : openFiles()) {
        if (!f->cache || done.count(f->cache)) continue;
        done.insert(f->cache);
        int64_t size = logicalSize(f);
        for (const auto& [index, data] : f->cache->dirty)
            if (g_shim.rng() % 2) writeSector(f, index, data, size);
    }
    ::_exit(0);
}

int shimClose(sqlite3_file* file) {
    auto* f = reinterpret_cast<ShimFile*>(file);
    flush(f);
    auto& files = openFiles();
    files.erase(std::remove(files.begin(), files.end(), f), files.end());
    if (f->cache && --f->cache->refs == 0) g_shim.caches.erase(f->path);
    int rc = f->real->pMethods->xClose(f->real);
    f->path.~basic_string();
    return rc;
}

int shimRead(sqlite3_file* file, void* buf, int amount, sqlite3_int64 offset) {
    auto* f = reinterpret_cast<ShimFile*>(file);
    if (!f->cache) return f->real->pMethods->xRead(f->real, buf, amount, offset);
    auto* out = static_cast<char*>(buf);
    std::memset(out, 0, static_cast<size_t>(amount));
    f->real->pMethods->xRead(f->real, out, amount, offset);
    int64_t size = logicalSize(f);
    for (int64_t s = offset / kSector; s * kSector < offset + amount; ++s) {
        auto it = f->cache->dirty.find(s);
        if (it == f->cache->dirty.end()) continue;
        int64_t from = std::max<int64_t>(offset, s * kSector),
                to = std::min<int64_t>(offset + amount, (s + 1) * kSector);
        std::memcpy(out + (from - offset), it->second.data() + (from - s * kSector),
                    static_cast<size_t>(to - from));
    }
    if (offset + amount > size) {
        if (size > offset)
            std::memset(out + (size - offset), 0, static_cast<size_t>(offset + amount - size));
        else
            std::memset(out, 0, static_cast<size_t>(amount));
        return SQLITE_IOERR_SHORT_READ;
    }
    return SQLITE_OK;
}

int shimWrite(sqlite3_file* file, const void* buf, int amount, sqlite3_int64 offset) {
    auto* f = reinterpret_cast<ShimFile*>(file);
    if (!f->cache) return f->real->pMethods->xWrite(f->real, buf, amount, offset);
    if (++g_shim.writes == g_shim.crashAt) powerFails();
    if (int64_t op = g_shim.ops++; op >= g_shim.failFrom && op < g_shim.failFrom + g_shim.failCount) {
        ++g_shim.failures;
        return SQLITE_IOERR_WRITE;
    }
    const auto* in = static_cast<const char*>(buf);
    for (int64_t s = offset / kSector; s * kSector < offset + amount; ++s) {
        std::array<char, kSector> sector = sectorView(f, s);
        int64_t from = std::max<int64_t>(offset, s * kSector),
                to = std::min<int64_t>(offset + amount, (s + 1) * kSector);
        std::memcpy(sector.data() + (from - s * kSector), in + (from - offset),
                    static_cast<size_t>(to - from));
        f->cache->dirty[s] = sector;
    }
    f->cache->size = std::max(logicalSize(f), static_cast<int64_t>(offset + amount));
    return SQLITE_OK;
}

int shimTruncate(sqlite3_file* file, sqlite3_int64 size) {
    auto* f = reinterpret_cast<ShimFile*>(file);
    flush(f);
    return f->real->pMethods->xTruncate(f->real, size);
}

int shimSync(sqlite3_file* file, int) {
    auto* f = reinterpret_cast<ShimFile*>(file);
    if (int64_t op = g_shim.ops++;
        f->cache && op >= g_shim.failFrom && op < g_shim.failFrom + g_shim.failCount) {
        // Like Linux after a failed writeback: the dirty pages are dropped, not kept for a retry.
        ++g_shim.failures;
        f->cache->dirty.clear();
        f->cache->size = -1;
        return SQLITE_IOERR_FSYNC;
    }
    // The durable copy is the real file; its own fsync would only slow the test down.
    if (!g_shim.lyingSync) flush(f);
    return SQLITE_OK;
}

int shimFileSize(sqlite3_file* file, sqlite3_int64* size) {
    auto* f = reinterpret_cast<ShimFile*>(file);
    if (!f->cache) return f->real->pMethods->xFileSize(f->real, size);
    *size = logicalSize(f);
    return SQLITE_OK;
}

#define PASS(name, sig, args)                                                                                \
    int shim##name sig {                                                                                     \
        auto* f = reinterpret_cast<ShimFile*>(file);                                                         \
        return f->real->pMethods->x##name args;                                                              \
    }
PASS(Lock, (sqlite3_file * file, int l), (f->real, l))
PASS(Unlock, (sqlite3_file * file, int l), (f->real, l))
PASS(CheckReservedLock, (sqlite3_file * file, int* r), (f->real, r))
PASS(FileControl, (sqlite3_file * file, int op, void* arg), (f->real, op, arg))
PASS(SectorSize, (sqlite3_file * file), (f->real))
PASS(ShmMap, (sqlite3_file * file, int pg, int sz, int ext, void volatile** pp), (f->real, pg, sz, ext, pp))
PASS(ShmLock, (sqlite3_file * file, int off, int n, int flags), (f->real, off, n, flags))
PASS(ShmUnmap, (sqlite3_file * file, int del), (f->real, del))
#undef PASS
void shimShmBarrier(sqlite3_file* file) {
    auto* f = reinterpret_cast<ShimFile*>(file);
    f->real->pMethods->xShmBarrier(f->real);
}
int shimDeviceCharacteristics(sqlite3_file* file) {
    auto* f = reinterpret_cast<ShimFile*>(file);
    // No atomic or safe-append promises: the cache can tear and reorder.
    return f->real->pMethods->xDeviceCharacteristics(f->real) &
           ~(SQLITE_IOCAP_ATOMIC | SQLITE_IOCAP_SAFE_APPEND | SQLITE_IOCAP_SEQUENTIAL);
}
int shimFetch(sqlite3_file*, sqlite3_int64, int, void** pp) {
    *pp = nullptr; // no memory-mapped reads: everything goes through xRead and the cache
    return SQLITE_OK;
}
int shimUnfetch(sqlite3_file*, sqlite3_int64, void*) {
    return SQLITE_OK;
}

const sqlite3_io_methods kShimIo = {
    3,
    shimClose,
    shimRead,
    shimWrite,
    shimTruncate,
    shimSync,
    shimFileSize,
    shimLock,
    shimUnlock,
    shimCheckReservedLock,
    shimFileControl,
    shimSectorSize,
    shimDeviceCharacteristics,
    shimShmMap,
    shimShmLock,
    shimShmBarrier,
    shimShmUnmap,
    shimFetch,
    shimUnfetch,
};

constexpr size_t kRealOffset = (sizeof(ShimFile) + 15) & ~size_t{15};

int shimOpen(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* outFlags) {
    auto* f = reinterpret_cast<ShimFile*>(file);
    f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + kRealOffset);
    f->base.pMethods = nullptr;
    int rc = g_shim.real->xOpen(g_shim.real, name, f->real, flags, outFlags);
    if (rc != SQLITE_OK) return rc;
    new (&f->path) std::string(name ? name : "");
    f->cache = nullptr;
    if (name && (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL))) {
        f->cache = &g_shim.caches[f->path];
        f->cache->refs += 1;
    }
    f->base.pMethods = &kShimIo;
    openFiles().push_back(f);
    return SQLITE_OK;
}

int shimDelete(sqlite3_vfs*, const char* name, int syncDir) {
    g_shim.caches.erase(name);
    return g_shim.real->xDelete(g_shim.real, name, syncDir);
}
int shimAccess(sqlite3_vfs*, const char* name, int flags, int* out) {
    return g_shim.real->xAccess(g_shim.real, name, flags, out);
}
int shimFullPathname(sqlite3_vfs*, const char* name, int n, char* out) {
    return g_shim.real->xFullPathname(g_shim.real, name, n, out);
}
int shimRandomness(sqlite3_vfs*, int n, char* out) {
    return g_shim.real->xRandomness(g_shim.real, n, out);
}
int shimSleep(sqlite3_vfs*, int us) {
    return g_shim.real->xSleep(g_shim.real, us);
}
int shimCurrentTime(sqlite3_vfs*, double* t) {
    return g_shim.real->xCurrentTime(g_shim.real, t);
}
int shimCurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* t) {
    return g_shim.real->xCurrentTimeInt64(g_shim.real, t);
}
int shimGetLastError(sqlite3_vfs*, int n, char* out) {
    return g_shim.real->xGetLastError(g_shim.real, n, out);
}

// In the child: make the shim the default VFS.
void installShim(int64_t crashAt, uint32_t seed, bool lyingSync) {
    g_shim.real = sqlite3_vfs_find(nullptr);
    g_shim.crashAt = crashAt;
    g_shim.lyingSync = lyingSync;
    g_shim.rng.seed(seed);
    sqlite3_vfs& v = g_shim.vfs;
    v.iVersion = 2;
    v.szOsFile = static_cast<int>(kRealOffset) + g_shim.real->szOsFile;
    v.mxPathname = g_shim.real->mxPathname;
    v.zName = "power-loss-shim";
    v.xOpen = shimOpen;
    v.xDelete = shimDelete;
    v.xAccess = shimAccess;
    v.xFullPathname = shimFullPathname;
    v.xRandomness = shimRandomness;
    v.xSleep = shimSleep;
    v.xCurrentTime = shimCurrentTime;
    v.xGetLastError = shimGetLastError;
    v.xCurrentTimeInt64 = shimCurrentTimeInt64;
    sqlite3_vfs_register(&v, 1);
}

// The child: submit responses until the power fails; acknowledge each on `ackFd` after submit returns.
[[noreturn]] void childWork(const std::string& db, int ackFd, int64_t crashAt, uint32_t seed,
                            bool lyingSync) {
    installShim(crashAt, seed, lyingSync);
    auto store = suara::kiosk::Store::open(db);
    if (!store) ::_exit(3);
    std::mt19937 rng(seed);
    for (int i = 0; i < 100'000; ++i) {
        auto r = kiosk_test::makeResponse(kiosk_test::servqual(), rng, 1'763'700'000'000 + i,
                                          i % 3 ? "" : "komentar panjang " + std::string(rng() % 300, 'x'));
        if (!(*store)->submit(r)) ::_exit(4);
        std::string line = r.uuid + "\n";
        if (::write(ackFd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) ::_exit(5);
    }
    ::_exit(6); // never reached the crash point
}

// One value from a database that may be damaged beyond opening: nullopt on any error.
std::optional<std::string> tryQuery(const std::string& db, const std::string& sql) {
    sqlite3* h = nullptr;
    std::optional<std::string> out;
    if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW) {
            const unsigned char* t = sqlite3_column_text(st, 0);
            out = t ? reinterpret_cast<const char*>(t) : "";
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return out;
}
int64_t tryInt(const std::string& db, const std::string& sql) {
    auto v = tryQuery(db, sql);
    return v ? std::stoll(*v) : -1;
}

struct Outcome {
    std::set<std::string> acknowledged;
    int missing = 0;      // acknowledged but not stored after recovery
    int badIntegrity = 0; // runs after which integrity_check was not ok
    int badSeq = 0;       // runs after which seq was not 1..n
};

// `runs` children on one database, each losing power at a random write in [minWrite, maxWrite].
Outcome powerFailures(const std::string& db, int runs, int64_t minWrite, int64_t maxWrite, bool lyingSync) {
    (void)kiosk_test::servqual(); // load instruments before forking
    Outcome out;
    std::mt19937 rng(std::random_device{}());
    for (int run = 0; run < runs; ++run) {
        int64_t crashAt =
            minWrite + static_cast<int64_t>(rng() % static_cast<uint64_t>(maxWrite - minWrite + 1));
        auto seed = static_cast<uint32_t>(rng());
        int ack[2];
        REQUIRE(::pipe(ack) == 0);
        pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::close(ack[0]);
            childWork(db, ack[1], crashAt, seed, lyingSync);
        }
        ::close(ack[1]);
        std::string text;
        char buf[4096];
        ssize_t n;
        while ((n = ::read(ack[0], buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
        ::close(ack[0]);
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        INFO("run " << run << ", power failed at write " << crashAt << ", seed " << seed);
        REQUIRE(WIFEXITED(status));
        REQUIRE(WEXITSTATUS(status) == 0); // 0: the power failed; anything else: the store failed
        size_t at = 0, nl;
        while ((nl = text.find('\n', at)) != std::string::npos) {
            out.acknowledged.insert(text.substr(at, nl - at));
            at = nl + 1;
        }
        // Recovery with the normal VFS, then the checks.
        if (tryQuery(db, "PRAGMA integrity_check") != "ok") {
            ++out.badIntegrity;
            if (lyingSync) break; // a damaged file cannot take the next run
            continue;
        }
        if (tryInt(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'responses'") == 0) continue;
        int64_t count = tryInt(db, "SELECT COUNT(*) FROM responses");
        if (count > 0 && (tryInt(db, "SELECT MAX(seq) FROM responses") != count ||
                          tryInt(db, "SELECT COUNT(DISTINCT seq) FROM responses") != count))
            ++out.badSeq;
    }
    for (const auto& uuid : out.acknowledged)
        if (tryInt(db, "SELECT COUNT(*) FROM responses WHERE uuid = '" + uuid + "'") != 1) ++out.missing;
    return out;
}

} // namespace

TEST_CASE("power loss: acknowledged responses survive losing every unsynced write", "[kiosk][store][crash]") {
    kiosk_test::TempDir dir("power");
    std::string db = (dir / "kiosk.db").string();
    // About 12 writes per commit: up to ~330 commits per run, past the first auto-checkpoint.
    Outcome o = powerFailures(db, 40, 1, 4000, false);
    INFO("acknowledged responses: " << o.acknowledged.size());
    CHECK(o.acknowledged.size() > 100);
    CHECK(o.missing == 0);
    CHECK(o.badIntegrity == 0);
    CHECK(o.badSeq == 0);
    auto store = suara::kiosk::Store::open(db);
    REQUIRE(store.ok());
    CHECK(*(*store)->integrityCheck() == "ok");
    CHECK(*(*store)->responseCount() >= static_cast<int64_t>(o.acknowledged.size()));
}

TEST_CASE("power loss: the model catches a disk that ignores fsync", "[kiosk][store][crash]") {
    // The same runs with fsync acknowledged but not performed must lose acknowledged responses;
    // otherwise the test above would prove nothing.
    kiosk_test::TempDir dir("power-lying");
    std::string db = (dir / "kiosk.db").string();
    Outcome o = powerFailures(db, 5, 1500, 4000, true);
    INFO("acknowledged " << o.acknowledged.size() << ", missing " << o.missing << ", bad integrity "
                         << o.badIntegrity);
    CHECK(o.acknowledged.size() > 0);
    CHECK(o.missing + o.badIntegrity > 0);
}

TEST_CASE("I/O errors: failing writes and syncs, then recovery", "[kiosk][store][fault]") {
    kiosk_test::TempDir dir("ioerr");
    std::string db = (dir / "kiosk.db").string();
    installShim(-1, 1, false);
    struct Uninstall {
        ~Uninstall() {
            sqlite3_vfs_unregister(&g_shim.vfs);
            g_shim.failFrom = -1;
        }
    } uninstall;
    auto store = suara::kiosk::Store::open(db);
    REQUIRE(store.ok());
    suara::kiosk::Store& s = **store;
    std::mt19937 rng(77);
    std::set<std::string> stored;
    int failedSubmits = 0;
    for (int round = 0; round < 60; ++round) {
        // Errors start within the next commit or two and last 1..30 operations.
        g_shim.failFrom = g_shim.ops + static_cast<int64_t>(rng() % 24);
        g_shim.failCount = 1 + static_cast<int64_t>(rng() % 30);
        auto r = kiosk_test::makeResponse(kiosk_test::servqual(), rng, 1'763'700'000'000 + round);
        int attempts = 0;
        while (true) {
            suara::Status st = s.submit(r);
            ++attempts;
            if (st) break;
            ++failedSubmits;
            INFO(st.error().message);
            CHECK(s.lastError().has_value());
            REQUIRE(attempts < 100); // the errors stop after failCount operations
        }
        stored.insert(r.uuid);
    }
    g_shim.failFrom = -1;
    INFO("injected failures: " << g_shim.failures << ", failed submits: " << failedSubmits);
    CHECK(g_shim.failures > 0);
    CHECK(failedSubmits > 0);
    CHECK(*s.integrityCheck() == "ok");
    CHECK(*s.responseCount() == static_cast<int64_t>(stored.size()));
    for (const auto& uuid : stored) CHECK(s.findResponse(uuid)->has_value());
    store.value().reset();
    // And from the disk, through the normal VFS.
    sqlite3_vfs_unregister(&g_shim.vfs);
    CHECK(tryQuery(db, "PRAGMA integrity_check") == "ok");
    CHECK(tryInt(db, "SELECT COUNT(*) FROM responses") == static_cast<int64_t>(stored.size()));
    CHECK(tryInt(db, "SELECT MAX(seq) FROM responses") == static_cast<int64_t>(stored.size()));
}
