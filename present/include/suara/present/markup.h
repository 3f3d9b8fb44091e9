// Small pieces every HTML and SVG writer needs: escaping and SVG coordinates.
#pragma once

#include "suara/present/format.h"

#include <string>
#include <string_view>

namespace suara::present {

// &, <, >, " and ' escaped for text and attribute values.
std::string escapeHtml(std::string_view text);
// An SVG coordinate with one decimal ("12.5"): machine text for the renderer, never localised.
std::string svgCoord(double v);

// present::interval / percentInterval as escaped HTML, the bracket in <span class="ci"> so that a
// page's CSS can keep it on one line and wrap a narrow column before it:
// "-0,95 <span class="ci">(-1,02 s/d -0,88)</span>".
std::string intervalHtml(const Interval& value, int decimals, Lang lang);
std::string percentIntervalHtml(const Interval& value, int decimals, Lang lang);

} // namespace suara::present
