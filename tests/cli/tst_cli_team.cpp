// Team mode through the command line (SPEC §12.1): keys export/import and copy --to. Runs on
// SQLite as tst_cli_team and against a throw-away PostgreSQL cluster as tst_cli_team_pg.
#include "CliRunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <sys/stat.h>

using namespace rd;

class TestCliTeam : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void keysTravelInOneBundle();
    void wrongPassphraseAndDamageAreOneSentence();
    void differentKeysAreNeverReplaced();
    void onlyAdminsExportKeys();
    void copyKeepsEveryRecordAndTheChain();
    void copyRefusesNonEmptyTarget();

private:
    test::CliRun as(const QString &user, const QStringList &args) { return m_desk->as(user, args); }
    static const char *passphrase() { return "correct horse battery staple"; }
    qint64 rows(const QString &location, const QString &table);

    std::unique_ptr<test::Workspace> m_ws;
    std::unique_ptr<test::CliDesk> m_desk;
};

void TestCliTeam::init()
{
    m_ws = std::make_unique<test::Workspace>();
    m_desk = std::make_unique<test::CliDesk>(*m_ws);
    QVERIFY(m_desk->create({{"alice", "agent"}, {"sam", "supervisor"}}, true));
    m_desk->cli.environment.insert(QStringLiteral("RECOVERYDESK_KEYS_PASSPHRASE"), QString::fromLatin1(passphrase()));
}

void TestCliTeam::cleanup()
{
    m_desk.reset();
    m_ws.reset();
}

qint64 TestCliTeam::rows(const QString &location, const QString &table)
{
    auto db = storage::Database::open(storage::DatabaseLocation::parse(location).value());
    if (!db)
        return -1;
    auto q = storage::exec(db.value()->connection().value(), QStringLiteral("SELECT COUNT(*) FROM %1").arg(table));
    return q && q->next() ? q->value(0).toLongLong() : -1;
}

