#include "storage/AccountStore.h"

#include "storage/Database.h"
#include "storage/PlatformHistoryStore.h"
#include "storage/Sql.h"

#include <QSqlQuery>

#include <algorithm>

namespace rd::storage {

using namespace accounts;

namespace {

// Unused codes of the set that is active now (the latest set, unless revoked).
const QString kSummarySelect = QStringLiteral(
    "SELECT a.id, a.handle, a.display_name, a.status, a.tf_enabled, a.tf_method, a.created_at, "
    "  (SELECT COUNT(*) FROM code_sets s WHERE s.account_id = a.id), "
    "  (SELECT COUNT(*) FROM codes c JOIN code_sets s ON s.id = c.set_id WHERE s.account_id = a.id "
    "     AND s.superseded_at IS NULL AND s.revoked_at IS NULL AND s.declared_state = 'active' AND c.used_at IS NULL), "
    "  (SELECT MAX(l.at) FROM login_attempts l WHERE l.account_id = a.id) "
    "FROM accounts a ");

AccountSummary readSummary(const QSqlQuery &q)
{
    AccountSummary s;
    s.id = q.value(0).toString();
    s.handle = q.value(1).toString();
    s.displayName = q.value(2).toString();
    s.status = q.value(3).toString();
    s.twoFactorEnabled = q.value(4).toInt() != 0;
    s.twoFactorMethod = q.value(5).toString();
    s.createdAt = q.value(6).toLongLong();
    s.codeSets = q.value(7).toInt();
    s.unusedActiveCodes = q.value(8).toInt();
    if (!q.value(9).isNull())
        s.lastAttemptAt = q.value(9).toLongLong();
    return s;
}

QString escapeLike(QString text)
{
    text.replace(u'\\', QLatin1String("\\\\"));
    text.replace(u'%', QLatin1String("\\%"));
    text.replace(u'_', QLatin1String("\\_"));
    return text;
}

} // namespace

Result<QList<AccountSummary>> AccountStore::list(const QString &text, const QStringList &fingerprints, int limit)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    const QString pattern = u'%' + escapeLike(text.trimmed().toLower()) + u'%';
    const QString fp1 = fingerprints.value(0, QStringLiteral("-")), fp2 = fingerprints.value(1, QStringLiteral("-"));
    auto q = exec(db.value(),
                  kSummarySelect
                      + QStringLiteral("WHERE LOWER(a.id) LIKE ? ESCAPE '\\' OR LOWER(COALESCE(a.handle, '')) LIKE ? ESCAPE '\\' "
                                       "OR LOWER(COALESCE(a.display_name, '')) LIKE ? ESCAPE '\\' "
                                       "OR a.email_fp IN (?, ?) OR a.phone_fp IN (?, ?) ORDER BY a.id LIMIT ?"),
                  {pattern, pattern, pattern, fp1, fp2, fp1, fp2, limit});
    if (!q)
        return q.error();
    QList<AccountSummary> out;
    while (q->next())
        out.append(readSummary(q.value()));
    return out;
}

Result<std::optional<AccountSummary>> AccountStore::summary(const QString &id)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(), kSummarySelect + QStringLiteral("WHERE a.id = ?"), {id});
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<AccountSummary>{};
    return std::optional<AccountSummary>(readSummary(q.value()));
}

Result<StoredContacts> AccountStore::contacts(const QString &id, AccountProfile *profile)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(),
                  QStringLiteral("SELECT email_enc, email_verified_at, phone_enc, phone_verified_at, tf_since FROM accounts "
                                 "WHERE id = ?"),
                  {id});
    if (!q)
        return q.error();
    StoredContacts c;
    if (q->next()) {
        c.emailEncrypted = q->value(0).toByteArray();
        profile->emailVerifiedAt = optionalInt64(q->value(1));
        c.phoneEncrypted = q->value(2).toByteArray();
        profile->phoneVerifiedAt = optionalInt64(q->value(3));
        profile->twoFactorSince = optionalInt64(q->value(4));
    }
    return c;
}

