#include "common/Dialogs.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

#include <optional>

namespace rd::ui {

namespace {
std::optional<QMessageBox::StandardButton> s_nextAnswer;
bool s_nonInteractive = false;
QString s_lastText;
std::optional<QString> s_nextFileName;
const QString kLastDirKey = QStringLiteral("dialogs/lastDirectory");
} // namespace

bool MessageBox::answered(const QString &text, QMessageBox::StandardButton *answer)
{
    s_lastText = text;
    if (s_nextAnswer) {
        *answer = *s_nextAnswer;
        s_nextAnswer.reset();
        return true;
    }
    return s_nonInteractive;
}

QMessageBox::StandardButton MessageBox::question(QWidget *parent, const QString &title, const QString &text,
                                                 QMessageBox::StandardButtons buttons, QMessageBox::StandardButton defaultButton)
{
    QMessageBox::StandardButton answer = defaultButton;
    if (answered(text, &answer))
        return answer;
    return QMessageBox::question(parent, title, text, buttons, defaultButton);
}

void MessageBox::information(QWidget *parent, const QString &title, const QString &text)
{
    QMessageBox::StandardButton answer = QMessageBox::Ok;
    if (!answered(text, &answer))
        QMessageBox::information(parent, title, text);
}

void MessageBox::warning(QWidget *parent, const QString &title, const QString &text)
{
    QMessageBox::StandardButton answer = QMessageBox::Ok;
    if (!answered(text, &answer))
        QMessageBox::warning(parent, title, text);
}

void MessageBox::setNextAnswer(QMessageBox::StandardButton answer) { s_nextAnswer = answer; }
void MessageBox::setNonInteractive(bool on) { s_nonInteractive = on; }
QString MessageBox::lastText() { return s_lastText; }

bool FileDialog::preset(QString *path)
{
    if (!s_nextFileName)
        return false;
    *path = *s_nextFileName;
    s_nextFileName.reset();
    return true;
}

void FileDialog::remember(const QString &path)
{
    if (!path.isEmpty())
        QSettings().setValue(kLastDirKey, QFileInfo(path).absolutePath());
}

QString FileDialog::lastDirectory()
{
    return QSettings().value(kLastDirKey, QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).toString();
}

QString FileDialog::openFileName(QWidget *parent, const QString &caption, const QString &filter)
{
    QString path;
    if (!preset(&path))
        path = QFileDialog::getOpenFileName(parent, caption, lastDirectory(), filter);
    remember(path);
    return path;
}

QString FileDialog::saveFileName(QWidget *parent, const QString &caption, const QString &suggested, const QString &filter)
{
    QString path;
    if (!preset(&path))
        path = QFileDialog::getSaveFileName(
            parent, caption, QFileInfo(suggested).isAbsolute() ? suggested : lastDirectory() + QLatin1Char('/') + suggested, filter);
    remember(path);
    return path;
}

void FileDialog::setNextFileName(const QString &path) { s_nextFileName = path; }

} // namespace rd::ui
