// buildReport: a hand-computed data set for every measure, boundaries, and random data against a
// naive two-pass double implementation written here, to 1e-12.
#include "suara/analytics/report.h"
#include "test_support.h"

#include <boost/math/distributions/fisher_f.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>

using namespace suara::analytics;

namespace {

Response resp(const Instrument& ins, std::vector<uint8_t> e, std::vector<uint8_t> p) {
    Response r;
    r.instrument = ins.id;
    r.instrumentVersion = ins.version;
    r.expectation = std::move(e);
    r.perception = std::move(p);
    return r;
}

Report reportOf(const Instrument& ins, const std::vector<Response>& rs, ReportOptions opt = {}) {
    Accumulator acc(ins);
    for (const auto& r : rs) acc.add(r);
    return buildReport(ins, acc, opt);
}

// ---- the naive oracle: two-pass doubles over the raw rows ----
struct Naive {
    // Listwise rows of a scale (only complete ones).
    static std::vector<std::vector<double>> rows(const std::vector<Response>& rs, bool expectation) {
        std::vector<std::vector<double>> out;
        for (const auto& r : rs) {
            const auto& v = expectation ? r.expectation : r.perception;
            if (std::find(v.begin(), v.end(), uint8_t{0}) != v.end()) continue;
            out.emplace_back(v.begin(), v.end());
        }
        return out;
    }
    static double cov(const std::vector<std::vector<double>>& x, size_t i, size_t j) {
        double mi = 0, mj = 0;
        for (const auto& r : x) mi += r[i], mj += r[j];
        mi /= static_cast<double>(x.size());
        mj /= static_cast<double>(x.size());
        double s = 0;
        for (const auto& r : x) s += (r[i] - mi) * (r[j] - mj);
        return s / static_cast<double>(x.size() - 1);
    }
    static double alpha(const std::vector<std::vector<double>>& x, const std::vector<size_t>& items) {
        double diag = 0, total = 0;
        for (size_t i : items)
            for (size_t j : items) {
                double c = cov(x, i, j);
                total += c;
                if (i == j) diag += c;
            }
        const double k = static_cast<double>(items.size());
        return k / (k - 1) * (1 - diag / total);
    }
    static double alphaStd(const std::vector<std::vector<double>>& x, const std::vector<size_t>& items) {
        double sumR = 0;
        for (size_t i : items)
            for (size_t j : items) sumR += cov(x, i, j) / std::sqrt(cov(x, i, i) * cov(x, j, j));
        const double k = static_cast<double>(items.size());
        return k / (k - 1) * (1 - k / sumR);
    }
    // Pearson r of item i with the sum of `items` (minus item i when corrected).
    static double itemTotal(const std::vector<std::vector<double>>& x, size_t i,
                            const std::vector<size_t>& items, bool corrected) {
        std::vector<double> a, t;
        for (const auto& r : x) {
            double s = 0;
            for (size_t j : items)
                if (!(corrected && j == i)) s += r[j];
            a.push_back(r[i]);
            t.push_back(s);
        }
        double ma = 0, mt = 0;
        for (size_t n = 0; n < a.size(); ++n) ma += a[n], mt += t[n];
        ma /= static_cast<double>(a.size());
        mt /= static_cast<double>(a.size());
        double sat = 0, saa = 0, stt = 0;
        for (size_t n = 0; n < a.size(); ++n) {
            sat += (a[n] - ma) * (t[n] - mt);
            saa += (a[n] - ma) * (a[n] - ma);
            stt += (t[n] - mt) * (t[n] - mt);
        }
        return sat / std::sqrt(saa * stt);
    }
    static void meanSd(const std::vector<Response>& rs, bool expectation, size_t item, double& mean,
                       double& sd) {
        std::vector<double> v;
        for (const auto& r : rs) {
            uint8_t x = (expectation ? r.expectation : r.perception)[item];
            if (x) v.push_back(x);
        }
        mean = 0;
        for (double d : v) mean += d;
        mean /= static_cast<double>(v.size());
        double ss = 0;
        for (double d : v) ss += (d - mean) * (d - mean);
        sd = std::sqrt(ss / static_cast<double>(v.size() - 1));
    }
};

void near(double got, double want, double tol = 1e-12) {
    INFO("got " << got << ", want " << want);
    CHECK(std::fabs(got - want) <= tol * std::max(1.0, std::fabs(want)));
}

} // namespace

