// Agreement with R's psych::alpha (Debian r-cran-psych) to 1e-9, on data generated here.
//
// For each data set the test writes one scale's ratings to CSV (blank = not answered), runs
// Rscript with psych::alpha on the listwise-complete rows (DESIGN.md: reliability is listwise),
// and compares raw_alpha, std.alpha, raw.r, r.drop, alpha if dropped, and the per-dimension alphas,
// and the rest of the total row (G6(smc), average_r, S/N, ase, median_r) with the Feldt interval.
#include "suara/analytics/report.h"
#include "test_support.h"

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

using namespace suara::analytics;

namespace {

const char* kScript = R"R(
suppressPackageStartupMessages(library(psych))
args <- commandArgs(trailingOnly = TRUE)
x <- na.omit(read.csv(args[1]))
dims <- as.integer(strsplit(args[2], ",")[[1]])
out <- function(key, i, v) cat(key, i, sprintf("%.17g", v), "\n")
a <- psych::alpha(x, check.keys = FALSE, warnings = FALSE)
total <- function(key, i, a) {
  out(paste0(key, "raw_alpha"), i, a$total$raw_alpha)
  out(paste0(key, "std_alpha"), i, a$total$std.alpha)
  out(paste0(key, "g6_smc"), i, a$total[["G6(smc)"]])
  out(paste0(key, "average_r"), i, a$total$average_r)
  out(paste0(key, "s_n"), i, a$total[["S/N"]])
  out(paste0(key, "ase"), i, a$total$ase)
  out(paste0(key, "median_r"), i, a$total$median_r)
  out(paste0(key, "feldt_lower"), i, a$feldt$lower.ci[[1]])
  out(paste0(key, "feldt_upper"), i, a$feldt$upper.ci[[1]])
}
total("", 0, a)
for (i in seq_len(ncol(x))) {
  out("raw_r", i, a$item.stats$raw.r[i])
  out("r_drop", i, a$item.stats$r.drop[i])
  out("alpha_drop", i, a$alpha.drop$raw_alpha[i])
  out("mean", i, mean(x[[i]]))
}
for (d in unique(dims)) {
  cols <- which(dims == d)
  if (length(cols) >= 2) {
    ad <- psych::alpha(x[, cols], check.keys = FALSE, warnings = FALSE)
    total("dim_", d, ad)
  }
}
)R";

struct RResult {
    std::map<std::pair<std::string, int>, double> v;
    double at(const std::string& key, int i) const {
        auto it = v.find({key, i});
        if (it == v.end()) FAIL("R did not print " << key << " " << i);
        return it->second;
    }
};

// Runs `script` with `args` and reads the "key index value" lines it prints.
RResult runScript(const char* script, const std::string& args, const std::filesystem::path& dir) {
    const auto file = dir / "check.R";
    std::ofstream(file) << script;
    const std::string cmd = "Rscript --vanilla " + file.string() + " " + args + " 2>&1";
    FILE* pipe = ::popen(cmd.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string text;
    char buf[4096];
    while (size_t got = std::fread(buf, 1, sizeof buf, pipe)) text.append(buf, got);
    REQUIRE(::pclose(pipe) == 0);
    RResult r;
    std::istringstream in(text);
    std::string key;
    int i;
    std::string value;
    while (in >> key >> i >> value) r.v[{key, i}] = std::strtod(value.c_str(), nullptr);
    INFO(text);
    REQUIRE(!r.v.empty());
    return r;
}

// The items' dimension indices, comma-separated, as the scripts take them.
std::string dimensionList(const Instrument& ins) {
    std::string dims;
    for (const auto& item : ins.items) dims += (dims.empty() ? "" : ",") + std::to_string(item.dimension);
    return dims;
}

RResult runR(const std::filesystem::path& csv, const Instrument& ins, const std::filesystem::path& dir) {
    return runScript(kScript, csv.string() + " " + dimensionList(ins), dir);
}

void near(double got, double want) {
    INFO("suara " << got << ", R " << want);
    CHECK(std::fabs(got - want) <= 1e-9);
}

// psych::alpha's total row and its printed intervals: Feldt from alpha.ci, Duhachek as
// raw_alpha -/+ 1.96 ase.
void nearStats(const AlphaStats& s, double alpha, const RResult& r, const std::string& prefix, int i) {
    near(s.g6Smc, r.at(prefix + "g6_smc", i));
    near(s.averageR, r.at(prefix + "average_r", i));
    near(s.signalNoise, r.at(prefix + "s_n", i));
    near(s.ase, r.at(prefix + "ase", i));
    near(s.medianR, r.at(prefix + "median_r", i));
    near(s.feldtCi[0], r.at(prefix + "feldt_lower", i));
    near(s.feldtCi[1], r.at(prefix + "feldt_upper", i));
    near(s.duhachekCi[0], alpha - 1.96 * r.at(prefix + "ase", i));
    near(s.duhachekCi[1], alpha + 1.96 * r.at(prefix + "ase", i));
}

} // namespace

