// The IPA diagram's geometry and its SVG rendering (see ipa_chart.h).
#include "suara/present/ipa_chart.h"

#include "suara/present/catalogue.h"
#include "suara/present/format.h"
#include "suara/present/markup.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace suara::present {

namespace {

// Covers [lo, hi] with a margin, rounded out to 0.1 and kept on the scale.
IpaAxis axis(double lo, double hi, int scalePoints) {
    const double margin = std::max(0.1, 0.08 * (hi - lo));
    IpaAxis a;
    a.lo = std::max(1.0, std::floor((lo - margin) * 10.0 + 1e-9) / 10.0);
    a.hi = std::min(static_cast<double>(scalePoints), std::ceil((hi + margin) * 10.0 - 1e-9) / 10.0);
    if (a.hi - a.lo < 0.1) a.lo = std::max(1.0, a.hi - 0.2), a.hi = a.lo + 0.2;
    const double range = a.hi - a.lo;
    a.step = range <= 1.0 ? 0.1 : range <= 2.5 ? 0.25 : 0.5;
    a.decimals = a.step < 0.2 ? 1 : 2;
    // Ticks on multiples of the step; the index avoids accumulating 0.1 + 0.1 + ... rounding.
    for (double k = std::ceil(a.lo / a.step - 1e-9); k * a.step <= a.hi + 1e-9; k += 1)
        a.ticks.push_back(k * a.step);
    return a;
}

} // namespace

IpaLayout layoutIpa(const IpaInput& in, Lang lang, double width, double height, double labelHeight,
                    const std::function<double(const std::string&)>& labelWidth) {
    assert(width > 0 && height > 0 && labelHeight > 0 && "layoutIpa: a plot needs a size");
    IpaLayout l;
    l.width = width, l.height = height;
    double xMin = in.xCut, xMax = in.xCut, yMin = in.yCut, yMax = in.yCut;
    for (const IpaPoint& p : in.points) {
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
        l.empty = false;
        xMin = std::min(xMin, p.x), xMax = std::max(xMax, p.x);
        yMin = std::min(yMin, p.y), yMax = std::max(yMax, p.y);
    }
    if (l.empty || !std::isfinite(xMin) || !std::isfinite(yMin)) {
        l.empty = true;
        return l;
    }
    l.x = axis(xMin, xMax, in.scalePoints);
    l.y = axis(yMin, yMax, in.scalePoints);
    l.cutX = l.toX(in.xCut), l.cutY = l.toY(in.yCut);
    l.pointRadius = std::max(3.0, 0.4 * labelHeight);
    l.priorityRadius = l.pointRadius * 1.3;

    // The quadrant names sit in the plot's outer corners; point labels keep clear of them.
    const double pad = 0.55 * labelHeight, nameH = 1.2 * labelHeight;
    for (int q = 0; q < 4; ++q) {
        const double w = 1.1 * labelWidth(ipaQuadrantName(q, lang));
        const bool right = q % 2 == 1, lower = q >= 2;
        const double x0 = right ? width - pad - w : pad, y0 = lower ? height - pad - nameH : pad;
        l.corners[static_cast<size_t>(q)] = {x0, y0, x0 + w, y0 + nameH};
    }

    // Label spots around a point, nearest first, in units of the label height: right-above,
    // right-below, left-above, left-below, then further out (a point in a plot corner needs to
    // reach past the quadrant name). The first spot inside the plot whose box overlaps no label
    // placed earlier nor a quadrant name wins, so a cluster of items near 3.5 stays readable;
    // when none is free the nearest spot inside the plot is taken.
    static constexpr double kSpots[][2] = {
        {0.55, -0.45}, {0.55, 1.1},  {-0.7, -0.45}, {-0.7, 1.1},  {0.55, -1.65}, {0.55, 2.3},
        {-0.7, -1.65}, {-0.7, 2.3},  {1.65, 0.35},  {-1.8, 0.35}, {0.55, -2.8},  {0.55, 3.45},
        {-0.7, -2.8},  {-0.7, 3.45}, {0.55, -3.95}, {0.55, 4.6},  {-0.7, -3.95}, {-0.7, 4.6}};
    // Every dot first, so that no label covers another item's dot.
    std::vector<IpaBox> placed(l.corners.begin(), l.corners.end());
    for (size_t i = 0; i < in.points.size(); ++i) {
        const IpaPoint& p = in.points[i];
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
        IpaPlaced out;
        out.index = i;
        out.x = l.toX(p.x), out.y = l.toY(p.y);
        out.labelW = labelWidth(p.label);
        const double r = p.priority ? l.priorityRadius : l.pointRadius;
        placed.push_back({out.x - r, out.y - r, out.x + r, out.y + r});
        l.points.push_back(out);
    }
    const double h = labelHeight;
    for (IpaPlaced& out : l.points) {
        const double w = out.labelW;
        bool inside = false;
        for (const auto& spot : kSpots) {
            const double x = spot[0] < 0 ? out.x + spot[0] * h - w : out.x + spot[0] * h;
            const double y = out.y + spot[1] * h;
            const IpaBox b{x, y - h, x + w, y};
            if (b.x0 < 0 || b.y0 < 0 || b.x1 > width || b.y1 > height) continue;
            if (!inside) out.labelX = x, out.labelY = y, inside = true; // the fallback
            if (std::none_of(placed.begin(), placed.end(), [&](const IpaBox& o) { return b.overlaps(o); })) {
                out.labelX = x, out.labelY = y;
                break;
            }
        }
        if (!inside) { // a plot too small for any spot: beside the point, kept on the plot
            out.labelX = std::clamp(out.x + kSpots[0][0] * h, 0.0, std::max(0.0, width - w));
            out.labelY = std::clamp(out.y + kSpots[0][1] * h, h, std::max(h, height));
        }
        placed.push_back({out.labelX, out.labelY - h, out.labelX + w, out.labelY});
        out.leader = std::abs(out.labelY - (out.y + kSpots[0][1] * h)) > 1.3 * h ||
                     std::abs(out.labelX - (out.x + kSpots[0][0] * h)) > 1.3 * h;
    }
    return l;
}