TEST_CASE("A hand-computed data set: every measure", "[analytics][report]") {
    const auto ins = suara::test::makeInstrument(2, 1);
    // E: (4,5) (5,5) (3,4); P: (3,4) (4,4) (2,2).
    const auto rep =
        reportOf(ins, {resp(ins, {4, 5}, {3, 4}), resp(ins, {5, 5}, {4, 4}), resp(ins, {3, 4}, {2, 2})});
    REQUIRE(rep.n == 3);
    const auto& i1 = rep.items[0];
    const auto& i2 = rep.items[1];
    near(i1.expectation->mean, 4.0);
    near(i1.perception.mean, 3.0);
    near(i1.perception.sd, 1.0);
    near(i1.gap, -1.0);
    near(i2.gap, -4.0 / 3.0);
    near(i1.tkiPct, 75.0);
    near(i2.tkiPct, 1000.0 / 14.0);
    CHECK(i1.perception.freq == std::vector<uint64_t>{0, 1, 1, 1, 0});
    near(rep.dimensions[0].gap, -7.0 / 6.0);
    near(rep.dimensions[0].tkiPct, 1900.0 / 26.0);
    near(rep.overall->gap, -7.0 / 6.0);
    near(rep.overall->gapItems, -7.0 / 6.0);
    near(rep.overall->tkiPct, 1900.0 / 26.0);
    // CSI: WF = (12/26, 14/26), WS = 36/26 + 140/78 = 248/78; CSI = 248/78 / 5 x 100.
    near(rep.overall->csiPct, 248.0 / 78.0 / 5.0 * 100.0);
    CHECK(rep.overall->csiCategory == CsiBand::CukupPuas);
    // Perception: var = (1, 4/3), cov = 1, var(total) = 13/3: alpha = 2 (1 - 7/13) = 12/13.
    near(rep.perceptionReliability.alpha, 12.0 / 13.0);
    const double r12 = 1.0 / std::sqrt(4.0 / 3.0);
    near(rep.perceptionReliability.alphaStd, 2 * r12 / (1 + r12));
    near(i1.perception.rCorrected, r12);             // with two items the rest is the other item
    CHECK(std::isnan(i1.perception.alphaIfDeleted)); // alpha of one item is undefined
    CHECK(rep.perceptionReliability.n == 3);
    // IPA by grand mean: x = (3, 10/3), y = (4, 14/3); item 1 is low-low, item 2 high-high.
    near(rep.ipa->xCut, 19.0 / 6.0);
    near(rep.ipa->yCut, 13.0 / 3.0);
    CHECK(i1.quadrant == Quadrant::III);
    CHECK(i2.quadrant == Quadrant::II);
    CHECK(rep.ipa->priorityItems.empty());
    // Categories: P mean 3.0 -> cukup puas; 60 % -> cukup puas.
    CHECK(i1.scoreCategory == Category::CukupPuas);
    near(i1.perceptionPct, 60.0);
    // Validity with n = 3: df = 1, critical r = t(0.975, 1) / sqrt(1 + t^2) = 0.99692.
    near(rep.validity.rCritical, criticalR(1.0));
    CHECK(rep.validity.rCritical == Approx(0.996917).margin(1e-6));
}

TEST_CASE("IPA: a point exactly on a cut line counts as high; midpoint rule", "[analytics][report]") {
    const auto ins = suara::test::makeInstrument(2, 1);
    // Item 1 at (P 3, E 4), item 2 at (P 3, E 2): x cut = 3 exactly, both items are "high X".
    const std::vector<Response> rs = {resp(ins, {4, 2}, {3, 3}), resp(ins, {4, 2}, {3, 3})};
    auto rep = reportOf(ins, rs);
    CHECK(rep.items[0].quadrant == Quadrant::II);
    CHECK(rep.items[1].quadrant == Quadrant::IV);
    ReportOptions mid;
    mid.ipaCut = IpaCutRule::Midpoint;
    rep = reportOf(ins, rs, mid);
    CHECK(rep.ipa->xCut == 3.0);
    CHECK(rep.items[0].quadrant == Quadrant::II); // x = 3 on the midpoint line: high
    CHECK(rep.items[1].quadrant == Quadrant::IV);
    // Quadrant I: important but poorly performed.
    rep = reportOf(ins, {resp(ins, {5, 2}, {1, 5})});
    CHECK(rep.items[0].quadrant == Quadrant::I);
    CHECK(rep.ipa->priorityItems == std::vector<int>{1});
}