TEST_CASE("Cronbach's alpha and item-total r agree with psych::alpha", "[analytics][r]") {
    const auto dir = std::filesystem::temp_directory_path() / ("suara-r-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    struct Case {
        int items, dims, points;
        size_t n;
        double missing;
        uint64_t seed;
    };
    const Case cases[] = {{18, 5, 5, 100, 0.0, 11},
                          {18, 5, 5, 537, 0.02, 12},
                          {9, 1, 4, 250, 0.0, 13},
                          {5, 2, 5, 30, 0.05, 14},
                          {12, 3, 7, 2000, 0.01, 15}};
    for (const auto& c : cases) {
        const auto ins = suara::test::makeInstrument(c.items, c.dims, true, c.points);
        const auto rs = suara::test::randomResponses(ins, c.n, c.seed, c.missing, false);
        Accumulator acc(ins);
        for (const auto& r : rs) acc.add(r);
        const auto rep = buildReport(ins, acc);

        for (bool expectation : {false, true}) {
            const auto csv = dir / "scale.csv";
            {
                std::ofstream out(csv);
                for (int i = 0; i < c.items; ++i) out << (i ? "," : "") << "I" << i + 1;
                out << "\n";
                for (const auto& r : rs) {
                    const auto& v = expectation ? r.expectation : r.perception;
                    for (int i = 0; i < c.items; ++i) {
                        out << (i ? "," : "");
                        if (v[static_cast<size_t>(i)])
                            out << int{v[static_cast<size_t>(i)]};
                        else
                            out << "NA";
                    }
                    out << "\n";
                }
            }
            INFO("case items=" << c.items << " n=" << c.n << " seed=" << c.seed
                               << " scale=" << (expectation ? "E" : "P"));
            const RResult r = runR(csv, ins, dir);
            const auto& rel = expectation ? *rep.expectationReliability : rep.perceptionReliability;
            near(rel.alpha, r.at("raw_alpha", 0));
            near(rel.alphaStd, r.at("std_alpha", 0));
            nearStats(rel.stats, rel.alpha, r, "", 0);
            for (int i = 0; i < c.items; ++i) {
                const auto& s = expectation ? *rep.items[static_cast<size_t>(i)].expectation
                                            : rep.items[static_cast<size_t>(i)].perception;
                near(s.rItemTotal, r.at("raw_r", i + 1));
                near(s.rCorrected, r.at("r_drop", i + 1));
                near(s.alphaIfDeleted, r.at("alpha_drop", i + 1));
                if (c.missing == 0.0) near(s.mean, r.at("mean", i + 1));
            }
            for (size_t d = 0; d < ins.dimensions.size(); ++d) {
                if (ins.dimensions[d].items.size() < 2) continue;
                const auto& sum = expectation ? *rep.dimensions[d].expectation : rep.dimensions[d].perception;
                near(sum.alpha, r.at("dim_raw_alpha", static_cast<int>(d)));
                near(sum.alphaStd, r.at("dim_std_alpha", static_cast<int>(d)));
                nearStats(sum.stats, sum.alpha, r, "dim_", static_cast<int>(d));
            }
        }
    }
    std::filesystem::remove_all(dir);
}

namespace {

const char* kIntervalScript = R"R(
args <- commandArgs(trailingOnly = TRUE)
x <- read.csv(args[1])
k <- ncol(x) / 2
out <- function(key, i, v) cat(key, i, sprintf("%.17g", v), "\n")
for (i in seq_len(k)) {
  e <- x[[i]]; p <- x[[k + i]]
  ce <- t.test(e[!is.na(e)])$conf.int
  cp <- t.test(p[!is.na(p)])$conf.int
  ok <- !is.na(e) & !is.na(p)
  cg <- t.test(p[ok] - e[ok])$conf.int
  out("e_lo", i, ce[1]); out("e_hi", i, ce[2])
  out("p_lo", i, cp[1]); out("p_hi", i, cp[2])
  out("g_lo", i, cg[1]); out("g_hi", i, cg[2])
}
)R";

} // namespace

