// The kiosk's local store: one SQLite file that never loses a response it has acknowledged.
//
// For: responses (with the per-kiosk seq assigned in the storing commit and the sync state),
// abandonments, the audit log and settings (PIN hash, lockout counters). It is the sync client's
// Outbox. One writer connection (WAL, synchronous=FULL; Debian's SQLite 3.40 has the WAL-reset race
// between two writers), guarded by a mutex so the UI, the sync worker and the summary worker may
// all call it; bulk reads use a separate read-only connection so they never block a submit.
// Nothing is ever deleted. Not for: deciding what to store (Session) or the wire format (sync).
//
// Every method may block (the writer mutex waits on another thread's fsync), so none may be
// called from the kiosk's frame (assertBlockingAllowed, blocking.h): the UI posts them to its
// TaskQueue. Failures (disk full, read-only, I/O error) come back as Errors; the transaction is
// rolled back, nothing already stored is touched, lastError() remembers the failure for the
// supervisor, and the next call reopens the connection if needed, so the kiosk recovers by
// itself when space returns.
#pragma once

#include "suara/analytics/redact.h"
#include "suara/analytics/response.h"
#include "suara/base/result.h"
#include "suara/base/time.h"
#include "suara/kiosk/session.h"
#include "suara/sync/outbox.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace suara::kiosk {

inline constexpr int kSchemaVersion = 2;

// What a removed comment reads afterwards (the server's `comment redact` writes the same).
inline constexpr std::string_view kCommentRemoved = analytics::kRemovedComment;

enum class SyncState { Pending, Synced, Conflict, Rejected };
const char* syncStateCode(SyncState s); // "pending", "synced", "conflict", "rejected"

// A stored response with its bookkeeping.
struct StoredResponse {
    analytics::Response response;
    SyncState syncState = SyncState::Pending;
    std::string syncReason;
    int64_t createdAtMs = 0;
};

struct AuditEntry {
    int64_t id = 0;
    int64_t atMs = 0;
    std::string action; // "login", "login_failed", "export", "setting", "pin_set", "exit", ...
    std::string detail;
};

struct StoreErrorInfo {
    int64_t atMs = 0;      // wall clock when it happened
    std::string operation; // "submit", "abandonment", ...
    std::string message;   // SQLite's message and the path
};

class Store final : public sync::Outbox {
public:
    // Opens (creating if needed) and migrates the database. The directory must exist or be creatable.
    static Result<std::unique_ptr<Store>> open(const std::filesystem::path& path);
    ~Store() override;
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    const std::filesystem::path& path() const { return m_path; }

    // Stores a response in one transaction and assigns response.seq. Returns only after COMMIT (the
    // UI may show "terima kasih"). Re-submitting an identical uuid is a no-op that returns the stored
    // seq; the same uuid with different content is an Error.
    Status submit(analytics::Response& response);
    Status recordAbandonment(const Abandonment& abandonment);
    Status audit(std::string_view action, std::string_view detail, int64_t nowMs);

    // Settings (key/value text). setSetting writes an audit entry "setting" in the same transaction
    // unless audited is false (internal counters such as the PIN lockout).
    Result<std::optional<std::string>> setting(std::string_view key);
    Status setSetting(std::string_view key, std::string_view value, int64_t nowMs, bool audited = true);
    // Several settings and one audit entry in one transaction.
    Status setSettings(const std::vector<std::pair<std::string, std::string>>& values,
                       std::string_view auditAction, std::string_view auditDetail, int64_t nowMs);

    // Reads (on the read-only connection). Time ranges are half-open [fromMs, toMs) on submitted_at
    // (responses) or abandoned_at (abandonments).
    Result<std::vector<StoredResponse>> responses(int64_t fromMs, int64_t toMs);
    // The same rows one at a time, in seq order, without materialising them (the summary's path).
    // The reference is only valid during the call. The read lock is held meanwhile: keep it short.
    Status visitResponses(int64_t fromMs, int64_t toMs,
                          const std::function<void(const StoredResponse&)>& visit);
    Result<std::vector<Abandonment>> abandonments(int64_t fromMs, int64_t toMs);
    Result<std::vector<AuditEntry>> auditLog(size_t limit); // newest first
    Result<int64_t> responseCount();
    Result<std::optional<StoredResponse>> findResponse(std::string_view uuid);

    // Personal data after the fact (issue 9, UU PDP). Both overwrite the comment in place and then
    // checkpoint the WAL with TRUNCATE, so with secure_delete the original text is gone from
    // kiosk.db and kiosk.db-wal, not just hidden; the ratings stay.
    //
    // redactComment replaces the comment of `uuid` by kCommentRemoved and writes the audit entry
    // "comment_redact" (uuid, length, sync state; never the text) in the same transaction. A
    // response that was already synced keeps its original on the server: the result says so, and
    // the server's own `suara-server comment redact` removes it there. An unknown uuid or a
    // response without a comment is an Error and changes nothing.
    struct CommentRemoval {
        SyncState syncState = SyncState::Pending; // of the response, when it was redacted
        bool wiped = false; // the WAL checkpoint completed: no old copy left in kiosk.db-wal
    };
    Result<CommentRemoval> redactComment(std::string_view uuid, std::string_view who, int64_t nowMs);
    // Retention (config comment_retention_days): blanks the comments of responses submitted before
    // `beforeMs` (the redaction marker included) and audits "retention" with the count when there
    // were any. Returns how many were blanked.
    Result<int64_t> blankCommentsBefore(int64_t beforeMs, int64_t nowMs);

    // sync::Outbox
    Result<std::vector<analytics::Response>> pending(size_t maxRecords) override;
    Status apply(const std::vector<sync::RecordResult>& results) override;
    Result<sync::OutboxCounts> counts() override;

    // The last failure of a write (cleared by nothing: the supervisor sees when it happened).
    std::optional<StoreErrorInfo> lastError() const;
    // Wall-clock ms of the last successful write (0 = none since open): newer than lastError()->atMs
    // means the store has recovered.
    int64_t lastWriteOkMs() const { return m_lastWriteOkMs.load(); }
    // PRAGMA integrity_check: "ok" or the first problems.
    Result<std::string> integrityCheck();
    // The watchdog's question "does the store answer?": takes the writer (so it waits behind a write
    // stuck in fsync) and reads the schema version through it. A full or read-only disk still
    // answers: the UI shows those and the store recovers by itself, a restart would not help.
    Status probe();

private:
    explicit Store(std::filesystem::path path);
    Status openWriter();
    Status openReader();
    Status ensureWriter();
    Status fail(std::string_view operation, const std::string& message);
    Status wrote();
    bool checkpointTruncate(); // under the write mutex

    std::filesystem::path m_path;
    mutable std::mutex m_writeMutex; // guards m_db and every write
    sqlite3* m_db = nullptr;
    bool m_writerSuspect = false; // after an I/O-class error: close and reopen before the next use
    std::mutex m_readMutex;
    sqlite3* m_reader = nullptr;
    mutable std::mutex m_errorMutex;
    std::optional<StoreErrorInfo> m_lastError;
    std::atomic<int64_t> m_lastWriteOkMs{0};
};

// Current wall-clock time in UTC ms (the app passes it to Session; the store uses it for created_at).
using suara::nowUtcMs;

} // namespace suara::kiosk
