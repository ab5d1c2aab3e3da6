// The machine-readable faces of a case report: the timeline as CSV, everything as JSON.
#include "reports/ReportRenderers.h"

#include "common/Csv.h"
#include "common/Time.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace rd::reports {
namespace {

QJsonValue timeOrNull(const std::optional<qint64> &ms)
{
    return ms ? QJsonValue(time::formatRfc3339(*ms)) : QJsonValue();
}

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

QJsonObject caseJson(const CaseReport &r)
{
    const cases::CaseRecord &c = r.record;
    return {{QStringLiteral("id"), c.id},
            {QStringLiteral("account"), c.accountId},
            {QStringLiteral("channel"), c.channel},
            {QStringLiteral("summary"), c.summary},
            {QStringLiteral("priority"), c.priority},
            {QStringLiteral("state"), c.state},
            {QStringLiteral("assignee"), textOrNull(c.assignee)},
            {QStringLiteral("reporter"), textOrNull(r.maskedReporter)},
            {QStringLiteral("created_at"), time::formatRfc3339(c.createdAt)},
            {QStringLiteral("created_by"), c.createdBy},
            {QStringLiteral("first_response_due"), time::formatRfc3339(c.firstResponseDue)},
            {QStringLiteral("first_response_at"), timeOrNull(c.firstResponseAt)},
            {QStringLiteral("resolution_due"), time::formatRfc3339(c.resolutionDue)},
            {QStringLiteral("resolution"), textOrNull(c.resolution)},
            {QStringLiteral("resolved_at"), timeOrNull(c.resolvedAt)},
            {QStringLiteral("closed_at"), timeOrNull(c.closedAt)},
            {QStringLiteral("version"), c.version},
            {QStringLiteral("verification_level"), cases::levelName(r.level.level)},
            {QStringLiteral("standing_methods"), QJsonArray::fromStringList(r.level.standing)},
            {QStringLiteral("level_missing"), QJsonArray::fromStringList(r.level.missing)}};
}

QJsonObject accountJson(const accounts::AccountProfile &a)
{
    QJsonArray sets;
    for (const accounts::CodeSetSummary &s : a.codeSets)
        sets.append(QJsonObject{{QStringLiteral("id"), s.id},
                                {QStringLiteral("generated_at"), time::formatRfc3339(s.generatedAt)},
                                {QStringLiteral("generator"), textOrNull(s.generator)},
                                {QStringLiteral("format"), s.format},
                                {QStringLiteral("state"), s.state},
                                {QStringLiteral("superseded_at"), timeOrNull(s.supersededAt)},
                                {QStringLiteral("revoked_at"), timeOrNull(s.revokedAt)},
                                {QStringLiteral("revoked_reason"), textOrNull(s.revokedReason)},
                                {QStringLiteral("codes"), s.codes},
                                {QStringLiteral("used"), s.used}});
    return {{QStringLiteral("id"), a.summary.id},
            {QStringLiteral("handle"), a.summary.handle},
            {QStringLiteral("display_name"), a.summary.displayName},
            {QStringLiteral("status"), a.summary.status},
            {QStringLiteral("two_factor"), QJsonObject{{QStringLiteral("enabled"), a.summary.twoFactorEnabled},
                                                       {QStringLiteral("method"), textOrNull(a.summary.twoFactorMethod)},
                                                       {QStringLiteral("since"), timeOrNull(a.twoFactorSince)}}},
            {QStringLiteral("email"), textOrNull(a.maskedEmail)},
            {QStringLiteral("email_verified_at"), timeOrNull(a.emailVerifiedAt)},
            {QStringLiteral("phone"), textOrNull(a.maskedPhone)},
            {QStringLiteral("phone_verified_at"), timeOrNull(a.phoneVerifiedAt)},
            {QStringLiteral("login_attempts"), a.totalAttempts},
            {QStringLiteral("code_sets"), sets}};
}

QJsonArray diagnosesJson(const QList<ReportDiagnosis> &diagnoses)
{
    QJsonArray out;
    for (const ReportDiagnosis &d : diagnoses) {
        QJsonArray findings;
        for (const ReportFinding &f : d.findings) {
            QJsonArray evidence;
            for (const ReportFact &fact : f.evidence)
                evidence.append(QJsonObject{{QStringLiteral("fact"), fact.text}, {QStringLiteral("at"), timeOrNull(fact.at)},
                                            {QStringLiteral("record"), textOrNull(fact.record)}});
            QJsonObject finding{{QStringLiteral("check"), f.check}, {QStringLiteral("verdict"), f.verdict},
                                {QStringLiteral("summary"), f.summary}, {QStringLiteral("evidence"), evidence},
                                {QStringLiteral("advice"), f.advice}};
            if (!f.userLine.isEmpty())
                finding.insert(QStringLiteral("user_line"), f.userLine);
            findings.append(finding);
        }
        out.append(QJsonObject{{QStringLiteral("id"), d.id},
                               {QStringLiteral("at"), time::formatRfc3339(d.at)},
                               {QStringLiteral("run_at"), time::formatRfc3339(d.createdAt)},
                               {QStringLiteral("operator"), d.operatorName},
                               {QStringLiteral("attempt"), textOrNull(d.attemptId)},
                               {QStringLiteral("primary_cause"), textOrNull(d.primaryCause)},
                               {QStringLiteral("findings"), findings}});
    }
    return out;
}

QJsonArray requestsJson(const QList<cases::ResetRequest> &requests)
{
    QJsonArray out;
    for (const cases::ResetRequest &q : requests)
        out.append(QJsonObject{{QStringLiteral("id"), q.id},
                               {QStringLiteral("kind"), q.kind},
                               {QStringLiteral("state"), q.state},
                               {QStringLiteral("justification"), q.justification},
                               {QStringLiteral("device"), textOrNull(q.deviceId)},
                               {QStringLiteral("new_contact_sealed"), q.hasContact},
                               {QStringLiteral("requested_by"), q.requestedBy},
                               {QStringLiteral("requested_at"), time::formatRfc3339(q.requestedAt)},
                               {QStringLiteral("decided_by"), textOrNull(q.decidedBy)},
                               {QStringLiteral("decided_at"), timeOrNull(q.decidedAt)},
                               {QStringLiteral("decision_reason"), textOrNull(q.decisionReason)},
                               {QStringLiteral("executed_by"), textOrNull(q.executedBy)},
                               {QStringLiteral("executed_at"), timeOrNull(q.executedAt)},
                               {QStringLiteral("action"), textOrNull(q.actionId)}});
    return out;
}

} // namespace

