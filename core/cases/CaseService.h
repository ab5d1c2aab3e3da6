#pragma once

#include "model/Role.h"
#include "model/CaseTypes.h"
#include "cases/VerificationLevel.h"
#include "common/Result.h"
#include "diagnostics/CaseLink.h"

#include <QJsonObject>
#include <QList>
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
class CaseStore;
class Database;
class WriteTransaction;
}
namespace rd::audit {
struct PendingEntry;
}

namespace rd::cases {

struct CaseDetails {
    CaseRecord record;
    QString maskedReporter;
    QList<NoteRecord> notes;
    QList<EvidenceRecord> evidence;
    LevelResult level;
    QList<ResetRequest> requests;
    QList<CaseEvent> events;
    QList<TimelineItem> timeline; // merged: the account's platform events and the case's actions
    QList<AttachedDiagnosis> diagnoses;
};

struct OpenCase {
    QString accountId;
    QString channel;
    QString reporterContact; // personal data: stored encrypted, shown masked
    QString summary;
    QString priority = QStringLiteral("normal");
};

// Lockout cases (SPEC §7): the state machine, notes, evidence and its level, SLA due times.
// Every change is audited in the same transaction and guarded by the case's version.
class CaseService final : public diagnostics::CaseLink {
public:
    CaseService(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock);

    Result<CaseRecord> open(const auth::Session &session, const OpenCase &request);
    Result<CaseDetails> show(const auth::Session &session, const QString &caseId);
    // What show returns again, for a desk that shows the case already and follows its teammates'
    // changes (the live desk): the role is checked, but no view is recorded, since nobody opened
    // anything new (the opening was recorded by show).
    Result<CaseDetails> follow(const auth::Session &session, const QString &caseId);
    // What show returns, without the permission check and the audit entry: for services that
    // check and audit themselves (the case report records one report.export entry instead).
    Result<CaseDetails> load(const QString &caseId);
    static constexpr int kMaxListLimit = 100000;
    // Cases of the filter, one page (filter.limit, after filter.after), filtered, searched and
    // ordered by the database.
    Result<QList<CaseRecord>> list(const auth::Session &session, const cases::CaseFilter &filter);
    // The same page, and with withTotal how many cases the filter holds in all (the queue's count).
    Result<cases::CasePage> page(const auth::Session &session, const cases::CaseFilter &filter, bool withTotal);
    // The SLA dashboard: open cases per priority (every priority, urgent first), counted by the
    // database at the service's clock.
    Result<QList<cases::SlaCounts>> slaCounts(const auth::Session &session);
    // expectedVersion: the version the caller saw; a stale one is refused ("case changed, reload").
    Result<CaseRecord> assign(const auth::Session &session, const QString &caseId, const QString &assignee,
                              std::optional<int> expectedVersion = {});
    Result<CaseRecord> note(const auth::Session &session, const QString &caseId, const QString &text,
                            std::optional<int> expectedVersion = {});
    Result<LevelResult> addEvidence(const auth::Session &session, const QString &caseId, const QString &method,
                                    const QString &result, const QString &note, std::optional<int> expectedVersion = {});
    Result<CaseRecord> hold(const auth::Session &session, const QString &caseId, std::optional<int> expectedVersion = {});
    Result<CaseRecord> resume(const auth::Session &session, const QString &caseId, std::optional<int> expectedVersion = {});
    Result<CaseRecord> reopen(const auth::Session &session, const QString &caseId, std::optional<int> expectedVersion = {});
    Result<CaseRecord> resolve(const auth::Session &session, const QString &caseId, const QString &resolution,
                               std::optional<int> expectedVersion = {});
    Result<CaseRecord> close(const auth::Session &session, const QString &caseId, std::optional<int> expectedVersion = {});
    // Checks the role and audits a denial (for callers that validate before changing).
    Status permit(const auth::Session &session, auth::Permission permission, const QString &action, const QString &caseId);
    // A diagnosis attached to the case counts as work on it, inside the diagnosis' own write (its
    // entry "case.diagnosis" commits with the diagnosis). The case must exist, be open and
    // concern accountId.
    Status attachDiagnosisIn(storage::WriteTransaction &tx, const auth::Session &session, const QString &caseId,
                             const QString &accountId) override;

    // The verification level of the case now (evidence, contact changes, compromise signs).
    Result<LevelResult> level(const QString &caseId);

    // The body changes the record; it may add to the audit entry's details.
    using Change = std::function<Status(CaseRecord &record, storage::CaseStore &store, QJsonObject &details)>;
    // Runs one audited change of a case on the write path (used by resets too).
    Result<CaseRecord> change(const auth::Session &session, const QString &caseId, auth::Permission permission,
                              const QString &action, std::optional<int> expectedVersion, const Change &body,
                              const QJsonObject &details = {});

private:
    Result<cases::CaseFilter> checkedFilter(const auth::Session &session, cases::CaseFilter filter);
    // The change itself, inside an open write: loads the case, checks the version, runs body,
    // stores the case and its state event, and completes the entry's details.
    Result<CaseRecord> changeIn(storage::WriteTransaction &tx, const auth::Session &session, const QString &caseId,
                                std::optional<int> expectedVersion, const Change &body, audit::PendingEntry &entry);

    storage::Database &m_database;
    const crypto::KeyStore &m_keys;
    const Clock &m_clock;
};

} // namespace rd::cases
