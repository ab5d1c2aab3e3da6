#include "storage/Sql.h"

#include "storage/SqlDialect.h"

#include <QSqlDriver>
#include <QSqlError>

namespace rd::storage {

namespace {

// A server that went away closes the connection (libpq's status turns bad): that is one sentence
// of its own, which the desktop's banner and the CLI can tell apart from a failed statement.
std::optional<Error> connectionLost(const QString &doing, const QSqlDriver *driver)
{
    if (!driver || driver->isOpen())
        return std::nullopt;
    return lostConnection(doing);
}

// SQLite found a damaged page (SQLITE_CORRUPT) or no database at all (SQLITE_NOTADB) where a
// statement read: the file needs its backup, whatever the statement was for. Opening no longer
// scans the whole file (Database::checkIntegrity), so this is where damage is met.
std::optional<Error> damaged(const QSqlError &error, const QSqlDriver *driver)
{
    if (!driver || driver->dbmsType() != QSqlDriver::SQLite)
        return std::nullopt;
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok) & 0xff;
    if (!ok || (code != kSqliteCorrupt && code != kSqliteNotADatabase))
        return std::nullopt;
    return damagedDatabase(error.databaseText().trimmed());
}

Error describe(const QString &doing, const QSqlError &error, const QSqlDriver *driver)
{
    if (auto lost = connectionLost(doing, driver))
        return *lost;
    if (auto broken = damaged(error, driver))
        return *broken;
    return Error::storage(QStringLiteral("Database error while %1: %2.").arg(doing, error.text().trimmed()));
}

} // namespace

Error lostConnection(const QString &doing)
{
    Error e = Error::storage(QStringLiteral("The connection to the database was lost while %1; it is opened again on "
                                            "the next try, but what was being done may not have been saved.")
                                 .arg(doing));
    e.code = ErrorCode::ConnectionLost;
    e.field = QStringLiteral("database");
    return e;
}

Error damagedDatabase(const QString &detail)
{
    Error e = Error::storage(QStringLiteral("The database file is damaged (%1); restore it from a backup or use another database.").arg(detail));
    e.code = ErrorCode::Damaged;
    e.field = QStringLiteral("database");
    return e;
}

Error sqlError(const QString &doing, const QSqlQuery &query)
{
    return describe(doing, query.lastError(), query.driver());
}

Error sqlError(const QString &doing, const QSqlDatabase &db)
{
    return describe(doing, db.lastError(), db.driver());
}

namespace {

template <typename Values>
Result<QSqlQuery> prepareAndRun(const QSqlDatabase &db, const QString &sql, const Values &values)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return sqlError(QStringLiteral("preparing a statement"), q);
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec())
        return sqlError(QStringLiteral("running a statement"), q);
    return q;
}

} // namespace

Result<QSqlQuery> exec(const QSqlDatabase &db, const QString &sql, std::initializer_list<QVariant> values)
{
    return prepareAndRun(db, sql, values);
}

Result<QSqlQuery> execList(const QSqlDatabase &db, const QString &sql, const QVariantList &values)
{
    return prepareAndRun(db, sql, values);
}

Status run(QSqlQuery &query, std::initializer_list<QVariant> values, const QString &doing)
{
    int i = 0;
    for (const QVariant &v : values)
        query.bindValue(i++, v);
    if (!query.exec())
        return sqlError(doing, query);
    return {};
}

void markInTransaction(const QSqlDatabase &db, bool inside)
{
    if (QSqlDriver *driver = db.driver())
        driver->setProperty("rd-in-transaction", inside);
}

bool isInTransaction(const QSqlDatabase &db)
{
    const QSqlDriver *driver = db.driver();
    return driver && driver->property("rd-in-transaction").toBool();
}

Transaction::Transaction(QSqlDatabase db) : m_db(std::move(db)) {}

Transaction::~Transaction() { rollback(); }

Status Transaction::begin()
{
    if (!m_db.transaction())
        return sqlError(QStringLiteral("starting a transaction"), m_db);
    m_open = true;
    markInTransaction(m_db, true);
    return {};
}

Status Transaction::commit()
{
    if (!m_open)
        return {};
    if (!m_db.commit()) {
        Error e = sqlError(QStringLiteral("committing"), m_db);
        rollback();
        return e;
    }
    m_open = false;
    markInTransaction(m_db, false);
    return {};
}

void Transaction::rollback()
{
    if (m_open) {
        m_db.rollback();
        m_open = false;
        markInTransaction(m_db, false);
    }
}

WriteTransaction::~WriteTransaction()
{
    rollback();
}

void WriteTransaction::rollback()
{
    if (m_open)
        QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
    m_open = false;
    markInTransaction(m_db, false);
}

Status WriteTransaction::begin()
{
    markInTransaction(m_db, true); // from the first statement: a failed one still ends in rollback()
    for (const QString &sql : m_dialect.beginSerializedWrite()) {
        QSqlQuery q(m_db);
        if (!q.exec(sql)) {
            if (q.lastError().nativeErrorCode() == QLatin1String("55P03")) // PostgreSQL lock_not_available
                return Error::storage(QStringLiteral("The database stayed busy: another connection held its write lock for "
                                                     "20 seconds, so nothing was changed; try again."));
            return sqlError(QStringLiteral("starting a transaction"), q);
        }
        m_open = true;
    }
    return {};
}

Status WriteTransaction::commit()
{
    QSqlQuery q(m_db);
    // Other desks refresh what they show when this commits (a notice is only sent at commit).
    if (const QString notice = m_dialect.changeNotice(); !notice.isEmpty() && !q.exec(notice))
        return sqlError(QStringLiteral("committing"), q);
    if (!q.exec(QStringLiteral("COMMIT")))
        return sqlError(QStringLiteral("committing"), q);
    m_open = false;
    markInTransaction(m_db, false);
    return {};
}

QVariant nullableInt64(bool present, qint64 value)
{
    return present ? QVariant(value) : QVariant(QMetaType::fromType<qint64>());
}

QVariant nullableTime(const std::optional<qint64> &value)
{
    return nullableInt64(value.has_value(), value.value_or(0));
}

std::optional<qint64> optionalInt64(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<qint64>(value.toLongLong());
}

QVariant nullableText(const QString &value)
{
    return value.isNull() ? QVariant(QMetaType::fromType<QString>()) : QVariant(value);
}

} // namespace rd::storage
