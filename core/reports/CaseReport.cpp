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

} // namespace rd::reports
