#include "audit/AuditLog.h"

#include "audit/AuditChain.h"
#include "common/Clock.h"
#include "crypto/Ed25519.h"
#include "crypto/KeyStore.h"
#include "storage/AuditStore.h"
#include "storage/Database.h"
#include "storage/OperatorStore.h"
#include "storage/Sql.h"

#include <QDateTime>

namespace rd::audit {

namespace {

QString stamp(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

} // namespace

Error trailFailed(const Error &outcome, const Error &auditError)
{
    Error e = auditError;
    e.message = QStringLiteral("%1 The audit trail could not record this: %2").arg(outcome.message, auditError.message);
    return e;
}

AuditLog::AuditLog(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock)
    : m_database(database), m_keys(keys), m_clock(clock)
{
}

Result<AuditEntry> AuditLog::write(const Actor &actor, PendingEntry entry, const WriteBody &body)
{
    auto conn = m_database.connection();
    if (!conn)
        return conn.error();
    storage::WriteTransaction tx(conn.value(), m_database.dialect());
    if (auto s = tx.begin(); !s)
        return s.error();
    if (body) {
        if (auto s = body(tx, entry); !s)
            return s.error(); // rolled back by tx
    }
    auto appended = appendIn(tx, actor, entry.action, entry.subject, entry.details);
    if (!appended)
        return appended; // rolled back by tx: no change without its entry
    if (auto s = tx.commit(); !s)
        return s.error();
    return appended;
}

Result<AuditEntry> AuditLog::append(const Actor &actor, const QString &action, const QString &subject, const QJsonObject &details)
{
    return write(actor, {action, subject, details}, {});
}

Result<AuditEntry> AuditLog::appendIn(storage::WriteTransaction &tx, const Actor &actor, const QString &action,
                                      const QString &subject, const QJsonObject &details)
{
    storage::AuditStore store(tx.db());
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
    // An export's head is signed as a checkpoint, and its entry names it: the trail itself then
    // says where a checkpoint must be, so deleting one is tampering that verify reports.
    const bool exportHead = needsCheckpoint(e.seq, action);
    if (exportHead && e.seq % kCheckpointEvery != 0)
        e.details.insert(QStringLiteral("checkpoint"), e.seq);
    e.hash = chainHash(e);
    if (auto s = store.insert(e); !s)
        return s.error();
    if (exportHead) {
        if (auto c = signCheckpointIn(tx, e); !c)
            return c.error();
    }
    return e;
}

Result<AuditEntry> AuditLog::signCheckpointIn(storage::WriteTransaction &tx, const AuditEntry &head)
{
    auto signature = crypto::ed25519Sign(m_keys.signingKey().view(), checkpointMessage(head.seq, head.hash));
    if (!signature)
        return signature.error();
    storage::AuditStore store(tx.db());
    if (auto s = store.insertCheckpoint({head.seq, head.hash, QString::fromLatin1(signature->toBase64()), stamp(m_clock.nowMs())}); !s)
        return s.error();
    return head;
}

Error AuditLog::denied(const auth::Session &session, const Error &refusal, const QString &action, const QString &subject)
{
    auto recorded = append(Actor::of(session), QStringLiteral("denied"), subject,
                           QJsonObject{{QStringLiteral("attempted"), action}, {QStringLiteral("reason"), refusal.message}});
    if (!recorded)
        return trailFailed(refusal, recorded.error());
    return refusal;
}

Status AuditLog::require(const auth::Session &session, auth::Permission permission, const QString &action, const QString &subject)
{
    if (auto s = auth::requirePermission(session, permission); !s)
        return denied(session, s.error(), action, subject);
    // The session was granted at sign-in; the operator's standing is read again at every
    // action, so a disable or a role change takes effect at once, even in an open window.
    if (session.installation)
        return {};
    auto op = storage::OperatorStore(m_database).find(session.username);
    if (!op)
        return op.error();
    // (No row: a session made in-process for the installation's own work or by a test;
    // operators are never deleted, only disabled.)
    if (op.value() && (op.value()->disabled || op.value()->role != auth::roleName(session.role) || op.value()->mustChangePassword)) {
        const QString what = op.value()->disabled ? QStringLiteral("disabled")
            : op.value()->mustChangePassword      ? QStringLiteral("given a one-time password")
                                                  : QStringLiteral("given the role %1").arg(op.value()->role);
        return denied(session,
                      Error(ErrorKind::Refused, QStringLiteral("Operator \"%1\" was %2 since signing in; sign in again.").arg(session.username, what),
                            ErrorCode::OperatorRevoked),
                      action, subject);
    }
    return {};
}

QByteArray AuditLog::publicKeyPem() const
{
    return crypto::ed25519PublicKeyPem(m_keys.signingPublicKey());
}

} // namespace rd::audit
