// measures.h: the 004 thesis test vectors and every category edge exactly on its boundary.
#include "suara/analytics/measures.h"

#include <catch2/catch.hpp>

using namespace suara::analytics;

TEST_CASE("Slovin: N = 10605, e = 0.10 gives 99.06, rounded up to 100 (rumus 3.1)", "[analytics][measures]") {
    CHECK(slovinExact(10605, 0.10) == Approx(99.0662).margin(1e-4));
    CHECK(slovin(10605, 0.10) == 100);
    // An exact integer is not pushed up by rounding noise: N = 100, e = 0.1 gives 50 exactly.
    CHECK(slovin(100, 0.10) == 50);
    CHECK(sampleSize(SampleMethod::Slovin, 10605, 0.10) == 100);
    CHECK(std::string(sampleMethodCode(SampleMethod::KrejcieMorgan)) == "krejcie-morgan");
}

TEST_CASE("Krejcie-Morgan matches the published table", "[analytics][measures]") {
    CHECK(krejcieMorgan(10, 0.05) == 10);
    CHECK(krejcieMorgan(100, 0.05) == 80);
    CHECK(krejcieMorgan(1000, 0.05) == 278);
    CHECK(krejcieMorgan(10000, 0.05) == 370);
    CHECK(krejcieMorgan(1000000, 0.05) == 384);
}

TEST_CASE("Tabel 3.1 allocates to Tabel 3.2 by largest remainders", "[analytics][measures]") {
    std::vector<Stratum> villages = {{"Peracak", 2172, 0},          {"Tunas Peracak", 1041, 0},
                                     {"Negeri Ratu Baru", 1006, 0}, {"Negeri Ratu", 1038, 0},
                                     {"Sabahlioh", 825, 0},         {"Tulang Bawang", 1324, 0},
                                     {"Sukabaru", 1078, 0},         {"Baturaja Bungin", 2121, 0}};
    auto out = allocateProportional(villages, 100);
    REQUIRE(out);
    std::vector<int64_t> got;
    for (const auto& s : *out) got.push_back(s.sample);
    CHECK(got == std::vector<int64_t>{20, 10, 10, 10, 8, 12, 10, 20});
}

TEST_CASE("Allocation always sums to the total and rejects bad input", "[analytics][measures]") {
    auto out = allocateProportional({{"a", 1, 0}, {"b", 1, 0}, {"c", 1, 0}}, 2);
    REQUIRE(out);
    CHECK((*out)[0].sample + (*out)[1].sample + (*out)[2].sample == 2);
    CHECK((*out)[0].sample == 1); // equal remainders and populations: the earlier stratum first
    CHECK((*out)[2].sample == 0);
    CHECK_FALSE(allocateProportional({}, 10));
    CHECK_FALSE(allocateProportional({{"a", 5, 0}}, 6));
    CHECK_FALSE(allocateProportional({{"a", -1, 0}}, 0));
}

TEST_CASE("Tabel 3.7: the thesis percentages are all cukup puas", "[analytics][measures]") {
    for (double pct : {64.20, 62.85, 63.34, 63.27, 63.58}) CHECK(percentCategory(pct) == Category::CukupPuas);
}

TEST_CASE("Tabel 3.7 edges", "[analytics][measures]") {
    CHECK(percentCategory(20) == Category::SangatTidakPuas);
    CHECK(percentCategory(35.99) == Category::SangatTidakPuas);
    CHECK(percentCategory(36) == Category::TidakPuas);
    CHECK(percentCategory(51.99) == Category::TidakPuas);
    CHECK(percentCategory(52) == Category::CukupPuas);
    CHECK(percentCategory(67.99) == Category::CukupPuas);
    CHECK(percentCategory(68) == Category::Puas);
    CHECK(percentCategory(83.99) == Category::Puas);
    CHECK(percentCategory(84) == Category::SangatPuas);
    CHECK(percentCategory(100) == Category::SangatPuas);
    // Rumus 3.8 from an exact mean lands on the edge, not below it.
    CHECK(percentCategory(scorePercent(1.8)) == Category::TidakPuas);
    CHECK(percentCategory(scorePercent(4.2)) == Category::SangatPuas);
}

