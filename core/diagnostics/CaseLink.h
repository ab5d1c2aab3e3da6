#pragma once

#include "common/Result.h"
#include "model/Role.h"

#include <QString>

namespace rd::storage {
class WriteTransaction;
}

namespace rd::diagnostics {

// What a diagnosis run inside a case needs from the cases layer, which sits above diagnostics
// (a case's verification level asks the diagnostics whether the account shows compromise
// signs). CaseService implements it; callers that diagnose within a case hand one in.
class CaseLink {
public:
    virtual ~CaseLink() = default;
    // Inside the diagnosis' write: the case must exist, be open and concern accountId; the
    // diagnosis counts as work on it, and its entry commits with the diagnosis.
    virtual Status attachDiagnosisIn(storage::WriteTransaction &tx, const auth::Session &session, const QString &caseId,
                                     const QString &accountId) = 0;

protected:
    CaseLink() = default;
    CaseLink(const CaseLink &) = default;
    CaseLink &operator=(const CaseLink &) = default;
};

} // namespace rd::diagnostics