TEST_CASE("Item mean and gap intervals agree with R's t.test", "[analytics][r]") {
    const auto dir = std::filesystem::temp_directory_path() / ("suara-rt-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto ins = suara::test::makeInstrument(6, 2, true, 5);
    for (double missing : {0.0, 0.08}) {
        const auto rs = suara::test::randomResponses(ins, 173, 21, missing, false);
        Accumulator acc(ins);
        for (const auto& r : rs) acc.add(r);
        const auto rep = buildReport(ins, acc);
        const auto csv = dir / "pairs.csv";
        {
            std::ofstream out(csv);
            for (int i = 0; i < 6; ++i) out << (i ? "," : "") << "E" << i + 1;
            for (int i = 0; i < 6; ++i) out << ",P" << i + 1;
            out << "\n";
            for (const auto& r : rs) {
                for (size_t i = 0; i < 12; ++i) {
                    const uint8_t v = i < 6 ? r.expectation[i] : r.perception[i - 6];
                    out << (i ? "," : "");
                    if (v)
                        out << int{v};
                    else
                        out << "NA";
                }
                out << "\n";
            }
        }
        std::ofstream(dir / "t.R") << kIntervalScript;
        const std::string cmd = "Rscript --vanilla " + (dir / "t.R").string() + " " + csv.string() + " 2>&1";
        FILE* pipe = ::popen(cmd.c_str(), "r");
        REQUIRE(pipe != nullptr);
        std::string text;
        char buf[4096];
        while (size_t got = std::fread(buf, 1, sizeof buf, pipe)) text.append(buf, got);
        REQUIRE(::pclose(pipe) == 0);
        RResult r;
        std::istringstream in(text);
        std::string key, value;
        int i;
        while (in >> key >> i >> value) r.v[{key, i}] = std::strtod(value.c_str(), nullptr);
        INFO("missing " << missing << "\n" << text);
        for (int item = 0; item < 6; ++item) {
            const auto& it = rep.items[static_cast<size_t>(item)];
            near(it.expectation->meanCi[0], r.at("e_lo", item + 1));
            near(it.expectation->meanCi[1], r.at("e_hi", item + 1));
            near(it.perception.meanCi[0], r.at("p_lo", item + 1));
            near(it.perception.meanCi[1], r.at("p_hi", item + 1));
            near(it.gapCi[0], r.at("g_lo", item + 1));
            near(it.gapCi[1], r.at("g_hi", item + 1));
        }
    }
    std::filesystem::remove_all(dir);
}

namespace {

// Complete data only: the t-interval of each respondent's weighted gap score and of the mean E
// and P scores per dimension and overall, and the delta-method intervals of Tki (a ratio of
// respondent totals) and CSI (a function of the 2k item means, with their covariance matrix
// cov(E, P) / n).
const char* kCompositeScript = R"R(
args <- commandArgs(trailingOnly = TRUE)
x <- read.csv(args[1])
dims <- as.integer(strsplit(args[2], ",")[[1]])
pts <- as.numeric(args[3])
k <- length(dims); n <- nrow(x)
E <- as.matrix(x[, 1:k]); P <- as.matrix(x[, k + 1:k])
out <- function(key, i, v) cat(key, i, sprintf("%.17g", v), "\n")
z <- qnorm(0.975)
tki <- function(key, i, cols) {
  p <- rowSums(P[, cols, drop = FALSE]); e <- rowSums(E[, cols, drop = FALSE])
  t <- sum(p) / sum(e)
  se <- sqrt((var(p) - 2 * t * cov(p, e) + t^2 * var(e)) / (n * mean(e)^2))
  out(paste0(key, "tki_lo"), i, 100 * (t - z * se)); out(paste0(key, "tki_hi"), i, 100 * (t + z * se))
}
w <- numeric(k)
D <- length(unique(dims))
for (d in unique(dims)) {
  cols <- which(dims == d)
  ci <- t.test(rowMeans(P[, cols, drop = FALSE] - E[, cols, drop = FALSE]))$conf.int
  out("dim_gap_lo", d, ci[1]); out("dim_gap_hi", d, ci[2])
  ci <- t.test(rowMeans(E[, cols, drop = FALSE]))$conf.int
  out("dim_e_lo", d, ci[1]); out("dim_e_hi", d, ci[2])
  ci <- t.test(rowMeans(P[, cols, drop = FALSE]))$conf.int
  out("dim_p_lo", d, ci[1]); out("dim_p_hi", d, ci[2])
  tki("dim_", d, cols)
  w[cols] <- 1 / (D * length(cols))
}
ci <- t.test(drop((P - E) %*% w))$conf.int
out("gap_lo", 0, ci[1]); out("gap_hi", 0, ci[2])
ci <- t.test(rowMeans(E))$conf.int
out("e_lo", 0, ci[1]); out("e_hi", 0, ci[2])
ci <- t.test(rowMeans(P))$conf.int
out("p_lo", 0, ci[1]); out("p_hi", 0, ci[2])
tki("", 0, seq_len(k))
me <- colMeans(E); mp <- colMeans(P); S <- sum(me); csi <- 100 * sum(me * mp) / (pts * S)
g <- c(100 * (mp - sum(me * mp) / S) / (pts * S), 100 * me / (pts * S))
se <- sqrt(drop(t(g) %*% (cov(cbind(E, P)) / n) %*% g))
out("csi_lo", 0, csi - z * se); out("csi_hi", 0, csi + z * se)
)R";

} // namespace

