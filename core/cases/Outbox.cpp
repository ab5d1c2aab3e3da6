#include "cases/Outbox.h"

#include "audit/AuditLog.h"
#include "auth/GrantService.h"
#include "common/PrivateFile.h"
#include "crypto/FileSignature.h"
#include "crypto/Hash.h"
#include "crypto/KeyStore.h"
#include "crypto/RsaOaep.h"
#include "storage/CaseStore.h"
#include "storage/Database.h"
#include "storage/Sql.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>

namespace rd::cases {

Outbox::Outbox(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock)
    : m_database(database), m_keys(keys), m_clock(clock)
{
}

Result<auth::GrantOutcome> Outbox::setDeliveryKey(const auth::Session &session, const QString &pemPath)
{
    audit::AuditLog auditLog(m_database, m_keys, m_clock);
    if (auto s = auditLog.require(session, auth::Permission::ManageDeliveryKey, QStringLiteral("delivery_key.set")); !s)
        return s.error();
    QFile in(pemPath);
    if (!in.open(QIODevice::ReadOnly) || in.size() > 64 * 1024)
        return Error::badInput(QStringLiteral("Cannot read %1; give the platform's public key as a PEM file.").arg(pemPath));
    const QByteArray pem = in.readAll();
    if (auto s = crypto::validateRsaPublicKeyPem(pem); !s)
        return Error::badInput(QStringLiteral("%1 is not usable as the delivery key: %2").arg(pemPath, s.error().message));
    // Four eyes: the key takes effect when another admin or a supervisor confirms it (or at
    // once, marked, on a desk with nobody else); its fingerprint is pinned with it.
    auto outcome = auth::GrantService(m_database, m_keys, m_clock).setDeliveryKey(session, pem);
    if (!outcome)
        return outcome.error();
    return outcome.value();
}

Result<DeliveryKeyInfo> Outbox::deliveryKey(const auth::Session &session)
{
    if (auto s = audit::AuditLog(m_database, m_keys, m_clock)
                     .require(session, auth::Permission::ManageDeliveryKey, QStringLiteral("delivery_key.view"));
        !s)
        return s.error();
    // What resets would seal to: the pinned, checked key (GrantService), never whatever file
    // sits at the path now.
    const QFileInfo file(m_keys.deliveryKeyPath());
    DeliveryKeyInfo info;
    if (!file.exists() && !file.isSymLink())
        return info;
    auto pem = auth::GrantService::pinnedDeliveryKeyPem(m_database, m_keys);
    if (!pem)
        return pem.error();
    info.installed = true;
    info.fileName = file.fileName();
    info.changedAtMs = file.lastModified().toMSecsSinceEpoch();
    info.sha256 = QString::fromLatin1(crypto::sha256(pem.value()).toHex());
    return info;
}

Result<OutboxExport> Outbox::exportTo(const auth::Session &session, const QString &path, const QString &sinceActionId)
{
    audit::AuditLog auditLog(m_database, m_keys, m_clock);
    if (auto s = auditLog.require(session, auth::Permission::ExportOutbox, QStringLiteral("outbox.export")); !s)
        return s.error();
    // The rows, the file and the entry in one write: an export the trail does not record leaves
    // no file behind.
    OutboxExport result;
    bool wroteFiles = false;
    auto entry = auditLog.write(
        audit::Actor::of(session), {QStringLiteral("outbox.export"), {}, {}},
        [&](storage::WriteTransaction &tx, audit::PendingEntry &pending) -> Status {
            storage::CaseStore store(tx.db());
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
            PrivateFile out(path);
            if (auto s = out.open(); !s)
                return s;
            for (const storage::OutboxRow &row : rows.value()) {
                out.write(row.line);
                out.write("\n");
            }
            auto sig = crypto::commitSigned(out, m_keys.signingKey().view());
            if (!sig)
                return sig.error();
            wroteFiles = true;
            result = {int(rows->size()), sig.value()};
            pending.details = QJsonObject{{QStringLiteral("file"), QFileInfo(path).fileName()},
                                          {QStringLiteral("actions"), result.actions},
                                          {QStringLiteral("since"), sinceActionId}};
            return {};
        });
    if (!entry) {
        if (wroteFiles) {
            QFile::remove(path);
            QFile::remove(path + QStringLiteral(".sig"));
        }
        return entry.error();
    }
    return result;
}

} // namespace rd::cases
