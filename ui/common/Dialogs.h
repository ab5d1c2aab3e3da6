#pragma once

#include <QMessageBox>
#include <QString>

class QWidget;

namespace rd::ui {

// Message boxes go through here so GUI tests can answer them in advance (KeePassXC's
// MessageBox::setNextAnswer): with a next answer set, no box is shown.
class MessageBox final {
public:
    static QMessageBox::StandardButton question(QWidget *parent, const QString &title, const QString &text,
                                                QMessageBox::StandardButtons buttons = QMessageBox::Yes | QMessageBox::No,
                                                QMessageBox::StandardButton defaultButton = QMessageBox::No);
    static void information(QWidget *parent, const QString &title, const QString &text);
    static void warning(QWidget *parent, const QString &title, const QString &text);

    static void setNextAnswer(QMessageBox::StandardButton answer);
    // Tests: show nothing, answer Ok/default, and remember the text of the last box.
    static void setNonInteractive(bool on);
    static QString lastText();

private:
    static bool answered(const QString &text, QMessageBox::StandardButton *answer);
};

// File dialogs likewise: a pre-set file name is returned without showing a dialog.
class FileDialog final {
public:
    static QString openFileName(QWidget *parent, const QString &caption, const QString &filter);
    static QString saveFileName(QWidget *parent, const QString &caption, const QString &suggested, const QString &filter);
    static void setNextFileName(const QString &path);
    // The folder last used, remembered in the settings.
    static QString lastDirectory();

private:
    static bool preset(QString *path);
    static void remember(const QString &path);
};

} // namespace rd::ui