TEST_CASE("Random data agrees with a naive two-pass computation to 1e-12", "[analytics][report]") {
    for (uint64_t seed : {1u, 2u, 3u, 4u}) {
        const auto ins = suara::test::makeInstrument(18, 5);
        const auto rs = suara::test::randomResponses(ins, 150 + 100 * seed, seed, seed == 4 ? 0.0 : 0.02);
        const auto rep = reportOf(ins, rs);
        for (bool e : {true, false}) {
            const auto x = Naive::rows(rs, e);
            const auto& rel = e ? *rep.expectationReliability : rep.perceptionReliability;
            REQUIRE(rel.n == x.size());
            std::vector<size_t> all(18);
            std::iota(all.begin(), all.end(), size_t{0});
            near(rel.alpha, Naive::alpha(x, all));
            near(rel.alphaStd, Naive::alphaStd(x, all));
            for (size_t i = 0; i < 18; ++i) {
                const auto& s = e ? *rep.items[i].expectation : rep.items[i].perception;
                double mean, sd;
                Naive::meanSd(rs, e, i, mean, sd);
                near(s.mean, mean);
                near(s.sd, sd);
                near(s.rItemTotal, Naive::itemTotal(x, i, all, false));
                near(s.rCorrected, Naive::itemTotal(x, i, all, true));
                std::vector<size_t> rest;
                for (size_t j : all)
                    if (j != i) rest.push_back(j);
                near(s.alphaIfDeleted, Naive::alpha(x, rest));
            }
            for (size_t d = 0; d < ins.dimensions.size(); ++d) {
                std::vector<size_t> items(ins.dimensions[d].items.begin(), ins.dimensions[d].items.end());
                const auto& sum = e ? *rep.dimensions[d].expectation : rep.dimensions[d].perception;
                near(sum.alpha, Naive::alpha(x, items));
                near(sum.alphaStd, Naive::alphaStd(x, items));
            }
        }
        // Gaps over complete pairs, Tki over all answers, CSI from the item means.
        double csiNum = 0, sumMeanE = 0;
        for (size_t i = 0; i < 18; ++i) {
            double gap = 0, pairs = 0, sumE = 0, sumP = 0;
            for (const auto& r : rs) {
                if (r.expectation[i] && r.perception[i]) gap += r.perception[i] - r.expectation[i], ++pairs;
                sumE += r.expectation[i];
                sumP += r.perception[i];
            }
            near(rep.items[i].gap, gap / pairs);
            near(rep.items[i].tkiPct, sumP / sumE * 100);
            sumMeanE += rep.items[i].expectation->mean;
            csiNum += rep.items[i].expectation->mean * rep.items[i].perception.mean;
        }
        near(rep.overall->csiPct, csiNum / sumMeanE / 5 * 100);
    }
}

TEST_CASE("skm-9: IKM = mean NRR x 25 with both grades", "[analytics][report]") {
    auto reg = loadDefaultInstruments();
    REQUIRE(reg);
    const Instrument& skm = *reg->find("skm-9");
    Accumulator acc(skm);
    // Two respondents: all 3s, and all 4s but one 2 -> NRR = 3.5 except unsur 1 = 2.5.
    Response a, b;
    a.instrument = b.instrument = "skm-9";
    a.perception.assign(9, 3);
    b.perception.assign(9, 4);
    b.perception[0] = 2;
    acc.add(a);
    acc.add(b);
    const auto rep = buildReport(skm, acc);
    REQUIRE(rep.ikm);
    CHECK_FALSE(rep.overall);
    CHECK_FALSE(rep.ipa);
    near(rep.ikm->meanNrr, (2.5 + 8 * 3.5) / 9);
    near(rep.ikm->value, (2.5 + 8 * 3.5) / 9 * 25);
    CHECK(rep.ikm->grade == 'B');     // 84.72 is in [76.61, 88.31)
    CHECK(rep.ikm->grade2004 == 'A'); // and above 81.26 under the 2004 rule
    const auto json = nlohmann::json::parse(reportToJson(rep, skm));
    CHECK(json["ikm"]["grade"] == "B");
    CHECK_FALSE(json.contains("overall"));
    CHECK_FALSE(json["items"][0].contains("expectation"));
    CHECK(json["items"][0]["nrr"].get<double>() == 2.5);
}

