#include "storage/BulkStatement.h"

#include "storage/Sql.h"

#include <QSqlDriver>
#include <QSqlQuery>

#include <sqlite3.h>

namespace rd::storage {

static_assert(SQLITE_CORRUPT == kSqliteCorrupt && SQLITE_NOTADB == kSqliteNotADatabase);

namespace {

// Whether Qt's SQLite driver runs on the SQLite library this program links. Debian's driver links
// the system library; Qt's own builds carry a copy inside the plugin, and a handle of that copy
// must never reach this one. Two copies of different sources tell themselves apart; the same
// source twice could not, so builds with a bundled SQLite should not link core with the system one.
bool driverUsesThisLibrary(const QSqlDatabase &db)
{
    static const bool same = [&db] {
        QSqlQuery q(db);
        return q.exec(QStringLiteral("SELECT sqlite_source_id()")) && q.next()
               && q.value(0).toString() == QString::fromLatin1(sqlite3_sourceid());
    }();
    return same;
}

// s as UTF-8 into out, reusing out's buffer; ASCII (nearly every imported value) without a
// conversion call.
void toUtf8(const QString &s, QByteArray &out)
{
    const qsizetype n = s.size();
    out.resize(n);
    const QChar *in = s.constData(); // not utf16(): that would detach a QStringLiteral's data
    char *p = out.data();
    for (qsizetype k = 0; k < n; ++k) {
        if (in[k].unicode() >= 0x80) {
            out = s.toUtf8();
            return;
        }
        p[k] = char(in[k].unicode());
    }
}

} // namespace

BulkStatement::BulkStatement(const QSqlDatabase &db) : m_db(db), m_query(db)
{
    // Qt documents the handle of its SQLite driver as a QVariant holding "sqlite3*".
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0 && driverUsesThisLibrary(db))
        m_handle = *static_cast<sqlite3 *const *>(handle.constData());
    m_query.setForwardOnly(true);
}

BulkStatement::~BulkStatement()
{
    sqlite3_finalize(m_stmt); // a no-op on nullptr
}

Status BulkStatement::prepare(const QString &sql)
{
    if (!m_handle) {
        if (!m_query.prepare(sql))
            return sqlError(QStringLiteral("preparing a statement"), m_query);
        return {};
    }
    sqlite3_finalize(m_stmt);
    m_stmt = nullptr;
    const QByteArray utf8 = sql.toUtf8();
    if (sqlite3_prepare_v3(m_handle, utf8.constData(), int(utf8.size()), SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr) != SQLITE_OK)
        return nativeError("preparing a statement");
    return {};
}

Status BulkStatement::bindNative(std::initializer_list<QVariant> values, const char *doing)
{
    sqlite3_reset(m_stmt);
    m_pendingRow = m_onRow = false;
    if (int(values.size()) != sqlite3_bind_parameter_count(m_stmt))
        return Error::storage(QStringLiteral("Database error while %1: %2 values for %3 parameters.")
                                  .arg(QLatin1String(doing))
                                  .arg(values.size())
                                  .arg(sqlite3_bind_parameter_count(m_stmt)));
    if (m_text.size() < values.size())
        m_text.resize(values.size());
    int i = 0;
    for (const QVariant &v : values) {
        ++i;
        int rc = SQLITE_OK;
        if (v.isNull()) {
            rc = sqlite3_bind_null(m_stmt, i);
        } else {
            switch (v.typeId()) {
            // A null QString or QByteArray is NULL, as in QtSql's driver (QVariant::isNull no
            // longer looks inside since Qt 6).
            case QMetaType::QString: {
                const QString &s = *static_cast<const QString *>(v.constData());
                if (s.isNull()) {
                    rc = sqlite3_bind_null(m_stmt, i);
                } else {
                    // As UTF-8 (the database's encoding) into this parameter's own buffer, which
                    // SQLite reads in place until the next run: no copy, no conversion of its own.
                    QByteArray &utf8 = m_text[std::size_t(i - 1)];
                    toUtf8(s, utf8);
                    rc = sqlite3_bind_text(m_stmt, i, utf8.constData(), int(utf8.size()), SQLITE_STATIC);
                }
                break;
            }
            case QMetaType::QByteArray: {
                const QByteArray b = v.toByteArray();
                rc = b.isNull() ? sqlite3_bind_null(m_stmt, i)
                                : sqlite3_bind_blob(m_stmt, i, b.constData(), int(b.size()), SQLITE_TRANSIENT);
                break;
            }
            case QMetaType::Double:
            case QMetaType::Float:
                rc = sqlite3_bind_double(m_stmt, i, v.toDouble());
                break;
            case QMetaType::Bool:
            case QMetaType::Int:
            case QMetaType::UInt:
            case QMetaType::Long:
            case QMetaType::LongLong:
            case QMetaType::Short:
                rc = sqlite3_bind_int64(m_stmt, i, v.toLongLong());
                break;
            default: // what QtSql's SQLite driver does with any other type: its text
                const QString s = v.toString();
                rc = sqlite3_bind_text16(m_stmt, i, s.utf16(), int(s.size() * qsizetype(sizeof(char16_t))), SQLITE_TRANSIENT);
                break;
            }
        }
        if (rc != SQLITE_OK)
            return nativeError(doing);
    }
    return {};
}

