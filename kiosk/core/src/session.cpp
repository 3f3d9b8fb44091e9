// The survey session state machine (see session.h).
#include "suara/kiosk/session.h"

#include "suara/analytics/redact.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

namespace suara::kiosk {

using analytics::kMaxCommentChars;
using analytics::redactComment;
using analytics::truncateUtf8;
using analytics::utf8Length;

const char* sessionStateCode(SessionState s) {
    switch (s) {
    case SessionState::Attract: return "attract";
    case SessionState::Service: return "service";
    case SessionState::Profile: return "profile";
    case SessionState::Items: return "items";
    case SessionState::Comment: return "comment";
    case SessionState::Submitting: return "submitting";
    case SessionState::SubmitFailed: return "submit_failed";
    case SessionState::Thanks: return "thanks";
    case SessionState::StillThere: return "still_there";
    }
    return "unknown";
}

SessionOptions SessionOptions::fromConfig(const KioskConfig& config) {
    SessionOptions o;
    o.kioskId = config.kioskId;
    o.officeId = config.officeId;
    o.utcOffsetMinutes = config.utcOffsetMinutes;
    o.language = config.language;
    o.askProfile = config.askProfile;
    o.idlePromptMs = int64_t{config.idlePromptS} * 1000;
    o.idleResetMs = int64_t{config.idleResetS} * 1000;
    o.cooldownMs = int64_t{config.cooldownS} * 1000;
    o.thanksMs = int64_t{config.thanksS} * 1000;
    o.autoAdvanceMs = config.autoAdvanceMs;
    o.armedMode = config.armedMode;
    o.services = config.services;
    return o;
}

std::string newUuidV4() {
    std::array<uint8_t, 16> b{};
    size_t got = 0;
    while (got < b.size()) {
        ssize_t n = getrandom(b.data() + got, b.size() - got, 0);
        if (n < 0 && errno == EINTR) continue;
        // getrandom only fails on kernels older than 3.17 or with a bad pointer: a broken system.
        assert(n > 0 && "getrandom(2) failed: no kernel randomness for uuids");
        got += static_cast<size_t>(n);
    }
    b[6] = static_cast<uint8_t>((b[6] & 0x0F) | 0x40); // version 4
    b[8] = static_cast<uint8_t>((b[8] & 0x3F) | 0x80); // RFC 4122 variant
    char out[37];
    std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                  b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
                  b[14], b[15]);
    return out;
}

Session::Session(const analytics::Instrument& instrument, SessionOptions options)
    : m_instrument(&instrument), m_options(std::move(options)), m_lang(m_options.language) {
    assert(!m_options.services.empty() && "SessionOptions::services needs at least one service");
    assert(instrument.itemCount() > 0 && "an instrument without items cannot be asked");
    reset();
}

void Session::reset() {
    m_state = SessionState::Attract;
    m_interrupted = SessionState::Attract;
    m_lang = m_options.language;
    m_uuid.clear();
    m_startedAtMs = 0;
    m_item = 0;
    m_itemReached = -1;
    m_itemWasComplete = false;
    m_advanceAtMs = -1;
    m_expectation.assign(m_instrument->paired ? m_instrument->itemCount() : 0, 0);
    m_perception.assign(m_instrument->itemCount(), 0);
    m_profile = {};
    m_service = m_options.services.front();
    m_serviceChosen = false;
    m_comment.clear();
    m_lastError.clear();
}

bool Session::inSurvey() const {
    return m_state == SessionState::Service || m_state == SessionState::Profile ||
           m_state == SessionState::Items || m_state == SessionState::Comment ||
           m_state == SessionState::SubmitFailed;
}

size_t Session::index(analytics::Scale scale, int item) const {
    assert(item >= 0 && item < itemCount() && "item index out of range");
    assert((scale == analytics::Scale::Perception || m_instrument->paired) &&
           "expectation asked of a single-scale instrument");
    (void)scale;
    return static_cast<size_t>(item);
}

int Session::answer(analytics::Scale scale, int item) const {
    size_t i = index(scale, item);
    return scale == analytics::Scale::Expectation ? m_expectation[i] : m_perception[i];
}

bool Session::itemComplete(int item) const {
    size_t i = index(analytics::Scale::Perception, item);
    return m_perception[i] != 0 && (!m_instrument->paired || m_expectation[i] != 0);
}

bool Session::canAdvance() const {
    switch (m_state) {
    case SessionState::Profile: return true;
    case SessionState::Items: return itemComplete(m_item);
    case SessionState::Thanks: return true;
    default: return false;
    }
}

int64_t Session::autoAdvanceRemainingMs(int64_t nowMs) const {
    if (m_state != SessionState::Items || m_advanceAtMs < 0) return -1;
    return std::max<int64_t>(0, m_advanceAtMs - nowMs);
}

int64_t Session::cooldownRemainingMs(int64_t nowMs) const {
    if (m_submittedAtMs < 0) return 0;
    return std::max<int64_t>(0, m_submittedAtMs + m_options.cooldownMs - nowMs);
}

