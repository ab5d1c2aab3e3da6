// The desktop shell driven like a user: sign in, list accounts, search, read a profile.
#include "GuiSupport.h"

#include "AccountBrowser.h"
#include "AccountListModel.h"
#include "shell/MainWindow.h"
#include "shell/SignInDialog.h"
#include "importer/Importer.h"
#include "storage/Database.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCryptographicHash>
#include <QDialog>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTextBrowser>
#include <QThread>

using namespace rd;

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void signInRefusesWrongPassword();
    void aFirstSignInChoosesTheOperatorsOwnPassword();
    void agentSeesAccountsAndSearches();
    void adminSeesNoAccountData();
    void modelPassesTester();
    void helpListsEveryShortcutAndPagesHaveTheirOwnIcons();
    void cleanup() { QVERIFY(test::settle()); } // nothing still reading when the next test starts

private:
    test::Workspace m_ws;
    std::unique_ptr<FixedClock> m_clock;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_ws.open());
    importer::Importer importer(*m_ws.database, *m_ws.keys);
    QVERIFY(importer.importFile(test::sessionAs(auth::Role::Admin), test::dataPath(QStringLiteral("import/world.jsonl"))).ok());
    m_clock = std::make_unique<FixedClock>(QDateTime::currentDateTimeUtc());
    auth::OperatorService operators(*m_ws.database, *m_ws.keys, *m_clock);
    QVERIFY(operators.createFirstAdmin(QStringLiteral("boss"), {}, QStringLiteral("boss-password-1")).ok());
    QVERIFY(operators.addOperator(test::sessionAs(auth::Role::Admin), QStringLiteral("alice"), QStringLiteral("Alice Agent"),
                                  auth::Role::Agent, QStringLiteral("given-by-boss")).ok());
    QVERIFY(operators.signIn(QStringLiteral("alice"), QStringLiteral("given-by-boss"), QStringLiteral("alice-password-1")).ok());
    test::guardGuiThread();
}

void TestMainWindow::signInRefusesWrongPassword()
{
    ui::SignInDialog dialog(*m_ws.database, *m_ws.keys, *m_clock);
    dialog.show();
    auto *user = dialog.findChild<QLineEdit *>(QStringLiteral("signInUsername"));
    auto *password = dialog.findChild<QLineEdit *>(QStringLiteral("signInPassword"));
    auto *button = dialog.findChild<QPushButton *>(QStringLiteral("signInButton"));
    auto *error = dialog.findChild<QLabel *>(QStringLiteral("signInError"));
    QVERIFY(user && password && button && error);
    QCOMPARE(password->echoMode(), QLineEdit::Password);
    QTest::keyClicks(user, QStringLiteral("alice"));
    QTest::keyClicks(password, QStringLiteral("not-her-password"));
    // Signing in touches the database only from a database thread (the guard is on).
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(password->text().isEmpty());
    QVERIFY(!button->isEnabled()); // checking on a database thread; no second try meanwhile
    QTRY_VERIFY(error->text().contains(QStringLiteral("Wrong username or password")));
    QVERIFY(error->isVisible() && button->isEnabled());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QTest::keyClicks(password, QStringLiteral("alice-password-1"));
    QTest::keyClick(password, Qt::Key_Return);
    QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.session().username, QStringLiteral("alice"));
    QCOMPARE(dialog.session().role, auth::Role::Agent);
}

