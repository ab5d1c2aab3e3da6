#pragma once

#include "model/Role.h"
#include "common/Result.h"
#include "diagnostics/CaseLink.h"
#include "diagnostics/Finding.h"

#include <QString>

#include <optional>

namespace rd {
class Clock;
}
namespace rd::crypto {
class KeyStore;
}
namespace rd::storage {
class Database;
}

namespace rd::diagnostics {

struct DiagnoseRequest {
    QString accountId;
    QString code;                // as the user read it; never stored, logged or echoed
    std::optional<qint64> at;    // T; default: the attempt's time, else now
    QString device;              // default: the attempt's device
    QString ip;                  // default: the attempt's IP
    QString attemptId;           // supplies T, device, IP, location and the platform's reason
    QString caseId;              // attach the stored report to this case
};

// "Why was this backup code rejected?" (SPEC §6) for agents and supervisors.
class DiagnosticsService final {
public:
    // caseLink: needed only to diagnose within a case (DiagnoseRequest::caseId).
    DiagnosticsService(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock,
                       CaseLink *caseLink = nullptr);

    // Runs the diagnosis and stores the report (a view of sensitive data).
    Result<DiagnosisReport> diagnose(const auth::Session &session, const DiagnoseRequest &request);
    // Whether POSSIBLE_COMPROMISE holds for the account at a time, whatever code (verification policy).
    Result<bool> compromiseSigns(const QString &accountId, qint64 at);
    // The same without storing anything (benchmarks and previews).
    Result<DiagnosisReport> evaluate(const auth::Session &session, const DiagnoseRequest &request);

private:
    storage::Database &m_database;
    const crypto::KeyStore &m_keys;
    const Clock &m_clock;
    CaseLink *m_caseLink;
};

} // namespace rd::diagnostics
