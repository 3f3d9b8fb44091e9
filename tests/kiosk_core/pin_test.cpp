// Supervisor PIN: argon2id hash, lockout growth, persistence across restarts, audit entries.
#include "kiosk_test_support.h"
#include "suara/kiosk/pin.h"

#include <map>

using namespace suara::kiosk;

namespace {
constexpr int64_t T0 = 1'763'700'000'000;
}

TEST_CASE("pin: format and hash", "[kiosk][pin]") {
    CHECK(validatePinFormat("1234").ok());
    CHECK(validatePinFormat("123456789012").ok());
    CHECK_FALSE(validatePinFormat("123").ok());
    CHECK_FALSE(validatePinFormat("1234567890123").ok());
    CHECK_FALSE(validatePinFormat("12a4").ok());
    auto h = hashPin("2468");
    REQUIRE(h.ok());
    CHECK(h->rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0) == 0);
    CHECK(pinMatches(*h, "2468"));
    CHECK_FALSE(pinMatches(*h, "2469"));
    CHECK(*hashPin("2468") != *h); // fresh salt each time
}

TEST_CASE("pin: lockout delays", "[kiosk][pin]") {
    CHECK(lockoutDelayMs(0) == 0);
    CHECK(lockoutDelayMs(4) == 0);
    CHECK(lockoutDelayMs(5) == 30'000);
    CHECK(lockoutDelayMs(6) == 60'000);
    CHECK(lockoutDelayMs(9) == 480'000);
    CHECK(lockoutDelayMs(10) == 900'000); // capped at 15 min
    CHECK(lockoutDelayMs(100) == 900'000);
}

TEST_CASE("pin: verify, lockout, persistence and audit", "[kiosk][pin]") {
    kiosk_test::TempDir dir("pin");
    auto path = dir / "kiosk.db";
    {
        auto store = Store::open(path);
        REQUIRE(store.ok());
        PinGuard guard(**store);
        CHECK_FALSE(guard.isSet());
        auto notSet = guard.verify("1234", T0);
        REQUIRE(notSet.ok());
        CHECK(notSet->outcome == PinOutcome::NotSet);
        CHECK_FALSE(guard.setPin("12", T0).ok());
        REQUIRE(guard.setPin("7391", T0, "test").ok());
        CHECK(guard.isSet());
        CHECK(guard.verify("7391", T0 + 1)->outcome == PinOutcome::Ok);
        for (int i = 1; i <= 4; ++i) {
            auto v = guard.verify("0000", T0 + 10 * i);
            REQUIRE(v.ok());
            CHECK(v->outcome == PinOutcome::Wrong);
            CHECK(v->failures == i);
            CHECK(v->lockedUntilMs == 0);
        }
        auto fifth = guard.verify("0000", T0 + 100);
        CHECK(fifth->outcome == PinOutcome::Wrong);
        CHECK(fifth->failures == 5);
        CHECK(fifth->lockedUntilMs == T0 + 100 + 30'000);
        // While locked even the right PIN is refused, and the refusal does not count.
        auto locked = guard.verify("7391", T0 + 200);
        CHECK(locked->outcome == PinOutcome::LockedOut);
        CHECK(locked->failures == 5);
    }
    // A restart does not lift the lockout.
    {
        auto store = Store::open(path);
        REQUIRE(store.ok());
        PinGuard guard(**store);
        auto st = guard.status(T0 + 1000);
        REQUIRE(st.ok());
        CHECK(st->outcome == PinOutcome::LockedOut);
        CHECK(st->lockedUntilMs == T0 + 100 + 30'000);
        CHECK(guard.verify("7391", T0 + 1000)->outcome == PinOutcome::LockedOut);
        // After the delay one more wrong PIN doubles it.
        auto sixth = guard.verify("1111", T0 + 100 + 30'000);
        CHECK(sixth->outcome == PinOutcome::Wrong);
        CHECK(sixth->failures == 6);
        CHECK(sixth->lockedUntilMs == T0 + 30'100 + 60'000);
        // The right PIN after that resets the counter.
        auto ok = guard.verify("7391", T0 + 30'100 + 60'000);
        CHECK(ok->outcome == PinOutcome::Ok);
        CHECK(guard.status(T0 + 200'000)->failures == 0);
        // A clock set far backwards cannot lock the supervisor out for longer than the cap.
        for (int i = 0; i < 5; ++i) (void)guard.verify("0000", T0 + 300'000);
        auto back = guard.status(T0 - 3'600'000);
        CHECK(back->lockedUntilMs <= T0 - 3'600'000 + kPinMaxLockoutMs);

        auto log = (*store)->auditLog(100);
        REQUIRE(log.ok());
        std::map<std::string, int> actions;
        for (const auto& e : *log) actions[e.action] += 1;
        CHECK(actions["pin_set"] == 1);
        CHECK(actions["login"] == 2);
        CHECK(actions["login_failed"] == 1 + 4 + 1 + 1 + 5); // not set, 4 + 5th, 6th, 5 more
        CHECK(actions["login_locked"] == 2);
        // The hash, never the PIN, is stored.
        CHECK(kiosk_test::queryText(path, "SELECT value FROM settings WHERE key = 'pin_hash'")
                  .rfind("$argon2id$", 0) == 0);
        CHECK(kiosk_test::queryInt(path, "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%7391%'") == 0);
    }
}
