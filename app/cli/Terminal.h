#pragma once

#include <QIODevice>
#include <QString>

#include <cstdio>
#include <optional>

namespace rd::cli {

bool stderrIsTerminal();
// Reads a line from the controlling terminal without echo; nullopt without a terminal. Echo
// comes back however the read ends, Ctrl-C included.
std::optional<QString> readSecret(const QString &prompt);

// A secret value given as "-" on the command line (argv is readable by every local user through
// /proc): without echo from the terminal when stdin is one, else the first line of stdin.
std::optional<QString> readSecretFromStdin(const QString &prompt);

// Text for a terminal: control characters other than line feed and tab (ESC, CR, BEL, DEL,
// C1) written as \u001b etc., so text someone typed or planted can never move the cursor,
// clear the screen or set the window title. JSON stays valid: its strings escape C0 already,
// and \u007f or \u009b is the same character to a JSON reader.
QByteArray escapeControls(QByteArrayView utf8, bool *pendingC2);
QString escapeControls(const QString &text);

// stdout through escapeControls: everything the CLI prints goes through one of these.
class EscapingOutput final : public QIODevice {
public:
    explicit EscapingOutput(FILE *file);
    ~EscapingOutput() override;

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 size) override;

private:
    FILE *m_file;
    bool m_pendingC2 = false; // a 0xC2 lead byte whose continuation comes in the next write
};

} // namespace rd::cli
