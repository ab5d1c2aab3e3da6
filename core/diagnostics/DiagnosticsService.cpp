#include "diagnostics/DiagnosticsService.h"

#include "audit/AuditLog.h"
#include "model/Role.h"
#include "common/Time.h"
#include "common/Clock.h"
#include "crypto/KeyStore.h"
#include "crypto/Random.h"
#include "diagnostics/CodeMatcher.h"
#include "diagnostics/DiagnosticsEngine.h"
#include "diagnostics/Evaluation.h"
#include "ledger/LedgerHasher.h"
#include "policy/PolicyService.h"
#include "storage/Database.h"
#include "storage/DiagnosticsStore.h"
#include "storage/Sql.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace rd::diagnostics {

DiagnosticsService::DiagnosticsService(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock,
                                       CaseLink *caseLink)
    : m_database(database), m_keys(keys), m_clock(clock), m_caseLink(caseLink)
{
}

Result<DiagnosisReport> DiagnosticsService::evaluate(const auth::Session &session, const DiagnoseRequest &request)
{
    if (auto s = audit::AuditLog(m_database, m_keys, m_clock).require(session, auth::Permission::Diagnose, QStringLiteral("diagnose"),
                                                                    request.accountId);
        !s)
        return s.error();
    if (request.code.trimmed().isEmpty())
        return Error::invalidField(QStringLiteral("code"), QStringLiteral("Give the code the user typed."), ErrorCode::MissingValue);
    if (request.code.size() > 128)
        return Error::badInput(QStringLiteral("The code is longer than 128 characters; backup codes are 8 to 16 characters."));

    storage::DiagnosticsStore store(m_database);
    DiagnosisContext context;
    auto found = store.loadAccount(request.accountId, &context);
    if (!found)
        return found.error();
    if (!found.value())
        return Error::badInput(QStringLiteral("There is no account \"%1\"; check the id.").arg(request.accountId.left(128)));

    EngineInput input{m_clock.nowMs(), request.device, request.ip};
    if (!request.attemptId.isEmpty()) {
        QString owner;
        auto attempt = store.attempt(request.attemptId, &owner);
        if (!attempt)
            return attempt.error();
        if (!attempt.value() || owner != request.accountId)
            return Error::badInput(QStringLiteral("There is no login attempt \"%1\" for account \"%2\".")
                                       .arg(request.attemptId.left(128), request.accountId.left(128)));
        context.attempt = attempt.value();
        input.at = context.attempt->at;
        if (input.device.isEmpty())
            input.device = context.attempt->device;
        if (input.ip.isEmpty())
            input.ip = context.attempt->ip;
    }
    if (request.at)
        input.at = *request.at;

    auto policy = policy::PolicyService(m_database).current();
    if (!policy)
        return policy.error();
    storage::LoadWindows windows;
    // Every attempt from here to T: the lockout streak, and step-up demands after a code use
    // (STEP_UP_AFTER_CODE looks 10 minutes back whatever the lockout policy says).
    windows.lockFrom = input.at - std::max<qint64>((policy->lockoutWindowS + policy->lockTimeS) * 1000, kStepUpWindowMs);
    windows.recentFrom = input.at - policy->recentHours * 3600 * 1000;
    windows.compromiseFrom = input.at - qint64(std::max(policy->compromiseWindowDays, policy->recentChangeDays)) * 24 * 3600 * 1000;

    ledger::LedgerHasher hasher(m_keys.ledgerKey().view());
    CodeMatcher matcher(hasher);
    if (auto s = store.loadContext(&context, input.at, windows, matcher.lookupTags(request.code)); !s)
        return s.error();
    const MatchResult match = matcher.match(request.code, context);
    for (const CodeRef &ref : match.exact) {
        const CodeRow &code = context.sets[ref.set].codes[ref.code];
        if (code.usedAt && *code.usedAt <= input.at) {
            auto place = store.placeOfUse(request.accountId, *code.usedAt);
            if (!place)
                return place.error();
            context.usePlaces.insert(QStringLiteral("%1#%2").arg(context.sets[ref.set].id).arg(code.index), place.value());
        }
    }
    return DiagnosticsEngine::evaluate(context, match, policy.value(), input);
}

Result<bool> DiagnosticsService::compromiseSigns(const QString &accountId, qint64 at)
{
    storage::DiagnosticsStore store(m_database);
    DiagnosisContext context;
    auto found = store.loadAccount(accountId, &context);
    if (!found)
        return found.error();
    if (!found.value())
        return false;
    auto policy = policy::PolicyService(m_database).current();
    if (!policy)
        return policy.error();
    storage::LoadWindows windows{at, at, at - qint64(std::max(policy->compromiseWindowDays, policy->recentChangeDays)) * 24 * 3600 * 1000};
    if (auto s = store.loadContext(&context, at, windows, {}); !s)
        return s.error();
    const MatchResult none;
    const Evaluation e{context, policy.value(), none, at, {}, {}, true, {}};
    return checkPossibleCompromise(e).holds();
}

Result<DiagnosisReport> DiagnosticsService::diagnose(const auth::Session &session, const DiagnoseRequest &request)
{
    auto report = evaluate(session, request);
    if (!report)
        return report;
    if (!request.caseId.isEmpty() && !m_caseLink)
        return Error::storage(QStringLiteral("This program cannot attach a diagnosis to a case (no case service)."));
    const QByteArray random = crypto::randomBytes(8);
    if (random.isEmpty())
        return Error::storage(QStringLiteral("The system random generator failed."));
    report->id = QStringLiteral("dx-") + QString::fromLatin1(random.toHex());
    storage::StoredDiagnosis stored;
    stored.id = report->id;
    stored.accountId = report->account;
    stored.at = report->at;
    stored.createdAt = m_clock.nowMs();
    stored.operatorName = session.username;
    stored.caseId = request.caseId;
    stored.attemptId = report->attemptId;
    stored.primaryCause = report->primaryCause ? checkId(*report->primaryCause) : QString();
    stored.reportJson = QString::fromUtf8(QJsonDocument(report->toJson()).toJson(QJsonDocument::Compact));
    // The report, its attachment to the case and their audit entries (a diagnosis is a view of
    // sensitive data) commit together, or nothing does.
    audit::AuditLog auditLog(m_database, m_keys, m_clock);
    bool caseRefused = false;
    auto entry = auditLog.write(
        audit::Actor::of(session),
        {QStringLiteral("diagnose"), report->account,
         QJsonObject{{QStringLiteral("diagnosis"), report->id},
                     {QStringLiteral("primary_cause"), stored.primaryCause},
                     {QStringLiteral("attempt"), report->attemptId},
                     {QStringLiteral("at"), time::formatRfc3339(report->at)}}},
        [&](storage::WriteTransaction &tx, audit::PendingEntry &) -> Status {
            if (!request.caseId.isEmpty()) {
                if (auto s = m_caseLink->attachDiagnosisIn(tx, session, request.caseId, request.accountId); !s) {
                    caseRefused = s.error().kind == ErrorKind::Refused;
                    return s;
                }
            }
            return storage::DiagnosticsStore(m_database).save(stored);
        });
    if (!entry) {
        // A case that may not take the diagnosis (closed, another account's) is a denied action.
        if (caseRefused)
            return auditLog.denied(session, entry.error(), QStringLiteral("case.diagnosis"), request.caseId);
        return entry.error();
    }
    return report;
}

} // namespace rd::diagnostics
