// Tests of differences (compare.h) against R, to 1e-9, on data generated here.
//
// Welch: two groups of simulated responses go through Accumulator and buildReport; their overall
// gap and its standard error (overall.gapSe) go into welchTest, and R runs
// t.test(var.equal = FALSE) on each respondent's weighted gap score computed from the raw ratings.
// The z-test is checked against R's pnorm on the reports' Tki and CSI, and Holm against
// p.adjust(method = "holm") on hand-made p-values (ties, NA, values that pass 1) and on the Welch
// p-values of the cases.
#include "suara/analytics/compare.h"
#include "suara/analytics/report.h"
#include "test_support.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

using namespace suara::analytics;

namespace {

const char* kScript = R"R(
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
dims <- as.integer(strsplit(args[2], ",")[[1]])
ncase <- as.integer(args[3])
out <- function(key, i, v) cat(key, i, sprintf("%.17g", v), "\n")
# Each respondent's overall gap score: the mean over dimensions of the mean of P - E over its items.
score <- function(file) {
  x <- read.csv(file)
  k <- ncol(x) / 2
  d <- as.matrix(x[, (k + 1):(2 * k)]) - as.matrix(x[, 1:k])
  rowMeans(sapply(sort(unique(dims)), function(j) rowMeans(d[, dims == j, drop = FALSE])))
}
for (i in seq_len(ncase)) {
  a <- score(file.path(dir, sprintf("a%d.csv", i)))
  b <- score(file.path(dir, sprintf("b%d.csv", i)))
  t <- t.test(a, b, var.equal = FALSE)
  out("t", i, t$statistic); out("df", i, t$parameter); out("p", i, t$p.value)
  out("lo", i, t$conf.int[1]); out("hi", i, t$conf.int[2])
}
z <- read.csv(file.path(dir, "z.csv"))
for (i in seq_len(nrow(z))) {
  s <- sqrt(z$sa[i]^2 + z$sb[i]^2)
  zz <- (z$a[i] - z$b[i]) / s
  out("z", i, zz); out("zp", i, 2 * pnorm(-abs(zz)))
  out("zlo", i, z$a[i] - z$b[i] - qnorm(0.975) * s); out("zhi", i, z$a[i] - z$b[i] + qnorm(0.975) * s)
}
h <- read.csv(file.path(dir, "holm.csv"))
for (set in unique(h$set)) {
  adj <- p.adjust(h$p[h$set == set], method = "holm")
  for (j in seq_along(adj)) out(paste0("holm", set), j, ifelse(is.na(adj[j]), NaN, adj[j]))
}
)R";

std::map<std::pair<std::string, int>, double> runR(const std::filesystem::path& dir,
                                                   const std::string& args) {
    const auto file = dir / "check.R";
    std::ofstream(file) << kScript;
    const std::string cmd = "Rscript --vanilla " + file.string() + " " + dir.string() + " " + args + " 2>&1";
    FILE* pipe = ::popen(cmd.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string text;
    char buf[4096];
    while (size_t got = std::fread(buf, 1, sizeof buf, pipe)) text.append(buf, got);
    INFO(text);
    REQUIRE(::pclose(pipe) == 0);
    std::map<std::pair<std::string, int>, double> v;
    std::istringstream in(text);
    std::string key, value;
    int i;
    while (in >> key >> i >> value) v[{key, i}] = std::strtod(value.c_str(), nullptr);
    REQUIRE(!v.empty());
    return v;
}

void writeRatings(const std::filesystem::path& file, const Instrument& ins, const std::vector<Response>& rs) {
    std::ofstream out(file);
    const int k = static_cast<int>(ins.itemCount());
    for (int i = 0; i < k; ++i) out << (i ? "," : "") << "E" << i + 1;
    for (int i = 0; i < k; ++i) out << ",P" << i + 1;
    out << "\n";
    for (const auto& r : rs) {
        for (int i = 0; i < k; ++i) out << (i ? "," : "") << int{r.expectation[static_cast<size_t>(i)]};
        for (int i = 0; i < k; ++i) out << "," << int{r.perception[static_cast<size_t>(i)]};
        out << "\n";
    }
}

void near(double got, double want) {
    INFO("suara " << got << ", R " << want);
    if (std::isnan(want))
        CHECK(std::isnan(got));
    else
        CHECK(std::fabs(got - want) <= 1e-9 * std::max(1.0, std::fabs(want)));
}

} // namespace

