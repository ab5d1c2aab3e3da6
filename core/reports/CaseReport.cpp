#include "reports/CaseReport.h"

namespace rd::reports {

const QStringList &formatNames()
{
    static const QStringList names = {QStringLiteral("pdf"), QStringLiteral("html"), QStringLiteral("csv"), QStringLiteral("json")};
    return names;
}

std::optional<ReportFormat> formatFromName(const QString &name)
{
    const qsizetype i = formatNames().indexOf(name.toLower());
    if (i < 0)
        return std::nullopt;
    return ReportFormat(i);
}

QString formatName(ReportFormat format)
{
    return formatNames().at(int(format));
}

QStringList CaseReport::fourEyesWarnings() const
{
    QStringList out;
    for (const audit::AuditEntry &e : audit)
        if ((e.action == QLatin1String("reset.approve") || e.action == QLatin1String("reset.reject"))
            && e.details.value(QStringLiteral("four_eyes")) == QJsonValue(false))
            out << QStringLiteral("%1 of %2 was decided by %3, whose supervisor role took effect with no second admin or "
                                  "supervisor to confirm it: these four eyes rest on one person.")
                       .arg(e.action == QLatin1String("reset.approve") ? QStringLiteral("The approval") : QStringLiteral("The rejection"),
                            e.details.value(QStringLiteral("request")).toString(), e.operatorName);
    return out;
}

} // namespace rd::reports
