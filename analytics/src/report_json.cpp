// The Report JSON contract (DESIGN.md "Report JSON"). A small writer of our own, because the
// contract prints numbers with %.17g and NaN as null, and keeps keys in the documented order.
#include "suara/analytics/report.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace suara::analytics {

namespace {

class JsonWriter {
public:
    explicit JsonWriter(int indent) : m_indent(indent) {}

    JsonWriter& open(char bracket) {
        value();
        m_out += bracket;
        m_first.push_back(true);
        return *this;
    }
    JsonWriter& close(char bracket) {
        const bool empty = m_first.back();
        m_first.pop_back();
        if (!empty) newline();
        m_out += bracket;
        return *this;
    }
    JsonWriter& key(std::string_view k) {
        separator();
        string(k);
        m_out += m_indent > 0 ? ": " : ":";
        m_afterKey = true;
        return *this;
    }
    JsonWriter& str(std::string_view s) {
        value();
        string(s);
        return *this;
    }
    JsonWriter& num(double v) {
        value();
        if (!std::isfinite(v)) {
            m_out += "null";
        } else {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.17g", v);
            m_out += buf;
        }
        return *this;
    }
    JsonWriter& interval(const Interval& ci) {
        open('[');
        num(ci[0]);
        num(ci[1]);
        return close(']');
    }
    JsonWriter& integer(uint64_t v) {
        value();
        m_out += std::to_string(v);
        return *this;
    }
    JsonWriter& boolean(bool b) {
        value();
        m_out += b ? "true" : "false";
        return *this;
    }
    // A category is only as defined as the number it classifies: null when that is NaN.
    JsonWriter& code(const char* c, double basis) {
        if (!std::isfinite(basis)) return null();
        return str(c);
    }
    JsonWriter& null() {
        value();
        m_out += "null";
        return *this;
    }
    std::string take() {
        if (m_indent > 0) m_out += '\n';
        return std::move(m_out);
    }

private:
    void value() {
        if (m_afterKey) {
            m_afterKey = false;
            return;
        }
        if (!m_first.empty()) separator();
    }
    void separator() {
        if (!m_first.back()) m_out += ',';
        m_first.back() = false;
        newline();
    }
    void newline() {
        if (m_indent <= 0) return;
        m_out += '\n';
        m_out.append(m_first.size() * static_cast<size_t>(m_indent), ' ');
    }
    void string(std::string_view s) {
        m_out += '"';
        for (char c : s) {
            switch (c) {
            case '"': m_out += "\\\""; break;
            case '\\': m_out += "\\\\"; break;
            case '\n': m_out += "\\n"; break;
            case '\r': m_out += "\\r"; break;
            case '\t': m_out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x",
                                  static_cast<unsigned>(static_cast<unsigned char>(c)));
                    m_out += buf;
                } else {
                    m_out += c;
                }
            }
        }
        m_out += '"';
    }

    int m_indent;
    std::string m_out;
    std::vector<bool> m_first;
    bool m_afterKey = false;
};

void scaleItem(JsonWriter& w, const ScaleItem& s) {
    w.open('{');
    w.key("n").integer(s.n);
    w.key("mean").num(s.mean);
    w.key("sd").num(s.sd);
    w.key("freq").open('[');
    for (uint64_t f : s.freq) w.integer(f);
    w.close(']');
    w.key("r_item_total").num(s.rItemTotal);
    w.key("r_corrected").num(s.rCorrected);
    w.key("alpha_if_deleted").num(s.alphaIfDeleted);
    w.key("t_item_total").num(s.tItemTotal);
    w.key("t_corrected").num(s.tCorrected);
    w.key("valid").boolean(s.valid);
    w.key("mean_ci").interval(s.meanCi);
    w.close('}');
}

// psych::alpha's total row after alpha and alpha_std (keys added after the original ones).
void alphaStats(JsonWriter& w, const AlphaStats& s) {
    w.key("g6_smc").num(s.g6Smc);
    w.key("average_r").num(s.averageR);
    w.key("s_n").num(s.signalNoise);
    w.key("ase").num(s.ase);
    w.key("median_r").num(s.medianR);
    w.key("feldt_ci").interval(s.feldtCi);
    w.key("duhachek_ci").interval(s.duhachekCi);
}

void summary(JsonWriter& w, const ScaleSummary& s) {
    w.open('{');
    w.key("mean").num(s.mean);
    w.key("mean_ci").interval(s.meanCi);
    w.key("alpha").num(s.alpha);
    w.key("alpha_std").num(s.alphaStd);
    alphaStats(w, s.stats);
    w.close('}');
}

void reliability(JsonWriter& w, const Reliability& r) {
    w.open('{');
    w.key("n").integer(r.n);
    w.key("alpha").num(r.alpha);
    w.key("alpha_std").num(r.alphaStd);
    w.key("band").str(alphaBandCode(r.band));
    alphaStats(w, r.stats);
    w.close('}');
}

void validity(JsonWriter& w, const Validity& v, bool open = true) {
    if (open) w.open('{');
    w.key("r_critical").num(v.rCritical);
    w.key("df").num(v.df);
    w.key("significance").num(v.significance);
    w.key("t_critical").num(v.tCritical);
    w.key("n").integer(v.n);
    if (open) w.close('}');
}

} // namespace

