#include "audit/AuditLog.h"

#include "auth/OperatorService.h"
#include "common/Clock.h"
#include "crypto/Ed25519.h"
#include "crypto/KeyStore.h"
#include "storage/AuditStore.h"
#include "storage/Database.h"
#include "storage/Sql.h"

#include <QDateTime>

namespace rd::audit {

namespace {

QString stamp(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

} // namespace

AuditLog::AuditLog(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock)
    : m_database(database), m_keys(keys), m_clock(clock)
{
}

Result<AuditEntry> AuditLog::append(const Actor &actor, const QString &action, const QString &subject, const QJsonObject &details)
{
    auto conn = m_database.connection();
    if (!conn)
        return conn.error();
    storage::WriteTransaction tx(conn.value(), m_database.dialect());
    if (auto s = tx.begin(); !s)
        return s.error();
    auto entry = appendIn(tx.db(), actor, action, subject, details);
    if (!entry)
        return entry; // rolled back by tx
    if (auto s = tx.commit(); !s)
        return s.error();
    return entry;
}

Result<AuditEntry> AuditLog::appendIn(QSqlDatabase &db, const Actor &actor, const QString &action, const QString &subject,
                                      const QJsonObject &details)
{
    storage::AuditStore store(db);
    auto last = store.last();
    if (!last)
        return last.error();
    AuditEntry e;
    e.seq = last.value() ? last.value()->seq + 1 : 1;
    e.prevHash = last.value() ? last.value()->hash : genesisHash();
    e.at = stamp(m_clock.nowMs());
    e.operatorName = actor.username;
    e.role = actor.role;
    e.action = action;
    e.subject = subject;
    e.details = details;
    e.hash = e.computeHash();
    if (auto s = store.insert(e); !s)
        return s.error();
    if (e.seq % kCheckpointEvery == 0) {
        if (auto c = signCheckpointIn(db, e); !c)
            return c.error();
    }
    return e;
}

Result<AuditEntry> AuditLog::signCheckpointIn(QSqlDatabase &db, const AuditEntry &head)
{
    auto signature = crypto::ed25519Sign(m_keys.signingKey().view(), checkpointMessage(head.seq, head.hash));
    if (!signature)
        return signature.error();
    storage::AuditStore store(db);
    if (auto s = store.insertCheckpoint({head.seq, head.hash, QString::fromLatin1(signature->toBase64()), stamp(m_clock.nowMs())}); !s)
        return s.error();
    return head;
}

Error AuditLog::denied(const auth::Session &session, const Error &refusal, const QString &action, const QString &subject)
{
    // If even the denial cannot be recorded the caller still gets the refusal.
    (void)append(Actor::of(session), QStringLiteral("denied"), subject,
                 QJsonObject{{QStringLiteral("attempted"), action}, {QStringLiteral("reason"), refusal.message}});
    return refusal;
}

Status AuditLog::require(const auth::Session &session, auth::Permission permission, const QString &action, const QString &subject)
{
    if (auto s = auth::requirePermission(session, permission); !s)
        return denied(session, s.error(), action, subject);
    return {};
}

QByteArray AuditLog::publicKeyPem() const
{
    return crypto::ed25519PublicKeyPem(m_keys.signingPublicKey());
}

} // namespace rd::audit
