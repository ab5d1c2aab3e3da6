#include "crypto/KeyStore.h"

#include "common/PrivateFile.h"
#include "crypto/Ed25519.h"
#include "crypto/Random.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

// POSIX file handling on purpose: Qt's QSaveFile creates its temporary file 0666 & ~umask and
// replaces an existing target, while a key file must never be readable by others, not even
// briefly, and must never replace a key that data was already protected with.

namespace rd::crypto {
namespace {

constexpr qsizetype kKeyLength = 32;
constexpr mode_t kDirMode = 0700;
constexpr mode_t kFileMode = 0600;
constexpr mode_t kGroupOrOther = 0077;

const char kLedgerKey[] = "ledger.key";
const char kDataKey[] = "data.key";
const char kSigningKey[] = "signing.key";
const std::array<const char *, 3> kKeyFiles = { kLedgerKey, kDataKey, kSigningKey };

constexpr qint64 kMaxDeliveryKeyBytes = 64 * 1024; // a PEM public key is a few kilobytes

QString keyPath(const QString &dir, const char *name)
{
    return dir + QLatin1Char('/') + QLatin1String(name);
}

QString lastError()
{
    return qt_error_string(errno);
}

Error looseDirectory(const QString &dir)
{
    return Error::refused(QStringLiteral("Key directory %1 is readable by group or others; "
                                         "run chmod 700 %1 and chmod 600 %1/*.key")
                              .arg(dir));
}

Error looseKeyFile(const QString &dir, const char *name)
{
    return Error::refused(QStringLiteral("Key file %1 is readable by group or others; "
                                         "run chmod 700 %2 and chmod 600 %2/*.key")
                              .arg(keyPath(dir, name), dir));
}

// A key directory or file of another user: whoever owns it can replace the keys at will.
Error notOurs(const QString &path)
{
    return Error::refused(QStringLiteral("%1 belongs to another user; keys must belong to the user who runs "
                                         "RecoveryDesk (chown it, or restore the key directory from its backup).")
                              .arg(path));
}

Error missingKey(const QString &path)
{
    return Error::storage(QStringLiteral("Key file %1 is missing; run recoverydesk-cli init to create the "
                                         "keys, or restore the key directory from its backup.")
                              .arg(path));
}

// Closes on every return path so that no early error leaks a descriptor.
class Fd final {
public:
    explicit Fd(int fd)
        : m_fd(fd)
    {
    }
    ~Fd()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;
    int get() const { return m_fd; }
    bool close()
    {
        const int fd = m_fd;
        m_fd = -1;
        return ::close(fd) == 0;
    }

private:
    int m_fd;
};

bool writeAll(int fd, const unsigned char *data, std::size_t size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        size -= std::size_t(n);
    }
    return true;
}

bool readAll(int fd, unsigned char *data, std::size_t size)
{
    while (size > 0) {
        const ssize_t n = ::read(fd, data, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        size -= std::size_t(n);
    }
    return true;
}

// The new directory entries must survive a crash, or the keys that data was protected with vanish.
// A directory that cannot be opened for reading cannot be flushed either; only a failed flush is
// an error worth stopping for.
Status syncDirectory(const QString &dir)
{
    Fd fd(::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() >= 0 && ::fsync(fd.get()) != 0 && errno == EIO)
        return Error::storage(
            QStringLiteral("Could not flush key directory %1 to disk: %2.").arg(dir, lastError()));
    return {};
}

bool isEmptyDirectory(const QString &dir)
{
    return QDir(dir).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
}

Status ensureDirectory(const QString &dir)
{
    const QByteArray path = QFile::encodeName(dir);
    struct stat st { };
    if (::stat(path.constData(), &st) != 0) {
        if (errno != ENOENT) {
            return Error::storage(
                QStringLiteral("Could not inspect key directory %1: %2.").arg(dir, lastError()));
        }
        const QString parent = QFileInfo(dir).absolutePath();
        if (auto made = createPrivateFolders(parent); !made) // new folders above the keys are 0700 too
            return made.error();
        // mkdir applies the umask, which can only take bits away: the directory is never more open
        // than 0700, and chmod then makes it exactly 0700.
        if (::mkdir(path.constData(), kDirMode) != 0 && errno != EEXIST) {
            return Error::storage(
                QStringLiteral("Could not create key directory %1: %2.").arg(dir, lastError()));
        }
        if (::stat(path.constData(), &st) != 0) {
            return Error::storage(
                QStringLiteral("Could not inspect key directory %1: %2.").arg(dir, lastError()));
        }
        if (S_ISDIR(st.st_mode) && (st.st_mode & 07777) != kDirMode
            && ::chmod(path.constData(), kDirMode) != 0) {
            return Error::storage(
                QStringLiteral("Could not restrict key directory %1: %2.").arg(dir, lastError()));
        }
        return syncDirectory(parent);
    }
    if (!S_ISDIR(st.st_mode))
        return Error::badInput(QStringLiteral("Key directory %1 exists but is not a directory.").arg(dir));
    if (st.st_mode & kGroupOrOther) {
        // An empty directory (say, made by hand with the default umask) has exposed nothing yet,
        // so tightening it is safe; a populated one may have leaked keys and is the user's call.
        if (!isEmptyDirectory(dir))
            return looseDirectory(dir);
        if (::chmod(path.constData(), kDirMode) != 0) {
            return Error::storage(
                QStringLiteral("Could not restrict key directory %1: %2.").arg(dir, lastError()));
        }
    }
    return {};
}

Result<SecretBytes> generateKey(const char *name)
{
    if (qstrcmp(name, kSigningKey) == 0) {
        auto pair = ed25519Generate();
        if (!pair)
            return pair.error();
        return std::move(pair->privateKey);
    }
    QByteArray random = randomBytes(int(kKeyLength));
    if (random.size() != kKeyLength)
        return Error::storage(QStringLiteral("The system random generator failed, so no key was generated."));
    return SecretBytes::takeFrom(random);
}

// Writes the key to a private temporary file, then publishes it with link(), which fails rather
// than replaces when the name exists: a concurrent init can never swap a key out under us.
Status writeNewKeyFile(const QString &dir, const char *name, const SecretBytes &key)
{
    const QString finalPath = keyPath(dir, name);
    QByteArray tempPath
        = QFile::encodeName(dir + QStringLiteral("/.") + QLatin1String(name) + QStringLiteral(".XXXXXX"));
    // mkostemp creates the file with O_EXCL and mode 0600, so it is private before any byte lands.
    Fd fd(::mkostemp(tempPath.data(), O_CLOEXEC));
    if (fd.get() < 0) {
        return Error::storage(
            QStringLiteral("Could not create key file %1: %2.").arg(finalPath, lastError()));
    }
    auto fail = [&](const QString &what) {
        const QString reason = lastError();
        ::unlink(tempPath.constData());
        return Error::storage(QStringLiteral("Could not %1 key file %2: %3.").arg(what, finalPath, reason));
    };
    if (::fchmod(fd.get(), kFileMode) != 0)
        return fail(QStringLiteral("restrict"));
    if (!writeAll(fd.get(), key.data(), key.size()) || ::fsync(fd.get()) != 0)
        return fail(QStringLiteral("write"));
    if (!fd.close())
        return fail(QStringLiteral("write"));
    if (::link(tempPath.constData(), QFile::encodeName(finalPath).constData()) != 0 && errno != EEXIST)
        return fail(QStringLiteral("create"));
    // Either our key is now in place or another process created one first; keep whichever exists.
    ::unlink(tempPath.constData());
    return {};
}

Status ensureKeyFile(const QString &dir, const char *name)
{
    struct stat st { };
    if (::lstat(QFile::encodeName(keyPath(dir, name)).constData(), &st) == 0)
        return {}; // existing keys are kept; open() judges them
    if (errno != ENOENT) {
        return Error::storage(
            QStringLiteral("Could not inspect key file %1: %2.").arg(keyPath(dir, name), lastError()));
    }
    auto key = generateKey(name);
    if (!key)
        return key.error();
    return writeNewKeyFile(dir, name, *key);
}

Result<SecretBytes> readKeyFile(const QString &dir, const char *name)
{
    const QString path = keyPath(dir, name);
    // Never through a link: a symlinked key file could point at a key someone else controls.
    Fd fd(::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW));
    if (fd.get() < 0) {
        if (errno == ENOENT)
            return missingKey(path);
        if (errno == ELOOP)
            return Error::refused(QStringLiteral("Key file %1 is a symbolic link; key files must be plain files in the "
                                                 "key directory. Restore it from the key directory's backup.")
                                      .arg(path));
        return Error::storage(QStringLiteral("Could not open key file %1: %2.").arg(path, lastError()));
    }
    // Checks run on the opened descriptor, so the file judged is the file read.
    struct stat st { };
    if (::fstat(fd.get(), &st) != 0)
        return Error::storage(QStringLiteral("Could not inspect key file %1: %2.").arg(path, lastError()));
    if (!S_ISREG(st.st_mode)) {
        return Error::refused(QStringLiteral("Key file %1 is not a regular file; restore it from the key "
                                             "directory's backup.")
                                  .arg(path));
    }
    if (st.st_mode & kGroupOrOther)
        return looseKeyFile(dir, name);
    if (st.st_uid != ::geteuid())
        return notOurs(path);
    if (st.st_size != kKeyLength) {
        return Error::refused(
            QStringLiteral("Key file %1 holds %2 bytes instead of %3; restore it from the key "
                           "directory's backup.")
                .arg(path)
                .arg(qint64(st.st_size))
                .arg(kKeyLength));
    }
    SecretBytes key { std::size_t(kKeyLength) };
    if (!readAll(fd.get(), key.data(), key.size()))
        return Error::storage(QStringLiteral("Could not read key file %1: %2.").arg(path, lastError()));
    return key;
}

QString normalizedDir(const QString &dir)
{
    return QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
}

// The directory entries made durable, then proof that open() accepts what is there.
Status syncAndCheck(const QString &dir)
{
    if (Status status = syncDirectory(dir); !status)
        return status;
    // Reporting success over keys that open() would refuse (a loose or truncated file kept from
    // before) would only move the failure to the next command.
    auto opened = KeyStore::open(dir);
    if (!opened)
        return opened.error();
    return {};
}

} // namespace

