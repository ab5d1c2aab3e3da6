#pragma once

#include <QString>

class QTableView;

namespace rd::ui {

// Restores a table's column layout (widths, order, sort) from the settings under key and
// saves it whenever the user changes it.
void persistHeader(QTableView *view, const QString &key);
// Table defaults shared by the read-only lists: row selection, no editing, no wrapping.
void setUpReadOnlyTable(QTableView *view, const QString &objectName, const QString &accessibleName);

} // namespace rd::ui
