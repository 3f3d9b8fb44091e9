// Small pieces every HTML and SVG writer needs: escaping and SVG coordinates.
#pragma once

#include <string>
#include <string_view>

namespace suara::present {

// &, <, >, " and ' escaped for text and attribute values.
std::string escapeHtml(std::string_view text);
// An SVG coordinate with one decimal ("12.5"): machine text for the renderer, never localised.
std::string svgCoord(double v);

} // namespace suara::present
