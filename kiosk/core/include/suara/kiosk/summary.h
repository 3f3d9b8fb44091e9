// The supervisor's summary data: numbers for one day, the last 7 days or the last 30 days.
//
// For: counting responses and abandonments by the office's local day, responses per local hour,
// and the analytics Report of the period (buildReport over an Accumulator of the stored responses:
// no formula is written here), with the worst gaps, the IPA quadrant I items, recent comments, the
// outbox counts and the store's last error. Not for: drawing (kiosk/app). A 30-day summary of
// 300 responses a day takes 15-45 ms (median, busy 2-core VM; docs/bench-kiosk-core.md); use
// SummaryWorker so the frame never waits for it.
#pragma once

#include "suara/analytics/instrument.h"
#include "suara/analytics/report.h"
#include "suara/base/result.h"
#include "suara/kiosk/store.h"
#include "suara/sync/outbox.h"

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace suara::kiosk {

struct SummaryRequest {
    int64_t lastDay = 0; // local day (analytics::localDay) the period ends on, inclusive
    int days = 1;        // 1, 7 or 30 (any >= 1 works)
    size_t maxComments = 10;
    // Suppress profile cells under 5 respondents (DESIGN.md: any breakdown finer than a whole
    // office-day). Turn on when this kiosk is one of several in its office.
    bool suppressSmallCells = false;
};

struct GapItem {
    int number = 0;    // 1-based item number
    int dimension = 0; // index into Instrument::dimensions
    double gap = 0;    // mean(P - E)
    uint64_t pairs = 0;
};

struct CommentEntry {
    int64_t submittedAtMs = 0;
    std::string text; // already redacted when stored; kCommentRemoved once a supervisor removed it
    std::string uuid; // of the response (Store::redactComment)
    SyncState syncState = SyncState::Pending;
};

struct Summary {
    int64_t firstDay = 0, lastDay = 0;
    int utcOffsetMinutes = 420;
    int64_t responses = 0; // of this instrument version in the period
    int64_t abandonments = 0;
    double completionRate = 0;                // responses / (responses + abandonments); NaN when both are 0
    std::array<int64_t, 24> perHour{};        // responses per local hour of day
    int64_t flagged = 0;                      // responses with any quality flag
    std::optional<analytics::Report> report;  // nullopt when there are no responses
    std::vector<GapItem> worstGaps;           // up to 5, most negative first (paired only)
    std::vector<int> priorityItems;           // IPA quadrant I item numbers (paired only)
    std::vector<CommentEntry> recentComments; // newest first
    sync::OutboxCounts outbox;
    std::optional<StoreErrorInfo> lastStoreError;
    int64_t lastStoreWriteOkMs = 0; // later than lastStoreError->atMs: the store has recovered
    double buildMs = 0;             // how long it took
};

// The local day "today" for an office offset.
int64_t todayLocal(int64_t nowMs, int utcOffsetMinutes);
// UTC ms bounds [from, to) of local days [firstDay, lastDay].
std::pair<int64_t, int64_t> localDaysToUtcRange(int64_t firstDay, int64_t lastDay, int utcOffsetMinutes);

Result<Summary> buildSummary(Store& store, const analytics::Instrument& instrument, int utcOffsetMinutes,
                             const SummaryRequest& request);

// Builds summaries on its own thread: request() returns at once; poll() hands over the result once.
// A newer request supersedes one still running (its result is dropped). Destruction joins the thread.
class SummaryWorker {
public:
    SummaryWorker(Store& store, const analytics::Instrument& instrument, int utcOffsetMinutes);
    ~SummaryWorker();
    SummaryWorker(const SummaryWorker&) = delete;
    SummaryWorker& operator=(const SummaryWorker&) = delete;

    void request(const SummaryRequest& request);
    // From request() until poll() has handed the result over: a finished summary that the UI has
    // not taken yet still counts, so a loop that polls while busy() never sleeps past it.
    bool busy() const { return m_busy.load(); }
    std::optional<Result<Summary>> poll();

private:
    void run();

    Store& m_store;
    const analytics::Instrument& m_instrument;
    int m_utcOffsetMinutes;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::optional<SummaryRequest> m_next;
    std::optional<Result<Summary>> m_result;
    uint64_t m_generation = 0;
    bool m_stop = false;
    std::atomic<bool> m_busy{false};
    std::thread m_thread;
};

} // namespace suara::kiosk
