// Accumulator: exact integer sufficient statistics, the block kernel, and the binary format.
//
// [SECTION] Construction and scalar add
// [SECTION] Block kernel (addRows)
// [SECTION] Margins
// [SECTION] Merge
// [SECTION] Serialization
#include "suara/analytics/accumulator.h"

#include <algorithm>
#include <cassert>
#include <cstring>

namespace suara::analytics {

namespace {
size_t triangle(int k) {
    return static_cast<size_t>(k) * static_cast<size_t>(k + 1) / 2;
}
} // namespace

// [SECTION] Construction and scalar add

Accumulator::Accumulator(const Instrument& ins)
    : Accumulator(ins.id, ins.version, static_cast<int>(ins.itemCount()), ins.points, ins.paired) {}

Accumulator::Accumulator(std::string instrumentId, int instrumentVersion, int items, int points, bool paired)
    : m_instrumentId(std::move(instrumentId)), m_instrumentVersion(instrumentVersion), m_items(items),
      m_points(points), m_paired(paired) {
    assert(items >= 1 && items <= kMaxItems && "accumulator: item count out of range");
    assert(points >= 2 && points <= kMaxPoints && "accumulator: scale points out of range");
    m_joint.assign(static_cast<size_t>(items) * static_cast<size_t>((points + 1) * (points + 1)), 0);
    for (auto& m : m_moments) {
        m.sum.assign(static_cast<size_t>(items), 0);
        m.cross.assign(triangle(items), 0);
    }
    if (paired) {
        m_pairMoments.sum.assign(2 * static_cast<size_t>(items), 0);
        m_pairMoments.cross.assign(triangle(2 * items), 0);
    }
    for (auto f : kProfileFields)
        m_profile[static_cast<size_t>(f)].assign(profileFieldInfo(f).options.size(), 0);
}

void Accumulator::add(std::span<const uint8_t> e, std::span<const uint8_t> p, const Profile& profile) {
    const auto k = static_cast<size_t>(m_items);
    assert(p.size() == k && "accumulator: perception has the wrong number of ratings");
    assert((m_paired ? e.size() == k : e.empty()) && "accumulator: expectation has the wrong shape");
    ++m_responses;
    const int stride = m_points + 1;
    for (size_t i = 0; i < k; ++i) {
        const int ev = m_paired ? e[i] : 0;
        assert(ev <= m_points && p[i] <= m_points && "accumulator: rating outside the scale");
        ++m_joint[(i * static_cast<size_t>(stride) + static_cast<size_t>(ev)) * static_cast<size_t>(stride) +
                  p[i]];
    }
    auto moments = [&](std::span<const uint8_t> x, ScaleMoments& m) {
        if (std::find(x.begin(), x.end(), uint8_t{0}) != x.end()) return;
        ++m.n;
        size_t idx = 0;
        for (size_t i = 0; i < k; ++i) {
            m.sum[i] += x[i];
            for (size_t j = i; j < k; ++j) m.cross[idx++] += uint64_t{x[i]} * x[j];
        }
    };
    if (m_paired) moments(e, m_moments[0]);
    moments(p, m_moments[1]);
    const auto complete = [](std::span<const uint8_t> x) {
        return std::find(x.begin(), x.end(), uint8_t{0}) == x.end();
    };
    if (m_paired && complete(e) && complete(p)) {
        ScaleMoments& m = m_pairMoments;
        ++m.n;
        auto x = [&](size_t i) { return uint64_t{i < k ? e[i] : p[i - k]}; };
        size_t idx = 0;
        for (size_t i = 0; i < 2 * k; ++i) {
            m.sum[i] += x(i);
            for (size_t j = i; j < 2 * k; ++j) m.cross[idx++] += x(i) * x(j);
        }
    }
    addProfile(profile);
}

void Accumulator::addProfile(const Profile& profile) {
    for (auto f : kProfileFields) {
        const std::string& code = profile[f];
        if (code.empty()) continue;
        int idx = profileOptionIndex(f, code);
        assert(idx >= 0 && "accumulator: unknown profile code (validate the response first)");
        ++m_profile[static_cast<size_t>(f)][static_cast<size_t>(idx)];
    }
}

void Accumulator::addProfileCount(ProfileField field, int option, uint64_t count) {
    auto& counts = m_profile[static_cast<size_t>(field)];
    assert(option >= 0 && static_cast<size_t>(option) < counts.size() &&
           "accumulator: profile option out of range");
    counts[static_cast<size_t>(option)] += count;
}

// [SECTION] Block kernel (addRows)
//
// The cross-product matrix is X'X over the complete rows of a scale. Rows are transposed into
// columns of int16 (kBlock rows, zero-padded), so each (i, j) entry is a dot product of two short
// vectors that GCC turns into pmaddwd; target_clones picks AVX-512/AVX2 at load time. Products are
// at most 100 and a block has 256 rows, so the int32 partial sums cannot overflow.

namespace {

constexpr size_t kBlock = 256;

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) void
crossBlock(const int16_t* cols, size_t k, uint64_t* sums, uint64_t* cross) {
    size_t idx = 0;
    for (size_t i = 0; i < k; ++i) {
        const int16_t* a = cols + i * kBlock;
        int32_t s = 0;
        for (size_t b = 0; b < kBlock; ++b) s += a[b];
        sums[i] += static_cast<uint64_t>(s);
        for (size_t j = i; j < k; ++j) {
            const int16_t* c = cols + j * kBlock;
            int32_t acc = 0;
            for (size_t b = 0; b < kBlock; ++b) acc += int32_t{a[b]} * int32_t{c[b]};
            cross[idx++] += static_cast<uint64_t>(acc);
        }
    }
}

} // namespace

