// The report's item table as CSV; see report_csv.h.
#include "suara/analytics/report_csv.h"

#include "suara/analytics/csv.h"

#include <charconv>
#include <cmath>

namespace suara::analytics {

std::string formatShortest(double value) {
    if (!std::isfinite(value)) return {};
    char buf[32];
    auto res = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, res.ptr);
}

std::string renderReportCsv(const Report& report, const Instrument& instrument, Lang lang) {
    const bool paired = report.paired;
    std::string out = "number,dimension";
    if (paired) out += ",e_mean,e_sd,e_n";
    out += ",p_mean,p_sd,p_n";
    if (paired) out += ",pairs,gap,tki_pct,quadrant";
    out += ",category,perception_pct,pct_category";
    if (paired) out += ",e_r_item_total,e_r_corrected,e_t_corrected,e_alpha_if_deleted";
    out += ",p_r_item_total,p_r_corrected,p_t_corrected,p_alpha_if_deleted,valid,item\r\n";

    auto num = [&out](double v) {
        out.push_back(',');
        out += formatShortest(v);
    };
    auto count = [&out](uint64_t v) {
        out.push_back(',');
        out += std::to_string(v);
    };
    auto text = [&out](std::string_view v) {
        out.push_back(',');
        appendCsvField(out, v);
    };
    for (const ItemReport& item : report.items) {
        out += std::to_string(item.number);
        const auto dim = static_cast<size_t>(item.dimension);
        text(dim < instrument.dimensions.size() ? instrument.dimensions[dim].id : std::string());
        if (paired && item.expectation) {
            num(item.expectation->mean);
            num(item.expectation->sd);
            count(item.expectation->n);
        }
        num(item.perception.mean);
        num(item.perception.sd);
        count(item.perception.n);
        if (paired) {
            count(item.pairs);
            num(item.gap);
            num(item.tkiPct);
            text(quadrantCode(item.quadrant));
        }
        text(categoryCode(item.scoreCategory));
        num(item.perceptionPct);
        text(categoryCode(item.pctCategory));
        if (paired && item.expectation) {
            num(item.expectation->rItemTotal);
            num(item.expectation->rCorrected);
            num(item.expectation->tCorrected);
            num(item.expectation->alphaIfDeleted);
        }
        num(item.perception.rItemTotal);
        num(item.perception.rCorrected);
        num(item.perception.tCorrected);
        num(item.perception.alphaIfDeleted);
        text(item.valid ? "true" : "false");
        const auto index = static_cast<size_t>(item.number - 1);
        text(index < instrument.items.size() ? instrument.items[index].text.in(lang) : std::string());
        out += "\r\n";
    }
    return out;
}

} // namespace suara::analytics
