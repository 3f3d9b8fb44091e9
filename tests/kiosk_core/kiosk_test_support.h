// Shared helpers for the kiosk core tests: temporary directories, instruments, responses.
#pragma once

#include "suara/analytics/instrument.h"
#include "suara/analytics/response.h"
#include "suara/kiosk/session.h"
#include "suara/kiosk/store.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <sqlite3.h>
#include <string>
#include <unistd.h>

namespace kiosk_test {

namespace fs = std::filesystem;

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it at scope exit.
class TempDir {
public:
    explicit TempDir(const std::string& tag = "kcore") {
        fs::path base = std::getenv("TMPDIR") ? fs::path(std::getenv("TMPDIR")) : fs::path("/tmp");
        std::string name =
            "suara-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++);
        m_path = base / name;
        fs::remove_all(m_path);
        fs::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::permissions(m_path, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return m_path; }
    fs::path operator/(const std::string& leaf) const { return m_path / leaf; }

private:
    static int& counter() {
        static int c = 0;
        return c;
    }
    fs::path m_path;
};

inline const suara::analytics::InstrumentRegistry& registry() {
    static auto reg = suara::analytics::loadDefaultInstruments();
    REQUIRE(reg.ok());
    return *reg;
}
inline const suara::analytics::Instrument& servqual() {
    const auto* ins = registry().find("servqual-ektp-18");
    REQUIRE(ins != nullptr);
    return *ins;
}
inline const suara::analytics::Instrument& skm() {
    const auto* ins = registry().find("skm-9");
    REQUIRE(ins != nullptr);
    return *ins;
}

// A valid response with random ratings, submitted at `submittedAtMs`.
inline suara::analytics::Response makeResponse(const suara::analytics::Instrument& ins, std::mt19937& rng,
                                               int64_t submittedAtMs, const std::string& comment = "") {
    std::uniform_int_distribution<int> score(1, ins.points);
    suara::analytics::Response r;
    r.uuid = suara::kiosk::newUuidV4();
    r.kioskId = "kpg-01";
    r.officeId = "53.01";
    r.instrument = ins.id;
    r.instrumentVersion = ins.version;
    r.startedAtMs = submittedAtMs - 90'000;
    r.submittedAtMs = submittedAtMs;
    r.utcOffsetMinutes = 480;
    r.durationMs = 90'000;
    if (ins.paired)
        for (size_t i = 0; i < ins.itemCount(); ++i)
            r.expectation.push_back(static_cast<uint8_t>(score(rng)));
    for (size_t i = 0; i < ins.itemCount(); ++i) r.perception.push_back(static_cast<uint8_t>(score(rng)));
    r.profile[suara::analytics::ProfileField::Gender] = rng() % 2 ? "L" : "P";
    r.comment = comment;
    r.flags = suara::analytics::qualityFlags(ins, r);
    return r;
}

// Runs one query on a separate connection and returns the first column of the first row as text.
inline std::string queryText(const fs::path& db, const std::string& sql) {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
    std::string out;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(h);
    return out;
}
inline int64_t queryInt(const fs::path& db, const std::string& sql) {
    return std::stoll(queryText(db, sql));
}

} // namespace kiosk_test
