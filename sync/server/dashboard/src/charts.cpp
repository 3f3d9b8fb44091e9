// Inline SVG charts (see charts.h).
#include "charts.h"

#include "html.h"
#include "suara/present/markup.h"

#include <algorithm>
#include <cmath>

namespace suara::sync::dashboard {

namespace {

// Coordinates are machine text; the numbers people read go through present::number.
std::string f1(double v) {
    return present::svgCoord(v);
}

constexpr const char* kColorA = "#8fb8de"; // expectation
constexpr const char* kColorB = "#0b4f6c"; // perception
constexpr const char* kSeriesColors[] = {"#0b4f6c", "#d9822b", "#1a7f37", "#8b1c1c"};

} // namespace

std::string sparklineSvg(const std::vector<double>& values, const std::string& title) {
    const double w = 120, h = 28;
    double lo = INFINITY, hi = -INFINITY;
    for (double v : values) {
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }
    std::string s =
        "<svg class=\"spark\" width=\"120\" height=\"28\" viewBox=\"0 0 120 28\" role=\"img\"><title>" +
        esc(title) + "</title>";
    if (!std::isfinite(lo) || values.size() < 2) return s + "</svg>";
    if (hi - lo < 1e-9) {
        lo -= 1;
        hi += 1;
    }
    std::string path;
    bool pen = false;
    for (size_t i = 0; i < values.size(); ++i) {
        if (!std::isfinite(values[i])) {
            pen = false;
            continue;
        }
        const double x = 2 + (w - 4) * static_cast<double>(i) / static_cast<double>(values.size() - 1);
        const double y = h - 3 - (h - 6) * (values[i] - lo) / (hi - lo);
        path += (pen ? "L" : "M") + f1(x) + " " + f1(y);
        pen = true;
    }
    return s + "<path d=\"" + path + "\" fill=\"none\" stroke=\"#0b4f6c\" stroke-width=\"1.5\"/></svg>";
}

std::string groupedBarsSvg(const std::vector<BarGroup>& groups, double lo, double hi,
                           const std::string& aName, const std::string& bName, analytics::Lang lang) {
    const double left = 170, right = 40, top = 30, rowH = 38, width = 720;
    const double plotW = width - left - right;
    const double height = top + rowH * static_cast<double>(groups.size()) + 30;
    auto xOf = [&](double v) { return left + plotW * (std::clamp(v, lo, hi) - lo) / (hi - lo); };
    const double base = xOf(std::clamp(0.0, lo, hi));
    std::string s = "<svg class=\"chart\" viewBox=\"0 0 " + f1(width) + " " + f1(height) + "\" role=\"img\">";
    if (!aName.empty()) {
        s += "<rect x=\"" + f1(left) + "\" y=\"6\" width=\"12\" height=\"12\" fill=\"" + kColorA +
             "\"/><text x=\"" + f1(left + 16) + "\" y=\"16\" font-size=\"12\">" + esc(aName) + "</text>";
    }
    s += "<rect x=\"" + f1(left + 200) + "\" y=\"6\" width=\"12\" height=\"12\" fill=\"" + kColorB +
         "\"/><text x=\"" + f1(left + 216) + "\" y=\"16\" font-size=\"12\">" + esc(bName) + "</text>";
    for (double t = std::ceil(lo - 1e-9); t <= hi + 1e-9; t += 1) {
        s += "<line x1=\"" + f1(xOf(t)) + "\" x2=\"" + f1(xOf(t)) + "\" y1=\"" + f1(top) + "\" y2=\"" +
             f1(height - 24) + "\" stroke=\"" + (t == 0 && lo < 0 ? "#4a5a6a" : "#d5dde5") +
             "\"/><text x=\"" + f1(xOf(t)) + "\" y=\"" + f1(height - 8) +
             "\" font-size=\"11\" text-anchor=\"middle\">" + present::number(t, 0, lang) + "</text>";
    }
    for (size_t i = 0; i < groups.size(); ++i) {
        const BarGroup& g = groups[i];
        const double y = top + rowH * static_cast<double>(i);
        s += "<text x=\"" + f1(left - 6) + "\" y=\"" + f1(y + 21) +
             "\" font-size=\"12\" text-anchor=\"end\">" + esc(g.label) + "</text>";
        for (int k = 0; k < 2; ++k) {
            const double v = k == 0 ? g.a : g.b;
            const analytics::Interval& ci = k == 0 ? g.aCi : g.bCi;
            if (!std::isfinite(v)) continue;
            // A lone series (no a) sits in the middle of its row.
            const double by = std::isfinite(g.a) ? y + 4 + k * 15 : y + 11;
            const double x0 = std::min(base, xOf(v)), x1 = std::max(base, xOf(v));
            const bool whisker = std::isfinite(ci[0]) && std::isfinite(ci[1]);
            // The value's label sits past the bar's end, or past the whisker's when there is one.
            const double end =
                whisker ? (v < 0 ? std::min(x0, xOf(ci[0])) : std::max(x1, xOf(ci[1]))) : (v < 0 ? x0 : x1);
            s += "<rect x=\"" + f1(x0) + "\" y=\"" + f1(by) + "\" width=\"" + f1(x1 - x0) +
                 "\" height=\"13\" fill=\"" + (k == 0 ? kColorA : kColorB) + "\"/><text x=\"" +
                 f1(v < 0 ? end - 4 : end + 4) + "\" y=\"" + f1(by + 11) + "\" font-size=\"11\"" +
                 (v < 0 ? " text-anchor=\"end\"" : "") + ">" + present::number(v, 2, lang) + "</text>";
            if (!whisker) continue;
            const double cy = by + 6.5, xl = xOf(ci[0]), xh = xOf(ci[1]);
            // With two series the tooltip names which bar it belongs to.
            const std::string series = aName.empty() ? "" : " - " + (k == 0 ? aName : bName);
            s += "<g class=\"ci\" stroke=\"#1d2733\" stroke-width=\"1.5\"><title>" +
                 esc(g.label + series + ": " + present::interval({v, ci[0], ci[1]}, 2, lang)) +
                 "</title><line x1=\"" + f1(xl) + "\" x2=\"" + f1(xh) + "\" y1=\"" + f1(cy) + "\" y2=\"" +
                 f1(cy) + "\"/><line x1=\"" + f1(xl) + "\" x2=\"" + f1(xl) + "\" y1=\"" + f1(cy - 5) +
                 "\" y2=\"" + f1(cy + 5) + "\"/><line x1=\"" + f1(xh) + "\" x2=\"" + f1(xh) + "\" y1=\"" +
                 f1(cy - 5) + "\" y2=\"" + f1(cy + 5) + "\"/></g>";
        }
    }
    return s + "</svg>";
}

std::string trendSvg(const std::vector<std::string>& labels, const std::vector<TrendSeries>& series,
                     analytics::Lang lang) {
    const double width = 720, height = 240, left = 50, right = 20, top = 30, bottom = 40;
    double lo = INFINITY, hi = -INFINITY;
    for (const TrendSeries& t : series) {
        for (double v : t.values) {
            if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
        }
    }
    std::string s = "<svg class=\"chart\" viewBox=\"0 0 " + f1(width) + " " + f1(height) + "\" role=\"img\">";
    if (!std::isfinite(lo) || labels.empty()) return s + "</svg>";
    if (hi - lo < 1e-9) lo -= 1, hi += 1;
    const double span = hi - lo;
    // Counts never go below zero, so neither does their axis.
    lo = lo >= 0 ? std::max(0.0, lo - span * 0.1) : lo - span * 0.1;
    hi += span * 0.1;
    const size_t n = labels.size();
    auto X = [&](size_t i) {
        return n == 1 ? left + (width - left - right) / 2
                      : left + (width - left - right) * static_cast<double>(i) / static_cast<double>(n - 1);
    };
    auto Y = [&](double v) { return top + (height - top - bottom) * (hi - v) / (hi - lo); };
    for (int k = 0; k <= 4; ++k) {
        const double v = lo + (hi - lo) * k / 4;
        s += "<line x1=\"" + f1(left) + "\" x2=\"" + f1(width - right) + "\" y1=\"" + f1(Y(v)) + "\" y2=\"" +
             f1(Y(v)) + "\" stroke=\"#e3e8ee\"/><text x=\"" + f1(left - 4) + "\" y=\"" + f1(Y(v) + 4) +
             "\" font-size=\"11\" text-anchor=\"end\">" + present::number(v, 2, lang) + "</text>";
    }
    const size_t step = std::max<size_t>(1, n / 8);
    for (size_t i = 0; i < n; i += step) {
        s += "<text x=\"" + f1(X(i)) + "\" y=\"" + f1(height - bottom + 16) +
             "\" font-size=\"11\" text-anchor=\"middle\">" + esc(labels[i]) + "</text>";
    }
    for (size_t k = 0; k < series.size(); ++k) {
        const char* color = kSeriesColors[k % 4];
        std::string path;
        bool pen = false;
        for (size_t i = 0; i < n && i < series[k].values.size(); ++i) {
            const double v = series[k].values[i];
            if (!std::isfinite(v)) {
                pen = false;
                continue;
            }
            path += (pen ? "L" : "M") + f1(X(i)) + " " + f1(Y(v));
            pen = true;
            if (n <= 40)
                s += "<circle cx=\"" + f1(X(i)) + "\" cy=\"" + f1(Y(v)) + "\" r=\"2.5\" fill=\"" + color +
                     "\"/>";
        }
        s += "<path d=\"" + path + "\" fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2\"/>";
        s += "<rect x=\"" + f1(left + 160 * static_cast<double>(k)) +
             "\" y=\"6\" width=\"12\" height=\"12\" fill=\"" + color + "\"/><text x=\"" +
             f1(left + 16 + 160 * static_cast<double>(k)) + "\" y=\"16\" font-size=\"12\">" +
             esc(series[k].name) + "</text>";
    }
    return s + "</svg>";
}

} // namespace suara::sync::dashboard
