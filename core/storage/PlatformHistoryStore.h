#pragma once

#include "model/AccountTypes.h"
#include "common/Result.h"

namespace rd::storage {

class Database;

// The platform's histories as the case workspace reads them: an account's codes,
// device trust changes and login attempts (in pages: they may run to millions), and incidents.
class PlatformHistoryStore final {
public:
    explicit PlatformHistoryStore(Database &database) : m_database(database) {}

    Result<QList<accounts::CodeRow>> codes(const QString &accountId);
    Result<QList<accounts::DeviceEventRow>> deviceEvents(const QString &accountId);
    Result<qint64> attemptCount(const accounts::AttemptQuery &query);
    // Rows [offset, offset + limit) in (at, id) order. total is attemptCount's answer: rows
    // past the middle are read from the other end, so the last page costs what the first does.
    // A negative total (not counted yet) reads from the start.
    Result<QList<accounts::AttemptSummary>> attemptPage(const accounts::AttemptQuery &query, qint64 offset, int limit,
                                                        qint64 total);
    Result<QList<accounts::AttemptDay>> attemptsPerDay(const QString &accountId);
    Result<QList<accounts::Incident>> incidents();

private:
    Database &m_database;
};

} // namespace rd::storage
