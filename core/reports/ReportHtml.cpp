// The case report as HTML: one document for browsers and for the PDF (QTextDocument reads the
// same markup), so tables use attributes QTextDocument understands (cellpadding, bgcolor, thead)
// and sizes are in points. The body's tiny letter spacing keeps Qt from forming ligatures, so
// text extracted from the PDF reads "verified", not "veri\uFB01ed".
#include "reports/ReportRenderers.h"

#include "common/CanonicalJson.h"
#include "common/Time.h"

#include <QDateTime>
#include <QJsonObject>

namespace rd::reports {
namespace {

const QString kInk = QStringLiteral("#1c2733");
const QString kBrand = QStringLiteral("#1f3a5f");
const QString kMuted = QStringLiteral("#5b6776");
const QString kRule = QStringLiteral("#d5dbe3");
const QString kBand = QStringLiteral("#f3f5f8");

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString timeOr(const std::optional<qint64> &ms, const QString &none = QStringLiteral("—"))
{
    return ms ? displayTime(*ms) : none;
}

QString human(QString identifier)
{
    return identifier.replace(u'_', u' ');
}

QString verdictColor(const QString &verdict)
{
    if (verdict == QLatin1String("cause"))
        return QStringLiteral("#b3261e");
    if (verdict == QLatin1String("contributing"))
        return QStringLiteral("#9a6700");
    return kMuted;
}

QString stateColor(const QString &state)
{
    if (state == QLatin1String("reset_done") || state == QLatin1String("resolved") || state == QLatin1String("closed")
        || state == QLatin1String("executed") || state == QLatin1String("approved") || state == QLatin1String("pass"))
        return QStringLiteral("#1e7b4f");
    if (state == QLatin1String("rejected") || state == QLatin1String("expired") || state == QLatin1String("fail"))
        return QStringLiteral("#b3261e");
    return QStringLiteral("#9a6700");
}

// Identifiers of SPEC §6 stay as they are (agents search for them); states read as words.
QString badge(const QString &text, const QString &color, bool asIdentifier = false)
{
    return QStringLiteral("<span style=\"color:%1; font-weight:bold\">%2</span>").arg(color, esc(asIdentifier ? text : human(text)));
}

// A table with a header row that repeats on every PDF page, banded body rows.
class Table {
public:
    explicit Table(const QStringList &headers, const QList<int> &widths = {})
    {
        m_html = QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"4\" class=\"grid\"><thead><tr>");
        for (qsizetype i = 0; i < headers.size(); ++i) {
            const QString width = i < widths.size() ? QStringLiteral(" width=\"%1%\"").arg(widths[i]) : QString();
            m_html += QStringLiteral("<th align=\"left\" bgcolor=\"%1\"%2>%3</th>").arg(kBrand, width, esc(headers[i]));
        }
        m_html += QStringLiteral("</tr></thead><tbody>");
    }
    // Cells are HTML already.
    void row(const QStringList &cells)
    {
        m_html += QStringLiteral("<tr>");
        const QString bg = m_rows++ % 2 ? QStringLiteral(" bgcolor=\"%1\"").arg(kBand) : QString();
        for (const QString &c : cells)
            m_html += QStringLiteral("<td valign=\"top\"%1>%2</td>").arg(bg, c);
        m_html += QStringLiteral("</tr>");
    }
    QString html(const QString &empty) const
    {
        if (m_rows == 0)
            return QStringLiteral("<p class=\"muted\">%1</p>").arg(esc(empty));
        return m_html + QStringLiteral("</tbody></table>");
    }

private:
    QString m_html;
    int m_rows = 0;
};

// Label/value pairs in two columns of pairs.
QString facts(const QList<std::pair<QString, QString>> &pairs)
{
    QString html = QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"3\" class=\"facts\">");
    for (qsizetype i = 0; i < pairs.size(); i += 2) {
        html += QStringLiteral("<tr>");
        for (qsizetype j = i; j < i + 2; ++j) {
            if (j < pairs.size())
                html += QStringLiteral("<td width=\"17%\" class=\"label\">%1</td><td width=\"33%\">%2</td>").arg(esc(pairs[j].first), pairs[j].second);
            else
                html += QStringLiteral("<td width=\"17%\"></td><td width=\"33%\"></td>");
        }
        html += QStringLiteral("</tr>");
    }
    return html + QStringLiteral("</table>");
}