void TestCliTeam::keysTravelInOneBundle()
{
    const QString bundle = m_ws->path(QStringLiteral("team.keys"));
    const test::CliRun exported = as(QStringLiteral("boss"), {QStringLiteral("keys"), QStringLiteral("export"), QStringLiteral("--out"), bundle});
    QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
    struct stat st {};
    QCOMPARE(::stat(QFile::encodeName(bundle).constData(), &st), 0);
    QCOMPARE(st.st_mode & 0777, 0600u);
    // No key in clear in the bundle.
    for (const char *name : {"ledger.key", "data.key", "signing.key"}) {
        const QByteArray key = test::readFile(m_ws->keyDir + u'/' + QLatin1String(name));
        QCOMPARE(key.size(), 32);
        const QByteArray bytes = test::readFile(bundle);
        QVERIFY(!bytes.contains(key) && !bytes.contains(key.toBase64()) && !bytes.contains(key.toHex()));
    }
    // Never written over an existing file.
    const test::CliRun again = as(QStringLiteral("boss"), {QStringLiteral("keys"), QStringLiteral("export"), QStringLiteral("--out"), bundle});
    QCOMPARE(again.exitCode, 2);

    // A second desk: an empty key directory, the bundle and the passphrase, no sign-in.
    const QString second = m_ws->path(QStringLiteral("second-desk/keys"));
    const test::CliRun imported = m_desk->cli({QStringLiteral("--key-dir"), second, QStringLiteral("keys"), QStringLiteral("import"), bundle});
    QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
    QCOMPARE(::stat(QFile::encodeName(second).constData(), &st), 0);
    QCOMPARE(st.st_mode & 0777, 0700u);
    for (const char *name : {"ledger.key", "data.key", "signing.key", "delivery.pub.pem"}) {
        QCOMPARE(test::readFile(second + u'/' + QLatin1String(name)), test::readFile(m_ws->keyDir + u'/' + QLatin1String(name)));
        QCOMPARE(::stat(QFile::encodeName(second + u'/' + QLatin1String(name)).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0600u);
    }
    // The second key directory works the same database: it reads personal data, verifies the trail.
    const test::CliRun show = m_desk->cli({QStringLiteral("--key-dir"), second, QStringLiteral("--as"), QStringLiteral("alice"),
                                           QStringLiteral("--json"), QStringLiteral("account"), QStringLiteral("show"), QStringLiteral("acc-lena")},
                                          test::CliDesk::passwordOf(QStringLiteral("alice")));
    QVERIFY2(show.exitCode == 0, qPrintable(show.err));
    const test::CliRun verify = m_desk->cli({QStringLiteral("--key-dir"), second, QStringLiteral("--as"), QStringLiteral("sam"),
                                             QStringLiteral("audit"), QStringLiteral("verify")},
                                            test::CliDesk::passwordOf(QStringLiteral("sam")));
    QVERIFY2(verify.exitCode == 0, qPrintable(verify.err));
    // Both steps are in the trail.
    const test::CliRun trail = as(QStringLiteral("sam"), {QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--out"),
                                                          m_ws->path(QStringLiteral("trail.jsonl"))});
    QCOMPARE(trail.exitCode, 0);
    const QByteArray lines = test::readFile(m_ws->path(QStringLiteral("trail.jsonl")));
    QVERIFY(lines.contains("\"action\":\"keys.export\""));
    QVERIFY(lines.contains("\"action\":\"keys.import\""));
    // Importing the same bundle again changes nothing and succeeds.
    QCOMPARE(m_desk->cli({QStringLiteral("--key-dir"), second, QStringLiteral("keys"), QStringLiteral("import"), bundle}).exitCode, 0);
}

void TestCliTeam::wrongPassphraseAndDamageAreOneSentence()
{
    const QString bundle = m_ws->path(QStringLiteral("team.keys"));
    QCOMPARE(as(QStringLiteral("boss"), {QStringLiteral("keys"), QStringLiteral("export"), QStringLiteral("--out"), bundle}).exitCode, 0);
    const QString second = m_ws->path(QStringLiteral("second/keys"));
    m_desk->cli.environment.insert(QStringLiteral("RECOVERYDESK_KEYS_PASSPHRASE"), QStringLiteral("not the passphrase"));
    const test::CliRun wrong = m_desk->cli({QStringLiteral("--key-dir"), second, QStringLiteral("keys"), QStringLiteral("import"), bundle});
    QCOMPARE(wrong.exitCode, 1);
    QCOMPARE(wrong.err.count(u'\n'), 1);
    QVERIFY2(wrong.err.contains(QStringLiteral("passphrase")), qPrintable(wrong.err));
    QVERIFY(!QFile::exists(second + QStringLiteral("/data.key")));

    m_desk->cli.environment.insert(QStringLiteral("RECOVERYDESK_KEYS_PASSPHRASE"), QString::fromLatin1(passphrase()));
    QJsonObject o = QJsonDocument::fromJson(test::readFile(bundle)).object();
    QByteArray ciphertext = QByteArray::fromBase64(o.value(QStringLiteral("ciphertext")).toString().toLatin1());
    ciphertext[5] = char(ciphertext[5] ^ 0x01);
    o.insert(QStringLiteral("ciphertext"), QString::fromLatin1(ciphertext.toBase64()));
    const QString damaged = m_ws->path(QStringLiteral("damaged.keys"));
    QVERIFY(test::writeFile(damaged, QJsonDocument(o).toJson()));
    const test::CliRun altered = m_desk->cli({QStringLiteral("--key-dir"), second, QStringLiteral("keys"), QStringLiteral("import"), damaged});
    QCOMPARE(altered.exitCode, 2);
    QCOMPARE(altered.err.count(u'\n'), 1);
    QVERIFY2(altered.err.contains(QStringLiteral("damaged")), qPrintable(altered.err));
    QVERIFY(test::writeFile(damaged, "{\"recoverydesk_keys\": 1"));
    QCOMPARE(m_desk->cli({QStringLiteral("--key-dir"), second, QStringLiteral("keys"), QStringLiteral("import"), damaged}).exitCode, 2);
    QVERIFY(!QFile::exists(second + QStringLiteral("/data.key")));
}

void TestCliTeam::differentKeysAreNeverReplaced()
{
    const QString bundle = m_ws->path(QStringLiteral("team.keys"));
    QCOMPARE(as(QStringLiteral("boss"), {QStringLiteral("keys"), QStringLiteral("export"), QStringLiteral("--out"), bundle}).exitCode, 0);
    // Another installation's keys: the import must not touch them.
    const QString other = m_ws->path(QStringLiteral("other/keys"));
    QCOMPARE(m_desk->cli({QStringLiteral("--db"), m_ws->path(QStringLiteral("other.sqlite")), QStringLiteral("--key-dir"), other,
                          QStringLiteral("init")}).exitCode, 0);
    const QByteArray before = test::readFile(other + QStringLiteral("/ledger.key"));
    const test::CliRun r = m_desk->cli({QStringLiteral("--key-dir"), other, QStringLiteral("keys"), QStringLiteral("import"), bundle});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("different")), qPrintable(r.err));
    QCOMPARE(test::readFile(other + QStringLiteral("/ledger.key")), before);
    // And keys that are not this database's stay refused.
    const test::CliRun mismatch = m_desk->cli({QStringLiteral("--key-dir"), other, QStringLiteral("--as"), QStringLiteral("alice"),
                                               QStringLiteral("account"), QStringLiteral("show"), QStringLiteral("acc-lena")},
                                              test::CliDesk::passwordOf(QStringLiteral("alice")));
    QVERIFY(mismatch.exitCode != 0);
}

void TestCliTeam::onlyAdminsExportKeys()
{
    for (const char *user : {"alice", "sam"}) {
        const QString out = m_ws->path(QStringLiteral("%1.keys").arg(QLatin1String(user)));
        const test::CliRun r = as(QLatin1String(user), {QStringLiteral("keys"), QStringLiteral("export"), QStringLiteral("--out"), out});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(!QFile::exists(out));
    }
}

