#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace rd::audit {

// One entry of the audit trail (SPEC §8). Never holds codes, code hashes, passwords, keys or
// personal data in clear.
struct AuditEntry {
    qint64 seq = 0;
    QString at; // "2026-11-20T09:05:00.123Z", the form that is hashed
    QString operatorName;
    QString role;
    QString action;
    QString subject; // case or account id; null when none
    QJsonObject details;
    QByteArray storedDetails; // the details column as stored (canonical JSON); checked by verify
    QString prevHash; // 64 hex
    QString hash;     // 64 hex

    // The fields other than prev_hash and hash, canonical JSON (what the hash covers).
    QByteArray canonicalBytes() const;
    // The entry with prev_hash and hash, canonical JSON: one line of a JSONL export.
    QByteArray exportLine() const;
    static std::optional<AuditEntry> fromExportLine(const QByteArray &line);
};

// Which entries a supervisor looks at or exports.
struct AuditFilter {
    QString from; // inclusive, RFC 3339 UTC with milliseconds (text order is time order)
    QString to;
    QString operatorName;
    QString action;
    QString subject;
};

// The 32 zero bytes the first entry chains from, as hex.
QString genesisHash();
// "RecoveryDesk audit checkpoint\n" + seq + "\n" + hex(hash) + "\n", the signed bytes.
QByteArray checkpointMessage(qint64 seq, const QString &hashHex);

} // namespace rd::audit
