#pragma once

#include "common/Result.h"
#include "model/ImportRecords.h"

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace rd::storage {

class BulkStatement;

// A code as stored: keyed hash and lookup tag, never the plaintext.
struct StoredCode {
    int index = 0;
    QString hash;
    QString lookupTag;             // null when the code arrived as a hash
    std::optional<bool> fitsFormat; // unknown when the code arrived as a hash
};

struct ProtectedContact {
    QByteArray encrypted; // null when absent
    QString fingerprint;
};

// The SQL behind a platform import. Every write is an upsert that changes a row only when
// its content differs, so re-importing a file changes nothing; each returns whether it did.
// The caller owns the transaction.
class ImportStore final {
public:
    explicit ImportStore(QSqlDatabase db);
    ~ImportStore();
    ImportStore(const ImportStore &) = delete;
    ImportStore &operator=(const ImportStore &) = delete;

    Status prepare();
    // Remembers a record key for this import. Returns 0 when new or identical to an earlier
    // record, else the line of the earlier record with the same key and different content.
    Result<int> markSeen(const QString &key, const QByteArray &digest, int line);

    Result<bool> accountExists(const QString &id);
    Result<bool> codeSetExists(const QString &id);
    Result<bool> codeExists(const QString &setId, int index);
    Result<bool> deviceExists(const QString &id);

    Result<bool> writeAccount(const importer::AccountRecord &a, const ProtectedContact &email,
                              const ProtectedContact &phone);
    Result<bool> writeCodeSet(const importer::CodeSetRecord &s, const QList<StoredCode> &codes);
    Result<bool> writeCodeUsed(const importer::CodeUsedRecord &u);
    Result<bool> writeRevocation(const importer::CodeSetRevokedRecord &r);
    Result<bool> writeDevice(const importer::DeviceRecord &d);
    Result<bool> writeDeviceEvent(const importer::DeviceEventRecord &e);
    Result<bool> writeLoginAttempt(const importer::LoginAttemptRecord &l);
    Result<bool> writeSecurityEvent(const importer::SecurityEventRecord &e);
    Result<bool> writeIncident(const importer::IncidentRecord &i);

    // Accounts whose code sets this import touched; their supersession chain is recomputed.
    Status touchAccount(const QString &accountId);
    // Each set is superseded at the generated_at of the account's next later set. Returns
    // how many sets changed.
    Result<int> recomputeSupersession();
    // The account a stored code set belongs to; null when the set is new.
    Result<QString> setOwner(const QString &setId);
    Status cleanup();

private:
    struct Statements;
    Result<bool> exists(BulkStatement &query, std::initializer_list<QVariant> values);
    // doing: what the statement does, for an error ("writing a device").
    Result<bool> changed(BulkStatement &query, std::initializer_list<QVariant> values, const char *doing);

    QSqlDatabase m_db;
    std::unique_ptr<Statements> m_q;
};

} // namespace rd::storage
