#include "model/AuditEntry.h"

#include "common/CanonicalJson.h"

#include <QJsonDocument>

namespace rd::audit {

namespace {

QJsonObject body(const AuditEntry &e)
{
    return QJsonObject{{QStringLiteral("seq"), e.seq},
                       {QStringLiteral("at"), e.at},
                       {QStringLiteral("operator"), e.operatorName},
                       {QStringLiteral("role"), e.role},
                       {QStringLiteral("action"), e.action},
                       {QStringLiteral("subject"), e.subject.isNull() ? QJsonValue() : QJsonValue(e.subject)},
                       {QStringLiteral("details"), e.details}};
}

} // namespace

QByteArray AuditEntry::canonicalBytes() const
{
    return canonicalJson(body(*this));
}

QByteArray AuditEntry::exportLine() const
{
    QJsonObject o = body(*this);
    o.insert(QStringLiteral("prev_hash"), prevHash);
    o.insert(QStringLiteral("hash"), hash);
    return canonicalJson(o);
}

std::optional<AuditEntry> AuditEntry::fromExportLine(const QByteArray &line)
{
    const QJsonObject o = QJsonDocument::fromJson(line).object();
    if (!o.contains(QStringLiteral("seq")) || !o.contains(QStringLiteral("hash")))
        return std::nullopt;
    AuditEntry e;
    e.seq = qint64(o.value(QStringLiteral("seq")).toDouble());
    e.at = o.value(QStringLiteral("at")).toString();
    e.operatorName = o.value(QStringLiteral("operator")).toString();
    e.role = o.value(QStringLiteral("role")).toString();
    e.action = o.value(QStringLiteral("action")).toString();
    if (!o.value(QStringLiteral("subject")).isNull())
        e.subject = o.value(QStringLiteral("subject")).toString();
    e.details = o.value(QStringLiteral("details")).toObject();
    e.prevHash = o.value(QStringLiteral("prev_hash")).toString();
    e.hash = o.value(QStringLiteral("hash")).toString();
    return e;
}

QString genesisHash()
{
    return QString(64, u'0');
}

QByteArray checkpointMessage(qint64 seq, const QString &hashHex)
{
    return QByteArrayLiteral("RecoveryDesk audit checkpoint\n") + QByteArray::number(seq) + '\n' + hashHex.toLatin1() + '\n';
}

} // namespace rd::audit