// QTextDocument ignores the margins of a heading that follows a table, so an empty spacer
// paragraph keeps sections apart in the PDF as in a browser.
QString section(const QString &title)
{
    return QStringLiteral("<p class=\"spacer\">&nbsp;</p><h2>%1</h2>").arg(esc(title));
}

// {"from":"new","to":"investigating"} reads as "from: new · to: investigating".
QString readableDetails(const QJsonObject &details)
{
    QStringList parts;
    for (auto it = details.begin(); it != details.end(); ++it) {
        const QString value = it->isString() ? it->toString() : QString::fromUtf8(canonicalJson(*it));
        parts << it.key() + QStringLiteral(": ") + value;
    }
    return parts.join(QStringLiteral(" · "));
}

QString titleBlock(const CaseReport &r)
{
    const ReportDiagnosis *latest = r.latestDiagnosis();
    const QString cause = latest && !latest->primaryCause.isEmpty() ? latest->primaryCause : QStringLiteral("not diagnosed");
    return QStringLiteral(
               "<table width=\"100%\" cellspacing=\"0\" cellpadding=\"10\" bgcolor=\"%1\"><tr><td>"
               "<p class=\"kicker\">RECOVERYDESK · LOCKOUT CASE REPORT</p>"
               "<p class=\"title\">Case %2</p>"
               "<p class=\"subtitle\">%3</p>"
               "</td><td align=\"right\" valign=\"top\" width=\"34%\">"
               "<p class=\"kicker\">PRIMARY CAUSE</p><p class=\"cause\">%4</p>"
               "<p class=\"kicker\">STATE</p><p class=\"state\">%5</p>"
               "</td></tr></table>"
               "<p class=\"meta\">&nbsp;<br/>Generated %6 by %7 (%8) · account %9 · audit chain head #%10</p>")
        .arg(kBrand, esc(r.record.id), esc(r.record.summary), esc(cause), esc(human(r.record.state)), esc(displayTime(r.generatedAt)),
             esc(r.generatedBy), esc(r.generatedByRole), esc(r.record.accountId))
        .arg(r.headSeq);
}

QString caseSection(const CaseReport &r)
{
    const cases::CaseRecord &c = r.record;
    QList<std::pair<QString, QString>> pairs = {
        {QStringLiteral("State"), badge(c.state, stateColor(c.state))},
        {QStringLiteral("Priority"), esc(c.priority)},
        {QStringLiteral("Channel"), esc(c.channel)},
        {QStringLiteral("Assignee"), esc(c.assignee.isEmpty() ? QStringLiteral("unassigned") : c.assignee)},
        {QStringLiteral("Opened"), esc(displayTime(c.createdAt) + QStringLiteral(" by ") + c.createdBy)},
        {QStringLiteral("Reporter"), esc(r.maskedReporter.isEmpty() ? QStringLiteral("—") : r.maskedReporter)},
        {QStringLiteral("First response due"), esc(displayTime(c.firstResponseDue))},
        {QStringLiteral("First response"), esc(timeOr(c.firstResponseAt))},
        {QStringLiteral("Resolution due"), esc(displayTime(c.resolutionDue))},
        {QStringLiteral("Resolved"), esc(timeOr(c.resolvedAt))},
        {QStringLiteral("Verification level"), badge(cases::levelName(r.level.level), stateColor(cases::levelName(r.level.level) == QLatin1String("strong") ? QStringLiteral("pass") : QString()))},
        {QStringLiteral("Standing methods"), esc(r.level.standing.isEmpty() ? QStringLiteral("none") : r.level.standing.join(QStringLiteral(", ")))},
    };
    if (!c.resolution.isEmpty())
        pairs.append({QStringLiteral("Resolution"), esc(c.resolution)});
    return section(QStringLiteral("1  Case")) + facts(pairs);
}

