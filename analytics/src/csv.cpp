// Response CSV reading (both paths) and plain CSV tables; see csv.h for the format.
//
// [SECTION] Tokenizer: RFC 4180 records as string_views, with the line each record starts on
// [SECTION] Header: which column is what, checked against the instrument
// [SECTION] Cells: ratings, profile codes, numbers, times
// [SECTION] Fast path into an Accumulator
// [SECTION] Record path
// [SECTION] Plain tables (readCsvTable)
// Writing and readWholeFile live in csv_write.cpp.
#include "suara/analytics/csv.h"

#include "suara/analytics/profile.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <deque>
#include <optional>
#include <type_traits>

namespace suara::analytics {
namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Tokenizer
// ---------------------------------------------------------------------------------------------

// Cells point into the input, or into per-cell scratch strings when a quoted cell held "" escapes.
// A deque keeps the scratch strings where they are while it grows, so earlier views stay valid.
class Tokenizer {
public:
    explicit Tokenizer(std::string_view text) : m_text(text) {
        if (m_text.substr(0, 3) == "\xEF\xBB\xBF") m_pos = 3; // UTF-8 BOM
    }

    enum class Next { Record, End, Error };

    // Reads the next non-blank record into `cells`. On Error, errorCell() and errorReason() say
    // what went wrong; the caller names the column.
    Next next(std::vector<std::string_view>& cells) {
        const char* const end = m_text.data() + m_text.size();
        const char* p = m_text.data() + m_pos;
        // Blank lines (and the final newline) are not records.
        while (p < end && (*p == '\n' || *p == '\r')) {
            if (*p == '\r' && p + 1 < end && p[1] == '\n') ++p;
            ++p;
            ++m_line;
        }
        if (p >= end) {
            m_pos = m_text.size();
            return Next::End;
        }
        m_recordLine = m_line;
        cells.clear();
        for (;;) {
            if (*p == '"') {
                const char* start = ++p;
                bool escaped = false;
                for (;;) {
                    const void* q = std::memchr(p, '"', static_cast<size_t>(end - p));
                    if (q == nullptr) {
                        m_errorCell = cells.size();
                        m_errorReason = "unterminated quoted field";
                        return Next::Error;
                    }
                    const char* quote = static_cast<const char*>(q);
                    m_line += static_cast<size_t>(std::count(p, quote, '\n'));
                    if (quote + 1 < end && quote[1] == '"') {
                        escaped = true;
                        p = quote + 2;
                        continue;
                    }
                    p = quote + 1;
                    break;
                }
                std::string_view raw(start, static_cast<size_t>(p - 1 - start));
                if (!escaped) {
                    cells.push_back(unguardCsvCell(raw));
                } else {
                    if (m_scratch.size() <= cells.size()) m_scratch.resize(cells.size() + 1);
                    std::string& s = m_scratch[cells.size()];
                    s.clear();
                    for (size_t i = 0; i < raw.size(); ++i) {
                        s.push_back(raw[i]);
                        if (raw[i] == '"') ++i; // the second quote of a "" pair
                    }
                    cells.push_back(unguardCsvCell(s));
                }
                if (p < end && *p != ',' && *p != '\n' && *p != '\r') {
                    m_errorCell = cells.size() - 1;
                    m_errorReason = "text after the closing quote (quotes inside a field must be doubled)";
                    return Next::Error;
                }
            } else {
                const char* start = p;
                while (p < end && *p != ',' && *p != '\n' && *p != '\r') ++p;
                std::string_view cell(start, static_cast<size_t>(p - start));
                // The formula guard appendCsvField wrote is dropped here (only an apostrophe can start one).
                cells.push_back(!cell.empty() && cell.front() == '\'' ? unguardCsvCell(cell) : cell);
            }
            if (p < end && *p == ',') {
                ++p;
                if (p == end)
                    cells.emplace_back(); // "a,b," ends with an empty cell
                else
                    continue;
            }
            // End of the record: consume one line break.
            if (p < end) {
                if (*p == '\r' && p + 1 < end && p[1] == '\n') ++p;
                ++p;
                ++m_line;
            }
            m_pos = static_cast<size_t>(p - m_text.data());
            return Next::Record;
        }
    }