QByteArray renderTimelineCsv(const CaseReport &report)
{
    QByteArray out = csv::line({QStringLiteral("case"), QStringLiteral("at"), QStringLiteral("source"), QStringLiteral("event"),
                                QStringLiteral("ref")});
    for (const cases::TimelineItem &i : report.timeline)
        out += csv::line({report.record.id, time::formatRfc3339(i.at), i.source, i.text, i.ref});
    return out;
}

QByteArray renderJson(const CaseReport &report)
{
    QJsonArray evidence;
    for (const ReportEvidence &e : report.evidence)
        evidence.append(QJsonObject{{QStringLiteral("at"), time::formatRfc3339(e.at)}, {QStringLiteral("method"), e.method},
                                    {QStringLiteral("result"), e.result}, {QStringLiteral("verifier"), e.verifier}});
    QJsonArray timeline;
    for (const cases::TimelineItem &i : report.timeline)
        timeline.append(QJsonObject{{QStringLiteral("at"), time::formatRfc3339(i.at)}, {QStringLiteral("source"), i.source},
                                    {QStringLiteral("event"), i.text}, {QStringLiteral("ref"), textOrNull(i.ref)}});
    QJsonArray audit;
    for (const audit::AuditEntry &e : report.audit)
        audit.append(QJsonObject{{QStringLiteral("seq"), e.seq},           {QStringLiteral("at"), e.at},
                                 {QStringLiteral("operator"), e.operatorName}, {QStringLiteral("role"), e.role},
                                 {QStringLiteral("action"), e.action},     {QStringLiteral("subject"), e.subject},
                                 {QStringLiteral("details"), e.details},   {QStringLiteral("prev_hash"), e.prevHash},
                                 {QStringLiteral("hash"), e.hash}});
    const QJsonObject root{
        {QStringLiteral("report"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("recoverydesk.case_report")},
                                               {QStringLiteral("version"), 1},
                                               {QStringLiteral("generated_at"), time::formatRfc3339(report.generatedAt)},
                                               {QStringLiteral("generated_by"), report.generatedBy},
                                               {QStringLiteral("role"), report.generatedByRole}}},
        {QStringLiteral("case"), caseJson(report)},
        {QStringLiteral("account"), accountJson(report.account)},
        {QStringLiteral("diagnoses"), diagnosesJson(report.diagnoses)},
        {QStringLiteral("evidence"), evidence},
        {QStringLiteral("reset_requests"), requestsJson(report.requests)},
        {QStringLiteral("four_eyes_warnings"), QJsonArray::fromStringList(report.fourEyesWarnings())},
        {QStringLiteral("timeline"), timeline},
        {QStringLiteral("audit"), QJsonObject{{QStringLiteral("entries"), audit},
                                              {QStringLiteral("head"), QJsonObject{{QStringLiteral("seq"), report.headSeq},
                                                                                   {QStringLiteral("hash"), report.headHash}}}}}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Renderer builtinRenderer(ReportFormat format)
{
    auto wrap = [](QByteArray (*render)(const CaseReport &)) -> Renderer {
        return [render](const CaseReport &r) -> Result<QByteArray> { return render(r); };
    };
    switch (format) {
    case ReportFormat::Html:
        return wrap(renderHtml);
    case ReportFormat::Csv:
        return wrap(renderTimelineCsv);
    case ReportFormat::Json:
        return wrap(renderJson);
    case ReportFormat::Pdf:
        break;
    }
    return {};
}

} // namespace rd::reports