void Accumulator::accumulateBlock(const uint8_t* rows, size_t count, Scale scale) {
    const auto k = static_cast<size_t>(m_items);
    ScaleMoments& m = m_moments[static_cast<size_t>(scale)];
    alignas(64) int16_t cols[kMaxItems * kBlock];
    size_t filled = 0;
    auto flush = [&] {
        if (filled == 0) return;
        for (size_t i = 0; i < k; ++i)
            std::fill(cols + i * kBlock + filled, cols + (i + 1) * kBlock, int16_t{0});
        crossBlock(cols, k, m.sum.data(), m.cross.data());
        m.n += filled;
        filled = 0;
    };
    for (size_t r = 0; r < count; ++r) {
        const uint8_t* x = rows + r * k;
        bool complete = true;
        for (size_t i = 0; i < k; ++i) complete &= x[i] != 0;
        if (!complete) continue;
        for (size_t i = 0; i < k; ++i) cols[i * kBlock + filled] = x[i];
        if (++filled == kBlock) flush();
    }
    flush();
}

// Paired rows in one pass, each rating through the kernel once: a row complete on both scales goes
// into the 2k-column pair block (E then P) only, and the E-E and P-P triangles of those blocks are
// then added to the listwise moments as well; a row complete on one scale only goes into that
// scale's block. Every sum is an integer, so the totals are the same bits as a listwise pass per
// scale plus a pair pass (docs/benchmarks.md).
void Accumulator::accumulatePairBlock(const uint8_t* e, const uint8_t* p, size_t count) {
    const auto k = static_cast<size_t>(m_items);
    alignas(64) int16_t pairCols[2 * kMaxItems * kBlock];
    alignas(64) int16_t colsE[kMaxItems * kBlock];
    alignas(64) int16_t colsP[kMaxItems * kBlock];
    std::vector<uint64_t> pairSum(2 * k, 0), pairCross(triangle(2 * m_items), 0);
    uint64_t pairN = 0;
    size_t filledPair = 0, filledE = 0, filledP = 0;
    auto flush = [&](int16_t* cols, size_t width, size_t& filled, uint64_t* sums, uint64_t* cross,
                     uint64_t& n) {
        if (filled == 0) return;
        for (size_t i = 0; i < width; ++i)
            std::fill(cols + i * kBlock + filled, cols + (i + 1) * kBlock, int16_t{0});
        crossBlock(cols, width, sums, cross);
        n += filled;
        filled = 0;
    };
    ScaleMoments& me = m_moments[static_cast<size_t>(Scale::Expectation)];
    ScaleMoments& mp = m_moments[static_cast<size_t>(Scale::Perception)];
    for (size_t r = 0; r < count; ++r) {
        const uint8_t* x = e + r * k;
        const uint8_t* y = p + r * k;
        bool completeE = true, completeP = true;
        for (size_t i = 0; i < k; ++i) {
            completeE &= x[i] != 0;
            completeP &= y[i] != 0;
        }
        if (completeE && completeP) {
            for (size_t i = 0; i < k; ++i) {
                pairCols[i * kBlock + filledPair] = x[i];
                pairCols[(k + i) * kBlock + filledPair] = y[i];
            }
            if (++filledPair == kBlock)
                flush(pairCols, 2 * k, filledPair, pairSum.data(), pairCross.data(), pairN);
        } else if (completeE) {
            for (size_t i = 0; i < k; ++i) colsE[i * kBlock + filledE] = x[i];
            if (++filledE == kBlock) flush(colsE, k, filledE, me.sum.data(), me.cross.data(), me.n);
        } else if (completeP) {
            for (size_t i = 0; i < k; ++i) colsP[i * kBlock + filledP] = y[i];
            if (++filledP == kBlock) flush(colsP, k, filledP, mp.sum.data(), mp.cross.data(), mp.n);
        }
    }
    flush(pairCols, 2 * k, filledPair, pairSum.data(), pairCross.data(), pairN);
    flush(colsE, k, filledE, me.sum.data(), me.cross.data(), me.n);
    flush(colsP, k, filledP, mp.sum.data(), mp.cross.data(), mp.n);
    // The pair triangle in row order: (i, i..2k-1). Its E-E part is (i < k, j < k) and its P-P
    // part (i >= k), each in the listwise triangle's own order.
    size_t idx = 0, idxE = 0, idxP = 0;
    for (size_t i = 0; i < 2 * k; ++i) {
        for (size_t j = i; j < 2 * k; ++j, ++idx) {
            if (j < k)
                me.cross[idxE++] += pairCross[idx];
            else if (i >= k)
                mp.cross[idxP++] += pairCross[idx];
            m_pairMoments.cross[idx] += pairCross[idx];
        }
        (i < k ? me.sum[i] : mp.sum[i - k]) += pairSum[i];
        m_pairMoments.sum[i] += pairSum[i];
    }
    me.n += pairN;
    mp.n += pairN;
    m_pairMoments.n += pairN;
}