QString accountSection(const CaseReport &r)
{
    const accounts::AccountProfile &a = r.account;
    const QString twoFactor = a.summary.twoFactorEnabled
        ? QStringLiteral("on (%1) since %2").arg(a.summary.twoFactorMethod, timeOr(a.twoFactorSince, QStringLiteral("unknown")))
        : QStringLiteral("off");
    const QString email = a.maskedEmail.isEmpty() ? QStringLiteral("none on file")
                                                  : a.maskedEmail + QStringLiteral(" (verified ") + timeOr(a.emailVerifiedAt, QStringLiteral("never")) + u')';
    const QString phone = a.maskedPhone.isEmpty() ? QStringLiteral("none on file")
                                                  : a.maskedPhone + QStringLiteral(" (verified ") + timeOr(a.phoneVerifiedAt, QStringLiteral("never")) + u')';
    QString html = section(QStringLiteral("2  Account"))
        + facts({{QStringLiteral("Account"), esc(a.summary.id + QStringLiteral(" · @") + a.summary.handle)},
                 {QStringLiteral("Name"), esc(a.summary.displayName)},
                 {QStringLiteral("Status"), badge(a.summary.status, a.summary.status == QLatin1String("active") ? stateColor(QStringLiteral("pass")) : stateColor(QString()))},
                 {QStringLiteral("Two-factor"), esc(twoFactor)},
                 {QStringLiteral("Email"), esc(email)},
                 {QStringLiteral("Phone"), esc(phone)},
                 {QStringLiteral("Created"), esc(displayTime(a.summary.createdAt))},
                 {QStringLiteral("Login attempts"), QString::number(a.totalAttempts)}});
    Table sets({QStringLiteral("Code set"), QStringLiteral("Generated"), QStringLiteral("Generator"), QStringLiteral("State"),
                QStringLiteral("Used / codes"), QStringLiteral("Since")},
               {19, 22, 15, 13, 11, 20});
    for (const accounts::CodeSetSummary &s : a.codeSets) {
        const std::optional<qint64> since = s.revokedAt ? s.revokedAt : s.supersededAt;
        QString state = badge(s.state, s.state == QLatin1String("active") ? stateColor(QStringLiteral("pass")) : kMuted);
        if (!s.revokedReason.isEmpty())
            state += QStringLiteral("<br/><span class=\"muted\">%1</span>").arg(esc(human(s.revokedReason)));
        sets.row({esc(s.id), esc(displayTime(s.generatedAt)), esc(s.generator.isEmpty() ? QStringLiteral("—") : s.generator), state,
                  QStringLiteral("%1 / %2").arg(s.used).arg(s.codes), esc(timeOr(since))});
    }
    return html + QStringLiteral("<p class=\"spacer\">&nbsp;</p><h3>Code ledger (states and counts; never code values)</h3>") + sets.html(QStringLiteral("No code sets on file."));
}

QString factsOf(const ReportFinding &f)
{
    QString html = QStringLiteral("<b>%1</b>").arg(esc(f.summary));
    for (const ReportFact &fact : f.evidence) {
        html += QStringLiteral("<br/>• %1").arg(esc(fact.text));
        QStringList where;
        if (fact.at)
            where << displayTime(*fact.at);
        if (!fact.record.isEmpty())
            where << fact.record;
        if (!where.isEmpty())
            html += QStringLiteral(" <span class=\"muted\">(%1)</span>").arg(esc(where.join(QStringLiteral(", "))));
    }
    if (!f.advice.isEmpty())
        html += QStringLiteral("<br/><i>Next step: %1</i>").arg(esc(f.advice));
    if (!f.userLine.isEmpty() && f.verdict == QLatin1String("cause"))
        html += QStringLiteral("<br/>For the user: “%1”").arg(esc(f.userLine));
    return html;
}

