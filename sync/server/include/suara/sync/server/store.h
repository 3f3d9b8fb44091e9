// The server's storage interface: offices, kiosks, nonces, responses, quarantine, accumulators and
// API tokens.
//
// The ingest and report logic talk only to this interface, so a PostgreSQL backend can be added
// without touching them (and must pass the same tests). openSqliteStore() gives the embedded
// default. What it does not do: HTTP, signatures, JSON parsing; callers hand it records that were
// already decoded and validated.
#pragma once

#include "suara/analytics/accumulator.h"
#include "suara/analytics/instrument.h"
#include "suara/analytics/response.h"
#include "suara/analytics/result.h"
#include "suara/sync/protocol.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace suara::sync {

struct Office {
    std::string code; // "53.01"
    std::string name;
    int utcOffsetMinutes = 420;
};

struct Kiosk {
    std::string id;
    std::string office;
    std::string publicKey; // base64 Ed25519
    int64_t enrolledAtMs = 0;
    std::optional<int64_t> revokedAtMs;
    std::optional<int64_t> lastSyncMs; // last accepted batch
    int64_t lastSeq = 0;               // highest seq accepted from it
};

// One record ready to store: decoded, validated against `instrument`, canonical form computed.
struct IngestRecord {
    analytics::Response response;
    const analytics::Instrument* instrument = nullptr;
    std::string canonical; // encodeRecord(response)
    std::string hash;      // sha256Hex(canonical)
};

// What one ingest transaction did.
struct IngestOutcome {
    bool replayedNonce = false;        // nothing was stored
    std::vector<RecordResult> results; // one per record, in order
};

struct ReportQuery {
    std::string office;              // empty = every office
    std::optional<int64_t> fromDay;  // local days since 1970-01-01, inclusive
    std::optional<int64_t> toDay;    // inclusive
};

struct ApiToken {
    std::string name;
    std::string office; // empty = every office (regional admin)
};

struct KioskActivity {
    std::string id;
    std::string office;
    bool revoked = false;
    std::optional<int64_t> lastSyncMs;
};

struct StoreStats {
    int64_t responses = 0;  // distinct stored responses
    int64_t quarantined = 0;
    std::vector<KioskActivity> kiosks;
};

class Store {
public:
    virtual ~Store() = default;

    virtual Status addOffice(const Office& office) = 0;
    virtual Result<std::vector<Office>> offices() = 0;

    // The office must exist; an id that exists already is an error (revoked ids are not reused).
    virtual Status addKiosk(const Kiosk& kiosk) = 0;
    virtual Status revokeKiosk(std::string_view id, int64_t nowMs) = 0;
    virtual Result<std::optional<Kiosk>> findKiosk(std::string_view id) = 0;
    virtual Result<std::vector<Kiosk>> kiosks() = 0;

    // In ONE transaction: claims (kioskId, nonce) -- if it was seen before nothing else happens and
    // replayedNonce is set -- then stores each record by DESIGN.md's per-uuid rules (accepted /
    // duplicate / conflict to quarantine) and merges the accepted ones into the daily accumulator
    // and its roll-ups. Nonces older than nonceWindowMs are pruned on the way.
    virtual Result<IngestOutcome> ingest(std::string_view kioskId, std::string_view nonce,
                                         const std::vector<IngestRecord>& records, int64_t receivedAtMs,
                                         int64_t nonceWindowMs) = 0;

    // The merged accumulator of one instrument version over the query, from accumulators only.
    // An empty accumulator (responses() == 0) when nothing matches.
    virtual Result<analytics::Accumulator> reportAccumulator(const ReportQuery& query,
                                                             const analytics::Instrument& instrument) = 0;
    // The stored daily accumulator of one (office, kiosk, instrument version, local day), if any.
    virtual Result<std::optional<analytics::Accumulator>> dailyAccumulator(std::string_view office,
                                                                          std::string_view kiosk,
                                                                          const analytics::Instrument& instrument,
                                                                          int64_t day) = 0;

    // Tokens are stored as SHA-256 hashes only.
    virtual Status addToken(const ApiToken& token, std::string_view tokenHash) = 0;
    virtual Result<std::optional<ApiToken>> findToken(std::string_view tokenHash) = 0;

    virtual Result<StoreStats> stats() = 0;
};

// The embedded SQLite store (WAL, synchronous=FULL, one writer connection, migrations by
// user_version). Creates the file when missing.
Result<std::unique_ptr<Store>> openSqliteStore(const std::filesystem::path& path);

// [SECTION] Calendar helpers for accumulator periods (proleptic Gregorian, days since 1970-01-01)

struct CivilDate {
    int year = 1970;
    int month = 1; // 1..12
    int day = 1;   // 1..31
};
CivilDate civilFromDays(int64_t days);
int64_t daysFromCivil(int year, int month, int day);
int64_t monthStart(int64_t day);
int64_t yearStart(int64_t day);

// A range of days covered by whole years, then whole months, then single days: the fewest stored
// accumulators whose merge is exactly [from, to].
enum class Period { Day, Month, Year };
struct PeriodPiece {
    Period period;
    int64_t startDay;
};
std::vector<PeriodPiece> coverRange(int64_t fromDay, int64_t toDay);
char periodCode(Period p); // 'd', 'm', 'y'

} // namespace suara::sync
