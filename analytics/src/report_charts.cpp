#include "suara/analytics/report_charts.h"

#include <cassert>
#include <cmath>

namespace suara::analytics {

const std::string& itemName(const Instrument& instrument, int number, Lang lang) {
    assert(number >= 1 && static_cast<size_t>(number) <= instrument.items.size() && "no such item");
    const Item& item = instrument.items[static_cast<size_t>(number - 1)];
    return item.title.in(lang).empty() ? item.text.in(lang) : item.title.in(lang);
}

present::IpaInput ipaChartInput(const Report& report, const Instrument& instrument, Lang lang) {
    present::IpaInput in;
    in.scalePoints = report.points;
    if (!report.ipa) return in;
    in.xCut = report.ipa->xCut;
    in.yCut = report.ipa->yCut;
    for (const ItemReport& it : report.items) {
        in.points.push_back({std::to_string(it.number), itemName(instrument, it.number, lang),
                             it.perception.mean, it.expectation ? it.expectation->mean : NAN,
                             it.quadrant == Quadrant::I});
    }
    return in;
}

} // namespace suara::analytics
