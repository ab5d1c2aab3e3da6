#pragma once

#include "model/Role.h"
#include "common/Result.h"
#include "reports/CaseReport.h"
#include "reports/ReportRenderers.h"

#include <QString>

#include <functional>

namespace rd {
class Clock;
}
namespace rd::crypto {
class KeyStore;
}
namespace rd::storage {
class Database;
}

namespace rd::reports {

struct ExportResult {
    QString path;
    qint64 bytes = 0;
    qint64 headSeq = 0;
    QString headHash;
};

// Called between the steps of an export with a percentage and what happens next; returning
// false cancels (only before anything is recorded or written).
using Progress = std::function<bool(int percent, const QString &step)>;

// Case reports (SPEC §11) for agents and supervisors. An export is one audited action,
// report.export, whose entry is the last of the report's audit section and whose hash is the
// chain head the report names.
class ReportService final {
public:
    ReportService(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock);

    // Gathers the report and records the export in the audit trail.
    Result<CaseReport> prepare(const auth::Session &session, const QString &caseId, ReportFormat format,
                               const QString &fileName = {}, const Progress &progress = {});
    // prepare, render with the given renderer and write path atomically.
    Result<ExportResult> exportTo(const auth::Session &session, const QString &caseId, ReportFormat format,
                                  const QString &path, const Renderer &renderer, const Progress &progress = {});

private:
    Status gather(const QString &caseId, CaseReport *report);

    storage::Database &m_database;
    const crypto::KeyStore &m_keys;
    const Clock &m_clock;
};

} // namespace rd::reports
