#include "auth/KeyTransfer.h"

#include "audit/AuditLog.h"
#include "crypto/Hash.h"
#include "crypto/KeyBundle.h"
#include "crypto/KeyStore.h"

#include <QFile>
#include <QJsonObject>

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace rd::auth {
namespace {

// A new private file holding bytes, or an error; never follows a link, never replaces a file.
Status writeNewPrivateFile(const QString &path, const QByteArray &bytes)
{
    const QByteArray name = QFile::encodeName(path);
    const int fd = ::open(name.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        Error e = errno == EEXIST
                      ? Error::badInput(QStringLiteral("%1 already exists; a key bundle is never written over a file, so "
                                                       "choose a new name.")
                                            .arg(path))
                      : Error::storage(QStringLiteral("Cannot create %1: %2.").arg(path, qt_error_string(errno)));
        e.field = QStringLiteral("out");
        return e;
    }
    qsizetype done = 0;
    bool ok = true;
    while (ok && done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + done, std::size_t(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0;
        done += ok ? n : 0;
    }
    ok = ok && ::fsync(fd) == 0;
    ok = ::close(fd) == 0 && ok;
    if (!ok) {
        ::unlink(name.constData());
        return Error::storage(QStringLiteral("Cannot write %1.").arg(path));
    }
    return {};
}

} // namespace

KeyTransfer::KeyTransfer(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock)
    : m_database(database), m_keys(keys), m_clock(clock)
{
}

Status KeyTransfer::exportBundle(const Session &session, const QString &path, QByteArrayView passphrase)
{
    audit::AuditLog auditLog(m_database, m_keys, m_clock);
    if (auto s = auditLog.require(session, Permission::ExportKeys, QStringLiteral("keys.export")); !s)
        return s;
    auto material = m_keys.material();
    if (!material)
        return material.error();
    auto bundle = crypto::sealKeyBundle(material.value(), passphrase);
    if (!bundle)
        return bundle.error();
    const QString fingerprint = QString::fromLatin1(crypto::sha256(m_keys.signingPublicKey()).toHex().left(16));
    bool written = false;
    auto entry = auditLog.write(audit::Actor::of(session),
                                {QStringLiteral("keys.export"), {}, QJsonObject{{QStringLiteral("signing_key"), fingerprint}}},
                                [&](storage::WriteTransaction &, audit::PendingEntry &) -> Status {
                                    auto s = writeNewPrivateFile(path, bundle.value());
                                    written = s.ok();
                                    return s;
                                });
    if (!entry) {
        // Written but not recorded (the commit failed): the bundle must not outlive its entry.
        if (written)
            QFile::remove(path);
        return entry.error();
    }
    return {};
}

Status KeyTransfer::recordImport(const QString &localUser)
{
    const QString fingerprint = QString::fromLatin1(crypto::sha256(m_keys.signingPublicKey()).toHex().left(16));
    auto entry = audit::AuditLog(m_database, m_keys, m_clock)
                     .append(audit::Actor::system(), QStringLiteral("keys.import"), {},
                             QJsonObject{{QStringLiteral("signing_key"), fingerprint}, {QStringLiteral("local_user"), localUser}});
    return entry ? Status{} : Status{entry.error()};
}

} // namespace rd::auth
