#pragma once

#include "common/Result.h"

#include <QString>

namespace rd::cases {

// What happens to a case (SPEC §7), and which state it leads to.
enum class CaseAction {
    Work,           // assign, note, diagnosis: new/reopened become investigating
    AddEvidence,    // the first evidence makes it awaiting_verification
    RequestReset,   // -> pending_approval
    Approve,        // -> approved
    Reject,         // -> rejected
    RequestExpired, // -> awaiting_verification
    Execute,        // -> reset_done
    Resolve,        // from investigating, awaiting_verification, rejected, reset_done
    Close,          // from resolved
    Reopen,         // from resolved, closed
    Hold,           // from any open state; remembers it
    Resume,         // back to the remembered state
};

QString actionName(CaseAction action);

// The state after `action`, or a refusal naming the current state. heldState is the state
// remembered by Hold (used by Resume).
Result<QString> nextState(const QString &current, CaseAction action, const QString &heldState = {});

bool isOpenState(const QString &state);

} // namespace rd::cases
