#pragma once

#include "common/Result.h"

#include <QtGlobal>

#include <functional>

namespace rd::storage {
class AuditStore;
struct AuditRowView;
}

namespace rd::audit {

// Reads the trail's rows on the calling thread (which owns the connection) and hands them, copied
// in batches, to one worker thread that checks them, so reading and checking overlap on two
// cores. check runs on the worker, in append order, and returns false to stop; onRead runs on
// the calling thread after every batch read (rows read so far) and returns false to stop.
Status checkRowsWhileReading(storage::AuditStore &store, const std::function<bool(const storage::AuditRowView &)> &check,
                             const std::function<bool(qint64 rowsRead)> &onRead);

} // namespace rd::audit