void Accumulator::addRows(std::span<const uint8_t> e, std::span<const uint8_t> p, size_t rows) {
    const auto k = static_cast<size_t>(m_items);
    assert(p.size() == rows * k && "addRows: perception is not rows x items");
    assert((!m_paired || e.size() == rows * k) && "addRows: expectation is not rows x items");
    const auto stride = static_cast<size_t>(m_points + 1);
    for (size_t r = 0; r < rows; ++r) {
        const uint8_t* pr = p.data() + r * k;
        const uint8_t* er = m_paired ? e.data() + r * k : nullptr;
        for (size_t i = 0; i < k; ++i) {
            const size_t ev = er ? er[i] : 0;
            assert(ev <= stride - 1 && pr[i] <= stride - 1 && "addRows: rating outside the scale");
            ++m_joint[(i * stride + ev) * stride + pr[i]];
        }
    }
    m_responses += rows;
    if (m_paired)
        accumulatePairBlock(e.data(), p.data(), rows);
    else
        accumulateBlock(p.data(), rows, Scale::Perception);
}

// [SECTION] Margins

uint64_t Accumulator::freq(Scale scale, int item, int score) const {
    assert(score >= 1 && score <= m_points && "freq: score outside the scale");
    uint64_t total = 0;
    for (int other = 0; other <= m_points; ++other)
        total += scale == Scale::Expectation ? joint(item, score, other) : joint(item, other, score);
    return total;
}

uint64_t Accumulator::count(Scale scale, int item) const {
    uint64_t n = 0;
    for (int s = 1; s <= m_points; ++s) n += freq(scale, item, s);
    return n;
}

uint64_t Accumulator::sum(Scale scale, int item) const {
    uint64_t total = 0;
    for (int s = 1; s <= m_points; ++s) total += freq(scale, item, s) * static_cast<uint64_t>(s);
    return total;
}

uint64_t Accumulator::sumSquares(Scale scale, int item) const {
    uint64_t total = 0;
    for (int s = 1; s <= m_points; ++s) total += freq(scale, item, s) * static_cast<uint64_t>(s * s);
    return total;
}

uint64_t Accumulator::pairs(int item) const {
    uint64_t n = 0;
    for (int e = 1; e <= m_points; ++e)
        for (int p = 1; p <= m_points; ++p) n += joint(item, e, p);
    return n;
}

