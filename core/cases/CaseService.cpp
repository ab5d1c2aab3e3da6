#include "cases/CaseService.h"

#include "accounts/ContactProtector.h"
#include "audit/AuditLog.h"
#include "auth/OperatorService.h"
#include "cases/CaseStateMachine.h"
#include "common/Clock.h"
#include "crypto/KeyStore.h"
#include "diagnostics/DiagnosticsService.h"
#include "policy/Policy.h"
#include "storage/CaseStore.h"
#include "storage/Database.h"
#include "storage/DiagnosticsStore.h"
#include "storage/OperatorStore.h"
#include "storage/Sql.h"

namespace rd::cases {

namespace {

constexpr qint64 kMinuteMs = 60 * 1000;

Result<CaseRecord> loadCase(storage::CaseStore &store, const QString &id)
{
    auto found = store.find(id);
    if (!found)
        return found.error();
    if (!found.value())
        return Error::badInput(QStringLiteral("There is no case \"%1\"; check the id (case list shows them).").arg(id.left(64)));
    return *found.value();
}

// Working on a new or reopened case starts the investigation and answers the user.
Status work(CaseRecord &c, CaseAction action, qint64 now)
{
    auto next = nextState(c.state, action, c.heldState);
    if (!next)
        return next.error();
    c.state = next.value();
    if (!c.firstResponseAt)
        c.firstResponseAt = now;
    return {};
}

} // namespace

CaseService::CaseService(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock)
    : m_database(database), m_keys(keys), m_clock(clock)
{
}

Result<CaseRecord> CaseService::change(const auth::Session &session, const QString &caseId, auth::Permission permission,
                                       const QString &action, std::optional<int> expectedVersion, const Change &body,
                                       const QJsonObject &details)
{
    audit::AuditLog auditLog(m_database, m_keys, m_clock);
    if (auto s = auditLog.require(session, permission, action, caseId); !s)
        return s.error();
    auto conn = m_database.connection();
    if (!conn)
        return conn.error();
    storage::WriteTransaction tx(conn.value(), m_database.dialect());
    if (auto s = tx.begin(); !s)
        return s.error();
    storage::CaseStore store(tx.db());
    auto found = loadCase(store, caseId);
    if (!found)
        return found.error();
    CaseRecord record = found.value();
    const int version = record.version;
    if (expectedVersion && *expectedVersion != version)
        return Error::refused(QStringLiteral("Case %1 changed since you loaded it (version %2, you had %3); reload it and try again.")
                                  .arg(caseId)
                                  .arg(version)
                                  .arg(*expectedVersion));
    const QString before = record.state;
    QJsonObject d = details;
    if (auto s = body(record, store, d); !s) {
        tx.rollback();
        // Refusals (illegal transition, four eyes, level too low) are denied actions too.
        if (s.error().kind == ErrorKind::Refused && s.error().message != QLatin1String("already-executed"))
            return auditLog.denied(session, s.error(), action, caseId);
        return s.error();
    }
    record.updatedAt = m_clock.nowMs();
    auto updated = store.update(record, version);
    if (!updated)
        return updated.error();
    if (!updated.value())
        return Error::refused(QStringLiteral("Case %1 changed, reload it and try again.").arg(caseId));
    record.version = version + 1;
    if (before != record.state) {
        d.insert(QStringLiteral("from"), before);
        d.insert(QStringLiteral("to"), record.state);
        if (auto s = store.addEvent(caseId, record.updatedAt, session.username, QStringLiteral("state"),
                                    QStringLiteral("%1 → %2").arg(before, record.state));
            !s)
            return s.error();
    }
    if (auto e = auditLog.appendIn(tx.db(), audit::Actor::of(session), action, caseId, d); !e)
        return e.error();
    if (auto s = tx.commit(); !s)
        return s.error();
    return record;
}

Status CaseService::permit(const auth::Session &session, auth::Permission permission, const QString &action, const QString &caseId)
{
    return audit::AuditLog(m_database, m_keys, m_clock).require(session, permission, action, caseId);
}

Result<CaseRecord> CaseService::open(const auth::Session &session, const OpenCase &request)
{
    audit::AuditLog auditLog(m_database, m_keys, m_clock);
    if (auto s = auditLog.require(session, auth::Permission::WorkCases, QStringLiteral("case.open"), request.accountId); !s)
        return s.error();
    if (!channels().contains(request.channel))
        return Error::badInput(QStringLiteral("--channel takes one of %1.").arg(channels().join(QStringLiteral(", "))));
    if (!priorities().contains(request.priority))
        return Error::badInput(QStringLiteral("--priority takes one of %1.").arg(priorities().join(QStringLiteral(", "))));
    if (request.summary.trimmed().isEmpty() || request.summary.size() > 2000)
        return Error::badInput(QStringLiteral("Give a summary of 1 to 2000 characters (--summary)."));
    auto conn = m_database.connection();
    if (!conn)
        return conn.error();
    storage::WriteTransaction tx(conn.value(), m_database.dialect());
    if (auto s = tx.begin(); !s)
        return s.error();
    storage::CaseStore store(tx.db());
    auto exists = store.accountExists(request.accountId);
    if (!exists)
        return exists.error();
    if (!exists.value())
        return Error::badInput(QStringLiteral("There is no account \"%1\"; check the id.").arg(request.accountId.left(128)));
    auto id = store.nextCaseId();
    if (!id)
        return id.error();
    const qint64 now = m_clock.nowMs();
    const SlaTargets sla = slaFor(request.priority);
    CaseRecord c;
    c.id = id.value();
    c.accountId = request.accountId;
    c.channel = request.channel;
    c.summary = request.summary.trimmed();
    c.priority = request.priority;
    c.state = state::New;
    c.createdAt = now;
    c.createdBy = session.username;
    c.firstResponseDue = now + sla.firstResponseMin * kMinuteMs;
    c.resolutionDue = now + sla.resolutionMin * kMinuteMs;
    c.updatedAt = now;
    QByteArray reporter;
    if (!request.reporterContact.trimmed().isEmpty()) {
        accounts::ContactProtector contacts(m_keys.dataKey().view());
        const auto kind = request.reporterContact.contains(u'@') ? accounts::ContactKind::Email : accounts::ContactKind::Phone;
        auto enc = contacts.encrypt(kind, c.id, request.reporterContact.trimmed());
        if (!enc)
            return enc.error();
        reporter = enc.value();
    }
    if (auto s = store.insertCase(c, reporter); !s)
        return s.error();
    if (auto s = store.index(c.id, c.summary + u' ' + c.accountId + u' ' + c.id); !s)
        return s.error();
    if (auto s = store.addEvent(c.id, now, session.username, QStringLiteral("opened"), c.summary); !s)
        return s.error();
    if (auto e = auditLog.appendIn(tx.db(), audit::Actor::of(session), QStringLiteral("case.open"), c.id,
                                   QJsonObject{{QStringLiteral("account"), c.accountId}, {QStringLiteral("channel"), c.channel},
                                               {QStringLiteral("priority"), c.priority}});
        !e)
        return e.error();
    if (auto s = tx.commit(); !s)
        return s.error();
    return c;
}

Result<LevelResult> CaseService::level(const QString &caseId)
{
    auto conn = m_database.connection();
    if (!conn)
        return conn.error();
    storage::CaseStore store(conn.value());
    auto found = loadCase(store, caseId);
    if (!found)
        return found.error();
    auto evidence = store.evidence(caseId);
    if (!evidence)
        return evidence.error();
    auto policy = policy::PolicyService(m_database).current();
    if (!policy)
        return policy.error();
    const qint64 now = m_clock.nowMs();
    auto changes = store.securityEventsSince(found->accountId, now - qint64(policy->recentChangeDays) * 24 * 60 * kMinuteMs);
    if (!changes)
        return changes.error();
    auto inDiagnoses = store.compromiseInDiagnoses(caseId);
    if (!inDiagnoses)
        return inDiagnoses.error();
    auto signsNow = diagnostics::DiagnosticsService(m_database, m_keys, m_clock).compromiseSigns(found->accountId, now);
    if (!signsNow)
        return signsNow.error();
    LevelInput input;
    input.evidence = evidence.value();
    input.emailChangedRecently = changes->contains(QStringLiteral("email_changed"));
    input.phoneChangedRecently = changes->contains(QStringLiteral("phone_changed"));
    input.possibleCompromise = inDiagnoses.value() || signsNow.value();
    return computeLevel(input);
}

Result<CaseDetails> CaseService::show(const auth::Session &session, const QString &caseId)
{
    audit::AuditLog auditLog(m_database, m_keys, m_clock);
    if (auto s = auditLog.require(session, auth::Permission::WorkCases, QStringLiteral("case.view"), caseId); !s)
        return s.error();
    auto d = load(caseId);
    if (!d)
        return d.error();
    if (auto e = auditLog.append(audit::Actor::of(session), QStringLiteral("case.view"), caseId); !e)
        return e.error();
    return d;
}

Result<CaseDetails> CaseService::load(const QString &caseId)
{
    auto conn = m_database.connection();
    if (!conn)
        return conn.error();
    storage::CaseStore store(conn.value());
    auto found = loadCase(store, caseId);
    if (!found)
        return found.error();
    CaseDetails d;
    d.record = found.value();
    auto reporter = store.reporterEncrypted(caseId);
    if (!reporter)
        return reporter.error();
    if (!reporter->isEmpty()) {
        accounts::ContactProtector contacts(m_keys.dataKey().view());
        for (auto kind : {accounts::ContactKind::Email, accounts::ContactKind::Phone}) {
            auto plain = contacts.decrypt(kind, caseId, reporter.value());
            if (plain) {
                d.maskedReporter = kind == accounts::ContactKind::Email ? accounts::maskEmail(plain.value())
                                                                        : accounts::maskPhone(plain.value());
                break;
            }
        }
    }
    auto notes = store.notes(caseId);
    auto evidence = store.evidence(caseId);
    auto requests = store.requests(caseId);
    auto events = store.events(caseId);
    auto lvl = level(caseId);
    for (const Error *e : {notes ? nullptr : &notes.error(), evidence ? nullptr : &evidence.error(),
                           requests ? nullptr : &requests.error(), events ? nullptr : &events.error(), lvl ? nullptr : &lvl.error()})
        if (e)
            return *e;
    d.notes = notes.value();
    d.evidence = evidence.value();
    d.requests = requests.value();
    d.events = events.value();
    d.level = lvl.value();
    // From a month before the case was opened, so the lockout's history is in view.
    auto timeline = store.timeline(caseId, d.record.accountId, d.record.createdAt - 30LL * 24 * 60 * kMinuteMs, m_clock.nowMs(), 1000);
    if (!timeline)
        return timeline.error();
    d.timeline = timeline.value();
    auto diagnoses = store.diagnoses(caseId);
    if (!diagnoses)
        return diagnoses.error();
    d.diagnoses = diagnoses.value();
    return d;
}

Result<QList<CaseRecord>> CaseService::list(const auth::Session &session, const storage::CaseFilter &filter)
{
    if (auto s = audit::AuditLog(m_database, m_keys, m_clock).require(session, auth::Permission::WorkCases, QStringLiteral("case.list")); !s)
        return s.error();
    static const QStringList states = {state::New, state::Investigating, state::AwaitingVerification, state::PendingApproval,
                                       state::Approved, state::ResetDone, state::Rejected, state::Resolved, state::Closed,
                                       state::OnHold, state::Reopened};
    if (!filter.state.isEmpty() && !states.contains(filter.state))
        return Error::badInput(QStringLiteral("--state takes one of %1.").arg(states.join(QStringLiteral(", "))));
    auto conn = m_database.connection();
    if (!conn)
        return conn.error();
    return storage::CaseStore(conn.value()).list(filter);
}

Result<CaseRecord> CaseService::assign(const auth::Session &session, const QString &caseId, const QString &assignee,
                                       std::optional<int> expectedVersion)
{
    if (auto s = permit(session, auth::Permission::WorkCases, QStringLiteral("case.assign"), caseId); !s)
        return s.error();
    storage::OperatorStore operators(m_database);
    auto op = operators.find(assignee);
    if (!op)
        return op.error();
    if (!op.value() || op.value()->disabled || op.value()->role == QLatin1String("admin"))
        return Error::badInput(QStringLiteral("\"%1\" is not an active agent or supervisor; check the name (operator list).").arg(assignee.left(64)));
    const qint64 now = m_clock.nowMs();
    return change(session, caseId, auth::Permission::WorkCases, QStringLiteral("case.assign"), expectedVersion,
                  [&](CaseRecord &c, storage::CaseStore &store, QJsonObject &) -> Status {
                      if (auto s = work(c, CaseAction::Work, now); !s)
                          return s;
                      c.assignee = assignee;
                      return store.addEvent(c.id, now, session.username, QStringLiteral("assigned"), assignee);
                  },
                  QJsonObject{{QStringLiteral("assignee"), assignee}});
}

Result<CaseRecord> CaseService::note(const auth::Session &session, const QString &caseId, const QString &text,
                                     std::optional<int> expectedVersion)
{
    if (auto s = permit(session, auth::Permission::WorkCases, QStringLiteral("case.note"), caseId); !s)
        return s.error();
    if (text.trimmed().isEmpty() || text.size() > 20000)
        return Error::badInput(QStringLiteral("A note needs 1 to 20000 characters (--text)."));
    const qint64 now = m_clock.nowMs();
    return change(session, caseId, auth::Permission::WorkCases, QStringLiteral("case.note"), expectedVersion,
                  [&](CaseRecord &c, storage::CaseStore &store, QJsonObject &) -> Status {
                      if (auto s = work(c, CaseAction::Work, now); !s)
                          return s;
                      return store.addNote(c.id, now, session.username, text.trimmed());
                  });
}

Result<LevelResult> CaseService::addEvidence(const auth::Session &session, const QString &caseId, const QString &method,
                                             const QString &result, const QString &note, std::optional<int> expectedVersion)
{
    if (auto s = permit(session, auth::Permission::WorkCases, QStringLiteral("case.evidence"), caseId); !s)
        return s.error();
    if (!evidenceMethods().contains(method))
        return Error::badInput(QStringLiteral("--method takes one of %1.").arg(evidenceMethods().join(QStringLiteral(", "))));
    if (result != QLatin1String("pass") && result != QLatin1String("fail"))
        return Error::badInput(QStringLiteral("--result takes pass or fail."));
    const qint64 now = m_clock.nowMs();
    auto changed = change(session, caseId, auth::Permission::WorkCases, QStringLiteral("case.evidence"), expectedVersion,
                          [&](CaseRecord &c, storage::CaseStore &store, QJsonObject &) -> Status {
                              if (auto s = work(c, CaseAction::AddEvidence, now); !s)
                                  return s;
                              return store.addEvidence(c.id, {0, method, result, session.username, now, note.left(2000)});
                          },
                          QJsonObject{{QStringLiteral("method"), method}, {QStringLiteral("result"), result}});
    if (!changed)
        return changed.error();
    return level(caseId);
}

Result<CaseRecord> CaseService::hold(const auth::Session &session, const QString &caseId, std::optional<int> expectedVersion)
{
    return change(session, caseId, auth::Permission::WorkCases, QStringLiteral("case.hold"), expectedVersion,
                  [&](CaseRecord &c, storage::CaseStore &, QJsonObject &) -> Status {
                      auto next = nextState(c.state, CaseAction::Hold);
                      if (!next)
                          return next.error();
                      c.heldState = c.state;
                      c.state = next.value();
                      return {};
                  });
}

Result<CaseRecord> CaseService::resume(const auth::Session &session, const QString &caseId, std::optional<int> expectedVersion)
{
    return change(session, caseId, auth::Permission::WorkCases, QStringLiteral("case.resume"), expectedVersion,
                  [&](CaseRecord &c, storage::CaseStore &, QJsonObject &) -> Status {
                      auto next = nextState(c.state, CaseAction::Resume, c.heldState);
                      if (!next)
                          return next.error();
                      c.state = next.value();
                      c.heldState.clear();
                      return {};
                  });
}

Result<CaseRecord> CaseService::reopen(const auth::Session &session, const QString &caseId, std::optional<int> expectedVersion)
{
    return change(session, caseId, auth::Permission::WorkCases, QStringLiteral("case.reopen"), expectedVersion,
                  [&](CaseRecord &c, storage::CaseStore &, QJsonObject &) -> Status {
                      auto next = nextState(c.state, CaseAction::Reopen);
                      if (!next)
                          return next.error();
                      c.state = next.value();
                      c.resolvedAt.reset();
                      c.closedAt.reset();
                      return {};
                  });
}

Result<CaseRecord> CaseService::resolve(const auth::Session &session, const QString &caseId, const QString &resolution,
                                        std::optional<int> expectedVersion)
{
    if (auto s = permit(session, auth::Permission::WorkCases, QStringLiteral("case.resolve"), caseId); !s)
        return s.error();
    if (resolution.trimmed().isEmpty())
        return Error::badInput(QStringLiteral("Say how the case was resolved (--resolution)."));
    const qint64 now = m_clock.nowMs();
    return change(session, caseId, auth::Permission::WorkCases, QStringLiteral("case.resolve"), expectedVersion,
                  [&](CaseRecord &c, storage::CaseStore &store, QJsonObject &) -> Status {
                      auto next = nextState(c.state, CaseAction::Resolve);
                      if (!next)
                          return next.error();
                      c.state = next.value();
                      c.resolution = resolution.trimmed().left(4000);
                      c.resolvedAt = now;
                      return store.index(c.id, c.resolution);
                  });
}

Result<CaseRecord> CaseService::close(const auth::Session &session, const QString &caseId, std::optional<int> expectedVersion)
{
    const qint64 now = m_clock.nowMs();
    return change(session, caseId, auth::Permission::WorkCases, QStringLiteral("case.close"), expectedVersion,
                  [&](CaseRecord &c, storage::CaseStore &, QJsonObject &) -> Status {
                      auto next = nextState(c.state, CaseAction::Close);
                      if (!next)
                          return next.error();
                      c.state = next.value();
                      c.closedAt = now;
                      return {};
                  });
}

Status CaseService::attachDiagnosis(const auth::Session &session, const QString &caseId, const QString &accountId)
{
    const qint64 now = m_clock.nowMs();
    auto r = change(session, caseId, auth::Permission::Diagnose, QStringLiteral("case.diagnosis"), {},
                    [&](CaseRecord &c, storage::CaseStore &, QJsonObject &) -> Status {
                        if (c.accountId != accountId)
                            return Error::badInput(QStringLiteral("Case %1 is about account %2, not %3.")
                                                       .arg(c.id, c.accountId, accountId.left(128)));
                        return work(c, CaseAction::Work, now);
                    });
    return r ? Status{} : Status{r.error()};
}

} // namespace rd::cases
