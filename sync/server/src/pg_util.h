// Internal to the PostgreSQL store: libpq connections, a small pool, parameterized statements and
// the transaction runner with its bounded retry. Nothing outside pg_*.cpp (and the PostgreSQL
// tests and benchmarks) includes it.
//
// [X] Every statement is parameterized: prepared once per connection (PQprepare), run with
//     PQexecPrepared; strings and integers go as text, accumulator blobs as binary bytea
// [X] A mutex-protected pool: a connection per concurrent caller, idle ones kept for reuse
// [X] A broken connection is discarded, and a transaction that failed before COMMIT was sent is
//     retried on a fresh one (the server rolled it back when the connection died)
// [X] Deadlocks (40P01) and serialization failures (40001) are retried a bounded number of times
// [X] statement_timeout, lock_timeout and idle_in_transaction_session_timeout on every session
// [ ] No retry once COMMIT has been sent and the answer was lost: the outcome is unknown, the
//     caller gets an error and the kiosk's retry resolves it (uuids make ingest idempotent)
#pragma once

#include "suara/base/result.h"

#include <cstdint>
#include <functional>
#include <libpq-fe.h>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace suara::sync::pg {

// The parameters of one statement, in order ($1, $2, ...).
class Params {
public:
    Params& text(std::string_view v);
    Params& i64(int64_t v);
    Params& bytes(std::string_view v); // bytea, sent in binary
    Params& null();
    // A text[] or bigint[] literal ('{"a","b"}'), for = ANY($n) and unnest($n::text[]).
    Params& textArray(const std::vector<std::string_view>& values);
    Params& i64Array(const std::vector<int64_t>& values);

    int size() const { return static_cast<int>(m_values.size()); }

private:
    friend class Conn;
    std::vector<std::string> m_values;
    std::vector<char> m_null;
    std::vector<int> m_binary;
};

// The rows of one statement's result; owns the PGresult.
class Rows {
public:
    explicit Rows(PGresult* res) : m_res(res, &PQclear) {}
    int count() const { return PQntuples(m_res.get()); }
    int64_t affected() const; // rows changed by INSERT/UPDATE/DELETE
    bool isNull(int row, int col) const { return PQgetisnull(m_res.get(), row, col) != 0; }
    std::string text(int row, int col) const;
    int64_t i64(int row, int col) const;
    // A bytea column: raw bytes of a binary result, unescaped from a text one.
    std::string bytes(int row, int col) const;

private:
    std::unique_ptr<PGresult, decltype(&PQclear)> m_res;
};

struct Settings {
    int statementTimeoutMs = 30000;
    int lockTimeoutMs = 15000;
    int idleInTransactionTimeoutMs = 60000;
    int connectTimeoutS = 5;
};

class Conn {
public:
    static Result<std::unique_ptr<Conn>> open(const std::string& url, const Settings& settings);
    ~Conn() { PQfinish(m_conn); }
    Conn(const Conn&) = delete;
    Conn& operator=(const Conn&) = delete;

    // A parameterized statement, prepared on first use on this connection. Results are text,
    // or binary when `binaryResult` (then every selected column must be bytea or bigint).
    Result<Rows> exec(const char* sql, const Params& params = {}, bool binaryResult = false);
    // A command without parameters or results (BEGIN, COMMIT, DDL scripts of several statements).
    Status run(const char* sql);

    bool broken() const { return PQstatus(m_conn) != CONNECTION_OK; }
    // The SQLSTATE of the last failure ("40P01", ...), empty when it had none (connection lost).
    const std::string& lastSqlState() const { return m_lastSqlState; }

private:
    explicit Conn(PGconn* conn) : m_conn(conn) {}
    Error failure(std::string_view what, PGresult* res);

    PGconn* m_conn;
    std::unordered_map<std::string, std::string> m_prepared; // sql -> statement name
    std::string m_lastSqlState;
};

// SQLSTATEs worth running the whole transaction again for.
inline bool isRetryable(std::string_view sqlState) {
    return sqlState == "40001" /* serialization_failure */ || sqlState == "40P01" /* deadlock_detected */;
}
inline bool isUniqueViolation(std::string_view sqlState) {
    return sqlState == "23505";
}

class Pool {
public:
    Pool(std::string url, Settings settings, size_t maxIdle = 16)
        : m_url(std::move(url)), m_settings(settings), m_maxIdle(maxIdle) {}

    // A connection for the caller alone; back to the pool when the lease ends (dropped if broken).
    class Lease {
    public:
        Lease(Pool& pool, std::unique_ptr<Conn> conn) : m_pool(&pool), m_conn(std::move(conn)) {}
        Lease(Lease&&) = default;
        Lease& operator=(Lease&&) = default;
        ~Lease() {
            if (m_conn) m_pool->release(std::move(m_conn));
        }
        Conn& operator*() const { return *m_conn; }
        Conn* operator->() const { return m_conn.get(); }

    private:
        Pool* m_pool;
        std::unique_ptr<Conn> m_conn;
    };

    Result<Lease> acquire();
    const std::string& url() const { return m_url; }

    // Runs `body` inside BEGIN ... COMMIT (READ COMMITTED). Deadlocks, serialization failures and
    // connections lost before COMMIT are retried up to kMaxAttempts times with a jittered pause;
    // `body` must therefore depend only on its inputs and the database. A failed `body` is rolled back.
    static constexpr int kMaxAttempts = 6;
    Status transact(const std::function<Status(Conn&)>& body);
    // Runs `body` on a pooled connection outside an explicit transaction (single statements:
    // reads, admin writes). Retried once on a fresh connection when the pooled one was dead.
    Status withConnection(const std::function<Status(Conn&)>& body);
    // Statistics for /metrics and the benchmarks.
    int64_t retries() const;

private:
    void release(std::unique_ptr<Conn> conn);

    std::string m_url;
    Settings m_settings;
    size_t m_maxIdle;
    mutable std::mutex m_mutex;
    std::vector<std::unique_ptr<Conn>> m_idle;
    int64_t m_retries = 0;
};

// "postgresql://user:secret@host/db" -> "postgresql://user:***@host/db", for logs and errors.
std::string redactUrl(std::string_view url);

} // namespace suara::sync::pg
