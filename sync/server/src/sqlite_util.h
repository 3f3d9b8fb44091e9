// Internal to the SQLite store: a prepared statement with RAII and typed binds, and the error
// wording shared by every query. Nothing outside sqlite_store.cpp (and the benchmarks' bare
// SQLite baseline) includes it.
#pragma once

#include "suara/base/result.h"

#include <cassert>
#include <cstdint>
#include <sqlite3.h>
#include <string>
#include <string_view>

namespace suara::sync::sqlite {

inline Error dbError(sqlite3* db, std::string_view what) {
    return Error{std::string("database: ") + std::string(what) + ": " + sqlite3_errmsg(db)};
}

inline Status exec(sqlite3* db, const char* sql) {
    char* msg = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
        std::string m = msg ? msg : "unknown error";
        sqlite3_free(msg);
        return Error{std::string("database: ") + m};
    }
    return Ok{};
}

// For ROLLBACK and ending read transactions: nothing useful can be done if they fail, and the
// connection stays usable either way.
inline void execQuietly(sqlite3* db, const char* sql) {
    sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
}

class Stmt {
public:
    Stmt(sqlite3* db, const char* sql) : m_db(db) {
        const int rc = sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr);
        assert(rc == SQLITE_OK && "SQL in the store must compile against the current schema");
        (void)rc;
    }
    ~Stmt() { sqlite3_finalize(m_stmt); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    Stmt& bind(int i, int64_t v) {
        sqlite3_bind_int64(m_stmt, i, v);
        return *this;
    }
    Stmt& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
    Stmt& bind(int i, double v) {
        sqlite3_bind_double(m_stmt, i, v);
        return *this;
    }
    Stmt& bind(int i, std::string_view v) {
        sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
    Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
    Stmt& bindBlob(int i, std::string_view v) {
        sqlite3_bind_blob(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Stmt& bindNull(int i) {
        sqlite3_bind_null(m_stmt, i);
        return *this;
    }

    // SQLITE_ROW or SQLITE_DONE; anything else is returned as is for the caller to report.
    int step() { return sqlite3_step(m_stmt); }
    void reset() {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }
    Status run(std::string_view what) {
        const int rc = step();
        reset();
        if (rc != SQLITE_DONE && rc != SQLITE_ROW) return dbError(m_db, what);
        return Ok{};
    }

    int64_t i64(int col) const { return sqlite3_column_int64(m_stmt, col); }
    double real(int col) const { return sqlite3_column_double(m_stmt, col); }
    bool isNull(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }
    std::string text(int col) const {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, col));
        return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, col))) : std::string();
    }
    std::string_view blob(int col) const {
        const auto* p = static_cast<const char*>(sqlite3_column_blob(m_stmt, col));
        return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, col)))
                 : std::string_view();
    }

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

} // namespace suara::sync::sqlite