TEST_CASE("Report JSON carries the contract keys; NaN is null", "[analytics][report]") {
    auto reg = loadDefaultInstruments();
    REQUIRE(reg);
    const Instrument& sq = *reg->find("servqual-ektp-18");
    Accumulator acc(sq);
    for (const auto& r : suara::test::randomResponses(sq, 50, 5)) acc.add(r);
    const auto json = nlohmann::json::parse(reportToJson(buildReport(sq, acc), sq));
    CHECK(json["instrument"] == "servqual-ektp-18");
    CHECK(json["instrument_version"] == 1);
    CHECK(json["n"] == 50);
    REQUIRE(json["items"].size() == 18);
    for (const char* key : {"number", "dimension", "expectation", "perception", "gap", "tki_pct",
                            "ipa_quadrant", "score_category", "valid"})
        CHECK(json["items"][0].contains(key));
    for (const char* key : {"n", "mean", "sd", "freq", "r_item_total", "r_corrected", "alpha_if_deleted"})
        CHECK(json["items"][0]["perception"].contains(key));
    CHECK(json["items"][0]["perception"]["freq"].size() == 5);
    CHECK(json["dimensions"].size() == 5);
    CHECK(json["dimensions"][0]["expectation"].contains("alpha"));
    for (const char* key :
         {"gap", "gap_items", "tki_pct", "csi_pct", "csi_category", "perception_pct", "pct_category"})
        CHECK(json["overall"].contains(key));
    CHECK(json["reliability"]["perception"].contains("alpha_std"));
    CHECK(json["validity"]["significance"] == 0.05);
    CHECK(json["ipa"]["cut_rule"] == "grand_mean");
    CHECK(json["profile"]["gender"].contains("L"));

    // Issue 13: psych::alpha's total row on every scale and dimension, intervals on every item,
    // each interval around its estimate.
    auto around = [](const nlohmann::json& ci, double estimate) {
        REQUIRE(ci.is_array());
        REQUIRE(ci.size() == 2);
        CHECK(ci[0].get<double>() < estimate);
        CHECK(estimate < ci[1].get<double>());
    };
    for (const auto* scale : {&json["reliability"]["perception"], &json["reliability"]["expectation"],
                              &json["dimensions"][0]["perception"], &json["dimensions"][4]["expectation"]}) {
        for (const char* key : {"g6_smc", "average_r", "s_n", "ase", "median_r"})
            CHECK((*scale)[key].is_number());
        around((*scale)["feldt_ci"], (*scale)["alpha"].get<double>());
        around((*scale)["duhachek_ci"], (*scale)["alpha"].get<double>());
    }
    for (const auto& item : json["items"]) {
        around(item["gap_ci"], item["gap"].get<double>());
        around(item["expectation"]["mean_ci"], item["expectation"]["mean"].get<double>());
        around(item["perception"]["mean_ci"], item["perception"]["mean"].get<double>());
    }
    for (const auto& dim : json["dimensions"]) {
        around(dim["gap_ci"], dim["gap"].get<double>());
        around(dim["tki_ci"], dim["tki_pct"].get<double>());
        around(dim["expectation"]["mean_ci"], dim["expectation"]["mean"].get<double>());
        around(dim["perception"]["mean_ci"], dim["perception"]["mean"].get<double>());
    }
    around(json["overall"]["expectation_mean_ci"], json["overall"]["expectation_mean"].get<double>());
    around(json["overall"]["perception_mean_ci"], json["overall"]["perception_mean"].get<double>());
    around(json["overall"]["gap_ci"], json["overall"]["gap"].get<double>());
    around(json["overall"]["tki_ci"], json["overall"]["tki_pct"].get<double>());
    around(json["overall"]["csi_ci"], json["overall"]["csi_pct"].get<double>());

    // An empty accumulator: means are undefined and come out as null, never as NaN text.
    const std::string empty = reportToJson(buildReport(sq, Accumulator(sq)), sq);
    CHECK(empty.find("nan") == std::string::npos);
    const auto emptyJson = nlohmann::json::parse(empty);
    CHECK(emptyJson["items"][0]["perception"]["mean"].is_null());
    // ... and so is every category that classifies an undefined number.
    CHECK(emptyJson["items"][0]["score_category"].is_null());
    CHECK(emptyJson["items"][0]["gap_ci"][0].is_null());
    CHECK(emptyJson["overall"]["gap_ci"][0].is_null());
    CHECK(emptyJson["overall"]["csi_ci"][1].is_null());
    CHECK(emptyJson["dimensions"][0]["tki_ci"][0].is_null());
    CHECK(emptyJson["dimensions"][0]["perception"]["mean_ci"][0].is_null());
    CHECK(emptyJson["overall"]["expectation_mean_ci"][1].is_null());
    CHECK(emptyJson["reliability"]["perception"]["feldt_ci"][1].is_null());
    CHECK(emptyJson["reliability"]["perception"]["g6_smc"].is_null());
    CHECK(emptyJson["items"][0]["ipa_quadrant"].is_null());
    CHECK(emptyJson["overall"]["csi_category"].is_null());
    CHECK(emptyJson["dimensions"][0]["pct_category"].is_null());
}

