// suara-server comment redact | retention: personal data after the fact (issue 9 §4).
#include "commands.h"
#include "options.h"
#include "suara/sync/protocol.h"
#include "suara/sync/server/dashboard/admin.h"
#include "suara/sync/server/retention.h"
#include "suara/sync/server/store.h"

#include <cstdio>
#include <string>

namespace suara::sync::cli {

int comment(const Args& args) {
    static const char* usage =
        "suara-server comment redact --db PATH --uuid UUID\n"
        "  Replaces the stored comment of one response by [dihapus]; the original text is overwritten\n"
        "  in the database (see docs/server.md, \"Personal data\"). Audited as comment.redact.\n"
        "suara-server comment retention --db PATH [--days N]\n"
        "  Runs the retention task once: comments of responses submitted more than N days ago\n"
        "  (default 365) are blanked, login failures older than 30 days deleted.\n";
    if (args.empty() || (args[0] != "redact" && args[0] != "retention")) {
        if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) return std::fputs(usage, stdout), 0;
        return usageError("comment needs redact or retention", usage);
    }
    const bool redact = args[0] == "redact";
    auto o = redact ? parseOptions(args, 1, {"db", "uuid"}) : parseOptions(args, 1, {"db", "days"});
    if (!o) return usageError(o.error().message, usage);
    if (o->help) return std::fputs(usage, stdout), 0;
    if (!o->has("db")) return usageError("--db PATH is required", usage);
    if (redact && !o->has("uuid")) return usageError("--uuid is required", usage);
    auto store = openStore(o->get("db"));
    if (!store) return failure(store.error().message);
    if (redact) {
        if (auto st =
                dashboard::redactComment(**store, dashboard::Actor::cli(), "", o->get("uuid"), nowUtcMs());
            !st)
            return failure(st.error().message);
        std::printf("comment of %s redacted\n", o->get("uuid").c_str());
        return 0;
    }
    int days = kDefaultCommentRetentionDays;
    try {
        days = std::stoi(o->get("days", std::to_string(kDefaultCommentRetentionDays)));
    } catch (...) {
        return usageError("--days must be a number", usage);
    }
    if (days < 1) return usageError("--days must be at least 1", usage);
    auto done = applyRetention(**store, days, nowUtcMs());
    if (!done) return failure(done.error().message);
    std::printf("%lld comments blanked, %lld login-failure rows deleted\n",
                static_cast<long long>(done->commentsBlanked), static_cast<long long>(done->addressesPruned));
    return 0;
}

} // namespace suara::sync::cli
