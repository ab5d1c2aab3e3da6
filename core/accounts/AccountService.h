#pragma once

#include "model/AccountTypes.h"
#include "model/Role.h"
#include "common/Clock.h"
#include "common/Result.h"

namespace rd::crypto {
class KeyStore;
}
namespace rd::storage {
class Database;
}

namespace rd::accounts {

// Read access to the platform's view of accounts, for agents and supervisors.
class AccountService final {
public:
    AccountService(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock = SystemClock::instance());

    // Search by id, handle or name (substring), or by an exact email or phone number.
    Result<QList<AccountSummary>> list(const auth::Session &session, const QString &search = {}, int limit = 500);
    // Profile with masked contacts, ledger summary, devices and recent attempts.
    Result<AccountProfile> show(const auth::Session &session, const QString &accountId, int recentAttempts = 20);
    // What show returns, without the permission check and the audit entry: for services that
    // check and audit themselves (the case report).
    Result<AccountProfile> load(const QString &accountId, int recentAttempts = 20);

    // The histories behind the case workspace's tabs. Reading them is part of viewing the
    // account (show() audits that), so these check the role but add no audit entry.
    Result<QList<CodeRow>> codes(const auth::Session &session, const QString &accountId);
    Result<QList<DeviceEventRow>> deviceEvents(const auth::Session &session, const QString &accountId);
    Result<qint64> attemptCount(const auth::Session &session, const AttemptQuery &query);
    Result<QList<AttemptSummary>> attemptPage(const auth::Session &session, const AttemptQuery &query, qint64 offset,
                                              int limit, qint64 total);
    Result<QList<AttemptDay>> attemptsPerDay(const auth::Session &session, const QString &accountId);
    // Platform incidents: every signed-in operator may read them (they explain diagnoses).
    Result<QList<Incident>> incidents(const auth::Session &session);

private:
    Status requireView(const auth::Session &session, const QString &accountId);

    storage::Database &m_database;
    const crypto::KeyStore &m_keys;
    const Clock &m_clock;
};

} // namespace rd::accounts
