// Signing in (and the first admin on an empty database), the idle lock and sign-out.
#include "GuiSupport.h"

#include "shell/DesktopSession.h"
#include "shell/FirstAdminDialog.h"
#include "shell/IdleLock.h"
#include "shell/MainWindow.h"
#include "shell/SignInDialog.h"
#include "workspace/CaseWorkspace.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

using namespace rd;

class TestSignInLock : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void firstRunCreatesTheFirstAdmin();
    void signInOpensTheWindowTitledWithTheOperator();
    void idleLockCoversTheWindowUntilThePasswordIsTyped();
    void lockShortcutAndSignOut();
    void lockHidesDialogsAndForgetsWhatWasTyped();
    void aDisabledOperatorsWindowEndsItsSession();
    void aPasswordChangeEndsTheOtherWindows();

private:
    test::DemoDesk m_desk;
};

void TestSignInLock::initTestCase() { QVERIFY(m_desk.open(false)); }

void TestSignInLock::firstRunCreatesTheFirstAdmin()
{
    test::Workspace empty;
    QVERIFY(test::onDatabaseThread([&empty] { return empty.open(); }));
    ui::DesktopSession session(*empty.database, *empty.keys, SystemClock::instance());
    session.start();
    ui::FirstAdminDialog *first = nullptr;
    QTRY_VERIFY((first = test::topLevel<ui::FirstAdminDialog>()) != nullptr);
    QTest::keyClicks(test::child<QLineEdit>(first, "firstAdminUsername"), QStringLiteral("root-admin"));
    QTest::keyClicks(test::child<QLineEdit>(first, "firstAdminPassword"), QStringLiteral("first-admin-pass"));
    QTest::keyClicks(test::child<QLineEdit>(first, "firstAdminConfirm"), QStringLiteral("first-admin-typo"));
    QTest::mouseClick(test::child<QPushButton>(first, "firstAdminCreate"), Qt::LeftButton);
    QVERIFY(test::child<QLabel>(first, "firstAdminError")->text().contains(QStringLiteral("differ")));
    QTest::keyClicks(test::child<QLineEdit>(first, "firstAdminPassword"), QStringLiteral("first-admin-pass"));
    QTest::keyClicks(test::child<QLineEdit>(first, "firstAdminConfirm"), QStringLiteral("first-admin-pass"));
    QTest::mouseClick(test::child<QPushButton>(first, "firstAdminCreate"), Qt::LeftButton);
    // The hash runs on a database thread: the form is disabled meanwhile, and the dialog goes.
    QVERIFY(!first->isEnabled());
    // Then the ordinary sign-in, where the new admin can sign in.
    ui::SignInDialog *signIn = nullptr;
    QTRY_VERIFY((signIn = test::topLevel<ui::SignInDialog>()) != nullptr);
    QTest::keyClicks(test::child<QLineEdit>(signIn, "signInUsername"), QStringLiteral("root-admin"));
    QTest::keyClicks(test::child<QLineEdit>(signIn, "signInPassword"), QStringLiteral("first-admin-pass"));
    QTest::mouseClick(test::child<QPushButton>(signIn, "signInButton"), Qt::LeftButton);
    QTRY_VERIFY(session.window() != nullptr);
    QVERIFY(session.window()->windowTitle().contains(QStringLiteral("RecoveryDesk")));
    QVERIFY(session.window()->showPage(QStringLiteral("operatorsPage")));
}

void TestSignInLock::signInOpensTheWindowTitledWithTheOperator()
{
    ui::DesktopSession session(*m_desk.ws.database, *m_desk.ws.keys, SystemClock::instance());
    session.start();
    ui::SignInDialog *signIn = nullptr;
    QTRY_VERIFY((signIn = test::topLevel<ui::SignInDialog>()) != nullptr);
    QTest::keyClicks(test::child<QLineEdit>(signIn, "signInUsername"), QStringLiteral("alice"));
    QTest::keyClicks(test::child<QLineEdit>(signIn, "signInPassword"), QStringLiteral("wrong-password-1"));
    QTest::mouseClick(test::child<QPushButton>(signIn, "signInButton"), Qt::LeftButton);
    // The password is checked on a database thread: the dialog says so and takes no second try.
    auto *passwordField = test::child<QLineEdit>(signIn, "signInPassword");
    QVERIFY(!passwordField->isEnabled());
    QTRY_VERIFY(passwordField->isEnabled());
    QVERIFY(test::child<QLabel>(signIn, "signInError")->isVisible());
    QVERIFY(test::child<QLabel>(signIn, "signInError")->text().contains(QStringLiteral("Wrong")));
    QVERIFY(session.window() == nullptr);
    QTest::keyClicks(test::child<QLineEdit>(signIn, "signInPassword"), QLatin1String(test::DemoDesk::kPassword));
    QTest::keyClick(test::child<QLineEdit>(signIn, "signInPassword"), Qt::Key_Return);
    QTRY_VERIFY(session.window() != nullptr);
    QCOMPARE(session.window()->windowTitle(), QStringLiteral("RecoveryDesk — Alice Agent (agent)"));
}

