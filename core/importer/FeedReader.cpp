#include "importer/FeedReader.h"

#include "crypto/SecretBytes.h"

#include <QElapsedTimer>
#include <QFile>
#include <QThread>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rd::importer {
namespace {

constexpr qsizetype kMaxLineBytes = 1 << 20;
constexpr qsizetype kChunk = 1 << 16;
constexpr int kFileIdleMs = 50; // a file has no readiness to wait for: it is looked at this often

QString fileIdOf(const struct stat &st)
{
    return QStringLiteral("%1:%2").arg(qulonglong(st.st_dev)).arg(qulonglong(st.st_ino));
}

Error systemError(const QString &doing, const QString &path)
{
    return Error::storage(QStringLiteral("Cannot %1 %2: %3.").arg(doing, path, QString::fromLocal8Bit(std::strerror(errno))));
}

} // namespace

FeedReader::FeedReader(Kind kind, QString path) : m_kind(kind), m_path(std::move(path))
{
    m_buffer.reserve(kMaxLineBytes + 2 * kChunk); // appends never move (and leave copies of) the lines
}

FeedReader::~FeedReader()
{
    crypto::cleanse(m_buffer.data(), std::size_t(m_buffer.size()));
    if (m_fd > 0)
        ::close(m_fd);
}

Result<std::unique_ptr<FeedReader>> FeedReader::open(const QString &path, const std::optional<FeedPosition> &resume)
{
    if (path == QLatin1String("-")) {
        std::unique_ptr<FeedReader> reader(new FeedReader(Kind::Stream, QStringLiteral("standard input")));
        reader->m_fd = STDIN_FILENO;
        return reader;
    }
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) == 0 && S_ISFIFO(st.st_mode)) {
        std::unique_ptr<FeedReader> reader(new FeedReader(Kind::Fifo, path));
        // Read and write: the pipe then never reports an end when a writer closes, and the next
        // writer's lines simply follow.
        reader->m_fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
        if (reader->m_fd < 0)
            return systemError(QStringLiteral("open the pipe"), path);
        return reader;
    }
    std::unique_ptr<FeedReader> reader(new FeedReader(Kind::File, path));
    if (auto s = reader->openFile(resume); !s)
        return s.error();
    return reader;
}

QStringList FeedReader::takeNotices()
{
    return std::exchange(m_notices, {});
}

// Opens the file at the path (when there is one yet): where resume says when it is the same file
// and still that long, else from its start.
Status FeedReader::openFile(const std::optional<FeedPosition> &resume)
{
    const int fd = ::open(QFile::encodeName(m_path).constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT) {
            if (m_notices.isEmpty())
                m_notices << QStringLiteral("%1 does not exist yet; waiting for it").arg(m_path);
            return {};
        }
        return systemError(QStringLiteral("open"), m_path);
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return Error::badInput(QStringLiteral("%1 is not a regular file or a named pipe.").arg(m_path));
    }
    m_fd = fd;
    m_fileId = fileIdOf(st);
    m_bufferAt = 0;
    m_line = 0;
    if (resume && resume->fileId == m_fileId && resume->offset <= st.st_size) {
        if (::lseek(fd, resume->offset, SEEK_SET) != resume->offset)
            return systemError(QStringLiteral("seek in"), m_path);
        m_bufferAt = resume->offset;
        m_line = resume->line;
    } else if (resume && resume->offset > 0) {
        m_notices << QStringLiteral("%1 is not the file read before (rotated or truncated meanwhile); reading it from its start")
                         .arg(m_path);
    }
    return {};
}

Result<bool> FeedReader::next(FeedLine *line, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    for (;;) {
        if (takeLine(line, false))
            return true;
        if (m_ended)
            return takeLine(line, true);
        const int remaining = int(timeoutMs - timer.elapsed());
        auto got = fill();
        if (!got)
            return got.error();
        if (got.value())
            continue;
        if (m_ended)
            continue;
        if (remaining <= 0)
            return false;
        if (m_kind == Kind::File) {
            QThread::msleep(std::min(remaining, kFileIdleMs));
        } else {
            pollfd p{m_fd, POLLIN, 0};
            if (::poll(&p, 1, remaining) < 0) {
                if (errno != EINTR)
                    return systemError(QStringLiteral("wait for"), m_path);
                return false; // a signal: the caller looks at why
            }
        }
    }
}

Result<bool> FeedReader::fill()
{
    if (m_fd < 0) {
        if (auto s = openFile({}); !s)
            return s.error();
        if (m_fd < 0)
            return false;
    }
    if (m_kind != Kind::File) {
        // Only what is there: a blocking read would hold the feed past its batch's time and a stop.
        pollfd p{m_fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, 0);
        if (ready > 0 && (p.revents & POLLNVAL))
            return Error::badInput(QStringLiteral("Cannot read %1: it is not open (closed standard input?).").arg(m_path));
        if (ready <= 0 || !(p.revents & (POLLIN | POLLHUP | POLLERR)))
            return false;
    }
    dropConsumed();
    const qsizetype size = m_buffer.size();
    m_buffer.resize(size + kChunk);
    const ssize_t n = ::read(m_fd, m_buffer.data() + size, std::size_t(kChunk));
    m_buffer.resize(size + std::max<ssize_t>(n, 0));
    if (n > 0)
        return true;
    if (n < 0) {
        if (errno == EAGAIN || errno == EINTR)
            return false;
        return systemError(QStringLiteral("read"), m_path);
    }
    if (m_kind == Kind::Stream) {
        m_ended = true;
        return false;
    }
    if (m_kind == Kind::File) {
        if (m_pendingSwitch && !m_switchReady) {
            // Read to its end a second time since the path moved on: what the writer appended
            // before it moved to the new file is in.
            if (m_buffer.size() > m_head || m_discarding)
                m_buffer.append('\n'); // the old file's last line had no end: it is complete now (or too long)
            m_switchReady = true;
            return true;
        }
        if (auto s = checkRotation(); !s)
            return s.error();
    }
    return false;
}

