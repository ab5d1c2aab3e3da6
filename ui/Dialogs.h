#pragma once

#include <QMessageBox>
#include <QString>

class QWidget;

namespace rd::ui {

// Every message box and file dialog of the app goes through these, so tests can pre-answer
// them (KeePassXC's MessageBox::setNextAnswer / FileDialog::setNextFileName pattern) instead of
// blocking in a nested event loop.
class MessageBox final {
public:
    MessageBox() = delete;

    static QMessageBox::StandardButton information(QWidget *parent, const QString &title, const QString &text,
                                                   QMessageBox::StandardButtons buttons = QMessageBox::Ok);
    static QMessageBox::StandardButton warning(QWidget *parent, const QString &title, const QString &text,
                                               QMessageBox::StandardButtons buttons = QMessageBox::Ok);
    static QMessageBox::StandardButton critical(QWidget *parent, const QString &title, const QString &text,
                                                QMessageBox::StandardButtons buttons = QMessageBox::Ok);
    static QMessageBox::StandardButton question(QWidget *parent, const QString &title, const QString &text,
                                                QMessageBox::StandardButtons buttons = QMessageBox::Yes | QMessageBox::No);

    // Tests: the next box is not shown and returns this answer.
    static void setNextAnswer(QMessageBox::StandardButton answer);
};

class FileDialog final {
public:
    FileDialog() = delete;

    // An empty string when the user cancelled.
    static QString getSaveFileName(QWidget *parent, const QString &caption, const QString &path, const QString &filter = {});
    static QString getOpenFileName(QWidget *parent, const QString &caption, const QString &dir, const QString &filter = {});
    static QString getExistingDirectory(QWidget *parent, const QString &caption, const QString &dir);

    // Tests: the next dialog is not shown and returns this (an empty string = cancelled).
    static void setNextFileName(const QString &fileName);
};

} // namespace rd::ui