void TestCliTeam::copyKeepsEveryRecordAndTheChain()
{
    // Some casework first, and an export whose head the copies must still anchor.
    QCOMPARE(as(QStringLiteral("alice"), {QStringLiteral("case"), QStringLiteral("open"), QStringLiteral("--account"), QStringLiteral("acc-lena"),
                                          QStringLiteral("--channel"), QStringLiteral("phone"), QStringLiteral("--summary"),
                                          QStringLiteral("Backup code rejected at the airport")}).exitCode, 0);
    QCOMPARE(as(QStringLiteral("alice"), {QStringLiteral("case"), QStringLiteral("note"), QStringLiteral("C-000001"), QStringLiteral("--text"),
                                          QStringLiteral("Called back, códe printed in 2019")}).exitCode, 0);
    const QString anchor = m_ws->path(QStringLiteral("anchor.jsonl"));
    QCOMPARE(as(QStringLiteral("sam"), {QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--out"), anchor}).exitCode, 0);

    // This desk into the other kind and back: PostgreSQL -> SQLite -> PostgreSQL on the postgres
    // run, SQLite -> SQLite -> SQLite otherwise.
    QStringList hops;
    hops << m_ws->path(QStringLiteral("copy-1.sqlite"));
    hops << (test::onPostgres() ? test::PgTestServer::instance().emptyDatabase() : m_ws->path(QStringLiteral("copy-2.sqlite")));
    QString from = m_ws->dbPath;
    for (const QString &to : hops) {
        const test::CliRun copied = m_desk->cli({QStringLiteral("--db"), from, QStringLiteral("--as"), QStringLiteral("boss"),
                                                 QStringLiteral("copy"), QStringLiteral("--to"), to},
                                                test::CliDesk::passwordOf(QStringLiteral("boss")));
        QVERIFY2(copied.exitCode == 0, qPrintable(copied.err));
        // Desks connect as the application role; the owner only made the schema.
        const QString desk = QString(to).replace(QStringLiteral("recoverydesk_owner@"), QStringLiteral("recoverydesk_app@"));
        for (const QString &table : {QStringLiteral("accounts"), QStringLiteral("codes"), QStringLiteral("login_attempts"),
                                     QStringLiteral("cases"), QStringLiteral("case_notes"), QStringLiteral("audit_checkpoints"),
                                     QStringLiteral("operators"), QStringLiteral("installation"), QStringLiteral("case_search"),
                                     QStringLiteral("pending_grants"), QStringLiteral("delivery_keys")})
            QVERIFY2(rows(desk, table) == rows(from, table) && rows(from, table) >= 0, qPrintable(table));
        // The copy carries the entry that records it (written to the source before the snapshot).
        QVERIFY(rows(desk, QStringLiteral("audit_log")) == rows(from, QStringLiteral("audit_log")));
        const test::CliRun verify = m_desk->cli({QStringLiteral("--db"), desk, QStringLiteral("--as"), QStringLiteral("sam"),
                                                 QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--anchor"), anchor},
                                                test::CliDesk::passwordOf(QStringLiteral("sam")));
        QVERIFY2(verify.exitCode == 0, qPrintable(verify.err));
        // Search and new work go on in the copy: new ids follow the copied ones.
        const test::CliRun found = m_desk->cli({QStringLiteral("--db"), desk, QStringLiteral("--as"), QStringLiteral("alice"), QStringLiteral("--json"),
                                                QStringLiteral("case"), QStringLiteral("list"), QStringLiteral("--search"), QStringLiteral("code printed")},
                                               test::CliDesk::passwordOf(QStringLiteral("alice")));
        QCOMPARE(found.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(found.out.toUtf8()).array().size(), 1);
        const test::CliRun note = m_desk->cli({QStringLiteral("--db"), desk, QStringLiteral("--as"), QStringLiteral("alice"), QStringLiteral("case"),
                                               QStringLiteral("note"), QStringLiteral("C-000001"), QStringLiteral("--text"), QStringLiteral("after the move")},
                                              test::CliDesk::passwordOf(QStringLiteral("alice")));
        QVERIFY2(note.exitCode == 0, qPrintable(note.err));
        from = desk;
    }
}

void TestCliTeam::copyRefusesNonEmptyTarget()
{
    const QString target = m_ws->path(QStringLiteral("copy.sqlite"));
    auto copy = [&](const QString &to) {
        return m_desk->cli({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("copy"), QStringLiteral("--to"), to},
                           test::CliDesk::passwordOf(QStringLiteral("boss")));
    };
    QCOMPARE(copy(target).exitCode, 0);
    const QByteArray before = test::readFile(target);
    const test::CliRun again = copy(target);
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains(QStringLiteral("already holds data")), qPrintable(again.err));
    QCOMPARE(copy(m_ws->dbPath).exitCode, 2); // itself
    const test::CliRun agent = m_desk->cli({QStringLiteral("--as"), QStringLiteral("alice"), QStringLiteral("copy"), QStringLiteral("--to"),
                                            m_ws->path(QStringLiteral("agent.sqlite"))},
                                           test::CliDesk::passwordOf(QStringLiteral("alice")));
    QCOMPARE(agent.exitCode, 1);
    QVERIFY(!QFile::exists(m_ws->path(QStringLiteral("agent.sqlite"))));
}

QTEST_GUILESS_MAIN(TestCliTeam)
#include "tst_cli_team.moc"
