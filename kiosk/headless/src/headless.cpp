#include "suara/kiosk/headless.h"

#include "suara/analytics/instrument.h"
#include "suara/analytics/simulate.h"
#include "suara/kiosk/store.h"
#include "suara/service/version.h"
#include "suara/sync/identity.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <ostream>
#include <thread>

namespace suara::kiosk {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// FNV-1a: mixes the kiosk id into the seed, so five kiosks run with the same --seed still make
// different uuids (a shared uuid would be a conflict on the server, not a test of sync).
uint64_t mixSeed(uint64_t seed, std::string_view kioskId) {
    uint64_t h = 1469598103934665603ULL ^ seed;
    for (char c : kioskId) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    return h == 0 ? 1 : h;
}

template <class T>
bool parseNumber(std::string_view text, T& out) {
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size();
}

std::string joinPins(const std::vector<std::string>& pins) {
    std::string out;
    for (const std::string& p : pins) {
        if (!out.empty()) {
            out += ';';
        }
        out += p;
    }
    return out;
}

} // namespace

Result<sync::ClientOptions> clientOptionsFromConfig(const KioskConfig& config) {
    if (!config.sync.configured()) {
        return Error{"sync is not configured: set server_url in the [sync] table of " +
                     (config.sourcePath.empty() ? std::string("the config") : config.sourcePath.string())};
    }
    sync::ClientOptions o;
    o.kioskId = config.kioskId;
    o.softwareVersion = std::string(service::version());
    o.transport.serverUrl = config.sync.serverUrl;
    o.transport.caFile = config.sync.caFile.string();
    o.transport.pinnedPublicKey = joinPins(config.sync.pinnedPublicKeys);
    o.transport.requestTimeoutMs = config.sync.timeoutMs;
    o.transport.connectTimeoutMs = std::min<int64_t>(config.sync.timeoutMs, 5000);
    o.batchMaxRecords = static_cast<size_t>(config.sync.batchMaxRecords);
    o.batchMaxBytes = static_cast<size_t>(config.sync.batchMaxBytes);
    o.backoffBaseMs = config.sync.backoffBaseMs;
    o.backoffCapMs = config.sync.backoffCapMs;
    // Probing more often than the cap makes sense only when the cap is long; never probe faster
    // than once a second.
    o.probeIntervalMs = std::clamp<int64_t>(config.sync.backoffCapMs / 4, 1000, 15000);
    return o;
}

int printPublicKey(const KioskConfig& config, std::ostream& out, std::ostream& err) {
    Result<sync::KioskIdentity> identity = sync::KioskIdentity::loadOrCreate(config.dataDir);
    if (!identity) {
        err << "suara-kiosk: " << identity.error().message << "\n";
        return 2;
    }
    out << identity->publicKeyBase64() << "\n";
    return 0;
}

