#pragma once

#include "common/Result.h"

#include <QString>
#include <QVariant>

#include <initializer_list>

#include <optional>

namespace rd::storage {

class Database;

// A CLI session as stored (SPEC §9): the token's hash only, with the operator's state now.
struct SessionRow {
    QString username;
    QString role;         // at sign-in
    qint64 createdAt = 0;
    qint64 lastUsedAt = 0;
    std::optional<qint64> endedAt;
    QString operatorRole; // now
    QString operatorDisplayName;
    bool operatorDisabled = false;
};

// SQL for the cli_sessions table.
class SessionStore final {
public:
    explicit SessionStore(Database &database) : m_database(database) {}

    Status insert(const QString &tokenHash, const QString &username, const QString &role, qint64 now);
    Result<std::optional<SessionRow>> find(const QString &tokenHash);
    // Records a use of a live session; false when it had ended meanwhile.
    Result<bool> touch(const QString &tokenHash, qint64 now);
    // Ends one live session; false when there was none.
    Result<bool> end(const QString &tokenHash, qint64 now);
    // Ends every live session of an operator (disabled, role changed); returns how many.
    Result<int> endAllOf(const QString &username, qint64 now);

private:
    Result<int> update(const QString &sql, std::initializer_list<QVariant> values);

    Database &m_database;
};

} // namespace rd::storage
