#pragma once

#include "model/Role.h"
#include "common/Clock.h"
#include "common/Result.h"

#include <QByteArray>
#include <QMap>
#include <QString>

#include <functional>

class QIODevice;

namespace rd::crypto {
class KeyStore;
}
namespace rd::storage {
class Database;
}

namespace rd::importer {

struct ImportStats {
    struct Count {
        int records = 0; // records of this type in the file
        int changed = 0; // of them, how many inserted or changed a row
    };
    QMap<QString, Count> byType;
    int lines = 0;
    int supersessionChanges = 0;
    QByteArray fileSha256; // raw 32 bytes, for the audit entry

    int totalRecords() const;
    int totalChanged() const;
};

struct ImportProgress {
    int pass = 1; // 1: parse, validate and write; 2 and later: records that referred forward
    qint64 bytesDone = 0;
    qint64 bytesTotal = 0;
    int lines = 0;
};

// Return false to cancel; the database is then left unchanged.
using ImportProgressFn = std::function<bool(const ImportProgress &)>;

// Imports a platform export (SPEC §4): atomic (one transaction; any bad line rejects the
// whole file), idempotent (upserts that change only what differs), streaming (the file is
// read line by line, again only for records that referred forward; memory stays flat), references
// resolved within the file or the database in any order. Plaintext codes are hashed with
// the ledger key and email/phone encrypted with the data key before anything is written.
class Importer final {
public:
    Importer(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock = SystemClock::instance());

    // Admins only (SPEC §9); the role is checked here, not by the caller.
    Result<ImportStats> importFile(const auth::Session &session, const QString &path,
                                   const ImportProgressFn &progress = {});
    // The same from an open, seekable device (the demo world imports from memory).
    Result<ImportStats> importDevice(const auth::Session &session, QIODevice &device, const QString &name,
                                     const ImportProgressFn &progress = {});

private:
    Result<ImportStats> importAllowed(const auth::Session &session, QIODevice &device, const QString &path,
                                      const ImportProgressFn &progress);
    Result<ImportStats> run(const auth::Session &session, QIODevice &device, const QString &path,
                            const ImportProgressFn &progress);

    storage::Database &m_database;
    const crypto::KeyStore &m_keys;
    const Clock &m_clock;
};

} // namespace rd::importer
