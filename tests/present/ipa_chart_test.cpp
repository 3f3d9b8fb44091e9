// The IPA diagram's geometry: axes cover the data and stay on the scale, points land in their
// quadrant, labels of a tight cluster do not overlap, and the SVG draws what the layout placed.
#include "suara/present/ipa_chart.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>

using namespace suara::present;

namespace {

double charWidth(const std::string& s) {
    return 6.5 * static_cast<double>(s.size()) + 2;
}

IpaInput cluster(int n, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> around(3.5, 0.12);
    IpaInput in;
    for (int i = 1; i <= n; ++i)
        in.points.push_back({std::to_string(i), "", around(rng), around(rng), false});
    double sx = 0, sy = 0;
    for (const IpaPoint& p : in.points) sx += p.x, sy += p.y;
    in.xCut = sx / n, in.yCut = sy / n;
    return in;
}

size_t occurrences(const std::string& s, const std::string& what) {
    size_t n = 0;
    for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
    return n;
}

} // namespace

TEST_CASE("IPA: the axes cover every point and both cut lines, inside the scale", "[present]") {
    IpaInput in;
    in.points = {{"1", "", 4.95, 1.02, false}, {"2", "", 3.1, 4.4, true}, {"3", "", NAN, 3.0, false}};
    in.xCut = 4.0, in.yCut = 2.7;
    const IpaLayout l = layoutIpa(in, Lang::Id, 560, 410, 11, charWidth);
    REQUIRE_FALSE(l.empty);
    CHECK(l.x.lo <= 3.1);
    CHECK(l.x.hi >= 4.95);
    CHECK(l.x.hi <= 5.0); // the margin never runs past the scale
    CHECK(l.y.lo >= 1.0);
    CHECK(l.y.lo <= 1.02);
    CHECK(l.y.hi >= 4.4);
    for (const IpaAxis* a : {&l.x, &l.y}) {
        REQUIRE(a->ticks.size() >= 2);
        for (size_t i = 0; i < a->ticks.size(); ++i) {
            CHECK(a->ticks[i] >= a->lo - 1e-9);
            CHECK(a->ticks[i] <= a->hi + 1e-9);
            if (i) CHECK(a->ticks[i] - a->ticks[i - 1] == Approx(a->step));
        }
    }
    CHECK(l.points.size() == 2); // the point without a mean is left out
}

TEST_CASE("IPA: each point lands in its quadrant, a point on a cut line on the line", "[present]") {
    IpaInput in;
    in.xCut = 3.5, in.yCut = 3.5;
    in.points = {{"I", "", 3.0, 4.0, true},
                 {"II", "", 4.0, 4.0, false},
                 {"III", "", 3.0, 3.0, false},
                 {"IV", "", 4.0, 3.0, false},
                 {"cut", "", 3.5, 3.5, false}};
    const IpaLayout l = layoutIpa(in, Lang::Id, 400, 300, 11, charWidth);
    REQUIRE(l.points.size() == 5);
    const auto& p = l.points;
    CHECK((p[0].x < l.cutX && p[0].y < l.cutY)); // screen y grows downwards: high importance is up
    CHECK((p[1].x > l.cutX && p[1].y < l.cutY));
    CHECK((p[2].x < l.cutX && p[2].y > l.cutY));
    CHECK((p[3].x > l.cutX && p[3].y > l.cutY));
    CHECK(p[4].x == Approx(l.cutX));
    CHECK(p[4].y == Approx(l.cutY));
    for (const IpaPlaced& q : p) {
        CHECK(q.x >= 0);
        CHECK(q.x <= l.width);
        CHECK(q.y >= 0);
        CHECK(q.y <= l.height);
    }
}

