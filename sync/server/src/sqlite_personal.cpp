// The SQLite side of the personal-data store methods (see store.h, "Personal data"): finding and
// replacing one stored comment, blanking comments past their retention, pruning client addresses.
// A replaced text must not survive in the file: the writer runs with secure_delete on (SQLite
// overwrites freed cell space with zeros; openConnection sets it), and each change here ends with
// a truncating WAL checkpoint (the old page versions in the WAL are gone too). A reader holding an
// old snapshot can delay the truncation; the next change or the periodic task repeats it.
#include "sqlite_personal.h"

#include "comment_edit.h"
#include "sqlite_util.h"

#include <vector>

namespace suara::sync::sqlite {

namespace {

// secure_delete on for the change, back to what it was after; then the WAL is truncated.
class SecureChange {
public:
    explicit SecureChange(sqlite3* writer) : m_writer(writer) {
        execQuietly(writer, "PRAGMA secure_delete = ON");
    }
    ~SecureChange() {
        execQuietly(m_writer, "PRAGMA secure_delete = OFF");
        execQuietly(m_writer, "PRAGMA wal_checkpoint(TRUNCATE)");
    }
    SecureChange(const SecureChange&) = delete;
    SecureChange& operator=(const SecureChange&) = delete;

private:
    sqlite3* m_writer;
};

struct Edit {
    int64_t rowid = 0;
    std::string record;
};

// Rewrites `table`'s records by rowid; the caller holds the transaction.
Status rewrite(sqlite3* writer, const char* table, const std::vector<Edit>& edits) {
    const std::string sql = std::string("UPDATE ") + table + " SET record = ? WHERE rowid = ?";
    for (const Edit& e : edits) {
        Stmt s(writer, sql.c_str());
        s.bind(1, e.record).bind(2, e.rowid);
        if (auto st = s.run("replace comment"); !st) return st;
    }
    return Ok{};
}

// Records of the quarantine with a comment, by rowid, where keep(info) says so, edited to `comment`.
Result<std::vector<Edit>> quarantineEdits(sqlite3* writer, const char* where, std::string_view uuid,
                                          int64_t beforeMs, std::string_view comment) {
    const std::string sql = std::string("SELECT rowid, record FROM quarantine WHERE ") + where;
    Stmt s(writer, sql.c_str());
    if (!uuid.empty()) s.bind(1, uuid);
    std::vector<Edit> out;
    int rc = 0;
    while ((rc = s.step()) == SQLITE_ROW) {
        auto info = recordComment(s.text(1));
        if (!info) return info.error();
        if (info->comment.empty() || info->comment == comment) continue;
        if (uuid.empty() && info->submittedAtMs >= beforeMs) continue;
        auto edited = recordWithComment(s.text(1), comment);
        if (!edited) return edited.error();
        out.push_back({s.i64(0), std::move(*edited)});
    }
    if (rc != SQLITE_DONE) return dbError(writer, "read quarantine");
    return out;
}

// Runs fn inside BEGIN IMMEDIATE ... COMMIT (ROLLBACK on failure).
template <class T, class Fn>
Result<T> transaction(sqlite3* writer, Fn&& fn) {
    if (auto st = exec(writer, "BEGIN IMMEDIATE"); !st) return st.error();
    Result<T> r = fn();
    if (!r) {
        execQuietly(writer, "ROLLBACK");
        return r;
    }
    if (auto st = exec(writer, "COMMIT"); !st) {
        execQuietly(writer, "ROLLBACK");
        return st.error();
    }
    return r;
}

} // namespace

Result<std::optional<StoredComment>> findComment(sqlite3* db, std::string_view uuid) {
    Stmt s(db, "SELECT office, kiosk_id, submitted_at_ms, json_extract(record, '$.comment') FROM responses "
               "WHERE uuid = ?");
    s.bind(1, uuid);
    const int rc = s.step();
    if (rc == SQLITE_DONE) return std::optional<StoredComment>{};
    if (rc != SQLITE_ROW) return dbError(db, "read comment");
    return std::optional<StoredComment>{
        StoredComment{std::string(uuid), s.text(0), s.text(1), s.i64(2), s.text(3)}};
}

Result<bool> replaceComment(sqlite3* writer, std::string_view uuid, std::string_view replacement) {
    SecureChange secure(writer);
    return transaction<bool>(writer, [&]() -> Result<bool> {
        Stmt s(writer, "SELECT rowid, record FROM responses WHERE uuid = ?");
        s.bind(1, uuid);
        const int rc = s.step();
        if (rc == SQLITE_DONE) return false;
        if (rc != SQLITE_ROW) return dbError(writer, "read response");
        auto edited = recordWithComment(s.text(1), replacement);
        if (!edited) return edited.error();
        std::vector<Edit> edits{{s.i64(0), std::move(*edited)}};
        s.reset();
        if (auto st = rewrite(writer, "responses", edits); !st) return st.error();
        auto quarantined = quarantineEdits(writer, "uuid = ?", uuid, 0, replacement);
        if (!quarantined) return quarantined.error();
        if (auto st = rewrite(writer, "quarantine", *quarantined); !st) return st.error();
        return true;
    });
}

Result<int64_t> blankCommentsBefore(sqlite3* writer, int64_t beforeMs) {
    SecureChange secure(writer);
    return transaction<int64_t>(writer, [&]() -> Result<int64_t> {
        Stmt s(writer, "SELECT rowid, record FROM responses WHERE submitted_at_ms < ? AND "
                       "json_extract(record, '$.comment') != ''");
        s.bind(1, beforeMs);
        std::vector<Edit> edits;
        int rc = 0;
        while ((rc = s.step()) == SQLITE_ROW) {
            auto edited = recordWithComment(s.text(1), "");
            if (!edited) return edited.error();
            edits.push_back({s.i64(0), std::move(*edited)});
        }
        if (rc != SQLITE_DONE) return dbError(writer, "read old comments");
        s.reset();
        if (auto st = rewrite(writer, "responses", edits); !st) return st.error();
        auto quarantined =
            quarantineEdits(writer, "json_extract(record, '$.comment') != ''", "", beforeMs, "");
        if (!quarantined) return quarantined.error();
        if (auto st = rewrite(writer, "quarantine", *quarantined); !st) return st.error();
        return static_cast<int64_t>(edits.size() + quarantined->size());
    });
}

Result<int64_t> pruneAddressesBefore(sqlite3* writer, int64_t beforeMs, int64_t nowMs) {
    SecureChange secure(writer);
    Stmt failures(writer, "DELETE FROM login_failures WHERE last_ms < ?");
    failures.bind(1, beforeMs);
    if (failures.step() != SQLITE_DONE) return dbError(writer, "prune login failures");
    const int64_t pruned = sqlite3_changes(writer);
    Stmt sessions(writer, "DELETE FROM sessions WHERE expires_at_ms < ?");
    sessions.bind(1, nowMs);
    if (sessions.step() != SQLITE_DONE) return dbError(writer, "prune sessions");
    return pruned;
}

} // namespace suara::sync::sqlite