bool Session::canStart(int64_t nowMs) const {
    return m_state == SessionState::Attract && cooldownRemainingMs(nowMs) == 0 && !waitingForArm();
}

int64_t Session::thanksRemainingMs(int64_t nowMs) const {
    if (m_state != SessionState::Thanks) return 0;
    return std::max<int64_t>(0, m_submittedAtMs + m_options.thanksMs - nowMs);
}

int64_t Session::resetRemainingMs(int64_t nowMs) const {
    if (m_state != SessionState::StillThere) return 0;
    return std::max<int64_t>(0, m_lastActivityMs + m_options.idlePromptMs + m_options.idleResetMs - nowMs);
}

void Session::activity(int64_t nowMs) {
    m_lastActivityMs = std::max(m_lastActivityMs, nowMs);
}

bool Session::start(int64_t nowMs) {
    if (!canStart(nowMs)) return false;
    analytics::Lang chosen = m_lang; // the attract screen's language toggle carries into the survey
    reset();
    m_lang = chosen;
    m_uuid = newUuidV4();
    m_startedAtMs = nowMs;
    m_lastActivityMs = nowMs;
    if (asksService())
        m_state = SessionState::Service;
    else
        enterAfterService(nowMs);
    return true;
}

void Session::enter(SessionState state, int64_t nowMs) {
    m_state = state;
    m_advanceAtMs = -1;
    activity(nowMs);
}

void Session::enterAfterService(int64_t nowMs) {
    if (m_options.askProfile)
        enter(SessionState::Profile, nowMs);
    else
        enterItems(0, nowMs);
}

void Session::arm() {
    m_armed = true;
}

void Session::setLanguage(analytics::Lang lang, int64_t nowMs) {
    m_lang = lang;
    m_advanceAtMs = -1; // the texts changed under the citizen: let them read before moving on
    if (inSurvey()) activity(nowMs);
}

void Session::toggleLanguage(int64_t nowMs) {
    setLanguage(m_lang == analytics::Lang::Id ? analytics::Lang::En : analytics::Lang::Id, nowMs);
}

void Session::setProfile(analytics::ProfileField field, std::string code, int64_t nowMs) {
    if (m_state != SessionState::Profile) return;
    assert((code.empty() || analytics::profileOptionIndex(field, code) >= 0) &&
           "unknown profile option code");
    m_profile[field] = std::move(code);
    activity(nowMs);
}

void Session::setService(std::string code, int64_t nowMs) {
    assert(std::find(m_options.services.begin(), m_options.services.end(), code) !=
               m_options.services.end() &&
           "service is not in SessionOptions::services");
    m_service = std::move(code);
    m_serviceChosen = true;
    if (m_state == SessionState::Service)
        enterAfterService(nowMs);
    else if (inSurvey())
        activity(nowMs);
}

void Session::answer(analytics::Scale scale, int item, int score, int64_t nowMs) {
    if (m_state != SessionState::Items) return;
    assert(score >= 0 && score <= m_instrument->points && "score outside the instrument's scale");
    size_t i = index(scale, item);
    (scale == analytics::Scale::Expectation ? m_expectation : m_perception)[i] = static_cast<uint8_t>(score);
    activity(nowMs);
    if (item != m_item || m_itemWasComplete || m_options.autoAdvanceMs <= 0) return;
    m_advanceAtMs = itemComplete(item) ? nowMs + m_options.autoAdvanceMs : -1;
}

void Session::setComment(std::string text, int64_t nowMs) {
    if (m_state != SessionState::Comment) return;
    m_comment = utf8Length(text) > kMaxCommentChars ? truncateUtf8(text, kMaxCommentChars) : std::move(text);
    activity(nowMs);
}

void Session::enterItems(int item, int64_t nowMs) {
    m_state = SessionState::Items;
    m_item = item;
    m_itemReached = std::max(m_itemReached, item);
    m_itemWasComplete = itemComplete(item);
    m_advanceAtMs = -1;
    activity(nowMs);
}

bool Session::next(int64_t nowMs) {
    switch (m_state) {
    case SessionState::Profile: enterItems(0, nowMs); return true;
    case SessionState::Items:
        if (!itemComplete(m_item)) return false;
        if (m_item + 1 < itemCount()) {
            enterItems(m_item + 1, nowMs);
        } else {
            m_state = SessionState::Comment;
            m_advanceAtMs = -1;
            activity(nowMs);
        }
        return true;
    case SessionState::Thanks: reset(); return true;
    default: return false;
    }
}

bool Session::back(int64_t nowMs) {
    switch (m_state) {
    case SessionState::Service: abandon(nowMs, "cancelled"); return true;
    case SessionState::Profile:
        if (asksService())
            enter(SessionState::Service, nowMs);
        else
            abandon(nowMs, "cancelled");
        return true;
    case SessionState::Items:
        if (m_item > 0)
            enterItems(m_item - 1, nowMs);
        else if (m_options.askProfile)
            enter(SessionState::Profile, nowMs);
        else if (asksService())
            enter(SessionState::Service, nowMs);
        else
            abandon(nowMs, "cancelled");
        return true;
    case SessionState::Comment: enterItems(itemCount() - 1, nowMs); return true;
    case SessionState::SubmitFailed:
        m_state = SessionState::Comment;
        activity(nowMs);
        return true;
    default: return false;
    }
}

