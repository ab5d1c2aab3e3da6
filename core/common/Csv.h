#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace rd::csv {

// One RFC 4180 cell. A cell that starts like a spreadsheet formula (= + - @) is defused with a
// leading apostrophe: exports are opened in spreadsheets, and a cell must never run there.
QByteArray field(QString value);
// The cells joined by commas, ended by CRLF.
QByteArray line(const QStringList &cells);

} // namespace rd::csv
