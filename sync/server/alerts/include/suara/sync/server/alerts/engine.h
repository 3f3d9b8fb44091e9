// The alert engine: decides when a rule fires, composes the message, and stores the alert with its
// deliveries in the outbox (AlertStore::raiseAlert, one transaction, deduplicated). Sending is the
// delivery worker's job (delivery.h); the engine never touches the network.
//
// When it runs:
//   - after each stored batch (onBatch, on the request thread): `negative` over the batch's
//     accepted records, `quarantine` when the batch had conflicts or rejects, `low-index` for the
//     offices and instruments the batch touched. Rules of other offices cost nothing.
//   - on a timer (onTick, from the delivery worker's thread): `silent-kiosk`, `low-index` (again,
//     so a crash between the ingest commit and onBatch loses nothing that still holds), `digest`.
// Every number it reports is analytics::buildReport's over the stored accumulators (the same
// report the dashboard and `suara-server report` show); it computes no measure itself.
//
// [X] Dedupe key per (rule, office, window): negative per response uuid, low-index and quarantine
//     per local day or ISO week, silent-kiosk per silence (its last sync), digest per period
// [X] A region-wide rule (office "") fires per office, with that office in the key
// [ ] The ingest transaction and the alert are two transactions: a crash between them loses a
//     `negative` or `quarantine` alert of that batch (low-index is re-checked by the timer)
#pragma once

#include "suara/analytics/instrument.h"
#include "suara/analytics/response.h"
#include "suara/sync/server/api.h"
#include "suara/sync/server/store.h"

#include <cstdint>
#include <string>
#include <vector>

namespace suara::sync::alerts {

struct AlertOptions {
    std::string dashboardUrl = "http://127.0.0.1:8080/dashboard"; // links in messages, no trailing /
    analytics::Lang lang = analytics::Lang::Id;                   // of the messages
    int openHour = 8; // office hours, local time of each office: [open, close)
    int closeHour = 16;
    std::string officeDays = "12345"; // ISO weekdays with office hours (1 = Monday)
    int digestHour = 7;               // a day's digest goes out after this local hour of the next day
};

class AlertEngine {
public:
    AlertEngine(Store& store, const analytics::InstrumentRegistry& registry, AlertOptions options);

    // After a stored batch. Failures are logged to stderr and never fail the batch.
    void onBatch(const IngestedBatch& batch);
    // The periodic checks at nowMs. Returns how many alerts were raised.
    Result<int> onTick(int64_t nowMs);

    const AlertOptions& options() const { return m_options; }

private:
    Result<int> checkLowIndex(const AlertRule& rule, const Office& office,
                              const analytics::Instrument& instrument, int64_t nowMs);
    Result<int> checkSilent(const AlertRule& rule, const std::vector<Office>& offices, int64_t nowMs);
    Result<int> sendDigest(const AlertRule& rule, const Office& office, int64_t nowMs);
    Result<bool> raise(const AlertRule& rule, Alert alert, int64_t nowMs);
    std::string officeLink(const Office& office, int64_t day, bool week) const;

    Store& m_store;
    const analytics::InstrumentRegistry& m_registry;
    AlertOptions m_options;
};

// Office hours between two instants (ms), for `silent-kiosk`: the overlap of [fromMs, toMs] with
// [openHour, closeHour) local time on the office days, in ms.
int64_t officeHoursBetween(int64_t fromMs, int64_t toMs, int utcOffsetMinutes, const AlertOptions& options);

// The HMAC-SHA256 (hex) of a webhook body with `secret`: the X-Suara-Signature header is
// "sha256=<hex>" (docs/alerts.md).
std::string webhookSignature(std::string_view secret, std::string_view body);

} // namespace suara::sync::alerts
