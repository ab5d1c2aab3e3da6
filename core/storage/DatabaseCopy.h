#pragma once

#include "common/Result.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace rd::storage {

class Database;

// Every table of a RecoveryDesk database, parents before children (what `copy --to` moves).
const QStringList &copiedTables();

// Whether target can take a copy of source: the same schema version and no data.
Status checkCopyTarget(Database &source, Database &target);

// Copies every record of source into target (SPEC §12.1 `copy --to`), either backend to either:
// ids, the audit chain and its checkpoints as they are. The target must be at the same schema
// version and hold no data (ErrorCode::Conflict otherwise). The source is read as one snapshot;
// the target is written in one transaction, so a failure leaves it empty. progress gets each
// table's name and the rows copied so far; returning false cancels (ErrorCode::Cancelled).
Status copyDatabase(Database &source, Database &target,
                    const std::function<bool(const QString &table, qint64 rows)> &progress = {});

} // namespace rd::storage