void TestSignInLock::idleLockCoversTheWindowUntilThePasswordIsTyped()
{
    auto window = m_desk.window(QStringLiteral("alice"), auth::Role::Agent);
    QCOMPARE(window->idleLock()->timeout(), ui::IdleLock::kDefaultMinutes * 60 * 1000);
    QVERIFY(!window->isLocked());
    window->idleLock()->setTimeout(200);
    QTRY_VERIFY_WITH_TIMEOUT(window->isLocked(), 3000);
    auto *lockScreen = test::child<QWidget>(window.get(), "lockScreen");
    QVERIFY(lockScreen->isVisible());
    QVERIFY(!test::child<QWidget>(window.get(), "casesPage")->isVisible());
    auto *password = test::child<QLineEdit>(window.get(), "unlockPassword");
    QCOMPARE(password->echoMode(), QLineEdit::Password);
    QTest::keyClicks(password, QStringLiteral("not-the-password"));
    QTest::mouseClick(test::child<QPushButton>(window.get(), "unlockButton"), Qt::LeftButton);
    QVERIFY(window->isLocked());
    QTRY_VERIFY(test::child<QLabel>(window.get(), "unlockError")->text().contains(QStringLiteral("Wrong")));
    QVERIFY(window->isLocked());
    QVERIFY(password->isEnabled());
    QTest::keyClicks(password, QLatin1String(test::DemoDesk::kPassword));
    QTest::keyClick(password, Qt::Key_Return);
    QTRY_VERIFY(!window->isLocked());
    QVERIFY(test::child<QWidget>(window.get(), "casesPage")->isVisible());
    // Activity keeps it unlocked: keep typing for longer than the timeout (time passing is what
    // this checks, so here the test waits by the clock).
    window->idleLock()->setTimeout(400);
    for (int i = 0; i < 6; ++i) {
        QTest::keyClick(test::child<QLineEdit>(window.get(), "queueSearch"), Qt::Key_Shift);
        QTest::qWait(100);
    }
    QVERIFY(!window->isLocked());
}

void TestSignInLock::lockShortcutAndSignOut()
{
    ui::DesktopSession session(*m_desk.ws.database, *m_desk.ws.keys, SystemClock::instance());
    session.start();
    ui::SignInDialog *signIn = nullptr;
    QTRY_VERIFY((signIn = test::topLevel<ui::SignInDialog>()) != nullptr);
    QTest::keyClicks(test::child<QLineEdit>(signIn, "signInUsername"), QStringLiteral("sam"));
    QTest::keyClicks(test::child<QLineEdit>(signIn, "signInPassword"), QLatin1String(test::DemoDesk::kPassword));
    QTest::keyClick(test::child<QLineEdit>(signIn, "signInPassword"), Qt::Key_Return);
    QTRY_VERIFY(session.window() != nullptr);
    ui::MainWindow *window = session.window();
    QVERIFY(QTest::qWaitForWindowActive(window));
    QTest::keyClick(window, Qt::Key_L, Qt::ControlModifier);
    QVERIFY(window->isLocked());
    QTest::mouseClick(test::child<QPushButton>(window, "lockSignOutButton"), Qt::LeftButton);
    QTRY_VERIFY(session.window() == nullptr);
    QTRY_VERIFY(test::topLevel<ui::SignInDialog>() != nullptr);
}

