// The PostgreSQL side of the alert store (alert_store.h): rules, alerts and the delivery outbox.
// Validation and wording match sqlite_alerts.cpp; the same suites run on both. Several servers may
// share the database: a dedupe key is claimed with ON CONFLICT DO NOTHING (one of them wins), and
// deliveries are claimed with FOR UPDATE SKIP LOCKED plus a lease, so two workers never send the
// same one at once.
#include "pg_store.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace suara::sync::pg {

const char* const kAlertSchemaV7 = R"sql(
CREATE TABLE alert_rules (
    id bigserial PRIMARY KEY,
    kind text NOT NULL,
    office text NOT NULL DEFAULT '',
    threshold double precision NOT NULL DEFAULT 0,
    measure text NOT NULL DEFAULT '',
    "window" text NOT NULL DEFAULT '',
    min_responses bigint NOT NULL DEFAULT 0,
    hours bigint NOT NULL DEFAULT 0,
    email text NOT NULL DEFAULT '',
    webhook_url text NOT NULL DEFAULT '',
    webhook_secret text NOT NULL DEFAULT '',
    created_at_ms bigint NOT NULL,
    created_by text NOT NULL DEFAULT ''
);
CREATE TABLE alerts (
    id bigserial PRIMARY KEY,
    rule_id bigint NOT NULL,
    kind text NOT NULL,
    office text NOT NULL,
    dedupe_key text NOT NULL UNIQUE,
    raised_at_ms bigint NOT NULL,
    subject text NOT NULL,
    body_text text NOT NULL,
    body_html text NOT NULL,
    payload text NOT NULL,
    ack_at_ms bigint,
    ack_by text NOT NULL DEFAULT '',
    ack_comment text NOT NULL DEFAULT ''
);
CREATE INDEX alerts_office ON alerts(office, id);
CREATE TABLE alert_outbox (
    id bigserial PRIMARY KEY,
    alert_id bigint NOT NULL REFERENCES alerts(id),
    channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
    target text NOT NULL,
    secret text NOT NULL DEFAULT '',
    attempts bigint NOT NULL DEFAULT 0,
    next_attempt_ms bigint NOT NULL,
    sent_at_ms bigint,
    last_error text NOT NULL DEFAULT ''
);
CREATE INDEX alert_outbox_due ON alert_outbox(next_attempt_ms) WHERE sent_at_ms IS NULL;
)sql";

