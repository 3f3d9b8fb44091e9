// The database a server test runs against: SQLite by default, PostgreSQL when the ctest fixture
// of tests/pg started a throwaway cluster and SUARA_TEST_PG_URL_FILE names its URL file.
//
// Each TestDb is a fresh, empty database: a file in the test's temporary directory, or a new
// database on the cluster (CREATE DATABASE, dropped again by the destructor). spec() is what
// suara-server's --db takes for it, and count()/text() run SQL on it directly, so a test can look
// at what was stored the same way on both backends. On PostgreSQL a hex(bytea) function like
// SQLite's is created in each database, so the suites' SQL needs no second spelling.
// Not for production code; tests and benchmarks only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace suara::test {

// True when the suites run against PostgreSQL (SUARA_TEST_PG_URL_FILE is set).
bool testingPostgres();
// The base URL of the throwaway cluster (its `postgres` database); empty for SQLite runs.
std::string postgresBaseUrl();
// The base URL with another database name.
std::string postgresUrlFor(const std::string& baseUrl, const std::string& database);

// One value of a single-row query on the database `spec` names (a SQLite path or a PostgreSQL
// URL, as --db takes them); count() of a NULL is 0, text() of a NULL is "".
std::string queryText(const std::string& spec, const std::string& sql);
int64_t queryCount(const std::string& spec, const std::string& sql);
// SQL string literal: 'it''s'.
std::string sqlQuote(const std::string& value);

class TestDb {
public:
    // `dir` holds the SQLite file (named `fileName`); PostgreSQL runs ignore both.
    explicit TestDb(const std::filesystem::path& dir, const std::string& fileName = "server.db");
    ~TestDb();
    TestDb(const TestDb&) = delete;
    TestDb& operator=(const TestDb&) = delete;

    const std::string& spec() const { return m_spec; }
    bool postgres() const { return !m_pgName.empty(); }

    int64_t count(const std::string& sql) const { return queryCount(m_spec, sql); }
    std::string text(const std::string& sql) const { return queryText(m_spec, sql); }
    // A statement without results (test setup: corrupting a row, changing the schema version).
    void exec(const std::string& sql) const;

private:
    std::string m_spec;
    std::string m_pgName; // PostgreSQL database name, empty for SQLite
    std::string m_pgBase;
};

} // namespace suara::test
