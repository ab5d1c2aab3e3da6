#pragma once

#include "common/Result.h"

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
// the demo operators demo.agent and demo.supervisor through the normal services (so the
// audit trail shows each step). Needs no delivery key: the executed reset is an unlock.
Result<int> openDemoCases(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock);

} // namespace rd::demo
