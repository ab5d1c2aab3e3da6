// After an unclean shutdown the desktop reads the whole database file in the background (opening
// no longer does) and warns when it is damaged; a clean exit leaves nothing to check.
#include "GuiSupport.h"

#include "shell/StartupCheck.h"

#include <QMessageBox>
#include <QRandomGenerator>
#include <QSqlQuery>

#include <new>

using namespace rd;

class TestStartupCheck : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void markerSurvivesOnlyACrash();
    void damagedFileIsReported();
    void intactFileSaysNothing();

private:
    // The workspace database with one page (the outbox's root, which opening never reads) overwritten.
    QString damagedCopy();
    QMessageBox *warning();

    test::Workspace m_ws;
};

void TestStartupCheck::initTestCase()
{
    if (test::onPostgres())
        QSKIP("an SQLite file property: a team database's pages are its server's to check");
    test::isolateSettings();
    QVERIFY(m_ws.open());
    test::guardGuiThread();
}

void TestStartupCheck::markerSurvivesOnlyACrash()
{
    const QString a = QStringLiteral("/desk/a.sqlite");
    {
        ui::RunMarker clean(a);
        QVERIFY(!clean.previousRunWasUnclean());
    }
    QVERIFY(!QSettings().contains(ui::RunMarker::settingsKey()));
    {
        ui::RunMarker again(a);
        QVERIFY(!again.previousRunWasUnclean()); // the last run closed cleanly
    }
    // Never destroyed: the process "died". Built in static storage, which LeakSanitizer reads as
    // reachable (a heap object nobody frees would be reported as a leak).
    alignas(ui::RunMarker) static unsigned char crashed[2][sizeof(ui::RunMarker)];
    new (crashed[0]) ui::RunMarker(a);
    {
        ui::RunMarker other(QStringLiteral("/desk/b.sqlite"));
        QVERIFY(!other.previousRunWasUnclean()); // another database was not the one open
    }
    new (crashed[1]) ui::RunMarker(a);
    ui::RunMarker next(a);
    QVERIFY(next.previousRunWasUnclean());
}

QString TestStartupCheck::damagedCopy()
{
    qint64 page = 0;
    test::onDatabaseThread([&] {
        QSqlQuery q(m_ws.connection());
        if (q.exec(QStringLiteral("SELECT rootpage FROM sqlite_master WHERE name = 'outbox'")) && q.next())
            page = q.value(0).toLongLong();
        q.finish();
        QSqlQuery(m_ws.connection()).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        return 0;
    });
    if (page < 2)
        return {};
    QByteArray bytes = test::readFile(m_ws.dbPath);
    QRandomGenerator rng(5);
    for (qsizetype i = 0; i < 4096; ++i)
        bytes[(page - 1) * 4096 + i] = char(rng.bounded(256));
    const QString path = m_ws.path(QStringLiteral("damaged.sqlite"));
    return test::writeFile(path, bytes) ? path : QString();
}

QMessageBox *TestStartupCheck::warning()
{
    for (QWidget *w : QApplication::topLevelWidgets())
        if (w->objectName() == QLatin1String("damageWarning") && w->isVisible())
            return qobject_cast<QMessageBox *>(w);
    return nullptr;
}

void TestStartupCheck::damagedFileIsReported()
{
    const QString path = damagedCopy();
    QVERIFY(!path.isEmpty());
    // Opening it works (it reads only what it needs); the check finds the page.
    auto desk = test::onDatabaseThread([&] { return auth::openDesk(path, m_ws.keyDir); });
    QVERIFY2(desk.ok(), desk.ok() ? "" : qPrintable(desk.error().message));
    QObject context;
    ui::checkDeskInBackground(desk.value(), &context);
    QTRY_VERIFY_WITH_TIMEOUT(warning() != nullptr, 20000);
    QMessageBox *box = warning();
    QVERIFY(box->text().contains(path));
    QVERIFY2(box->informativeText().contains(QStringLiteral("restore it from a backup")), qPrintable(box->informativeText()));
    box->close();
    ui::databasePool()->waitForDone();
    test::onDatabaseThread([&] {
        desk.value().database->releaseConnection();
        return 0;
    });
}

void TestStartupCheck::intactFileSaysNothing()
{
    auto desk = test::onDatabaseThread([&] { return auth::openDesk(m_ws.dbPath, m_ws.keyDir); });
    QVERIFY(desk.ok());
    QObject context;
    ui::checkDeskInBackground(desk.value(), &context);
    ui::databasePool()->waitForDone();
    QCoreApplication::processEvents();
    QTest::qWait(50);
    QVERIFY(warning() == nullptr);
}

QTEST_MAIN(TestStartupCheck)
#include "tst_startup_check.moc"