std::string ipaQuadrantName(int quadrant, Lang lang) {
    assert(quadrant >= 0 && quadrant < 4 && "IPA quadrants are I..IV");
    static constexpr const char* kCodes[] = {"I", "II", "III", "IV"};
    static constexpr Label kNames[] = {Label::QuadI, Label::QuadII, Label::QuadIII, Label::QuadIV};
    return std::string(kCodes[quadrant]) + " \xC2\xB7 " + tr(kNames[quadrant], lang);
}

std::string ipaPointTitle(const IpaPoint& p, Lang lang) {
    return p.label + (p.name.empty() ? "" : ". " + p.name) + " (X " + number(p.x, 2, lang) + "; Y " +
           number(p.y, 2, lang) + ")";
}

namespace {

std::string color(Rgb c) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string s = "#";
    for (uint8_t v : {c.r, c.g, c.b}) s += kHex[v >> 4], s += kHex[v & 15];
    return s;
}

} // namespace

std::string ipaSvg(const IpaInput& in, Lang lang) {
    // The canvas, the plot inside it and the font sizes the labels are measured with.
    constexpr double W = 640, H = 480, left = 62, right = 16, top = 16, bottom = 52;
    constexpr double labelPx = 11, charW = 6.5;
    const IpaLayout l =
        layoutIpa(in, lang, W - left - right, H - top - bottom, labelPx,
                  [](const std::string& s) { return charW * static_cast<double>(s.size()) + 2; });
    if (l.empty) return {};
    auto X = [&](double px) { return svgCoord(left + px); };
    auto Y = [&](double py) { return svgCoord(top + py); };
    auto line = [&](double x1, double y1, double x2, double y2, const std::string& attrs) {
        return "<line x1=\"" + X(x1) + "\" y1=\"" + Y(y1) + "\" x2=\"" + X(x2) + "\" y2=\"" + Y(y2) + "\" " +
               attrs + "/>";
    };
    const std::string ink = color(kIpaInk);
    std::string s = "<svg class=\"chart ipa\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 480\" "
                    "width=\"640\" height=\"480\" role=\"img\" aria-label=\"" +
                    escapeHtml(tr(Label::IpaDiagram, lang)) +
                    "\" font-family=\"Noto Sans, DejaVu Sans, Arial, sans-serif\">\n";
    // Quadrant backgrounds: I top-left, II top-right, III bottom-left, IV bottom-right.
    const double qx[4] = {0, l.cutX, 0, l.cutX}, qy[4] = {0, 0, l.cutY, l.cutY};
    const double qw[4] = {l.cutX, l.width - l.cutX, l.cutX, l.width - l.cutX};
    const double qh[4] = {l.cutY, l.cutY, l.height - l.cutY, l.height - l.cutY};
    for (int q = 0; q < 4; ++q) {
        s += "<rect x=\"" + X(qx[q]) + "\" y=\"" + Y(qy[q]) + "\" width=\"" + svgCoord(qw[q]) +
             "\" height=\"" + svgCoord(qh[q]) + "\" fill=\"" +
             color(kIpaQuadrantFill[static_cast<size_t>(q)]) + "\"/>\n";
    }
    // Grid and ticks.
    for (double v : l.x.ticks) {
        s += line(l.toX(v), 0, l.toX(v), l.height, "stroke=\"#ffffff\" stroke-width=\"1\"");
        s += "<text x=\"" + X(l.toX(v)) + "\" y=\"" + Y(l.height + 15) +
             "\" font-size=\"11\" text-anchor=\"middle\">" + number(v, l.x.decimals, lang) + "</text>\n";
    }
    for (double v : l.y.ticks) {
        s += line(0, l.toY(v), l.width, l.toY(v), "stroke=\"#ffffff\" stroke-width=\"1\"");
        s += "<text x=\"" + X(-6) + "\" y=\"" + Y(l.toY(v) + 4) + "\" font-size=\"11\" text-anchor=\"end\">" +
             number(v, l.y.decimals, lang) + "</text>\n";
    }
    s += "<rect x=\"" + X(0) + "\" y=\"" + Y(0) + "\" width=\"" + svgCoord(l.width) + "\" height=\"" +
         svgCoord(l.height) + "\" fill=\"none\" stroke=\"#555\"/>\n";
    const std::string cutStyle = "stroke=\"" + ink + "\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"";
    s += line(l.cutX, 0, l.cutX, l.height, cutStyle) + "\n" + line(0, l.cutY, l.width, l.cutY, cutStyle) +
         "\n";
    for (int q = 0; q < 4; ++q) {
        const IpaBox& c = l.corners[static_cast<size_t>(q)];
        const bool rightSide = q % 2 == 1;
        s += "<text x=\"" + X(rightSide ? c.x1 : c.x0) + "\" y=\"" + Y(c.y1 - 0.3 * labelPx) +
             "\" font-size=\"12\" font-weight=\"700\" fill=\"" + ink + "\" text-anchor=\"" +
             (rightSide ? "end" : "start") + "\">" + escapeHtml(ipaQuadrantName(q, lang)) + "</text>\n";
    }
    // Leader lines, dots, then labels on top.
    for (const IpaPlaced& p : l.points) {
        if (!p.leader) continue;
        s += line(p.x, p.y, p.labelX + p.labelW / 2, p.labelY - labelPx / 2,
                  "stroke=\"" + color(kIpaLeader) + "\" stroke-width=\"0.7\"");
    }
    for (const IpaPlaced& p : l.points) {
        const IpaPoint& point = in.points[p.index];
        s += "<circle cx=\"" + X(p.x) + "\" cy=\"" + Y(p.y) + "\" r=\"" +
             svgCoord(point.priority ? l.priorityRadius : l.pointRadius) + "\" fill=\"" +
             color(point.priority ? kIpaPriority : kIpaInk) + "\"><title>" +
             escapeHtml(ipaPointTitle(point, lang)) + "</title></circle>\n";
    }
    for (const IpaPlaced& p : l.points) {
        s += "<text x=\"" + X(p.labelX) + "\" y=\"" + Y(p.labelY) + "\" font-size=\"11\" fill=\"#111\">" +
             escapeHtml(in.points[p.index].label) + "</text>\n";
    }
    // Axis titles.
    s += "<text x=\"" + X(l.width / 2) + "\" y=\"" + svgCoord(H - 10) +
         "\" font-size=\"12\" text-anchor=\"middle\">" + escapeHtml(tr(Label::IpaAxisX, lang)) + "</text>\n";
    s += "<text transform=\"translate(16 " + Y(l.height / 2) +
         ") rotate(-90)\" font-size=\"12\" text-anchor=\"middle\">" + escapeHtml(tr(Label::IpaAxisY, lang)) +
         "</text>\n</svg>";
    return s;
}

} // namespace suara::present
