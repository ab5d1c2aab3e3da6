#include "storage/SqlDialect.h"

#include <QHash>

#include <QRegularExpression>
#include <QSqlDatabase>

namespace rd::storage {
namespace {

// The one advisory lock of a RecoveryDesk database on PostgreSQL ("RDAUDIT\0" as a number).
constexpr const char *kWriteLock = "SELECT pg_advisory_xact_lock(5928281203565331456)";

// Words as SQLite's unicode61 tokenizer with remove_diacritics finds them: runs of letters
// and digits, lower case, without accents.
QStringList words(const QString &text)
{
    const QString decomposed = text.normalized(QString::NormalizationForm_KD);
    QString folded;
    folded.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        if (c.isMark())
            continue;
        folded += c.isLetterOrNumber() ? c.toLower() : QChar(u' ');
    }
    return folded.split(u' ', Qt::SkipEmptyParts);
}

} // namespace

SqlDialect SqlDialect::of(const QSqlDatabase &db)
{
    return SqlDialect(db.driverName() == QLatin1String("QPSQL") ? Backend::Postgres : Backend::Sqlite);
}

QString SqlDialect::driverName() const
{
    return m_backend == Backend::Sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL");
}

QString SqlDialect::expand(QString sql) const
{
    const bool lite = m_backend == Backend::Sqlite;
    static const QRegularExpression sqliteOnly(QStringLiteral("-- sqlite-only-begin.*?-- sqlite-only-end"),
                                               QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression postgresOnly(QStringLiteral("-- postgres-only-begin.*?-- postgres-only-end"),
                                                 QRegularExpression::DotMatchesEverythingOption);
    sql.remove(lite ? postgresOnly : sqliteOnly);
    sql.replace(QLatin1String("{{BLOB}}"), lite ? QLatin1String("BLOB") : QLatin1String("BYTEA"));
    sql.replace(QLatin1String("{{INT64}}"), lite ? QLatin1String("INTEGER") : QLatin1String("BIGINT"));
    sql.replace(QLatin1String("{{REAL}}"), lite ? QLatin1String("REAL") : QLatin1String("DOUBLE PRECISION"));
    sql.replace(QLatin1String("{{AUTO_ID}}"),
                lite ? QLatin1String("INTEGER PRIMARY KEY AUTOINCREMENT") : QLatin1String("BIGSERIAL PRIMARY KEY"));
    // After a table's definition: on SQLite the table is its primary key's b-tree, instead of a
    // rowid table plus an index on the key (half the b-tree work for a table looked up by key).
    sql.replace(QLatin1String("{{WITHOUT_ROWID}}"), lite ? QLatin1String(" WITHOUT ROWID") : QLatin1String());
    return sql;
}

QStringList SqlDialect::beginSerializedWrite() const
{
    if (m_backend == Backend::Sqlite)
        return {QStringLiteral("BEGIN IMMEDIATE")};
    // A desk that cannot get the lock within the time-out says so instead of waiting forever
    // (another connection holding it, say, on a shared server).
    return {QStringLiteral("BEGIN"), QStringLiteral("SET LOCAL lock_timeout = '20s'"), QString::fromLatin1(kWriteLock)};
}

QString SqlDialect::changeNotice() const
{
    return m_backend == Backend::Postgres ? QStringLiteral("NOTIFY %1").arg(QLatin1String(kChangeChannel)) : QString();
}

QString SqlDialect::insertionOrder() const
{
    // A table without AUTOINCREMENT gives a new row the largest rowid plus one while that stays
    // below 2^63 - 1 (login_attempts would need 9e18 rows first).
    return m_backend == Backend::Sqlite ? QStringLiteral("rowid") : QString();
}

QString SqlDialect::changeProbe() const
{
    return m_backend == Backend::Sqlite ? QStringLiteral("PRAGMA data_version") : QString();
}

QStringList SqlDialect::beginSnapshot() const
{
    if (m_backend == Backend::Sqlite)
        return {QStringLiteral("BEGIN"), QStringLiteral("SELECT COUNT(*) FROM schema_version")}; // WAL: the snapshot starts at the first read
    return {QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")};
}

QStringList SqlDialect::afterCopy(const QString &table) const
{
    // Table -> its serial column.
    static const QHash<QString, QString> serialTables = {
        {QStringLiteral("device_events"), QStringLiteral("id")}, {QStringLiteral("security_events"), QStringLiteral("id")},
        {QStringLiteral("audit_log"), QStringLiteral("id")},     {QStringLiteral("case_notes"), QStringLiteral("id")},
        {QStringLiteral("case_events"), QStringLiteral("id")},   {QStringLiteral("evidence"), QStringLiteral("id")},
        {QStringLiteral("delivery_keys"), QStringLiteral("seq")}};
    if (m_backend == Backend::Sqlite || !serialTables.contains(table))
        return {};
    return {QStringLiteral("SELECT setval(pg_get_serial_sequence('%1', '%2'), COALESCE((SELECT MAX(%2) FROM %1), 0) + 1, false)")
                .arg(table, serialTables.value(table))};
}

QString SqlDialect::tableExistsQuery() const
{
    if (m_backend == Backend::Sqlite)
        return QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?");
    return QStringLiteral("SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE schemaname = 'public' AND tablename = ?");
}

QString SqlDialect::mayMigrateQuery() const
{
    if (m_backend == Backend::Sqlite)
        return QStringLiteral("SELECT 1");
    return QStringLiteral("SELECT CASE WHEN pg_catalog.has_schema_privilege('public', 'CREATE') THEN 1 ELSE 0 END");
}

QStringList SqlDialect::beginBulkWrite() const
{
    // PostgreSQL: the import's temporary tables outlive a transaction, and "already exists,
    // skipping" would reach stderr for every import or feed batch after the first (libpq prints
    // notices); for this transaction only.
    if (m_backend != Backend::Sqlite)
        return {QStringLiteral("SET LOCAL client_min_messages = warning")};
    return {QStringLiteral("PRAGMA main.cache_size = -65536"), QStringLiteral("PRAGMA temp.cache_size = -16384")};
}

QStringList SqlDialect::endBulkWrite() const
{
    if (m_backend != Backend::Sqlite)
        return {};
    return {QStringLiteral("PRAGMA main.cache_size = -2000"), QStringLiteral("PRAGMA temp.cache_size = -2000")};
}

QStringList SqlDialect::afterMigration() const
{
    if (m_backend == Backend::Sqlite)
        return {};
    // The application role: ordinary rights on the working tables; on the audit trail and its
    // checkpoints only SELECT and INSERT; the schema version and the key fingerprints it may
    // read (and record once) but never change. Sequences advance through INSERT alone.
    // Only the two roles may connect at all.
    return {QStringLiteral("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO recoverydesk_app"),
            QStringLiteral("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO recoverydesk_app"),
            QStringLiteral("REVOKE UPDATE ON ALL SEQUENCES IN SCHEMA public FROM recoverydesk_app"),
            QStringLiteral("REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, audit_checkpoints FROM recoverydesk_app"),
            QStringLiteral("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_version FROM recoverydesk_app"),
            QStringLiteral("REVOKE UPDATE, DELETE, TRUNCATE ON installation FROM recoverydesk_app"),
            QStringLiteral("REVOKE UPDATE, DELETE, TRUNCATE ON delivery_keys FROM recoverydesk_app"),
            QStringLiteral("DO $connect$ BEGIN "
                           "EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database()); "
                           "EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO recoverydesk_app', current_database()); "
                           "END $connect$")};
}

QString SqlDialect::searchText(const QString &text) const
{
    return m_backend == Backend::Sqlite ? text : words(text).join(u' ');
}

QString SqlDialect::searchCondition() const
{
    if (m_backend == Backend::Sqlite)
        return QStringLiteral("id IN (SELECT case_id FROM case_search WHERE case_search MATCH ?)");
    return QStringLiteral("id IN (SELECT case_id FROM case_search WHERE to_tsvector('simple', body) @@ CAST(? AS tsquery))");
}

QString SqlDialect::searchParameter(const QString &userText) const
{
    QStringList terms;
    if (m_backend == Backend::Sqlite) {
        // Any whitespace separates words: a tab or line break inside one quoted term would turn
        // "backup<TAB>airport" into a phrase that only matches the two words side by side.
        for (QString word : userText.simplified().split(u' ', Qt::SkipEmptyParts)) {
            word.remove(u'"');
            if (!word.isEmpty())
                terms << u'"' + word + QStringLiteral("\"*");
        }
        return terms.join(u' ');
    }
    // As FTS5 reads the quoted prefix terms above: each whitespace-separated word (without its
    // quotes) is a phrase of its tokens, the last one a prefix, and all words are required. A word
    // without any token matches nothing, as in FTS5. The lexemes are letters and digits only, and
    // the parameter is cast to tsquery as it is, so nothing the user types is tsquery syntax.
    static const QString nothing = QStringLiteral("'-'"); // a lexeme searchText() never stores
    for (QString word : userText.simplified().split(u' ', Qt::SkipEmptyParts)) {
        word.remove(u'"');
        if (word.isEmpty())
            continue;
        QStringList phrase;
        for (const QString &token : words(word)) {
            if (token.size() > 1000) // longer than PostgreSQL indexes a word
                return nothing;
            phrase << u'\'' + token + u'\'';
        }
        if (phrase.isEmpty())
            return nothing;
        terms << u'(' + phrase.join(QStringLiteral(" <-> ")) + QStringLiteral(":*)");
    }
    return terms.join(QStringLiteral(" & "));
}

} // namespace rd::storage