Result<QList<CodeSetSummary>> AccountStore::codeSets(const QString &accountId)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(),
                  QStringLiteral(
                      "SELECT s.id, s.generated_at, s.generator, s.format, s.declared_state, s.superseded_at, "
                      "  s.superseded_by, s.revoked_at, s.revoked_reason, s.code_count, "
                      "  (SELECT COUNT(*) FROM codes c WHERE c.set_id = s.id AND c.used_at IS NOT NULL), "
                      "  (SELECT COUNT(*) FROM codes c WHERE c.set_id = s.id AND c.fits_format = 0), "
                      "  (SELECT COUNT(*) - COUNT(DISTINCT c.hash) FROM codes c WHERE c.set_id = s.id), "
                      "  s.ack_reported, s.acknowledged_at "
                      "FROM code_sets s WHERE s.account_id = ? ORDER BY s.generated_at DESC, s.id"),
                  {accountId});
    if (!q)
        return q.error();
    QList<CodeSetSummary> out;
    while (q->next()) {
        CodeSetSummary s;
        s.id = q->value(0).toString();
        s.generatedAt = q->value(1).toLongLong();
        s.generator = q->value(2).toString();
        s.format = q->value(3).toString();
        s.supersededAt = optionalInt64(q->value(5));
        s.supersededBy = q->value(6).toString();
        s.revokedAt = optionalInt64(q->value(7));
        s.revokedReason = q->value(8).toString();
        s.state = s.revokedAt ? QStringLiteral("revoked")
                              : (s.supersededAt ? QStringLiteral("superseded") : q->value(4).toString());
        s.codes = q->value(9).toInt();
        s.used = q->value(10).toInt();
        s.malformed = q->value(11).toInt();
        s.duplicates = q->value(12).toInt();
        s.acknowledgmentReported = q->value(13).toInt() != 0;
        s.acknowledgedAt = optionalInt64(q->value(14));
        out.append(s);
    }
    return out;
}

Result<QList<DeviceSummary>> AccountStore::devices(const QString &accountId)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(),
                  QStringLiteral(
                      "SELECT d.id, d.label, d.first_seen, "
                      "  (SELECT e.event FROM device_events e WHERE e.device_id = d.id AND e.event IN "
                      "     ('trusted', 'untrusted', 'revoked', 'flagged') ORDER BY e.at DESC, e.id DESC LIMIT 1), "
                      "  (SELECT MAX(e.at) FROM device_events e WHERE e.device_id = d.id AND e.event IN "
                      "     ('trusted', 'untrusted', 'revoked', 'flagged')), "
                      "  (SELECT COUNT(*) FROM device_events e WHERE e.device_id = d.id) "
                      "FROM devices d WHERE d.account_id = ? ORDER BY d.first_seen, d.id"),
                  {accountId});
    if (!q)
        return q.error();
    QList<DeviceSummary> out;
    while (q->next()) {
        DeviceSummary d;
        d.id = q->value(0).toString();
        d.label = q->value(1).toString();
        d.firstSeen = q->value(2).toLongLong();
        d.trust = q->value(3).isNull() ? QStringLiteral("never_trusted") : q->value(3).toString();
        d.trustChangedAt = optionalInt64(q->value(4));
        d.events = q->value(5).toInt();
        out.append(d);
    }
    return out;
}

Result<QList<AttemptSummary>> AccountStore::recentAttempts(const QString &accountId, int limit, int *total)
{
    // The newest attempts are the last page of the attempts view, newest first.
    PlatformHistoryStore history(m_database);
    const AttemptQuery query{accountId, {}, {}};
    auto count = history.attemptCount(query);
    if (!count)
        return count.error();
    *total = int(count.value());
    auto page = history.attemptPage(query, std::max<qint64>(0, count.value() - limit), limit, count.value());
    if (!page)
        return page.error();
    QList<AttemptSummary> out = page.value();
    std::reverse(out.begin(), out.end());
    return out;
}

} // namespace rd::storage