// A password boss chose opens only the first sign-in: the dialog asks for the operator's own,
// twice, and signs in with it; boss's no longer works.
void TestMainWindow::aFirstSignInChoosesTheOperatorsOwnPassword()
{
    QVERIFY(test::onDatabaseThread([&] {
        return auth::OperatorService(*m_ws.database, *m_ws.keys, *m_clock)
            .addOperator(test::sessionAs(auth::Role::Admin, QStringLiteral("boss")), QStringLiteral("nina"), QStringLiteral("Nina"),
                         auth::Role::Agent, QStringLiteral("boss-chose-this"))
            .ok();
    }));
    ui::SignInDialog dialog(*m_ws.database, *m_ws.keys, *m_clock);
    dialog.show();
    auto *user = test::child<QLineEdit>(&dialog, "signInUsername");
    auto *password = test::child<QLineEdit>(&dialog, "signInPassword");
    auto *fresh = test::child<QLineEdit>(&dialog, "signInNewPassword");
    auto *repeat = test::child<QLineEdit>(&dialog, "signInRepeatPassword");
    auto *error = test::child<QLabel>(&dialog, "signInError");
    QVERIFY(!fresh->isVisible() && !repeat->isVisible());
    QCOMPARE(fresh->echoMode(), QLineEdit::Password);
    QTest::keyClicks(user, QStringLiteral("nina"));
    QTest::keyClicks(password, QStringLiteral("boss-chose-this"));
    QTest::keyClick(password, Qt::Key_Return);
    QTRY_VERIFY(fresh->isVisible() && repeat->isVisible());
    QVERIFY(password->text().isEmpty() && !password->isEnabled());
    QVERIFY2(error->text().contains(QStringLiteral("chosen by someone else")), qPrintable(error->text()));
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QTest::keyClicks(fresh, QStringLiteral("ninas-own-password"));
    QTest::keyClicks(repeat, QStringLiteral("ninas-own-passwort"));
    QTest::keyClick(repeat, Qt::Key_Return);
    QVERIFY2(error->text().contains(QStringLiteral("differ")), qPrintable(error->text()));
    QTest::keyClicks(repeat, QStringLiteral("ninas-own-password"));
    QTest::keyClick(repeat, Qt::Key_Return);
    QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.session().username, QStringLiteral("nina"));
    QVERIFY(fresh->text().isEmpty() && repeat->text().isEmpty());
    const auto after = test::onDatabaseThread([&] {
        auth::OperatorService operators(*m_ws.database, *m_ws.keys, *m_clock);
        return std::pair(operators.signIn(QStringLiteral("nina"), QStringLiteral("boss-chose-this")).ok(),
                         operators.signIn(QStringLiteral("nina"), QStringLiteral("ninas-own-password")).ok());
    });
    QVERIFY(!after.first);
    QVERIFY(after.second);
}

void TestMainWindow::agentSeesAccountsAndSearches()
{
    ui::AppContext context{m_ws.database.get(), m_ws.keys.get(), test::sessionAs(auth::Role::Agent, QStringLiteral("alice"))};
    context.session.displayName = QStringLiteral("Alice Agent");
    ui::MainWindow window(context);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.windowTitle().contains(QStringLiteral("RecoveryDesk")));
    QVERIFY(window.windowTitle().contains(QStringLiteral("Alice Agent")));
    auto *table = window.findChild<QTableView *>(QStringLiteral("accountTable"));
    auto *search = window.findChild<QLineEdit *>(QStringLiteral("accountSearch"));
    auto *profile = window.findChild<QTextBrowser *>(QStringLiteral("accountProfileView"));
    QVERIFY(table && search && profile);
    QTRY_COMPARE(table->model()->rowCount(), 3);
    // Nothing is shown (an audited view) until the agent picks an account; then contacts masked.
    QTest::qWait(300);
    QVERIFY(!profile->toPlainText().contains(QStringLiteral("acc-lena")));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(table->model()->index(0, 0)).center());
    QTRY_VERIFY(profile->toPlainText().contains(QStringLiteral("acc-lena")));
    QVERIFY(profile->toPlainText().contains(QStringLiteral("l•••@example.net")));
    QVERIFY(!profile->toPlainText().contains(QStringLiteral("lena.fischer")));
    QVERIFY(profile->toPlainText().contains(QStringLiteral("superseded")));

    QTest::keyClicks(search, QStringLiteral("ravi"));
    QTRY_COMPARE(table->model()->rowCount(), 1);
    // An exact email finds the account through its fingerprint, never through plaintext.
    search->clear();
    QTest::keyClicks(search, QStringLiteral("Lena.Fischer@example.net"));
    QTest::keyClick(search, Qt::Key_Return);
    QTRY_COMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("acc-lena"));
    QCOMPARE(table->model()->rowCount(), 1);
    search->clear();
    QTest::keyClicks(search, QStringLiteral("%_'\\"));
    QTest::keyClick(search, Qt::Key_Return);
    QTRY_COMPARE(table->model()->rowCount(), 0);

    search->clear();
    QTest::keyClick(search, Qt::Key_Return);
    QTRY_COMPARE(table->model()->rowCount(), 3);
    QTest::qWait(400); // the search box's own (debounced) reload of clear() has passed
    QTRY_COMPARE(table->model()->rowCount(), 3);
    table->setFocus();
    table->selectRow(1);
    QTest::qWait(300);
    QVERIFY(!profile->toPlainText().contains(QStringLiteral("acc-ravi"))); // highlighting is not viewing
    QTest::keyClick(table, Qt::Key_Return);
    QTRY_VERIFY(profile->toPlainText().contains(QStringLiteral("acc-ravi")));
    QVERIFY(profile->toPlainText().contains(QStringLiteral("compromised"), Qt::CaseInsensitive));

    const QString shots = QCoreApplication::applicationDirPath() + QStringLiteral("/screens");
    QDir().mkpath(shots);
    QVERIFY(window.grab().save(shots + QStringLiteral("/main-window-agent.png")));
}

