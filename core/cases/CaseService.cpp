#include "cases/CaseService.h"

#include "accounts/ContactProtector.h"
#include "audit/AuditLog.h"
#include "cases/CaseStateMachine.h"
#include "common/Clock.h"
#include "common/TypedText.h"
#include "crypto/KeyStore.h"
#include "diagnostics/DiagnosticsService.h"
#include "model/Role.h"
#include "policy/PolicyService.h"
#include "storage/CaseStore.h"
#include "storage/Database.h"
#include "storage/DiagnosticsStore.h"
#include "storage/OperatorStore.h"
#include "storage/Sql.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

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

// Whether POSSIBLE_COMPROMISE held in a stored diagnosis report (it is never primary, so it
// holds as "contributing"). SPEC §7: it raises the level a reset needs.
bool reportShowsCompromise(const QString &reportJson)
{
    const QJsonArray findings
        = QJsonDocument::fromJson(reportJson.toUtf8()).object().value(QStringLiteral("findings")).toArray();
    for (const QJsonValue &f : findings) {
        const QJsonObject o = f.toObject();
        if (o.value(QStringLiteral("check")).toString() == QLatin1String("POSSIBLE_COMPROMISE")
            && o.value(QStringLiteral("verdict")).toString() == QLatin1String("contributing"))
            return true;
    }
    return false;
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

Result<CaseRecord> CaseService::changeIn(storage::WriteTransaction &tx, const auth::Session &session, const QString &caseId,
                                         std::optional<int> expectedVersion, const Change &body, audit::PendingEntry &entry)
{
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
                                  .arg(*expectedVersion))
            .withCode(ErrorCode::Conflict);
    const QString before = record.state;
    if (auto s = body(record, store, entry.details); !s)
        return s.error();
    record.updatedAt = m_clock.nowMs();
    auto updated = store.update(record, version);
    if (!updated)
        return updated.error();
    if (!updated.value())
        return Error::refused(QStringLiteral("Case %1 changed, reload it and try again.").arg(caseId)).withCode(ErrorCode::Conflict);
    record.version = version + 1;
    if (before != record.state) {
        entry.details.insert(QStringLiteral("from"), before);
        entry.details.insert(QStringLiteral("to"), record.state);
        if (auto s = store.addEvent(caseId, record.updatedAt, session.username, QStringLiteral("state"),
                                    QStringLiteral("%1 → %2").arg(before, record.state));
            !s)
            return s.error();
    }
    return record;
}

