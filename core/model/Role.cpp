#include "model/Role.h"

namespace rd::auth {

std::optional<Role> roleFromString(const QString &name)
{
    if (name == QLatin1String("agent"))
        return Role::Agent;
    if (name == QLatin1String("supervisor"))
        return Role::Supervisor;
    if (name == QLatin1String("admin"))
        return Role::Admin;
    return std::nullopt;
}

QString roleName(Role role)
{
    switch (role) {
    case Role::Agent:
        return QStringLiteral("agent");
    case Role::Supervisor:
        return QStringLiteral("supervisor");
    case Role::Admin:
        return QStringLiteral("admin");
    }
    return {};
}

bool roleAllows(Role role, Permission permission)
{
    switch (permission) {
    case Permission::ViewAccount:
    case Permission::Diagnose:
    case Permission::WorkCases:
    case Permission::ExportReport:
        return role == Role::Agent || role == Role::Supervisor;
    case Permission::DecideReset:
    case Permission::ReviewAudit:
        return role == Role::Supervisor;
    case Permission::ExportOutbox:
    case Permission::ConfirmGrant:
        return role == Role::Supervisor || role == Role::Admin;
    case Permission::ImportData:
    case Permission::RunDemo:
    case Permission::ManageOperators:
    case Permission::ManageDeliveryKey:
    case Permission::ManagePolicy:
    case Permission::ExportKeys:
    case Permission::CopyDatabase:
        // Admins run the installation but never touch cases or approvals (separation of duties).
        return role == Role::Admin;
    }
    return false;
}

QString permissionDescription(Permission permission)
{
    switch (permission) {
    case Permission::ViewAccount:
        return QStringLiteral("view account data");
    case Permission::Diagnose:
        return QStringLiteral("run diagnostics");
    case Permission::WorkCases:
        return QStringLiteral("work cases");
    case Permission::ExportReport:
        return QStringLiteral("export case reports");
    case Permission::DecideReset:
        return QStringLiteral("approve or reject reset requests");
    case Permission::ReviewAudit:
        return QStringLiteral("review the audit trail");
    case Permission::ExportOutbox:
        return QStringLiteral("export the outbox");
    case Permission::ImportData:
        return QStringLiteral("import platform data");
    case Permission::RunDemo:
        return QStringLiteral("create demo data");
    case Permission::ManageOperators:
        return QStringLiteral("manage operators");
    case Permission::ManageDeliveryKey:
        return QStringLiteral("set the delivery key");
    case Permission::ExportKeys:
        return QStringLiteral("export the keys");
    case Permission::CopyDatabase:
        return QStringLiteral("copy the database");
    case Permission::ManagePolicy:
        return QStringLiteral("change policy and incidents");
    case Permission::ConfirmGrant:
        return QStringLiteral("confirm or decline grants");
    }
    return {};
}

Status requirePermission(const Session &session, Permission permission)
{
    if (roleAllows(session.role, permission))
        return {};
    const QString name = roleName(session.role);
    const QString article = session.role == Role::Supervisor ? QStringLiteral("a") : QStringLiteral("an");
    return Error::refused(QStringLiteral("Operator \"%1\" is %2 %3 and may not %4.")
                              .arg(session.username, article, name, permissionDescription(permission)));
}

} // namespace rd::auth