TEST_CASE("Welch's test, the z-test and Holm's adjustment agree with R", "[analytics][r][compare]") {
    const auto dir =
        std::filesystem::temp_directory_path() / ("suara-compare-r-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto ins = suara::test::makeInstrument(18, 5, true, 5);
    std::string dims;
    for (const auto& item : ins.items) dims += (dims.empty() ? "" : ",") + std::to_string(item.dimension);

    // Group sizes and seeds: small against small, small against a big rest, equal sizes, and two
    // groups from the same seed's item shifts (no real difference).
    struct Case {
        size_t na, nb;
        uint64_t seedA, seedB;
    };
    const Case cases[] = {
        {30, 40, 1, 2}, {120, 1500, 3, 4}, {500, 500, 5, 6}, {260, 1400, 7, 7}, {2, 3, 8, 9}};
    std::vector<Difference> welch, tki, csi;
    std::ofstream z(dir / "z.csv");
    z << "a,sa,b,sb\n";
    z.precision(17);
    for (size_t c = 0; c < std::size(cases); ++c) {
        const Case& k = cases[c];
        // Complete responses: then overall.gapSe is exactly sd(score) / sqrt(n), what t.test uses.
        const auto ra = suara::test::randomResponses(ins, k.na, k.seedA, 0.0, false);
        // The same seed: the same item shifts, the respondents after group a's.
        const size_t skip = k.seedA == k.seedB ? k.na : 0;
        auto rb = suara::test::randomResponses(ins, skip + k.nb, k.seedB, 0.0, false);
        rb.erase(rb.begin(), rb.begin() + static_cast<std::ptrdiff_t>(skip));
        writeRatings(dir / ("a" + std::to_string(c + 1) + ".csv"), ins, ra);
        writeRatings(dir / ("b" + std::to_string(c + 1) + ".csv"), ins, rb);
        Accumulator aa(ins), ab(ins);
        for (const auto& r : ra) aa.add(r);
        for (const auto& r : rb) ab.add(r);
        const Report pa = buildReport(ins, aa), pb = buildReport(ins, ab);
        const Overall &oa = *pa.overall, &ob = *pb.overall;
        welch.push_back(welchTest({oa.gap, oa.gapSe, pa.n}, {ob.gap, ob.gapSe, pb.n}));
        tki.push_back(zTest({oa.tkiPct, oa.tkiSe, pa.n}, {ob.tkiPct, ob.tkiSe, pb.n}));
        csi.push_back(zTest({oa.csiPct, oa.csiSe, pa.n}, {ob.csiPct, ob.csiSe, pb.n}));
        z << oa.tkiPct << "," << oa.tkiSe << "," << ob.tkiPct << "," << ob.tkiSe << "\n";
        z << oa.csiPct << "," << oa.csiSe << "," << ob.csiPct << "," << ob.csiSe << "\n";
    }
    z.close();

    // Holm: set 1 by hand (ties, an NA, products above 1, a later p that would undercut an
    // earlier adjusted one), set 2 the Welch p-values of the cases, set 3 a single p.
    const std::vector<double> hand = {0.01, 0.04, 0.04, 0.03, NAN, 0.5, 0.2, 0.0001, 0.3, 0.011};
    std::vector<double> welchP;
    for (const auto& d : welch) welchP.push_back(d.p);
    const std::vector<std::vector<double>> sets = {hand, welchP, {0.7}};
    {
        std::ofstream h(dir / "holm.csv");
        h.precision(17);
        h << "set,p\n";
        for (size_t s = 0; s < sets.size(); ++s)
            for (double p : sets[s])
                h << s + 1 << "," << (std::isnan(p) ? std::string("NA") : [&] {
                std::ostringstream o;
                o.precision(17);
                o << p;
                return o.str();
            }()) << "\n";
    }

    const auto r = runR(dir, dims + " " + std::to_string(std::size(cases)));
    auto at = [&](const std::string& key, int i) {
        const auto it = r.find({key, i});
        if (it == r.end()) FAIL("R did not print " << key << " " << i);
        return it->second;
    };
    for (size_t c = 0; c < welch.size(); ++c) {
        INFO("case " << c + 1);
        const int i = static_cast<int>(c + 1);
        near(welch[c].statistic, at("t", i));
        near(welch[c].df, at("df", i));
        near(welch[c].p, at("p", i));
        near(welch[c].ci[0], at("lo", i));
        near(welch[c].ci[1], at("hi", i));
        const Difference* zs[] = {&tki[c], &csi[c]};
        for (int m = 0; m < 2; ++m) {
            const int row = 2 * static_cast<int>(c) + m + 1;
            near(zs[m]->statistic, at("z", row));
            near(zs[m]->p, at("zp", row));
            near(zs[m]->ci[0], at("zlo", row));
            near(zs[m]->ci[1], at("zhi", row));
        }
    }
    for (size_t s = 0; s < sets.size(); ++s) {
        const std::vector<double> adj = holmAdjust(sets[s]);
        REQUIRE(adj.size() == sets[s].size());
        for (size_t j = 0; j < adj.size(); ++j) {
            INFO("holm set " << s + 1 << " p[" << j << "] = " << sets[s][j]);
            near(adj[j], at("holm" + std::to_string(s + 1), static_cast<int>(j + 1)));
        }
    }
    // The tiny case is there for R's sake; the large equal-shift case must not look different.
    CHECK(welch[3].p > 0.05);
    std::filesystem::remove_all(dir);
}

TEST_CASE("Tests of differences: edge cases", "[analytics][compare]") {
    // Fewer than two responses in a group, or no variance at all: no test, NaN everywhere.
    CHECK(std::isnan(welchTest({1.0, 0.1, 1}, {0.5, 0.1, 50}).p));
    CHECK(std::isnan(welchTest({1.0, 0.0, 10}, {1.0, 0.0, 10}).p));
    CHECK(std::isnan(welchTest({NAN, 0.1, 10}, {1.0, 0.1, 10}).statistic));
    CHECK(std::isnan(zTest({1.0, NAN, 10}, {1.0, 0.1, 10}).ci[0]));
    // One group without spread still tests (Welch needs only the sum of the variances).
    const Difference d = welchTest({1.0, 0.0, 10}, {0.0, 0.5, 5});
    CHECK(d.df == Approx(4.0));
    CHECK(d.statistic == Approx(2.0));
    CHECK(std::isinf(zTest({1.0, 0.3, 0}, {0.0, 0.4, 0}).df));
    CHECK(zTest({1.0, 0.3, 0}, {0.0, 0.4, 0}).statistic == Approx(2.0));
    // Holm: empty input, every entry NaN, and the cap at 1.
    CHECK(holmAdjust(std::vector<double>{}).empty());
    const auto allNan = holmAdjust(std::vector<double>{NAN, NAN});
    CHECK((std::isnan(allNan[0]) && std::isnan(allNan[1])));
    const auto capped = holmAdjust(std::vector<double>{0.6, 0.9});
    CHECK(capped[0] == 1.0);
    CHECK(capped[1] == 1.0);
}