Status BulkStatement::run(std::initializer_list<QVariant> values, const char *doing)
{
    if (!m_handle)
        return storage::run(m_query, values, QString::fromLatin1(doing));
    if (!m_stmt)
        return Error::storage(QStringLiteral("Database error while %1: the statement was not prepared.").arg(QLatin1String(doing)));
    if (auto bound = bindNative(values, doing); !bound)
        return bound;
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
        m_pendingRow = true;
        m_changes = 0;
        return {};
    }
    if (rc != SQLITE_DONE) {
        Error e = nativeError(doing);
        sqlite3_reset(m_stmt);
        return e;
    }
    m_changes = sqlite3_changes64(m_handle);
    sqlite3_reset(m_stmt);
    return {};
}

bool BulkStatement::next()
{
    if (!m_handle)
        return m_query.next();
    if (m_pendingRow) {
        m_pendingRow = false;
        m_onRow = true;
        return true;
    }
    m_onRow = m_onRow && sqlite3_step(m_stmt) == SQLITE_ROW;
    return m_onRow;
}

QVariant BulkStatement::value(int column) const
{
    if (!m_handle)
        return m_query.value(column);
    if (!m_onRow)
        return {};
    switch (sqlite3_column_type(m_stmt, column)) {
    case SQLITE_INTEGER:
        return QVariant(qint64(sqlite3_column_int64(m_stmt, column)));
    case SQLITE_FLOAT:
        return QVariant(sqlite3_column_double(m_stmt, column));
    case SQLITE_TEXT:
        return QVariant(QString(reinterpret_cast<const QChar *>(sqlite3_column_text16(m_stmt, column)),
                                sqlite3_column_bytes16(m_stmt, column) / qsizetype(sizeof(char16_t))));
    case SQLITE_BLOB:
        return QVariant(QByteArray(static_cast<const char *>(sqlite3_column_blob(m_stmt, column)), sqlite3_column_bytes(m_stmt, column)));
    default:
        return {};
    }
}

std::optional<QByteArrayView> BulkStatement::utf8(int column)
{
    if (!m_handle) {
        const QVariant v = m_query.value(column);
        if (v.isNull())
            return std::nullopt;
        if (m_columns.size() <= std::size_t(column))
            m_columns.resize(std::size_t(column) + 1);
        QByteArray &out = m_columns[std::size_t(column)];
        toUtf8(v.toString(), out);
        return QByteArrayView(out);
    }
    if (!m_onRow || sqlite3_column_type(m_stmt, column) == SQLITE_NULL)
        return std::nullopt;
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return QByteArrayView(text, sqlite3_column_bytes(m_stmt, column));
}

qint64 BulkStatement::int64(int column) const
{
    if (!m_handle)
        return m_query.value(column).toLongLong();
    return m_onRow ? qint64(sqlite3_column_int64(m_stmt, column)) : 0;
}

qint64 BulkStatement::rowsAffected() const
{
    return m_handle ? m_changes : m_query.numRowsAffected();
}

void BulkStatement::finish()
{
    if (!m_handle) {
        m_query.finish();
        return;
    }
    m_pendingRow = m_onRow = false;
    if (m_stmt)
        sqlite3_reset(m_stmt);
}

Error BulkStatement::nativeError(const char *doing) const
{
    const int code = sqlite3_errcode(m_handle) & 0xff;
    if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
        return damagedDatabase(QString::fromUtf8(sqlite3_errmsg(m_handle)));
    return Error::storage(
        QStringLiteral("Database error while %1: %2.").arg(QLatin1String(doing), QString::fromUtf8(sqlite3_errmsg(m_handle))));
}

} // namespace rd::storage
