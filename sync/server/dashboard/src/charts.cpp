// Inline SVG charts (see charts.h).
#include "charts.h"

#include "html.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace suara::sync::dashboard {

namespace {

std::string f1(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string fmt2(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
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
                           const std::string& aName, const std::string& bName) {
    const double left = 170, right = 40, top = 30, rowH = 38, width = 720;
    const double plotW = width - left - right;
    const double height = top + rowH * static_cast<double>(groups.size()) + 30;
    auto xOf = [&](double v) { return left + plotW * (std::clamp(v, lo, hi) - lo) / (hi - lo); };
    std::string s = "<svg class=\"chart\" viewBox=\"0 0 " + f1(width) + " " + f1(height) + "\" role=\"img\">";
    if (!aName.empty()) {
        s += "<rect x=\"" + f1(left) + "\" y=\"6\" width=\"12\" height=\"12\" fill=\"" + kColorA +
             "\"/><text x=\"" + f1(left + 16) + "\" y=\"16\" font-size=\"12\">" + esc(aName) + "</text>";
    }
    s += "<rect x=\"" + f1(left + 200) + "\" y=\"6\" width=\"12\" height=\"12\" fill=\"" + kColorB +
         "\"/><text x=\"" + f1(left + 216) + "\" y=\"16\" font-size=\"12\">" + esc(bName) + "</text>";
    for (double t = lo; t <= hi + 1e-9; t += 1) {
        s += "<line x1=\"" + f1(xOf(t)) + "\" x2=\"" + f1(xOf(t)) + "\" y1=\"" + f1(top) + "\" y2=\"" +
             f1(height - 24) + "\" stroke=\"#d5dde5\"/><text x=\"" + f1(xOf(t)) + "\" y=\"" + f1(height - 8) +
             "\" font-size=\"11\" text-anchor=\"middle\">" + f1(t) + "</text>";
    }
    for (size_t i = 0; i < groups.size(); ++i) {
        const BarGroup& g = groups[i];
        const double y = top + rowH * static_cast<double>(i);
        s += "<text x=\"" + f1(left - 6) + "\" y=\"" + f1(y + 21) +
             "\" font-size=\"12\" text-anchor=\"end\">" + esc(g.label) + "</text>";
        for (int k = 0; k < 2; ++k) {
            const double v = k == 0 ? g.a : g.b;
            if (!std::isfinite(v)) continue;
            const double by = y + 4 + k * 15;
            s += "<rect x=\"" + f1(left) + "\" y=\"" + f1(by) + "\" width=\"" +
                 f1(std::max(0.0, xOf(v) - left)) + "\" height=\"13\" fill=\"" +
                 (k == 0 ? kColorA : kColorB) + "\"/><text x=\"" + f1(xOf(v) + 4) + "\" y=\"" + f1(by + 11) +
                 "\" font-size=\"11\">" + fmt2(v) + "</text>";
        }
    }
    return s + "</svg>";
}

std::string ipaSvg(const std::vector<IpaPoint>& points, double xCut, double yCut, const std::string& xName,
                   const std::string& yName, const std::vector<std::string>& quadrantNames) {
    const double size = 460, pad = 48;
    double xlo = xCut, xhi = xCut, ylo = yCut, yhi = yCut;
    for (const IpaPoint& p : points) {
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
        xlo = std::min(xlo, p.x), xhi = std::max(xhi, p.x), ylo = std::min(ylo, p.y),
        yhi = std::max(yhi, p.y);
    }
    // Zoom to the data with a margin, so eighteen points near 3.5 do not sit in one pixel cluster.
    const double xm = std::max(0.15, (xhi - xlo) * 0.15), ym = std::max(0.15, (yhi - ylo) * 0.15);
    xlo -= xm, xhi += xm, ylo -= ym, yhi += ym;
    if (!std::isfinite(xlo) || !std::isfinite(ylo))
        return "<svg class=\"chart\" viewBox=\"0 0 10 10\"></svg>";
    auto X = [&](double v) { return pad + (size - 2 * pad) * (v - xlo) / (xhi - xlo); };
    auto Y = [&](double v) { return size - pad - (size - 2 * pad) * (v - ylo) / (yhi - ylo); };
    std::string s = "<svg class=\"chart\" style=\"max-width:520px\" viewBox=\"0 0 " + f1(size) + " " +
                    f1(size) + "\" role=\"img\"><rect x=\"" + f1(pad) + "\" y=\"" + f1(pad) + "\" width=\"" +
                    f1(size - 2 * pad) + "\" height=\"" + f1(size - 2 * pad) +
                    "\" fill=\"#fff\" stroke=\"#9aa8b6\"/>";
    s += "<line x1=\"" + f1(X(xCut)) + "\" x2=\"" + f1(X(xCut)) + "\" y1=\"" + f1(pad) + "\" y2=\"" +
         f1(size - pad) + "\" stroke=\"#c62828\" stroke-dasharray=\"4 3\"/>";
    s += "<line x1=\"" + f1(pad) + "\" x2=\"" + f1(size - pad) + "\" y1=\"" + f1(Y(yCut)) + "\" y2=\"" +
         f1(Y(yCut)) + "\" stroke=\"#c62828\" stroke-dasharray=\"4 3\"/>";
    if (quadrantNames.size() == 4) {
        // I top-left, II top-right, III bottom-left, IV bottom-right.
        const double qx[4] = {pad + 6, size - pad - 6, pad + 6, size - pad - 6};
        const double qy[4] = {pad + 16, pad + 16, size - pad - 8, size - pad - 8};
        const char* anchor[4] = {"start", "end", "start", "end"};
        for (int i = 0; i < 4; ++i) {
            s += "<text x=\"" + f1(qx[i]) + "\" y=\"" + f1(qy[i]) +
                 "\" font-size=\"12\" fill=\"#5b6b7b\" text-anchor=\"" + anchor[i] + "\">" +
                 esc(quadrantNames[static_cast<size_t>(i)]) + "</text>";
        }
    }
    // Labels: the first of a few spots around the point whose box overlaps no earlier label, so a
    // cluster of items stays readable (a leader line joins a label placed further out).
    struct Box {
        double x0, y0, x1, y1;
    };
    std::vector<Box> placed;
    for (const IpaPoint& p : points) {
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
        const double px = X(p.x), py = Y(p.y);
        s += "<circle cx=\"" + f1(px) + "\" cy=\"" + f1(py) + "\" r=\"4.5\" fill=\"" +
             (p.priority ? "#c62828" : "#0b4f6c") + "\"><title>" + esc(p.label) + ": " + fmt2(p.x) + ", " +
             fmt2(p.y) + "</title></circle>";
        const double w = 6.5 * static_cast<double>(p.label.size()) + 2, h = 11;
        static constexpr double kSpots[][2] = {{6, -5},   {6, 12},  {-8, -5}, {-8, 12}, {6, -18}, {6, 25},
                                               {-8, -18}, {-8, 25}, {18, 4},  {-20, 4}, {6, -31}, {6, 38}};
        double lx = px + 6, ly = py - 5;
        for (const auto& spot : kSpots) {
            const double x = spot[0] < 0 ? px + spot[0] - w : px + spot[0];
            const double y = py + spot[1];
            const Box b{x, y - h, x + w, y};
            bool clash = false;
            for (const Box& o : placed)
                clash = clash || (b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1);
            if (!clash) {
                lx = x, ly = y;
                break;
            }
        }
        placed.push_back({lx, ly - h, lx + w, ly});
        if (std::abs(ly - (py - 5)) > 14 || std::abs(lx - (px + 6)) > 14) {
            s += "<line x1=\"" + f1(px) + "\" y1=\"" + f1(py) + "\" x2=\"" + f1(lx + w / 2) + "\" y2=\"" +
                 f1(ly - h / 2) + "\" stroke=\"#9aa8b6\" stroke-width=\"0.7\"/>";
        }
        s += "<text x=\"" + f1(lx) + "\" y=\"" + f1(ly) + "\" font-size=\"11\">" + esc(p.label) + "</text>";
    }
    s += "<text x=\"" + f1(size / 2) + "\" y=\"" + f1(size - 12) +
         "\" font-size=\"12\" text-anchor=\"middle\">" + esc(xName) + " (" + fmt2(xlo) + " - " + fmt2(xhi) +
         ")</text>";
    s += "<text x=\"14\" y=\"" + f1(size / 2) +
         "\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 " + f1(size / 2) + ")\">" +
         esc(yName) + " (" + fmt2(ylo) + " - " + fmt2(yhi) + ")</text>";
    return s + "</svg>";
}

std::string trendSvg(const std::vector<std::string>& labels, const std::vector<TrendSeries>& series) {
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
             "\" font-size=\"11\" text-anchor=\"end\">" + fmt2(v) + "</text>";
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
