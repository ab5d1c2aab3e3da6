#pragma once

#include "common/Result.h"
#include "demo/DemoWorld.h"

namespace rd {
class Clock;
}
namespace rd::crypto {
class KeyStore;
}
namespace rd::storage {
class Database;
}

namespace rd::demo {

// Opens demo cases in every state of SPEC §7 on the demo world's scenario accounts, worked by
// the demo operators demo.agent and demo.supervisor (created disabled, without a usable
// password) through the normal services, so the audit trail shows each step. The executed
// reset is an unlock, so no delivery key is needed; its platform action lands in the outbox
// like any other (a demo database is for demonstrations only). Each caller in calls gets a new
// case with the diagnosis of the code they read out attached; the caller wipes the codes.
Result<int> openDemoCases(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock,
                          const QList<DemoCall> &calls);

// Overwrites the callers' codes and empties the list.
void wipeCalls(QList<DemoCall> &calls);

} // namespace rd::demo
