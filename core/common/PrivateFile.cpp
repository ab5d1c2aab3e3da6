#include "common/PrivateFile.h"

#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rd {

namespace {

constexpr qsizetype kBufferSize = 1 << 16;

bool writeAll(int fd, const char *data, qint64 size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size_t(size));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        size -= n;
    }
    return true;
}

void syncDirectory(const QString &path)
{
    const int dir = ::open(QFile::encodeName(QFileInfo(path).absolutePath()).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

// A final path that is a link, or not a plain file, is never written through or replaced.
Status checkTarget(const QString &path)
{
    struct stat st {};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return {}; // nothing there yet
    if (S_ISLNK(st.st_mode))
        return Error::refused(QStringLiteral("%1 is a symbolic link; give the path of the file itself. Nothing was written.").arg(path));
    if (!S_ISREG(st.st_mode))
        return Error::refused(QStringLiteral("%1 exists and is not a plain file. Nothing was written.").arg(path));
    return {};
}

} // namespace

PrivateFile::PrivateFile(QString path) : m_path(std::move(path)) {}

PrivateFile::~PrivateFile()
{
    unmap();
    if (m_fd >= 0)
        ::close(m_fd);
    if (!m_committed && !m_tempPath.isEmpty())
        ::unlink(QFile::encodeName(m_tempPath).constData());
}

Error PrivateFile::failure(const QString &what) const
{
    return Error::storage(QStringLiteral("Cannot %1 %2: %3.").arg(what, m_path, qt_error_string(m_errno)));
}

Status PrivateFile::open()
{
    if (auto s = checkTarget(m_path); !s)
        return s;
    const QFileInfo info(m_path);
    QByteArray temp = QFile::encodeName(info.absolutePath() + QStringLiteral("/.") + info.fileName() + QStringLiteral(".XXXXXX"));
    m_fd = ::mkostemp(temp.data(), O_CLOEXEC); // O_CREAT | O_EXCL, mode 0600
    if (m_fd < 0) {
        m_errno = errno;
        return failure(QStringLiteral("write"));
    }
    m_tempPath = QFile::decodeName(temp);
    ::fchmod(m_fd, 0600);
    m_buffer.reserve(kBufferSize);
    return {};
}

bool PrivateFile::write(QByteArrayView bytes)
{
    if (m_fd < 0 || m_errno != 0)
        return false;
    m_hash.addData(bytes);
    m_size += bytes.size();
    if (m_buffer.size() + bytes.size() > kBufferSize && !flush())
        return false;
    if (bytes.size() >= kBufferSize) {
        if (!writeAll(m_fd, bytes.data(), bytes.size())) {
            m_errno = errno ? errno : EIO;
            return false;
        }
        return true;
    }
    m_buffer.append(bytes);
    return true;
}

bool PrivateFile::flush()
{
    if (m_buffer.isEmpty())
        return m_errno == 0;
    if (!writeAll(m_fd, m_buffer.constData(), m_buffer.size())) {
        m_errno = errno ? errno : EIO;
        return false;
    }
    m_buffer.clear();
    return true;
}

void PrivateFile::unmap()
{
    if (m_map) {
        ::munmap(m_map, size_t(m_mapSize));
        m_map = nullptr;
    }
}

Result<QByteArrayView> PrivateFile::writtenBytes()
{
    if (m_fd < 0 || !flush())
        return failure(QStringLiteral("write"));
    unmap();
    struct stat st {};
    if (::fstat(m_fd, &st) != 0) {
        m_errno = errno;
        return failure(QStringLiteral("read back"));
    }
    if (st.st_size != m_size)
        return Error::storage(QStringLiteral("%1 changed while it was being written; nothing was signed.").arg(m_path));
    if (m_size == 0)
        return QByteArrayView();
    m_map = ::mmap(nullptr, size_t(m_size), PROT_READ, MAP_SHARED, m_fd, 0);
    if (m_map == MAP_FAILED) {
        m_map = nullptr;
        m_errno = errno;
        return failure(QStringLiteral("read back"));
    }
    m_mapSize = m_size;
    const QByteArrayView bytes(static_cast<const char *>(m_map), m_size);
    if (QCryptographicHash::hash(bytes, QCryptographicHash::Sha256) != m_hash.result())
        return Error::storage(QStringLiteral("%1 changed while it was being written; nothing was signed.").arg(m_path));
    return bytes;
}

Status PrivateFile::commit()
{
    if (m_fd < 0 || !flush())
        return failure(QStringLiteral("write"));
    unmap();
    if (::fsync(m_fd) != 0) {
        m_errno = errno;
        return failure(QStringLiteral("write"));
    }
    if (auto s = checkTarget(m_path); !s)
        return s;
    // rename() replaces the name itself: even a link planted since is replaced, never followed.
    if (::rename(QFile::encodeName(m_tempPath).constData(), QFile::encodeName(m_path).constData()) != 0) {
        m_errno = errno;
        return failure(QStringLiteral("write"));
    }
    m_committed = true;
    ::close(m_fd);
    m_fd = -1;
    syncDirectory(m_path);
    return {};
}

Status createPrivateFolders(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QString sofar;
    for (const QString &part : absolute.split(u'/', Qt::SkipEmptyParts)) {
        sofar += u'/' + part;
        const QByteArray name = QFile::encodeName(sofar);
        if (::mkdir(name.constData(), 0700) == 0 || errno == EEXIST)
            continue;
        return Error::storage(QStringLiteral("Cannot create the folder %1: %2.").arg(sofar, qt_error_string(errno)));
    }
    struct stat st {};
    if (::stat(QFile::encodeName(absolute).constData(), &st) != 0 || !S_ISDIR(st.st_mode))
        return Error::storage(QStringLiteral("%1 is not a folder.").arg(absolute));
    return {};
}

} // namespace rd
