#pragma once

#include "common/Result.h"
#include "model/FeedTypes.h"

#include <QList>
#include <QSqlDatabase>

#include <optional>

namespace rd::storage {

// The SQL of the live feed: where each followed file was read to, and the lines kept out.
// Writes run on the caller's connection, inside the batch's write transaction.
class FeedStore final {
public:
    explicit FeedStore(QSqlDatabase db) : m_db(std::move(db)) {}

    Result<std::optional<importer::FeedPosition>> position(const QString &feed);
    Status savePosition(const QString &feed, const importer::FeedPosition &position, qint64 now);
    Status quarantine(const importer::QuarantinedLine &line);
    // The newest first.
    Result<QList<importer::QuarantinedLine>> quarantined(int limit);
    Result<qint64> quarantinedCount();

private:
    QSqlDatabase m_db;
};

} // namespace rd::storage
