// Accumulators and trends for the pages (see reports.h).
#include "reports.h"

#include "i18n.h"

#include <algorithm>

namespace suara::sync::dashboard {

Result<analytics::Accumulator> filteredAccumulator(Store& store, const Filter& f, std::string_view office) {
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

Result<Trend> loadTrend(Store& store, const analytics::Instrument& instrument, std::string_view office, int64_t fromDay,
                        int64_t toDay) {
    Trend t;
    const int64_t days = toDay - fromDay + 1;
    t.bucket = days <= 62 ? Bucket::Day : days <= 400 ? Bucket::Week : Bucket::Month;
    const Period period = t.bucket == Bucket::Month ? Period::Month : Period::Day;
    auto series = store.accumulatorSeries(office, instrument, period,
                                          t.bucket == Bucket::Month ? monthStart(fromDay) : fromDay, toDay);
    if (!series) return series.error();
    auto bucketStart = [&](int64_t day) {
        switch (t.bucket) {
        case Bucket::Day: return day;
        case Bucket::Week: return day - ((day + 3) % 7 + 7) % 7;
        case Bucket::Month: return monthStart(day);
        }
        return day;
    };
    // An open "all" range starts at the first data, not in the year 2000.
    int64_t first = bucketStart(fromDay);
    if (t.bucket == Bucket::Month && !series->empty()) first = std::max(first, series->front().startDay);
    for (int64_t d = first; d <= toDay;) {
        t.starts.push_back(d);
        t.accs.emplace_back(instrument);
        if (t.bucket == Bucket::Day) d += 1;
        else if (t.bucket == Bucket::Week) d += 7;
        else d = monthStart(d + 31);
    }
    for (SeriesPoint& p : *series) {
        const int64_t b = bucketStart(p.startDay);
        const auto it = std::lower_bound(t.starts.begin(), t.starts.end(), b);
        if (it == t.starts.end() || *it != b) continue;
        analytics::Accumulator& acc = t.accs[static_cast<size_t>(it - t.starts.begin())];
        if (!acc.compatibleWith(p.acc)) return Error{"stored roll-up of another instrument shape"};
        acc.merge(p.acc);
    }
    return t;
}

std::string bucketLabel(Bucket bucket, int64_t startDay, analytics::Lang lang) {
    const std::string full = formatDayLabel(startDay, lang);
    if (bucket == Bucket::Month) return full.substr(full.find(' ') + 1);
    return full.substr(0, full.rfind(' '));
}

std::string instrumentTitle(const Filter& f) {
    return f.instrument->title.in(f.lang) + " (" + f.instrument->id + " v" + std::to_string(f.instrument->version) + ")";
}

std::string categoryBadge(const std::string& code, const std::string& label) {
    return "<span class=\"badge b-" + esc(code) + "\">" + esc(label) + "</span>";
}

} // namespace suara::sync::dashboard