int runHeadlessSimulate(const KioskConfig& config, const HeadlessSimulateOptions& options,
                        std::ostream& log) {
    // Phase 1: everything the kiosk needs before it can store or send, exactly as the GUI does.
    Result<analytics::InstrumentRegistry> registry = analytics::loadDefaultInstruments();
    if (!registry) {
        log << "simulate: " << registry.error().message << "\n";
        return 2;
    }
    const analytics::Instrument* instrument = registry->find(config.instrument, config.instrumentVersion);
    if (instrument == nullptr) {
        log << "simulate: instrument " << config.instrument << " is not installed (have "
            << registry->describeAvailable() << ")\n";
        return 2;
    }
    Result<sync::ClientOptions> clientOptions = clientOptionsFromConfig(config);
    if (!clientOptions) {
        log << "simulate: " << clientOptions.error().message << "\n";
        return 2;
    }
    clientOptions->localClockSkewMs = options.localClockSkewMs;
    clientOptions->seed = mixSeed(options.seed, config.kioskId) | 1;
    Result<std::unique_ptr<Store>> store = Store::open(config.databasePath());
    if (!store) {
        log << "simulate: " << store.error().message << "\n";
        return 2;
    }
    Result<sync::KioskIdentity> identity = sync::KioskIdentity::loadOrCreate(config.dataDir);
    if (!identity) {
        log << "simulate: " << identity.error().message << "\n";
        return 2;
    }
    Result<std::unique_ptr<sync::SyncClient>> client =
        sync::SyncClient::create(*clientOptions, **store, std::move(*identity));
    if (!client) {
        log << "simulate: " << client.error().message << "\n";
        return 2;
    }

    // Phase 2: the sync worker runs while responses are stored, as on a busy kiosk.
    sync::SyncClient& sync = **client;
    if (!options.storeFirst) {
        sync.start();
    }
    const Clock::time_point t0 = Clock::now();
    analytics::SimulateOptions simOptions;
    simOptions.responses = options.count;
    simOptions.seed = mixSeed(options.seed, config.kioskId);
    simOptions.utcOffsetMinutes = config.utcOffsetMinutes;
    simOptions.kioskId = config.kioskId;
    simOptions.officeId = config.officeId;
    analytics::Simulator simulator(*instrument, simOptions);
    for (uint64_t i = 0; i < options.count; ++i) {
        analytics::Response r = simulator.next();
        r.kioskId = config.kioskId;
        r.officeId = config.officeId;
        r.lang = analytics::langCode(config.language);
        if (!config.services.empty()) {
            r.service = config.services.front();
        }
        if (Status stored = (*store)->submit(r); !stored) {
            log << "simulate: response " << i + 1 << " could not be stored: " << stored.error().message
                << "\n";
            sync.stop();
            return 2;
        }
        if (!options.storeFirst && ((i + 1) % 100 == 0 || i + 1 == options.count)) {
            sync.wake(); // what the GUI does after each submit; batching makes 100 at a time cheaper
        }
    }
    const Clock::time_point tStored = Clock::now();
    if (options.storeFirst) {
        sync.start();
    }
    sync.wake();
    log << "simulate: " << options.count << " responses stored in " << secondsSince(t0) << " s; syncing to "
        << clientOptions->transport.serverUrl << "\n";

    // Phase 3: wait until the outbox is empty, or give up.
    const auto deadline =
        t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.syncTimeoutS));
    Clock::time_point lastReport = Clock::now();
    sync::OutboxCounts counts;
    for (;;) {
        Result<sync::OutboxCounts> now = (*store)->counts();
        if (now) {
            counts = *now;
            if (counts.pending == 0) {
                break;
            }
        }
        if (Clock::now() >= deadline) {
            const sync::SyncStatus st = sync.status();
            sync.stop();
            log << "simulate: sync timed out after " << options.syncTimeoutS << " s with " << counts.pending
                << " response(s) pending; last error: " << (st.lastError.empty() ? "none" : st.lastError)
                << "\n";
            return 1;
        }
        if (Clock::now() - lastReport > std::chrono::seconds(5)) {
            const sync::SyncStatus st = sync.status();
            log << "simulate: " << counts.pending << " pending, " << counts.synced << " synced"
                << (st.lastError.empty() ? "" : "; last error: " + st.lastError) << "\n";
            lastReport = Clock::now();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    sync.stop();

    // Phase 4: the result, in one line a script can read.
    const sync::SyncStatus st = sync.status();
    log << "simulate: done in " << secondsSince(t0) << " s (" << secondsSince(tStored)
        << " s after the last store): synced " << counts.synced << ", conflicts " << counts.conflicts
        << ", rejected " << counts.rejected << "; this run: " << st.batchesAcknowledged
        << " batches, accepted " << st.recordsAccepted << ", duplicate " << st.recordsDuplicate
        << ", failures " << st.failures << ", json bytes acknowledged " << st.jsonBytesAcknowledged
        << ", body bytes sent " << st.bodyBytesSent << ", header bytes sent " << st.headerBytesSent
        << ", clock offset " << st.clockOffsetMs << " ms\n";
    if (counts.conflicts > 0 || counts.rejected > 0) {
        log << "simulate: warning: " << counts.conflicts << " conflict(s) and " << counts.rejected
            << " rejected record(s) are kept for the supervisor\n";
    }
    return 0;
}

Result<HeadlessArgs> parseHeadlessArgs(const std::vector<std::string_view>& args) {
    HeadlessArgs out;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string_view a = args[i];
        const bool hasValue = i + 1 < args.size();
        if (a == "public-key") {
            out.command = HeadlessCommand::PublicKey;
        } else if (a == "--simulate") {
            if (!hasValue || !parseNumber(args[i + 1], out.simulate.count) || out.simulate.count == 0) {
                return Error{"--simulate needs a positive number of responses"};
            }
            out.command = HeadlessCommand::Simulate;
            ++i;
        } else if (a == "--seed") {
            if (!hasValue || !parseNumber(args[i + 1], out.simulate.seed)) {
                return Error{"--seed needs a non-negative integer"};
            }
            ++i;
        } else if (a == "--sync-timeout") {
            double s = 0;
            if (!hasValue || !parseNumber(args[i + 1], s) || !(s > 0) || !std::isfinite(s)) {
                return Error{"--sync-timeout needs a positive number of seconds"};
            }
            out.simulate.syncTimeoutS = s;
            ++i;
        } else if (a == "--store-first") {
            out.simulate.storeFirst = true;
        } else if (a == "--clock-skew-ms") {
            if (!hasValue || !parseNumber(args[i + 1], out.simulate.localClockSkewMs)) {
                return Error{"--clock-skew-ms needs an integer"};
            }
            ++i;
        }
        // Other arguments belong to the GUI (--windowed, ...); they are not ours to judge.
    }
    return out;
}

} // namespace suara::kiosk
