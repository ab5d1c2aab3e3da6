#include "common/Csv.h"

namespace rd::csv {

QByteArray field(QString value)
{
    if (!value.isEmpty() && QStringLiteral("=+-@").contains(value.front()))
        value.prepend(u'\'');
    if (value.contains(u',') || value.contains(u'"') || value.contains(u'\n') || value.contains(u'\r'))
        return '"' + value.replace(u'"', QStringLiteral("\"\"")).toUtf8() + '"';
    return value.toUtf8();
}

QByteArray line(const QStringList &cells)
{
    QByteArray out;
    for (qsizetype i = 0; i < cells.size(); ++i) {
        if (i)
            out += ',';
        out += field(cells[i]);
    }
    return out + "\r\n";
}

} // namespace rd::csv
