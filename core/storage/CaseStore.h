#pragma once

#include "model/CaseTypes.h"
#include "common/Result.h"

#include <QByteArray>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace rd::storage {

struct OutboxRow {
    qint64 seq = 0;
    QString id;
    QString requestId;
    QByteArray line; // canonical JSON of the platform action
};

// SQL of cases, notes, evidence, reset requests and the outbox. The caller owns transactions.
class CaseStore final {
public:
    explicit CaseStore(QSqlDatabase db) : m_db(std::move(db)) {}

    Result<QString> nextCaseId();
    Status insertCase(const cases::CaseRecord &c, const QByteArray &reporterEncrypted);
    Result<std::optional<cases::CaseRecord>> find(const QString &id);
    Result<bool> accountExists(const QString &accountId);
    Result<QByteArray> reporterEncrypted(const QString &caseId);
    // Stored diagnoses attached to the case, oldest first.
    Result<QList<cases::AttachedDiagnosis>> diagnoses(const QString &caseId);
    Result<int> countCreatedBy(const QString &username);
    // Writes the mutable fields when the stored version is still expectedVersion; false if not.
    Result<bool> update(const cases::CaseRecord &c, int expectedVersion);
    // A page of the filter's cases in its order, after filter.after (keyset: never OFFSET).
    Result<QList<cases::CaseRecord>> list(const cases::CaseFilter &filter);
    // Open cases per priority that has any, counted at now (the SLA dashboard).
    Result<QList<cases::SlaCounts>> slaCounts(qint64 now);
    // How many cases the filter holds (all pages).
    Result<qint64> count(const cases::CaseFilter &filter);

    Status addNote(const QString &caseId, qint64 at, const QString &author, const QString &text);
    Result<QList<cases::NoteRecord>> notes(const QString &caseId);
    Status addEvent(const QString &caseId, qint64 at, const QString &actor, const QString &kind, const QString &detail = {});
    Result<QList<cases::CaseEvent>> events(const QString &caseId);
    Status addEvidence(const QString &caseId, const cases::EvidenceRecord &e);
    Result<QList<cases::EvidenceRecord>> evidence(const QString &caseId);
    Status index(const QString &caseId, const QString &text);
    // Attempts, security and device events, code uses of the account and the case's own
    // actions, notes and evidence between from and to, newest last (at most limit items).
    Result<QList<cases::TimelineItem>> timeline(const QString &caseId, const QString &accountId, qint64 from, qint64 to, int limit);

    Status insertRequest(const cases::ResetRequest &r, const QByteArray &contactEncrypted, const QString &contactSealed);
    Result<std::optional<cases::ResetRequest>> request(const QString &id);
    Result<QList<cases::ResetRequest>> requests(const QString &caseId);
    Result<qint64> requestCount();
    // Pending requests of every case, oldest first.
    Result<QList<cases::ApprovalItem>> pendingRequests();
    QSqlDatabase database() const { return m_db; }
    Status updateRequest(const cases::ResetRequest &r);
    Result<QByteArray> requestContact(const QString &id, QString *sealed);

    Result<qint64> insertOutbox(const QString &id, const QString &at, const QString &kind, const QString &account,
                                const QString &caseId, const QString &requestId, const QByteArray &line);
    Result<QList<OutboxRow>> outbox(qint64 afterSeq);
    Result<qint64> nextOutboxSeq();
    Result<qint64> outboxSeq(const QString &actionId);

    // Security events of the account since a time (for "changed in the last 7 days").
    Result<QStringList> securityEventsSince(const QString &accountId, qint64 since);
    // The stored reports (JSON) of the diagnoses attached to the case, oldest first.
    Result<QStringList> diagnosisReports(const QString &caseId);

private:
    QSqlDatabase m_db;
};

} // namespace rd::storage

namespace rd::storage {

// Writes that make the local view match what the platform will do after an executed reset.
class PlatformViewStore final {
public:
    explicit PlatformViewStore(QSqlDatabase db) : m_db(std::move(db)) {}

    Result<bool> deviceBelongsTo(const QString &deviceId, const QString &accountId);
    Status insertIssuedSet(const QString &setId, const QString &accountId, qint64 at, const QString &generator,
                           const QList<std::pair<QString, QString>> &hashesAndTags);
    // Each set of the account is superseded at the generated_at of its next later set.
    Status supersedeForAccount(const QString &accountId);
    Status addSecurityEvent(const QString &accountId, qint64 at, const QString &event, const QString &detailJson = {});
    Status addDeviceEvent(const QString &deviceId, qint64 at, const QString &event, const QString &note);
    Status setStatus(const QString &accountId, const QString &status);
    Status disableTwoFactor(const QString &accountId, qint64 at);
    Status setContact(const QString &accountId, bool email, const QByteArray &encrypted, const QString &fingerprint);

private:
    QSqlDatabase m_db;
};

} // namespace rd::storage