TEST_CASE("IPA: eighteen items around 3.5 get labels that overlap no label and no dot", "[present]") {
    for (uint64_t seed = 1; seed <= 20; ++seed) {
        const IpaInput in = cluster(18, seed);
        const IpaLayout l = layoutIpa(in, Lang::Id, 562, 412, 11, charWidth);
        REQUIRE(l.points.size() == 18);
        int overlaps = 0;
        for (size_t i = 0; i < l.points.size(); ++i)
            for (size_t j = i + 1; j < l.points.size(); ++j) {
                const IpaPlaced &a = l.points[i], &b = l.points[j];
                overlaps += a.labelX < b.labelX + b.labelW && b.labelX < a.labelX + a.labelW &&
                            a.labelY - 11 < b.labelY && b.labelY - 11 < a.labelY;
            }
        for (const IpaPlaced& label : l.points)
            for (const IpaPlaced& dot : l.points) {
                const double r = l.pointRadius;
                overlaps += label.labelX < dot.x + r && dot.x - r < label.labelX + label.labelW &&
                            label.labelY - 11 < dot.y + r && dot.y - r < label.labelY;
            }
        INFO("seed " << seed);
        CHECK(overlaps == 0);
    }
}

TEST_CASE("IPA: labels stay on the plot and clear of the quadrant names, at the scale's edges too",
          "[present]") {
    // One respondent: every mean is a whole score, so points sit on the edges and corners.
    IpaInput in;
    int n = 0;
    for (double x : {1.0, 2.0, 3.0, 4.0, 5.0})
        for (double y : {4.0, 5.0}) in.points.push_back({std::to_string(++n), "", x, y, x < 2.9 && y > 4.5});
    in.xCut = 2.9, in.yCut = 4.5;
    for (Lang lang : {Lang::Id, Lang::En}) {
        const IpaLayout l = layoutIpa(in, lang, 500, 340, 14, charWidth);
        REQUIRE(l.points.size() == in.points.size());
        for (const IpaPlaced& p : l.points) {
            const IpaBox box{p.labelX, p.labelY - 14, p.labelX + p.labelW, p.labelY};
            INFO("label " << in.points[p.index].label << " at " << box.x0 << "," << box.y0);
            CHECK(box.x0 >= 0);
            CHECK(box.y0 >= 0);
            CHECK(box.x1 <= l.width);
            CHECK(box.y1 <= l.height);
            for (const IpaBox& corner : l.corners) CHECK_FALSE(box.overlaps(corner));
        }
        for (const IpaBox& corner : l.corners) {
            CHECK(corner.x0 >= 0);
            CHECK(corner.x1 <= l.width);
        }
    }
}

TEST_CASE("IPA SVG: one circle per drawn item, localised ticks, quadrant names, escaping", "[present]") {
    IpaInput in = cluster(18, 3);
    in.points[4].priority = true;
    in.points[5].x = NAN;
    in.points[6].name = "Sarana & <prasarana>";
    const std::string id = ipaSvg(in, Lang::Id), en = ipaSvg(in, Lang::En);
    CHECK(id.rfind("<svg", 0) == 0);
    CHECK(occurrences(id, "<circle") == 17);
    CHECK(occurrences(id, "fill=\"#c62828\"") == 1); // the priority item
    CHECK(id.find("Sarana &amp; &lt;prasarana&gt;") != std::string::npos);
    CHECK(id.find("<prasarana>") == std::string::npos);
    CHECK(id.find("I \xC2\xB7 Prioritas utama") != std::string::npos);
    CHECK(en.find("I \xC2\xB7 Top priority") != std::string::npos);
    CHECK(id.find("3,5<") != std::string::npos); // ticks with the decimal comma ...
    CHECK(en.find("3.5<") != std::string::npos); // ... and the point in English
    CHECK(occurrences(id, "<text") == occurrences(en, "<text"));

    IpaInput none;
    none.points = {{"1", "", NAN, NAN, false}};
    CHECK(ipaSvg(none, Lang::Id).empty());
    CHECK(layoutIpa(none, Lang::Id, 100, 100, 11, charWidth).empty);
}
