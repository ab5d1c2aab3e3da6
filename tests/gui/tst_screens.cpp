// Renders every main screen on the demo world to PNG files (build/tests/gui/screens/) at the
// two window sizes support desks use, for a person to review. Label: screens.
#include "GuiSupport.h"

#include "cases/CaseDesk.h"
#include "cases/CaseQueuePanel.h"
#include "common/RecordTableModel.h"
#include "shell/LockScreen.h"
#include "shell/SignInDialog.h"
#include "workspace/CaseWorkspace.h"

#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>

using namespace rd;

class TestScreens : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void render_data();
    void render();

private:
    void save(QWidget *widget, const QString &name, QSize size);
    test::DemoDesk m_desk;
    QString m_dir;
};

void TestScreens::initTestCase()
{
    QVERIFY(m_desk.open());
    m_dir = QCoreApplication::applicationDirPath() + QStringLiteral("/screens");
    QDir().mkpath(m_dir);
}

void TestScreens::save(QWidget *widget, const QString &name, QSize size)
{
    QCoreApplication::processEvents();
    QTest::qWait(150); // paged tables and charts fill from the database threads
    const QString path = QStringLiteral("%1/%2-%3x%4.png").arg(m_dir, name).arg(size.width()).arg(size.height());
    QVERIFY2(widget->grab().save(path), qPrintable(path));
}

void TestScreens::render_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("1600x1000") << QSize(1600, 1000);
    QTest::newRow("1280x800") << QSize(1280, 800);
}

void TestScreens::render()
{
    QFETCH(QSize, size);
    {
        ui::SignInDialog signIn(*m_desk.ws.database, *m_desk.ws.keys, SystemClock::instance());
        signIn.show();
        save(&signIn, QStringLiteral("00-sign-in"), size);
    }
    {
        auto agent = m_desk.window(QStringLiteral("alice"), auth::Role::Agent, size);
        QVERIFY(QTest::qWaitForWindowExposed(agent.get()));
        auto *desk = agent->caseDesk();
        auto *queue = desk->queue();
        QTRY_VERIFY(queue->model()->rowCount() > 0);
        save(agent.get(), QStringLiteral("01-queue"), size);
        // The demo case with the most to show: one waiting for approval.
        QString caseId = queue->model()->recordAt(0)->id;
        for (const auto &c : queue->model()->records())
            if (c.state == cases::state::PendingApproval)
                caseId = c.id;
        desk->openCase(caseId);
        auto *tabs = desk->workspace()->tabs();
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            if (tabs->widget(i)->objectName() == QLatin1String("diagnosticsTab")) {
                QTRY_VERIFY(test::child<QComboBox>(tabs->widget(i), "diagAttempt")->count() > 1);
                QTest::keyClicks(test::child<QLineEdit>(tabs->widget(i), "diagCode"), QStringLiteral("4821 3906"));
                QTest::mouseClick(test::child<QPushButton>(tabs->widget(i), "diagRun"), Qt::LeftButton);
                QTRY_VERIFY(test::child<QPushButton>(tabs->widget(i), "diagRun")->isEnabled());
            }
            save(agent.get(), QStringLiteral("%1-case-%2").arg(10 + i).arg(tabs->widget(i)->objectName()), size);
        }
        agent->lock();
        save(agent.get(), QStringLiteral("30-locked"), size);
    }
    {
        auto supervisor = m_desk.window(QStringLiteral("sam"), auth::Role::Supervisor, size);
        for (const char *page : {"approvalsPage", "auditPage", "slaPage"}) {
            QVERIFY(supervisor->showPage(QLatin1String(page)));
            save(supervisor.get(), QStringLiteral("40-supervisor-%1").arg(QLatin1String(page)), size);
        }
    }
    {
        auto admin = m_desk.window(QStringLiteral("boss"), auth::Role::Admin, size);
        for (const char *page : {"operatorsPage", "importPage", "incidentsPage", "policyPage", "deliveryKeyPage"}) {
            QVERIFY(admin->showPage(QLatin1String(page)));
            save(admin.get(), QStringLiteral("50-admin-%1").arg(QLatin1String(page)), size);
        }
    }
}

QTEST_MAIN(TestScreens)
#include "tst_screens.moc"
