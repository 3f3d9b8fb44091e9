// TestDb: a fresh SQLite file or PostgreSQL database per test (see test_db.h).
#include "test_db.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <libpq-fe.h>
#include <memory>
#include <sqlite3.h>
#include <unistd.h>

namespace suara::test {

namespace {

using PgConnPtr = std::unique_ptr<PGconn, decltype(&PQfinish)>;

PgConnPtr pgConnect(const std::string& url) {
    PgConnPtr c(PQconnectdb(url.c_str()), &PQfinish);
    INFO("connecting to " << url << ": " << PQerrorMessage(c.get()));
    REQUIRE(PQstatus(c.get()) == CONNECTION_OK);
    PQsetNoticeProcessor(
        c.get(), [](void*, const char*) {}, nullptr);
    return c;
}

// Runs one statement; returns the result (or fails the test with the server's message).
std::unique_ptr<PGresult, decltype(&PQclear)> pgRun(PGconn* c, const std::string& sql) {
    std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(c, sql.c_str()), &PQclear);
    const auto status = PQresultStatus(r.get());
    INFO(sql << ": " << PQerrorMessage(c));
    REQUIRE((status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK));
    return r;
}

} // namespace

std::string postgresBaseUrl() {
    const char* file = std::getenv("SUARA_TEST_PG_URL_FILE");
    if (!file || !*file) return {};
    std::ifstream in(file);
    std::string url;
    std::getline(in, url);
    INFO("SUARA_TEST_PG_URL_FILE=" << file
                                   << " must hold the URL of a running cluster (tests/pg/pg_cluster.sh)");
    REQUIRE_FALSE(url.empty());
    return url;
}

bool testingPostgres() {
    const char* file = std::getenv("SUARA_TEST_PG_URL_FILE");
    return file && *file;
}

std::string postgresUrlFor(const std::string& baseUrl, const std::string& database) {
    // postgresql://user@/postgres?host=... -> postgresql://user@/<database>?host=...
    const size_t authority = baseUrl.find("://");
    REQUIRE(authority != std::string::npos);
    const size_t slash = baseUrl.find('/', authority + 3);
    REQUIRE(slash != std::string::npos);
    const size_t query = baseUrl.find('?', slash);
    return baseUrl.substr(0, slash + 1) + database +
           (query == std::string::npos ? "" : baseUrl.substr(query));
}

TestDb::TestDb(const std::filesystem::path& dir, const std::string& fileName) {
    if (!testingPostgres()) {
        m_spec = (dir / fileName).string();
        return;
    }
    static std::atomic<int> counter{0};
    m_pgBase = postgresBaseUrl();
    m_pgName = "suara_t" + std::to_string(getpid()) + "_" + std::to_string(counter.fetch_add(1));
    {
        auto admin = pgConnect(m_pgBase);
        pgRun(admin.get(), "DROP DATABASE IF EXISTS " + m_pgName + " WITH (FORCE)");
        pgRun(admin.get(), "CREATE DATABASE " + m_pgName + " TEMPLATE template0");
    }
    m_spec = postgresUrlFor(m_pgBase, m_pgName);
    auto c = pgConnect(m_spec);
    pgRun(c.get(), "CREATE FUNCTION hex(bytea) RETURNS text LANGUAGE sql IMMUTABLE AS "
                   "$$ SELECT upper(encode($1, 'hex')) $$");
}

TestDb::~TestDb() {
    if (m_pgName.empty()) return;
    // FORCE: a server under test may still hold pooled connections; they are cut.
    PgConnPtr admin(PQconnectdb(m_pgBase.c_str()), &PQfinish);
    if (PQstatus(admin.get()) == CONNECTION_OK) {
        PQclear(PQexec(admin.get(), ("DROP DATABASE IF EXISTS " + m_pgName + " WITH (FORCE)").c_str()));
    }
}

static bool isUrl(const std::string& spec) {
    return spec.rfind("postgresql://", 0) == 0 || spec.rfind("postgres://", 0) == 0;
}

std::string sqlQuote(const std::string& value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\'') out += '\'';
        out += c;
    }
    return out + "'";
}

std::string queryText(const std::string& spec, const std::string& sql) {
    if (isUrl(spec)) {
        auto c = pgConnect(spec);
        auto r = pgRun(c.get(), sql);
        REQUIRE(PQntuples(r.get()) <= 1);
        if (PQntuples(r.get()) == 0 || PQgetisnull(r.get(), 0, 0)) return {};
        return PQgetvalue(r.get(), 0, 0);
    }
    sqlite3* conn = nullptr;
    REQUIRE(sqlite3_open_v2(spec.c_str(), &conn, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_busy_timeout(conn, 5000);
    sqlite3_stmt* stmt = nullptr;
    INFO(sql << ": " << sqlite3_errmsg(conn));
    REQUIRE(sqlite3_prepare_v2(conn, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
    std::string out;
    const int rc = sqlite3_step(stmt);
    REQUIRE((rc == SQLITE_ROW || rc == SQLITE_DONE));
    if (rc == SQLITE_ROW && sqlite3_column_text(stmt, 0)) {
        out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    sqlite3_close(conn);
    return out;
}

int64_t queryCount(const std::string& spec, const std::string& sql) {
    const std::string v = queryText(spec, sql);
    return v.empty() ? 0 : std::stoll(v);
}

void TestDb::exec(const std::string& sql) const {
    if (postgres()) {
        auto c = pgConnect(m_spec);
        pgRun(c.get(), sql);
        return;
    }
    sqlite3* conn = nullptr;
    REQUIRE(sqlite3_open_v2(m_spec.c_str(), &conn, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
    sqlite3_busy_timeout(conn, 5000);
    char* msg = nullptr;
    const int rc = sqlite3_exec(conn, sql.c_str(), nullptr, nullptr, &msg);
    INFO(sql << ": " << (msg ? msg : ""));
    sqlite3_free(msg);
    sqlite3_close(conn);
    REQUIRE(rc == SQLITE_OK);
}

} // namespace suara::test
