// Internal to the alerts library: the words of each alert (subject, text, HTML, webhook JSON),
// composed from facts the engine gathered. Labels come from the present/ catalogue and numbers from
// present::number/percent, in the configured language; nothing here decides whether to fire.
#pragma once

#include "suara/analytics/instrument.h"
#include "suara/analytics/report.h"
#include "suara/analytics/response.h"
#include "suara/sync/server/alert_store.h"
#include "suara/sync/server/store.h"

#include <string>
#include <vector>

namespace suara::sync::alerts {

std::vector<std::string> splitRecipients(std::string_view list); // "a@x, b@y" -> {a@x, b@y}

struct NegativeFacts {
    const analytics::Response& response;
    double meanPerception = 0;
    const analytics::Instrument* instrument = nullptr;
};
struct LowIndexFacts {
    std::string measure; // csi, tki, ikm
    double value = 0;
    int64_t responses = 0;
    int64_t fromDay = 0, toDay = 0;
};
struct DigestSection {
    const analytics::Instrument* instrument = nullptr;
    analytics::Report report;
};

Alert negativeAlert(const AlertRule& rule, const Office& office, const NegativeFacts& facts,
                    const std::string& link, analytics::Lang lang);
Alert quarantineAlert(const AlertRule& rule, const Office& office, std::string_view kiosk, int64_t conflicts,
                      int64_t rejected, const std::string& link, analytics::Lang lang);
Alert lowIndexAlert(const AlertRule& rule, const Office& office, const LowIndexFacts& facts,
                    const std::string& link, analytics::Lang lang);
Alert silentAlert(const AlertRule& rule, const Office& office, const Kiosk& kiosk, const std::string& link,
                  analytics::Lang lang);
Alert digestAlert(const AlertRule& rule, const Office& office, int64_t fromDay, int64_t toDay,
                  const std::vector<DigestSection>& sections, const std::vector<CommentRow>& comments,
                  const std::string& link, analytics::Lang lang);

} // namespace suara::sync::alerts