uint64_t Accumulator::pairSum(Scale scale, int item) const {
    uint64_t total = 0;
    for (int e = 1; e <= m_points; ++e)
        for (int p = 1; p <= m_points; ++p)
            total += joint(item, e, p) * static_cast<uint64_t>(scale == Scale::Expectation ? e : p);
    return total;
}

// [SECTION] Merge

Status Accumulator::compatibleWith(const Accumulator& o) const {
    if (m_instrumentId != o.m_instrumentId || m_instrumentVersion != o.m_instrumentVersion)
        return Error{"cannot merge " + o.m_instrumentId + " v" + std::to_string(o.m_instrumentVersion) +
                     " into " + m_instrumentId + " v" + std::to_string(m_instrumentVersion)};
    if (m_items != o.m_items || m_points != o.m_points || m_paired != o.m_paired)
        return Error{"cannot merge accumulators of different shapes"};
    return Ok{};
}

void Accumulator::merge(const Accumulator& o) {
    assert(compatibleWith(o).ok() && "merge: incompatible accumulators (check compatibleWith first)");
    m_responses += o.m_responses;
    for (size_t i = 0; i < m_joint.size(); ++i) m_joint[i] += o.m_joint[i];
    for (size_t s = 0; s < 2; ++s) {
        m_moments[s].n += o.m_moments[s].n;
        for (size_t i = 0; i < m_moments[s].sum.size(); ++i) m_moments[s].sum[i] += o.m_moments[s].sum[i];
        for (size_t i = 0; i < m_moments[s].cross.size(); ++i)
            m_moments[s].cross[i] += o.m_moments[s].cross[i];
    }
    for (size_t f = 0; f < 4; ++f)
        for (size_t i = 0; i < m_profile[f].size(); ++i) m_profile[f][i] += o.m_profile[f][i];
    // Sums are added even when one side lacks them, so the flag is the only thing that differs
    // and merging stays associative.
    m_hasPairMoments = m_hasPairMoments && o.m_hasPairMoments;
    ScaleMoments& pm = m_pairMoments;
    pm.n += o.m_pairMoments.n;
    for (size_t i = 0; i < pm.sum.size(); ++i) pm.sum[i] += o.m_pairMoments.sum[i];
    for (size_t i = 0; i < pm.cross.size(); ++i) pm.cross[i] += o.m_pairMoments.cross[i];
}

// [SECTION] Serialization
//
// "SUAC", u32 format version (little endian), then LEB128 varints: the instrument id (length +
// bytes), version, items, points, paired, responses, the joint table, both scales' n, sums and
// cross-products, the profile counts (option count + counts per field), from version 2 and for
// paired instruments a flag (1 = pair moments present) and the pair moments (n, 2k sums, the
// 2k x 2k triangle), and last a little-endian u64 FNV-1a hash of everything before
// it. Version 1 is the same without the pair block; it reads as hasPairMoments() false. Counts are small most
// days, so varints keep an office-day near a kilobyte.

namespace {

constexpr char kMagic[4] = {'S', 'U', 'A', 'C'};

uint64_t fnv1a(std::string_view bytes) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

void putVarint(std::string& out, uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7F) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

void putFixed(std::string& out, uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

struct Reader {
    std::string_view in;
    size_t pos = 0;
    bool ok = true;

    uint64_t varint() {
        uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= in.size()) break;
            auto c = static_cast<unsigned char>(in[pos++]);
            v |= uint64_t{c & 0x7Fu} << shift;
            if (!(c & 0x80)) return v;
        }
        ok = false;
        return 0;
    }
};

} // namespace

std::string Accumulator::serialize() const {
    std::string out(kMagic, 4);
    putFixed(out, kFormatVersion, 4);
    putVarint(out, m_instrumentId.size());
    out += m_instrumentId;
    putVarint(out, static_cast<uint64_t>(m_instrumentVersion));
    putVarint(out, static_cast<uint64_t>(m_items));
    putVarint(out, static_cast<uint64_t>(m_points));
    putVarint(out, m_paired ? 1 : 0);
    putVarint(out, m_responses);
    for (uint64_t c : m_joint) putVarint(out, c);
    for (const auto& m : m_moments) {
        putVarint(out, m.n);
        for (uint64_t s : m.sum) putVarint(out, s);
        for (uint64_t c : m.cross) putVarint(out, c);
    }
    for (const auto& field : m_profile) {
        putVarint(out, field.size());
        for (uint64_t c : field) putVarint(out, c);
    }
    if (m_paired) {
        putVarint(out, m_hasPairMoments ? 1 : 0);
        if (m_hasPairMoments) {
            putVarint(out, m_pairMoments.n);
            for (uint64_t s : m_pairMoments.sum) putVarint(out, s);
            for (uint64_t c : m_pairMoments.cross) putVarint(out, c);
        }
    }
    putFixed(out, fnv1a(out), 8);
    return out;
}

