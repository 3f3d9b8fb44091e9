// I/O error injection: disk full and a file system turned read-only under an open store.
//
// Disk full: a shim VFS (disk_full_vfs.h) refuses every write that would grow a file, as a full
// file system does, so the test runs and asserts as any user. Read-only: as root (and where
// mount(8) works) the store lives on a tmpfs that is remounted read-only under it; elsewhere the
// read-only part is done with chmod on a closed store. After every fault:
// the rows stored before are intact, PRAGMA integrity_check is ok, the Error reached the caller and
// lastError(), and the next attempt succeeds once the fault is gone.
#include "disk_full_vfs.h"
#include "kiosk_test_support.h"
#include "suara/kiosk/session.h"
#include "suara/kiosk/store.h"

#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <unistd.h>

using namespace suara::kiosk;
using kiosk_test::queryInt;
using suara::Ok;
using suara::Status;

namespace {

constexpr int64_t T0 = 1'763'700'000'000;

int run(const std::string& cmd) {
    return std::system((cmd + " >/dev/null 2>&1").c_str());
}

// A tmpfs mount that is always unmounted again.
class TinyFs {
public:
    explicit TinyFs(const std::filesystem::path& at) : m_at(at) {
        std::filesystem::create_directories(at);
        m_mounted =
            ::geteuid() == 0 && run("mount -t tmpfs -o size=4m,mode=0755 suara-test " + at.string()) == 0;
    }
    ~TinyFs() {
        if (m_mounted) run("umount -l " + m_at.string());
    }
    bool mounted() const { return m_mounted; }
    bool remount(bool readOnly) {
        return run("mount -o remount," + std::string(readOnly ? "ro " : "rw ") + m_at.string()) == 0;
    }

private:
    std::filesystem::path m_at;
    bool m_mounted = false;
};

} // namespace

