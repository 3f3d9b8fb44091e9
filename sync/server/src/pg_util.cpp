// libpq plumbing of the PostgreSQL store: statements, results, connections, the pool and the
// transaction runner (see pg_util.h for what is and is not retried).
#include "pg_util.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <chrono>
#include <cstring>
#include <random>
#include <thread>

namespace suara::sync::pg {

// [SECTION] Params

Params& Params::text(std::string_view v) {
    m_values.emplace_back(v);
    m_null.push_back(0);
    m_binary.push_back(0);
    return *this;
}

Params& Params::i64(int64_t v) {
    return text(std::to_string(v));
}

Params& Params::bytes(std::string_view v) {
    m_values.emplace_back(v);
    m_null.push_back(0);
    m_binary.push_back(1);
    return *this;
}

Params& Params::null() {
    m_values.emplace_back();
    m_null.push_back(1);
    m_binary.push_back(0);
    return *this;
}

Params& Params::textArray(const std::vector<std::string_view>& values) {
    // Every element double-quoted, with " and \ escaped: nothing in the value can end it early.
    std::string lit = "{";
    size_t total = 0;
    for (std::string_view v : values) total += v.size() + 3;
    lit.reserve(total + 2);
    for (size_t i = 0; i < values.size(); ++i) {
        if (i) lit += ',';
        lit += '"';
        for (char c : values[i]) {
            if (c == '"' || c == '\\') lit += '\\';
            lit += c;
        }
        lit += '"';
    }
    lit += '}';
    m_values.push_back(std::move(lit));
    m_null.push_back(0);
    m_binary.push_back(0);
    return *this;
}

Params& Params::i64Array(const std::vector<int64_t>& values) {
    std::string lit = "{";
    for (size_t i = 0; i < values.size(); ++i) {
        if (i) lit += ',';
        lit += std::to_string(values[i]);
    }
    lit += '}';
    m_values.push_back(std::move(lit));
    m_null.push_back(0);
    m_binary.push_back(0);
    return *this;
}

// [SECTION] Rows

int64_t Rows::affected() const {
    const char* n = PQcmdTuples(m_res.get());
    int64_t v = 0;
    if (n && *n) std::from_chars(n, n + std::strlen(n), v);
    return v;
}

std::string Rows::text(int row, int col) const {
    return std::string(PQgetvalue(m_res.get(), row, col),
                       static_cast<size_t>(PQgetlength(m_res.get(), row, col)));
}

int64_t Rows::i64(int row, int col) const {
    const char* p = PQgetvalue(m_res.get(), row, col);
    const int len = PQgetlength(m_res.get(), row, col);
    if (PQfformat(m_res.get(), col) == 1) {
        // Binary integers are big-endian; int8 and int4 are the only ones the store selects.
        assert((len == 8 || len == 4) && "binary integer columns must be bigint or integer");
        uint64_t v = 0;
        for (int i = 0; i < len; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
        if (len == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
        return static_cast<int64_t>(v);
    }
    int64_t v = 0;
    std::from_chars(p, p + len, v);
    return v;
}

std::string Rows::bytes(int row, int col) const {
    const char* p = PQgetvalue(m_res.get(), row, col);
    const auto len = static_cast<size_t>(PQgetlength(m_res.get(), row, col));
    if (PQfformat(m_res.get(), col) == 1) return std::string(p, len);
    size_t outLen = 0;
    unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(p), &outLen);
    if (!raw) return {};
    std::string out(reinterpret_cast<const char*>(raw), outLen);
    PQfreemem(raw);
    return out;
}

// [SECTION] Conn

std::string redactUrl(std::string_view url) {
    // scheme://user:password@host...?password=... -> scheme://user:***@host...?password=***
    std::string out(url);
    const size_t scheme = out.find("://");
    if (scheme == std::string::npos) return out;
    const size_t query = out.find('?', scheme + 3);
    const size_t at = out.rfind('@', query == std::string::npos ? std::string::npos : query);
    if (at != std::string::npos && at > scheme) {
        const size_t colon = out.find(':', scheme + 3);
        if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
    for (size_t q = out.find('?'); q != std::string::npos; q = out.find('&', q + 1)) {
        if (out.compare(q + 1, 9, "password=") != 0) continue;
        const size_t value = q + 10;
        const size_t stop = out.find('&', value);
        out.replace(value, (stop == std::string::npos ? out.size() : stop) - value, "***");
    }
    return out;
}

Result<std::unique_ptr<Conn>> Conn::open(const std::string& url, const Settings& settings) {
    const std::string timeout = std::to_string(settings.connectTimeoutS);
    // The session defaults go in before the URL: libpq lets later parameters override earlier ones,
    // so a URL with its own ?options=... (or connect_timeout=...) wins over these.
    const std::string options =
        "-c statement_timeout=" + std::to_string(settings.statementTimeoutMs) +
        " -c lock_timeout=" + std::to_string(settings.lockTimeoutMs) +
        " -c idle_in_transaction_session_timeout=" + std::to_string(settings.idleInTransactionTimeoutMs) +
        " -c client_min_messages=warning";
    const char* keys[] = {"options", "connect_timeout", "fallback_application_name", "dbname", nullptr};
    const char* values[] = {options.c_str(), timeout.c_str(), "suara-server", url.c_str(), nullptr};
    PGconn* raw = PQconnectdbParams(keys, values, 1); // expand_dbname: the URL may carry any libpq option
    if (!raw) return Error{"database: out of memory connecting to " + redactUrl(url)};
    std::unique_ptr<Conn> conn(new Conn(raw));
    if (PQstatus(raw) != CONNECTION_OK) {
        std::string msg = PQerrorMessage(raw);
        while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
        return Error{"database: cannot connect to " + redactUrl(url) + ": " + msg};
    }
    return conn;
}

Error Conn::failure(std::string_view what, PGresult* res) {
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    m_lastSqlState = state ? state : "";
    std::string msg = res && *PQresultErrorMessage(res) ? PQresultErrorMessage(res) : PQerrorMessage(m_conn);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    if (res) PQclear(res);
    return Error{"database: " + std::string(what) + ": " + msg};
}

Result<Rows> Conn::exec(const char* sql, const Params& params, bool binaryResult) {
    m_lastSqlState.clear();
    auto it = m_prepared.find(sql);
    if (it == m_prepared.end()) {
        std::string name = "s" + std::to_string(m_prepared.size() + 1);
        PGresult* prep = PQprepare(m_conn, name.c_str(), sql, 0, nullptr);
        if (!prep || PQresultStatus(prep) != PGRES_COMMAND_OK) return failure("prepare", prep);
        PQclear(prep);
        it = m_prepared.emplace(sql, std::move(name)).first;
    }
    const int n = params.size();
    std::vector<const char*> values(static_cast<size_t>(n));
    std::vector<int> lengths(static_cast<size_t>(n));
    for (size_t i = 0; i < values.size(); ++i) {
        values[i] = params.m_null[i] ? nullptr : params.m_values[i].c_str();
        lengths[i] = static_cast<int>(params.m_values[i].size());
    }
    PGresult* res = PQexecPrepared(m_conn, it->second.c_str(), n, values.data(), lengths.data(),
                                   params.m_binary.data(), binaryResult ? 1 : 0);
    const ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return failure("query", res);
    return Rows(res);
}

Status Conn::run(const char* sql) {
    m_lastSqlState.clear();
    PGresult* res = PQexec(m_conn, sql);
    const ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return failure("command", res);
    PQclear(res);
    return Ok{};
}

// [SECTION] Pool

Result<Pool::Lease> Pool::acquire() {
    {
        std::lock_guard lock(m_mutex);
        if (!m_idle.empty()) {
            auto conn = std::move(m_idle.back());
            m_idle.pop_back();
            return Lease(*this, std::move(conn));
        }
    }
    auto conn = Conn::open(m_url, m_settings);
    if (!conn) return conn.error();
    return Lease(*this, std::move(*conn));
}

void Pool::release(std::unique_ptr<Conn> conn) {
    std::lock_guard lock(m_mutex);
    if (conn->broken()) {
        // One dead connection usually means the server restarted: the idle ones are dead too.
        m_idle.clear();
        return;
    }
    if (m_idle.size() < m_maxIdle) m_idle.push_back(std::move(conn));
}

int64_t Pool::retries() const {
    std::lock_guard lock(m_mutex);
    return m_retries;
}

Status Pool::transact(const std::function<Status(Conn&)>& body) {
    thread_local std::minstd_rand jitter(std::random_device{}());
    Error last{"no attempt was made"};
    for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
        if (attempt > 1) {
            // Full jitter, capped: the rival transaction usually needs a few milliseconds.
            const int capMs = std::min(200, 4 << attempt);
            std::this_thread::sleep_for(
                std::chrono::milliseconds(jitter() % static_cast<unsigned>(capMs + 1)));
            std::lock_guard lock(m_mutex);
            ++m_retries;
        }
        auto lease = acquire();
        if (!lease) return lease.error();
        Conn& c = **lease;
        if (auto st = c.run("BEGIN"); !st) {
            if (c.broken()) {
                last = st.error();
                continue;
            }
            return st;
        }
        Status st = body(c);
        if (!st) {
            const bool retry = isRetryable(c.lastSqlState()) || c.broken();
            if (!c.broken()) (void)c.run("ROLLBACK");
            if (retry) {
                last = st.error();
                continue;
            }
            return st;
        }
        if (auto commit = c.run("COMMIT"); !commit) {
            if (isRetryable(c.lastSqlState())) {
                last = commit.error();
                continue;
            }
            if (c.broken()) {
                return Error{commit.error().message +
                             " (the connection was lost during COMMIT; the outcome is "
                             "unknown until the client retries)"};
            }
            return commit;
        }
        return Ok{};
    }
    return Error{last.message + " (gave up after " + std::to_string(kMaxAttempts) + " attempts)"};
}

Status Pool::withConnection(const std::function<Status(Conn&)>& body) {
    for (int attempt = 1;; ++attempt) {
        auto lease = acquire();
        if (!lease) return lease.error();
        Status st = body(**lease);
        if (st || attempt == 2 || !(*lease)->broken()) return st;
    }
}

} // namespace suara::sync::pg