// At the end of the file read: another file at the path is read from its start once this one
// is read to its end (it is now); a file that became shorter was truncated and is read again.
Status FeedReader::checkRotation()
{
    struct stat st {};
    if (m_pendingSwitch || ::stat(QFile::encodeName(m_path).constData(), &st) != 0)
        return {}; // moved away and no new file yet: the old one may still grow
    const qint64 readTo = m_bufferAt + m_buffer.size();
    if (fileIdOf(st) != m_fileId) {
        m_notices << QStringLiteral("%1 was rotated; reading the new file from its start").arg(m_path);
        // The old file is read to its end once more, and its lines handed out, before the switch.
        m_pendingSwitch = true;
        return {};
    }
    if (st.st_size < readTo) {
        m_notices << QStringLiteral("%1 was truncated; reading it again from its start").arg(m_path);
        crypto::cleanse(m_buffer.data(), std::size_t(m_buffer.size()));
        m_buffer.resize(0); // keeps the reserved block: growing again would leave copies behind
        m_head = 0;
        m_discarding = false;
        if (::lseek(m_fd, 0, SEEK_SET) != 0)
            return systemError(QStringLiteral("seek in"), m_path);
        m_bufferAt = 0;
        m_line = 0;
    }
    return {};
}

bool FeedReader::takeLine(FeedLine *line, bool atEnd)
{
    for (;;) {
        const char *start = m_buffer.constData() + m_head;
        const qsizetype available = m_buffer.size() - m_head;
        const void *nl = available > 0 ? std::memchr(start, '\n', std::size_t(available)) : nullptr;
        qsizetype length = nl ? static_cast<const char *>(nl) - start : available;
        if (!nl && !(atEnd && available > 0)) {
            if (available > kMaxLineBytes) {
                m_discarding = true; // the rest of this line is dropped as it comes
                m_head = m_buffer.size();
                dropConsumed();
            }
            if (m_switchReady && available == 0) {
                m_pendingSwitch = false;
                m_switchReady = false;
                m_discarding = false;
                crypto::cleanse(m_buffer.data(), std::size_t(m_buffer.size()));
                m_buffer.resize(0);
                m_head = 0;
                ::close(m_fd);
                m_fd = -1;
                if (auto s = openFile({}); !s)
                    m_notices << s.error().message; // fill() tries again
                if (m_fd < 0)
                    return false;
                continue;
            }
            return false;
        }
        const qsizetype consumed = length + (nl ? 1 : 0);
        line->before = {m_fileId, m_bufferAt + m_head, m_line};
        ++m_line;
        line->number = m_line;
        line->tooLong = m_discarding;
        line->bytes.clear();
        if (!m_discarding) {
            if (length > 0 && start[length - 1] == '\r')
                --length;
            line->bytes = QByteArray(start, length);
        }
        m_discarding = false;
        m_head += consumed;
        line->after = {m_fileId, m_bufferAt + m_head, m_line};
        return true;
    }
}

// A stop: the lines read already are handed out rather than lost with the buffer (a pipe cannot be
// read again), and a line whose start was read is read to its end first when that comes soon.
QList<FeedLine> FeedReader::drain(int timeoutMs)
{
    QList<FeedLine> lines;
    if (m_kind != Kind::File) {
        QElapsedTimer timer;
        timer.start();
        bool atEnd = false;
        while (m_buffer.size() > m_head && !m_buffer.endsWith('\n') && !m_discarding && timer.elapsed() < timeoutMs
               && m_buffer.size() - m_head <= kMaxLineBytes) {
            pollfd p{m_fd, POLLIN, 0};
            if (::poll(&p, 1, int(std::max<qint64>(1, timeoutMs - timer.elapsed()))) <= 0 || (p.revents & POLLNVAL))
                break;
            char c = 0; // a byte at a time: nothing after the line's end is taken from the pipe
            const ssize_t n = ::read(m_fd, &c, 1);
            if (n <= 0) {
                atEnd = n == 0; // the writer is gone: the line ends here, as at the end of a stream
                break;
            }
            m_buffer.append(c);
            c = 0;
        }
        if (atEnd)
            m_ended = true;
    }
    FeedLine line;
    while (takeLine(&line, m_ended))
        lines.append(std::exchange(line, FeedLine{}));
    if (m_buffer.size() > m_head || m_discarding)
        m_notices << QStringLiteral("a line begun before the stop did not end in time; it is not imported (send it again)");
    return lines;
}

// Forgets (and wipes) what was handed out, so the buffer holds only the line being read.
void FeedReader::dropConsumed()
{
    if (m_head == 0)
        return;
    const qsizetype rest = m_buffer.size() - m_head;
    char *data = m_buffer.data();
    std::memmove(data, data + m_head, std::size_t(rest));
    crypto::cleanse(data + rest, std::size_t(m_head));
    m_buffer.resize(rest);
    m_bufferAt += m_head;
    m_head = 0;
}

} // namespace rd::importer
