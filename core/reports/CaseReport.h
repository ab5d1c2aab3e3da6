#pragma once

#include "model/AccountTypes.h"
#include "model/AuditEntry.h"
#include "model/CaseTypes.h"
#include "cases/VerificationLevel.h"

#include <QList>
#include <QString>

#include <optional>

namespace rd::reports {

// SPEC §11 formats; the names are what `report --format` takes.
enum class ReportFormat { Pdf, Html, Csv, Json };
std::optional<ReportFormat> formatFromName(const QString &name);
QString formatName(ReportFormat format);
const QStringList &formatNames(); // pdf, html, csv, json

struct ReportFact {
    QString text;
    std::optional<qint64> at;
    QString record;
};

struct ReportFinding {
    QString check;   // SPEC §6 identifier
    QString verdict; // cause | contributing | ruled_out | not_applicable
    QString summary;
    QList<ReportFact> evidence;
    QString advice;
    QString userLine; // what the agent tells the user, where the check has words for it
    bool holds() const { return verdict == QLatin1String("cause") || verdict == QLatin1String("contributing"); }
};

// A diagnostic report attached to the case, as stored (it never held a code).
struct ReportDiagnosis {
    QString id;
    qint64 at = 0;        // T, the time diagnosed
    qint64 createdAt = 0; // when it was run
    QString operatorName;
    QString attemptId;
    QString primaryCause; // empty when no check held
    QList<ReportFinding> findings;
};

// Verification evidence as a report shows it: method and result, never the note (which may
// hold document numbers).
struct ReportEvidence {
    qint64 at = 0;
    QString method;
    QString result;
    QString verifier;
};

// Everything a case report shows, gathered once; the renderers only format it. Personal data
// is masked and free text scrubbed of contact data before it gets here.
struct CaseReport {
    cases::CaseRecord record;
    QString maskedReporter;
    cases::LevelResult level;
    accounts::AccountProfile account; // masked contacts, ledger states and counts
    QList<cases::TimelineItem> timeline;
    QList<ReportDiagnosis> diagnoses;
    QList<ReportEvidence> evidence;
    QList<cases::ResetRequest> requests;
    QList<audit::AuditEntry> audit; // the case's entries, the export's own entry last
    qint64 headSeq = 0;             // the chain head at export time
    QString headHash;
    qint64 generatedAt = 0;
    QString generatedBy;
    QString generatedByRole;

    // Decisions on this case whose four eyes rest on one person (an approver whose role took
    // effect with no second person to confirm it): one sentence each, from the audit entries.
    QStringList fourEyesWarnings() const;

    // The diagnosis a reader looks at first: the latest one.
    const ReportDiagnosis *latestDiagnosis() const { return diagnoses.isEmpty() ? nullptr : &diagnoses.last(); }
};

} // namespace rd::reports
