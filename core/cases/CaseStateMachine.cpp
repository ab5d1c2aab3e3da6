#include "cases/CaseStateMachine.h"

#include "model/CaseTypes.h"

namespace rd::cases {

QString actionName(CaseAction action)
{
    switch (action) {
    case CaseAction::Work:
        return QStringLiteral("work on");
    case CaseAction::AddEvidence:
        return QStringLiteral("add evidence to");
    case CaseAction::RequestReset:
        return QStringLiteral("request a reset for");
    case CaseAction::Approve:
        return QStringLiteral("approve a request of");
    case CaseAction::Reject:
        return QStringLiteral("reject a request of");
    case CaseAction::RequestExpired:
        return QStringLiteral("expire a request of");
    case CaseAction::Execute:
        return QStringLiteral("execute a request of");
    case CaseAction::Resolve:
        return QStringLiteral("resolve");
    case CaseAction::Close:
        return QStringLiteral("close");
    case CaseAction::Reopen:
        return QStringLiteral("reopen");
    case CaseAction::Hold:
        return QStringLiteral("put on hold");
    case CaseAction::Resume:
        return QStringLiteral("resume");
    }
    return {};
}

bool isOpenState(const QString &s)
{
    return s != state::Resolved && s != state::Closed && s != state::OnHold;
}

Result<QString> nextState(const QString &s, CaseAction action, const QString &heldState)
{
    using namespace state;
    auto refuse = [&]() -> Result<QString> {
        QString hint;
        if (s == OnHold)
            hint = QStringLiteral("; resume it first");
        else if (s == Resolved || s == Closed)
            hint = QStringLiteral("; reopen it first");
        return Error::refused(QStringLiteral("Cannot %1 a case that is %2%3.").arg(actionName(action), s, hint));
    };
    const bool fresh = s == New || s == Reopened;
    switch (action) {
    case CaseAction::Work:
        if (fresh)
            return Investigating;
        if (isOpenState(s))
            return s;
        return refuse();
    case CaseAction::AddEvidence:
        if (fresh || s == Investigating || s == Rejected)
            return AwaitingVerification;
        if (s == AwaitingVerification || s == PendingApproval || s == Approved || s == ResetDone)
            return s;
        return refuse();
    case CaseAction::RequestReset:
        if (s == AwaitingVerification || s == Rejected || s == ResetDone)
            return PendingApproval;
        return refuse();
    case CaseAction::Approve:
        return s == PendingApproval ? Result<QString>(Approved) : refuse();
    case CaseAction::Reject:
        return s == PendingApproval ? Result<QString>(Rejected) : refuse();
    case CaseAction::RequestExpired:
        return s == PendingApproval ? Result<QString>(AwaitingVerification) : refuse();
    case CaseAction::Execute:
        return s == Approved ? Result<QString>(ResetDone) : refuse();
    case CaseAction::Resolve:
        if (s == Investigating || s == AwaitingVerification || s == Rejected || s == ResetDone)
            return Resolved;
        return refuse();
    case CaseAction::Close:
        return s == Resolved ? Result<QString>(Closed) : refuse();
    case CaseAction::Reopen:
        return s == Resolved || s == Closed ? Result<QString>(Reopened) : refuse();
    case CaseAction::Hold:
        return isOpenState(s) ? Result<QString>(OnHold) : refuse();
    case CaseAction::Resume:
        if (s == OnHold && !heldState.isEmpty())
            return heldState;
        return Error::refused(QStringLiteral("Cannot resume a case that is %1; only cases on hold resume.").arg(s));
    }
    return refuse();
}

} // namespace rd::cases
