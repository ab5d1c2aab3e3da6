#include "shell/HelpMenu.h"

#include "common/Format.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace rd::ui {
namespace {

// The keys that live inside pages rather than in the menus.
struct PageKey {
    const char *keys;
    const char *what;
};
const PageKey kPageKeys[] = {
    {QT_TRANSLATE_NOOP("HelpMenu", "Enter"), QT_TRANSLATE_NOOP("HelpMenu", "Open the highlighted case or account (arrows only move)")},
    {QT_TRANSLATE_NOOP("HelpMenu", "Ctrl+Enter"), QT_TRANSLATE_NOOP("HelpMenu", "Run the diagnosis (Diagnostics tab)")},
    {QT_TRANSLATE_NOOP("HelpMenu", "Alt+underlined letter"), QT_TRANSLATE_NOOP("HelpMenu", "Any button or field with an underlined letter")},
    {QT_TRANSLATE_NOOP("HelpMenu", "Tab / Shift+Tab"), QT_TRANSLATE_NOOP("HelpMenu", "Next / previous field; leaves a table in one press")},
    {QT_TRANSLATE_NOOP("HelpMenu", "Esc"), QT_TRANSLATE_NOOP("HelpMenu", "Close a dialog without saving")},
};

QString withoutMnemonic(QString text)
{
    text.remove(QLatin1Char('&'));
    if (text.endsWith(QStringLiteral("…")))
        text.chop(1);
    return text;
}

void showShortcuts(QMainWindow *window)
{
    QDialog dialog(window);
    dialog.setObjectName(QStringLiteral("shortcutsDialog"));
    dialog.setWindowTitle(QApplication::translate("HelpMenu", "Keyboard shortcuts"));
    auto *table = new QTableWidget(0, 3, &dialog);
    table->setObjectName(QStringLiteral("shortcutsTable"));
    table->setHorizontalHeaderLabels({QApplication::translate("HelpMenu", "Keys"), QApplication::translate("HelpMenu", "Does"),
                                      QApplication::translate("HelpMenu", "Where")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setTabKeyNavigation(false);
    auto add = [table](const QString &keys, const QString &what, const QString &where) {
        const int row = table->rowCount();
        table->insertRow(row);
        table->setItem(row, 0, new QTableWidgetItem(keys));
        table->setItem(row, 1, new QTableWidgetItem(what));
        table->setItem(row, 2, new QTableWidgetItem(where));
    };
    // Read from the menus, so the list can never disagree with them.
    for (QAction *menuAction : window->menuBar()->actions()) {
        QMenu *menu = menuAction->menu();
        if (!menu)
            continue;
        for (QAction *action : menu->actions()) {
            if (!action->shortcut().isEmpty())
                add(action->shortcut().toString(QKeySequence::NativeText), withoutMnemonic(action->text()), withoutMnemonic(menuAction->text()));
        }
    }
    for (const PageKey &key : kPageKeys)
        add(QApplication::translate("HelpMenu", key.keys), QApplication::translate("HelpMenu", key.what),
            QApplication::translate("HelpMenu", "Pages"));
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(table);
    layout->addWidget(buttons);
    dialog.resize(640, 480);
    dialog.exec();
}

} // namespace

void addHelpMenu(QMainWindow *window, const QString &databaseLabel)
{
    QMenu *help = window->menuBar()->addMenu(QApplication::translate("HelpMenu", "&Help"));
    QAction *keys = help->addAction(QApplication::translate("HelpMenu", "&Keyboard shortcuts"), window, [window] { showShortcuts(window); });
    keys->setObjectName(QStringLiteral("actionShortcuts"));
    keys->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
    help->addSeparator();
    QAction *about = help->addAction(QApplication::translate("HelpMenu", "&About RecoveryDesk"), window, [window, databaseLabel] {
        QMessageBox::about(window, QApplication::translate("HelpMenu", "About RecoveryDesk"),
                           QApplication::translate("HelpMenu", "<h3>RecoveryDesk %1</h3><p>The case manager for backup-code lockouts: "
                                                               "diagnosis, verification, four-eyes resets and a tamper-evident "
                                                               "audit trail.</p><p>Database: %2</p><p>Built with Qt %3.</p>")
                               .arg(QApplication::applicationVersion().toHtmlEscaped(),
                                    databaseLabel.isEmpty() ? QApplication::translate("HelpMenu", "this desk's file") : databaseLabel.toHtmlEscaped(),
                                    QString::fromLatin1(qVersion())));
    });
    about->setObjectName(QStringLiteral("actionAbout"));
}

} // namespace rd::ui
