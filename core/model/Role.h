#pragma once

#include "common/Result.h"

#include <QString>

#include <optional>

namespace rd::auth {

enum class Role { Agent, Supervisor, Admin };

std::optional<Role> roleFromString(const QString &name);
QString roleName(Role role);

// What an operation needs (SPEC §9 "who may run what"). Checked in core services.
enum class Permission {
    ViewAccount,     // account show, the ledger, devices, attempts
    Diagnose,
    WorkCases,       // open, show, list, assign, note, evidence, request-reset, execute, hold, ...
    ExportReport,
    DecideReset,     // approve or reject another operator's reset request
    ReviewAudit,     // audit verify, audit export
    ExportOutbox,
    ImportData,
    RunDemo,
    ManageOperators,
    ManageDeliveryKey,
    ManagePolicy,    // policy values and incidents
    ExportKeys,      // keys export: the team's key bundle
    CopyDatabase,    // copy --to: the whole database into another one
    ConfirmGrant,    // confirm or decline another person's pending grant (supervisor or admin)
};

bool roleAllows(Role role, Permission permission);
// "import platform data", for refusal messages.
QString permissionDescription(Permission permission);

// The signed-in operator on whose behalf a service acts.
struct Session {
    QString username;
    QString displayName;
    Role role = Role::Agent;
    // A session the installation makes for its own scripted work (the demo's case workers, who
    // exist as disabled operators), not a person's sign-in: AuditLog::require does not read its
    // operator's standing again. Never set from anything a person typed.
    bool installation = false;
    // Which password the operator signed in with (a short digest of its stored hash, set by
    // OperatorService::signIn): a window whose operator's password changed since ends (standing()).
    // Empty for sessions not made by a sign-in.
    QString passwordStamp;
};

// Refuses with a clear sentence when the session's role does not allow the permission.
Status requirePermission(const Session &session, Permission permission);

} // namespace rd::auth
