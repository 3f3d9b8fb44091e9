// [SECTION] construction, fonts, pacing
// [SECTION] per frame: results from workers, timers, dispatch
// [SECTION] citizen flow
// [SECTION] supervisor: PIN, summary, export, exit
#include "ui/kiosk_ui.h"

#include "suara/kiosk/blocking.h"
#include "suara/present/catalogue.h"
#include "suara/present/format.h"
#include "ui/apology_screen.h"
#include "ui/item_screen.h"
#include "ui/probe.h"
#include "ui/service_screen.h"
#include "ui/still_there_screen.h"
#include "ui/thanks_screen.h"

#include <algorithm>
#include <cstdio>
#include <system_error>

namespace suara::kiosk {

using present::Label;

// [SECTION] construction, fonts, pacing

KioskUi::KioskUi(KioskUiDeps deps)
    : m_deps(std::move(deps)), m_session(*m_deps.session), m_store(*m_deps.store), m_fonts(m_deps.fontDir),
      m_tasks(m_deps.wake),
      m_summaryWorker(*m_deps.store, *m_deps.instrument, m_deps.config->utcOffsetMinutes),
      m_comment(m_deps.config->complaintUrl) {
    IM_ASSERT(m_deps.config && m_deps.instrument && m_deps.store && m_deps.session &&
              "KioskUi needs all its deps");
    m_theme.speaker = m_deps.config->speakPrompts != SpeakPrompts::Off;
}

KioskUi::~KioskUi() {
    m_tasks.drain();
}

Result<bool> KioskUi::prepare(ImVec2 display) {
    m_theme.display = display;
    m_theme.portrait = display.y > display.x;
    m_theme.unit = layoutUnit(display);
    auto rebuilt = m_fonts.ensure(*ImGui::GetIO().Fonts, m_theme.unit, m_theme.fonts);
    if (!rebuilt) return rebuilt.error();
    if (*rebuilt) applyStyle(ImGui::GetStyle(), m_theme.unit);
    return *rebuilt;
}

int64_t KioskUi::msUntilNextFrame(int64_t nowMs) const {
    int64_t wait = m_session.msUntilNextDeadline(nowMs);
    auto sooner = [&wait](int64_t ms) { wait = wait < 0 ? ms : std::min(wait, ms); };
    // A visible countdown ticks once a second; wake right after the next whole second.
    auto secondTick = [](int64_t remaining) { return remaining % 1000 + 1; };
    if (m_mode == Mode::Citizen) {
        if (m_session.state() == SessionState::Thanks) sooner(secondTick(m_session.thanksRemainingMs(nowMs)));
        if (m_session.state() == SessionState::StillThere)
            sooner(secondTick(m_session.resetRemainingMs(nowMs)));
        if (m_session.state() == SessionState::Attract && m_session.cooldownRemainingMs(nowMs) > 0)
            sooner(m_session.cooldownRemainingMs(nowMs));
        if (m_corner.held()) sooner(50); // the long-press ring grows while nothing moves
        if (m_session.autoAdvanceRemainingMs(nowMs) >= 0) sooner(33); // the confirmation bar fills
    } else {
        sooner(std::max<int64_t>(0, m_lastInputMs + kSupervisorIdleMs - nowMs));
        if (m_lockedUntilMs > nowMs) sooner(secondTick(m_lockedUntilMs - nowMs));
    }
    // Workers wake the loop themselves; polling is only the safety net.
    if (m_submitBox || m_pinStatusBox || m_pinBox || m_targetsBox || m_exportBox || m_redactBox ||
        m_summaryWorker.busy())
        sooner(100);
    // The daily retention run needs a frame even on an idle kiosk.
    if (m_deps.config->commentRetentionDays > 0) sooner(std::max<int64_t>(0, m_nextRetentionMs - nowMs));
    return wait;
}

// [SECTION] per frame

void KioskUi::frame(int64_t nowMs) {
    IM_ASSERT(m_theme.fonts.body && "prepare() must run before the first frame");
    // Nothing in a frame may wait on the disk: store calls and directory listings go through the
    // TaskQueue, and this scope makes any that does not a failure (blocking.h).
    const ScopedDisallowBlocking frameScope;
    m_lastFrameMs = nowMs;
    if (UiProbe* probe = uiProbe())
        probe->items.clear(), probe->detail.clear(), probe->texts.clear(), probe->textSizes.clear(),
            probe->textColors.clear(), probe->selected.clear(), probe->state.clear();
    const ImGuiIO& io = ImGui::GetIO();
    if (io.MouseDown[0] || io.MouseClicked[0]) m_lastInputMs = nowMs;

    collectResults(nowMs);
    runRetention(nowMs);
    m_session.tick(nowMs);
    storeAbandonments();

    if (m_mode != Mode::Citizen && nowMs - m_lastInputMs >= kSupervisorIdleMs)
        leaveSupervisor(nowMs, "timeout");

    switch (m_mode) {
    case Mode::Citizen: drawCitizen(nowMs); break;
    case Mode::Pin: drawPin(nowMs); break;
    case Mode::Supervisor: drawSupervisor(nowMs); break;
    case Mode::Export: drawExport(nowMs); break;
    case Mode::ConfirmExit: drawConfirmExit(nowMs); break;
    }
}

void KioskUi::collectResults(int64_t nowMs) {
    if (m_submitBox) {
        if (auto stored = m_submitBox->take()) {
            m_submitBox.reset();
            if (!*stored)
                std::fprintf(stderr, "suara-kiosk: submit failed: %s\n", stored->error().message.c_str());
            else if (m_deps.onStored)
                m_deps.onStored();
            m_session.completeSubmit(*stored, nowMs);
        }
    }
    if (m_pinStatusBox) {
        if (auto status = m_pinStatusBox->take()) {
            m_pinStatusBox.reset();
            if (*status && m_mode == Mode::Pin) {
                m_lockedUntilMs = (*status)->lockedUntilMs;
                if ((*status)->outcome == PinOutcome::NotSet)
                    m_pinView.message = tr(Label::PinNotSet, m_session.language());
            }
        }
    }
    if (m_pinBox) {
        if (auto verdict = m_pinBox->take()) {
            m_pinBox.reset();
            m_pinView.checking = false;
            if (!*verdict) {
                m_pinView.message = verdict->error().message;
            } else {
                m_lockedUntilMs = (*verdict)->lockedUntilMs;
                switch ((*verdict)->outcome) {
                case PinOutcome::Ok:
                    if (m_mode != Mode::Pin) break; // cancelled while the hash was being checked
                    m_mode = Mode::Supervisor;
                    m_summary.reset();
                    requestSummary(m_supervisor.open(todayLocal(nowMs, m_deps.config->utcOffsetMinutes)));
                    break;
                case PinOutcome::Wrong: m_pinView.message = tr(Label::PinWrong, m_session.language()); break;
                case PinOutcome::LockedOut: m_pinView.message.clear(); break;
                case PinOutcome::NotSet:
                    m_pinView.message = tr(Label::PinNotSet, m_session.language());
                    break;
                }
            }
        }
    }
    if (auto result = m_summaryWorker.poll()) {
        if (*result) {
            m_summary = std::move(**result);
            m_summaryError.clear();
        } else {
            m_summary.reset();
            m_summaryError = result->error().message;
        }
    }
    if (m_redactBox) {
        if (auto result = m_redactBox->take()) {
            m_redactBox.reset();
            const analytics::Lang lang = m_session.language();
            m_redactOk = result->ok();
            if (!*result)
                m_redactMessage = present::fill(Label::SupRedactFailed, lang, {result->error().message});
            else if ((*result)->syncState == SyncState::Pending)
                m_redactMessage = tr(Label::SupRedactDone, lang);
            else // the server has the original: say who can remove it there, and which one
                m_redactMessage = present::fill(Label::SupRedactSynced, lang, {m_redactUuid});
            if (m_mode == Mode::Supervisor) m_summaryWorker.request(m_supervisor.shown()); // the list anew
        }
    }
    if (m_targetsBox) {
        if (auto targets = m_targetsBox->take()) {
            m_targetsBox.reset();
            m_exportView.targets = std::move(*targets);
            m_exportView.listing = false;
        }
    }
    if (m_exportBox) {
        if (auto result = m_exportBox->take()) {
            m_exportBox.reset();
            m_exportView.running = false;
            m_exportView.resultOk = result->ok();
            if (*result) {
                m_exportView.result = present::fill(Label::ExportDone, m_session.language(),
                                                    {present::count((*result)->rows, m_session.language())});
                for (const auto& p : {(*result)->csvPath, (*result)->xlsxPath})
                    if (!p.empty()) m_exportView.result += "  " + p.filename().string();
            } else {
                m_exportView.result = std::string(tr(Label::ExportFailed, m_session.language())) + ": " +
                                      result->error().message;
            }
        }
    }
}

void KioskUi::storeAbandonments() {
    for (Abandonment& a : m_session.takeAbandonments()) {
        m_tasks.post([store = &m_store, a = std::move(a)] {
            if (Status s = store->recordAbandonment(a); !s)
                std::fprintf(stderr, "suara-kiosk: abandonment not stored: %s\n", s.error().message.c_str());
        });
    }
}

// [SECTION] citizen flow

void KioskUi::drawCitizen(int64_t nowMs) {
    const SessionState state = m_session.state();
    if (state != m_lastState) {
        // Screens keep a little state of their own (profile page, keyboard); a new visit starts fresh.
        if (state == SessionState::Profile &&
            (m_lastState == SessionState::Attract || m_lastState == SessionState::Service))
            m_profile.reset();
        if (state == SessionState::Comment && m_lastState == SessionState::Items) m_comment.reset();
        if (state != SessionState::Attract) m_corner = {};
        if (state != SessionState::Items) m_spokenItem = -1;
        // A new screen does not go on reading the last one.
        if (m_deps.speech) m_deps.speech->stop();
        m_lastState = state;
    }
    const analytics::Lang lang = m_session.language();
    switch (state) {
    case SessionState::Attract: {
        AttractView view;
        view.officeName = m_deps.config->officeName;
        view.lang = lang;
        view.waitingForArm = m_session.waitingForArm();
        view.cooldownMs = m_session.cooldownRemainingMs(nowMs);
        probeState("cooldown", view.cooldownMs > 0 ? "yes" : "no");
        view.nowMs = nowMs;
        view.corner = &m_corner;
        const AttractAction a = drawAttractScreen(view, m_theme);
        if (a.speak) speak(view.waitingForArm ? PromptScreen::WaitForOfficer : PromptScreen::Attract, 0);
        if (a.toggleLanguage) m_session.toggleLanguage(nowMs);
        if (a.openSupervisor)
            openPin(nowMs);
        else if (a.start)
            m_session.start(nowMs);
        break;
    }
    case SessionState::Service: {
        ServiceView view;
        view.services = &m_deps.config->services;
        view.selected = m_session.serviceChosen() ? m_session.service() : std::string();
        view.lang = lang;
        const ServiceAction a = drawServiceScreen(view, m_theme);
        if (a.speak) speak(PromptScreen::Service, 0);
        if (!a.code.empty())
            m_session.setService(a.code, nowMs);
        else if (a.back)
            m_session.back(nowMs);
        break;
    }
    case SessionState::Profile: {
        const ProfileAction a = m_profile.draw(m_session.profile(), lang, m_theme);
        switch (a.kind) {
        case ProfileAction::Kind::None: break;
        case ProfileAction::Kind::Set: m_session.setProfile(a.field, a.code, nowMs); break;
        case ProfileAction::Kind::Skip:
            for (analytics::ProfileField f : analytics::kProfileFields) m_session.setProfile(f, "", nowMs);
            m_session.next(nowMs);
            break;
        case ProfileAction::Kind::Back: m_session.back(nowMs); break;
        case ProfileAction::Kind::Done: break;
        case ProfileAction::Kind::Speak: speak(PromptScreen::Profile, m_profile.page()); break;
        }
        if (m_profile.done()) {
            m_profile.reset();
            m_session.next(nowMs);
        }
        break;
    }
    case SessionState::Items: {
        if (m_deps.config->speakPrompts == SpeakPrompts::Auto &&
            (m_session.currentItem() != m_spokenItem || lang != m_spokenLang)) {
            m_spokenItem = m_session.currentItem(), m_spokenLang = lang;
            speak(PromptScreen::Item, m_spokenItem);
        }
        const ItemAction a = drawItemScreen(m_session, nowMs, m_theme);
        if (UiProbe* probe = uiProbe()) probe->detail = "item=" + std::to_string(m_session.currentItem());
        switch (a.kind) {
        case ItemAction::Kind::None: break;
        case ItemAction::Kind::Answer:
            m_session.answer(a.scale, m_session.currentItem(), a.score, nowMs);
            break;
        case ItemAction::Kind::Next: m_session.next(nowMs); break;
        case ItemAction::Kind::Back: m_session.back(nowMs); break;
        case ItemAction::Kind::Speak: speak(PromptScreen::Item, m_session.currentItem()); break;
        }
        // After this frame's answer: the frame that took it already says whether it moves on.
        probeState("advance", m_session.autoAdvanceRemainingMs(nowMs) >= 0 ? "pending" : "none");
        break;
    }
    case SessionState::Comment: {
        const CommentAction a = m_comment.draw(m_session, m_theme);
        switch (a.kind) {
        case CommentAction::Kind::None: break;
        case CommentAction::Kind::Edit: m_session.setComment(a.text, nowMs); break;
        case CommentAction::Kind::Back: m_session.back(nowMs); break;
        case CommentAction::Kind::Submit: startSubmit(nowMs); break;
        case CommentAction::Kind::Speak: speak(PromptScreen::Comment, 0); break;
        }
        if (a.kind == CommentAction::Kind::None && ImGui::GetIO().MouseClicked[0]) m_session.touch(nowMs);
        break;
    }
    case SessionState::Submitting: drawSavingScreen(lang, m_theme); break;
    case SessionState::SubmitFailed: {
        const ApologyAction a = drawApologyScreen(lang, m_theme);
        if (a.speak) speak(PromptScreen::Apology, 0);
        if (a.retry)
            startSubmit(nowMs);
        else if (a.back)
            m_session.back(nowMs);
        break;
    }
    case SessionState::Thanks: {
        const ThanksAction a = drawThanksScreen(lang, m_session.thanksRemainingMs(nowMs), m_theme);
        if (a.speak) speak(PromptScreen::Thanks, 0);
        if (a.finish) m_session.next(nowMs);
        break;
    }
    case SessionState::StillThere: {
        const StillThereAction a = drawStillThereScreen(lang, m_session.resetRemainingMs(nowMs), m_theme);
        if (a.speak) speak(PromptScreen::StillThere, 0);
        if (a.resume) m_session.continueSession(nowMs);
        break;
    }
    }
}

void KioskUi::speak(PromptScreen screen, int index) {
    if (!m_deps.speech || m_deps.config->speakPrompts == SpeakPrompts::Off) return;
    const analytics::Lang lang = m_session.language();
    std::vector<std::filesystem::path> files;
    for (const std::string& text :
         screenPrompts(screen, *m_deps.instrument, index, lang, m_deps.config->services))
        files.push_back(m_deps.config->promptsDir / promptFileName(lang, text));
    m_deps.speech->say(std::move(files)); // the player's worker plays them; nothing here waits
}

void KioskUi::startSubmit(int64_t nowMs) {
    if (m_submitBox) return; // a commit is already running
    auto response = m_session.beginSubmit(nowMs);
    if (!response) {
        // Only a programming error gets here (the session validated its own answers).
        std::fprintf(stderr, "suara-kiosk: cannot build the response: %s\n",
                     response.error().message.c_str());
        return;
    }
    m_submitBox = m_tasks.run<Status>(
        [store = &m_store, r = std::move(*response)]() mutable { return store->submit(r); });
}

// [SECTION] supervisor

void KioskUi::openPin(int64_t nowMs) {
    m_mode = Mode::Pin;
    m_lastInputMs = nowMs;
    m_pin.clear();
    m_pinView = PinScreenView{};
    // The lockout survives restarts (it lives in the store): the worker reads it before the
    // first attempt can be checked (the queue keeps their order).
    m_pinStatusBox =
        m_tasks.run<Result<PinVerdict>>([store = &m_store, nowMs] { return PinGuard(*store).status(nowMs); });
}

void KioskUi::drawPin(int64_t nowMs) {
    m_pinView.lang = m_session.language();
    m_pinView.lockedRemainingMs = std::max<int64_t>(0, m_lockedUntilMs - nowMs);
    m_pinView.messageIsError = true;
    const PinAction a = m_pin.draw(m_pinView, m_theme);
    if (a.kind == PinAction::Kind::Cancel) {
        m_mode = Mode::Citizen;
    } else if (a.kind == PinAction::Kind::Submit && !m_pinBox) {
        m_pinView.checking = true;
        m_pinView.message.clear();
        m_pinBox = m_tasks.run<Result<PinVerdict>>(
            [store = &m_store, pin = a.pin, nowMs] { return PinGuard(*store).verify(pin, nowMs); });
    }
}

void KioskUi::requestSummary(const SummaryRequest& request) {
    m_summaryError.clear();
    m_summary.reset();
    m_summaryWorker.request(request);
}

void KioskUi::drawSupervisor(int64_t nowMs) {
    SupervisorView view;
    view.lang = m_session.language();
    view.instrument = m_deps.instrument;
    view.summary = m_summary ? &*m_summary : nullptr;
    view.error = m_summaryError;
    view.loading = m_summaryWorker.busy();
    view.syncConfigured = m_deps.config->sync.configured();
    if (view.syncConfigured && m_deps.syncStatus) view.syncStatus = m_deps.syncStatus(view.lang);
    view.today = todayLocal(nowMs, m_deps.config->utcOffsetMinutes);
    view.identity = m_deps.identity ? &*m_deps.identity : nullptr;
    view.identityError = m_deps.identityError;
    view.redacting = m_redactBox != nullptr;
    view.redactMessage = m_redactMessage;
    view.redactOk = m_redactOk;
    const SupervisorAction a = m_supervisor.draw(view, m_theme);
    switch (a.kind) {
    case SupervisorAction::Kind::None: break;
    case SupervisorAction::Kind::Request: requestSummary(a.request); break;
    case SupervisorAction::Kind::Export:
        m_mode = Mode::Export;
        m_export.reset();
        m_exportView = ExportView{};
        // Listing /media can hang on a stick being pulled: the worker does it.
        m_exportView.listing = true;
        m_targetsBox = m_tasks.run<std::vector<std::filesystem::path>>(
            [root = m_deps.mediaRoot, dataDir = m_deps.config->dataDir] {
                return listExportTargets(root, dataDir);
            });
        break;
    case SupervisorAction::Kind::Exit: m_mode = Mode::ConfirmExit; break;
    case SupervisorAction::Kind::Close: leaveSupervisor(nowMs, "close"); break;
    case SupervisorAction::Kind::Redact:
        if (m_redactBox) break; // one at a time
        m_redactUuid = a.uuid;
        m_redactMessage.clear();
        // The store overwrites, audits and checkpoints on the worker (it fsyncs).
        m_redactBox = m_tasks.run<Result<Store::CommentRemoval>>([store = &m_store, uuid = a.uuid, nowMs] {
            return store->redactComment(uuid, "supervisor", nowMs);
        });
        break;
    }
    // After the action: a period just asked for is "loading" in this very frame's probe.
    probeState("summary", m_summary && !m_summaryWorker.busy() ? "ready" : "loading");
}

void KioskUi::drawExport(int64_t nowMs) {
    const SummaryRequest& shown = m_supervisor.shown();
    const int64_t first = shown.lastDay - shown.days + 1;
    m_exportView.lang = m_session.language();
    m_exportView.period = present::dayRange(first, shown.lastDay, m_exportView.lang);
    const ExportAction a = m_export.draw(m_exportView, m_theme);
    if (a.kind == ExportAction::Kind::Close) {
        m_mode = Mode::Supervisor;
    } else if (a.kind == ExportAction::Kind::Export && !m_exportBox) {
        m_exportView.running = true;
        m_exportView.result.clear();
        ExportRequest request;
        request.directory = a.directory;
        request.firstDay = first;
        request.lastDay = shown.lastDay;
        m_exportBox = m_tasks.run<Result<ExportResult>>([store = &m_store, inst = m_deps.instrument,
                                                         config = m_deps.config, request,
                                                         nowMs]() -> Result<ExportResult> {
            std::error_code ec;
            std::filesystem::create_directories(request.directory, ec); // data_dir/exports on first use
            return exportResponses(*store, *inst, *config, request, nowMs);
        });
    }
}

void KioskUi::drawConfirmExit(int64_t nowMs) {
    const analytics::Lang lang = m_session.language();
    ImRect canvas = inset(beginScreen("##confirmexit", m_theme), m_theme.margin() * 2);
    const ImRect buttons = fitAspect(takeBottom(canvas, m_theme.px(140), m_theme.px(24)), 6.0f);
    drawText(canvas, m_theme.fonts.huge, tr(Label::ExitConfirm, lang), color::kText, Align::Center, true);
    const auto cells = splitRow(buttons, 2, m_theme.px(40));
    if (touchButton("no", cells[0], tr(Label::No, lang), m_theme, {ButtonKind::Secondary, Icon::Back}))
        m_mode = Mode::Supervisor;
    if (touchButton("yes", cells[1], tr(Label::Yes, lang), m_theme, {ButtonKind::Danger, Icon::Close})) {
        // Written by the worker; the app drains it before it exits (~KioskUi).
        m_tasks.post([store = &m_store, nowMs] {
            if (Status s = store->audit("exit", "supervisor left the kiosk to the desktop", nowMs); !s)
                std::fprintf(stderr, "suara-kiosk: audit failed: %s\n", s.error().message.c_str());
        });
        m_exitRequested = true;
    }
    endScreen();
}

void KioskUi::runRetention(int64_t nowMs) {
    const int days = m_deps.config->commentRetentionDays;
    if (days <= 0 || nowMs < m_nextRetentionMs) return;
    m_nextRetentionMs = nowMs + kDayMs;
    m_tasks.post([store = &m_store, before = nowMs - int64_t{days} * kDayMs, nowMs] {
        auto blanked = store->blankCommentsBefore(before, nowMs);
        if (!blanked)
            std::fprintf(stderr, "suara-kiosk: comment retention failed: %s\n",
                         blanked.error().message.c_str());
        else if (*blanked > 0)
            std::fprintf(stderr, "suara-kiosk: comment retention blanked %lld comments\n",
                         static_cast<long long>(*blanked));
    });
}

void KioskUi::leaveSupervisor(int64_t nowMs, const char* why) {
    if (m_mode == Mode::Supervisor || m_mode == Mode::Export || m_mode == Mode::ConfirmExit)
        m_tasks.post([store = &m_store, why = std::string(why), nowMs] {
            if (Status s = store->audit("logout", why, nowMs); !s)
                std::fprintf(stderr, "suara-kiosk: audit failed: %s\n", s.error().message.c_str());
        });
    m_mode = Mode::Citizen;
    m_summary.reset();
    m_pin.clear();
    m_redactMessage.clear();
}

} // namespace suara::kiosk