Result<Accumulator> Accumulator::deserialize(std::string_view bytes) {
    const Error corrupt{"accumulator data is corrupt"};
    if (bytes.size() < 16 || std::memcmp(bytes.data(), kMagic, 4) != 0)
        return Error{"not accumulator data (bad magic)"};
    uint32_t version = 0;
    for (int i = 0; i < 4; ++i)
        version |= uint32_t{static_cast<unsigned char>(bytes[4 + static_cast<size_t>(i)])} << (8 * i);
    if (version < 1 || version > kFormatVersion)
        return Error{"accumulator format version " + std::to_string(version) +
                     " is not supported (this build reads 1 to " + std::to_string(kFormatVersion) + ")"};
    std::string_view body = bytes.substr(0, bytes.size() - 8);
    uint64_t stored = 0;
    for (int i = 0; i < 8; ++i)
        stored |= uint64_t{static_cast<unsigned char>(bytes[body.size() + static_cast<size_t>(i)])}
                  << (8 * i);
    if (stored != fnv1a(body)) return Error{"accumulator data is corrupt (checksum mismatch)"};

    Reader r{body, 8};
    uint64_t idLen = r.varint();
    if (!r.ok || idLen > 200 || r.pos + idLen > body.size()) return corrupt;
    std::string id(body.substr(r.pos, idLen));
    r.pos += idLen;
    uint64_t insVersion = r.varint(), items = r.varint(), points = r.varint(), paired = r.varint();
    if (!r.ok || insVersion < 1 || insVersion > 1000000 || items < 1 || items > kMaxItems || points < 2 ||
        points > kMaxPoints || paired > 1)
        return corrupt;
    Accumulator acc(std::move(id), static_cast<int>(insVersion), static_cast<int>(items),
                    static_cast<int>(points), paired == 1);
    acc.m_responses = r.varint();
    for (auto& c : acc.m_joint) c = r.varint();
    for (auto& m : acc.m_moments) {
        m.n = r.varint();
        for (auto& s : m.sum) s = r.varint();
        for (auto& c : m.cross) c = r.varint();
    }
    for (auto& field : acc.m_profile) {
        if (r.varint() != field.size()) return Error{"accumulator data has a different set of profile codes"};
        for (auto& c : field) c = r.varint();
    }
    if (acc.m_paired) {
        const uint64_t present = version >= 2 ? r.varint() : 0;
        if (present > 1) return corrupt;
        acc.m_hasPairMoments = present == 1;
        if (acc.m_hasPairMoments) {
            ScaleMoments& m = acc.m_pairMoments;
            m.n = r.varint();
            for (auto& s : m.sum) s = r.varint();
            for (auto& c : m.cross) c = r.varint();
        }
    }
    if (!r.ok || r.pos != body.size()) return corrupt;

    // Internal consistency: every item's joint table counts every response once, and the listwise
    // counts cannot exceed the responses. A blob that passes the checksum but not this was written
    // by a buggy producer; refuse it rather than report nonsense.
    for (int i = 0; i < acc.m_items; ++i) {
        uint64_t total = 0;
        for (int e = 0; e <= acc.m_points; ++e)
            for (int p = 0; p <= acc.m_points; ++p) total += acc.joint(i, e, p);
        if (total != acc.m_responses) return corrupt;
    }
    for (const auto& m : acc.m_moments)
        if (m.n > acc.m_responses) return corrupt;
    if (acc.m_pairMoments.n > acc.m_moments[0].n || acc.m_pairMoments.n > acc.m_moments[1].n) return corrupt;
    if (!acc.m_paired && acc.m_moments[0].n != 0) return corrupt;
    return acc;
}

} // namespace suara::analytics