Result<CaseRecord> CaseService::change(const auth::Session &session, const QString &caseId, auth::Permission permission,
                                       const QString &action, std::optional<int> expectedVersion, const Change &body,
                                       const QJsonObject &details)
{
    audit::AuditLog auditLog(m_database, m_keys, m_clock);
    if (auto s = auditLog.require(session, permission, action, caseId); !s)
        return s.error();
    CaseRecord record;
    auto entry = auditLog.write(audit::Actor::of(session), {action, caseId, details},
                                [&](storage::WriteTransaction &tx, audit::PendingEntry &e) -> Status {
                                    auto changed = changeIn(tx, session, caseId, expectedVersion, body, e);
                                    if (!changed)
                                        return changed.error();
                                    record = changed.value();
                                    return {};
                                });
    if (!entry) {
        // Refusals (illegal transition, four eyes, level too low) are denied actions too; a stale
        // version and "executed already" are not.
        const Error &e = entry.error();
        if (e.kind == ErrorKind::Refused && e.code != ErrorCode::Conflict && e.code != ErrorCode::AlreadyDone)
            return auditLog.denied(session, e, action, caseId);
        return e;
    }
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
        return Error::invalidChoice(QStringLiteral("channel"), QStringLiteral("channel"), channels());
    if (!priorities().contains(request.priority))
        return Error::invalidChoice(QStringLiteral("priority"), QStringLiteral("priority"), priorities());
    if (request.summary.trimmed().isEmpty() || request.summary.size() > 2000)
        return Error::invalidField(QStringLiteral("summary"), QStringLiteral("Give a summary of 1 to 2000 characters."));
    if (auto s = checkTypedText(QStringLiteral("summary"), request.summary); !s)
        return s.error();
    CaseRecord c;
    auto entry = auditLog.write(audit::Actor::of(session), {QStringLiteral("case.open"), {}, {}},
                                [&](storage::WriteTransaction &tx, audit::PendingEntry &pending) -> Status {
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
        pending.subject = c.id;
        pending.details = QJsonObject{{QStringLiteral("account"), c.accountId}, {QStringLiteral("channel"), c.channel},
                                    {QStringLiteral("priority"), c.priority}};
        return {};
    });
    if (!entry)
        return entry.error();
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
    auto reports = store.diagnosisReports(caseId);
    if (!reports)
        return reports.error();
    auto signsNow = diagnostics::DiagnosticsService(m_database, m_keys, m_clock).compromiseSigns(found->accountId, now);
    if (!signsNow)
        return signsNow.error();
    LevelInput input;
    input.evidence = evidence.value();
    input.emailChangedRecently = changes->contains(QStringLiteral("email_changed"));
    input.phoneChangedRecently = changes->contains(QStringLiteral("phone_changed"));
    input.possibleCompromise = signsNow.value();
    for (const QString &report : reports.value())
        input.possibleCompromise = input.possibleCompromise || reportShowsCompromise(report);
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

Result<CaseDetails> CaseService::follow(const auth::Session &session, const QString &caseId)
{
    if (auto s = audit::AuditLog(m_database, m_keys, m_clock).require(session, auth::Permission::WorkCases, QStringLiteral("case.view"), caseId); !s)
        return s.error();
    return load(caseId);
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

Result<cases::CaseFilter> CaseService::checkedFilter(const auth::Session &session, cases::CaseFilter filter)
{
    if (auto s = audit::AuditLog(m_database, m_keys, m_clock).require(session, auth::Permission::WorkCases, QStringLiteral("case.list")); !s)
        return s.error();
    static const QStringList states = {state::New, state::Investigating, state::AwaitingVerification, state::PendingApproval,
                                       state::Approved, state::ResetDone, state::Rejected, state::Resolved, state::Closed,
                                       state::OnHold, state::Reopened};
    if (!filter.state.isEmpty() && !states.contains(filter.state))
        return Error::invalidChoice(QStringLiteral("state"), QStringLiteral("state"), states);
    filter.me = session.username;
    filter.now = m_clock.nowMs();
    filter.limit = std::clamp(filter.limit, 1, kMaxListLimit);
    return filter;
}

Result<QList<CaseRecord>> CaseService::list(const auth::Session &session, const cases::CaseFilter &filter)
{
    auto listed = page(session, filter, false);
    if (!listed)
        return listed.error();
    return std::move(listed.value().rows);
}

Result<cases::CasePage> CaseService::page(const auth::Session &session, const cases::CaseFilter &filter, bool withTotal)
{
    auto checked = checkedFilter(session, filter);
    if (!checked)
        return checked.error();
    auto conn = m_database.connection();
    if (!conn)
        return conn.error();
    storage::CaseStore store(conn.value());
    auto rows = store.list(checked.value());
    if (!rows)
        return rows.error();
    cases::CasePage page;
    page.rows = std::move(rows.value());
    if (withTotal) {
        auto total = store.count(checked.value());
        if (!total)
            return total.error();
        page.total = total.value();
    }
    return page;
}

Result<QList<cases::SlaCounts>> CaseService::slaCounts(const auth::Session &session)
{
    auto checked = checkedFilter(session, {});
    if (!checked)
        return checked.error();
    auto conn = m_database.connection();
    if (!conn)
        return conn.error();
    auto counted = storage::CaseStore(conn.value()).slaCounts(checked->now);
    if (!counted)
        return counted.error();
    QList<cases::SlaCounts> rows;
    for (auto it = priorities().crbegin(); it != priorities().crend(); ++it) { // urgent first
        cases::SlaCounts row{*it};
        for (const cases::SlaCounts &c : counted.value())
            if (c.priority == *it)
                row = c;
        rows.append(row);
    }
    return rows;
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
        return Error::invalidField(QStringLiteral("text"), QStringLiteral("A note needs 1 to 20000 characters."));
    if (auto s = checkTypedText(QStringLiteral("text"), text); !s)
        return s.error();
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
        return Error::invalidChoice(QStringLiteral("method"), QStringLiteral("verification method"), evidenceMethods());
    if (result != QLatin1String("pass") && result != QLatin1String("fail"))
        return Error::invalidChoice(QStringLiteral("result"), QStringLiteral("result"),
                                    {QStringLiteral("pass"), QStringLiteral("fail")});
    if (auto s = checkTypedText(QStringLiteral("note"), note); !s)
        return s.error();
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
        return Error::invalidField(QStringLiteral("resolution"), QStringLiteral("Say how the case was resolved."));
    if (auto s = checkTypedText(QStringLiteral("resolution"), resolution); !s)
        return s.error();
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

Status CaseService::attachDiagnosisIn(storage::WriteTransaction &tx, const auth::Session &session, const QString &caseId,
                                     const QString &accountId)
{
    if (auto s = auth::requirePermission(session, auth::Permission::Diagnose); !s)
        return s;
    const qint64 now = m_clock.nowMs();
    audit::PendingEntry entry{QStringLiteral("case.diagnosis"), caseId, {}};
    auto changed = changeIn(tx, session, caseId, {},
                            [&](CaseRecord &c, storage::CaseStore &, QJsonObject &) -> Status {
                                if (c.accountId != accountId)
                                    return Error::badInput(QStringLiteral("Case %1 is about account %2, not %3.")
                                                               .arg(c.id, c.accountId, accountId.left(128)));
                                return work(c, CaseAction::Work, now);
                            },
                            entry);
    if (!changed)
        return changed.error();
    auto appended = audit::AuditLog(m_database, m_keys, m_clock)
                        .appendIn(tx, audit::Actor::of(session), entry.action, entry.subject, entry.details);
    return appended ? Status{} : Status{appended.error()};
}

} // namespace rd::cases
