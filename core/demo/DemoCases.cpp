#include "demo/DemoCases.h"

#include "cases/CaseService.h"
#include "cases/ResetService.h"
#include "common/Clock.h"
#include "crypto/SecretBytes.h"
#include "diagnostics/DiagnosticsService.h"
#include "storage/CaseStore.h"
#include "storage/Database.h"
#include "storage/OperatorStore.h"
#include "storage/Sql.h"

namespace rd::demo {

namespace {

const auth::Session kAgent{QStringLiteral("demo.agent"), QStringLiteral("Demo Agent"), auth::Role::Agent, true};
const auth::Session kSupervisor{QStringLiteral("demo.supervisor"), QStringLiteral("Demo Supervisor"), auth::Role::Supervisor, true};

} // namespace

void wipeCalls(QList<DemoCall> &calls)
{
    for (DemoCall &call : calls) {
        if (call.code.isEmpty())
            continue;
        call.code.detach();
        crypto::cleanse(call.code.data(), std::size_t(call.code.size()) * sizeof(QChar));
    }
    calls.clear();
}

namespace {

// A new case per caller, with the diagnosis of what they read out attached to it.
Status openCalls(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock, cases::CaseService &service,
                 const QList<DemoCall> &calls)
{
    diagnostics::DiagnosticsService diagnose(database, keys, clock, &service);
    for (const DemoCall &call : calls) {
        auto c = service.open(kAgent, {call.account, QStringLiteral("phone"), {}, call.summary, QStringLiteral("high")});
        if (!c)
            return c.error();
        diagnostics::DiagnoseRequest request;
        request.accountId = call.account;
        request.code = call.code;
        request.attemptId = call.attemptId;
        request.caseId = c->id;
        if (auto report = diagnose.diagnose(kAgent, request); !report)
            return report.error();
    }
    return {};
}

} // namespace

Result<int> openDemoCases(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock,
                          const QList<DemoCall> &calls)
{
    auto conn = database.connection();
    if (!conn)
        return conn.error();
    auto existing = storage::CaseStore(conn.value()).countCreatedBy(kAgent.username);
    if (!existing)
        return existing.error();
    if (existing.value() > 0)
        return 0; // the demo cases exist already: demo stays idempotent
    // The demo's case workers exist as disabled operators: the audit trail names real identities,
    // and nobody can sign in as them.
    storage::OperatorStore operators(database);
    for (const auth::Session &who : {kAgent, kSupervisor}) {
        auto found = operators.find(who.username);
        if (!found)
            return found.error();
        if (!found.value()) {
            storage::OperatorRow row{who.username, who.displayName, auth::roleName(who.role), QStringLiteral("!demo-no-password"), true, 0, {},
                                     clock.nowMs()};
            if (auto s = operators.insert(row); !s)
                return s.error();
        }
    }
    cases::CaseService service(database, keys, clock);
    cases::ResetService resets(database, keys, clock);
    struct Plan {
        int account;
        const char *summary;
        const char *priority;
        const char *target;
    };
    const Plan plans[] = {
        {1, "Backup code from an old printout rejected", "normal", "new"},
        {2, "Says the code worked last week", "high", "investigating"},
        {3, "Code rejected, user reading it over the phone", "normal", "awaiting_verification"},
        {5, "Codes revoked after phishing report", "urgent", "pending_approval"},
        {6, "Two-factor off, cannot sign in", "high", "approved"},
        {13, "Asked to unlock after repeated failures", "urgent", "reset_done"},
        {9, "Flagged account wants codes reset", "normal", "rejected"},
        {10, "New laptop not trusted", "low", "resolved"},
        {4, "Typo in backup code", "low", "closed"},
        {12, "Waiting for the user to find the printout", "normal", "on_hold"},
        {14, "Faulty code set, user back again", "high", "reopened"},
    };
    int opened = 0;
    for (const Plan &p : plans) {
        const QString account = QStringLiteral("demo-%1").arg(p.account, 4, 10, QLatin1Char('0'));
        auto c = service.open(kAgent, {account, QStringLiteral("phone"), {}, QString::fromUtf8(p.summary), QString::fromLatin1(p.priority)});
        if (!c)
            return c.error();
        ++opened;
        const QString id = c->id, target = QString::fromLatin1(p.target);
        Status step;
        auto check = [&](auto result) {
            if (step && !result)
                step = result.error();
        };
        if (target == QLatin1String("new"))
            continue;
        check(service.note(kAgent, id, QStringLiteral("Called the user back; walked through the sign-in screen.")));
        if (target == QLatin1String("investigating") || target == QLatin1String("resolved") || target == QLatin1String("closed")
            || target == QLatin1String("on_hold") || target == QLatin1String("reopened")) {
            if (target != QLatin1String("investigating") && target != QLatin1String("on_hold"))
                check(service.resolve(kAgent, id, QStringLiteral("User found the current printout; code worked.")));
            if (target == QLatin1String("closed") || target == QLatin1String("reopened"))
                check(service.close(kAgent, id));
            if (target == QLatin1String("reopened"))
                check(service.reopen(kAgent, id));
            if (target == QLatin1String("on_hold"))
                check(service.hold(kAgent, id));
            if (!step)
                return step.error();
            continue;
        }
        check(service.addEvidence(kAgent, id, QStringLiteral("email_otp"), QStringLiteral("pass"), {}));
        if (target != QLatin1String("awaiting_verification")) {
            check(service.addEvidence(kAgent, id, QStringLiteral("government_id"), QStringLiteral("pass"),
                                      QStringLiteral("Passport checked on video")));
            auto request = resets.request(kAgent, {id, QStringLiteral("unlock_account"), QStringLiteral("User verified, locked out"), {}, {}});
            check(request);
            if (request && target != QLatin1String("pending_approval")) {
                if (target == QLatin1String("rejected"))
                    check(resets.reject(kSupervisor, id, request->id, QStringLiteral("Flag must be cleared by the risk team first")));
                else
                    check(resets.approve(kSupervisor, id, request->id, QStringLiteral("Evidence is strong")));
                if (target == QLatin1String("reset_done"))
                    check(resets.execute(kAgent, id, request->id));
            }
        }
        if (!step)
            return step.error();
    }
    if (auto s = openCalls(database, keys, clock, service, calls); !s)
        return s.error();
    return opened + int(calls.size());
}

} // namespace rd::demo
