// The admin's Operators page: roles change and operators come back from the page itself, a
// raise to supervisor waits for a second person, and nobody changes their own standing.
#include "GuiSupport.h"

#include "admin/OperatorsPanel.h"
#include "common/Dialogs.h"
#include "common/RecordTableModel.h"
#include "supervisor/OneTimePasswordDialog.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>

using namespace rd;

class TestOperatorsPanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(m_desk.open(false)); }
    void anAdminChangesRolesAndEnablesFromThePage();
    void cleanup() { QVERIFY(test::settle()); }

private:
    // Selects the operator's row; false when it is not listed.
    static bool select(ui::OperatorsPanel *panel, const QString &username)
    {
        auto *table = test::child<QTableView>(panel, "operatorTable");
        for (int row = 0; row < panel->model()->rowCount(); ++row) {
            if (panel->model()->recordAt(row)->username == username) {
                QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(panel->model()->index(row, 0)).center());
                return true;
            }
        }
        return false;
    }
    static QString status(ui::OperatorsPanel *panel, const QString &username)
    {
        for (int row = 0; row < panel->model()->rowCount(); ++row)
            if (panel->model()->recordAt(row)->username == username)
                return panel->model()->index(row, 3).data().toString();
        return {};
    }

    test::DemoDesk m_desk;
};

void TestOperatorsPanel::anAdminChangesRolesAndEnablesFromThePage()
{
    auto window = m_desk.window(QStringLiteral("boss"), auth::Role::Admin);
    QVERIFY(window->showPage(QStringLiteral("operatorsPage")));
    auto *panel = test::child<ui::OperatorsPanel>(window.get(), "operatorsPage");
    QVERIFY(test::settle());
    QTRY_VERIFY(panel->model()->rowCount() >= 4);
    auto *setRole = test::child<QPushButton>(panel, "operatorSetRole");
    auto *enable = test::child<QPushButton>(panel, "operatorEnable");
    auto *disable = test::child<QPushButton>(panel, "operatorDisable");
    auto *newRole = test::child<QComboBox>(panel, "operatorNewRole");
    auto *message = test::child<QLabel>(panel, "operatorMessage");

    // boss's own row: nothing to press.
    QVERIFY(select(panel, QStringLiteral("boss")));
    QVERIFY(!setRole->isEnabled() && !enable->isEnabled() && !disable->isEnabled());

    // Raising alice waits for a second person, and the message says who gets her password.
    QVERIFY(select(panel, QStringLiteral("alice")));
    QCOMPARE(status(panel, QStringLiteral("alice")), QStringLiteral("Active"));
    QVERIFY(!setRole->isEnabled()); // already an agent
    newRole->setCurrentIndex(newRole->findData(QStringLiteral("supervisor")));
    QVERIFY(setRole->isEnabled());
    ui::MessageBox::setNextAnswer(QMessageBox::Yes);
    QTest::mouseClick(setRole, Qt::LeftButton);
    QVERIFY(test::settle());
    QTRY_VERIFY2(message->text().contains(QStringLiteral("waits for another admin or a supervisor")), qPrintable(message->text()));
    QVERIFY(message->text().contains(QStringLiteral("first part of alice's one-time password")));
    // boss sees his part once, in a dialog that cannot be copied from.
    ui::OneTimePasswordDialog *part = nullptr;
    QTRY_VERIFY((part = test::topLevel<ui::OneTimePasswordDialog>()) != nullptr);
    QVERIFY(part->windowTitle().contains(QStringLiteral("First part of alice")));
    QCOMPARE(test::child<QLabel>(part, "oneTimePassword")->text().size(), 19);
    QTest::mouseClick(test::child<QPushButton>(part, "oneTimePasswordDone"), Qt::LeftButton);
    QTRY_VERIFY(!test::topLevel<ui::OneTimePasswordDialog>());

    // Disabling and enabling an agent back takes effect at once.
    QVERIFY(select(panel, QStringLiteral("alice")));
    QVERIFY(disable->isEnabled() && !enable->isEnabled());
    ui::MessageBox::setNextAnswer(QMessageBox::Yes);
    QTest::mouseClick(disable, Qt::LeftButton);
    QVERIFY(test::settle());
    QTRY_COMPARE(status(panel, QStringLiteral("alice")), QStringLiteral("Disabled"));
    QVERIFY(select(panel, QStringLiteral("alice")));
    QVERIFY(enable->isEnabled() && !disable->isEnabled());
    QTest::mouseClick(enable, Qt::LeftButton);
    QVERIFY(test::settle());
    QTRY_COMPARE(status(panel, QStringLiteral("alice")), QStringLiteral("Active"));
    QVERIFY2(message->text().contains(QStringLiteral("can sign in again")), qPrintable(message->text()));

    // A supervisor needs no typed password: the fields say so.
    auto *role = test::child<QComboBox>(panel, "operatorRole");
    role->setCurrentIndex(role->findData(QStringLiteral("supervisor")));
    QVERIFY(!test::child<QLineEdit>(panel, "operatorPassword")->isEnabled());
    role->setCurrentIndex(role->findData(QStringLiteral("agent")));
    QVERIFY(test::child<QLineEdit>(panel, "operatorPassword")->isEnabled());
    // A new agent is listed as not yet signed in with a password of their own.
    QTest::keyClicks(test::child<QLineEdit>(panel, "operatorUsername"), QStringLiteral("nora"));
    QTest::keyClicks(test::child<QLineEdit>(panel, "operatorPassword"), QStringLiteral("a-first-password"));
    QTest::keyClicks(test::child<QLineEdit>(panel, "operatorPasswordConfirm"), QStringLiteral("a-first-password"));
    QTest::mouseClick(test::child<QPushButton>(panel, "operatorAdd"), Qt::LeftButton);
    QVERIFY(test::settle());
    QTRY_COMPARE(status(panel, QStringLiteral("nora")), QStringLiteral("Active, first sign-in due"));
    QVERIFY2(message->text().contains(QStringLiteral("first sign-in")), qPrintable(message->text()));
}

QTEST_MAIN(TestOperatorsPanel)
#include "tst_operators_panel.moc"
