#include "auth/SessionFile.h"

#include "crypto/Hash.h"
#include "crypto/SecretBytes.h"

#include <QDir>
#include <QFile>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rd::auth {
namespace {

constexpr qsizetype kHexChars = 64; // a 256-bit token

Error refusedFile(const QString &path, const QString &what)
{
    Error e(ErrorKind::Refused, QStringLiteral("The CLI session file %1 %2; log in again.").arg(path, what),
            ErrorCode::SessionEnded);
    return e;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

// Ours alone: a directory or file owned by this user that nobody else may read or write.
bool privateToUs(const struct stat &st)
{
    return st.st_uid == ::geteuid() && (st.st_mode & 077) == 0;
}

// Ours alone, through a link only where one is expected (a key directory may be one; the
// runtime directory's recoverydesk/ is created here and never is).
bool isPrivateDirectory(const QString &dir, bool followLinks)
{
    struct stat st {};
    const QByteArray name = QFile::encodeName(dir);
    const int rc = followLinks ? ::stat(name.constData(), &st) : ::lstat(name.constData(), &st);
    return rc == 0 && S_ISDIR(st.st_mode) && privateToUs(st);
}

} // namespace

SessionFile::SessionFile(const QString &keyDir, const QString &databaseId, const QString &username)
{
    // The runtime directory only when it is what the XDG rules promise (ours, 0700): one that
    // root or someone else made, or that others may enter, is passed over for the key directory.
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    m_inKeyDir = runtime.isEmpty() || !QDir::isAbsolutePath(runtime) || !isPrivateDirectory(runtime, false);
    m_directory = m_inKeyDir ? keyDir : QDir(runtime).filePath(QStringLiteral("recoverydesk"));
    // One file per database and operator; the name reveals neither.
    const QByteArray id = crypto::sha256((databaseId + u'\n' + username).toUtf8()).toHex().left(32);
    m_path = QDir(m_directory).filePath(QStringLiteral("cli-session-") + QString::fromLatin1(id));
}

Status SessionFile::prepare() const
{
    const QByteArray name = QFile::encodeName(m_directory);
    if (!m_inKeyDir && ::mkdir(name.constData(), 0700) != 0 && errno != EEXIST)
        return Error::storage(QStringLiteral("Cannot create %1: %2.").arg(m_directory, qt_error_string(errno)));
    if (!isPrivateDirectory(m_directory, m_inKeyDir))
        return Error::refused(QStringLiteral("%1 must be a directory of this user that nobody else may open (mode 0700) "
                                             "to hold a CLI session; fix its owner or mode and log in again.")
                                  .arg(m_directory));
    return {};
}

Result<std::optional<crypto::SecretBytes>> SessionFile::read(crypto::SecretBytes *exposed) const
{
    const QByteArray name = QFile::encodeName(m_path);
    const int fd = ::open(name.constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT)
            return std::optional<crypto::SecretBytes>{};
        if (errno == ELOOP)
            return refusedFile(m_path, QStringLiteral("is a link, which is never followed"));
        // Unreadable (another owner's directory, say): no session, and the password as before.
        return refusedFile(m_path, QStringLiteral("cannot be read (%1)").arg(qt_error_string(errno)));
    }
    struct stat st {};
    const bool fits = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink == 1 && st.st_size <= 2 * kHexChars;
    const bool ours = fits && st.st_uid == ::geteuid();
    if (!fits || !ours) {
        ::close(fd);
        return refusedFile(m_path, fits ? QStringLiteral("is not yours") : QStringLiteral("is not a session file"));
    }
    // Ours but readable by others: its token may have been copied. It is refused, and handed to
    // the caller so that its session ends too.
    const bool exposedFile = !privateToUs(st);
    char buffer[2 * kHexChars + 1];
    qsizetype have = 0;
    for (;;) {
        const ssize_t n = ::read(fd, buffer + have, sizeof buffer - std::size_t(have));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        have += n;
    }
    ::close(fd);
    QByteArrayView text(buffer, have);
    text = text.trimmed();
    std::optional<crypto::SecretBytes> token;
    if (text.size() == kHexChars) {
        crypto::SecretBytes bytes(kHexChars / 2);
        bool ok = true;
        for (qsizetype i = 0; ok && i < kHexChars / 2; ++i) {
            const int hi = hexValue(text[2 * i]);
            const int lo = hexValue(text[2 * i + 1]);
            ok = hi >= 0 && lo >= 0;
            bytes.data()[i] = static_cast<unsigned char>((hi << 4) | (lo & 0xf));
        }
        if (ok)
            token = std::move(bytes);
    }
    crypto::cleanse(buffer, sizeof buffer);
    if (!token)
        return refusedFile(m_path, QStringLiteral("is damaged"));
    if (exposedFile) {
        if (exposed)
            *exposed = std::move(*token);
        return refusedFile(m_path, QStringLiteral("could be read by others, so its session has ended"));
    }
    return token;
}

Status SessionFile::write(const crypto::SecretBytes &token) const
{
    if (token.size() != std::size_t(kHexChars / 2))
        return Error::storage(QStringLiteral("A CLI session token must be %1 bytes.").arg(kHexChars / 2));
    if (auto s = prepare(); !s)
        return s;
    static constexpr char kDigits[] = "0123456789abcdef";
    char text[2 * kHexChars + 1];
    std::size_t n = 0;
    for (std::size_t i = 0; i < token.size() && n + 2 < sizeof text; ++i) {
        text[n++] = kDigits[token.data()[i] >> 4];
        text[n++] = kDigits[token.data()[i] & 0xf];
    }
    text[n++] = '\n';
    // A new private file beside the old one, then renamed over it: never half a token.
    const QByteArray temp = QFile::encodeName(m_path + QStringLiteral(".new-%1").arg(::getpid()));
    ::unlink(temp.constData());
    const int fd = ::open(temp.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    bool ok = fd >= 0;
    std::size_t done = 0;
    while (ok && done < n) {
        const ssize_t w = ::write(fd, text + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        ok = w > 0;
        done += ok ? std::size_t(w) : 0;
    }
    crypto::cleanse(text, sizeof text);
    const int savedErrno = errno;
    if (fd >= 0)
        ok = ::close(fd) == 0 && ok;
    ok = ok && ::rename(temp.constData(), QFile::encodeName(m_path).constData()) == 0;
    if (!ok) {
        const int err = fd < 0 ? savedErrno : errno;
        ::unlink(temp.constData());
        return Error::storage(QStringLiteral("Cannot write the CLI session file %1: %2.").arg(m_path, qt_error_string(err)));
    }
    return {};
}

Status SessionFile::remove() const
{
    if (::unlink(QFile::encodeName(m_path).constData()) != 0 && errno != ENOENT)
        return Error::storage(QStringLiteral("Cannot remove the CLI session file %1: %2.").arg(m_path, qt_error_string(errno)));
    return {};
}

} // namespace rd::auth
