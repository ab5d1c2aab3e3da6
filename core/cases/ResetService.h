#pragma once

#include "model/Role.h"
#include "model/CaseTypes.h"
#include "common/Result.h"

#include <QString>

namespace rd {
class Clock;
}
namespace rd::crypto {
class KeyStore;
}
namespace rd::storage {
class Database;
}

namespace rd::cases {

struct ResetRequestInput {
    QString caseId;
    QString kind;
    QString justification;
    QString deviceId; // revoke_device_trust
    QString contact;  // replace_recovery_contact: new email or phone, sealed, never stored in clear
};

struct ExecutionResult {
    QString actionId;
    QString kind;
    QString newSetId; // regenerate_codes: the new set; its codes went only into the sealed package
    int codeCount = 0;
    bool alreadyExecuted = false;
};

// Reset requests and the four-eyes decision (SPEC §7): a request needs level strong; only a
// supervisor other than the requester decides; a decision is refused when the evidence changed
// since the request or after 24 h. Execution records a platform action in the outbox.
class ResetService final {
public:
    static constexpr qint64 kExpiryMs = 24LL * 3600 * 1000;
    static constexpr int kCodesPerSet = 10;

    ResetService(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock);

    Result<ResetRequest> request(const auth::Session &session, const ResetRequestInput &input);
    // Requests waiting for a decision, for supervisors (the approvals queue).
    Result<QList<ApprovalItem>> pending(const auth::Session &session);
    Result<ResetRequest> approve(const auth::Session &session, const QString &caseId, const QString &requestId, const QString &reason);
    Result<ResetRequest> reject(const auth::Session &session, const QString &caseId, const QString &requestId, const QString &reason);
    // approve() or reject(), for the screens that offer both on one request.
    Result<ResetRequest> decide(const auth::Session &session, const QString &caseId, const QString &requestId, bool approve,
                                const QString &reason)
    {
        return approve ? this->approve(session, caseId, requestId, reason) : reject(session, caseId, requestId, reason);
    }
    Result<ExecutionResult> execute(const auth::Session &session, const QString &caseId, const QString &requestId);

private:
    Result<ResetRequest> decide(const auth::Session &session, const QString &caseId, const QString &requestId,
                                const QString &reason, bool approve);
    Status expireIfDue(const auth::Session &session, const QString &caseId);

    storage::Database &m_database;
    const crypto::KeyStore &m_keys;
    const Clock &m_clock;
};

} // namespace rd::cases
