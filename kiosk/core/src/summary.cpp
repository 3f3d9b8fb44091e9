// The supervisor's summary data (see summary.h). Every measure comes from analytics::buildReport;
// this file only selects the period's responses, counts, and picks items out of the report.
#include "suara/kiosk/summary.h"

#include "suara/analytics/accumulator.h"
#include "suara/analytics/response.h"
#include "suara/base/time.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

namespace suara::kiosk {
int64_t todayLocal(int64_t nowMs, int utcOffsetMinutes) {
    return analytics::localDay(nowMs, utcOffsetMinutes);
}

std::pair<int64_t, int64_t> localDaysToUtcRange(int64_t firstDay, int64_t lastDay, int utcOffsetMinutes) {
    int64_t shift = int64_t{utcOffsetMinutes} * 60'000;
    return {firstDay * kDayMs - shift, (lastDay + 1) * kDayMs - shift};
}

Result<Summary> buildSummary(Store& store, const analytics::Instrument& instrument, int utcOffsetMinutes,
                             const SummaryRequest& request) {
    auto t0 = std::chrono::steady_clock::now();
    Summary s;
    s.utcOffsetMinutes = utcOffsetMinutes;
    s.lastDay = request.lastDay;
    s.firstDay = request.lastDay - std::max(request.days, 1) + 1;
    auto [fromMs, toMs] = localDaysToUtcRange(s.firstDay, s.lastDay, utcOffsetMinutes);

    auto abandoned = store.abandonments(fromMs, toMs);
    if (!abandoned) return abandoned.error();
    auto outbox = store.counts();
    if (!outbox) return outbox.error();

    analytics::Accumulator acc(instrument);
    std::vector<CommentEntry> comments;
    int64_t shift = int64_t{utcOffsetMinutes} * 60'000;
    Status read = store.visitResponses(fromMs, toMs, [&](const StoredResponse& row) {
        const analytics::Response& r = row.response;
        if (r.instrument != instrument.id || r.instrumentVersion != instrument.version) return;
        // Stored rows were validated at submit; a row that fails now (a hand-edited file) is left out
        // of the statistics rather than tripping the accumulator's asserts.
        if (!analytics::validateResponse(instrument, r)) return;
        acc.add(r);
        ++s.responses;
        int64_t local = r.submittedAtMs + shift;
        int64_t msOfDay = ((local % kDayMs) + kDayMs) % kDayMs;
        s.perHour[static_cast<size_t>(msOfDay / kHourMs)] += 1;
        if (!r.flags.empty()) ++s.flagged;
        if (!r.comment.empty()) comments.push_back({r.submittedAtMs, r.comment, r.uuid, row.syncState});
    });
    if (!read) return read.error();
    for (const Abandonment& a : *abandoned)
        if (a.instrument == instrument.id && a.instrumentVersion == instrument.version) ++s.abandonments;
    int64_t started = s.responses + s.abandonments;
    s.completionRate = started > 0 ? static_cast<double>(s.responses) / static_cast<double>(started)
                                   : std::numeric_limits<double>::quiet_NaN();

    if (s.responses > 0) {
        analytics::ReportOptions options;
        options.suppressSmallCells = request.suppressSmallCells;
        s.report = analytics::buildReport(instrument, acc, options);
        if (instrument.paired) {
            for (const analytics::ItemReport& item : s.report->items)
                if (item.pairs > 0 && std::isfinite(item.gap))
                    s.worstGaps.push_back({item.number, item.dimension, item.gap, item.pairs});
            std::stable_sort(s.worstGaps.begin(), s.worstGaps.end(),
                             [](const GapItem& a, const GapItem& b) { return a.gap < b.gap; });
            if (s.worstGaps.size() > 5) s.worstGaps.resize(5);
            if (s.report->ipa) s.priorityItems = s.report->ipa->priorityItems;
        }
    }

    std::stable_sort(comments.begin(), comments.end(), [](const CommentEntry& a, const CommentEntry& b) {
        return a.submittedAtMs > b.submittedAtMs;
    });
    if (comments.size() > request.maxComments) comments.resize(request.maxComments);
    s.recentComments = std::move(comments);

    s.outbox = *outbox;
    s.lastStoreError = store.lastError();
    s.lastStoreWriteOkMs = store.lastWriteOkMs();
    s.buildMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    return s;
}

SummaryWorker::SummaryWorker(Store& store, const analytics::Instrument& instrument, int utcOffsetMinutes)
    : m_store(store), m_instrument(instrument), m_utcOffsetMinutes(utcOffsetMinutes) {
    m_thread = std::thread([this] { run(); });
}

SummaryWorker::~SummaryWorker() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
    m_thread.join();
}

void SummaryWorker::request(const SummaryRequest& request) {
    {
        std::lock_guard lock(m_mutex);
        m_next = request;
        ++m_generation;
        m_busy = true;
    }
    m_cv.notify_all();
}

std::optional<Result<Summary>> SummaryWorker::poll() {
    std::lock_guard lock(m_mutex);
    std::optional<Result<Summary>> out;
    out.swap(m_result);
    if (out) m_busy = false; // handed over: nothing more to poll for
    return out;
}

void SummaryWorker::run() {
    std::unique_lock lock(m_mutex);
    while (true) {
        m_cv.wait(lock, [this] { return m_stop || m_next.has_value(); });
        if (m_stop) return;
        SummaryRequest req = *m_next;
        m_next.reset();
        uint64_t generation = m_generation;
        lock.unlock();
        Result<Summary> result = buildSummary(m_store, m_instrument, m_utcOffsetMinutes, req);
        lock.lock();
        if (generation == m_generation) m_result = std::move(result); // a newer request supersedes it
    }
}

} // namespace suara::kiosk
