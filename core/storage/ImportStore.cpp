#include "storage/ImportStore.h"

#include "storage/AttemptStage.h"
#include "storage/BulkStatement.h"
#include "storage/Sql.h"
#include "storage/SqlDialect.h"
#include "storage/Supersession.h"

#include <QSqlError>

#include <limits>

namespace rd::storage {

using namespace importer;

struct ImportStore::Statements {
    explicit Statements(const QSqlDatabase &db)
        : seenInsert(db), seenGet(db), accountExists(db), setExists(db), codeExists(db), deviceExists(db),
          account(db), codeSet(db), code(db), codeUsed(db), revocation(db), device(db), deviceEvent(db),
          attempt(db), attemptNew(db), attemptCompare(db), securityEvent(db), incident(db), touch(db)
    {
    }
    BulkStatement seenInsert, seenGet, accountExists, setExists, codeExists, deviceExists;
    BulkStatement account, codeSet, code, codeUsed, revocation, device, deviceEvent, attempt, attemptNew, attemptCompare;
    BulkStatement securityEvent, incident, touch;
};

namespace {

QVariant opt(const std::optional<qint64> &v)
{
    return v ? QVariant(*v) : QVariant(QMetaType::fromType<qint64>());
}

QVariant opt(const std::optional<double> &v)
{
    return v ? QVariant(*v) : QVariant(QMetaType::fromType<double>());
}

QVariant opt(const std::optional<bool> &v)
{
    return v ? QVariant(int(*v)) : QVariant(QMetaType::fromType<int>());
}

QVariant txt(const QString &s)
{
    return nullableText(s);
}

QVariant blob(const QByteArray &b)
{
    return b.isNull() ? QVariant(QMetaType::fromType<QByteArray>()) : QVariant(b);
}

// "col = excluded.col" for each column, and the WHERE that only lets real changes through.
QString upsertTail(const QString &table, const QStringList &columns)
{
    QStringList sets, diffs;
    for (const QString &c : columns) {
        sets << QStringLiteral("%1 = excluded.%1").arg(c);
        diffs << QStringLiteral("%1.%2 IS DISTINCT FROM excluded.%2").arg(table, c);
    }
    return QStringLiteral(" DO UPDATE SET %1 WHERE %2").arg(sets.join(QStringLiteral(", ")), diffs.join(QStringLiteral(" OR ")));
}

QString placeholders(int n)
{
    QStringList p;
    for (int i = 0; i < n; ++i)
        p << QStringLiteral("?");
    return p.join(QStringLiteral(", "));
}

} // namespace

ImportStore::ImportStore(QSqlDatabase db) : m_db(std::move(db)), m_q(std::make_unique<Statements>(m_db)) {}

ImportStore::~ImportStore()
{
    m_stage.reset(); // a COPY still running ends first (an error path: its transaction is rolled back)
    // Only a cache size goes back to its default, so a failure here changes no data and is not
    // worth reporting (the connection may already be gone).
    if (!m_db.isOpen() || m_keepCache)
        return;
    for (const QString &sql : SqlDialect::of(m_db).endBulkWrite()) {
        QSqlQuery q(m_db);
        if (!q.exec(sql))
            break;
    }
}

Status ImportStore::prepare()
{
    const char *setup[] = {
        "CREATE TEMP TABLE IF NOT EXISTS import_seen (k TEXT PRIMARY KEY, digest {{BLOB}} NOT NULL, line INTEGER NOT NULL){{WITHOUT_ROWID}}",
        "CREATE TEMP TABLE IF NOT EXISTS import_touched (account_id TEXT PRIMARY KEY){{WITHOUT_ROWID}}",
        "DELETE FROM import_seen",
        "DELETE FROM import_touched"};
    const SqlDialect dialect = SqlDialect::of(m_db);
    QStringList statements = dialect.beginBulkWrite();
    for (const char *sql : setup)
        statements << dialect.expand(QString::fromLatin1(sql));
    for (const QString &sql : std::as_const(statements)) {
        QSqlQuery q(m_db);
        if (!q.exec(sql))
            return sqlError(QStringLiteral("preparing the import"), q);
    }
    const QStringList accountCols = {QStringLiteral("handle"),       QStringLiteral("display_name"),
                                     QStringLiteral("email_fp"),     QStringLiteral("email_verified_at"),
                                     QStringLiteral("phone_fp"),     QStringLiteral("phone_verified_at"),
                                     QStringLiteral("created_at"),   QStringLiteral("tf_enabled"),
                                     QStringLiteral("tf_method"),    QStringLiteral("tf_since"),
                                     QStringLiteral("status")};
    // Ciphertexts use fresh IVs, so they follow the fingerprints instead of being compared.
    const QString accountSql =
        QStringLiteral("INSERT INTO accounts (id, %1, email_enc, phone_enc) VALUES (?, %2, ?, ?) ON CONFLICT (id)")
            .arg(accountCols.join(QStringLiteral(", ")), placeholders(int(accountCols.size())))
        + upsertTail(QStringLiteral("accounts"), accountCols)
              .replace(QLatin1String(" WHERE "),
                       QLatin1String(", email_enc = CASE WHEN accounts.email_fp IS DISTINCT FROM excluded.email_fp "
                                     "THEN excluded.email_enc ELSE accounts.email_enc END, phone_enc = CASE WHEN "
                                     "accounts.phone_fp IS DISTINCT FROM excluded.phone_fp THEN excluded.phone_enc "
                                     "ELSE accounts.phone_enc END WHERE "));
    const QStringList setCols = {QStringLiteral("account_id"), QStringLiteral("generated_at"),
                                 QStringLiteral("generator"), QStringLiteral("format"),
                                 QStringLiteral("declared_state"), QStringLiteral("code_count"),
                                 QStringLiteral("ack_reported"), QStringLiteral("acknowledged_at")};
    const QStringList codeCols = {QStringLiteral("hash"), QStringLiteral("lookup_tag"), QStringLiteral("fits_format")};
    const QStringList deviceCols = {QStringLiteral("account_id"), QStringLiteral("label"), QStringLiteral("first_seen")};
    const QStringList attemptCols = {QStringLiteral("account_id"), QStringLiteral("at"),   QStringLiteral("method"),
                                     QStringLiteral("outcome"),    QStringLiteral("device_id"), QStringLiteral("ip"),
                                     QStringLiteral("country"),    QStringLiteral("city"), QStringLiteral("lat"),
                                     QStringLiteral("lon"),        QStringLiteral("reason"),
                                     QStringLiteral("clock_skew_s")};
    const QStringList incidentCols = {QStringLiteral("kind"),       QStringLiteral("start_at"),
                                      QStringLiteral("end_at"),     QStringLiteral("components"),
                                      QStringLiteral("generators"), QStringLiteral("regions"),
                                      QStringLiteral("summary")};
    struct Prep {
        BulkStatement *query;
        QString sql;
    };
    const Prep preps[] = {
        {&m_q->seenInsert, QStringLiteral("INSERT INTO import_seen (k, digest, line) VALUES (?, ?, ?) ON CONFLICT (k) DO NOTHING")},
        {&m_q->seenGet, QStringLiteral("SELECT digest, line FROM import_seen WHERE k = ?")},
        {&m_q->accountExists, QStringLiteral("SELECT 1 FROM accounts WHERE id = ?")},
        {&m_q->setExists, QStringLiteral("SELECT 1 FROM code_sets WHERE id = ?")},
        {&m_q->codeExists, QStringLiteral("SELECT 1 FROM codes WHERE set_id = ? AND idx = ?")},
        {&m_q->deviceExists, QStringLiteral("SELECT 1 FROM devices WHERE id = ?")},
        {&m_q->account, accountSql},
        {&m_q->codeSet, QStringLiteral("INSERT INTO code_sets (id, %1) VALUES (?, %2) ON CONFLICT (id)")
                            .arg(setCols.join(QStringLiteral(", ")), placeholders(int(setCols.size())))
             + upsertTail(QStringLiteral("code_sets"), setCols)},
        {&m_q->code, QStringLiteral("INSERT INTO codes (set_id, idx, hash, lookup_tag, fits_format) VALUES (?, ?, ?, ?, ?) "
                                    "ON CONFLICT (set_id, idx)")
             + upsertTail(QStringLiteral("codes"), codeCols)},
        {&m_q->codeUsed, QStringLiteral("UPDATE codes SET used_at = ?, used_device = ?, used_ip = ? WHERE set_id = ? AND "
                                        "idx = ? AND (used_at IS DISTINCT FROM ? OR used_device IS DISTINCT FROM ? OR "
                                        "used_ip IS DISTINCT FROM ?)")},
        {&m_q->revocation, QStringLiteral("UPDATE code_sets SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND "
                                          "(revoked_at IS DISTINCT FROM ? OR revoked_reason IS DISTINCT FROM ?)")},
        {&m_q->device, QStringLiteral("INSERT INTO devices (id, %1) VALUES (?, %2) ON CONFLICT (id)")
                           .arg(deviceCols.join(QStringLiteral(", ")), placeholders(int(deviceCols.size())))
             + upsertTail(QStringLiteral("devices"), deviceCols)},
        {&m_q->deviceEvent, QStringLiteral("INSERT INTO device_events (device_id, at, event, actor, note) VALUES (?, ?, ?, ?, ?) "
                                           "ON CONFLICT (device_id, at, event)")
             + upsertTail(QStringLiteral("device_events"), {QStringLiteral("actor"), QStringLiteral("note")})},
        {&m_q->attempt, QStringLiteral("INSERT INTO login_attempts (id, %1) VALUES (?, %2) ON CONFLICT (id)")
                            .arg(attemptCols.join(QStringLiteral(", ")), placeholders(int(attemptCols.size())))
             + upsertTail(QStringLiteral("login_attempts"), attemptCols)},
        {&m_q->securityEvent, QStringLiteral("INSERT INTO security_events (account_id, at, event, detail) VALUES (?, ?, ?, ?) "
                                             "ON CONFLICT (account_id, at, event)")
             + upsertTail(QStringLiteral("security_events"), {QStringLiteral("detail")})},
        {&m_q->incident, QStringLiteral("INSERT INTO incidents (id, %1) VALUES (?, %2) ON CONFLICT (id)")
                             .arg(incidentCols.join(QStringLiteral(", ")), placeholders(int(incidentCols.size())))
             + upsertTail(QStringLiteral("incidents"), incidentCols)},
        {&m_q->touch, QStringLiteral("INSERT INTO import_touched (account_id) VALUES (?) ON CONFLICT (account_id) DO NOTHING")},
    };
    for (const Prep &p : preps) {
        if (auto prepared = p.query->prepare(p.sql); !prepared)
            return prepared;
    }
    if (m_wantStage && (m_stage = AttemptStage::on(m_db))) {
        if (auto s = m_stage->prepare(); !s)
            return s;
    }
    return prepareAttemptRows(attemptCols);
}

Status ImportStore::prepareAttemptRows(const QStringList &attemptCols)
{
    m_attemptBase.reset();
    const QString order = SqlDialect::of(m_db).insertionOrder();
    if (order.isEmpty())
        return {};
    auto base = exec(m_db, QStringLiteral("SELECT COALESCE(MAX(%1), 0) FROM login_attempts").arg(order));
    if (!base)
        return base.error();
    if (!base->next())
        return Error::storage(QStringLiteral("Database error while preparing the import: no largest login attempt."));
    const qint64 largest = base->value(0).toLongLong();
    // Near 2^63 - 1 SQLite gives new rows random free rowids: this import's rows could not be
    // told apart (a tampered table), so every attempt goes through markSeen.
    if (largest > std::numeric_limits<qint64>::max() - (qint64(1) << 40))
        return {};
    QStringList same;
    for (const QString &c : attemptCols)
        same << QStringLiteral("%1 IS DISTINCT FROM ?").arg(c);
    if (auto s = m_q->attemptNew.prepare(QStringLiteral("INSERT INTO login_attempts (id, %1) VALUES (?, %2) ON CONFLICT (id) DO NOTHING")
                                             .arg(attemptCols.join(QStringLiteral(", ")), placeholders(int(attemptCols.size())))); !s)
        return s;
    if (auto s = m_q->attemptCompare.prepare(QStringLiteral("SELECT %1 > ?, NOT (%2) FROM login_attempts WHERE id = ?")
                                                 .arg(order, same.join(QStringLiteral(" OR ")))); !s)
        return s;
    m_attemptBase = largest;
    return {};
}

Result<bool> ImportStore::exists(BulkStatement &query, std::initializer_list<QVariant> values)
{
    if (auto s = query.run(values, "checking a reference"); !s)
        return s.error();
    const bool found = query.next();
    query.finish();
    return found;
}

Result<bool> ImportStore::changed(BulkStatement &query, std::initializer_list<QVariant> values, const char *doing)
{
    if (auto s = query.run(values, doing); !s)
        return s.error();
    return query.rowsAffected() > 0;
}

Result<int> ImportStore::markSeen(const QString &key, const QByteArray &digest, int line)
{
    auto inserted = changed(m_q->seenInsert, {key, digest, line}, "writing the import index");
    if (!inserted)
        return inserted.error();
    if (inserted.value())
        return 0;
    if (auto s = m_q->seenGet.run({key}, "reading the import index"); !s)
        return s.error();
    if (!m_q->seenGet.next())
        return Error::storage(QStringLiteral("The import index lost a record key."));
    const QByteArray earlier = m_q->seenGet.value(0).toByteArray();
    const int earlierLine = m_q->seenGet.value(1).toInt();
    m_q->seenGet.finish();
    return earlier == digest ? 0 : earlierLine;
}

Result<bool> ImportStore::accountExists(const QString &id) { return exists(m_q->accountExists, {id}); }
Result<bool> ImportStore::codeSetExists(const QString &id) { return exists(m_q->setExists, {id}); }
Result<bool> ImportStore::codeExists(const QString &setId, int index) { return exists(m_q->codeExists, {setId, index}); }
Result<bool> ImportStore::deviceExists(const QString &id) { return exists(m_q->deviceExists, {id}); }

Result<bool> ImportStore::writeAccount(const AccountRecord &a, const ProtectedContact &email, const ProtectedContact &phone)
{
    return changed(m_q->account,
                   {a.id, txt(a.handle), txt(a.displayName), txt(email.fingerprint), opt(a.emailVerifiedAt),
                    txt(phone.fingerprint), opt(a.phoneVerifiedAt), a.createdAt, opt(a.twoFactorEnabled),
                    txt(a.twoFactorMethod), opt(a.twoFactorSince), a.status, blob(email.encrypted), blob(phone.encrypted)},
                   "writing an account");
}

Result<bool> ImportStore::writeCodeSet(const CodeSetRecord &s, const QList<StoredCode> &codes)
{
    auto setChanged = changed(m_q->codeSet,
                              {s.id, s.account, s.generatedAt, txt(s.generator), s.format, s.state, int(codes.size()),
                               int(s.acknowledgmentReported), opt(s.acknowledgedAt)},
                              "writing a code set");
    if (!setChanged)
        return setChanged;
    bool any = setChanged.value();
    for (const StoredCode &c : codes) {
        auto codeChanged = changed(m_q->code, {s.id, c.index, c.hash, txt(c.lookupTag), opt(c.fitsFormat)}, "writing a code");
        if (!codeChanged)
            return codeChanged;
        any = any || codeChanged.value();
    }
    return any;
}

Result<bool> ImportStore::writeCodeUsed(const CodeUsedRecord &u)
{
    return changed(m_q->codeUsed,
                   {u.at, txt(u.device), txt(u.ip), u.set, u.index, u.at, txt(u.device), txt(u.ip)}, "writing a code use");
}

Result<bool> ImportStore::writeRevocation(const CodeSetRevokedRecord &r)
{
    return changed(m_q->revocation, {r.at, r.reason, r.set, r.at, r.reason}, "writing a revocation");
}

Result<bool> ImportStore::writeDevice(const DeviceRecord &d)
{
    return changed(m_q->device, {d.id, d.account, txt(d.label), d.firstSeen}, "writing a device");
}

Result<bool> ImportStore::writeDeviceEvent(const DeviceEventRecord &e)
{
    return changed(m_q->deviceEvent, {e.device, e.at, e.event, txt(e.actor), txt(e.note)}, "writing a device event");
}

Result<bool> ImportStore::writeLoginAttempt(const LoginAttemptRecord &l)
{
    return changed(m_q->attempt,
                   {l.id, l.account, l.at, l.method, l.outcome, txt(l.device), txt(l.ip), txt(l.country), txt(l.city),
                    opt(l.lat), opt(l.lon), txt(l.reason), opt(l.clockSkewS)},
                   "writing a login attempt");
}

Result<ImportStore::AttemptRow> ImportStore::insertNewAttempt(const LoginAttemptRecord &l)
{
    Q_ASSERT(tellsAttemptsApart());
    auto inserted = changed(m_q->attemptNew,
                            {l.id, l.account, l.at, l.method, l.outcome, txt(l.device), txt(l.ip), txt(l.country), txt(l.city),
                             opt(l.lat), opt(l.lon), txt(l.reason), opt(l.clockSkewS)},
                            "writing a login attempt");
    if (!inserted)
        return inserted.error();
    return inserted.value() ? AttemptRow::Absent : compareAttempt(l);
}

Result<ImportStore::AttemptRow> ImportStore::compareAttempt(const LoginAttemptRecord &l)
{
    Q_ASSERT(tellsAttemptsApart());
    if (auto s = m_q->attemptCompare.run({*m_attemptBase, l.account, l.at, l.method, l.outcome, txt(l.device), txt(l.ip),
                                          txt(l.country), txt(l.city), opt(l.lat), opt(l.lon), txt(l.reason),
                                          opt(l.clockSkewS), l.id},
                                         "reading a login attempt");
        !s)
        return s.error();
    if (!m_q->attemptCompare.next()) {
        m_q->attemptCompare.finish();
        return AttemptRow::Absent;
    }
    const bool fromThisImport = m_q->attemptCompare.value(0).toBool();
    const bool same = m_q->attemptCompare.value(1).toBool();
    m_q->attemptCompare.finish();
    if (!fromThisImport)
        return AttemptRow::Older;
    return same ? AttemptRow::ThisImportSame : AttemptRow::ThisImportDiffers;
}

Result<bool> ImportStore::writeSecurityEvent(const SecurityEventRecord &e)
{
    return changed(m_q->securityEvent, {e.account, e.at, e.event, txt(e.detail)}, "writing a security event");
}

Result<bool> ImportStore::writeIncident(const IncidentRecord &i)
{
    return changed(m_q->incident,
                   {i.id, i.kind, i.start, i.end, txt(i.components), txt(i.generators), txt(i.regions), txt(i.summary)},
                   "writing an incident");
}

Status ImportStore::touchAccount(const QString &accountId)
{
    return m_q->touch.run({accountId}, "noting a touched account");
}

Result<int> ImportStore::recomputeSupersession()
{
    auto q = exec(m_db, supersessionUpdateSql(QStringLiteral("account_id IN (SELECT account_id FROM import_touched)")));
    if (!q)
        return q.error();
    return q->numRowsAffected();
}

Result<QString> ImportStore::setOwner(const QString &setId)
{
    auto q = exec(m_db, QStringLiteral("SELECT account_id FROM code_sets WHERE id = ?"), {setId});
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toString() : QString();
}

Status ImportStore::cleanup()
{
    for (const char *sql : {"DELETE FROM import_seen", "DELETE FROM import_touched"}) {
        QSqlQuery q(m_db);
        if (!q.exec(QString::fromLatin1(sql)))
            return sqlError(QStringLiteral("cleaning up after the import"), q);
    }
    return {};
}

} // namespace rd::storage
