// Redacting one stored comment after the fact (see admin.h, redactComment).
#include "suara/analytics/redact.h"
#include "suara/sync/server/dashboard/admin.h"

#include <string>

namespace suara::sync::dashboard {

Status redactComment(Store& store, const Actor& actor, std::string_view actorOffice, std::string_view uuid,
                     int64_t nowMs) {
    auto found = store.findComment(uuid);
    if (!found) return found.error();
    // An office user learns nothing about other offices' responses: the same answer as no response.
    const std::string unknown = "no stored response " + std::string(uuid);
    if (!*found) return Error{unknown};
    const StoredComment& c = **found;
    if (!actor.admin && (actorOffice.empty() || c.office != actorOffice)) return Error{unknown};
    if (c.text.empty()) return Error{"response " + std::string(uuid) + " has no comment"};
    if (c.text == analytics::kRemovedComment)
        return Error{"the comment of response " + std::string(uuid) + " is already removed"};
    auto replaced = store.replaceComment(uuid, analytics::kRemovedComment);
    if (!replaced) return replaced.error();
    if (!*replaced) return Error{unknown};
    const std::string detail = "kiosk " + c.kiosk + ", office " + c.office + ", " +
                               std::to_string(c.text.size()) + " bytes replaced by [dihapus]";
    return store.addAudit(
        {0, nowMs, actor.name, actor.via, audit::kCommentRedact, std::string(uuid), detail});
}

} // namespace suara::sync::dashboard
