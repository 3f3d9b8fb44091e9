// The alert tables of the server's store: rules, raised alerts (with their acknowledgement) and the
// delivery outbox. Separate from Store so that the alert code (sync/server/alerts) depends on what
// it uses only; every backend implements it (Store::alertStore()).
//
// What it guarantees: an alert and its deliveries are stored in one transaction, and a dedupe key
// that exists already stores nothing (so a rule evaluated twice over the same window raises one
// alert); a delivery claimed by one worker is invisible to the others until its lease ends. What it
// does not do: decide when a rule fires, compose a message, or send anything.
#pragma once

#include "suara/base/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace suara::sync {

// The rule kinds (AlertRule::kind).
namespace alert_kind {
inline constexpr const char* kNegative = "negative";        // one response at or below a mean perception
inline constexpr const char* kLowIndex = "low-index";       // CSI, Tki or IKM of a day or week below
inline constexpr const char* kSilentKiosk = "silent-kiosk"; // no sync for N hours in office hours
inline constexpr const char* kQuarantine = "quarantine";    // conflicts or rejected records arrived
inline constexpr const char* kDigest = "digest";            // the daily or weekly office summary
} // namespace alert_kind
bool isAlertKind(std::string_view kind);

// The checks every backend applies before storing a rule, and the wording they share.

struct AlertRule {
    int64_t id = 0;            // assigned by the store
    std::string kind;          // alert_kind
    std::string office;        // empty = every office of the region
    double threshold = 0;      // negative: mean perception <= it; low-index: the index < it
    std::string measure;       // low-index: "csi", "tki" or "ikm"
    std::string window;        // low-index, digest: "day" or "week"
    int64_t minResponses = 0;  // low-index: fewer responses in the window never fire
    int64_t hours = 0;         // silent-kiosk
    std::string email;         // recipients, comma-separated; empty = none
    std::string webhookUrl;    // empty = none
    std::string webhookSecret; // HMAC key of this rule's webhook; empty = the configured one
    int64_t createdAtMs = 0;
    std::string createdBy;
};

struct Alert {
    int64_t id = 0; // assigned by the store
    int64_t ruleId = 0;
    std::string kind;
    std::string office;
    std::string dedupeKey; // "<rule>:<office>:<window>", unique
    int64_t raisedAtMs = 0;
    std::string subject; // one line
    std::string text;    // the plain-text body (mail text part, dashboard list)
    std::string html;    // the mail's HTML part
    std::string payload; // the webhook's JSON body
    std::optional<int64_t> ackAtMs = std::nullopt;
    std::string ackBy = {};
    std::string ackComment = {};
};

// One message to one destination, retried until sent.
struct Delivery {
    int64_t id = 0;
    int64_t alertId = 0;
    std::string channel; // "email" or "webhook"
    std::string target;  // the address or URL
    std::string secret;  // webhook: the rule's key (empty = configured)
    int64_t attempts = 0;
    int64_t nextAttemptMs = 0;
    std::optional<int64_t> sentAtMs = std::nullopt;
    std::string lastError = {};
    // Filled by dueDeliveries from the alert row.
    std::string office = {};
    std::string subject = {};
    std::string text = {};
    std::string html = {};
    std::string payload = {};
};

struct AlertQuery {
    std::string office;               // empty = any
    std::string kind;                 // empty = any
    std::optional<bool> acknowledged; // nullopt = both
    int64_t limit = 200;
};

Status checkAlertRule(const AlertRule& rule);
std::string unknownRuleMessage(int64_t id);
std::string unknownAlertMessage(int64_t id);
std::string alreadyAcknowledgedMessage(int64_t id, std::string_view by, int64_t atMs);

class AlertStore {
public:
    virtual ~AlertStore() = default;

    // The office (when not empty) must exist. Returns the new id.
    virtual Result<int64_t> addAlertRule(const AlertRule& rule) = 0;
    virtual Result<std::vector<AlertRule>> alertRules() = 0; // ordered by id
    virtual Status removeAlertRule(int64_t id) = 0;          // its alerts stay

    // In one transaction: the alert and one outbox row per delivery (nextAttemptMs as given).
    // nullopt, and nothing stored, when the dedupe key exists already.
    virtual Result<std::optional<int64_t>> raiseAlert(const Alert& alert,
                                                      const std::vector<Delivery>& deliveries) = 0;
    // Newest first.
    virtual Result<std::vector<Alert>> alerts(const AlertQuery& query) = 0;
    virtual Result<std::optional<Alert>> findAlert(int64_t id) = 0;
    // An alert is acknowledged once; a second acknowledgement is an error naming the first.
    virtual Status acknowledgeAlert(int64_t id, std::string_view by, std::string_view comment,
                                    int64_t nowMs) = 0;
    // Whether a dedupe key was raised already (the timer skips the work of composing a message).
    virtual Result<bool> alertRaised(std::string_view dedupeKey) = 0;

    // Claims up to `limit` unsent deliveries due at nowMs: each one's next attempt moves to
    // nowMs + leaseMs in the same statement, so a second worker (another server process) does not
    // take it while this one sends. Oldest first.
    virtual Result<std::vector<Delivery>> claimDeliveries(int64_t nowMs, int64_t leaseMs, int limit) = 0;
    virtual Status markDelivered(int64_t id, int64_t sentAtMs) = 0;
    // attempts + 1, the error kept, the next attempt at nextAttemptMs.
    virtual Status markDeliveryFailed(int64_t id, int64_t nextAttemptMs, std::string_view error) = 0;
    // Every delivery of one alert (the dashboard's detail, the tests).
    virtual Result<std::vector<Delivery>> deliveries(int64_t alertId) = 0;
};

} // namespace suara::sync
