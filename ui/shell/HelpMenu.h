#pragma once

class QMainWindow;
class QString;

namespace rd::ui {

// Help → Keyboard shortcuts (every menu shortcut, read from the menus themselves, and the keys
// inside the pages) and Help → About RecoveryDesk.
void addHelpMenu(QMainWindow *window, const QString &databaseLabel);

} // namespace rd::ui
