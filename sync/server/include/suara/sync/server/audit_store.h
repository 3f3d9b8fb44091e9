// The store's audit log of administrative actions (dashboard/admin.h writes it, for the browser
// and the CLI alike).
//
// One of the store's interfaces by concern (store.h lists them); every backend implements all.
#pragma once

#include "suara/base/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace suara::sync {

// One administrative action (admin.h writes them): who did what to which thing, from where.
struct AuditEntry {
    int64_t id = 0; // assigned by the store, increasing
    int64_t atMs = 0;
    std::string actor;  // dashboard user name, or "cli:<unix user>"
    std::string via;    // "web" or "cli"
    std::string action; // "user.disable", "kiosk.enrol", ... (admin.h lists them)
    std::string target; // the user name, kiosk id, office code or token label
    std::string detail; // what changed, in words; never a password or token secret
};

class AuditStore {
public:
    virtual ~AuditStore() = default;

    virtual Status addAudit(const AuditEntry& entry) = 0;
    // The newest `limit` entries, newest first.
    virtual Result<std::vector<AuditEntry>> auditLog(int64_t limit) = 0;
};

} // namespace suara::sync
