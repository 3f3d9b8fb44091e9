// Retry pacing for the sync client: full-jitter exponential backoff and the server clock offset.
//
// Both are pure and single-threaded so they can be tested without a network. Backoff follows
// DESIGN.md "Sync protocol": sleep = random(0, min(cap, base * 2^attempt)), reset on success.
// ClockOffset turns the server's X-Suara-Server-Time into a correction for the kiosk's clock, so a
// kiosk whose clock is wrong by hours still signs timestamps the server accepts. Neither knows curl.
#pragma once

#include "suara/base/time.h"

#include <cstdint>
#include <random>

namespace suara::sync {

class Backoff {
public:
    // base and cap in milliseconds; base >= 1, cap >= base.
    Backoff(int64_t baseMs, int64_t capMs, uint64_t seed);

    // The upper bound of the next sleep: min(cap, base * 2^attempt), overflow-safe.
    int64_t ceilingMs() const;
    // A uniformly random sleep in [0, ceilingMs()], then attempt += 1.
    int64_t nextDelayMs();
    // After a success: the next failure starts from base again.
    void reset() { m_attempt = 0; }
    int attempt() const { return m_attempt; }
    int64_t baseMs() const { return m_baseMs; }
    int64_t capMs() const { return m_capMs; }

private:
    int64_t m_baseMs;
    int64_t m_capMs;
    int m_attempt = 0;
    std::mt19937_64 m_rng;
};

// serverTime - localTime, estimated from one request/response round trip. The midpoint of the
// round trip is the best guess of when the server read its clock; the error is at most half the
// round trip, far below the 5-minute window the server allows.
class ClockOffset {
public:
    // Records one observation; returns the change of the offset in ms (new - old).
    int64_t observe(int64_t serverTimeMs, int64_t localSendMs, int64_t localReceiveMs);
    int64_t offsetMs() const { return m_offsetMs; }
    bool known() const { return m_known; }
    // The timestamp to sign: local time corrected by the offset.
    int64_t correct(int64_t localMs) const { return localMs + m_offsetMs; }

private:
    int64_t m_offsetMs = 0;
    bool m_known = false;
};

// The clock ClockOffset corrects is the system clock, suara::nowUtcMs (base/time.h).

} // namespace suara::sync