QString diagnosesSection(const CaseReport &r)
{
    QString html = section(QStringLiteral("3  Diagnostic reports"));
    if (r.diagnoses.isEmpty())
        return html + QStringLiteral("<p class=\"muted\">No diagnosis is attached to this case.</p>");
    int n = 0;
    for (const ReportDiagnosis &d : r.diagnoses) {
        html += QStringLiteral("<p class=\"spacer\">&nbsp;</p><h3>Diagnosis %1 of %2 · %3</h3>").arg(++n).arg(r.diagnoses.size()).arg(esc(d.id));
        html += facts({{QStringLiteral("Primary cause"), d.primaryCause.isEmpty() ? QStringLiteral("none held")
                                                                                  : badge(d.primaryCause, verdictColor(QStringLiteral("cause")), true)},
                       {QStringLiteral("Attempt time (T)"), esc(displayTime(d.at))},
                       {QStringLiteral("Run by"), esc(d.operatorName + QStringLiteral(" at ") + displayTime(d.createdAt))},
                       {QStringLiteral("Login attempt"), esc(d.attemptId.isEmpty() ? QStringLiteral("as reported by the user") : d.attemptId)}});
        Table findings({QStringLiteral("Check"), QStringLiteral("Verdict"), QStringLiteral("Finding, evidence and next step")}, {20, 13, 67});
        QStringList ruledOut;
        QStringList notApplicable;
        for (const ReportFinding &f : d.findings) {
            if (f.holds())
                findings.row({QStringLiteral("<b>%1</b>").arg(esc(f.check)), badge(f.verdict, verdictColor(f.verdict)), factsOf(f)});
            else
                (f.verdict == QLatin1String("ruled_out") ? ruledOut : notApplicable) << f.check;
        }
        html += findings.html(QStringLiteral("No check held."));
        if (!ruledOut.isEmpty())
            html += QStringLiteral("<p class=\"small\"><b>Ruled out:</b> %1</p>").arg(esc(ruledOut.join(QStringLiteral(", "))));
        if (!notApplicable.isEmpty())
            html += QStringLiteral("<p class=\"small\"><b>Not applicable:</b> %1</p>").arg(esc(notApplicable.join(QStringLiteral(", "))));
    }
    return html;
}

QString evidenceSection(const CaseReport &r)
{
    Table t({QStringLiteral("Recorded"), QStringLiteral("Method"), QStringLiteral("Result"), QStringLiteral("Verifier")}, {26, 34, 14, 26});
    for (const ReportEvidence &e : r.evidence)
        t.row({esc(displayTime(e.at)), esc(human(e.method)), badge(e.result, stateColor(e.result)), esc(e.verifier)});
    QString level = QStringLiteral("<p>Verification level now: %1").arg(badge(cases::levelName(r.level.level), kInk));
    if (!r.level.missing.isEmpty())
        level += QStringLiteral(" · strong still needs: %1").arg(esc(r.level.missing.join(QStringLiteral("; "))));
    return section(QStringLiteral("4  Verification evidence (methods and results only)")) + t.html(QStringLiteral("No evidence recorded.")) + level + QStringLiteral("</p>");
}

QString requestsSection(const CaseReport &r)
{
    Table t({QStringLiteral("Request"), QStringLiteral("Requested"), QStringLiteral("Decision"), QStringLiteral("Execution")}, {28, 24, 26, 22});
    for (const cases::ResetRequest &q : r.requests) {
        QString what = QStringLiteral("<b>%1</b> · %2<br/>%3").arg(esc(q.id), esc(human(q.kind)), badge(q.state, stateColor(q.state)));
        if (!q.deviceId.isEmpty())
            what += QStringLiteral("<br/>device %1").arg(esc(q.deviceId));
        if (q.hasContact)
            what += QStringLiteral("<br/><span class=\"muted\">new contact sealed for the platform</span>");
        const QString requested = QStringLiteral("%1<br/>%2<br/><i>%3</i>").arg(esc(q.requestedBy), esc(displayTime(q.requestedAt)), esc(q.justification));
        const QString decided = q.decidedAt ? QStringLiteral("%1<br/>%2<br/><i>%3</i>").arg(esc(q.decidedBy), esc(displayTime(*q.decidedAt)), esc(q.decisionReason))
                                            : QStringLiteral("<span class=\"muted\">not decided</span>");
        const QString executed = q.executedAt ? QStringLiteral("%1<br/>%2<br/>action %3").arg(esc(q.executedBy), esc(displayTime(*q.executedAt)), esc(q.actionId))
                                              : QStringLiteral("<span class=\"muted\">not executed</span>");
        t.row({what, requested, decided, executed});
    }
    QString warnings;
    for (const QString &w : r.fourEyesWarnings())
        warnings += QStringLiteral("<p><b>Four eyes:</b> %1</p>").arg(esc(w));
    return section(QStringLiteral("5  Reset requests, approvals and execution")) + t.html(QStringLiteral("No reset was requested."))
           + warnings;
}

