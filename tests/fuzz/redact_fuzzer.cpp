// libFuzzer harness for comment redaction, the rule between citizens' free text and every store.
// Besides "no crash, no sanitizer report": redaction is idempotent (the server redacts again what
// the kiosk redacted, and a re-sent record must hash the same), the counts are zero on a second
// pass, and truncation always yields valid UTF-8 within the limit.
#include "fuzz_support.h"
#include "suara/analytics/redact.h"

#include <cstdint>
#include <string_view>

using namespace suara::analytics;
using suara::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const Redaction once = redactDetailed(input);
    const Redaction twice = redactDetailed(once.text);
    check(twice.text == once.text);
    check(twice.total() == 0);

    const std::string stored = truncateUtf8(once.text, kMaxCommentChars);
    check(utf8Length(stored) <= kMaxCommentChars);
    check(truncateUtf8(stored, kMaxCommentChars) == stored); // valid UTF-8: nothing more to drop
    return 0;
}
