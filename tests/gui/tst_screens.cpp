// Renders every main screen on the demo world to PNG files (build/tests/gui/screens/) at the
// two window sizes support desks use, for a person to review, and checks what a person would
// see first: no label cut off, no blank page. Label: screens.
#include "GuiSupport.h"

#include "importer/Feed.h"
#include "importer/FeedReader.h"

#include "cases/CaseDesk.h"
#include "cases/CaseQueuePanel.h"
#include "common/RecordTableModel.h"
#include "shell/LockScreen.h"
#include "shell/SignInDialog.h"
#include "supervisor/OneTimePasswordDialog.h"
#include "workspace/CaseWorkspace.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QImage>
#include <QLabel>
#include <QDir>
#include <QLineEdit>
#include <QMainWindow>
#include <QPushButton>
#include <QTableView>

using namespace rd;

class TestScreens : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void render_data();
    void render();
    void theChecksCanFail();

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

// The visible labels whose text does not fit the space they were given.
static QStringList clippedLabels(QWidget *top)
{
    QStringList clipped;
    QList<QLabel *> labels = top->findChildren<QLabel *>();
    if (auto *self = qobject_cast<QLabel *>(top))
        labels.prepend(self);
    for (QLabel *label : std::as_const(labels)) {
        if (!label->isVisible() || label->text().isEmpty() || label->width() <= 0)
            continue;
        const bool fits = label->wordWrap() ? label->heightForWidth(label->width()) <= label->height()
                                            : label->minimumSizeHint().width() <= label->width()
                                                  && label->minimumSizeHint().height() <= label->height();
        if (!fits)
            clipped << QStringLiteral("%1 \"%2\" (%3x%4, needs %5x%6)")
                           .arg(label->objectName().isEmpty() ? QStringLiteral("<label>") : label->objectName(),
                                label->text().left(40))
                           .arg(label->width())
                           .arg(label->height())
                           .arg(label->minimumSizeHint().width())
                           .arg(label->wordWrap() ? label->heightForWidth(label->width()) : label->minimumSizeHint().height());
    }
    return clipped;
}

// A page shows something: a table with rows, a line of text, a field or a chart, not just chrome.
static int shownThings(QWidget *top)
{
    int things = 0;
    for (QWidget *w : top->findChildren<QWidget *>()) {
        if (!w->isVisible())
            continue;
        if (auto *table = qobject_cast<QAbstractItemView *>(w); table && table->model() && table->model()->rowCount() > 0)
            ++things;
        else if (auto *label = qobject_cast<QLabel *>(w); label && !label->text().trimmed().isEmpty())
            ++things;
    }
    return things;
}

void TestScreens::save(QWidget *widget, const QString &name, QSize size)
{
    QVERIFY(test::settle()); // tables and charts fill from the database threads
    const QImage image = widget->grab().toImage();
    const QString path = QStringLiteral("%1/%2-%3x%4.png").arg(m_dir, name).arg(size.width()).arg(size.height());
    QVERIFY2(image.save(path), qPrintable(path));
    const QStringList clipped = clippedLabels(widget);
    QVERIFY2(clipped.isEmpty(), qPrintable(name + QStringLiteral(": cut off: ") + clipped.join(QStringLiteral("; "))));
    auto *window = qobject_cast<QMainWindow *>(widget);
    QVERIFY2(shownThings(window ? window->centralWidget() : widget) >= 2, qPrintable(name + QStringLiteral(": the page is empty")));
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
        // The Import page lists what a live feed kept out.
        QVERIFY(test::onDatabaseThread([this] {
            importer::Feed live(*m_desk.ws.database, *m_desk.ws.keys, importer::FeedOptions{QStringLiteral("auth-events")});
            QList<importer::FeedLine> lines(2);
            lines[0].number = 1207;
            lines[0].bytes = "{\"type\":\"login_attempt\",\"id\":\"att-9912\",\"account\":\"acc-unknown\",\"at\":\"2026-11-20T09:12:00Z\","
                             "\"method\":\"backup_code\",\"outcome\":\"failure\",\"ip\":\"203.0.113.9\"}";
            lines[1].number = 1311;
            lines[1].bytes = "{\"type\":\"login_attempt\",\"id\":\"att-9977\",\"at\":\"yesterday\"}";
            return live.commit(test::sessionAs(auth::Role::Admin, QStringLiteral("boss")), lines).ok();
        }));
        auto admin = m_desk.window(QStringLiteral("boss"), auth::Role::Admin, size);
        for (const char *page : {"operatorsPage", "importPage", "incidentsPage", "policyPage", "deliveryKeyPage"}) {
            QVERIFY(admin->showPage(QLatin1String(page)));
            save(admin.get(), QStringLiteral("50-admin-%1").arg(QLatin1String(page)), size);
        }
    }
    {
        // A first sign-in: the dialog asks for the operator's own password. And the dialog that
        // shows a part of a one-time password.
        const QString name = QStringLiteral("new%1").arg(size.width());
        QVERIFY(test::onDatabaseThread([&] {
            return auth::OperatorService(*m_desk.ws.database, *m_desk.ws.keys, SystemClock::instance())
                .addOperator(test::sessionAs(auth::Role::Admin, QStringLiteral("boss")), name, {}, auth::Role::Agent,
                             QStringLiteral("given-by-boss"))
                .ok();
        }));
        ui::SignInDialog signIn(*m_desk.ws.database, *m_desk.ws.keys, SystemClock::instance());
        signIn.show();
        QTest::keyClicks(test::child<QLineEdit>(&signIn, "signInUsername"), name);
        QTest::keyClicks(test::child<QLineEdit>(&signIn, "signInPassword"), QStringLiteral("given-by-boss"));
        QTest::keyClick(test::child<QLineEdit>(&signIn, "signInPassword"), Qt::Key_Return);
        QTRY_VERIFY(test::child<QLineEdit>(&signIn, "signInNewPassword")->isVisible());
        save(&signIn, QStringLiteral("02-first-sign-in"), size);
        ui::OneTimePasswordDialog part(QStringLiteral("zoe"), SecretText(QStringLiteral("7K2M-QX4P-9RTA-HB3W")),
                                       ui::OneTimePasswordDialog::Part::Second, true);
        part.show();
        save(&part, QStringLiteral("51-one-time-password"), size);
    }
}

// The two checks above find what they look for.
void TestScreens::theChecksCanFail()
{
    QWidget page;
    auto *label = new QLabel(QStringLiteral("A sentence far too long for the room it was given"), &page);
    page.resize(400, 200);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QVERIFY(clippedLabels(&page).isEmpty());
    QCOMPARE(shownThings(&page), 1);
    label->resize(60, 10);
    QCOMPARE(clippedLabels(&page).size(), 1);
    label->setWordWrap(true);
    label->resize(120, 10);
    QCOMPARE(clippedLabels(&page).size(), 1);
    label->hide();
    QCOMPARE(shownThings(&page), 0);
}

QTEST_MAIN(TestScreens)
#include "tst_screens.moc"