void Session::touch(int64_t nowMs) {
    if (m_state == SessionState::StillThere) return continueSession(nowMs);
    if (inSurvey()) activity(nowMs);
}

void Session::continueSession(int64_t nowMs) {
    if (m_state != SessionState::StillThere) return;
    m_state = m_interrupted;
    activity(nowMs);
}

Result<analytics::Response> Session::beginSubmit(int64_t nowMs) {
    if (m_state != SessionState::Comment && m_state != SessionState::SubmitFailed)
        return Error{std::string("cannot submit from the ") + sessionStateCode(m_state) + " screen"};
    analytics::Response r;
    r.uuid = m_uuid;
    r.kioskId = m_options.kioskId;
    r.officeId = m_options.officeId;
    r.instrument = m_instrument->id;
    r.instrumentVersion = m_instrument->version;
    r.startedAtMs = m_startedAtMs;
    r.submittedAtMs = std::max(nowMs, m_startedAtMs);
    r.utcOffsetMinutes = m_options.utcOffsetMinutes;
    r.service = m_service;
    r.lang = analytics::langCode(m_lang);
    r.expectation = m_expectation;
    r.perception = m_perception;
    r.profile = m_profile;
    r.comment = redactComment(truncateUtf8(m_comment, kMaxCommentChars));
    r.durationMs = r.submittedAtMs - r.startedAtMs;
    r.flags = analytics::qualityFlags(*m_instrument, r);
    if (Status valid = analytics::validateResponse(*m_instrument, r); !valid) return valid.error();
    m_state = SessionState::Submitting;
    return r;
}

void Session::completeSubmit(const Status& stored, int64_t nowMs) {
    assert(m_state == SessionState::Submitting && "completeSubmit without beginSubmit");
    if (stored) {
        m_state = SessionState::Thanks;
        m_submittedAtMs = nowMs;
        m_armed = false; // one arm, at most one response
        m_lastError.clear();
    } else {
        m_state = SessionState::SubmitFailed;
        m_lastError = stored.error().message;
        activity(nowMs);
    }
}

Status Session::submit(int64_t nowMs, const std::function<Status(analytics::Response&)>& commit) {
    auto response = beginSubmit(nowMs);
    if (!response) return response.error();
    Status stored = commit(*response);
    completeSubmit(stored, nowMs);
    return stored;
}

void Session::abandon(int64_t nowMs, std::string reason) {
    Abandonment a;
    a.sessionUuid = m_uuid;
    a.kioskId = m_options.kioskId;
    a.officeId = m_options.officeId;
    a.instrument = m_instrument->id;
    a.instrumentVersion = m_instrument->version;
    a.startedAtMs = m_startedAtMs;
    a.abandonedAtMs = nowMs;
    a.utcOffsetMinutes = m_options.utcOffsetMinutes;
    a.state = sessionStateCode(screen());
    a.itemReached = m_itemReached;
    for (int i = 0; i < itemCount(); ++i) a.itemsAnswered += itemComplete(i) ? 1 : 0;
    a.reason = std::move(reason);
    a.lang = analytics::langCode(m_lang);
    m_abandonments.push_back(std::move(a));
    reset();
}

void Session::tick(int64_t nowMs) {
    if (m_state == SessionState::Items && m_advanceAtMs >= 0 && nowMs >= m_advanceAtMs) next(m_advanceAtMs);
    if (inSurvey() && nowMs - m_lastActivityMs >= m_options.idlePromptMs) {
        m_advanceAtMs = -1;
        m_interrupted = m_state;
        m_state = SessionState::StillThere;
        m_promptedAtMs = m_lastActivityMs + m_options.idlePromptMs;
    }
    if (m_state == SessionState::StillThere && nowMs >= m_promptedAtMs + m_options.idleResetMs) {
        abandon(nowMs, "idle");
        return;
    }
    if (m_state == SessionState::Thanks && nowMs >= m_submittedAtMs + m_options.thanksMs) reset();
}

int64_t Session::msUntilNextDeadline(int64_t nowMs) const {
    if (const int64_t advance = autoAdvanceRemainingMs(nowMs); advance >= 0)
        return std::min(advance, std::max<int64_t>(0, m_lastActivityMs + m_options.idlePromptMs - nowMs));
    if (inSurvey()) return std::max<int64_t>(0, m_lastActivityMs + m_options.idlePromptMs - nowMs);
    if (m_state == SessionState::StillThere)
        return std::max<int64_t>(0, m_promptedAtMs + m_options.idleResetMs - nowMs);
    if (m_state == SessionState::Thanks) return thanksRemainingMs(nowMs);
    if (m_state == SessionState::Attract && cooldownRemainingMs(nowMs) > 0) return cooldownRemainingMs(nowMs);
    return -1;
}

std::vector<Abandonment> Session::takeAbandonments() {
    std::vector<Abandonment> out;
    out.swap(m_abandonments);
    return out;
}

} // namespace suara::kiosk
