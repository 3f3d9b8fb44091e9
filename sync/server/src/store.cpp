// What the store interfaces share beyond their declarations: the wording both backends use.
#include "suara/sync/server/store.h"

namespace suara::sync {

bool isPostgresUrl(std::string_view db) {
    return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

std::string publicKeyInUseMessage(std::string_view owner) {
    return "this public key is already enrolled for kiosk " + std::string(owner) +
           " (revoked or not); every kiosk has its own key: on a re-installed kiosk print the new one "
           "with `suara-kiosk public-key`";
}

std::string sharedPublicKeysMessage(std::string_view groups) {
    return "kiosks share a public key (" + std::string(groups) +
           "), which lets one sign for the other; keep one kiosk of each group, re-enrol the others "
           "under new ids with the keys their `suara-kiosk public-key` prints, delete the old rows "
           "from the kiosks table, and start the server again";
}

} // namespace suara::sync
