// Internal to the SQLite store: the alert tables (alert_store.h), in sqlite_alerts.cpp. The store
// owns one and hands it out as Store::alertStore(); it shares the store's writer connection and
// mutex.
#pragma once

#include "sqlite_util.h"
#include "suara/sync/server/alert_store.h"

#include <memory>
#include <mutex>

namespace suara::sync::sqlite {

// Schema v7: alert rules, alerts, the delivery outbox. Applied by the store's migration after v6.
extern const char* const kAlertSchemaV7;

// `reader` is a read-only connection the alert store owns (closed with it); `writer` and its mutex
// are the store's.
std::unique_ptr<AlertStore> makeAlertStore(sqlite3* writer, std::mutex& writeMutex, sqlite3* reader);

} // namespace suara::sync::sqlite