TEST_CASE("Tabel 3.6 edges: class width 0.8", "[analytics][measures]") {
    CHECK(scoreCategory(1.00) == Category::SangatTidakPuas);
    CHECK(scoreCategory(1.79) == Category::SangatTidakPuas);
    CHECK(scoreCategory(1.80) == Category::TidakPuas);
    CHECK(scoreCategory(9.0 / 5.0) == Category::TidakPuas);
    CHECK(scoreCategory(2.59) == Category::TidakPuas);
    CHECK(scoreCategory(2.60) == Category::CukupPuas);
    CHECK(scoreCategory(3.39) == Category::CukupPuas);
    CHECK(scoreCategory(3.40) == Category::Puas);
    CHECK(scoreCategory(17.0 / 5.0) == Category::Puas);
    CHECK(scoreCategory(4.19) == Category::Puas);
    CHECK(scoreCategory(4.20) == Category::SangatPuas);
    CHECK(scoreCategory(21.0 / 5.0) == Category::SangatPuas);
    CHECK(scoreCategory(5.00) == Category::SangatPuas);
    CHECK(std::string(categoryCode(Category::SangatTidakPuas)) == "sangat_tidak_puas");
    CHECK(categoryLabel(Category::CukupPuas).id == "Cukup Puas");
}

TEST_CASE("CSI bands are half-open", "[analytics][measures]") {
    CHECK(csiBand(81) == CsiBand::SangatPuas);
    CHECK(csiBand(80.999) == CsiBand::Puas);
    CHECK(csiBand(66) == CsiBand::Puas);
    CHECK(csiBand(65.999) == CsiBand::CukupPuas);
    CHECK(csiBand(51) == CsiBand::CukupPuas);
    CHECK(csiBand(50.999) == CsiBand::KurangPuas);
    CHECK(csiBand(35) == CsiBand::KurangPuas);
    CHECK(csiBand(34.999) == CsiBand::TidakPuas);
    CHECK(std::string(csiBandCode(CsiBand::KurangPuas)) == "kurang_puas");
}

TEST_CASE("Alpha bands", "[analytics][measures]") {
    CHECK(alphaBand(0.5999) == AlphaBand::Poor);
    CHECK(alphaBand(0.6) == AlphaBand::Acceptable);
    CHECK(alphaBand(0.7999) == AlphaBand::Acceptable);
    CHECK(alphaBand(0.8) == AlphaBand::Good);
    CHECK(std::string(alphaBandCode(AlphaBand::Good)) == "good");
}

TEST_CASE("IKM grades: 2017 and 2004 rules, on the edges", "[analytics][measures]") {
    CHECK(ikmGrade(71.83, IkmRule::Kepmen2004) == 'B'); // Tabel 2.2's cited study
    CHECK(ikmGrade(71.83, IkmRule::Permen2017) == 'C');
    CHECK(ikmGrade(64.99) == 'D');
    CHECK(ikmGrade(65.00) == 'C');
    CHECK(ikmGrade(76.60) == 'C');
    CHECK(ikmGrade(76.61) == 'B');
    CHECK(ikmGrade(88.30) == 'B');
    CHECK(ikmGrade(88.31) == 'A');
    CHECK(ikmGrade(43.75, IkmRule::Kepmen2004) == 'D');
    CHECK(ikmGrade(43.76, IkmRule::Kepmen2004) == 'C');
    CHECK(ikmGrade(62.51, IkmRule::Kepmen2004) == 'B');
    CHECK(ikmGrade(81.26, IkmRule::Kepmen2004) == 'A');
    CHECK(ikmGradeLabel('B').id == "Baik");
}

TEST_CASE("Critical r for n = 100 is 0.1966, not the thesis's 1.66", "[analytics][measures]") {
    CHECK(studentTQuantile(0.975, 98) == Approx(1.984467).margin(1e-6));
    CHECK(criticalR(98) == Approx(0.1966).margin(5e-5));
    CHECK(criticalR(98) < 1.0);
    // The thesis's 1.660551 is the one-tailed t quantile at df = 98, a t value, not an r.
    CHECK(studentTQuantile(0.95, 98) == Approx(1.660551).margin(1e-6));
    // t from r inverts the critical r exactly.
    CHECK(tFromR(criticalR(98), 98) == Approx(1.984467).margin(1e-6));
    CHECK(std::isnan(criticalR(0)));
}

TEST_CASE("Slovin margin inverts the sample size", "[analytics][measures]") {
    CHECK(slovinMargin(10605, 100) == Approx(0.09953).margin(1e-5));
    CHECK(slovinMargin(100, 100) == 0.0);
    CHECK(std::isnan(slovinMargin(100, 0)));
}
