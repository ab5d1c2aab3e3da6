#pragma once

#include "diagnostics/CodeMatcher.h"
#include "model/DiagnosisContext.h"
#include "diagnostics/Finding.h"
#include "model/Policy.h"

namespace rd::diagnostics {

struct EngineInput {
    qint64 at = 0;
    QString device;
    QString ip;
};

// Runs every check of SPEC §6 on a loaded context and picks the primary cause: the first
// check in precedence order that holds and may be primary. Pure: no I/O, no clock.
class DiagnosticsEngine final {
public:
    static DiagnosisReport evaluate(const DiagnosisContext &context, const MatchResult &match,
                                    const policy::Policy &policy, const EngineInput &input);
};

} // namespace rd::diagnostics
