// File ▸ Connect to team database… and the sign-in dialog's "Team database…" (SPEC §12.1):
// a server that is away is one sentence in the dialog, which stays open; on the postgres run
// (tst_team_connect_pg) the dialog connects to the team database over verified TLS, remembers
// the choice without the password, and the team's sign-in follows.
#include "GuiSupport.h"

#include "shell/ConnectDialog.h"
#include "shell/DeskLauncher.h"
#include "shell/DesktopSession.h"
#include "shell/MainWindow.h"
#include "shell/SignInDialog.h"

#include <QComboBox>
#include <QSettings>
#include <QSpinBox>

using namespace rd;

class TestTeamConnect : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(m_desk.open(false)); }
    void unreachableServerIsOneSentence();
    void connectsToTheTeamDatabase();
    void mainWindowOffersIt();

private:
    auth::Desk desk() { return auth::Desk{m_desk.ws.database, std::shared_ptr<const crypto::KeyStore>(m_desk.ws.keys.get(), [](auto *) {}), m_desk.ws.dbPath, m_desk.ws.keyDir}; }
    static ui::ConnectDialog *openConnectFromSignIn();
    static void fill(ui::ConnectDialog *dialog, const QString &host, int port, const QString &database, int tlsIndex, const QString &ca,
                     const QString &keyDir);

    test::DemoDesk m_desk;
};

ui::ConnectDialog *TestTeamConnect::openConnectFromSignIn()
{
    ui::SignInDialog *signIn = nullptr;
    if (!QTest::qWaitFor([&] { return (signIn = test::topLevel<ui::SignInDialog>()) != nullptr; }, 5000))
        return nullptr;
    QTest::mouseClick(test::child<QPushButton>(signIn, "signInConnect"), Qt::LeftButton);
    ui::ConnectDialog *dialog = nullptr;
    if (!QTest::qWaitFor([&] { return (dialog = test::topLevel<ui::ConnectDialog>()) != nullptr; }, 5000))
        return nullptr;
    return dialog;
}

void TestTeamConnect::fill(ui::ConnectDialog *dialog, const QString &host, int port, const QString &database, int tlsIndex,
                           const QString &ca, const QString &keyDir)
{
    for (const auto &[name, text] : {std::pair{"connectHost", host}, std::pair{"connectDatabase", database}, std::pair{"connectCaFile", ca},
                                     std::pair{"connectKeyDir", keyDir}}) {
        auto *edit = test::child<QLineEdit>(dialog, name);
        edit->clear();
        QTest::keyClicks(edit, text);
    }
    test::child<QSpinBox>(dialog, "connectPort")->setValue(port);
    test::child<QComboBox>(dialog, "connectTls")->setCurrentIndex(tlsIndex);
}

void TestTeamConnect::unreachableServerIsOneSentence()
{
    ui::DeskLauncher launcher(SystemClock::instance());
    launcher.start(desk());
    ui::ConnectDialog *dialog = openConnectFromSignIn();
    QVERIFY(dialog);
    // Nothing listens on port 1 of this machine.
    fill(dialog, QStringLiteral("127.0.0.1"), 1, QStringLiteral("desk"), 2, QString(), m_desk.ws.keyDir);
    auto *connectButton = test::child<QPushButton>(dialog, "connectButton");
    QTest::mouseClick(connectButton, Qt::LeftButton);
    auto *problem = test::child<QLabel>(dialog, "connectProblem");
    QTRY_VERIFY_WITH_TIMEOUT(connectButton->isEnabled(), 15000);
    QVERIFY2(problem->text().contains(QStringLiteral("127.0.0.1")), qPrintable(problem->text()));
    QVERIFY2(!problem->text().contains(u'\n') && !problem->text().contains(QStringLiteral("QPSQL")), qPrintable(problem->text()));
    QVERIFY(dialog->isVisible());
    const QString shots = QCoreApplication::applicationDirPath() + QStringLiteral("/screens");
    QDir().mkpath(shots);
    QVERIFY(dialog->grab().save(shots + QStringLiteral("/connect-team-database.png")));
    // Verifying the server without a CA file is refused before anything is tried.
    test::child<QComboBox>(dialog, "connectTls")->setCurrentIndex(0);
    QTest::mouseClick(connectButton, Qt::LeftButton);
    QVERIFY2(problem->text().contains(QStringLiteral("CA")), qPrintable(problem->text()));
    // Cancel goes back to the sign-in of the desk that was open.
    dialog->reject();
    QTRY_VERIFY(test::topLevel<ui::ConnectDialog>() == nullptr);
    QVERIFY(test::topLevel<ui::SignInDialog>() != nullptr);
    QCOMPARE(launcher.desk().location, m_desk.ws.dbPath);
}

