#include "accounts/AccountService.h"

#include "accounts/ContactProtector.h"
#include "audit/AuditLog.h"
#include "model/Role.h"
#include "crypto/KeyStore.h"
#include "storage/AccountStore.h"
#include "storage/PlatformHistoryStore.h"

namespace rd::accounts {

AccountService::AccountService(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock)
    : m_database(database), m_keys(keys), m_clock(clock)
{
}

Result<QList<AccountSummary>> AccountService::list(const auth::Session &session, const QString &search, int limit)
{
    if (auto s = audit::AuditLog(m_database, m_keys, m_clock).require(session, auth::Permission::ViewAccount, QStringLiteral("account.list")); !s)
        return s.error();
    QStringList fingerprints;
    const QString text = search.trimmed().left(256);
    if (!text.isEmpty()) {
        // Contacts are stored only encrypted; an exact email or phone is found by fingerprint.
        ContactProtector contacts(m_keys.dataKey().view());
        fingerprints << contacts.fingerprint(ContactKind::Email, text) << contacts.fingerprint(ContactKind::Phone, text);
    }
    storage::AccountStore store(m_database);
    return store.list(text, fingerprints, qBound(1, limit, 100000));
}

Result<AccountProfile> AccountService::show(const auth::Session &session, const QString &accountId, int recentAttempts)
{
    audit::AuditLog auditLog(m_database, m_keys, m_clock);
    if (auto s = auditLog.require(session, auth::Permission::ViewAccount, QStringLiteral("account.view"), accountId); !s)
        return s.error();
    auto profile = load(accountId, recentAttempts);
    if (!profile)
        return profile.error();
    // The ledger, devices and attempts are sensitive: every view is on the record.
    if (auto entry = auditLog.append(audit::Actor::of(session), QStringLiteral("account.view"), accountId); !entry)
        return entry.error();
    return profile;
}

Result<AccountProfile> AccountService::load(const QString &accountId, int recentAttempts)
{
    storage::AccountStore store(m_database);
    auto summary = store.summary(accountId);
    if (!summary)
        return summary.error();
    if (!summary.value())
        return Error::badInput(QStringLiteral("There is no account \"%1\"; check the id (account ids are case-sensitive).")
                                   .arg(accountId.left(128)));
    AccountProfile profile;
    profile.summary = *summary.value();
    auto stored = store.contacts(accountId, &profile);
    if (!stored)
        return stored.error();
    ContactProtector contacts(m_keys.dataKey().view());
    if (!stored->emailEncrypted.isEmpty()) {
        auto email = contacts.decrypt(ContactKind::Email, accountId, stored->emailEncrypted);
        if (!email)
            return email.error();
        profile.maskedEmail = maskEmail(email.value());
    }
    if (!stored->phoneEncrypted.isEmpty()) {
        auto phone = contacts.decrypt(ContactKind::Phone, accountId, stored->phoneEncrypted);
        if (!phone)
            return phone.error();
        profile.maskedPhone = maskPhone(phone.value());
    }
    auto sets = store.codeSets(accountId);
    if (!sets)
        return sets.error();
    profile.codeSets = sets.value();
    auto devices = store.devices(accountId);
    if (!devices)
        return devices.error();
    profile.devices = devices.value();
    auto attempts = store.recentAttempts(accountId, recentAttempts, &profile.totalAttempts);
    if (!attempts)
        return attempts.error();
    profile.recentAttempts = attempts.value();
    return profile;
}

Status AccountService::requireView(const auth::Session &session, const QString &accountId)
{
    // A refusal is audited like every other; an allowed read is part of the view show() audited.
    return audit::AuditLog(m_database, m_keys, m_clock).require(session, auth::Permission::ViewAccount,
                                                                QStringLiteral("account.view"), accountId);
}

Result<QList<CodeRow>> AccountService::codes(const auth::Session &session, const QString &accountId)
{
    if (auto s = requireView(session, accountId); !s)
        return s.error();
    return storage::PlatformHistoryStore(m_database).codes(accountId);
}

Result<QList<DeviceEventRow>> AccountService::deviceEvents(const auth::Session &session, const QString &accountId)
{
    if (auto s = requireView(session, accountId); !s)
        return s.error();
    return storage::PlatformHistoryStore(m_database).deviceEvents(accountId);
}

Result<qint64> AccountService::attemptCount(const auth::Session &session, const AttemptQuery &query)
{
    if (auto s = requireView(session, query.accountId); !s)
        return s.error();
    return storage::PlatformHistoryStore(m_database).attemptCount(query);
}

Result<QList<AttemptSummary>> AccountService::attemptPage(const auth::Session &session, const AttemptQuery &query,
                                                          qint64 offset, int limit, qint64 total)
{
    if (auto s = requireView(session, query.accountId); !s)
        return s.error();
    return storage::PlatformHistoryStore(m_database).attemptPage(query, offset, qBound(0, limit, 10000), total);
}

Result<QList<AttemptDay>> AccountService::attemptsPerDay(const auth::Session &session, const QString &accountId)
{
    if (auto s = requireView(session, accountId); !s)
        return s.error();
    return storage::PlatformHistoryStore(m_database).attemptsPerDay(accountId);
}

Result<QList<Incident>> AccountService::incidents(const auth::Session &session)
{
    // Incidents explain diagnoses (agents, supervisors) and are managed by admins.
    const auto permission = auth::roleAllows(session.role, auth::Permission::ManagePolicy) ? auth::Permission::ManagePolicy
                                                                                          : auth::Permission::ViewAccount;
    if (auto s = audit::AuditLog(m_database, m_keys, m_clock).require(session, permission, QStringLiteral("incident.list")); !s)
        return s.error();
    return storage::PlatformHistoryStore(m_database).incidents();
}

} // namespace rd::accounts
