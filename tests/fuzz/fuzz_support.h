// What every libFuzzer harness here shares: the real instruments (SUARA_ASSETS, set by
// run_fuzzer.sh) and a check that stops the run with a crash report when a property fails.
#pragma once

#include "suara/analytics/instrument.h"

#include <cstdlib>

namespace suara::fuzz {

inline const analytics::InstrumentRegistry& registry() {
    static const analytics::InstrumentRegistry r = [] {
        auto loaded = analytics::loadDefaultInstruments();
        if (!loaded) std::abort(); // SUARA_ASSETS must point at assets/
        return std::move(*loaded);
    }();
    return r;
}

// A failed property is a finding: trap, so libFuzzer keeps the input as an artifact.
inline void check(bool ok) {
    if (!ok) __builtin_trap();
}

} // namespace suara::fuzz