void TestMainWindow::adminSeesNoAccountData()
{
    ui::AppContext context{m_ws.database.get(), m_ws.keys.get(), test::sessionAs(auth::Role::Admin, QStringLiteral("boss"))};
    ui::MainWindow window(context);
    window.show();
    QVERIFY(window.findChild<QTableView *>(QStringLiteral("accountTable")) == nullptr);
    QVERIFY(window.findChild<QWidget *>(QStringLiteral("casesPage")) == nullptr);
    for (const char *page : {"operatorsPage", "importPage", "incidentsPage", "policyPage", "deliveryKeyPage"})
        QVERIFY2(window.showPage(QLatin1String(page)), page);
    QVERIFY(!window.showPage(QStringLiteral("approvalsPage")));
}

void TestMainWindow::modelPassesTester()
{
    ui::AccountListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    accounts::AccountSummary a;
    a.id = QStringLiteral("a");
    a.lastAttemptAt = 1000;
    accounts::AccountSummary b;
    b.id = QStringLiteral("b");
    model.setAccounts({a, b});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(1, ui::AccountListModel::Id).data(ui::AccountListModel::IdRole).toString(), QStringLiteral("b"));
    model.setAccounts({});
    QCOMPARE(model.rowCount(), 0);
}

// Help → Keyboard shortcuts lists what the menus hold (read from them) and the keys inside the
// pages; no two pages share an icon, and Accounts is not "refresh" (issue 15).
void TestMainWindow::helpListsEveryShortcutAndPagesHaveTheirOwnIcons()
{
    ui::AppContext context{m_ws.database.get(), m_ws.keys.get(), test::sessionAs(auth::Role::Agent, QStringLiteral("alice")),
                           m_clock.get()};
    ui::MainWindow window(context);
    window.show();
    QStringList keys, actions;
    QTimer::singleShot(0, this, [&] {
        auto *dialog = window.findChild<QDialog *>(QStringLiteral("shortcutsDialog"));
        if (!dialog)
            return;
        auto *table = dialog->findChild<QTableWidget *>(QStringLiteral("shortcutsTable"));
        for (int row = 0; table && row < table->rowCount(); ++row) {
            keys << table->item(row, 0)->text();
            actions << table->item(row, 1)->text();
        }
        dialog->reject();
    });
    window.findChild<QAction *>(QStringLiteral("actionShortcuts"))->trigger();
    QVERIFY2(keys.contains(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)), qPrintable(keys.join(u',')));
    QVERIFY(actions.contains(QStringLiteral("New case")));
    QVERIFY(actions.contains(QStringLiteral("Lock")));
    QVERIFY(keys.contains(QStringLiteral("Ctrl+Enter")));
    QVERIFY(window.findChild<QAction *>(QStringLiteral("actionAbout")));

    auto *pages = window.findChild<QTabWidget *>(QStringLiteral("mainPages"));
    QVERIFY(pages);
    QSet<QByteArray> icons; // by what they draw
    for (int i = 0; i < pages->count(); ++i) {
        const QImage image = pages->tabIcon(i).pixmap(16, 16).toImage();
        QVERIFY(!image.isNull());
        icons.insert(QCryptographicHash::hash(QByteArrayView(image.constBits(), image.sizeInBytes()), QCryptographicHash::Sha256));
    }
    QCOMPARE(icons.size(), pages->count());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
