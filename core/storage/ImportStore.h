#pragma once

#include "common/Result.h"
#include "model/ImportRecords.h"

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace rd::storage {

class AttemptStage;
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

    // Asks prepare() to stream login attempts to the database in bulk where the backend allows
    // it (PostgreSQL: AttemptStage); the caller then adds, pauses and merges them through
    // attemptStage(), and pauses it before any other statement of this store runs.
    void stageAttempts() { m_wantStage = true; }
    Status prepare();
    // Null unless stageAttempts() was asked for and the backend allows it.
    AttemptStage *attemptStage() { return m_stage.get(); }
    // The bulk page cache prepare() sets stays when this store goes (the live feed: one batch after
    // another on the same connection; shrinking it inside the transaction spills every dirty page).
    void keepCache() { m_keepCache = true; }
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

    // What the table holds under a login attempt's id. Attempts this import wrote are told from
    // older ones by their row (SQLite: a rowid above the largest one at the start), so an import
    // need not index the key of every attempt it writes: a second line with the same id meets the
    // first one's row. Only where tellsAttemptsApart(); elsewhere every attempt goes through
    // markSeen and writeLoginAttempt.
    enum class AttemptRow { Absent, Older, ThisImportSame, ThisImportDiffers };
    bool tellsAttemptsApart() const { return m_attemptBase.has_value(); }
    // Inserts the attempt when no row has its id (and answers Absent); otherwise writes nothing.
    Result<AttemptRow> insertNewAttempt(const importer::LoginAttemptRecord &l);
    // The same answer without writing.
    Result<AttemptRow> compareAttempt(const importer::LoginAttemptRecord &l);
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
    Status prepareAttemptRows(const QStringList &attemptCols);
    Result<bool> exists(BulkStatement &query, std::initializer_list<QVariant> values);
    // doing: what the statement does, for an error ("writing a device").
    Result<bool> changed(BulkStatement &query, std::initializer_list<QVariant> values, const char *doing);

    QSqlDatabase m_db;
    std::unique_ptr<Statements> m_q;
    std::optional<qint64> m_attemptBase; // the largest rowid of login_attempts before this import
    bool m_keepCache = false;
    bool m_wantStage = false;
    std::unique_ptr<AttemptStage> m_stage;
};

} // namespace rd::storage