Status KeyStore::initialize(const QString &dirArg)
{
    if (dirArg.trimmed().isEmpty()) {
        return Error::invalidField(QStringLiteral("key_dir"), QStringLiteral("No key directory was given."),
                                   ErrorCode::MissingValue);
    }
    const QString dir = normalizedDir(dirArg);
    if (Status status = ensureDirectory(dir); !status)
        return status;
    for (const char *name : kKeyFiles) {
        if (Status status = ensureKeyFile(dir, name); !status)
            return status;
    }
    return syncAndCheck(dir);
}

Result<KeyStore> KeyStore::open(const QString &dirArg)
{
    if (dirArg.trimmed().isEmpty()) {
        return Error::invalidField(QStringLiteral("key_dir"), QStringLiteral("No key directory was given."),
                                   ErrorCode::MissingValue);
    }
    const QString dir = normalizedDir(dirArg);
    struct stat st { };
    if (::stat(QFile::encodeName(dir).constData(), &st) != 0) {
        if (errno == ENOENT) {
            return Error::storage(
                QStringLiteral("Key directory %1 does not exist; run recoverydesk-cli init to create it.")
                    .arg(dir));
        }
        return Error::storage(
            QStringLiteral("Could not inspect key directory %1: %2.").arg(dir, lastError()));
    }
    if (!S_ISDIR(st.st_mode))
        return Error::badInput(QStringLiteral("Key directory %1 exists but is not a directory.").arg(dir));
    if (st.st_mode & kGroupOrOther)
        return looseDirectory(dir);
    if (st.st_uid != ::geteuid())
        return notOurs(dir); // its owner could swap the key files

    KeyStore store;
    store.m_dir = dir;
    SecretBytes *targets[] = { &store.m_ledgerKey, &store.m_dataKey, &store.m_signingKey };
    for (std::size_t i = 0; i < kKeyFiles.size(); ++i) {
        auto key = readKeyFile(dir, kKeyFiles[i]);
        if (!key)
            return key.error();
        *targets[i] = std::move(key).value();
    }
    auto publicKey = ed25519PublicFromPrivate(store.m_signingKey.view());
    if (!publicKey)
        return publicKey.error();
    store.m_signingPublicKey = std::move(publicKey).value();
    return store;
}