namespace {

std::string realText(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

constexpr const char* kAlertColumns = "id, rule_id, kind, office, dedupe_key, raised_at_ms, subject, "
                                      "body_text, body_html, payload, ack_at_ms, ack_by, ack_comment";

Alert readAlert(const Rows& r, int i) {
    Alert a;
    a.id = r.i64(i, 0);
    a.ruleId = r.i64(i, 1);
    a.kind = r.text(i, 2);
    a.office = r.text(i, 3);
    a.dedupeKey = r.text(i, 4);
    a.raisedAtMs = r.i64(i, 5);
    a.subject = r.text(i, 6);
    a.text = r.text(i, 7);
    a.html = r.text(i, 8);
    a.payload = r.text(i, 9);
    if (!r.isNull(i, 10)) a.ackAtMs = r.i64(i, 10);
    a.ackBy = r.text(i, 11);
    a.ackComment = r.text(i, 12);
    return a;
}

class PgAlertStore final : public AlertStore {
public:
    explicit PgAlertStore(Pool& pool) : m_pool(pool) {}

    Result<int64_t> addAlertRule(const AlertRule& r) override {
        if (auto st = checkAlertRule(r); !st) return st.error();
        int64_t id = 0;
        Status st = m_pool.transact([&](Conn& c) -> Status {
            if (!r.office.empty()) {
                auto o = c.exec("SELECT 1 FROM offices WHERE code = $1", Params().text(r.office));
                if (!o) return o.error();
                if (o->count() == 0) return Error{"office " + r.office + " is not registered"};
            }
            auto ins =
                c.exec("INSERT INTO alert_rules(kind, office, threshold, measure, \"window\", min_responses, "
                       "hours, email, webhook_url, webhook_secret, created_at_ms, created_by) "
                       "VALUES($1,$2,$3::double precision,$4,$5,$6,$7,$8,$9,$10,$11,$12) RETURNING id",
                       Params()
                           .text(r.kind)
                           .text(r.office)
                           .text(realText(r.threshold))
                           .text(r.measure)
                           .text(r.window)
                           .i64(r.minResponses)
                           .i64(r.hours)
                           .text(r.email)
                           .text(r.webhookUrl)
                           .text(r.webhookSecret)
                           .i64(r.createdAtMs)
                           .text(r.createdBy));
            if (!ins) return ins.error();
            id = ins->i64(0, 0);
            return Ok{};
        });
        if (!st) return st.error();
        return id;
    }

    Result<std::vector<AlertRule>> alertRules() override {
        std::vector<AlertRule> out;
        Status st = m_pool.withConnection([&](Conn& c) -> Status {
            auto r =
                c.exec("SELECT id, kind, office, threshold::text, measure, \"window\", min_responses, hours, "
                       "email, webhook_url, webhook_secret, created_at_ms, created_by FROM alert_rules "
                       "ORDER BY id");
            if (!r) return r.error();
            for (int i = 0; i < r->count(); ++i) {
                AlertRule a;
                a.id = r->i64(i, 0);
                a.kind = r->text(i, 1);
                a.office = r->text(i, 2);
                a.threshold = std::strtod(r->text(i, 3).c_str(), nullptr);
                a.measure = r->text(i, 4);
                a.window = r->text(i, 5);
                a.minResponses = r->i64(i, 6);
                a.hours = r->i64(i, 7);
                a.email = r->text(i, 8);
                a.webhookUrl = r->text(i, 9);
                a.webhookSecret = r->text(i, 10);
                a.createdAtMs = r->i64(i, 11);
                a.createdBy = r->text(i, 12);
                out.push_back(std::move(a));
            }
            return Ok{};
        });
        if (!st) return st.error();
        return out;
    }

    Status removeAlertRule(int64_t id) override {
        return m_pool.withConnection([&](Conn& c) -> Status {
            auto r = c.exec("DELETE FROM alert_rules WHERE id = $1", Params().i64(id));
            if (!r) return r.error();
            if (r->affected() == 0) return Error{unknownRuleMessage(id)};
            return Ok{};
        });
    }

    Result<std::optional<int64_t>> raiseAlert(const Alert& a,
                                              const std::vector<Delivery>& deliveries) override {
        std::optional<int64_t> id;
        Status st = m_pool.transact([&](Conn& c) -> Status {
            id.reset();
            auto ins = c.exec("INSERT INTO alerts(rule_id, kind, office, dedupe_key, raised_at_ms, subject, "
                              "body_text, body_html, payload) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9) "
                              "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
                              Params()
                                  .i64(a.ruleId)
                                  .text(a.kind)
                                  .text(a.office)
                                  .text(a.dedupeKey)
                                  .i64(a.raisedAtMs)
                                  .text(a.subject)
                                  .text(a.text)
                                  .text(a.html)
                                  .text(a.payload));
            if (!ins) return ins.error();
            if (ins->count() == 0) return Ok{};
            id = ins->i64(0, 0);
            for (const Delivery& d : deliveries) {
                auto q = c.exec(
                    "INSERT INTO alert_outbox(alert_id, channel, target, secret, next_attempt_ms) "
                    "VALUES($1,$2,$3,$4,$5)",
                    Params().i64(*id).text(d.channel).text(d.target).text(d.secret).i64(d.nextAttemptMs));
                if (!q) return q.error();
            }
            return Ok{};
        });
        if (!st) return st.error();
        return id;
    }

    Result<std::vector<Alert>> alerts(const AlertQuery& q) override {
        std::string sql = std::string("SELECT ") + kAlertColumns +
                          " FROM alerts WHERE ($1 = '' OR office = $1) AND ($2 = '' OR kind = $2)";
        if (q.acknowledged) sql += *q.acknowledged ? " AND ack_at_ms IS NOT NULL" : " AND ack_at_ms IS NULL";
        sql += " ORDER BY id DESC LIMIT $3";
        std::vector<Alert> out;
        Status st = m_pool.withConnection([&](Conn& c) -> Status {
            auto r = c.exec(sql.c_str(), Params().text(q.office).text(q.kind).i64(q.limit));
            if (!r) return r.error();
            for (int i = 0; i < r->count(); ++i) out.push_back(readAlert(*r, i));
            return Ok{};
        });
        if (!st) return st.error();
        return out;
    }

    Result<std::optional<Alert>> findAlert(int64_t id) override {
        std::optional<Alert> out;
        Status st = m_pool.withConnection([&](Conn& c) -> Status {
            auto r = c.exec((std::string("SELECT ") + kAlertColumns + " FROM alerts WHERE id = $1").c_str(),
                            Params().i64(id));
            if (!r) return r.error();
            if (r->count() == 1) out = readAlert(*r, 0);
            return Ok{};
        });
        if (!st) return st.error();
        return out;
    }

    Status acknowledgeAlert(int64_t id, std::string_view by, std::string_view comment,
                            int64_t nowMs) override {
        return m_pool.withConnection([&](Conn& c) -> Status {
            auto r = c.exec("UPDATE alerts SET ack_at_ms = $1, ack_by = $2, ack_comment = $3 "
                            "WHERE id = $4 AND ack_at_ms IS NULL",
                            Params().i64(nowMs).text(by).text(comment).i64(id));
            if (!r) return r.error();
            if (r->affected() == 1) return Ok{};
            auto w = c.exec("SELECT ack_by, ack_at_ms FROM alerts WHERE id = $1", Params().i64(id));
            if (!w) return w.error();
            if (w->count() == 0) return Error{unknownAlertMessage(id)};
            return Error{alreadyAcknowledgedMessage(id, w->text(0, 0), w->i64(0, 1))};
        });
    }

    Result<bool> alertRaised(std::string_view dedupeKey) override {
        bool found = false;
        Status st = m_pool.withConnection([&](Conn& c) -> Status {
            auto r = c.exec("SELECT 1 FROM alerts WHERE dedupe_key = $1", Params().text(dedupeKey));
            if (!r) return r.error();
            found = r->count() > 0;
            return Ok{};
        });
        if (!st) return st.error();
        return found;
    }

    Result<std::vector<Delivery>> claimDeliveries(int64_t nowMs, int64_t leaseMs, int limit) override {
        std::vector<Delivery> out;
        Status st = m_pool.transact([&](Conn& c) -> Status {
            out.clear();
            auto r = c.exec("WITH due AS (SELECT id FROM alert_outbox WHERE sent_at_ms IS NULL AND "
                            "next_attempt_ms <= $1 ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED) "
                            "UPDATE alert_outbox o SET next_attempt_ms = $2 FROM due, alerts a "
                            "WHERE o.id = due.id AND a.id = o.alert_id "
                            "RETURNING o.id, o.alert_id, o.channel, o.target, o.secret, o.attempts, "
                            "o.last_error, a.office, a.subject, a.body_text, a.body_html, a.payload",
                            Params().i64(nowMs).i64(nowMs + leaseMs).i64(limit));
            if (!r) return r.error();
            for (int i = 0; i < r->count(); ++i) {
                Delivery d;
                d.id = r->i64(i, 0);
                d.alertId = r->i64(i, 1);
                d.channel = r->text(i, 2);
                d.target = r->text(i, 3);
                d.secret = r->text(i, 4);
                d.attempts = r->i64(i, 5);
                d.nextAttemptMs = nowMs + leaseMs;
                d.lastError = r->text(i, 6);
                d.office = r->text(i, 7);
                d.subject = r->text(i, 8);
                d.text = r->text(i, 9);
                d.html = r->text(i, 10);
                d.payload = r->text(i, 11);
                out.push_back(std::move(d));
            }
            return Ok{};
        });
        if (!st) return st.error();
        std::sort(out.begin(), out.end(), [](const Delivery& a, const Delivery& b) { return a.id < b.id; });
        return out;
    }

    Status markDelivered(int64_t id, int64_t sentAtMs) override {
        return m_pool.withConnection([&](Conn& c) -> Status {
            auto r =
                c.exec("UPDATE alert_outbox SET sent_at_ms = $1, attempts = attempts + 1, last_error = '' "
                       "WHERE id = $2 AND sent_at_ms IS NULL",
                       Params().i64(sentAtMs).i64(id));
            if (!r) return r.error();
            return Ok{};
        });
    }

    Status markDeliveryFailed(int64_t id, int64_t nextAttemptMs, std::string_view error) override {
        return m_pool.withConnection([&](Conn& c) -> Status {
            auto r = c.exec("UPDATE alert_outbox SET attempts = attempts + 1, next_attempt_ms = $1, "
                            "last_error = $2 WHERE id = $3 AND sent_at_ms IS NULL",
                            Params().i64(nextAttemptMs).text(error).i64(id));
            if (!r) return r.error();
            return Ok{};
        });
    }

    Result<std::vector<Delivery>> deliveries(int64_t alertId) override {
        std::vector<Delivery> out;
        Status st = m_pool.withConnection([&](Conn& c) -> Status {
            auto r = c.exec("SELECT id, alert_id, channel, target, attempts, next_attempt_ms, sent_at_ms, "
                            "last_error FROM alert_outbox WHERE alert_id = $1 ORDER BY id",
                            Params().i64(alertId));
            if (!r) return r.error();
            for (int i = 0; i < r->count(); ++i) {
                Delivery d;
                d.id = r->i64(i, 0);
                d.alertId = r->i64(i, 1);
                d.channel = r->text(i, 2);
                d.target = r->text(i, 3);
                d.attempts = r->i64(i, 4);
                d.nextAttemptMs = r->i64(i, 5);
                if (!r->isNull(i, 6)) d.sentAtMs = r->i64(i, 6);
                d.lastError = r->text(i, 7);
                out.push_back(std::move(d));
            }
            return Ok{};
        });
        if (!st) return st.error();
        return out;
    }

private:
    Pool& m_pool;
};

} // namespace

std::unique_ptr<AlertStore> makeAlertStore(Pool& pool) {
    return std::make_unique<PgAlertStore>(pool);
}

} // namespace suara::sync::pg
