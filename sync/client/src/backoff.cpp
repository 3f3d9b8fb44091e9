#include "suara/sync/backoff.h"

#include <cassert>

namespace suara::sync {

Backoff::Backoff(int64_t baseMs, int64_t capMs, uint64_t seed)
    : m_baseMs(baseMs), m_capMs(capMs), m_rng(seed) {
    assert(baseMs >= 1 && "Backoff: base must be at least 1 ms");
    assert(capMs >= baseMs && "Backoff: cap must not be below base");
}

int64_t Backoff::ceilingMs() const {
    // Doubling stops as soon as the cap is reached, so base * 2^attempt never overflows even after
    // thousands of failed attempts (a kiosk may be offline for weeks).
    int64_t ceiling = m_baseMs;
    for (int i = 0; i < m_attempt && ceiling < m_capMs; ++i) {
        ceiling *= 2;
    }
    return ceiling < m_capMs ? ceiling : m_capMs;
}

int64_t Backoff::nextDelayMs() {
    const int64_t ceiling = ceilingMs();
    std::uniform_int_distribution<int64_t> pick(0, ceiling);
    const int64_t delay = pick(m_rng);
    // The attempt counter only needs to grow until the cap is reached; bounding it keeps the
    // loop in ceilingMs() short.
    if (m_attempt < 62) {
        ++m_attempt;
    }
    return delay;
}

int64_t ClockOffset::observe(int64_t serverTimeMs, int64_t localSendMs, int64_t localReceiveMs) {
    assert(localReceiveMs >= localSendMs && "ClockOffset: receive before send");
    const int64_t midpoint = localSendMs + (localReceiveMs - localSendMs) / 2;
    const int64_t next = serverTimeMs - midpoint;
    const int64_t change = m_known ? next - m_offsetMs : next;
    m_offsetMs = next;
    m_known = true;
    return change;
}

} // namespace suara::sync
