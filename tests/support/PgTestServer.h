#pragma once

// The `postgres` test variants (SPEC §12.1): the same suites against a throw-away PostgreSQL 15
// cluster that CTest's fixture started (tests/support/pg-cluster.sh). With RD_TEST_BACKEND=postgres
// each test workspace gets a fresh database owned by recoverydesk_owner, migrated as the owner;
// the test itself and every CLI it starts then connect as recoverydesk_app, as desks do.

#include "storage/Database.h"

#include <QAtomicInt>
#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QTest>

#include <thread>

namespace rd::test {

inline bool onPostgres()
{
    return qEnvironmentVariable("RD_TEST_BACKEND") == QLatin1String("postgres");
}

class PgTestServer {
public:
    // The running cluster's coordinates (STATE_DIR/env), or a failure naming what is missing.
    static PgTestServer &instance()
    {
        static PgTestServer server;
        return server;
    }

    bool ready() const { return !m_port.isEmpty(); }
    // The private CA that signed the server's certificate (for sslmode=verify-full).
    QString caFile() const { return m_ca; }
    QString problem() const { return m_problem; }

    static QString databaseOf(const QString &url) { return url.section(u'/', -1); }

    QString url(const QString &role, const QString &database) const
    {
        return QStringLiteral("postgresql://%1@127.0.0.1:%2/%3").arg(role, m_port, database);
    }

    // A new empty database owned by recoverydesk_owner, with the schema created by the owner.
    // Returns the URL desks use (as recoverydesk_app), or an empty string after a warning.
    QString freshDatabase()
    {
        static QAtomicInt counter;
        const QString name = QStringLiteral("rdt_%1_%2").arg(QCoreApplication::applicationPid()).arg(counter.fetchAndAddRelaxed(1));
        if (!superuser(QStringLiteral("CREATE DATABASE %1 OWNER recoverydesk_owner").arg(name)))
            return {};
        // On a thread of its own: a workspace may be made on a GUI thread that the tests guard
        // against database calls, and the owner's connection must not outlive the migration.
        const QString ownerUrl = url(QStringLiteral("recoverydesk_owner"), name);
        QString problem;
        std::thread migrate([&ownerUrl, &problem] {
            auto migrated = storage::Database::open(storage::DatabaseLocation::parse(ownerUrl).value());
            if (!migrated)
                problem = migrated.error().message;
            else
                migrated.value()->releaseConnection();
        });
        migrate.join();
        if (!problem.isEmpty()) {
            qWarning() << "migrating as the owner:" << problem;
            return {};
        }
        return url(QStringLiteral("recoverydesk_app"), name);
    }

    // A new empty database without any schema (for init and copy tests).
    QString emptyDatabase(const QString &role = QStringLiteral("recoverydesk_owner"))
    {
        static QAtomicInt counter;
        const QString name = QStringLiteral("rde_%1_%2").arg(QCoreApplication::applicationPid()).arg(counter.fetchAndAddRelaxed(1));
        if (!superuser(QStringLiteral("CREATE DATABASE %1 OWNER recoverydesk_owner").arg(name)))
            return {};
        return url(role, name);
    }

    // Runs statements, in order on one connection, as the cluster's superuser (over its Unix
    // socket, trust auth): what a rogue database administrator can do.
    bool superuser(const QString &sql, const QString &database = QStringLiteral("postgres"))
    {
        return superuser(QStringList{sql}, database);
    }
    bool superuser(const QStringList &statements, const QString &database)
    {
        bool ok = false;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("rd-test-superuser"));
            db.setHostName(m_socket);
            db.setPort(m_port.toInt());
            db.setUserName(QStringLiteral("postgres"));
            db.setDatabaseName(database);
            if (db.open()) {
                ok = true;
                for (const QString &sql : statements) {
                    QSqlQuery q(db);
                    if (!q.exec(sql)) {
                        qWarning() << "superuser statement failed:" << sql << q.lastError().text();
                        ok = false;
                        break;
                    }
                }
                db.close();
            } else {
                qWarning() << "superuser connection failed:" << db.lastError().text();
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("rd-test-superuser"));
        return ok;
    }

    // Everything the database holds, as SQL text, into file (pg_dump as the superuser).
    bool dump(const QString &database, const QString &file) const
    {
        QProcess pgDump;
        pgDump.start(QStringLiteral("/usr/lib/postgresql/15/bin/pg_dump"),
                     {QStringLiteral("-h"), m_socket, QStringLiteral("-p"), m_port, QStringLiteral("-U"), QStringLiteral("postgres"),
                      QStringLiteral("-f"), file, database});
        if (!pgDump.waitForFinished(60000) || pgDump.exitCode() != 0) {
            qWarning() << "pg_dump failed:" << pgDump.readAllStandardError();
            return false;
        }
        return true;
    }

private:
    PgTestServer()
    {
        const QString state = qEnvironmentVariable("RD_TEST_PG");
        QFile env(state + QStringLiteral("/env"));
        if (state.isEmpty() || !env.open(QIODevice::ReadOnly)) {
            m_problem = QStringLiteral("no test cluster at RD_TEST_PG=%1; run the test through ctest (fixture "
                                       "pg_cluster_start) or tests/support/pg-cluster.sh start DIR")
                            .arg(state);
            return;
        }
        QHash<QString, QString> values;
        for (const QByteArray &line : env.readAll().split('\n')) {
            const int eq = line.indexOf('=');
            if (eq > 0)
                values.insert(QString::fromUtf8(line.left(eq)), QString::fromUtf8(line.mid(eq + 1)));
        }
        m_socket = values.value(QStringLiteral("SOCKET"));
        // libpq reads the passwords from here, in this process and in every CLI it starts.
        qputenv("PGPASSFILE", values.value(QStringLiteral("PGPASSFILE")).toUtf8());
        m_port = values.value(QStringLiteral("PORT"));
        m_ca = values.value(QStringLiteral("CA"));
    }

    QString m_port;
    QString m_socket;
    QString m_ca;
    QString m_problem;
};

} // namespace rd::test