void TestTeamConnect::connectsToTheTeamDatabase()
{
    if (!test::onPostgres())
        QSKIP("needs a team database: runs as tst_team_connect_pg");
    test::PgTestServer &server = test::PgTestServer::instance();
    const QString port = m_desk.ws.dbPath.section(u':', 2).section(u'/', 0, 0);
    const QString name = test::PgTestServer::databaseOf(m_desk.ws.dbPath);
    ui::DeskLauncher launcher(SystemClock::instance());
    launcher.start(desk());
    QPointer<ui::SignInDialog> before;
    QTRY_VERIFY((before = test::topLevel<ui::SignInDialog>()) != nullptr);
    ui::ConnectDialog *dialog = openConnectFromSignIn();
    QVERIFY(dialog);
    fill(dialog, QStringLiteral("127.0.0.1"), port.toInt(), name, 0, server.caFile(), m_desk.ws.keyDir);
    QTest::mouseClick(test::child<QPushButton>(dialog, "connectButton"), Qt::LeftButton);
    // The new desk's sign-in replaces the old one.
    QTRY_VERIFY_WITH_TIMEOUT(test::topLevel<ui::ConnectDialog>() == nullptr, 15000);
    QTRY_VERIFY(launcher.desk().location.startsWith(QStringLiteral("postgresql://recoverydesk_app@127.0.0.1:%1/%2?sslmode=verify-full").arg(port, name)));
    ui::SignInDialog *signIn = nullptr;
    QTRY_VERIFY(before.isNull());
    QTRY_VERIFY((signIn = test::topLevel<ui::SignInDialog>()) != nullptr);
    const QString remembered = QSettings().value(ui::ConnectDialog::settingsKey()).toString();
    QCOMPARE(remembered, launcher.desk().location);
    QVERIFY(remembered.contains(QStringLiteral("sslrootcert=")));
    QTest::keyClicks(test::child<QLineEdit>(signIn, "signInUsername"), QStringLiteral("alice"));
    QTest::keyClicks(test::child<QLineEdit>(signIn, "signInPassword"), QString::fromLatin1(test::DemoDesk::kPassword));
    QTest::mouseClick(test::child<QPushButton>(signIn, "signInButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(launcher.session()->window() != nullptr, 15000);
    // A new dialog starts from the remembered choice.
    ui::ConnectDialog again(remembered, m_desk.ws.keyDir);
    QCOMPARE(again.url(), remembered);
}

void TestTeamConnect::mainWindowOffersIt()
{
    ui::DeskLauncher launcher(SystemClock::instance());
    launcher.start(desk());
    ui::SignInDialog *signIn = nullptr;
    QTRY_VERIFY((signIn = test::topLevel<ui::SignInDialog>()) != nullptr);
    QTest::keyClicks(test::child<QLineEdit>(signIn, "signInUsername"), QStringLiteral("alice"));
    QTest::keyClicks(test::child<QLineEdit>(signIn, "signInPassword"), QString::fromLatin1(test::DemoDesk::kPassword));
    QTest::mouseClick(test::child<QPushButton>(signIn, "signInButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(launcher.session()->window() != nullptr, 15000);
    test::child<QAction>(launcher.session()->window(), "actionConnect")->trigger();
    ui::ConnectDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = test::topLevel<ui::ConnectDialog>()) != nullptr);
    // Cancelled: the agent keeps working where they were.
    dialog->reject();
    QTRY_VERIFY(test::topLevel<ui::ConnectDialog>() == nullptr);
    QVERIFY(launcher.session()->window() != nullptr && launcher.session()->window()->isVisible());
}

QTEST_MAIN(TestTeamConnect)
#include "tst_team_connect.moc"
