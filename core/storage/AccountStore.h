#pragma once

#include "model/AccountTypes.h"
#include "common/Result.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace rd::storage {

class Database;

struct StoredContacts {
    QByteArray emailEncrypted;
    QByteArray phoneEncrypted;
};

// Read side of the platform data for account views.
class AccountStore final {
public:
    explicit AccountStore(Database &database) : m_database(database) {}

    // Accounts whose id, handle or display name contains text (or whose email or phone
    // fingerprint equals one of the given), ordered by id.
    Result<QList<accounts::AccountSummary>> list(const QString &text, const QStringList &fingerprints, int limit);
    Result<std::optional<accounts::AccountSummary>> summary(const QString &id);
    Result<StoredContacts> contacts(const QString &id, accounts::AccountProfile *profile);
    Result<QList<accounts::CodeSetSummary>> codeSets(const QString &accountId);
    Result<QList<accounts::DeviceSummary>> devices(const QString &accountId);
    Result<QList<accounts::AttemptSummary>> recentAttempts(const QString &accountId, int limit, int *total);

private:
    Database &m_database;
};

} // namespace rd::storage