TEST_CASE("Numbers are printed with %.17g, never pre-rounded", "[analytics][report]") {
    const auto ins = suara::test::makeInstrument(2, 1);
    Accumulator acc(ins);
    for (const auto& r : {resp(ins, {4, 5}, {3, 4}), resp(ins, {5, 5}, {4, 4}), resp(ins, {3, 4}, {2, 2})})
        acc.add(r);
    const std::string text = reportToJson(buildReport(ins, acc), ins);
    CHECK(text.find("\"gap\": -1.3333333333333333") != std::string::npos);
    CHECK(text.find("\"tki_pct\": 71.428571428571431") != std::string::npos);
}

TEST_CASE("Small profile cells are suppressed when asked, with a second cell", "[analytics][report]") {
    const auto ins = suara::test::makeInstrument(2, 1);
    Accumulator acc(ins);
    auto add = [&](const char* gender, int times) {
        for (int i = 0; i < times; ++i) {
            Response r = resp(ins, {3, 3}, {3, 3});
            r.profile[ProfileField::Gender] = gender;
            acc.add(r);
        }
    };
    add("L", 3);
    add("P", 9);
    add("", 2);
    auto rep = buildReport(ins, acc);
    CHECK(rep.profile[0].cells[0].count == 3u);
    CHECK(rep.profile[0].notAnswered == 2);
    ReportOptions opt;
    opt.suppressSmallCells = true;
    rep = buildReport(ins, acc, opt);
    // L (3) is small; P alone would reveal it from the total, so P is hidden too.
    CHECK_FALSE(rep.profile[0].cells[0].count);
    CHECK_FALSE(rep.profile[0].cells[1].count);
    const auto json = nlohmann::json::parse(reportToJson(rep, ins));
    CHECK(json["profile"]["gender"]["L"].is_null());
    CHECK(json["profile"]["age_band"]["17-25"] == 0); // zero reveals nothing and is shown
}

