#pragma once

#include "common/Result.h"
#include "model/ImportRecords.h"
#include "importer/Importer.h"

#include <QSet>

#include <functional>

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

// What identifies a record across lines ("login_attempt:" and its id, "device_event:" device, time
// and event...): two records with the same key are the same record, in the same or other content.
QString recordKey(const Record &record);

// Overwrites the plaintext codes a code_set record holds, once it was applied.
void wipeCodes(Record &record);

// The state of one import: applies records to the store, resolving references against
// the database (which already holds what earlier lines of this file wrote).
class ImportRun final {
public:
    // The first line before `before` holding a record that matches, or 0 (the file read again:
    // only when an error must name an earlier line the import did not keep).
    using LineFinder = std::function<int(const std::function<bool(const Record &)> &matches, int before)>;

    ImportRun(storage::ImportStore &store, const crypto::KeyStore &keys, ImportStats &stats, LineFinder findLine);
    ~ImportRun();

    // Writes the record when its references resolve. Returns false when a reference is not
    // known yet and strict is false (the line is retried after the whole file was read).
    // canonical is the line's canonical form on its first reading, when a record with the same
    // key but other content earlier in the file is refused; null when a waiting line is retried.
    // A login_attempt compares by its fields (what is stored), every other record by its object.
    // order: where the record comes among those of this run, when its line does not say it (the
    // live feed: a rotated file starts again at line 1); finishFirstReading() names waiting
    // attempts by it.
    Result<bool> apply(const Record &record, int line, bool strict, const QByteArray *canonical, int order = 0);
    // The end of the file's first reading: writes the login attempts the store staged (see
    // ImportStore::stageAttempts). Returns the lines (or orders, where apply() was given one) that
    // wait for their account, to be retried as lines apply() returned false for; an error when two
    // staged lines repeat an id with other content.
    Result<QList<int>> finishFirstReading();
    // The error to report when the first reading stops at `error`: a repeated attempt among the
    // staged lines (all earlier in the file) comes first, as it would have without staging.
    Error earliest(Error error);
    // Where else a reference was looked for, for the error that names one found nowhere.
    void setElsewhere(const QString &where) { m_elsewhere = where; }
    // A record whose key came earlier in this run with other content updates it instead of being
    // refused (the live feed: a batch is not a file, and its boundaries fall anywhere).
    void setLaterWins(bool laterWins) { m_laterWins = laterWins; }

private:
    // Records a record's key; refuses a second record with the same key but other content.
    Status remember(const Record &record, const QByteArray &canonical, int line);
    Result<bool> applyAttempt(const LoginAttemptRecord &l, const Record &record, int line, bool strict, bool firstReading);
    Error repeatedWithOtherContent(const Record &record, int line, int earlier) const;
    Error repeatedAttempt(int line, int earlier, const QString &id) const;
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
    LineFinder m_findLine;
    QString m_elsewhere = QStringLiteral("in this file");
    bool m_laterWins = false;
    bool m_attemptsRemembered = false; // some login_attempt waited for its account (its key is in markSeen's index)
};

} // namespace rd::importer
