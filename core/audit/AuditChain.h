#pragma once

#include "model/AuditEntry.h"

#include <QString>

namespace rd::audit {

// SHA-256(prev_hash as 32 raw bytes ‖ canonical bytes of the entry), hex: the chain link.
QString chainHash(const AuditEntry &entry);

} // namespace rd::audit