TEST_CASE("ikm.ci: the t-interval of the respondent mean score on complete data, the delta method "
          "agreeing with a bootstrap with missing answers",
          "[analytics][report][inference]") {
    const auto ins = suara::test::makeInstrument(9, 1, false, 4);
    const double scale = 100.0 / 4;

    // Complete data: two-pass over each respondent's mean score, and Boost's t quantile.
    const auto complete = suara::test::randomResponses(ins, 250, 31, 0.0, false);
    Accumulator acc(ins);
    for (const auto& r : complete) acc.add(r);
    const auto rep = buildReport(ins, acc);
    std::vector<double> scores;
    for (const auto& r : complete) {
        double s = 0;
        for (uint8_t v : r.perception) s += v;
        scores.push_back(s / 9.0 * scale);
    }
    double m = 0, ss = 0;
    for (double s : scores) m += s / 250.0;
    for (double s : scores) ss += (s - m) * (s - m);
    const double half = studentTQuantile(0.975, 249) * std::sqrt(ss / 249.0) / std::sqrt(250.0);
    CHECK(rep.ikm->value == Approx(m).epsilon(1e-12));
    CHECK(rep.ikm->ci[0] == Approx(m - half).epsilon(1e-10));
    CHECK(rep.ikm->ci[1] == Approx(m + half).epsilon(1e-10));

    // 6 % missing: the delta-method standard error against the standard deviation of 2,000
    // bootstrap replicates of the IKM on the raw responses (fixed seed). The bootstrap's own
    // relative error is about 1 / sqrt(2 B) = 1.6 %; 8 % allows for that and the approximation.
    const auto missing = suara::test::randomResponses(ins, 400, 32, 0.06, false);
    Accumulator accM(ins);
    for (const auto& r : missing) accM.add(r);
    const auto repM = buildReport(ins, accM);
    REQUIRE(accM.moments(Scale::Perception).n < 400);
    const double se = (repM.ikm->ci[1] - repM.ikm->ci[0]) / 2.0 / 1.959963984540054;
    std::mt19937_64 rng(33);
    std::uniform_int_distribution<size_t> pick(0, missing.size() - 1);
    double sum = 0, sumSq = 0;
    const int kReplicates = 2000;
    for (int b = 0; b < kReplicates; ++b) {
        Accumulator boot(ins);
        for (size_t r = 0; r < missing.size(); ++r) boot.add(missing[pick(rng)]);
        const double v = buildReport(ins, boot).ikm->value;
        sum += v;
        sumSq += v * v;
    }
    const double bootSd = std::sqrt((sumSq - sum * sum / kReplicates) / (kReplicates - 1));
    INFO("delta se " << se << ", bootstrap sd " << bootSd);
    CHECK(std::fabs(se / bootSd - 1.0) < 0.08);
}

TEST_CASE(
    "Dimension and overall gap, Tki, CSI and mean intervals agree with a bootstrap with missing answers",
    "[analytics][report][inference]") {
    // 3 % missing: each delta-method standard error against the standard deviation of 2,000
    // bootstrap replicates on the raw responses (fixed seed); the bootstrap's own relative error
    // is about 1.6 %, so 8 % allows for that and the approximation, as for ikm.ci.
    const auto ins = suara::test::makeInstrument(10, 3, true, 5);
    const auto rs = suara::test::randomResponses(ins, 400, 52, 0.03, false);
    Accumulator acc(ins);
    for (const auto& r : rs) acc.add(r);
    REQUIRE(acc.pairMoments().n < 300);
    const auto rep = buildReport(ins, acc);
    auto figures = [&](const Report& r) {
        std::vector<double> v{r.overall->gap, r.overall->tkiPct, r.overall->csiPct,
                              r.overall->expectationMean, r.overall->perceptionMean};
        for (const auto& d : r.dimensions) {
            v.push_back(d.gap);
            v.push_back(d.tkiPct);
            v.push_back(d.expectation->mean);
            v.push_back(d.perception.mean);
        }
        return v;
    };
    std::vector<Interval> cis{rep.overall->gapCi, rep.overall->tkiCi, rep.overall->csiCi,
                              rep.overall->expectationMeanCi, rep.overall->perceptionMeanCi};
    for (const auto& d : rep.dimensions) {
        cis.push_back(d.gapCi);
        cis.push_back(d.tkiCi);
        cis.push_back(d.expectation->meanCi);
        cis.push_back(d.perception.meanCi);
    }
    const std::vector<double> point = figures(rep);
    std::mt19937_64 rng(53);
    std::uniform_int_distribution<size_t> pick(0, rs.size() - 1);
    std::vector<double> sum(point.size()), sumSq(point.size());
    const int kReplicates = 2000;
    for (int b = 0; b < kReplicates; ++b) {
        Accumulator boot(ins);
        for (size_t r = 0; r < rs.size(); ++r) boot.add(rs[pick(rng)]);
        const std::vector<double> v = figures(buildReport(ins, boot));
        for (size_t f = 0; f < v.size(); ++f) {
            sum[f] += v[f];
            sumSq[f] += v[f] * v[f];
        }
    }
    for (size_t f = 0; f < point.size(); ++f) {
        const double se = (cis[f][1] - cis[f][0]) / 2.0 / 1.959963984540054;
        const double bootSd = std::sqrt((sumSq[f] - sum[f] * sum[f] / kReplicates) / (kReplicates - 1));
        INFO("figure " << f << ": estimate " << point[f] << ", delta se " << se << ", bootstrap sd "
                       << bootSd);
        CHECK(cis[f][0] < point[f]);
        CHECK(std::fabs((cis[f][0] + cis[f][1]) / 2.0 - point[f]) < 1e-9);
        CHECK(std::fabs(se / bootSd - 1.0) < 0.08);
    }
}

