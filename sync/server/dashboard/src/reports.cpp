// Accumulators and trends for the pages (see reports.h).
#include "reports.h"

#include <algorithm>

namespace suara::sync::dashboard {

Result<analytics::Accumulator> filteredAccumulator(ReportStore& store, const Filter& f,
                                                   std::string_view office) {
    const analytics::Instrument& instrument = *f.instrument;
    if (!f.service.empty()) {
        analytics::Accumulator acc(instrument);
        ResponseQuery q;
        q.office = std::string(office);
        q.kiosk = f.kiosk;
        q.fromDay = f.fromDay;
        q.toDay = f.toDay;
        q.instrument = instrument.id;
        q.instrumentVersion = instrument.version;
        auto st = store.forEachResponse(q, [&](const analytics::Response& r) {
            if (r.service == f.service) acc.add(r);
            return true;
        });
        if (!st) return st.error();
        return acc;
    }
    if (!f.kiosk.empty()) return store.kioskAccumulator(f.kiosk, instrument, f.fromDay, f.toDay);
    return store.reportAccumulator(ReportQuery{std::string(office), f.fromDay, f.toDay}, instrument);
}

analytics::ReportOptions dashboardReportOptions() {
    analytics::ReportOptions o;
    o.suppressSmallCells = true;
    return o;
}

namespace {

Bucket bucketFor(int64_t fromDay, int64_t toDay) {
    const int64_t days = toDay - fromDay + 1;
    return days <= 62 ? Bucket::Day : days <= 400 ? Bucket::Week : Bucket::Month;
}

int64_t bucketStartOf(Bucket bucket, int64_t day) {
    switch (bucket) {
    case Bucket::Day: return day;
    case Bucket::Week: return day - ((day + 3) % 7 + 7) % 7; // Monday
    case Bucket::Month: return monthStart(day);
    }
    return day;
}

// Every bucket start of [first, to].
std::vector<int64_t> bucketStarts(Bucket bucket, int64_t first, int64_t toDay) {
    std::vector<int64_t> out;
    for (int64_t d = first; d <= toDay;) {
        out.push_back(d);
        if (bucket == Bucket::Day)
            d += 1;
        else if (bucket == Bucket::Week)
            d += 7;
        else
            d = monthStart(d + 31);
    }
    return out;
}

} // namespace

Result<std::vector<double>> loadCountSeries(ReportStore& store, const analytics::Instrument& instrument,
                                            std::string_view office, int64_t fromDay, int64_t toDay) {
    // Days up to 62 days, months beyond: weekly buckets would need every daily row of every
    // office, a few hundred ms on a five-year store (docs/bench-dashboard.md).
    const Bucket bucket = toDay - fromDay + 1 <= 62 ? Bucket::Day : Bucket::Month;
    const Period period = bucket == Bucket::Month ? Period::Month : Period::Day;
    auto counts = store.responseCounts(office, instrument, period,
                                       bucket == Bucket::Month ? monthStart(fromDay) : fromDay, toDay);
    if (!counts) return counts.error();
    int64_t first = bucketStartOf(bucket, fromDay);
    if (bucket == Bucket::Month && !counts->empty()) first = std::max(first, counts->front().first);
    const std::vector<int64_t> starts = bucketStarts(bucket, first, toDay);
    std::vector<double> out(starts.size(), 0.0);
    for (const auto& [day, n] : *counts) {
        const auto it = std::lower_bound(starts.begin(), starts.end(), bucketStartOf(bucket, day));
        if (it != starts.end() && *it == bucketStartOf(bucket, day))
            out[static_cast<size_t>(it - starts.begin())] += static_cast<double>(n);
    }
    return out;
}

Result<Trend> loadTrend(ReportStore& store, const analytics::Instrument& instrument, std::string_view office,
                        int64_t fromDay, int64_t toDay) {
    Trend t;
    t.bucket = bucketFor(fromDay, toDay);
    const Period period = t.bucket == Bucket::Month ? Period::Month : Period::Day;
    auto series = store.accumulatorSeries(office, instrument, period,
                                          t.bucket == Bucket::Month ? monthStart(fromDay) : fromDay, toDay);
    if (!series) return series.error();
    // An open "all" range starts at the first data, not in the year 2000.
    int64_t first = bucketStartOf(t.bucket, fromDay);
    if (t.bucket == Bucket::Month && !series->empty()) first = std::max(first, series->front().startDay);
    t.starts = bucketStarts(t.bucket, first, toDay);
    for (size_t i = 0; i < t.starts.size(); ++i) t.accs.emplace_back(instrument);
    for (SeriesPoint& p : *series) {
        const int64_t b = bucketStartOf(t.bucket, p.startDay);
        const auto it = std::lower_bound(t.starts.begin(), t.starts.end(), b);
        if (it == t.starts.end() || *it != b) continue;
        analytics::Accumulator& acc = t.accs[static_cast<size_t>(it - t.starts.begin())];
        if (!acc.compatibleWith(p.acc)) return Error{"stored roll-up of another instrument shape"};
        acc.merge(p.acc);
    }
    return t;
}

std::string bucketLabel(Bucket bucket, int64_t startDay, analytics::Lang lang) {
    const std::string full = present::dayLabel(startDay, lang);
    if (bucket == Bucket::Month) return full.substr(full.find(' ') + 1);
    return full.substr(0, full.rfind(' '));
}

std::string instrumentTitle(const Filter& f) {
    return f.instrument->title.in(f.lang) + " (" + f.instrument->id + " v" +
           std::to_string(f.instrument->version) + ")";
}

std::string categoryBadge(const std::string& code, const std::string& label) {
    return "<span class=\"badge b-" + esc(code) + "\">" + esc(label) + "</span>";
}

} // namespace suara::sync::dashboard
