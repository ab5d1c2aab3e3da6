#include "storage/GrantStore.h"

#include "storage/Database.h"
#include "storage/Sql.h"

#include <QSqlQuery>

namespace rd::storage {
namespace {

const QString kColumns = QStringLiteral("id, kind, username, role, display_name, password_hash, key_pem, key_sha256, requested_by, "
                                        "requested_at, state, decided_by, decided_at");

GrantRow readRow(const QSqlQuery &q)
{
    GrantRow r;
    r.id = q.value(0).toString();
    r.kind = q.value(1).toString();
    r.username = q.value(2).toString();
    r.role = q.value(3).toString();
    r.displayName = q.value(4).toString();
    r.passwordHash = q.value(5).toString();
    r.keyPem = q.value(6).toString();
    r.keySha256 = q.value(7).toString();
    r.requestedBy = q.value(8).toString();
    r.requestedAt = q.value(9).toLongLong();
    r.state = q.value(10).toString();
    r.decidedBy = q.value(11).toString();
    if (!q.value(12).isNull())
        r.decidedAt = q.value(12).toLongLong();
    return r;
}

QStringList names(QSqlQuery &q)
{
    QStringList out;
    while (q.next())
        out << q.value(0).toString();
    return out;
}

} // namespace

Result<QString> GrantStore::nextId()
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(), QStringLiteral("SELECT COUNT(*) FROM pending_grants"));
    if (!q)
        return q.error();
    const qint64 n = q->next() ? q->value(0).toLongLong() : 0;
    return QStringLiteral("G-%1").arg(n + 1, 6, 10, QLatin1Char('0'));
}

Status GrantStore::insert(const GrantRow &r)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(), QStringLiteral("INSERT INTO pending_grants (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").arg(kColumns),
                  {r.id, r.kind, nullableText(r.username), nullableText(r.role), nullableText(r.displayName), nullableText(r.passwordHash),
                   nullableText(r.keyPem), nullableText(r.keySha256), r.requestedBy, r.requestedAt, r.state, nullableText(r.decidedBy),
                   nullableTime(r.decidedAt)});
    return q ? Status{} : Status{q.error()};
}

Result<std::optional<GrantRow>> GrantStore::find(const QString &id)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(), QStringLiteral("SELECT %1 FROM pending_grants WHERE id = ?").arg(kColumns), {id});
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<GrantRow>{};
    return std::optional<GrantRow>(readRow(q.value()));
}

Result<QList<GrantRow>> GrantStore::pending()
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(), QStringLiteral("SELECT %1 FROM pending_grants WHERE state = 'pending' ORDER BY requested_at, id").arg(kColumns));
    if (!q)
        return q.error();
    QList<GrantRow> out;
    while (q->next())
        out.append(readRow(q.value()));
    return out;
}

Status GrantStore::decide(const QString &id, const QString &state, const QString &by, qint64 at)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(), QStringLiteral("UPDATE pending_grants SET state = ?, decided_by = ?, decided_at = ?, password_hash = NULL "
                                 "WHERE id = ? AND state = 'pending'"),
                  {state, by, at, id});
    if (!q)
        return q.error();
    if (q->numRowsAffected() != 1)
        return Error::refused(QStringLiteral("Grant %1 was decided already.").arg(id)).withCode(ErrorCode::Conflict);
    return {};
}

Result<QStringList> GrantStore::otherPrivileged(const QString &username)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(),
                  QStringLiteral("SELECT username FROM operators WHERE disabled = 0 AND role IN ('admin', 'supervisor') AND username <> ? "
                                 "ORDER BY username"),
                  {username});
    if (!q)
        return q.error();
    return names(q.value());
}

Result<QStringList> GrantStore::grantedAlone()
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(), QStringLiteral("SELECT username FROM operators WHERE disabled = 0 AND role IN ('admin', 'supervisor') "
                                             "AND granted_alone = 1 ORDER BY username"));
    if (!q)
        return q.error();
    return names(q.value());
}

Status GrantStore::setRole(const QString &username, const QString &role, bool grantedAlone)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(), QStringLiteral("UPDATE operators SET role = ?, granted_alone = CASE WHEN granted_alone = 1 THEN 1 ELSE ? END WHERE username = ?"),
                  {role, int(grantedAlone), username});
    return q ? Status{} : Status{q.error()};
}

Status GrantStore::enable(const QString &username, bool grantedAlone)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(), QStringLiteral("UPDATE operators SET disabled = 0, granted_alone = CASE WHEN granted_alone = 1 THEN 1 ELSE ? END "
                                             "WHERE username = ?"),
                  {int(grantedAlone), username});
    return q ? Status{} : Status{q.error()};
}

Status GrantStore::setGrantedAlone(const QString &username, bool grantedAlone)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(), QStringLiteral("UPDATE operators SET granted_alone = ? WHERE username = ?"), {int(grantedAlone), username});
    return q ? Status{} : Status{q.error()};
}

Result<std::optional<QString>> GrantStore::pinnedDeliveryKey()
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(), QStringLiteral("SELECT sha256 FROM delivery_keys ORDER BY seq DESC LIMIT 1"));
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<QString>{};
    return std::optional<QString>(q->value(0).toString());
}

Status GrantStore::pinDeliveryKey(const QString &sha256, qint64 at, const QString &by, const QString &confirmedBy)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(), QStringLiteral("INSERT INTO delivery_keys (sha256, pinned_at, pinned_by, confirmed_by) VALUES (?, ?, ?, ?)"),
                  {sha256, at, by, nullableText(confirmedBy)});
    return q ? Status{} : Status{q.error()};
}

Result<bool> GrantStore::pinIsAudited(const QString &sha256)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(),
                  QStringLiteral("SELECT 1 FROM audit_log WHERE action IN ('delivery_key.set', 'grant.confirm') AND details LIKE ? LIMIT 1"),
                  {QStringLiteral("%\"sha256\":\"%1\"%").arg(sha256)});
    if (!q)
        return q.error();
    return q->next();
}

} // namespace rd::storage
