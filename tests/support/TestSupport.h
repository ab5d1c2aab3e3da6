#pragma once

// Helpers shared by the test executables: a throw-away workspace with keys and a database,
// operators, fixture paths and a plaintext scan. Header-only so each test stays one file.

#include "auth/OperatorService.h"
#include "common/Clock.h"
#include "crypto/KeyStore.h"
#include "storage/Database.h"
#include "storage/KeyCheck.h"
#include "storage/Sql.h"

#include "PgTestServer.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace rd::test {

inline QString dataPath(const QString &relative)
{
    return qEnvironmentVariable("RD_TEST_DATA") + u'/' + relative;
}

inline QByteArray readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

inline auth::Session sessionAs(auth::Role role, const QString &name = QStringLiteral("tester"))
{
    return auth::Session{name, name, role};
}

// A temporary directory with a key directory and a database.
class Workspace {
public:
    Workspace()
    {
        QVERIFY(m_dir.isValid());
        keyDir = m_dir.filePath(QStringLiteral("keys"));
        dbPath = m_dir.filePath(QStringLiteral("rd.sqlite"));
        if (onPostgres()) {
            PgTestServer &server = PgTestServer::instance();
            QVERIFY2(server.ready(), qPrintable(server.problem()));
            dbPath = server.freshDatabase();
            QVERIFY(!dbPath.isEmpty());
        }
    }

    QString path(const QString &name) const { return m_dir.filePath(name); }

    // Creates keys and the database; returns false (after a QVERIFY failure) on error.
    bool open()
    {
        if (database)
            return true; // already open: the same connection sees what the CLI wrote
        auto init = crypto::KeyStore::initialize(keyDir);
        if (!init) {
            qWarning() << init.error().message;
            return false;
        }
        auto k = crypto::KeyStore::open(keyDir);
        if (!k) {
            qWarning() << k.error().message;
            return false;
        }
        keys = std::make_unique<crypto::KeyStore>(std::move(k.value()));
        auto loc = storage::DatabaseLocation::parse(dbPath);
        auto db = storage::Database::open(loc.value());
        if (!db) {
            qWarning() << db.error().message;
            return false;
        }
        database = db.value();
        if (auto match = storage::checkKeysMatch(*database, *keys); !match) {
            qWarning() << match.error().message;
            return false;
        }
        return true;
    }

    QSqlDatabase connection() { return database->connection().value(); }

    // Puts everything the database holds where plaintextFound() looks: on SQLite the WAL is
    // folded into the file (both stay in the workspace); on PostgreSQL the server's files are not
    // in the workspace, so a full pg_dump of the database goes there instead.
    bool checkpoint()
    {
        if (!onPostgres()) {
            QSqlQuery q(connection());
            return q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        }
        return PgTestServer::instance().dump(PgTestServer::databaseOf(dbPath), path(QStringLiteral("pg_dump.sql")));
    }

    // What an attacker with full control of the storage does: on SQLite anyone who can write
    // the file (the append-only triggers dropped first); on PostgreSQL the server's superuser
    // (triggers off for the session), since the application role may not change the trail.
    bool tamper(const QStringList &statements)
    {
        if (onPostgres()) {
            QStringList all{QStringLiteral("SET session_replication_role = replica")};
            all += statements;
            return PgTestServer::instance().superuser(all, PgTestServer::databaseOf(dbPath));
        }
        QStringList all{QStringLiteral("DROP TRIGGER IF EXISTS audit_log_append_only_update"),
                        QStringLiteral("DROP TRIGGER IF EXISTS audit_log_append_only_delete"),
                        QStringLiteral("DROP TRIGGER IF EXISTS audit_checkpoints_append_only_update"),
                        QStringLiteral("DROP TRIGGER IF EXISTS audit_checkpoints_append_only_delete")};
        all += statements;
        for (const QString &sql : all) {
            QSqlQuery q(connection());
            if (!q.exec(sql)) {
                qWarning() << sql << q.lastError().text();
                return false;
            }
        }
        return true;
    }
    // Closes this process's connection so another process (the CLI) sees a settled file.
    void close() { database.reset(); }

    qint64 count(const QString &table)
    {
        QSqlQuery q(connection());
        if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM ") + table) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }

    // Every row of the platform tables (without surrogate ids and ciphertexts, which carry
    // fresh IVs), as one hash: equal hashes mean no row was added, removed or changed.
    QByteArray contentHash()
    {
        static const QStringList tables = {
            QStringLiteral("accounts"), QStringLiteral("code_sets"), QStringLiteral("codes"),
            QStringLiteral("devices"), QStringLiteral("device_events"), QStringLiteral("login_attempts"),
            QStringLiteral("security_events"), QStringLiteral("incidents"), QStringLiteral("operators")};
        QCryptographicHash hash(QCryptographicHash::Sha256);
        for (const QString &t : tables) {
            QSqlQuery q(connection());
            q.exec(QStringLiteral("SELECT * FROM %1 ORDER BY 1, 2, 3").arg(t));
            while (q.next()) {
                const QSqlRecord r = q.record();
                for (int i = 0; i < r.count(); ++i) {
                    if (r.fieldName(i) == QLatin1String("id") && (t == QLatin1String("device_events") || t == QLatin1String("security_events")))
                        continue;
                    hash.addData(r.fieldName(i).toUtf8());
                    hash.addData(q.value(i).toString().toUtf8());
                    hash.addData("\x1f");
                }
                hash.addData("\n");
            }
        }
        return hash.result();
    }

    // The ways a secret may be written down: as given, without the spaces, hyphens and dots
    // people and formats put between groups, and (for codes) in upper and lower case.
    static QStringList spellings(const QString &secret)
    {
        QString bare = secret;
        bare.remove(QRegularExpression(QStringLiteral("[\\s.-]")));
        QStringList out{secret, bare, bare.toUpper(), bare.toLower()};
        if (secret.startsWith(u'+'))
            out << bare.mid(1); // a phone without its plus
        out.removeDuplicates();
        return out;
    }

    // Which secrets appear in text (captured output), in any spelling.
    static QStringList foundIn(const QString &text, const QStringList &secrets, const QString &where)
    {
        QStringList found;
        for (const QString &s : secrets)
            for (const QString &spelling : spellings(s))
                if (text.contains(spelling))
                    found << s + QStringLiteral(" in ") + where;
        return found;
    }

    // Names of the strings found in any file of the directory (database, WAL, exports...);
    // with allSpellings, in any of their spellings() too (give whole secrets then: the bare
    // form of a fragment like "2345 6789" is common enough to sit inside a hex hash).
    QStringList plaintextFound(const QStringList &secrets, bool allSpellings = false) const
    {
        QStringList found;
        QDirIterator it(m_dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QByteArray bytes = readFile(it.next());
            for (const QString &s : secrets) {
                for (const QString &spelling : allSpellings ? spellings(s) : QStringList{s}) {
                    // UTF-8 and UTF-16 (how QString or SQLite might hold it).
                    const QByteArray utf16(reinterpret_cast<const char *>(spelling.utf16()), spelling.size() * 2);
                    if (bytes.contains(spelling.toUtf8()) || bytes.contains(utf16)) {
                        found << s + QStringLiteral(" in ") + it.fileName();
                        break;
                    }
                }
            }
        }
        return found;
    }

    QString keyDir;
    QString dbPath;
    std::unique_ptr<crypto::KeyStore> keys;
    std::shared_ptr<storage::Database> database;

private:
    QTemporaryDir m_dir;
};

} // namespace rd::test
