// The README's first command opens a demo database whose people sign in with the passwords the
// README prints: `bash tools/rd.sh demo-db` (what `run` does before it launches) makes it, and
// each of them signs in with the CLI as printed.
#include "TestSupport.h"

#include <QProcess>
#include <QTemporaryDir>

using namespace rd;

class TestDemoDatabase : public QObject {
    Q_OBJECT
private slots:
    void theReadmesPeopleSignIn();
};

void TestDemoDatabase::theReadmesPeopleSignIn()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RD_BUILD_DIR"), qEnvironmentVariable("RD_BUILD_DIR"));
    env.insert(QStringLiteral("RECOVERYDESK_DB"), dir.filePath(QStringLiteral("demo.sqlite")));
    env.insert(QStringLiteral("RECOVERYDESK_KEY_DIR"), dir.filePath(QStringLiteral("keys")));
    env.remove(QStringLiteral("RECOVERYDESK_PASSWORD"));
    env.remove(QStringLiteral("RECOVERYDESK_NEW_PASSWORD"));
    QProcess make;
    make.setProcessEnvironment(env);
    make.start(QStringLiteral("bash"), {qEnvironmentVariable("RD_SOURCE_DIR") + QStringLiteral("/tools/rd.sh"), QStringLiteral("demo-db")});
    QVERIFY(make.waitForFinished(180000));
    QVERIFY2(make.exitCode() == 0, make.readAllStandardError().constData());
    // As the README prints them (and as tools/rd.sh run logs them).
    for (const auto &[user, password, command] : {std::tuple{"agent", "demo-agent-pass", "case"}, std::tuple{"supervisor", "demo-super-pass", "case"},
                                                  std::tuple{"demo-admin", "demo-admin-pass", "operator"}}) {
        QProcessEnvironment as = env;
        as.insert(QStringLiteral("RECOVERYDESK_PASSWORD"), QLatin1String(password));
        QProcess cli;
        cli.setProcessEnvironment(as);
        cli.start(qEnvironmentVariable("RD_BUILD_DIR") + QStringLiteral("/app/cli/recoverydesk-cli"),
                  {QStringLiteral("--as"), QLatin1String(user), QLatin1String(command), QStringLiteral("list")});
        QVERIFY(cli.waitForFinished(60000));
        QVERIFY2(cli.exitCode() == 0, qPrintable(QLatin1String(user) + u' ' + QString::fromUtf8(cli.readAllStandardError())));
    }
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("demo.sqlite"))));
}

QTEST_GUILESS_MAIN(TestDemoDatabase)
#include "tst_demo_database.moc"
