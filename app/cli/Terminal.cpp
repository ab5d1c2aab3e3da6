#include "Terminal.h"

#include "common/TypedText.h"

#include <csignal>
#include <cstdio>
#include <string>

#include <termios.h>
#include <unistd.h>

namespace rd::cli {

namespace {

void appendEscape(QByteArray &out, unsigned code)
{
    static const char hex[] = "0123456789abcdef";
    out += "\\u00";
    out += hex[(code >> 4) & 0xf];
    out += hex[code & 0xf];
}

// The terminal readSecret silenced, for the signal handler that gives its echo back.
volatile sig_atomic_t g_hiddenFd = -1;
termios g_saved{};
struct sigaction g_previous[4];
constexpr int kSignals[4] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

void restoreEchoAndDie(int sig)
{
    if (g_hiddenFd >= 0)
        tcsetattr(g_hiddenFd, TCSAFLUSH, &g_saved); // async-signal-safe
    signal(sig, SIG_DFL);
    raise(sig);
}

} // namespace

QByteArray escapeControls(QByteArrayView utf8, bool *pendingC2)
{
    QByteArray out;
    out.reserve(utf8.size());
    for (const char ch : utf8) {
        const auto b = static_cast<unsigned char>(ch);
        if (*pendingC2) {
            *pendingC2 = false;
            if (b >= 0x80 && b < 0xa0) { // U+0080..U+009F, the C1 controls (CSI is U+009B)
                appendEscape(out, b);
                continue;
            }
            out += char(0xc2);
        }
        if (b == 0xc2) {
            *pendingC2 = true;
            continue;
        }
        if ((b < 0x20 && b != '\n' && b != '\t') || b == 0x7f)
            appendEscape(out, b);
        else
            out += ch;
    }
    return out;
}

QString escapeControls(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (isControlCharacter(c.unicode()) && !c.isSurrogate())
            out += QStringLiteral("\\u%1").arg(int(c.unicode()), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

EscapingOutput::EscapingOutput(FILE *file) : m_file(file)
{
    open(QIODevice::WriteOnly | QIODevice::Unbuffered);
}

EscapingOutput::~EscapingOutput()
{
    if (m_pendingC2)
        std::fputc(0xc2, m_file);
    std::fflush(m_file);
}

qint64 EscapingOutput::writeData(const char *data, qint64 size)
{
    const QByteArray shown = escapeControls(QByteArrayView(data, size), &m_pendingC2);
    if (std::fwrite(shown.constData(), 1, size_t(shown.size()), m_file) != size_t(shown.size()))
        return -1;
    std::fflush(m_file);
    return size;
}

bool stderrIsTerminal()
{
    return isatty(STDERR_FILENO) == 1;
}

std::optional<QString> readSecret(const QString &prompt)
{
    FILE *tty = std::fopen("/dev/tty", "r+");
    if (!tty)
        return std::nullopt;
    const int fd = fileno(tty);
    termios saved{};
    const bool canHide = tcgetattr(fd, &saved) == 0;
    if (canHide) {
        g_saved = saved;
        g_hiddenFd = fd;
        struct sigaction restore {};
        restore.sa_handler = restoreEchoAndDie;
        sigemptyset(&restore.sa_mask);
        for (int i = 0; i < 4; ++i)
            sigaction(kSignals[i], &restore, &g_previous[i]);
        termios hidden = saved;
        hidden.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(fd, TCSAFLUSH, &hidden);
    }
    std::fputs(prompt.toLocal8Bit().constData(), tty);
    std::fflush(tty);
    std::string line;
    for (int c = std::fgetc(tty); c != EOF && c != '\n'; c = std::fgetc(tty))
        line.push_back(char(c));
    if (canHide) {
        tcsetattr(fd, TCSAFLUSH, &saved);
        g_hiddenFd = -1;
        for (int i = 0; i < 4; ++i)
            sigaction(kSignals[i], &g_previous[i], nullptr);
    }
    std::fputs("\n", tty);
    std::fclose(tty);
    QString result = QString::fromLocal8Bit(line.data(), qsizetype(line.size()));
    std::fill(line.begin(), line.end(), '\0');
    return result;
}

std::optional<QString> readSecretFromStdin(const QString &prompt)
{
    if (isatty(STDIN_FILENO) == 1)
        return readSecret(prompt);
    std::string line;
    for (int c = std::fgetc(stdin); c != EOF && c != '\n'; c = std::fgetc(stdin))
        line.push_back(char(c));
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    QString result = QString::fromUtf8(line.data(), qsizetype(line.size()));
    std::fill(line.begin(), line.end(), '\0');
    return result;
}

} // namespace rd::cli
