// What both alert-store backends check before storing a rule, and the wording they share.
#include "suara/sync/server/alert_store.h"

#include "suara/analytics/response.h"

#include <cmath>

namespace suara::sync {

bool isAlertKind(std::string_view kind) {
    for (const char* k : {alert_kind::kNegative, alert_kind::kLowIndex, alert_kind::kSilentKiosk,
                          alert_kind::kQuarantine, alert_kind::kDigest})
        if (kind == k) return true;
    return false;
}

Status checkAlertRule(const AlertRule& r) {
    if (!isAlertKind(r.kind))
        return Error{"unknown rule \"" + r.kind +
                     "\" (negative, low-index, silent-kiosk, quarantine, digest)"};
    if (r.email.empty() && r.webhookUrl.empty())
        return Error{"a rule needs an e-mail address or a webhook URL"};
    if (r.email.find_first_of("\r\n<>") != std::string::npos) return Error{"the e-mail address is malformed"};
    if (!r.webhookUrl.empty() && r.webhookUrl.rfind("http://", 0) != 0 &&
        r.webhookUrl.rfind("https://", 0) != 0)
        return Error{"the webhook URL must start with http:// or https://"};
    if (!std::isfinite(r.threshold) || r.threshold < 0) return Error{"the threshold must be a number >= 0"};
    if (r.minResponses < 0) return Error{"the minimum number of responses must be >= 0"};
    if (r.kind == alert_kind::kLowIndex) {
        if (r.measure != "csi" && r.measure != "tki" && r.measure != "ikm")
            return Error{"a low-index rule needs --measure csi, tki or ikm"};
        if (r.threshold <= 0) return Error{"a low-index rule needs --threshold (an index in %, e.g. 66)"};
    }
    if ((r.kind == alert_kind::kLowIndex || r.kind == alert_kind::kDigest) && r.window != "day" &&
        r.window != "week")
        return Error{"the window must be day or week"};
    if (r.kind == alert_kind::kSilentKiosk && (r.hours < 1 || r.hours > 24 * 60))
        return Error{"a silent-kiosk rule needs --hours between 1 and 1440"};
    return Ok{};
}

std::string unknownRuleMessage(int64_t id) {
    return "unknown alert rule " + std::to_string(id);
}

std::string unknownAlertMessage(int64_t id) {
    return "unknown alert " + std::to_string(id);
}

std::string alreadyAcknowledgedMessage(int64_t id, std::string_view by, int64_t atMs) {
    return "alert " + std::to_string(id) + " was acknowledged already by " + std::string(by) + " at " +
           analytics::formatUtcMs(atMs);
}

} // namespace suara::sync
