// The IPA Cartesian diagram, drawn by one function whoever shows it.
//
// layoutIpa turns the items' means and the cut lines into geometry: axis ranges zoomed to the
// data (never beyond the scale), ticks, the cut lines, every point and a place for its label that
// overlaps no earlier label (a leader line joins a label pushed further out). ipaSvg renders that
// geometry as inline SVG for the printable report and the dashboard; the kiosk renders the same
// geometry with ImDrawList (kiosk/app/ui/charts.cpp), measuring labels with its own font. Names
// (quadrants, axes) come from the catalogue, numbers from present::number.
//
// Quadrants (Martilla & James): I high importance and low performance (top-left, fix first), II
// top-right, III bottom-left, IV bottom-right; x = performance (perception mean), y = importance
// (expectation mean).
#pragma once

#include "suara/present/lang.h"

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace suara::present {

struct IpaPoint {
    std::string label;     // the item number, drawn beside the point
    std::string name;      // the item's name, in the point's tooltip; may be empty
    double x = 0;          // performance: perception mean (NaN = not drawn)
    double y = 0;          // importance: expectation mean
    bool priority = false; // quadrant I
};

struct IpaInput {
    std::vector<IpaPoint> points;
    double xCut = 0, yCut = 0;
    int scalePoints = 5; // the axes stay within 1..scalePoints
};

struct Rgb {
    uint8_t r, g, b;
};
// One palette for every rendering: quadrant backgrounds (I, II, III, IV), the cut lines, points.
inline constexpr std::array<Rgb, 4> kIpaQuadrantFill = {
    {{0xfb, 0xe3, 0xdf}, {0xe2, 0xf1, 0xe6}, {0xee, 0xee, 0xee}, {0xfb, 0xf3, 0xd9}}};
inline constexpr Rgb kIpaInk = {0x18, 0x3b, 0x52};      // frame, cut lines, quadrant names, points
inline constexpr Rgb kIpaPriority = {0xc6, 0x28, 0x28}; // quadrant I points
inline constexpr Rgb kIpaLeader = {0x9a, 0xa8, 0xb6};

struct IpaAxis {
    double lo = 1, hi = 5;
    double step = 0.5;         // between ticks
    int decimals = 2;          // of the tick labels
    std::vector<double> ticks; // values in [lo, hi]
};

struct IpaPlaced {
    size_t index = 0;              // into IpaInput::points
    double x = 0, y = 0;           // the point, in plot pixels
    double labelX = 0, labelY = 0; // the label's left end and baseline
    double labelW = 0;
    bool leader = false; // the label sits away from its point: draw a line to it
};

struct IpaBox {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool overlaps(const IpaBox& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

struct IpaLayout {
    bool empty = true;            // no point with both means: nothing to draw
    double width = 0, height = 0; // the plot, in pixels; (0, 0) is its top-left corner
    IpaAxis x, y;
    double cutX = 0, cutY = 0; // the cut lines, in plot pixels
    double pointRadius = 4, priorityRadius = 5;
    std::array<IpaBox, 4> corners; // where the quadrant names go (I top-left ... IV bottom-right)
    std::vector<IpaPlaced> points;

    double toX(double v) const { return (v - x.lo) / (x.hi - x.lo) * width; }
    double toY(double v) const { return (y.hi - v) / (y.hi - y.lo) * height; }
};

// `labelHeight` is the height of a label in pixels; `labelWidth` measures one (point labels and
// the quadrant names, which the point labels keep clear of). Labels stay inside the plot.
IpaLayout layoutIpa(const IpaInput& input, Lang lang, double width, double height, double labelHeight,
                    const std::function<double(const std::string&)>& labelWidth);

// "I · Prioritas utama" ... for the four corners.
std::string ipaQuadrantName(int quadrant, Lang lang);
// "3. Persyaratan (X 3,47; Y 3,90)": a point's tooltip.
std::string ipaPointTitle(const IpaPoint& point, Lang lang);

// The whole diagram as one <svg> (640 x 480, scales with the page); "" when the layout is empty.
std::string ipaSvg(const IpaInput& input, Lang lang);

} // namespace suara::present
