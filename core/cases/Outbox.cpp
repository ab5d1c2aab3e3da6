#include "cases/Outbox.h"

#include "audit/AuditLog.h"
#include "crypto/FileSignature.h"
#include "crypto/Hash.h"
#include "crypto/KeyStore.h"
#include "crypto/RsaOaep.h"
#include "storage/CaseStore.h"
#include "storage/Database.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QSaveFile>

namespace rd::cases {

Outbox::Outbox(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock)
    : m_database(database), m_keys(keys), m_clock(clock)
{
}

Status Outbox::setDeliveryKey(const auth::Session &session, const QString &pemPath)
{
    audit::AuditLog auditLog(m_database, m_keys, m_clock);
    if (auto s = auditLog.require(session, auth::Permission::ManageDeliveryKey, QStringLiteral("delivery_key.set")); !s)
        return s;
    QFile in(pemPath);
    if (!in.open(QIODevice::ReadOnly) || in.size() > 64 * 1024)
        return Error::badInput(QStringLiteral("Cannot read %1; give the platform's public key as a PEM file.").arg(pemPath));
    const QByteArray pem = in.readAll();
    if (auto s = crypto::validateRsaPublicKeyPem(pem); !s)
        return Error::badInput(QStringLiteral("%1 is not usable as the delivery key: %2").arg(pemPath, s.error().message));
    QSaveFile out(m_keys.deliveryKeyPath());
    if (!out.open(QIODevice::WriteOnly) || out.write(pem) != pem.size())
        return Error::storage(QStringLiteral("Cannot write %1.").arg(m_keys.deliveryKeyPath()));
    out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (!out.commit())
        return Error::storage(QStringLiteral("Cannot write %1.").arg(m_keys.deliveryKeyPath()));
    auto entry = auditLog.append(audit::Actor::of(session), QStringLiteral("delivery_key.set"), {},
                                 QJsonObject{{QStringLiteral("sha256"), QString::fromLatin1(crypto::sha256(pem).toHex())}});
    return entry ? Status{} : Status{entry.error()};
}

Result<OutboxExport> Outbox::exportTo(const auth::Session &session, const QString &path, const QString &sinceActionId)
{
    audit::AuditLog auditLog(m_database, m_keys, m_clock);
    if (auto s = auditLog.require(session, auth::Permission::ExportOutbox, QStringLiteral("outbox.export")); !s)
        return s.error();
    auto conn = m_database.connection();
    if (!conn)
        return conn.error();
    storage::CaseStore store(conn.value());
    qint64 after = 0;
    if (!sinceActionId.isEmpty()) {
        auto seq = store.outboxSeq(sinceActionId);
        if (!seq)
            return seq.error();
        if (seq.value() < 0)
            return Error::badInput(QStringLiteral("There is no platform action \"%1\" in the outbox.").arg(sinceActionId.left(64)));
        after = seq.value();
    }
    auto rows = store.outbox(after);
    if (!rows)
        return rows.error();
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return Error::storage(QStringLiteral("Cannot write %1: %2.").arg(path, out.errorString()));
    for (const storage::OutboxRow &row : rows.value())
        out.write(row.line + '\n');
    if (!out.commit())
        return Error::storage(QStringLiteral("Cannot write %1: %2.").arg(path, out.errorString()));
    auto sig = crypto::writeDetachedSignature(path, m_keys.signingKey().view());
    if (!sig)
        return sig.error();
    auto entry = auditLog.append(audit::Actor::of(session), QStringLiteral("outbox.export"), {},
                                 QJsonObject{{QStringLiteral("file"), QFileInfo(path).fileName()},
                                             {QStringLiteral("actions"), int(rows->size())},
                                             {QStringLiteral("since"), sinceActionId}});
    if (!entry)
        return entry.error();
    return OutboxExport{int(rows->size()), sig.value()};
}

} // namespace rd::cases