Result<KeyStore::Material> KeyStore::material() const
{
    Material m;
    m.ledgerKey = SecretBytes(m_ledgerKey.data(), m_ledgerKey.size());
    m.dataKey = SecretBytes(m_dataKey.data(), m_dataKey.size());
    m.signingKey = SecretBytes(m_signingKey.data(), m_signingKey.size());
    // Like the key files: never through a link, only a plain file of this user's.
    const QString path = deliveryKeyPath();
    Fd fd(::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW));
    if (fd.get() < 0) {
        if (errno == ENOENT)
            return m; // no delivery key installed
        return Error::refused(QStringLiteral("The delivery key %1 cannot be read (%2); it must be the plain file its "
                                             "installation wrote.")
                                  .arg(path, lastError()));
    }
    struct stat st { };
    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid() || st.st_size > kMaxDeliveryKeyBytes)
        return Error::refused(QStringLiteral("The delivery key %1 is not a plain file of this user's; an admin installs the "
                                             "platform's key again.")
                                  .arg(path));
    QByteArray pem(qsizetype(st.st_size), Qt::Uninitialized);
    if (!readAll(fd.get(), reinterpret_cast<unsigned char *>(pem.data()), std::size_t(pem.size())))
        return Error::storage(QStringLiteral("Could not read %1: %2.").arg(path, lastError()));
    m.deliveryPublicPem = pem;
    return m;
}

