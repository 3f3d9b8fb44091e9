// The SQLite side of the alert store (alert_store.h): rules, alerts and the delivery outbox.
// Validation and wording match pg_store_alerts.cpp; the same suites run on both. Every statement
// runs on the store's one writer connection under its mutex: the alert tables are small and read
// rarely (a page, the delivery worker's poll), so they do not need the reader pool; but the reads
// made after every batch (the rules, "raised already?") use a read connection of their own, so they
// never wait for another batch's ingest transaction on the writer's mutex.
#include "sqlite_alerts.h"

namespace suara::sync::sqlite {

// Schema v7: alert rules, raised alerts with their acknowledgement, and the outbox.
const char* const kAlertSchemaV7 = R"sql(
CREATE TABLE alert_rules (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    office TEXT NOT NULL DEFAULT '',
    threshold REAL NOT NULL DEFAULT 0,
    measure TEXT NOT NULL DEFAULT '',
    window TEXT NOT NULL DEFAULT '',
    min_responses INTEGER NOT NULL DEFAULT 0,
    hours INTEGER NOT NULL DEFAULT 0,
    email TEXT NOT NULL DEFAULT '',
    webhook_url TEXT NOT NULL DEFAULT '',
    webhook_secret TEXT NOT NULL DEFAULT '',
    created_at_ms INTEGER NOT NULL,
    created_by TEXT NOT NULL DEFAULT ''
);
CREATE TABLE alerts (
    id INTEGER PRIMARY KEY,
    rule_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    office TEXT NOT NULL,
    dedupe_key TEXT NOT NULL UNIQUE,
    raised_at_ms INTEGER NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    payload TEXT NOT NULL,
    ack_at_ms INTEGER,
    ack_by TEXT NOT NULL DEFAULT '',
    ack_comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alerts_office ON alerts(office, id);
CREATE TABLE alert_outbox (
    id INTEGER PRIMARY KEY,
    alert_id INTEGER NOT NULL REFERENCES alerts(id),
    channel TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
    target TEXT NOT NULL,
    secret TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms INTEGER NOT NULL,
    sent_at_ms INTEGER,
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alert_outbox_due ON alert_outbox(next_attempt_ms) WHERE sent_at_ms IS NULL;
)sql";

namespace {

constexpr const char* kRuleColumns = "id, kind, office, threshold, measure, window, min_responses, hours, "
                                     "email, webhook_url, webhook_secret, created_at_ms, created_by";
constexpr const char* kAlertColumns = "id, rule_id, kind, office, dedupe_key, raised_at_ms, subject, "
                                      "body_text, body_html, payload, ack_at_ms, ack_by, ack_comment";

class SqliteAlertStore final : public AlertStore {
public:
    SqliteAlertStore(sqlite3* writer, std::mutex& mutex, sqlite3* reader)
        : m_db(writer), m_mutex(mutex), m_reader(reader) {}
    ~SqliteAlertStore() override { sqlite3_close(m_reader); }

    Result<int64_t> addAlertRule(const AlertRule& r) override {
        if (auto st = checkAlertRule(r); !st) return st.error();
        std::lock_guard lock(m_mutex);
        if (!r.office.empty()) {
            Stmt o(m_db, "SELECT 1 FROM offices WHERE code = ?");
            o.bind(1, r.office);
            if (o.step() != SQLITE_ROW) return Error{"office " + r.office + " is not registered"};
        }
        Stmt s(m_db,
               "INSERT INTO alert_rules(kind, office, threshold, measure, window, min_responses, hours, "
               "email, webhook_url, webhook_secret, created_at_ms, created_by) "
               "VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
        s.bind(1, r.kind).bind(2, r.office).bind(3, r.threshold);
        s.bind(4, r.measure).bind(5, r.window).bind(6, r.minResponses).bind(7, r.hours).bind(8, r.email);
        s.bind(9, r.webhookUrl).bind(10, r.webhookSecret).bind(11, r.createdAtMs).bind(12, r.createdBy);
        if (auto st = s.run("add alert rule"); !st) return st.error();
        return static_cast<int64_t>(sqlite3_last_insert_rowid(m_db));
    }

    Result<std::vector<AlertRule>> alertRules() override {
        std::lock_guard lock(m_readMutex);
        Stmt s(m_reader, (std::string("SELECT ") + kRuleColumns + " FROM alert_rules ORDER BY id").c_str());
        std::vector<AlertRule> out;
        int rc = 0;
        while ((rc = s.step()) == SQLITE_ROW) {
            AlertRule r;
            r.id = s.i64(0);
            r.kind = s.text(1);
            r.office = s.text(2);
            r.threshold = s.real(3);
            r.measure = s.text(4);
            r.window = s.text(5);
            r.minResponses = s.i64(6);
            r.hours = s.i64(7);
            r.email = s.text(8);
            r.webhookUrl = s.text(9);
            r.webhookSecret = s.text(10);
            r.createdAtMs = s.i64(11);
            r.createdBy = s.text(12);
            out.push_back(std::move(r));
        }
        if (rc != SQLITE_DONE) return dbError(m_reader, "list alert rules");
        return out;
    }

    Status removeAlertRule(int64_t id) override {
        std::lock_guard lock(m_mutex);
        Stmt s(m_db, "DELETE FROM alert_rules WHERE id = ?");
        s.bind(1, id);
        if (s.step() != SQLITE_DONE) return dbError(m_db, "remove alert rule");
        if (sqlite3_changes(m_db) == 0) return Error{unknownRuleMessage(id)};
        return Ok{};
    }

    Result<std::optional<int64_t>> raiseAlert(const Alert& a,
                                              const std::vector<Delivery>& deliveries) override {
        std::lock_guard lock(m_mutex);
        if (auto st = exec(m_db, "BEGIN IMMEDIATE"); !st) return st.error();
        auto result = [&]() -> Result<std::optional<int64_t>> {
            Stmt s(m_db,
                   "INSERT INTO alerts(rule_id, kind, office, dedupe_key, raised_at_ms, subject, body_text, "
                   "body_html, payload) VALUES(?,?,?,?,?,?,?,?,?) ON CONFLICT(dedupe_key) DO NOTHING");
            s.bind(1, a.ruleId).bind(2, a.kind).bind(3, a.office).bind(4, a.dedupeKey).bind(5, a.raisedAtMs);
            s.bind(6, a.subject).bind(7, a.text).bind(8, a.html).bind(9, a.payload);
            if (s.step() != SQLITE_DONE) return dbError(m_db, "raise alert");
            if (sqlite3_changes(m_db) == 0) return std::optional<int64_t>();
            const int64_t id = sqlite3_last_insert_rowid(m_db);
            Stmt d(m_db, "INSERT INTO alert_outbox(alert_id, channel, target, secret, next_attempt_ms) "
                         "VALUES(?,?,?,?,?)");
            for (const Delivery& del : deliveries) {
                d.bind(1, id).bind(2, del.channel).bind(3, del.target).bind(4, del.secret);
                d.bind(5, del.nextAttemptMs);
                if (auto st = d.run("queue alert delivery"); !st) return st.error();
            }
            return std::optional<int64_t>(id);
        }();
        if (!result) {
            execQuietly(m_db, "ROLLBACK");
            return result;
        }
        if (auto st = exec(m_db, "COMMIT"); !st) {
            execQuietly(m_db, "ROLLBACK");
            return st.error();
        }
        return result;
    }

    Result<std::vector<Alert>> alerts(const AlertQuery& q) override {
        std::lock_guard lock(m_mutex);
        std::string sql = std::string("SELECT ") + kAlertColumns +
                          " FROM alerts WHERE (?1 = '' OR office = ?1) AND (?2 = '' OR kind = ?2)";
        if (q.acknowledged) sql += *q.acknowledged ? " AND ack_at_ms IS NOT NULL" : " AND ack_at_ms IS NULL";
        sql += " ORDER BY id DESC LIMIT ?3";
        Stmt s(m_db, sql.c_str());
        s.bind(1, q.office).bind(2, q.kind).bind(3, q.limit);
        std::vector<Alert> out;
        int rc = 0;
        while ((rc = s.step()) == SQLITE_ROW) out.push_back(readAlert(s));
        if (rc != SQLITE_DONE) return dbError(m_db, "list alerts");
        return out;
    }

    Result<std::optional<Alert>> findAlert(int64_t id) override {
        std::lock_guard lock(m_mutex);
        Stmt s(m_db, (std::string("SELECT ") + kAlertColumns + " FROM alerts WHERE id = ?").c_str());
        s.bind(1, id);
        const int rc = s.step();
        if (rc == SQLITE_ROW) return std::optional<Alert>(readAlert(s));
        if (rc != SQLITE_DONE) return dbError(m_db, "find alert");
        return std::optional<Alert>();
    }

    Status acknowledgeAlert(int64_t id, std::string_view by, std::string_view comment,
                            int64_t nowMs) override {
        std::lock_guard lock(m_mutex);
        Stmt s(m_db, "UPDATE alerts SET ack_at_ms = ?, ack_by = ?, ack_comment = ? "
                     "WHERE id = ? AND ack_at_ms IS NULL");
        s.bind(1, nowMs).bind(2, by).bind(3, comment).bind(4, id);
        if (s.step() != SQLITE_DONE) return dbError(m_db, "acknowledge alert");
        if (sqlite3_changes(m_db) == 1) return Ok{};
        Stmt w(m_db, "SELECT ack_by, ack_at_ms FROM alerts WHERE id = ?");
        w.bind(1, id);
        if (w.step() != SQLITE_ROW) return Error{unknownAlertMessage(id)};
        return Error{alreadyAcknowledgedMessage(id, w.text(0), w.i64(1))};
    }

    Result<bool> alertRaised(std::string_view dedupeKey) override {
        std::lock_guard lock(m_readMutex);
        Stmt s(m_reader, "SELECT 1 FROM alerts WHERE dedupe_key = ?");
        s.bind(1, dedupeKey);
        const int rc = s.step();
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) return dbError(m_reader, "find alert");
        return rc == SQLITE_ROW;
    }

    Result<std::vector<Delivery>> claimDeliveries(int64_t nowMs, int64_t leaseMs, int limit) override {
        {
            // The worker polls every few seconds: an empty outbox costs one read, never the write lock.
            std::lock_guard readLock(m_readMutex);
            Stmt due(m_reader,
                     "SELECT 1 FROM alert_outbox WHERE sent_at_ms IS NULL AND next_attempt_ms <= ? LIMIT 1");
            due.bind(1, nowMs);
            const int rc = due.step();
            if (rc == SQLITE_DONE) return std::vector<Delivery>();
            if (rc != SQLITE_ROW) return dbError(m_reader, "find due deliveries");
        }
        std::lock_guard lock(m_mutex);
        if (auto st = exec(m_db, "BEGIN IMMEDIATE"); !st) return st.error();
        auto result = [&]() -> Result<std::vector<Delivery>> {
            Stmt s(m_db,
                   "SELECT o.id, o.alert_id, o.channel, o.target, o.secret, o.attempts, o.next_attempt_ms, "
                   "o.last_error, a.office, a.subject, a.body_text, a.body_html, a.payload "
                   "FROM alert_outbox o JOIN alerts a ON a.id = o.alert_id "
                   "WHERE o.sent_at_ms IS NULL AND o.next_attempt_ms <= ? ORDER BY o.id LIMIT ?");
            s.bind(1, nowMs).bind(2, limit);
            std::vector<Delivery> out;
            int rc = 0;
            while ((rc = s.step()) == SQLITE_ROW) {
                Delivery d;
                d.id = s.i64(0);
                d.alertId = s.i64(1);
                d.channel = s.text(2);
                d.target = s.text(3);
                d.secret = s.text(4);
                d.attempts = s.i64(5);
                d.nextAttemptMs = s.i64(6);
                d.lastError = s.text(7);
                d.office = s.text(8);
                d.subject = s.text(9);
                d.text = s.text(10);
                d.html = s.text(11);
                d.payload = s.text(12);
                out.push_back(std::move(d));
            }
            if (rc != SQLITE_DONE) return dbError(m_db, "claim deliveries");
            Stmt lease(m_db, "UPDATE alert_outbox SET next_attempt_ms = ? WHERE id = ?");
            for (const Delivery& d : out) {
                lease.bind(1, nowMs + leaseMs).bind(2, d.id);
                if (auto st = lease.run("lease delivery"); !st) return st.error();
            }
            return out;
        }();
        if (!result) {
            execQuietly(m_db, "ROLLBACK");
            return result;
        }
        if (auto st = exec(m_db, "COMMIT"); !st) {
            execQuietly(m_db, "ROLLBACK");
            return st.error();
        }
        return result;
    }

    Status markDelivered(int64_t id, int64_t sentAtMs) override {
        std::lock_guard lock(m_mutex);
        Stmt s(m_db, "UPDATE alert_outbox SET sent_at_ms = ?, attempts = attempts + 1, last_error = '' "
                     "WHERE id = ? AND sent_at_ms IS NULL");
        s.bind(1, sentAtMs).bind(2, id);
        return s.run("mark delivery sent");
    }

    Status markDeliveryFailed(int64_t id, int64_t nextAttemptMs, std::string_view error) override {
        std::lock_guard lock(m_mutex);
        Stmt s(m_db, "UPDATE alert_outbox SET attempts = attempts + 1, next_attempt_ms = ?, last_error = ? "
                     "WHERE id = ? AND sent_at_ms IS NULL");
        s.bind(1, nextAttemptMs).bind(2, error).bind(3, id);
        return s.run("mark delivery failed");
    }

    Result<std::vector<Delivery>> deliveries(int64_t alertId) override {
        std::lock_guard lock(m_mutex);
        Stmt s(m_db,
               "SELECT id, alert_id, channel, target, attempts, next_attempt_ms, sent_at_ms, last_error "
               "FROM alert_outbox WHERE alert_id = ? ORDER BY id");
        s.bind(1, alertId);
        std::vector<Delivery> out;
        int rc = 0;
        while ((rc = s.step()) == SQLITE_ROW) {
            Delivery d;
            d.id = s.i64(0);
            d.alertId = s.i64(1);
            d.channel = s.text(2);
            d.target = s.text(3);
            d.attempts = s.i64(4);
            d.nextAttemptMs = s.i64(5);
            if (!s.isNull(6)) d.sentAtMs = s.i64(6);
            d.lastError = s.text(7);
            out.push_back(std::move(d));
        }
        if (rc != SQLITE_DONE) return dbError(m_db, "list deliveries");
        return out;
    }

private:
    static Alert readAlert(const Stmt& s) {
        Alert a;
        a.id = s.i64(0);
        a.ruleId = s.i64(1);
        a.kind = s.text(2);
        a.office = s.text(3);
        a.dedupeKey = s.text(4);
        a.raisedAtMs = s.i64(5);
        a.subject = s.text(6);
        a.text = s.text(7);
        a.html = s.text(8);
        a.payload = s.text(9);
        if (!s.isNull(10)) a.ackAtMs = s.i64(10);
        a.ackBy = s.text(11);
        a.ackComment = s.text(12);
        return a;
    }

    sqlite3* m_db;
    std::mutex& m_mutex;
    sqlite3* m_reader;
    std::mutex m_readMutex;
};

} // namespace

std::unique_ptr<AlertStore> makeAlertStore(sqlite3* writer, std::mutex& writeMutex, sqlite3* reader) {
    return std::make_unique<SqliteAlertStore>(writer, writeMutex, reader);
}

} // namespace suara::sync::sqlite