    size_t recordLine() const { return m_recordLine; }
    size_t position() const { return m_pos; }
    size_t line() const { return m_line; }
    void seek(size_t pos, size_t line) {
        m_pos = pos;
        m_line = line;
    }
    size_t errorCell() const { return m_errorCell; }
    const std::string& errorReason() const { return m_errorReason; }

private:
    std::string_view m_text;
    size_t m_pos = 0;
    size_t m_line = 1;       // the line p is on
    size_t m_recordLine = 1; // the line the current record started on
    size_t m_errorCell = 0;
    std::string m_errorReason;
    std::deque<std::string> m_scratch;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Header
// ---------------------------------------------------------------------------------------------

enum class Kind {
    Extra,
    Expectation,
    Perception,
    Profile,
    Instrument,
    InstrumentVersion,
    Uuid,
    KioskId,
    OfficeId,
    Seq,
    StartedAt,
    SubmittedAt,
    UtcOffset,
    Service,
    Lang,
    Comment,
    DurationMs,
    Flags
};

struct Column {
    std::string name; // as written (trimmed)
    Kind kind = Kind::Extra;
    int index = 0; // 0-based item, or the ProfileField
};

struct Layout {
    std::vector<Column> columns;
    bool hasProfile = false;
};

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

// "p07" -> ('p', 7); anything else -> nullopt.
std::optional<std::pair<char, int>> ratingName(std::string_view lowerName) {
    if (lowerName.size() < 2 || lowerName.size() > 4) return std::nullopt;
    const char scale = lowerName[0];
    if (scale != 'e' && scale != 'p' && scale != 'q') return std::nullopt;
    int number = 0;
    for (char c : lowerName.substr(1)) {
        if (c < '0' || c > '9') return std::nullopt;
        number = number * 10 + (c - '0');
    }
    return std::make_pair(scale, number);
}

std::optional<Kind> namedKind(std::string_view lowerName) {
    static const std::pair<std::string_view, Kind> kNamed[] = {
        {"instrument", Kind::Instrument},
        {"instrument_version", Kind::InstrumentVersion},
        {"uuid", Kind::Uuid},
        {"kiosk_id", Kind::KioskId},
        {"office_id", Kind::OfficeId},
        {"seq", Kind::Seq},
        {"started_at", Kind::StartedAt},
        {"submitted_at", Kind::SubmittedAt},
        {"utc_offset", Kind::UtcOffset},
        {"service", Kind::Service},
        {"lang", Kind::Lang},
        {"comment", Kind::Comment},
        {"duration_ms", Kind::DurationMs},
        {"flags", Kind::Flags},
    };
    for (const auto& [name, kind] : kNamed) {
        if (name == lowerName) return kind;
    }
    return std::nullopt;
}

Result<Layout> parseHeader(const std::vector<std::string_view>& cells, const Instrument& instrument) {
    const int items = static_cast<int>(instrument.itemCount());
    bool hasQ = false;
    for (std::string_view cell : cells) {
        auto r = ratingName(lower(trim(cell)));
        if (r && r->first == 'q') hasQ = true;
    }
    Layout layout;
    std::vector<std::string> seen;
    std::vector<int> found(static_cast<size_t>(2 * items), 0);
    for (std::string_view cell : cells) {
        Column col;
        col.name = std::string(trim(cell));
        const std::string key = lower(col.name);
        if (!key.empty()) {
            if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
                return Error{"column " + col.name + " appears twice in the header"};
            }
            seen.push_back(key);
        }
        if (auto r = ratingName(key)) {
            const auto [scale, number] = *r;
            bool used = true;
            if (instrument.paired) {
                if (scale == 'q')
                    used = false; // carried as an extra column
                else
                    col.kind = scale == 'e' ? Kind::Expectation : Kind::Perception;
            } else if (scale == 'e') {
                return Error{"column " + col.name + ": " + instrument.id +
                             " is single-scale and has no expectation ratings"};
            } else if (scale == 'q' || !hasQ) {
                col.kind = Kind::Perception;
            } else {
                used = false;
            }
            if (used) {
                if (number < 1 || number > items) {
                    return Error{"column " + col.name + ": " + instrument.id + " has items 1.." +
                                 std::to_string(items)};
                }
                col.index = number - 1;
                found[static_cast<size_t>((col.kind == Kind::Expectation ? 0 : items) + col.index)] = 1;
            }
        } else if (auto field = profileFieldByKey(key)) {
            col.kind = Kind::Profile;
            col.index = static_cast<int>(*field);
            layout.hasProfile = true;
        } else if (auto kind = namedKind(key)) {
            col.kind = *kind;
        }
        layout.columns.push_back(std::move(col));
    }
    // Name the first missing rating column as the file would spell it.
    bool hasP = false;
    for (const Column& col : layout.columns) hasP = hasP || col.kind == Kind::Perception;
    const char single = hasQ || !hasP ? 'Q' : 'P';
    for (int scale = instrument.paired ? 0 : 1; scale < 2; ++scale) {
        for (int i = 0; i < items; ++i) {
            if (!found[static_cast<size_t>(scale * items + i)]) {
                const char letter = !instrument.paired ? single : (scale == 0 ? 'E' : 'P');
                return Error{"missing column " + ratingColumnName(letter, i + 1)};
            }
        }
    }
    return layout;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Cells
// ---------------------------------------------------------------------------------------------

std::string quoted(std::string_view cell) {
    std::string out = "\"";
    if (cell.size() > 40) {
        out.append(cell.substr(0, 40));
        out += "...";
    } else {
        out.append(cell);
    }
    return out + "\"";
}

// Shared by both paths; the caller has already tried the one-digit fast case.
Result<uint8_t> parseRatingSlow(std::string_view cell, int points) {
    const std::string_view t = trim(cell);
    if (t.empty()) return uint8_t{0};
    const std::string scale = "1.." + std::to_string(points);
    bool digits = t.size() <= 9;
    for (char c : t) digits = digits && c >= '0' && c <= '9';
    if (!digits) return Error{quoted(cell) + " is not a rating (expected " + scale + ", blank or 0)"};
    int value = 0;
    for (char c : t) value = value * 10 + (c - '0');
    if (value > points) return Error{std::to_string(value) + " is outside the scale " + scale};
    return static_cast<uint8_t>(value);
}

inline Result<uint8_t> parseRating(std::string_view cell, int points) {
    if (cell.size() == 1) {
        const int v = cell[0] - '0';
        if (v >= 0 && v <= points) return static_cast<uint8_t>(v);
    }
    return parseRatingSlow(cell, points);
}

// Profile codes: the first time a spelling is seen it is checked against the options; later rows
// with the same spelling hit the small cache (a file has a handful of distinct spellings).
class ProfileCodes {
public:
    // The option index (-1 when blank), or an error naming the expected codes.
    Result<int> lookup(ProfileField field, std::string_view cell) {
        auto& cache = m_cache[static_cast<size_t>(field)];
        for (const auto& [spelling, index] : cache) {
            if (spelling == cell) return index;
        }
        const std::string_view t = trim(cell);
        int index = -1;
        if (!t.empty()) {
            index = profileOptionIndex(field, t);
            if (index < 0) {
                const ProfileFieldInfo& info = profileFieldInfo(field);
                std::string options;
                for (const ProfileOption& o : info.options) options += (options.empty() ? "" : ", ") + o.code;
                return Error{quoted(cell) + " is not a known " + info.key + " code (expected one of " +
                             options + ", or blank)"};
            }
        }
        cache.emplace_back(std::string(cell), index);
        return index;
    }
    static const std::string& code(ProfileField field, int index) {
        static const std::string blank;
        return index < 0 ? blank : profileFieldInfo(field).options[static_cast<size_t>(index)].code;
    }

private:
    std::array<std::vector<std::pair<std::string, int>>, 4> m_cache;
};

Result<int64_t> parseWhole(std::string_view cell) {
    const std::string_view t = trim(cell);
    if (t.empty()) return int64_t{0};
    int64_t v = 0;
    auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || ptr != t.data() + t.size())
        return Error{quoted(cell) + " is not a whole number"};
    return v;
}

Result<int64_t> parseTime(std::string_view cell) {
    const std::string_view t = trim(cell);
    if (t.empty()) return int64_t{0};
    if (auto ms = parseUtcMs(t)) return *ms;
    if (auto day = parseDay(t)) return *day * kDayMs;
    return Error{quoted(cell) + " is not a UTC time (expected e.g. 2026-11-21T03:04:05.678Z)"};
}

std::string cellError(size_t line, const Layout* layout, size_t cell, const std::string& reason) {
    std::string where = "row " + std::to_string(line);
    if (layout != nullptr && cell < layout->columns.size()) {
        where += ", column " + layout->columns[cell].name;
    } else {
        where += ", cell " + std::to_string(cell + 1);
    }
    return where + ": " + reason;
}

// Reads the header; shared by both paths.
Result<Layout> readHeader(Tokenizer& tok, std::vector<std::string_view>& cells,
                          const Instrument& instrument) {
    switch (tok.next(cells)) {
    case Tokenizer::Next::End: return Error{"empty file: there is no header row"};
    case Tokenizer::Next::Error:
        return Error{cellError(tok.recordLine(), nullptr, tok.errorCell(), tok.errorReason())};
    case Tokenizer::Next::Record: break;
    }
    return parseHeader(cells, instrument);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Fast path into an Accumulator
// ---------------------------------------------------------------------------------------------

constexpr size_t kBlockRows = 4096;

// Reads rows into blocks of ratings and tallies of profile codes. Each row is first tried by
// plainRow, a fused scan for the common shape (no quotes, one-digit or blank ratings, profile
// spellings already seen); any row it does not like is re-read by the tokenizer and checked cell
// by cell, which either accepts it (quotes, spaces, "05") or names the problem.
class FastReader {
public:
    FastReader(std::string_view csv, const Instrument& instrument, const Layout& layout)
        : m_csv(csv), m_instrument(instrument), m_layout(layout), m_acc(instrument),
          m_items(instrument.itemCount()), m_e(instrument.paired ? kBlockRows * m_items : 0),
          m_p(kBlockRows * m_items) {
        for (ProfileField f : kProfileFields) {
            m_tally[static_cast<size_t>(f)].assign(profileFieldInfo(f).options.size(), 0);
        }
    }

    Result<Accumulator> run(Tokenizer& tok) {
        const char* const begin = m_csv.data();
        const char* const end = begin + m_csv.size();
        const char* p = begin + tok.position();
        size_t line = tok.line();
        std::vector<std::string_view> cells;
        for (;;) {
            while (p < end && (*p == '\n' || *p == '\r')) { // blank lines
                if (*p == '\r' && p + 1 < end && p[1] == '\n') ++p;
                ++p;
                ++line;
            }
            if (p >= end) break;
            uint8_t* eRow = m_instrument.paired ? m_e.data() + m_rows * m_items : nullptr;
            uint8_t* pRow = m_p.data() + m_rows * m_items;
            const char* q = p;
            if (plainRow(q, end, eRow, pRow)) {
                p = q;
                ++line;
            } else {
                tok.seek(static_cast<size_t>(p - begin), line);
                if (tok.next(cells) == Tokenizer::Next::Error) {
                    return Error{cellError(tok.recordLine(), &m_layout, tok.errorCell(), tok.errorReason())};
                }
                if (auto checked = checkedRow(cells, tok.recordLine(), eRow, pRow); !checked)
                    return checked.error();
                p = begin + tok.position();
                line = tok.line();
            }
            if (++m_rows == kBlockRows) flush();
        }
        flush();
        for (ProfileField f : kProfileFields) {
            const auto& tally = m_tally[static_cast<size_t>(f)];
            for (size_t o = 0; o < tally.size(); ++o) {
                if (tally[o] != 0) m_acc.addProfileCount(f, static_cast<int>(o), tally[o]);
            }
        }
        return std::move(m_acc);
    }

private:
    void flush() {
        if (m_rows == 0) return;
        m_acc.addRows(std::span(m_e).first(m_instrument.paired ? m_rows * m_items : 0),
                      std::span(m_p).first(m_rows * m_items), m_rows);
        m_rows = 0;
    }

    static bool isEnd(const char* p, const char* end) {
        return p == end || *p == ',' || *p == '\n' || *p == '\r';
    }

    bool plainRow(const char*& p, const char* end, uint8_t* eRow, uint8_t* pRow) {
        const size_t columns = m_layout.columns.size();
        int pending[4] = {-1, -1, -1, -1};
        for (size_t c = 0; c < columns; ++c) {
            const Column& col = m_layout.columns[c];
            if (col.kind == Kind::Expectation || col.kind == Kind::Perception) {
                uint8_t v = 0;
                if (!isEnd(p, end)) {
                    const unsigned digit = static_cast<unsigned>(*p - '0');
                    if (digit > static_cast<unsigned>(m_instrument.points) || !isEnd(p + 1, end))
                        return false;
                    v = static_cast<uint8_t>(digit);
                    ++p;
                }
                (col.kind == Kind::Expectation ? eRow : pRow)[col.index] = v;
            } else {
                const char* start = p;
                while (p < end && *p != ',' && *p != '\n' && *p != '\r' && *p != '"') ++p;
                if (p < end && *p == '"') return false;
                const std::string_view cell(start, static_cast<size_t>(p - start));
                if (col.kind == Kind::Profile) {
                    const int index = cachedProfile(col.index, cell);
                    if (index == kUnknown) return false;
                    pending[col.index] = index;
                } else if (col.kind == Kind::Instrument && !cell.empty() && cell != m_instrument.id) {
                    return false;
                }
            }
            if (c + 1 < columns) {
                if (p >= end || *p != ',') return false;
                ++p;
            } else if (p < end) {
                if (*p == ',') return false;
                if (*p == '\r' && p + 1 < end && p[1] == '\n') ++p;
                ++p;
            }
        }
        for (size_t f = 0; f < 4; ++f) {
            if (pending[f] >= 0) ++m_tally[f][static_cast<size_t>(pending[f])];
        }
        return true;
    }

    // The cell-by-cell check of one tokenized row; names the first bad cell.
    Status checkedRow(const std::vector<std::string_view>& cells, size_t line, uint8_t* eRow, uint8_t* pRow) {
        const size_t columns = m_layout.columns.size();
        if (cells.size() != columns) {
            return Error{"row " + std::to_string(line) + ": " + std::to_string(cells.size()) +
                         " cells, header has " + std::to_string(columns)};
        }
        int pending[4] = {-1, -1, -1, -1};
        for (size_t c = 0; c < columns; ++c) {
            const Column& col = m_layout.columns[c];
            switch (col.kind) {
            case Kind::Expectation:
            case Kind::Perception: {
                auto r = parseRating(cells[c], m_instrument.points);
                if (!r) return Error{cellError(line, &m_layout, c, r.error().message)};
                (col.kind == Kind::Expectation ? eRow : pRow)[col.index] = *r;
                break;
            }
            case Kind::Profile: {
                auto index = m_codes.lookup(static_cast<ProfileField>(col.index), cells[c]);
                if (!index) return Error{cellError(line, &m_layout, c, index.error().message)};
                pending[col.index] = *index;
                break;
            }
            case Kind::Instrument: {
                const std::string_view t = trim(cells[c]);
                if (!t.empty() && t != m_instrument.id) {
                    return Error{
                        cellError(line, &m_layout, c,
                                  quoted(t) + " is not the instrument being read (" + m_instrument.id + ")")};
                }
                break;
            }
            default: break;
            }
        }
        for (size_t f = 0; f < 4; ++f) {
            if (pending[f] >= 0) ++m_tally[f][static_cast<size_t>(pending[f])];
        }
        return Ok{};
    }

    static constexpr int kUnknown = -2;
    // Option index (-1 blank) of a spelling seen before, else kUnknown. The views point into the
    // CSV text, which outlives the reader.
    int cachedProfile(int field, std::string_view cell) {
        auto& cache = m_fastCache[static_cast<size_t>(field)];
        for (const auto& [spelling, index] : cache) {
            if (spelling.size() == cell.size() &&
                std::memcmp(spelling.data(), cell.data(), cell.size()) == 0) {
                return index;
            }
        }
        auto index = m_codes.lookup(static_cast<ProfileField>(field), cell);
        if (!index) return kUnknown;
        cache.emplace_back(cell, *index);
        return *index;
    }

    std::string_view m_csv;
    const Instrument& m_instrument;
    const Layout& m_layout;
    Accumulator m_acc;
    size_t m_items;
    std::vector<uint8_t> m_e, m_p;
    size_t m_rows = 0;
    std::array<std::vector<uint64_t>, 4> m_tally;
    std::array<std::vector<std::pair<std::string_view, int>>, 4> m_fastCache;
    ProfileCodes m_codes;
};

} // namespace

std::string detectInstrumentId(std::string_view csv) {
    Tokenizer tok(csv);
    std::vector<std::string_view> cells;
    bool q = false, ep = false;
    if (tok.next(cells) == Tokenizer::Next::Record) {
        for (std::string_view cell : cells) {
            if (auto r = ratingName(lower(trim(cell)))) {
                (r->first == 'q' ? q : ep) = true;
            }
        }
    }
    return q && !ep ? "skm-9" : "servqual-ektp-18";
}

Result<Accumulator> readCsvAccumulator(std::string_view csv, const Instrument& instrument) {
    Tokenizer tok(csv);
    std::vector<std::string_view> cells;
    auto header = readHeader(tok, cells, instrument);
    if (!header) return header.error();
    FastReader reader(csv, instrument, *header);
    return reader.run(tok);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Record path
// ---------------------------------------------------------------------------------------------

Result<CsvRecords> readCsvRecords(std::string_view csv, const Instrument& instrument) {
    Tokenizer tok(csv);
    std::vector<std::string_view> cells;
    auto header = readHeader(tok, cells, instrument);
    if (!header) return header.error();
    const Layout& layout = *header;
    const size_t columns = layout.columns.size();
    const size_t items = instrument.itemCount();

    CsvRecords out;
    for (const Column& col : layout.columns) {
        if (col.kind == Kind::Extra) out.extraColumns.push_back(col.name);
    }
    ProfileCodes codes;
    for (;;) {
        const auto next = tok.next(cells);
        if (next == Tokenizer::Next::End) break;
        const size_t line = tok.recordLine();
        if (next == Tokenizer::Next::Error) {
            return Error{cellError(line, &layout, tok.errorCell(), tok.errorReason())};
        }
        if (cells.size() != columns) {
            return Error{"row " + std::to_string(line) + ": " + std::to_string(cells.size()) +
                         " cells, header has " + std::to_string(columns)};
        }
        Response r;
        r.instrument = instrument.id;
        r.instrumentVersion = instrument.version;
        if (instrument.paired) r.expectation.assign(items, 0);
        r.perception.assign(items, 0);
        std::vector<std::string> extras;
        extras.reserve(out.extraColumns.size());
        for (size_t c = 0; c < columns; ++c) {
            const Column& col = layout.columns[c];
            const std::string_view cell = cells[c];
            auto fail = [&](const std::string& reason) { return Error{cellError(line, &layout, c, reason)}; };
            auto whole = [&](auto& field) -> std::optional<Error> {
                auto v = parseWhole(cell);
                if (!v) return fail(v.error().message);
                field = static_cast<std::remove_reference_t<decltype(field)>>(*v);
                return std::nullopt;
            };
            auto time = [&](int64_t& field) -> std::optional<Error> {
                auto v = parseTime(cell);
                if (!v) return fail(v.error().message);
                field = *v;
                return std::nullopt;
            };
            std::optional<Error> err;
            switch (col.kind) {
            case Kind::Expectation:
            case Kind::Perception: {
                auto v = parseRating(cell, instrument.points);
                if (!v) return fail(v.error().message);
                (col.kind == Kind::Expectation ? r.expectation
                                               : r.perception)[static_cast<size_t>(col.index)] = *v;
                break;
            }
            case Kind::Profile: {
                const auto field = static_cast<ProfileField>(col.index);
                auto index = codes.lookup(field, cell);
                if (!index) return fail(index.error().message);
                r.profile[field] = ProfileCodes::code(field, *index);
                break;
            }
            case Kind::Instrument:
                if (!trim(cell).empty() && trim(cell) != instrument.id) {
                    return fail(quoted(trim(cell)) + " is not the instrument being read (" + instrument.id +
                                ")");
                }
                break;
            case Kind::InstrumentVersion:
                if (!trim(cell).empty()) err = whole(r.instrumentVersion);
                break;
            case Kind::Uuid: r.uuid = cell; break;
            case Kind::KioskId: r.kioskId = cell; break;
            case Kind::OfficeId: r.officeId = cell; break;
            case Kind::Seq: err = whole(r.seq); break;
            case Kind::StartedAt: err = time(r.startedAtMs); break;
            case Kind::SubmittedAt: err = time(r.submittedAtMs); break;
            case Kind::UtcOffset:
                if (!trim(cell).empty()) {
                    auto v = parseUtcOffset(trim(cell));
                    if (!v) return fail(quoted(cell) + " is not a UTC offset (expected e.g. +07:00)");
                    r.utcOffsetMinutes = *v;
                }
                break;
            case Kind::Service:
                if (!cell.empty()) r.service = cell;
                break;
            case Kind::Lang:
                if (!cell.empty()) r.lang = cell;
                break;
            case Kind::Comment: r.comment = cell; break;
            case Kind::DurationMs: err = whole(r.durationMs); break;
            case Kind::Flags:
                for (size_t start = 0; start <= cell.size();) {
                    size_t stop = cell.find(';', start);
                    if (stop == std::string_view::npos) stop = cell.size();
                    const std::string_view flag = trim(cell.substr(start, stop - start));
                    if (!flag.empty()) r.flags.emplace_back(flag);
                    start = stop + 1;
                }
                break;
            case Kind::Extra: extras.emplace_back(cell); break;
            }
            if (err) return *err;
        }
        out.responses.push_back(std::move(r));
        out.extraValues.push_back(std::move(extras));
    }
    return out;
}

Result<std::vector<Response>> readCsvResponses(std::string_view csv, const Instrument& instrument) {
    auto records = readCsvRecords(csv, instrument);
    if (!records) return records.error();
    return std::move(records->responses);
}

Result<CsvTable> readCsvTable(std::string_view csv) {
    Tokenizer tok(csv);
    std::vector<std::string_view> cells;
    CsvTable table;
    Layout names; // only for naming columns in errors
    for (;;) {
        const auto next = tok.next(cells);
        if (next == Tokenizer::Next::End) break;
        const bool inHeader = names.columns.empty();
        if (next == Tokenizer::Next::Error) {
            return Error{
                cellError(tok.recordLine(), inHeader ? nullptr : &names, tok.errorCell(), tok.errorReason())};
        }
        if (inHeader) {
            for (std::string_view cell : cells) {
                table.header.emplace_back(trim(cell));
                names.columns.push_back(Column{table.header.back(), Kind::Extra, 0});
            }
            continue;
        }
        if (cells.size() != table.header.size()) {
            return Error{"row " + std::to_string(tok.recordLine()) + ": " + std::to_string(cells.size()) +
                         " cells, header has " + std::to_string(table.header.size())};
        }
        table.rows.emplace_back(cells.begin(), cells.end());
        table.lines.push_back(tok.recordLine());
    }
    if (table.header.empty()) return Error{"empty file: there is no header row"};
    return table;
}

} // namespace suara::analytics
