#include "Dialogs.h"

#include <QFileDialog>

#include <optional>

namespace rd::ui {
namespace {

// GUI thread only, like the dialogs themselves.
std::optional<QMessageBox::StandardButton> &nextAnswer()
{
    static std::optional<QMessageBox::StandardButton> answer;
    return answer;
}

std::optional<QString> &nextFileName()
{
    static std::optional<QString> name;
    return name;
}

template<typename T, typename Show>
T takeOr(std::optional<T> &next, Show show)
{
    if (next) {
        const T value = *next;
        next.reset();
        return value;
    }
    return show();
}

} // namespace

QMessageBox::StandardButton MessageBox::information(QWidget *parent, const QString &title, const QString &text,
                                                    QMessageBox::StandardButtons buttons)
{
    return takeOr(nextAnswer(), [&] { return QMessageBox::information(parent, title, text, buttons); });
}

QMessageBox::StandardButton MessageBox::warning(QWidget *parent, const QString &title, const QString &text,
                                                QMessageBox::StandardButtons buttons)
{
    return takeOr(nextAnswer(), [&] { return QMessageBox::warning(parent, title, text, buttons); });
}

QMessageBox::StandardButton MessageBox::critical(QWidget *parent, const QString &title, const QString &text,
                                                 QMessageBox::StandardButtons buttons)
{
    return takeOr(nextAnswer(), [&] { return QMessageBox::critical(parent, title, text, buttons); });
}

QMessageBox::StandardButton MessageBox::question(QWidget *parent, const QString &title, const QString &text,
                                                 QMessageBox::StandardButtons buttons)
{
    return takeOr(nextAnswer(), [&] { return QMessageBox::question(parent, title, text, buttons); });
}

void MessageBox::setNextAnswer(QMessageBox::StandardButton answer)
{
    nextAnswer() = answer;
}

QString FileDialog::getSaveFileName(QWidget *parent, const QString &caption, const QString &path, const QString &filter)
{
    return takeOr(nextFileName(), [&] { return QFileDialog::getSaveFileName(parent, caption, path, filter); });
}

QString FileDialog::getOpenFileName(QWidget *parent, const QString &caption, const QString &dir, const QString &filter)
{
    return takeOr(nextFileName(), [&] { return QFileDialog::getOpenFileName(parent, caption, dir, filter); });
}

QString FileDialog::getExistingDirectory(QWidget *parent, const QString &caption, const QString &dir)
{
    return takeOr(nextFileName(), [&] { return QFileDialog::getExistingDirectory(parent, caption, dir); });
}

void FileDialog::setNextFileName(const QString &fileName)
{
    nextFileName() = fileName;
}

} // namespace rd::ui
