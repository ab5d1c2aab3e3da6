#pragma once

#include <QString>

#include <functional>

class QAbstractItemView;
class QTableView;

namespace rd::ui {

// Restores a table's column layout (widths, order, sort) from the settings under key and
// saves it whenever the user changes it.
void persistHeader(QTableView *view, const QString &key);
// Table defaults shared by the read-only lists: row selection, no editing, no wrapping.
void setUpReadOnlyTable(QTableView *view, const QString &objectName, const QString &accessibleName);

// Where a list's end is: lists that grow at the end (notes, audit entries) show their newest
// rows and keep following them while the operator stays at the end.
enum class ListEnd { Stay, Follow };
// Runs reload, which replaces the view's records, without moving the operator's place: the
// current row (found again by its first column) and the scroll position stay as they were.
// With ListEnd::Follow a list scrolled to its end (or not yet scrollable) shows its end again.
void keepPlace(QAbstractItemView *view, ListEnd end, const std::function<void()> &reload);

} // namespace rd::ui