TEST_CASE("ikm.ci covers the population IKM 94-96 % of the time over 1,000 samples",
          "[analytics][report][inference]") {
    const auto ins = suara::test::makeInstrument(9, 1, false, 4);
    for (double missing : {0.0, 0.05}) {
        // The population: 100,000 respondents; its IKM is the true value the samples estimate.
        const auto population = suara::test::randomResponses(ins, 100000, 41, missing, false);
        Accumulator all(ins);
        for (const auto& r : population) all.add(r);
        const double truth = buildReport(ins, all).ikm->value;
        std::mt19937_64 rng(42);
        std::uniform_int_distribution<size_t> pick(0, population.size() - 1);
        int covered = 0;
        for (int s = 0; s < 1000; ++s) {
            Accumulator sample(ins);
            for (int r = 0; r < 200; ++r) sample.add(population[pick(rng)]);
            const Interval ci = buildReport(ins, sample).ikm->ci;
            covered += ci[0] <= truth && truth <= ci[1];
        }
        INFO("missing " << missing << ": covered " << covered << " of 1000");
        CHECK(covered >= 940);
        CHECK(covered <= 960);
    }
}

TEST_CASE("Feldt's interval is Boost's F quantiles exactly, whatever (n, k) came before",
          "[analytics][report]") {
    // alphaStats keeps the last eight (n, k) quantile pairs per thread: twelve pairs, visited
    // forwards and backwards twice, evict and hit that memory in every order.
    std::vector<std::pair<uint64_t, int>> pairs;
    for (uint64_t n : {2u, 31u, 500u, 10043u})
        for (int k : {2, 4, 18}) pairs.emplace_back(n, k);
    std::vector<std::pair<uint64_t, int>> visits = pairs;
    visits.insert(visits.end(), pairs.rbegin(), pairs.rend());
    visits.insert(visits.end(), pairs.begin(), pairs.end());
    for (const auto& [n, k] : visits) {
        const auto kk = static_cast<size_t>(k);
        std::vector<double> cov(kk * kk, 0.4);
        for (size_t i = 0; i < kk; ++i) cov[i * kk + i] = 1.0 + 0.1 * static_cast<double>(i);
        const double alpha = 0.7;
        const AlphaStats s = alphaStats(cov, k, n, alpha);
        const double df1 = static_cast<double>(n) - 1.0;
        const boost::math::fisher_f f(df1, df1 * (k - 1.0));
        INFO("n " << n << ", k " << k);
        CHECK(s.feldtCi[0] == 1.0 - (1.0 - alpha) * boost::math::quantile(f, 0.975));
        CHECK(s.feldtCi[1] == 1.0 - (1.0 - alpha) * boost::math::quantile(f, 0.025));
    }
}

TEST_CASE("Validity: both critical values from one t quantile, the expectation's own when its n differs",
          "[analytics][report]") {
    const Instrument ins = suara::test::makeInstrument(18, 5);
    std::vector<Response> rs;
    std::mt19937_64 rng(11);
    for (int i = 0; i < 60; ++i) {
        std::vector<uint8_t> e(18), p(18);
        for (auto& v : e) v = static_cast<uint8_t>(1 + rng() % 5);
        for (auto& v : p) v = static_cast<uint8_t>(1 + rng() % 5);
        if (i % 7 == 0) e[3] = 0; // skipped: fewer listwise-complete expectations
        rs.push_back(resp(ins, e, p));
    }
    const Report rep = reportOf(ins, rs);
    REQUIRE(rep.expectationValidity);
    CHECK(rep.validity.n == 60);
    CHECK(rep.expectationValidity->n == 51);
    for (const Validity* v : {&rep.validity, &*rep.expectationValidity}) {
        CHECK(v->rCritical == criticalR(v->df, 0.05));
        CHECK(v->tCritical == studentTQuantile(0.975, v->df));
    }
}

