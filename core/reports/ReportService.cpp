#include "reports/ReportService.h"

#include "accounts/AccountService.h"
#include "audit/AuditLog.h"
#include "cases/CaseService.h"
#include "common/Clock.h"
#include "common/PrivateFile.h"
#include "common/Time.h"
#include "reports/Redaction.h"
#include "storage/AuditStore.h"
#include "storage/Database.h"
#include "storage/DiagnosticsStore.h"
#include "storage/Sql.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace rd::reports {
namespace {

ReportDiagnosis fromStored(const storage::StoredDiagnosis &stored)
{
    ReportDiagnosis d{stored.id, stored.at, stored.createdAt, stored.operatorName, stored.attemptId, stored.primaryCause, {}};
    const QJsonObject report = QJsonDocument::fromJson(stored.reportJson.toUtf8()).object();
    for (const QJsonValue &value : report.value(QStringLiteral("findings")).toArray()) {
        const QJsonObject f = value.toObject();
        ReportFinding finding{f.value(QStringLiteral("check")).toString(), f.value(QStringLiteral("verdict")).toString(),
                              f.value(QStringLiteral("summary")).toString(), {}, f.value(QStringLiteral("advice")).toString(),
                              f.value(QStringLiteral("user_line")).toString()};
        for (const QJsonValue &factValue : f.value(QStringLiteral("evidence")).toArray()) {
            const QJsonObject fact = factValue.toObject();
            finding.evidence.append({fact.value(QStringLiteral("fact")).toString(),
                                     time::parseRfc3339(fact.value(QStringLiteral("at")).toString()),
                                     fact.value(QStringLiteral("record")).toString()});
        }
        d.findings.append(finding);
    }
    return d;
}

bool carriesOperatorText(const QString &timelineSource)
{
    return timelineSource == QLatin1String("note") || timelineSource == QLatin1String("case");
}

bool proceed(const Progress &progress, int percent, const QString &step)
{
    return !progress || progress(percent, step);
}

Error cancelled()
{
    return Error::refused(QStringLiteral("The report export was cancelled; nothing was written."));
}

} // namespace

ReportService::ReportService(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock)
    : m_database(database), m_keys(keys), m_clock(clock)
{
}

Status ReportService::gather(const QString &caseId, CaseReport *report)
{
    auto details = cases::CaseService(m_database, m_keys, m_clock).load(caseId);
    if (!details)
        return details.error();
    report->record = details->record;
    report->record.summary = maskContacts(report->record.summary);
    report->record.resolution = maskContacts(report->record.resolution);
    report->maskedReporter = details->maskedReporter;
    report->level = details->level;
    report->timeline = details->timeline;
    for (cases::TimelineItem &item : report->timeline) {
        if (carriesOperatorText(item.source))
            item.text = maskContacts(item.text);
    }
    for (const cases::EvidenceRecord &e : std::as_const(details->evidence))
        report->evidence.append({e.at, e.method, e.result, e.verifier});
    report->requests = details->requests;
    for (cases::ResetRequest &r : report->requests) {
        r.justification = maskContacts(r.justification);
        r.decisionReason = maskContacts(r.decisionReason);
        r.evidenceFingerprint.clear();
    }
    auto account = accounts::AccountService(m_database, m_keys, m_clock).load(report->record.accountId, 0);
    if (!account)
        return account.error();
    report->account = account.value();
    auto diagnoses = storage::DiagnosticsStore(m_database).forCase(caseId);
    if (!diagnoses)
        return diagnoses.error();
    for (const storage::StoredDiagnosis &stored : std::as_const(diagnoses.value()))
        report->diagnoses.append(fromStored(stored));
    return {};
}

Result<CaseReport> ReportService::prepare(const auth::Session &session, const QString &caseId, ReportFormat format,
                                          const QString &fileName, const Progress &progress)
{
    audit::AuditLog auditLog(m_database, m_keys, m_clock);
    if (auto s = auditLog.require(session, auth::Permission::ExportReport, QStringLiteral("report.export"), caseId); !s)
        return s.error();
    if (!proceed(progress, 5, QStringLiteral("Reading the case")))
        return cancelled();
    CaseReport report;
    if (auto s = gather(caseId, &report); !s)
        return s.error();
    if (!proceed(progress, 35, QStringLiteral("Recording the export in the audit trail")))
        return cancelled();

    // The export's own entry and the case's entries come from one write transaction, so the
    // head the report names is exactly the chain as it stood when the report was made.
    auto conn = m_database.connection();
    if (!conn)
        return conn.error();
    storage::WriteTransaction tx(conn.value(), m_database.dialect());
    if (auto s = tx.begin(); !s)
        return s.error();
    QJsonObject details{{QStringLiteral("format"), formatName(format)}};
    if (!fileName.isEmpty())
        details.insert(QStringLiteral("file"), QFileInfo(fileName).fileName());
    auto head = auditLog.appendIn(tx, audit::Actor::of(session), QStringLiteral("report.export"), caseId, details);
    if (!head)
        return head.error();
    audit::AuditFilter filter;
    filter.subject = caseId;
    auto read = storage::AuditStore(tx.db()).forEach(
        [&](const audit::AuditEntry &e) {
            if (e.seq > head->seq)
                return false;
            report.audit.append(e);
            return true;
        },
        filter);
    if (!read)
        return read.error();
    if (auto s = tx.commit(); !s)
        return s.error();
    report.headSeq = head->seq;
    report.headHash = head->hash;
    report.generatedAt = m_clock.nowMs();
    report.generatedBy = session.displayName.isEmpty() ? session.username : session.displayName;
    report.generatedByRole = auth::roleName(session.role);
    return report;
}

Result<ExportResult> ReportService::exportTo(const auth::Session &session, const QString &caseId, ReportFormat format,
                                             const QString &path, const Renderer &renderer, const Progress &progress)
{
    if (!renderer)
        return Error::badInput(QStringLiteral("This program cannot write %1 reports; choose html, csv or json.").arg(formatName(format)));
    if (path.trimmed().isEmpty())
        return Error::invalidField(QStringLiteral("out"), QStringLiteral("Say where to write the report."), ErrorCode::MissingValue);
    auto report = prepare(session, caseId, format, path, progress);
    if (!report)
        return report.error();
    (void)proceed(progress, 55, QStringLiteral("Rendering the %1").arg(formatName(format).toUpper()));
    auto bytes = renderer(report.value());
    if (!bytes)
        return bytes.error();
    (void)proceed(progress, 90, QStringLiteral("Writing %1").arg(QFileInfo(path).fileName()));
    PrivateFile out(path); // 0600, never through a link: a report carries personal data
    if (auto s = out.open(); !s)
        return s.error();
    out.write(bytes.value());
    if (auto s = out.commit(); !s)
        return s.error();
    (void)proceed(progress, 100, QStringLiteral("Done"));
    return ExportResult{path, bytes->size(), report->headSeq, report->headHash};
}

} // namespace rd::reports
