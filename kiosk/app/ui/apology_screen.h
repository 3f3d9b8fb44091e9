// The apology shown when the store could not commit a response (disk full, read-only, I/O error).
//
// The citizen is not told technical details: only that it was not saved, to tell the officer, and
// that they may try again. The answers stay in the session; "Coba lagi" retries the same record
// (same uuid, so a commit that did land is not stored twice), "Kembali" returns to the comment.
// The supervisor summary shows the store's actual error.
#pragma once

#include "suara/analytics/instrument.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace suara::kiosk {

struct ApologyAction {
    bool retry = false;
    bool back = false;
    bool speak = false; // the speaker button
};

ApologyAction drawApologyScreen(analytics::Lang lang, const Theme& theme);

} // namespace suara::kiosk