void TestSignInLock::lockHidesDialogsAndForgetsWhatWasTyped()
{
    test::DemoDesk desk;
    QVERIFY(desk.open());
    auto window = desk.window(QStringLiteral("alice"), auth::Role::Agent);
    QVERIFY(test::openCase(*window, QStringLiteral("C-000004")));
    window->caseDesk()->workspace()->showTab(QStringLiteral("diagnosticsTab"));
    auto *code = test::child<QLineEdit>(window.get(), "diagCode");
    QTest::keyClicks(code, QStringLiteral("1234-5678"));
    window->caseDesk()->newCase(QStringLiteral("demo-0001"));
    QWidget *dialog = nullptr;
    QTRY_VERIFY((dialog = window->findChild<QDialog *>(QStringLiteral("newCaseDialog"))) && dialog->isVisible());
    window->lock();
    QVERIFY(!dialog->isVisible()); // nothing readable or usable over the lock
    QVERIFY(code->text().isEmpty());
    auto *password = test::child<QLineEdit>(window.get(), "unlockPassword");
    QTest::keyClicks(password, QLatin1String(test::DemoDesk::kPassword));
    QTest::keyClick(password, Qt::Key_Return);
    QTRY_VERIFY(!window->isLocked());
    QVERIFY(dialog->isVisible()); // back where the operator left it
}

// An admin disables the operator while their window is open: the window notices (the live
// desk), covers itself and offers only signing out, instead of refusing every action one by one.
void TestSignInLock::aDisabledOperatorsWindowEndsItsSession()
{
    QVERIFY(test::onDatabaseThread([this] {
        auth::OperatorService operators(*m_desk.ws.database, *m_desk.ws.keys, SystemClock::instance());
        return operators.addOperator(test::sessionAs(auth::Role::Admin, QStringLiteral("boss")), QStringLiteral("ola"), {},
                                     auth::Role::Agent, QStringLiteral("ola-given-by-boss"))
                   .ok()
            && operators.signIn(QStringLiteral("ola"), QStringLiteral("ola-given-by-boss"), QStringLiteral("ola-own-password")).ok();
    }));
    auto window = m_desk.window(QStringLiteral("ola"), auth::Role::Agent);
    QVERIFY(test::settle());
    QVERIFY(!window->isLocked());
    QVERIFY(test::onDatabaseThread([this] {
        return auth::OperatorService(*m_desk.ws.database, *m_desk.ws.keys, SystemClock::instance())
            .disable(test::sessionAs(auth::Role::Admin, QStringLiteral("boss")), QStringLiteral("ola"))
            .ok();
    }));
    QTRY_VERIFY_WITH_TIMEOUT(window->isLocked(), 5000);
    auto *error = test::child<QLabel>(window.get(), "unlockError");
    QVERIFY2(error->text().contains(QStringLiteral("sign out and sign in again")), qPrintable(error->text()));
    QVERIFY(!test::child<QPushButton>(window.get(), "unlockButton")->isEnabled());
    QVERIFY(!test::child<QLineEdit>(window.get(), "unlockPassword")->isEnabled());
    QVERIFY(test::child<QPushButton>(window.get(), "lockSignOutButton")->isEnabled());
    QVERIFY(test::settle());
}

// The operator changes their password elsewhere (a password they think someone saw): a window
// signed in with the old one ends, as their CLI sessions do.
void TestSignInLock::aPasswordChangeEndsTheOtherWindows()
{
    auto session = test::onDatabaseThread([this] {
        auth::OperatorService operators(*m_desk.ws.database, *m_desk.ws.keys, SystemClock::instance());
        if (!operators.addOperator(test::sessionAs(auth::Role::Admin, QStringLiteral("boss")), QStringLiteral("pia"), {},
                                   auth::Role::Agent, QStringLiteral("pia-given-by-boss")))
            return Result<auth::Session>(Error::refused(QStringLiteral("not added")));
        return operators.signIn(QStringLiteral("pia"), QStringLiteral("pia-given-by-boss"), QStringLiteral("pia-own-password"));
    });
    QVERIFY(session.ok());
    QVERIFY(!session->passwordStamp.isEmpty());
    ui::MainWindow window(ui::AppContext{m_desk.ws.database.get(), m_desk.ws.keys.get(), session.value(), &SystemClock::instance()});
    window.resize(1280, 800);
    window.show();
    QVERIFY(test::settle());
    QVERIFY(!window.isLocked());
    QVERIFY(test::onDatabaseThread([this] {
        return auth::OperatorService(*m_desk.ws.database, *m_desk.ws.keys, SystemClock::instance())
            .signIn(QStringLiteral("pia"), QStringLiteral("pia-own-password"), QStringLiteral("pia-newer-password"))
            .ok();
    }));
    QTRY_VERIFY_WITH_TIMEOUT(window.isLocked(), 5000);
    QVERIFY2(test::child<QLabel>(&window, "unlockError")->text().contains(QStringLiteral("was changed")),
             qPrintable(test::child<QLabel>(&window, "unlockError")->text()));
    QVERIFY(test::settle());
}

QTEST_MAIN(TestSignInLock)
#include "tst_signin_lock.moc"
