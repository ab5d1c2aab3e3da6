// Signed exports of the audit trail (SPEC §8): JSONL with a head line, or CSV, plus FILE.sig.
#include "audit/AuditLog.h"

#include "common/CanonicalJson.h"
#include "common/Csv.h"
#include "common/PrivateFile.h"
#include "crypto/Ed25519.h"
#include "crypto/FileSignature.h"
#include "crypto/KeyStore.h"
#include "storage/AuditStore.h"
#include "storage/Database.h"
#include "storage/Sql.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

namespace rd::audit {

namespace {

QByteArray csvLine(const AuditEntry &e)
{
    return csv::line({QString::number(e.seq), e.at, e.operatorName, e.role, e.action, e.subject,
                      QString::fromUtf8(canonicalJson(e.details)), e.prevHash, e.hash});
}

} // namespace

Result<ExportResult> AuditLog::exportTo(const auth::Session &session, const QString &path, ExportFormat format,
                                        const audit::AuditFilter &filter)
{
    if (auto s = require(session, auth::Permission::ReviewAudit, QStringLiteral("audit.export")); !s)
        return s.error();
    auto conn = m_database.connection();
    if (!conn)
        return conn.error();
    storage::WriteTransaction tx(conn.value(), m_database.dialect());
    QSqlDatabase &db = tx.db();

    // The export is itself audited, and the head it records is signed as a checkpoint.
    QJsonObject details{{QStringLiteral("format"), format == ExportFormat::Jsonl ? QStringLiteral("jsonl") : QStringLiteral("csv")},
                        {QStringLiteral("file"), QFileInfo(path).fileName()}};
    for (const auto &[key, value] : {std::pair{"from", filter.from}, std::pair{"to", filter.to},
                                     std::pair{"operator", filter.operatorName}, std::pair{"action", filter.action},
                                     std::pair{"case", filter.subject}}) {
        if (!value.isEmpty())
            details.insert(QLatin1String(key), value);
    }
    if (auto s = tx.begin(); !s)
        return s.error();
    // appendIn signs an audit.export entry as a checkpoint and names it in the entry.
    auto signedHead = appendIn(tx, Actor::of(session), QStringLiteral("audit.export"), {}, details);
    if (!signedHead)
        return signedHead.error();
    if (auto s = tx.commit(); !s)
        return s.error();
    const AuditEntry &h = signedHead.value();
    auto signature = crypto::ed25519Sign(m_keys.signingKey().view(), checkpointMessage(h.seq, h.hash));
    if (!signature)
        return signature.error();

    PrivateFile out(path);
    if (auto s = out.open(); !s)
        return s.error();
    ExportResult result;
    result.headSeq = h.seq;
    result.headHash = h.hash;
    if (format == ExportFormat::Jsonl) {
        // Field order as SPEC §8 shows it: {"head":{"seq","hash"},"checkpoint":{"seq","hash","sig"}}.
        out.write(QStringLiteral("{\"head\":{\"seq\":%1,\"hash\":\"%2\"},\"checkpoint\":{\"seq\":%1,\"hash\":\"%2\",\"sig\":\"%3\"}}\n")
                      .arg(h.seq)
                      .arg(h.hash, QString::fromLatin1(signature->toBase64()))
                      .toUtf8());
    } else {
        out.write("seq,at,operator,role,action,subject,details,prev_hash,hash\r\n");
    }
    storage::AuditStore store(db);
    auto written = store.forEach(
        [&](const AuditEntry &e) {
            if (e.seq > h.seq)
                return false; // appended after the export began
            out.write(format == ExportFormat::Jsonl ? e.exportLine() + '\n' : csvLine(e));
            ++result.entries;
            return true;
        },
        filter);
    if (!written)
        return written.error();
    auto sigPath = crypto::commitSigned(out, m_keys.signingKey().view());
    if (!sigPath)
        return sigPath.error();
    result.signaturePath = sigPath.value();
    return result;
}

} // namespace rd::audit
