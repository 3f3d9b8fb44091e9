// The real `suara` binary on temporary files: exit codes, exact messages, whole-or-nothing
// output, the JSON contract, the 004 thesis planning vectors, and simulate -> report round trips.
#include "suara/analytics/csv.h"
#include "suara/analytics/simulate.h"
#include "suara/present/format.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

// One scratch directory per test case, removed afterwards.
struct Scratch {
    fs::path dir;
    Scratch() {
        static int counter = 0;
        dir = fs::temp_directory_path() /
              ("suara-cli-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    ~Scratch() { fs::remove_all(dir); }
    std::string path(const std::string& name) const { return (dir / name).string(); }
    std::string write(const std::string& name, const std::string& content) const {
        std::ofstream(dir / name, std::ios::binary) << content;
        return path(name);
    }
    // Files in the directory (to prove that a failed run left no output and no temp file).
    std::vector<std::string> files() const {
        std::vector<std::string> out;
        for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
        std::sort(out.begin(), out.end());
        return out;
    }
};

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct Run {
    int code = -1;
    std::string out, err;
};

// Runs `suara ARGS` with stdout and stderr captured to files outside the scratch directory.
Run runSuara(const std::string& args) {
    static int counter = 0;
    const fs::path base = fs::temp_directory_path() /
                          ("suara-cli-run-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    const std::string cmd =
        std::string(SUARA_CLI) + " " + args + " >" + base.string() + ".out 2>" + base.string() + ".err";
    const int status = std::system(cmd.c_str());
    Run r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(base.string() + ".out");
    r.err = slurp(base.string() + ".err");
    fs::remove(base.string() + ".out");
    fs::remove(base.string() + ".err");
    return r;
}

// Count of lines in stderr: usage errors are one line.
size_t lines(const std::string& s) {
    return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

std::string smallCsv(const Scratch& s, int n = 300, int seed = 5,
                     const char* instrument = "servqual-ektp-18") {
    const std::string path = s.path(std::string("data-") + instrument + ".csv");
    const Run r = runSuara("simulate --responses " + std::to_string(n) + " --seed " + std::to_string(seed) +
                           " --instrument " + instrument + " --out " + path);
    REQUIRE(r.code == 0);
    return path;
}

// The simulated file with one cell of one line replaced (line 1 = header).
std::string withCell(const std::string& csv, int line, const std::string& column, const std::string& value) {
    std::vector<std::string> rows;
    std::stringstream in(csv);
    for (std::string row; std::getline(in, row);) {
        if (!row.empty() && row.back() == '\r') row.pop_back();
        rows.push_back(row);
    }
    auto split = [](const std::string& row) {
        std::vector<std::string> cells;
        std::stringstream cs(row);
        for (std::string c; std::getline(cs, c, ',');) cells.push_back(c);
        if (!row.empty() && row.back() == ',') cells.emplace_back();
        return cells;
    };
    const auto header = split(rows[0]);
    const size_t col = static_cast<size_t>(std::find(header.begin(), header.end(), column) - header.begin());
    REQUIRE(col < header.size());
    auto cells = split(rows[static_cast<size_t>(line - 1)]);
    cells[col] = value;
    std::string joined;
    for (size_t i = 0; i < cells.size(); ++i) joined += (i ? "," : "") + cells[i];
    rows[static_cast<size_t>(line - 1)] = joined;
    std::string out;
    for (const auto& r : rows) out += r + "\r\n";
    return out;
}

} // namespace

TEST_CASE("malformed CSV: exact message, exit 1, no output file", "[cli]") {
    Scratch s;
    const std::string good = slurp(smallCsv(s, 20));
    struct Case {
        std::string name, csv, message;
    };
    std::string noP07 = good;
    {
        // Drop the P07 column everywhere.
        std::stringstream in(good);
        std::string out;
        size_t col = 0;
        bool first = true;
        for (std::string row; std::getline(in, row);) {
            if (!row.empty() && row.back() == '\r') row.pop_back();
            std::vector<std::string> cells;
            std::stringstream cs(row);
            for (std::string c; std::getline(cs, c, ',');) cells.push_back(c);
            if (first)
                col = static_cast<size_t>(std::find(cells.begin(), cells.end(), "P07") - cells.begin());
            first = false;
            cells.erase(cells.begin() + static_cast<long>(col));
            for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + cells[i];
            out += "\r\n";
        }
        noP07 = out;
    }
    std::string ragged = withCell(good, 4, "submitted_at", "x");
    {
        // Cut line 4 after its 35th cell.
        size_t lineStart = 0;
        for (int l = 1; l < 4; ++l) lineStart = ragged.find('\n', lineStart) + 1;
        size_t cut = lineStart;
        for (int c = 0; c < 35; ++c) cut = ragged.find(',', cut) + 1;
        ragged.erase(cut - 1, ragged.find('\r', cut) - (cut - 1));
    }
    const std::vector<Case> cases = {
        {"text", withCell(good, 5, "P07", "abc"),
         "row 5, column P07: \"abc\" is not a rating (expected 1..5, blank or 0)"},
        {"six", withCell(good, 9, "E03", "6"), "row 9, column E03: 6 is outside the scale 1..5"},
        {"missing", noP07, "missing column P07"},
        {"ragged", ragged, "row 4: 35 cells, header has 42"},
        {"profile", withCell(good, 3, "gender", "W"),
         "row 3, column gender: \"W\" is not a known gender code (expected one of L, P, or blank)"},
        {"quote", withCell(good, 7, "education", "\"sma"),
         "row 7, column education: unterminated quoted field"},
    };
    for (const Case& c : cases) {
        for (const char* format : {"json", "csv", "html"}) {
            INFO(c.name << " as " << format);
            const std::string in = s.write(c.name + ".csv", c.csv);
            const std::string out = s.path("out-" + c.name + "." + format);
            const Run r = runSuara("report " + in + " --format " + format + " --out " + out);
            CHECK(r.code == 1);
            CHECK(r.err == "suara report: " + in + ": " + c.message + "\n");
            CHECK(r.out.empty());
            CHECK_FALSE(fs::exists(out));
        }
    }
    // Nothing but the inputs is left in the directory: no output, no temp files.
    std::vector<std::string> expected = {"data-servqual-ektp-18.csv"};
    for (const Case& c : cases) expected.push_back(c.name + ".csv");
    std::sort(expected.begin(), expected.end());
    CHECK(s.files() == expected);
}

TEST_CASE("report json has the contract keys, and the other formats render", "[cli]") {
    Scratch s;
    const std::string csv = smallCsv(s, 400, 11);
    const Run r = runSuara("report " + csv + " --out " + s.path("r.json"));
    REQUIRE(r.code == 0);
    CHECK(r.out.empty());
    const auto j = nlohmann::json::parse(slurp(s.path("r.json")));
    CHECK(j.at("instrument") == "servqual-ektp-18");
    CHECK(j.at("instrument_version") == 1);
    CHECK(j.at("n") == 400);
    REQUIRE(j.at("items").size() == 18);
    for (const char* key : {"number", "dimension", "expectation", "perception", "gap", "tki_pct",
                            "ipa_quadrant", "score_category", "valid"}) {
        CHECK(j["items"][0].contains(key));
    }
    for (const char* key : {"n", "mean", "sd", "freq", "r_item_total", "r_corrected", "alpha_if_deleted"}) {
        CHECK(j["items"][0]["perception"].contains(key));
    }
    CHECK(j.at("dimensions").size() == 5);
    for (const char* key :
         {"gap", "gap_items", "tki_pct", "csi_pct", "csi_category", "perception_pct", "pct_category"}) {
        CHECK(j["overall"].contains(key));
    }
    CHECK(j["reliability"]["perception"].contains("alpha_std"));
    CHECK(j["validity"].contains("r_critical"));
    CHECK(j["ipa"]["cut_rule"] == "grand_mean");
    CHECK(j["profile"].contains("gender"));

    // stdout is the default output; --ipa-cut midpoint changes the rule.
    const Run mid = runSuara("report " + csv + " --ipa-cut midpoint");
    REQUIRE(mid.code == 0);
    CHECK(nlohmann::json::parse(mid.out)["ipa"]["cut_rule"] == "midpoint");

    // Small profile cells (1..4 respondents) are hidden on request; 40 respondents have some.
    const std::string few = s.path("few.csv");
    REQUIRE(runSuara("simulate --responses 40 --seed 11 --out " + few).code == 0);
    const auto open = nlohmann::json::parse(runSuara("report " + few).out)["profile"]["occupation"];
    const auto hidden = nlohmann::json::parse(
        runSuara("report " + few + " --suppress-small-cells").out)["profile"]["occupation"];
    int suppressedCells = 0;
    for (auto it = open.begin(); it != open.end(); ++it) {
        INFO(it.key() << " = " << it.value());
        const int count = it.value().get<int>();
        if (count > 0 && count < 5) {
            CHECK(hidden[it.key()].is_null());
            ++suppressedCells;
        } else {
            CHECK(hidden[it.key()] == it.value());
        }
    }
    CHECK(suppressedCells > 0);

    const Run table = runSuara("report " + csv + " --format csv --out -");
    REQUIRE(table.code == 0);
    CHECK(table.out.rfind("number,dimension,e_mean,e_sd,e_n,p_mean,", 0) == 0);
    CHECK(lines(table.out) == 19);

    const Run html = runSuara("report " + csv + " --format html --title '<Kantor & \"Cabang\">' --out " +
                              s.path("r.html"));
    REQUIRE(html.code == 0);
    const std::string page = slurp(s.path("r.html"));
    CHECK(page.find("<!DOCTYPE html>") == 0);
    CHECK(page.find("<html lang=\"id\">") != std::string::npos);
    CHECK(page.find("<svg") != std::string::npos);
    CHECK(page.find("Prioritas utama") != std::string::npos);
    CHECK(page.find("&lt;Kantor &amp; &quot;Cabang&quot;&gt;") != std::string::npos);
    CHECK(page.find("<Kantor") == std::string::npos);
    // Self-contained: no scripts, no external resources.
    CHECK(page.find("<script") == std::string::npos);
    CHECK(page.find("<link") == std::string::npos);
    CHECK(page.find("src=") == std::string::npos);
    CHECK(page.find("url(") == std::string::npos);
    const Run en = runSuara("report " + csv + " --format html --lang en");
    REQUIRE(en.code == 0);
    CHECK(en.out.find("<html lang=\"en\">") != std::string::npos);
    CHECK(en.out.find("Top priority") != std::string::npos);

    // Every estimate with an interval shows it under the value, in the report's language, from the
    // same Report the JSON holds (the value itself unchanged).
    using suara::present::Lang;
    const std::string nbsp = "\xC2\xA0";
    auto shown = [](double v, const nlohmann::json& ci, int decimals, Lang lang) {
        return suara::present::number(v, decimals, lang) + " <span class=\"ci\">(" +
               suara::present::number(ci[0].get<double>(), decimals, lang) +
               (lang == Lang::En ? " to " : " s/d ") +
               suara::present::number(ci[1].get<double>(), decimals, lang) + ")</span>";
    };
    auto shownPct = [&](double v, const nlohmann::json& ci, Lang lang) {
        return suara::present::number(v, 2, lang) + nbsp + "% <span class=\"ci\">(" +
               suara::present::number(ci[0].get<double>(), 2, lang) + (lang == Lang::En ? " to " : " s/d ") +
               suara::present::number(ci[1].get<double>(), 2, lang) + nbsp + "%)</span>";
    };
    const auto& o = j["overall"];
    const auto& item = j["items"][4];
    const auto& dim = j["dimensions"][2];
    for (const auto& [text, lang] : {std::pair{page, Lang::Id}, std::pair{en.out, Lang::En}}) {
        INFO(suara::present::langCode(lang));
        CHECK(text.find("<td class=\"n\">" + shown(o["gap"], o["gap_ci"], 3, lang) + "</td>") !=
              std::string::npos);
        CHECK(text.find(shown(dim["gap"], dim["gap_ci"], 3, lang)) != std::string::npos);
        CHECK(text.find(shown(item["gap"], item["gap_ci"], 3, lang)) != std::string::npos);
        CHECK(text.find(shown(item["perception"]["mean"], item["perception"]["mean_ci"], 2, lang)) !=
              std::string::npos);
        CHECK(text.find(shownPct(o["tki_pct"], o["tki_ci"], lang)) != std::string::npos);
        CHECK(text.find(shownPct(o["csi_pct"], o["csi_ci"], lang)) != std::string::npos);
        CHECK(text.find(shownPct(dim["tki_pct"], dim["tki_ci"], lang)) != std::string::npos);
        for (const char* scale : {"expectation", "perception"})
            CHECK(text.find(shown(dim[scale]["mean"], dim[scale]["mean_ci"], 2, lang)) != std::string::npos);
        CHECK(text.find(shown(o["expectation_mean"], o["expectation_mean_ci"], 2, lang)) !=
              std::string::npos);
        // The summary's perception score tile.
        CHECK(text.find("<div class=\"v\">" + shown(o["perception_mean"], o["perception_mean_ci"], 2, lang) +
                        "</div>") != std::string::npos);
    }
}

TEST_CASE("skm-9 is detected from Q columns and reports the IKM", "[cli]") {
    Scratch s;
    const std::string csv = smallCsv(s, 300, 3, "skm-9");
    const Run r = runSuara("report " + csv);
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["instrument"] == "skm-9");
    CHECK(j.contains("ikm"));
    CHECK_FALSE(j.contains("ipa"));
    const Run html = runSuara("report " + csv + " --format html");
    REQUIRE(html.code == 0);
    CHECK(html.out.find("Indeks Kepuasan Masyarakat") != std::string::npos);
    CHECK(html.out.find("KEPMENPAN 25/2004") != std::string::npos);
    // The paired instrument asked for explicitly on a Q file names its missing column.
    const Run wrong = runSuara("report " + csv + " --instrument servqual-ektp-18");
    CHECK(wrong.code == 1);
    CHECK(wrong.err == "suara report: " + csv + ": missing column E01\n");
}

TEST_CASE("plan reproduces the 004 thesis", "[cli]") {
    Scratch s;
    const Run slovin = runSuara("plan --population 10605 --error 0.10 --format json");
    REQUIRE(slovin.code == 0);
    CHECK(slovin.out == "{\"n\":100,\"method\":\"slovin\",\"strata\":[]}\n");
    const Run text = runSuara("plan --population 10605 --error 10%");
    REQUIRE(text.code == 0);
    CHECK(text.out.find("n = 100") != std::string::npos);
    CHECK(text.out.find("99.0659") != std::string::npos); // the thesis truncates to 99.06

    const std::string strata =
        s.write("tabel-3-1.csv", "name,population\nPeracak,2172\nTunas Peracak,1041\nNegeri Ratu Baru,1006\n"
                                 "Negeri Ratu,1038\nSabahlioh,825\nTulang Bawang,1324\nSukabaru,1078\n"
                                 "Baturaja Bungin,2121\n");
    const Run j = runSuara("plan --error 0.10 --strata " + strata + " --format json");
    REQUIRE(j.code == 0);
    const auto plan = nlohmann::json::parse(j.out);
    CHECK(plan["n"] == 100);
    std::vector<int64_t> samples;
    for (const auto& st : plan["strata"]) samples.push_back(st["sample"]);
    CHECK(samples == std::vector<int64_t>{20, 10, 10, 10, 8, 12, 10, 20});
    CHECK(plan["strata"][0] == nlohmann::json({{"name", "Peracak"}, {"population", 2172}, {"sample", 20}}));
    const Run table = runSuara("plan --population 10605 --error 0.10 --strata " + strata);
    REQUIRE(table.code == 0);
    CHECK(table.out.find("Baturaja Bungin") != std::string::npos);

    const Run km = runSuara("plan --population 10605 --error 0.05 --method krejcie-morgan --format json");
    REQUIRE(km.code == 0);
    CHECK(nlohmann::json::parse(km.out)["method"] == "krejcie-morgan");
    CHECK(nlohmann::json::parse(km.out)["n"] == 371);

    const Run mismatch = runSuara("plan --population 10000 --error 0.10 --strata " + strata);
    CHECK(mismatch.code == 1);
    CHECK(mismatch.err == "suara plan: --population 10000 is not the strata total 10605\n");
    const Run badStrata =
        runSuara("plan --error 0.1 --strata " + s.write("bad.csv", "name,population\nA,12\nB,x\n"));
    CHECK(badStrata.code == 1);
    CHECK(badStrata.err.find("row 3, column population: \"x\" is not a whole number") != std::string::npos);
}

TEST_CASE("simulate is deterministic and round-trips through report", "[cli]") {
    Scratch s;
    const Run a = runSuara("simulate --responses 2000 --seed 99 --out " + s.path("a.csv"));
    const Run b = runSuara("simulate --responses 2000 --seed 99 --out " + s.path("b.csv"));
    const Run c = runSuara("simulate --responses 2000 --seed 100 --out " + s.path("c.csv"));
    REQUIRE((a.code == 0 && b.code == 0 && c.code == 0));
    CHECK(slurp(s.path("a.csv")) == slurp(s.path("b.csv")));
    CHECK(slurp(s.path("a.csv")) != slurp(s.path("c.csv")));
    const Run report = runSuara("report " + s.path("a.csv"));
    REQUIRE(report.code == 0);
    const auto j = nlohmann::json::parse(report.out);
    CHECK(j["n"] == 2000);
    CHECK(j["overall"]["gap"].get<double>() < 0);

    // A pipe: simulate to stdout, report from stdin.
    const Run piped =
        runSuara("simulate --responses 2000 --seed 99 --out - | " + std::string(SUARA_CLI) + " report -");
    REQUIRE(piped.code == 0);
    CHECK(nlohmann::json::parse(piped.out) == j);

    // Full records (the kiosk/server export layout) read back as the same respondents.
    const Run full = runSuara("simulate --responses 2000 --seed 99 --full --out " + s.path("full.csv"));
    REQUIRE(full.code == 0);
    CHECK(slurp(s.path("full.csv")).rfind("uuid,kiosk_id,office_id,seq,", 0) == 0);
    const Run fullReport = runSuara("report " + s.path("full.csv"));
    REQUIRE(fullReport.code == 0);
    CHECK(nlohmann::json::parse(fullReport.out)["items"] == j["items"]);
}

TEST_CASE("usage errors are one line with exit 2; --help everywhere", "[cli]") {
    Scratch s;
    const std::string csv = smallCsv(s, 10);
    struct Case {
        std::string args, message;
    };
    const std::vector<Case> cases = {
        {"report " + csv + " --bogus", "suara report: unknown option --bogus (see suara report --help)\n"},
        {"report " + csv + " --out", "suara report: --out needs a value (see suara report --help)\n"},
        {"report " + csv + " --format xml",
         "suara report: --format must be json, csv or html, not \"xml\"\n"},
        {"report", "suara report: needs a CSV file (see suara report --help)\n"},
        {"report " + csv + " --instrument nope",
         "suara report: unknown instrument \"nope\"; available: servqual-ektp-18 (v1), skm-9 (v1)\n"},
        {"plan --population 100", "suara plan: --error is required (e.g. --error 0.10)\n"},
        {"plan --population abc --error 0.1", "suara plan: --population needs a whole number, not \"abc\"\n"},
        {"plan --population 100 --error 1.5",
         "suara plan: --error must be between 0 and 1 (e.g. 0.10 or 10%), not 1.5\n"},
        {"plan --population 100 --error 0.1 --method guess",
         "suara plan: --method must be slovin or krejcie-morgan, not \"guess\"\n"},
        {"simulate --responses 10", "suara simulate: --out is required (a file, or - for stdout)\n"},
        {"simulate --responses 10 --seed",
         "suara simulate: --seed needs a value (see suara simulate --help)\n"},
        {"simulate --responses 10 --out - --instrument nope",
         "suara simulate: unknown instrument \"nope\"; available: servqual-ektp-18 (v1), skm-9 (v1)\n"},
        {"frobnicate", "suara: unknown command \"frobnicate\" (commands: report, plan, simulate, redact; see "
                       "suara --help)\n"},
    };
    for (const Case& c : cases) {
        INFO(c.args);
        const Run r = runSuara(c.args);
        CHECK(r.code == 2);
        CHECK(r.err == c.message);
        CHECK(lines(r.err) == 1);
    }
    for (const char* command : {"report", "plan", "simulate"}) {
        const Run r = runSuara(std::string(command) + " --help");
        CHECK(r.code == 0);
        CHECK(r.out.rfind(std::string("usage: suara ") + command, 0) == 0);
    }
    CHECK(runSuara("--help").code == 0);
    CHECK(runSuara("").code == 2);
    // A missing input is a failure of the run, not of the command line.
    const Run missing = runSuara("report " + s.path("nope.csv"));
    CHECK(missing.code == 1);
    CHECK(missing.err == "suara report: cannot read " + s.path("nope.csv") + ": No such file or directory\n");
    // An unwritable output leaves nothing behind.
    const Run unwritable = runSuara("report " + csv + " --out " + s.path("no/such/dir/r.json"));
    CHECK(unwritable.code == 1);
    CHECK(unwritable.err.find("cannot write") != std::string::npos);
}

TEST_CASE("--out keeps special files and symlinks: FIFOs are written in place, links are followed", "[cli]") {
    Scratch s;
    const std::string csv = smallCsv(s, 50);
    // A symlink stays a symlink; its target gets the report.
    s.write("target.json", "old");
    fs::create_symlink(s.path("target.json"), s.path("link.json"));
    const Run viaLink = runSuara("report " + csv + " --out " + s.path("link.json"));
    REQUIRE(viaLink.code == 0);
    CHECK(fs::is_symlink(s.path("link.json")));
    CHECK(nlohmann::json::parse(slurp(s.path("target.json")))["n"] == 50);
    // A FIFO (like /dev/null or /dev/stdout, a node that is not a regular file) must never be
    // renamed over: that would replace the node with a plain file.
    REQUIRE(::mkfifo(s.path("pipe").c_str(), 0600) == 0);
    const std::string cmd = "sh -c 'timeout 20 cat " + s.path("pipe") + " > " + s.path("got.json") + " & " +
                            SUARA_CLI + " report " + csv + " --out " + s.path("pipe") +
                            "; rc=$?; wait; exit $rc'";
    CHECK(std::system(cmd.c_str()) == 0);
    CHECK(fs::is_fifo(s.path("pipe")));
    CHECK(nlohmann::json::parse(slurp(s.path("got.json")))["n"] == 50);
    // A directory is refused.
    const Run dir = runSuara("report " + csv + " --out " + s.dir.string());
    CHECK(dir.code == 1);
    CHECK(dir.err == "suara report: cannot write " + s.dir.string() + ": is a directory\n");
}

TEST_CASE("redact cleans comments line by line, stdin to stdout", "[cli][redact]") {
    Scratch s;
    const std::string in = s.write("paper.txt", "NIK 3201-0123 4567-8901 tolong\r\n"
                                                "antri 3 jam, loket 2\n"
                                                "\n"
                                                "WA (0812) 3456 7890 atau budi[at]gmail.com\n"
                                                "tanpa baris akhir 0062 812 3456 7890");
    const Run r = runSuara("redact --summary < " + in);
    CHECK(r.code == 0);
    CHECK(r.out == "NIK [NIK] tolong\r\n"
                   "antri 3 jam, loket 2\n"
                   "\n"
                   "WA [telepon] atau [email]\n"
                   "tanpa baris akhir [telepon]");
    CHECK(r.err == "suara redact: 5 lines, 1 NIK, 2 phone numbers, 1 e-mail addresses\n");
    // Its output is a fixed point, and usage errors are one line with exit 2.
    const Run again = runSuara("redact < " + s.write("clean.txt", r.out));
    CHECK(again.code == 0);
    CHECK(again.out == r.out);
    const Run bad = runSuara("redact " + in);
    CHECK(bad.code == 2);
    CHECK(lines(bad.err) == 1);
    CHECK(runSuara("redact --help").out.find("usage: suara redact") == 0);
}
