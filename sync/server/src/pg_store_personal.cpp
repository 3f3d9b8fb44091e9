// The PostgreSQL side of the personal-data store methods (see store.h, "Personal data"); the same
// edits as sqlite_personal.cpp, record by record through comment_edit.h. An UPDATE leaves the old
// row version in the table file until VACUUM reclaims it (autovacuum does, eventually; `VACUUM
// responses, quarantine` at once, and only VACUUM FULL rewrites the files): docs/server.md,
// "Personal data".
#include "comment_edit.h"
#include "pg_store.h"

#include <vector>

namespace suara::sync::pg {

namespace {

struct Edit {
    int64_t id = 0; // quarantine id; responses are edited by uuid
    std::string uuid;
    std::string record;
};

Status rewriteResponses(Conn& c, const std::vector<Edit>& edits) {
    for (const Edit& e : edits) {
        auto r =
            c.exec("UPDATE responses SET record = $1 WHERE uuid = $2", Params().text(e.record).text(e.uuid));
        if (!r) return r.error();
    }
    return Ok{};
}

Status rewriteQuarantine(Conn& c, const std::vector<Edit>& edits) {
    for (const Edit& e : edits) {
        auto r = c.exec("UPDATE quarantine SET record = $1 WHERE id = $2", Params().text(e.record).i64(e.id));
        if (!r) return r.error();
    }
    return Ok{};
}

// Quarantined records with a comment (of `uuid`, or submitted before `beforeMs`), edited to `comment`.
Result<std::vector<Edit>> quarantineEdits(Conn& c, std::string_view uuid, int64_t beforeMs,
                                          std::string_view comment) {
    auto rows = uuid.empty()
                    ? c.exec("SELECT id, record FROM quarantine WHERE (record::json ->> 'comment') <> ''")
                    : c.exec("SELECT id, record FROM quarantine WHERE uuid = $1", Params().text(uuid));
    if (!rows) return rows.error();
    std::vector<Edit> out;
    for (int i = 0; i < rows->count(); ++i) {
        auto info = recordComment(rows->text(i, 1));
        if (!info) return info.error();
        if (info->comment.empty() || info->comment == comment) continue;
        if (uuid.empty() && info->submittedAtMs >= beforeMs) continue;
        auto edited = recordWithComment(rows->text(i, 1), comment);
        if (!edited) return edited.error();
        out.push_back({rows->i64(i, 0), {}, std::move(*edited)});
    }
    return out;
}

} // namespace

Result<std::optional<StoredComment>> PgStore::findComment(std::string_view uuid) {
    return read<std::optional<StoredComment>>([&](Conn& c) -> Result<std::optional<StoredComment>> {
        auto r = c.exec("SELECT office, kiosk_id, submitted_at_ms, record::json ->> 'comment' FROM responses "
                        "WHERE uuid = $1",
                        Params().text(uuid));
        if (!r) return r.error();
        if (r->count() == 0) return std::optional<StoredComment>{};
        return std::optional<StoredComment>{
            StoredComment{std::string(uuid), r->text(0, 0), r->text(0, 1), r->i64(0, 2), r->text(0, 3)}};
    });
}

Result<bool> PgStore::replaceComment(std::string_view uuid, std::string_view replacement) {
    bool found = false;
    Status st = m_pool.transact([&](Conn& c) -> Status {
        found = false;
        auto r = c.exec("SELECT record FROM responses WHERE uuid = $1 FOR UPDATE", Params().text(uuid));
        if (!r) return r.error();
        if (r->count() == 0) return Ok{};
        auto edited = recordWithComment(r->text(0, 0), replacement);
        if (!edited) return edited.error();
        if (auto s = rewriteResponses(c, {{0, std::string(uuid), std::move(*edited)}}); !s) return s;
        auto quarantined = quarantineEdits(c, uuid, 0, replacement);
        if (!quarantined) return quarantined.error();
        if (auto s = rewriteQuarantine(c, *quarantined); !s) return s;
        found = true;
        return Ok{};
    });
    if (!st) return st.error();
    return found;
}

Result<int64_t> PgStore::blankCommentsBefore(int64_t beforeMs) {
    int64_t changed = 0;
    Status st = m_pool.transact([&](Conn& c) -> Status {
        changed = 0;
        auto r = c.exec("SELECT uuid, record FROM responses WHERE submitted_at_ms < $1 AND "
                        "(record::json ->> 'comment') <> '' FOR UPDATE",
                        Params().i64(beforeMs));
        if (!r) return r.error();
        std::vector<Edit> edits;
        for (int i = 0; i < r->count(); ++i) {
            auto edited = recordWithComment(r->text(i, 1), "");
            if (!edited) return edited.error();
            edits.push_back({0, r->text(i, 0), std::move(*edited)});
        }
        if (auto s = rewriteResponses(c, edits); !s) return s;
        auto quarantined = quarantineEdits(c, "", beforeMs, "");
        if (!quarantined) return quarantined.error();
        if (auto s = rewriteQuarantine(c, *quarantined); !s) return s;
        changed = static_cast<int64_t>(edits.size() + quarantined->size());
        return Ok{};
    });
    if (!st) return st.error();
    return changed;
}

Result<int64_t> PgStore::pruneAddressesBefore(int64_t beforeMs, int64_t nowMs) {
    return read<int64_t>([&](Conn& c) -> Result<int64_t> {
        auto r = c.exec("DELETE FROM login_failures WHERE last_ms < $1", Params().i64(beforeMs));
        if (!r) return r.error();
        auto s = c.exec("DELETE FROM sessions WHERE expires_at_ms < $1", Params().i64(nowMs));
        if (!s) return s.error();
        return r->affected();
    });
}

} // namespace suara::sync::pg