TEST_CASE("Dimension and overall gap, Tki, CSI and mean intervals agree with R on complete data",
          "[analytics][r]") {
    const auto dir = std::filesystem::temp_directory_path() / ("suara-rc-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    for (auto [items, dims, points, n] : {std::array{8, 3, 5, 211}, std::array{18, 5, 7, 1200}}) {
        const auto ins = suara::test::makeInstrument(items, dims, true, points);
        const auto rs = suara::test::randomResponses(ins, static_cast<size_t>(n), 23, 0.0, false);
        Accumulator acc(ins);
        for (const auto& r : rs) acc.add(r);
        const auto rep = buildReport(ins, acc);
        const auto csv = dir / "complete.csv";
        {
            std::ofstream out(csv);
            for (int i = 0; i < items; ++i) out << (i ? "," : "") << "E" << i + 1;
            for (int i = 0; i < items; ++i) out << ",P" << i + 1;
            out << "\n";
            for (const auto& r : rs) {
                for (int i = 0; i < items; ++i)
                    out << (i ? "," : "") << int{r.expectation[static_cast<size_t>(i)]};
                for (uint8_t v : r.perception) out << "," << int{v};
                out << "\n";
            }
        }
        const RResult r = runScript(
            kCompositeScript, csv.string() + " " + dimensionList(ins) + " " + std::to_string(points), dir);
        INFO(items << " items, n = " << n);
        for (size_t d = 0; d < rep.dimensions.size(); ++d) {
            const auto& dim = rep.dimensions[d];
            near(dim.gapCi[0], r.at("dim_gap_lo", static_cast<int>(d)));
            near(dim.gapCi[1], r.at("dim_gap_hi", static_cast<int>(d)));
            near(dim.tkiCi[0], r.at("dim_tki_lo", static_cast<int>(d)));
            near(dim.tkiCi[1], r.at("dim_tki_hi", static_cast<int>(d)));
            near(dim.expectation->meanCi[0], r.at("dim_e_lo", static_cast<int>(d)));
            near(dim.expectation->meanCi[1], r.at("dim_e_hi", static_cast<int>(d)));
            near(dim.perception.meanCi[0], r.at("dim_p_lo", static_cast<int>(d)));
            near(dim.perception.meanCi[1], r.at("dim_p_hi", static_cast<int>(d)));
        }
        near(rep.overall->expectationMeanCi[0], r.at("e_lo", 0));
        near(rep.overall->expectationMeanCi[1], r.at("e_hi", 0));
        near(rep.overall->perceptionMeanCi[0], r.at("p_lo", 0));
        near(rep.overall->perceptionMeanCi[1], r.at("p_hi", 0));
        near(rep.overall->gapCi[0], r.at("gap_lo", 0));
        near(rep.overall->gapCi[1], r.at("gap_hi", 0));
        near(rep.overall->tkiCi[0], r.at("tki_lo", 0));
        near(rep.overall->tkiCi[1], r.at("tki_hi", 0));
        near(rep.overall->csiCi[0], r.at("csi_lo", 0));
        near(rep.overall->csiCi[1], r.at("csi_hi", 0));
    }
    std::filesystem::remove_all(dir);
}
