// SQL of the platform view that executed resets change (CaseStore.h declares the class).
#include "storage/CaseStore.h"

#include "storage/Sql.h"
#include "storage/Supersession.h"

#include <QSqlQuery>

namespace rd::storage {

Result<bool> PlatformViewStore::deviceBelongsTo(const QString &deviceId, const QString &accountId)
{
    auto q = exec(m_db, QStringLiteral("SELECT 1 FROM devices WHERE id = ? AND account_id = ?"), {deviceId, accountId});
    if (!q)
        return q.error();
    return q->next();
}

Status PlatformViewStore::insertIssuedSet(const QString &setId, const QString &accountId, qint64 at, const QString &generator,
                                          const QList<std::pair<QString, QString>> &hashesAndTags)
{
    auto set = exec(m_db,
                    QStringLiteral("INSERT INTO code_sets (id, account_id, generated_at, generator, format, declared_state, code_count, "
                                   "origin) VALUES (?, ?, ?, ?, 'base32x16', 'active', ?, 'support_reset')"),
                    {setId, accountId, at, generator, int(hashesAndTags.size())});
    if (!set)
        return set.error();
    for (int i = 0; i < hashesAndTags.size(); ++i) {
        auto code = exec(m_db, QStringLiteral("INSERT INTO codes (set_id, idx, hash, lookup_tag, fits_format) VALUES (?, ?, ?, ?, 1)"),
                         {setId, i + 1, hashesAndTags[i].first, hashesAndTags[i].second});
        if (!code)
            return code.error();
    }
    return {};
}

Status PlatformViewStore::supersedeForAccount(const QString &accountId)
{
    auto q = exec(m_db, supersessionUpdateSql(QStringLiteral("account_id = ?")), {accountId});
    if (!q)
        return q.error();
    return {};
}

Status PlatformViewStore::addSecurityEvent(const QString &accountId, qint64 at, const QString &event, const QString &detailJson)
{
    auto q = exec(m_db,
                  QStringLiteral("INSERT INTO security_events (account_id, at, event, detail) VALUES (?, ?, ?, ?) "
                                 "ON CONFLICT (account_id, at, event) DO NOTHING"),
                  {accountId, at, event, nullableText(detailJson)});
    if (!q)
        return q.error();
    return {};
}

Status PlatformViewStore::addDeviceEvent(const QString &deviceId, qint64 at, const QString &event, const QString &note)
{
    auto q = exec(m_db,
                  QStringLiteral("INSERT INTO device_events (device_id, at, event, actor, note) VALUES (?, ?, ?, 'support', ?) "
                                 "ON CONFLICT (device_id, at, event) DO NOTHING"),
                  {deviceId, at, event, note});
    if (!q)
        return q.error();
    return {};
}

Status PlatformViewStore::setStatus(const QString &accountId, const QString &status)
{
    auto q = exec(m_db, QStringLiteral("UPDATE accounts SET status = ? WHERE id = ?"), {status, accountId});
    if (!q)
        return q.error();
    return {};
}

Status PlatformViewStore::disableTwoFactor(const QString &accountId, qint64 at)
{
    auto tf = exec(m_db, QStringLiteral("UPDATE accounts SET tf_enabled = 0, tf_method = 'none' WHERE id = ?"), {accountId});
    if (!tf)
        return tf.error();
    // The platform revokes the codes when two-factor goes off.
    auto sets = exec(m_db,
                     QStringLiteral("UPDATE code_sets SET revoked_at = ?, revoked_reason = 'two_factor_disabled' WHERE account_id = ? "
                                    "AND revoked_at IS NULL AND superseded_at IS NULL"),
                     {at, accountId});
    if (!sets)
        return sets.error();
    return {};
}

Status PlatformViewStore::setContact(const QString &accountId, bool email, const QByteArray &encrypted, const QString &fingerprint)
{
    const QString sql = email ? QStringLiteral("UPDATE accounts SET email_enc = ?, email_fp = ?, email_verified_at = NULL WHERE id = ?")
                              : QStringLiteral("UPDATE accounts SET phone_enc = ?, phone_fp = ?, phone_verified_at = NULL WHERE id = ?");
    auto q = exec(m_db, sql, {encrypted, fingerprint, accountId});
    if (!q)
        return q.error();
    return {};
}

} // namespace rd::storage