namespace {

bool sameBytes(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

Error differentKeys(const QString &dir, const char *name)
{
    return Error(ErrorKind::Refused,
                 QStringLiteral("The key directory %1 already holds a different %2, so nothing was replaced; install "
                                "the bundle into an empty key directory.")
                     .arg(dir, QLatin1String(name)),
                 ErrorCode::Conflict, QStringLiteral("key_dir"));
}

// Whether the file at dir/name is absent or holds exactly bytes (false: different keys).
Result<bool> absentOrSame(const QString &dir, const char *name, const SecretBytes &bytes)
{
    QFile existing(keyPath(dir, name));
    if (!existing.exists())
        return true;
    if (!existing.open(QIODevice::ReadOnly))
        return Error::storage(QStringLiteral("Could not read %1: %2.").arg(existing.fileName(), existing.errorString()));
    QByteArray held = existing.readAll();
    const bool same = sameBytes(held, bytes.view());
    cleanse(held);
    return same;
}

} // namespace

Status KeyStore::install(const QString &dirArg, const Material &material)
{
    if (dirArg.trimmed().isEmpty())
        return Error::invalidField(QStringLiteral("key_dir"), QStringLiteral("No key directory was given."), ErrorCode::MissingValue);
    const QString dir = normalizedDir(dirArg);
    if (Status status = ensureDirectory(dir); !status)
        return status;
    QByteArray deliveryCopy = material.deliveryPublicPem;
    const SecretBytes delivery = SecretBytes::takeFrom(deliveryCopy);
    std::vector<std::pair<const char *, const SecretBytes *>> files = {
        {kLedgerKey, &material.ledgerKey}, {kDataKey, &material.dataKey}, {kSigningKey, &material.signingKey}};
    for (const auto &[name, key] : files)
        if (key->size() != std::size_t(kKeyLength))
            return Error::badInput(QStringLiteral("The bundle's %1 has the wrong length.").arg(QLatin1String(name)));
    if (!delivery.isEmpty())
        files.emplace_back("delivery.pub.pem", &delivery);
    // Everything compared before anything is written: a mismatch leaves the directory as it was.
    for (const auto &[name, bytes] : files) {
        auto ok = absentOrSame(dir, name, *bytes);
        if (!ok)
            return ok.error();
        if (!ok.value())
            return differentKeys(dir, name);
    }
    for (const auto &[name, bytes] : files) {
        if (Status written = writeNewKeyFile(dir, name, *bytes); !written)
            return written;
        // writeNewKeyFile keeps a file another process linked first: it must be the same.
        auto ok = absentOrSame(dir, name, *bytes);
        if (!ok)
            return ok.error();
        if (!ok.value())
            return differentKeys(dir, name);
    }
    return syncAndCheck(dir);
}


QString KeyStore::deliveryKeyPath() const
{
    return m_dir + QStringLiteral("/delivery.pub.pem");
}

} // namespace rd::crypto
