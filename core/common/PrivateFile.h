#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCryptographicHash>
#include <QString>

namespace rd {

// A file only its owner can read (0600), for exports, reports and anything else with personal
// data or signatures in it. It is written to a new file beside its final path (created with
// O_EXCL, so never through a planted link) and moved there by commit(); a final path that is
// a symbolic link is refused, so a link's target is never written. The bytes written are hashed
// on the way, so a signer can prove that what it signs is exactly what was written.
class PrivateFile final {
public:
    explicit PrivateFile(QString path);
    ~PrivateFile(); // an uncommitted file is removed
    PrivateFile(const PrivateFile &) = delete;
    PrivateFile &operator=(const PrivateFile &) = delete;

    Status open();
    // False after the first failure; commit() then reports it.
    bool write(QByteArrayView bytes);
    // Everything written so far, mapped read-only from this file's own descriptor (never
    // reopened by name) and checked against the hash kept while writing. Valid until commit().
    Result<QByteArrayView> writtenBytes();
    // Flushes, syncs and moves the file to its path.
    Status commit();
    const QString &path() const { return m_path; }

private:
    bool flush();
    void unmap();
    Error failure(const QString &what) const;

    QString m_path;
    QString m_tempPath;
    int m_fd = -1;
    QByteArray m_buffer;
    QCryptographicHash m_hash{QCryptographicHash::Sha256};
    qint64 m_size = 0;
    int m_errno = 0;
    void *m_map = nullptr;
    qint64 m_mapSize = 0;
    bool m_committed = false;
};

// Creates the folders of `path` that are missing, each 0700 (only the owner may list or enter
// them); folders that exist are left as they are.
Status createPrivateFolders(const QString &path);

} // namespace rd
