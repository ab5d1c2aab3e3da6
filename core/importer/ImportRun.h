#pragma once

#include "common/Result.h"
#include "model/ImportRecords.h"
#include "importer/Importer.h"

#include <QSet>

#include <memory>

namespace rd::accounts {
class ContactProtector;
}
namespace rd::crypto {
class HmacSha256;
class KeyStore;
}
namespace rd::ledger {
class LedgerHasher;
}
namespace rd::storage {
class ImportStore;
}

namespace rd::importer {

// The state of one import: applies records to the store, resolving references against
// the database (which already holds what earlier lines of this file wrote).
class ImportRun final {
public:
    ImportRun(storage::ImportStore &store, const crypto::KeyStore &keys, ImportStats &stats);
    ~ImportRun();

    // Records a record's key; refuses a second record with the same key but other content.
    Status remember(const Record &record, const QByteArray &canonical, int line);
    // Writes the record when its references resolve. Returns false when a reference is not
    // known yet and strict is false (the line is retried after the whole file was read).
    Result<bool> apply(const Record &record, int line, bool strict);

private:
    Result<bool> known(QSet<QString> &cache, const QString &id, Result<bool> (storage::ImportStore::*lookup)(const QString &));
    Result<bool> resolve(const QString &field, const QString &what, const QString &id, QSet<QString> &cache,
                         Result<bool> (storage::ImportStore::*lookup)(const QString &), int line, bool strict);
    Result<bool> writeAccount(const AccountRecord &a);
    Result<bool> writeCodeSet(const CodeSetRecord &s, int line);

    storage::ImportStore &m_store;
    ImportStats &m_stats;
    std::unique_ptr<ledger::LedgerHasher> m_hasher;
    std::unique_ptr<accounts::ContactProtector> m_contacts;
    std::unique_ptr<crypto::HmacSha256> m_digest;
    QSet<QString> m_accounts;
    QSet<QString> m_sets;
    QSet<QString> m_devices;
};

} // namespace rd::importer