std::string reportToJson(const Report& rep, const Instrument& ins, int indent) {
    JsonWriter w(indent);
    w.open('{');
    w.key("instrument").str(rep.instrument);
    w.key("instrument_version").integer(static_cast<uint64_t>(rep.instrumentVersion));
    w.key("n").integer(rep.n);
    w.key("paired").boolean(rep.paired);
    w.key("points").integer(static_cast<uint64_t>(rep.points));

    w.key("items").open('[');
    for (const auto& it : rep.items) {
        w.open('{');
        w.key("number").integer(static_cast<uint64_t>(it.number));
        w.key("dimension").str(ins.dimensions[static_cast<size_t>(it.dimension)].id);
        if (it.expectation) scaleItem(w.key("expectation"), *it.expectation);
        scaleItem(w.key("perception"), it.perception);
        if (rep.paired) {
            w.key("pairs").integer(it.pairs);
            w.key("gap").num(it.gap);
            w.key("gap_ci").interval(it.gapCi);
            w.key("gap_se").num(it.gapSe);
            w.key("tki_pct").num(it.tkiPct);
            w.key("ipa_quadrant").code(quadrantCode(it.quadrant), it.perception.mean + it.expectation->mean);
            w.key("score_category").code(categoryCode(it.scoreCategory), it.perception.mean);
            w.key("perception_pct").num(it.perceptionPct);
            w.key("pct_category").code(categoryCode(it.pctCategory), it.perceptionPct);
        } else {
            w.key("nrr").num(it.perception.mean);
            const double unsur = it.perception.mean * (100.0 / rep.points);
            w.key("ikm_unsur").num(unsur);
            w.key("grade").code(std::string(1, ikmGrade(unsur)).c_str(), unsur);
        }
        w.key("valid").boolean(it.valid);
        w.close('}');
    }
    w.close(']');

    w.key("dimensions").open('[');
    for (const auto& d : rep.dimensions) {
        w.open('{');
        w.key("id").str(d.id);
        if (rep.paired) {
            w.key("gap").num(d.gap);
            w.key("gap_ci").interval(d.gapCi);
            w.key("tki_pct").num(d.tkiPct);
            w.key("tki_ci").interval(d.tkiCi);
            w.key("gap_se").num(d.gapSe);
            w.key("tki_se").num(d.tkiSe);
            summary(w.key("expectation"), *d.expectation);
        }
        summary(w.key("perception"), d.perception);
        if (rep.paired) {
            w.key("score_category").code(categoryCode(d.scoreCategory), d.perception.mean);
            w.key("perception_pct").num(d.perceptionPct);
            w.key("pct_category").code(categoryCode(d.pctCategory), d.perceptionPct);
        }
        w.close('}');
    }
    w.close(']');

    if (rep.overall) {
        const auto& o = *rep.overall;
        w.key("overall").open('{');
        w.key("gap").num(o.gap);
        w.key("gap_ci").interval(o.gapCi);
        w.key("gap_items").num(o.gapItems);
        w.key("tki_pct").num(o.tkiPct);
        w.key("tki_ci").interval(o.tkiCi);
        w.key("csi_pct").num(o.csiPct);
        w.key("csi_ci").interval(o.csiCi);
        w.key("gap_se").num(o.gapSe);
        w.key("tki_se").num(o.tkiSe);
        w.key("csi_se").num(o.csiSe);
        w.key("csi_category").code(csiBandCode(o.csiCategory), o.csiPct);
        w.key("expectation_mean").num(o.expectationMean);
        w.key("expectation_mean_ci").interval(o.expectationMeanCi);
        w.key("perception_mean").num(o.perceptionMean);
        w.key("perception_mean_ci").interval(o.perceptionMeanCi);
        w.key("perception_pct").num(o.perceptionPct);
        w.key("pct_category").code(categoryCode(o.pctCategory), o.perceptionPct);
        w.key("score_category").code(categoryCode(o.scoreCategory), o.perceptionMean);
        w.close('}');
    }

    w.key("reliability").open('{');
    if (rep.expectationReliability) reliability(w.key("expectation"), *rep.expectationReliability);
    reliability(w.key("perception"), rep.perceptionReliability);
    w.close('}');

    w.key("validity").open('{');
    validity(w, rep.validity, false);
    if (rep.expectationValidity) {
        validity(w.key("expectation"), *rep.expectationValidity);
        validity(w.key("perception"), rep.validity);
    }
    w.close('}');

    if (rep.ipa) {
        w.key("ipa").open('{');
        w.key("x_cut").num(rep.ipa->xCut);
        w.key("y_cut").num(rep.ipa->yCut);
        w.key("cut_rule").str(ipaCutRuleCode(rep.ipa->rule));
        w.key("priority_items").open('[');
        for (int n : rep.ipa->priorityItems) w.integer(static_cast<uint64_t>(n));
        w.close(']');
        w.close('}');
    }

    if (rep.ikm) {
        w.key("ikm").open('{');
        w.key("value").num(rep.ikm->value);
        w.key("mean_nrr").num(rep.ikm->meanNrr);
        w.key("grade").code(std::string(1, rep.ikm->grade).c_str(), rep.ikm->value);
        w.key("grade_label").code(ikmGradeLabel(rep.ikm->grade).id.c_str(), rep.ikm->value);
        w.key("grade_2004").code(std::string(1, rep.ikm->grade2004).c_str(), rep.ikm->value);
        w.key("ci").interval(rep.ikm->ci);
        w.key("se").num(rep.ikm->se);
        w.close('}');
    }

    // "profile": {"gender": {"L": 12, "P": 9}, ...}; a suppressed cell is null.
    w.key("profile").open('{');
    for (const auto& b : rep.profile) {
        w.key(b.key).open('{');
        for (const auto& c : b.cells) {
            w.key(c.code);
            if (c.count)
                w.integer(*c.count);
            else
                w.null();
        }
        w.close('}');
    }
    w.close('}');
    w.key("profile_not_answered").open('{');
    for (const auto& b : rep.profile) w.key(b.key).integer(b.notAnswered);
    w.close('}');

    w.close('}');
    return w.take();
}

} // namespace suara::analytics