TEST_CASE("store faults: disk full, then space returns", "[kiosk][store][fault]") {
    kiosk_test::TempDir dir("fault");
    kiosk_test::DiskFullVfs disk;
    auto path = dir / "kiosk.db";
    auto store = Store::open(path);
    REQUIRE(store.ok());
    Store& s = **store;
    std::mt19937 rng(7);
    std::vector<suara::analytics::Response> stored;
    for (int i = 0; i < 20; ++i) {
        auto r =
            kiosk_test::makeResponse(kiosk_test::servqual(), rng, T0 + i, "komentar " + std::to_string(i));
        REQUIRE(s.submit(r).ok());
        stored.push_back(r);
    }
    disk.setFull(true);

    // Keep submitting: space already allocated to the WAL may take a few more commits, but the disk
    // is full and a commit must fail with an Error soon. Every commit that succeeds must stay.
    std::optional<suara::analytics::Response> failed;
    std::string message;
    for (int i = 0; i < 2000 && !failed; ++i) {
        auto r = kiosk_test::makeResponse(kiosk_test::servqual(), rng, T0 + 100 + i, std::string(400, 'k'));
        Status st = s.submit(r);
        if (st)
            stored.push_back(r);
        else {
            failed = r;
            message = st.error().message;
        }
    }
    REQUIRE(failed.has_value());
    CHECK(disk.refused() > 0);
    INFO(message);
    CHECK_THAT(message, Catch::Contains("cannot store the response"));
    REQUIRE(s.lastError().has_value());
    CHECK(s.lastError()->operation == "submit");
    // More attempts while full keep failing cleanly (the connection is reopened each time).
    for (int i = 0; i < 5; ++i) CHECK_FALSE(s.submit(*failed).ok());
    // The session shows the apology and keeps the answers.
    {
        Session session(kiosk_test::servqual(), SessionOptions{});
        REQUIRE(session.start(T0));
        REQUIRE(session.next(T0));
        for (int i = 0; i < session.itemCount(); ++i) {
            session.answer(suara::analytics::Scale::Expectation, i, 3, T0 + 2000 * i);
            session.answer(suara::analytics::Scale::Perception, i, 4, T0 + 2000 * i + 1000);
            REQUIRE(session.next(T0 + 2000 * i + 1500));
        }
        auto commit = [&](suara::analytics::Response& r) { return s.submit(r); };
        Status st = session.submit(T0 + 60'000, commit);
        // A commit may still squeeze in; if it failed, the model says so and keeps everything.
        if (!st) {
            CHECK(session.state() == SessionState::SubmitFailed);
            CHECK_FALSE(session.lastError().empty());
        }
    }

    CHECK(*s.integrityCheck() == "ok");
    CHECK(*s.responseCount() >= static_cast<int64_t>(stored.size()));
    for (const auto& r : stored) {
        auto found = s.findResponse(r.uuid);
        REQUIRE(found.ok());
        REQUIRE(found->has_value());
        CHECK((*found)->response == r);
    }

    // Space returns: the very same record now goes in, with the next seq.
    disk.setFull(false);
    int64_t before = *s.responseCount();
    Status retry = s.submit(*failed);
    INFO((retry ? "" : retry.error().message));
    REQUIRE(retry.ok());
    CHECK(*s.responseCount() == before + 1);
    CHECK(failed->seq == before + 1);
    CHECK(s.lastWriteOkMs() >= s.lastError()->atMs); // the supervisor sees it recovered
    CHECK(*s.integrityCheck() == "ok");
    store.value().reset();
    CHECK(queryInt(path, "SELECT COUNT(*) FROM responses") == before + 1);
    CHECK(queryInt(path, "SELECT COUNT(DISTINCT seq) FROM responses") == before + 1);
}

TEST_CASE("store faults: read-only file system under an open store", "[kiosk][store][fault]") {
    kiosk_test::TempDir dir("fault");
    TinyFs fs(dir / "mnt");
    if (!fs.mounted()) {
        // Without root: a store whose files cannot be written refuses to open, names the path, and
        // opens again once they can.
        auto path = dir / "ro" / "kiosk.db";
        {
            auto store = Store::open(path);
            REQUIRE(store.ok());
            std::mt19937 rng(8);
            auto r = kiosk_test::makeResponse(kiosk_test::servqual(), rng, T0);
            REQUIRE((*store)->submit(r).ok());
        }
        std::filesystem::permissions(dir / "ro",
                                     std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
        std::filesystem::permissions(path, std::filesystem::perms::owner_read);
        auto refused = Store::open(path);
        CHECK_FALSE(refused.ok());
        std::filesystem::permissions(dir / "ro", std::filesystem::perms::owner_all);
        std::filesystem::permissions(path, std::filesystem::perms::owner_read |
                                               std::filesystem::perms::owner_write);
        auto again = Store::open(path);
        REQUIRE(again.ok());
        CHECK(*(*again)->responseCount() == 1);
        CHECK(*(*again)->integrityCheck() == "ok");
        return;
    }
    // A file system cannot be remounted read-only while files on it are open for writing, so the
    // store is closed first; the kiosk then starts on a read-only file system (what ext4's
    // errors=remount-ro leaves behind), and the file system becomes writable again under it.
    auto path = dir / "mnt" / "kiosk.db";
    std::mt19937 rng(9);
    std::vector<suara::analytics::Response> stored;
    {
        auto store = Store::open(path);
        REQUIRE(store.ok());
        for (int i = 0; i < 10; ++i) {
            auto r = kiosk_test::makeResponse(kiosk_test::skm(), rng, T0 + i);
            REQUIRE((*store)->submit(r).ok());
            stored.push_back(r);
        }
    }
    REQUIRE(fs.remount(true));
    auto r = kiosk_test::makeResponse(kiosk_test::skm(), rng, T0 + 100);
    Abandonment a;
    a.sessionUuid = newUuidV4();
    auto store = Store::open(path);
    if (store) {
        Store& s = **store;
        Status st = s.submit(r);
        REQUIRE_FALSE(st.ok());
        INFO(st.error().message);
        CHECK(s.lastError().has_value());
        CHECK_FALSE(s.recordAbandonment(a).ok());
        CHECK_FALSE(s.audit("login", "x", T0).ok());
    } else {
        CHECK_THAT(store.error().message, Catch::Contains(path.string()));
    }

    REQUIRE(fs.remount(false));
    if (!store) store = Store::open(path);
    REQUIRE(store.ok());
    Store& s = **store;
    Status retry = s.submit(r);
    INFO((retry ? "" : retry.error().message));
    REQUIRE(retry.ok());
    CHECK(r.seq == 11);
    CHECK(s.recordAbandonment(a).ok());
    CHECK(*s.integrityCheck() == "ok");
    for (const auto& x : stored) CHECK(s.findResponse(x.uuid)->value().response == x);
}