TEST_CASE("The 95 % intervals cover the population's values 94-96 % of the time over 4,000 samples",
          "[analytics][report][inference]") {
    // A population of 100,000 respondents (10 items in 3 dimensions, 5 points), complete and with
    // 5 % of the answers skipped; 4,000 samples of 200 drawn from it with replacement. Every
    // interval's coverage of the population's own figure is counted. At a true 95 % one figure's
    // count has a binomial standard error of 0.34 %: the average over the 25 intervals must lie in
    // 94-96 %, and each one within 1.96 standard errors of that band (93.3-96.7 %).
    const auto ins = suara::test::makeInstrument(10, 3, true, 5);
    struct Figure {
        std::string name;
        double value;
        Interval ci;
    };
    auto figures = [&](const Report& r) {
        std::vector<Figure> v{{"overall gap", r.overall->gap, r.overall->gapCi},
                              {"overall tki", r.overall->tkiPct, r.overall->tkiCi},
                              {"overall csi", r.overall->csiPct, r.overall->csiCi},
                              {"overall E", r.overall->expectationMean, r.overall->expectationMeanCi},
                              {"overall P", r.overall->perceptionMean, r.overall->perceptionMeanCi}};
        for (const auto& d : r.dimensions) {
            v.push_back({d.id + " gap", d.gap, d.gapCi});
            v.push_back({d.id + " tki", d.tkiPct, d.tkiCi});
            v.push_back({d.id + " E", d.expectation->mean, d.expectation->meanCi});
            v.push_back({d.id + " P", d.perception.mean, d.perception.meanCi});
        }
        for (size_t i : {0u, 7u}) {
            const ItemReport& it = r.items[i];
            v.push_back({"item " + std::to_string(i) + " gap", it.gap, it.gapCi});
            v.push_back({"item " + std::to_string(i) + " E", it.expectation->mean, it.expectation->meanCi});
            v.push_back({"item " + std::to_string(i) + " P", it.perception.mean, it.perception.meanCi});
        }
        const Reliability& rel = r.perceptionReliability;
        v.push_back({"alpha P feldt", rel.alpha, rel.stats.feldtCi});
        v.push_back({"alpha P duhachek", rel.alpha, rel.stats.duhachekCi});
        return v;
    };
    for (double missing : {0.0, 0.05}) {
        const auto population = suara::test::randomResponses(ins, 100000, 61, missing, false);
        Accumulator all(ins);
        for (const auto& r : population) all.add(r);
        const std::vector<Figure> truth = figures(buildReport(ins, all));
        std::vector<int> covered(truth.size());
        std::mt19937_64 rng(62);
        std::uniform_int_distribution<size_t> pick(0, population.size() - 1);
        const int kSamples = 4000;
        for (int s = 0; s < kSamples; ++s) {
            Accumulator sample(ins);
            for (int r = 0; r < 200; ++r) sample.add(population[pick(rng)]);
            const std::vector<Figure> f = figures(buildReport(ins, sample));
            for (size_t i = 0; i < f.size(); ++i)
                covered[i] += f[i].ci[0] <= truth[i].value && truth[i].value <= f[i].ci[1];
        }
        double sum = 0;
        for (size_t i = 0; i < truth.size(); ++i) {
            const double share = 100.0 * covered[i] / kSamples;
            INFO("missing " << missing << ", " << truth[i].name << ": " << share << " %");
            CHECK(share >= 93.3);
            CHECK(share <= 96.7);
            sum += share;
        }
        const double average = sum / static_cast<double>(truth.size());
        INFO("missing " << missing << ": average coverage " << average << " %");
        CHECK(average >= 94.0);
        CHECK(average <= 96.0);
    }
}