QString timelineSection(const CaseReport &r)
{
    Table t({QStringLiteral("Time"), QStringLiteral("Source"), QStringLiteral("Event"), QStringLiteral("Record")}, {21, 9, 52, 18});
    for (const cases::TimelineItem &i : r.timeline)
        t.row({esc(displayTime(i.at)), esc(human(i.source)), esc(i.text), QStringLiteral("<span class=\"muted\">%1</span>").arg(esc(i.ref))});
    return section(QStringLiteral("6  Timeline (account activity and case actions, oldest first)")) + t.html(QStringLiteral("Nothing happened in the window."));
}

QString auditSection(const CaseReport &r)
{
    Table t({QStringLiteral("#"), QStringLiteral("Time"), QStringLiteral("Operator"), QStringLiteral("Action"), QStringLiteral("Details"), QStringLiteral("Hash")},
            {6, 20, 14, 15, 31, 14});
    for (const audit::AuditEntry &e : r.audit) {
        t.row({QString::number(e.seq), esc(e.at.left(19).replace(u'T', u' ')), esc(e.operatorName + QStringLiteral(" (") + e.role + u')'),
               esc(e.action), QStringLiteral("<span class=\"small\">%1</span>").arg(esc(readableDetails(e.details))),
               QStringLiteral("<span class=\"mono\">%1…</span>").arg(esc(e.hash.left(12)))});
    }
    return section(QStringLiteral("7  Audit trail of this case"))
        + t.html(QStringLiteral("No audit entries."))
        + QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"8\" bgcolor=\"%1\" class=\"head\"><tr><td>"
                         "<b>Audit chain head at export</b> · entry #%2 (this export)<br/><span class=\"mono\">%3</span><br/>"
                         "<span class=\"muted\">Check it later with <i>recoverydesk-cli audit verify</i>; a supervisor's signed audit "
                         "export that contains this entry proves the report was made from an intact trail.</span></td></tr></table>")
              .arg(kBand)
              .arg(r.headSeq)
              .arg(esc(r.headHash));
}

QString styleSheet()
{
    return QStringLiteral(
               "body { font-family: 'DejaVu Sans', 'Noto Sans', sans-serif; font-size: 8.5pt; color: %1; letter-spacing: 0.05px; }"
               "h2 { font-size: 12pt; color: %2; margin-top: 14pt; margin-bottom: 4pt; border-bottom: 1px solid %3; }"
               "h3 { font-size: 9.5pt; color: %1; margin-top: 8pt; margin-bottom: 3pt; }"
               "p { margin-top: 2pt; margin-bottom: 2pt; }"
               ".spacer { font-size: 5pt; margin: 0; }"
               "th { color: #ffffff; font-size: 8pt; font-weight: bold; }"
               "table.grid { border-collapse: collapse; border: 1px solid %3; }"
               "td.label { color: %4; }"
               ".kicker { color: #b8c7da; font-size: 7pt; font-weight: bold; margin: 0; }"
               ".title { color: #ffffff; font-size: 20pt; font-weight: bold; margin: 0; }"
               ".subtitle { color: #e8eef6; font-size: 10pt; margin: 0; }"
               ".cause { color: #ffd27a; font-size: 13pt; font-weight: bold; margin: 0 0 4pt 0; }"
               ".state { color: #ffffff; font-size: 10pt; font-weight: bold; margin: 0; }"
               ".meta { color: %4; font-size: 7.5pt; margin-top: 4pt; }"
               ".muted { color: %4; }"
               ".small { font-size: 7.5pt; color: %4; }"
               ".mono { font-family: 'DejaVu Sans Mono', monospace; font-size: 7pt; }")
        .arg(kInk, kBrand, kRule, kMuted);
}

} // namespace

QString displayTime(qint64 msecsUtc)
{
    return QDateTime::fromMSecsSinceEpoch(msecsUtc, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

QByteArray renderHtml(const CaseReport &report)
{
    const QString body = titleBlock(report) + caseSection(report) + accountSection(report) + diagnosesSection(report)
        + evidenceSection(report) + requestsSection(report) + timelineSection(report) + auditSection(report);
    return QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"/><title>Case %1 · RecoveryDesk report</title>"
                          "<style>%2</style></head><body>%3</body></html>\n")
        .arg(report.record.id.toHtmlEscaped(), styleSheet(), body)
        .toUtf8();
}

} // namespace rd::reports
