// The request handlers behind suara-server's HTTP routes (see api.h for the order of checks).
#include "suara/sync/server/api.h"

#include "suara/analytics/redact.h"
#include "suara/analytics/report.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>

namespace suara::sync {

bool isServiceSlug(std::string_view service) {
    if (service.empty() || service.size() > 64) return false;
    return std::all_of(service.begin(), service.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

std::optional<QuarantineReason> quarantineReason(const analytics::Response& r, int64_t enrolledAtMs,
                                                 int64_t nowMs, int64_t maxClockSkewMs) {
    if (!isServiceSlug(r.service)) {
        const std::string shown = r.service.size() > 64 ? r.service.substr(0, 64) + "..." : r.service;
        return QuarantineReason{"service", "service \"" + shown +
                                               "\" is not a service id ([a-z0-9-], at most 64 characters)"};
    }
    if (r.startedAtMs > r.submittedAtMs) {
        return QuarantineReason{"order", "started_at " + analytics::formatUtcMs(r.startedAtMs) +
                                             " is after submitted_at " +
                                             analytics::formatUtcMs(r.submittedAtMs)};
    }
    const int64_t earliest = enrolledAtMs - kDayMs;
    if (r.startedAtMs < earliest) {
        return QuarantineReason{"too_old", "started_at " + analytics::formatUtcMs(r.startedAtMs) +
                                               " is more than a day before the kiosk was enrolled (" +
                                               analytics::formatUtcMs(enrolledAtMs) + ")"};
    }
    if (r.submittedAtMs > nowMs + maxClockSkewMs) {
        return QuarantineReason{"future", "submitted_at " + analytics::formatUtcMs(r.submittedAtMs) +
                                              " is ahead of the server time " +
                                              analytics::formatUtcMs(nowMs)};
    }
    return std::nullopt;
}

Api::Api(Store& store, const analytics::InstrumentRegistry& registry, Limits limits, Metrics& metrics)
    : m_store(store), m_registry(registry), m_limits(limits), m_metrics(metrics) {}

ApiReply Api::error(int status, std::string_view message, std::string kioskId) const {
    return {status, "application/json", encodeErrorBody(message, nowUtcMs()), std::move(kioskId)};
}

ApiReply Api::handleBatch(const HeaderLookup& header, std::string_view body, int64_t nowMs,
                          std::string_view query) {
    const auto started = std::chrono::steady_clock::now();
    int protocol = 0; // set once the version is known to be accepted
    ApiReply reply = [&]() -> ApiReply {
        // Version first: a future client may change everything after it.
        const std::string versionText = header(kHeaderProtocol);
        auto version = parseDecimalInt64(versionText);
        if (!version || *version > 1000000) {
            return error(400, "missing or invalid " + std::string(kHeaderProtocol) +
                                  " header; this server speaks version(s) " + supportedVersionsText());
        }
        if (auto st = checkProtocolVersion(static_cast<int>(*version)); !st)
            return error(400, st.error().message);
        if (*version < m_limits.minProtocol) {
            return error(400, "protocol version " + std::to_string(*version) +
                                  " is no longer accepted by this server ([limits] min_protocol = " +
                                  std::to_string(m_limits.minProtocol) +
                                  "); update this kiosk's suara-kiosk package");
        }
        protocol = static_cast<int>(*version);
        if (header("Content-Type") != kBatchContentType) {
            return error(415, "Content-Type must be " + std::string(kBatchContentType));
        }
        if (body.size() > m_limits.maxBodyBytes) {
            return error(413, "body larger than " + std::to_string(m_limits.maxBodyBytes) + " bytes");
        }

        // Who is it, and may they speak? Unknown and revoked kiosks get the same answer, decided
        // before any signature work, so neither the body nor the time taken tells them apart.
        const std::string kioskId = header(kHeaderKiosk);
        if (!isValidId(kioskId))
            return error(401, "missing or malformed " + std::string(kHeaderKiosk) + " header");
        KioskReport software{protocol, {}};
        if (protocol >= 2) {
            software.version = header(kHeaderKioskVersion);
            if (!isValidSoftwareVersion(software.version)) {
                return error(400,
                             "missing or malformed " + std::string(kHeaderKioskVersion) +
                                 " header (1..64 of A-Z a-z 0-9 . + ~ : _ -)",
                             kioskId);
            }
        }
        auto kiosk = m_store.findKiosk(kioskId);
        if (!kiosk) return error(503, "database unavailable: " + kiosk.error().message, kioskId);
        if (!*kiosk || (*kiosk)->revokedAtMs) {
            return error(401,
                         "kiosk " + kioskId +
                             " may not send to this server: it is not enrolled, or its enrolment was "
                             "revoked (the regional admin can check with `suara-server kiosk list`)",
                         kioskId);
        }
        auto timestamp = parseDecimalInt64(header(kHeaderTimestamp));
        if (!timestamp)
            return error(401, "missing or malformed " + std::string(kHeaderTimestamp) + " header", kioskId);
        if (std::llabs(nowMs - *timestamp) > m_limits.maxClockSkewMs) {
            return error(401,
                         "stale timestamp: more than " + std::to_string(m_limits.maxClockSkewMs / 1000) +
                             " s from server time (see " + std::string(kHeaderServerTime) + ")",
                         kioskId);
        }
        const std::string nonce = header(kHeaderNonce);
        if (!isValidNonce(nonce))
            return error(401, "missing or malformed " + std::string(kHeaderNonce), kioskId);
        RequestToSign signedFields;
        signedFields.protocol = protocol;
        signedFields.kioskId = kioskId;
        signedFields.softwareVersion = software.version;
        signedFields.timestampMs = *timestamp;
        signedFields.nonce = nonce;
        signedFields.body = body;
        signedFields.query = query;
        if (auto st =
                verifySignature((*kiosk)->publicKey, signingInput(signedFields), header(kHeaderSignature));
            !st) {
            return error(401, "bad signature: " + st.error().message, kioskId);
        }

        // The body, now that we know who sent it.
        auto inflated = gunzip(body, m_limits.maxInflatedBytes);
        if (!inflated) {
            const bool tooBig = inflated.error().message.find("exceeds") != std::string::npos;
            return error(tooBig ? 413 : 400, inflated.error().message, kioskId);
        }
        BatchErrorKind kind = BatchErrorKind::Malformed;
        auto batch = parseBatchRequest(*inflated, m_limits, &kind);
        if (!batch) return error(httpStatusFor(kind), batch.error().message, kioskId);
        if (batch->kioskId != kioskId)
            return error(400, "batch kiosk_id differs from the signing kiosk", kioskId);
        if (batch->protocol != protocol) {
            return error(400,
                         "batch \"protocol\" " + std::to_string(batch->protocol) + " differs from " +
                             std::string(kHeaderProtocol) + " " + std::to_string(protocol),
                         kioskId);
        }

        // Per-record checks; the survivors go to the store in one transaction.
        std::vector<RecordResult> results(batch->records.size());
        std::vector<IngestRecord> valid;
        std::vector<size_t> validIndex;
        valid.reserve(batch->records.size());
        for (size_t i = 0; i < batch->records.size(); ++i) {
            IncomingRecord& in = batch->records[i];
            results[i] = {in.uuid, RecordStatus::Rejected, in.error};
            if (!in.error.empty()) continue;
            const analytics::Response& r = in.response;
            if (r.kioskId != kioskId) {
                results[i].reason = "record kiosk_id " + r.kioskId + " is not the signing kiosk";
            } else if (r.officeId != (*kiosk)->office) {
                results[i].reason =
                    "record office_id " + r.officeId + " is not the kiosk's office " + (*kiosk)->office;
            } else if (auto st = validateRecord(m_registry, r); !st) {
                results[i].reason = st.error().message;
            } else {
                // Redacted again here, before the hash: whatever the client did, no identifier is
                // stored, and a re-sent record redacts to the same bytes (still "duplicate").
                in.response.comment = analytics::redactComment(in.response.comment);
                IngestRecord rec;
                if (auto q = quarantineReason(r, (*kiosk)->enrolledAtMs, nowMs, m_limits.maxClockSkewMs)) {
                    rec.quarantineCode = std::move(q->code);
                    rec.quarantineMessage = std::move(q->message);
                }
                rec.instrument = m_registry.find(r.instrument, r.instrumentVersion);
                rec.canonical = encodeRecord(r);
                rec.hash = sha256Hex(rec.canonical);
                rec.response = std::move(in.response);
                valid.push_back(std::move(rec));
                validIndex.push_back(i);
            }
        }
        software.outboxPending = batch->outboxPending; // checked by parseBatchRequest, in the signed body
        auto outcome = m_store.ingest(kioskId, nonce, valid, nowMs, m_limits.maxClockSkewMs, software);
        if (!outcome) return error(503, "could not store the batch: " + outcome.error().message, kioskId);
        if (outcome->replayedNonce) return error(401, "nonce already used (replayed request)", kioskId);
        for (size_t j = 0; j < validIndex.size(); ++j)
            results[validIndex[j]] = std::move(outcome->results[j]);
        if (afterIngest) {
            IngestedBatch touched{kioskId, (*kiosk)->office, nowMs, {}, 0, 0};
            for (size_t j = 0; j < validIndex.size(); ++j) {
                const RecordStatus st = results[validIndex[j]].status;
                if (st == RecordStatus::Accepted) touched.accepted.push_back(&valid[j]);
            }
            for (const RecordResult& r : results) {
                if (r.status == RecordStatus::Conflict) ++touched.conflicts;
                if (r.status == RecordStatus::Rejected) ++touched.rejected;
            }
            afterIngest(touched);
        }

        // Answered in the request's version: a version-1 kiosk accepts only "protocol":1.
        BatchResponse response{protocol, batch->batchId, nowUtcMs(), std::move(results)};
        for (const RecordResult& r : response.results) m_metrics.countRecords(r.status, 1);
        return {200, "application/json", encodeBatchResponse(response), kioskId};
    }();
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    m_metrics.countBatch(reply.status, ms);
    if (reply.status == 200) m_metrics.countAcceptedBatch(protocol);
    return reply;
}

Result<analytics::Report> buildStoredReport(ReportStore& store, const analytics::InstrumentRegistry& registry,
                                            const ReportQuery& query, std::string_view instrumentId,
                                            int version, const analytics::Instrument** instrumentOut) {
    const std::string id = instrumentId.empty() ? std::string("servqual-ektp-18") : std::string(instrumentId);
    const analytics::Instrument* instrument = registry.find(id, version);
    if (!instrument) {
        return Error{"unknown instrument " + id + (version ? " v" + std::to_string(version) : std::string()) +
                     " (known: " + registry.describeAvailable() + ")"};
    }
    auto acc = store.reportAccumulator(query, *instrument);
    if (!acc) return acc.error();
    if (instrumentOut) *instrumentOut = instrument;
    return analytics::buildReport(*instrument, *acc);
}

ApiReply Api::handleReport(const HeaderLookup& header, const std::map<std::string, std::string>& params) {
    const std::string auth = header("Authorization");
    static constexpr std::string_view kBearer = "Bearer ";
    if (auth.size() <= kBearer.size() || auth.compare(0, kBearer.size(), kBearer) != 0) {
        return error(401, "send an API token as Authorization: Bearer <token>");
    }
    auto token = m_store.findToken(sha256Hex(auth.substr(kBearer.size())));
    if (!token) return error(503, "database unavailable: " + token.error().message);
    // Revoked and expired tokens get the answer unknown ones get: a caller learns nothing from it.
    if (!*token || !(*token)->activeAt(nowUtcMs())) return error(401, "unknown API token");

    auto param = [&](const char* key) {
        auto it = params.find(key);
        return it == params.end() ? std::string() : it->second;
    };
    ReportQuery query;
    query.office = param("office");
    if (!(*token)->office.empty()) {
        // Office-scoped tokens see only their office, and default to it.
        if (query.office.empty()) query.office = (*token)->office;
        if (query.office != (*token)->office)
            return error(403, "this token may only read office " + (*token)->office);
    }
    for (auto [key, out] : {std::pair{"from", &query.fromDay}, std::pair{"to", &query.toDay}}) {
        const std::string text = param(key);
        if (text.empty()) continue;
        auto day = analytics::parseDay(text);
        if (!day) return error(400, std::string(key) + ": " + day.error().message);
        *out = *day;
    }
    int version = 0;
    if (const std::string v = param("version"); !v.empty()) {
        auto parsed = parseDecimalInt64(v);
        if (!parsed || *parsed > 1000000) return error(400, "version must be a positive integer");
        version = static_cast<int>(*parsed);
    }
    const analytics::Instrument* instrument = nullptr;
    auto report = buildStoredReport(m_store, m_registry, query, param("instrument"), version, &instrument);
    if (!report) {
        const bool unknown = report.error().message.rfind("unknown instrument", 0) == 0;
        return error(unknown ? 400 : 503, report.error().message);
    }
    return {200, "application/json", analytics::reportToJson(*report, *instrument), {}};
}

ApiReply Api::handleHealth() {
    auto stats = m_store.findKiosk("-"); // a cheap read: proves the database answers
    if (!stats) return error(503, "database unavailable: " + stats.error().message);
    return {200, "application/json", R"({"status":"ok"})", {}};
}

ApiReply Api::handleMetrics(int64_t nowMs) {
    auto stats = m_store.stats();
    if (!stats) return error(503, "database unavailable: " + stats.error().message);
    return {200, "text/plain; version=0.0.4", m_metrics.render(*stats, nowMs, silentAfterMs), {}};
}

} // namespace suara::sync
