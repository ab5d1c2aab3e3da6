#pragma once

#include "model/AuditEntry.h"
#include "model/Role.h"
#include "common/Result.h"

#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <optional>

namespace rd {
class Clock;
}
namespace rd::crypto {
class KeyStore;
}
namespace rd::storage {
class Database;
class WriteTransaction;
}

namespace rd::audit {

// Who acted: a signed-in operator, or the installation itself (init, migrations).
struct Actor {
    QString username;
    QString role;
    static Actor of(const auth::Session &session) { return {session.username, auth::roleName(session.role)}; }
    static Actor system() { return {QStringLiteral("system"), QStringLiteral("system")}; }
};

struct VerifyResult {
    bool ok = true;
    qint64 entries = 0;
    qint64 checkpoints = 0;
    qint64 brokenAt = 0;  // first sequence number where it breaks
    QString reason;       // edited | deleted | reordered | bad_signature | truncated | checkpoint_missing
    QString message;      // one sentence
    // Grants and approvals made without a second person ("four_eyes": false): a desk whose
    // four eyes rest on one person says so wherever four eyes matter.
    qint64 withoutSecondPerson = 0;
};

// The head an earlier export recorded (its first line), to catch a truncated log.
struct Anchor {
    qint64 seq = 0;
    QString hash;
    QString signature;
    static Result<Anchor> fromExport(const QString &path);
};

enum class ExportFormat { Jsonl, Csv };

// An entry before it is appended: what happened, to what, with which details. The body of a
// write may complete it (an action that depends on the outcome, details it learns).
struct PendingEntry {
    QString action;
    QString subject;
    QJsonObject details;
};

struct ExportResult {
    qint64 entries = 0;
    qint64 headSeq = 0;
    QString headHash;
    QString signaturePath;
};

// An outcome that had to be audited but could not be: the storage error of the trail, saying
// what the outcome was. The action it reports on did not happen (or was refused anyway).
Error trailFailed(const Error &outcome, const Error &auditError);

// The tamper-evident audit trail (SPEC §8): a SHA-256 chain over canonical entries, Ed25519
// signed checkpoints every kCheckpointEvery entries and at every export.
class AuditLog final {
public:
    static constexpr qint64 kCheckpointEvery = 1000;
    // Where the trail must hold a signed checkpoint: every kCheckpointEvery entries, and at every
    // audit.export entry (the head its file records). One missing there is tampering.
    static bool needsCheckpoint(qint64 seq, const QString &action)
    {
        return seq % kCheckpointEvery == 0 || action == QLatin1String("audit.export");
    }

    AuditLog(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock);

    // The one write path (docs/ARCHITECTURE.md): takes the serialized write, runs body(tx, entry),
    // which hands tx.db() to every store involved and may complete the entry, appends the entry
    // inside the same transaction and commits once. When the body fails nothing is written and
    // its error is returned; when the entry cannot be appended, nothing is written either.
    using WriteBody = std::function<Status(storage::WriteTransaction &tx, PendingEntry &entry)>;
    Result<AuditEntry> write(const Actor &actor, PendingEntry entry, const WriteBody &body);
    // An audited event without a change of data (a view, a sign-in failure): a write of the entry alone.
    Result<AuditEntry> append(const Actor &actor, const QString &action, const QString &subject,
                              const QJsonObject &details = {});
    // A second entry inside a write that is already open (e.g. a diagnosis attached to a case).
    Result<AuditEntry> appendIn(storage::WriteTransaction &tx, const Actor &actor, const QString &action,
                                const QString &subject, const QJsonObject &details = {});
    // A refused call: records the denial and returns the refusal. A denial is never dropped: if
    // it cannot be recorded, the call is still refused and the error says the trail failed too.
    Error denied(const auth::Session &session, const Error &refusal, const QString &action, const QString &subject = {});
    // Checks the role and records a denial when it does not allow the permission.
    Status require(const auth::Session &session, auth::Permission permission, const QString &action,
                   const QString &subject = {});

    Result<VerifyResult> verify(const auth::Session &session, const std::optional<Anchor> &anchor = std::nullopt,
                                const std::function<bool(qint64 done, qint64 total)> &progress = {});
    Result<ExportResult> exportTo(const auth::Session &session, const QString &path, ExportFormat format,
                                  const audit::AuditFilter &filter);
    // The filtered trail a page at a time (the supervisors' audit window). Reading is not audited.
    // lastId: the largest id counted, for page() (entries appended later keep out of the pages).
    Result<qint64> count(const auth::Session &session, const audit::AuditFilter &filter, qint64 *lastId = nullptr);
    // total and lastId: what count() said, so a page near the newest end is read from that end.
    Result<QList<AuditEntry>> page(const auth::Session &session, const audit::AuditFilter &filter, qint64 offset, int limit,
                                   qint64 total = -1, qint64 lastId = -1);
    // One case's entries (at most 10,000), for whoever works the case (its Audit tab).
    Result<QList<AuditEntry>> caseEntries(const auth::Session &session, const QString &caseId);
    // PEM of the installation's signing public key (what `audit pubkey` prints).
    QByteArray publicKeyPem() const;

private:
    Result<AuditEntry> signCheckpointIn(storage::WriteTransaction &tx, const AuditEntry &head);
    Result<VerifyResult> verifyChain(QSqlDatabase &db, const std::optional<Anchor> &anchor,
                                     const std::function<bool(qint64, qint64)> &progress);

    storage::Database &m_database;
    const crypto::KeyStore &m_keys;
    const Clock &m_clock;
};

} // namespace rd::audit
