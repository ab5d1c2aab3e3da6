// Import from the admin page: progress while it runs, Cancel writes nothing, a full run
// imports, and the window stays responsive throughout.
#include "GuiSupport.h"

#include "admin/ImportPanel.h"
#include "admin/QuarantinePanel.h"
#include "audit/ChangeFeed.h"
#include "importer/Feed.h"
#include "importer/FeedReader.h"

#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTimer>

using namespace rd;

class TestImportPanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cancelWritesNothing();
    void aFullImportReportsWhatChanged();
    void aBadFileIsRefusedWhole();
    void theDemoWorldRunsOffTheGuiThread();
    void theFeedsQuarantineIsListedLive();

private:
    void writeExport(const QString &path, int attempts);
    test::DemoDesk m_desk;
    std::unique_ptr<ui::MainWindow> m_window;
    ui::ImportPanel *m_panel = nullptr;
    QString m_big;
};

void TestImportPanel::writeExport(const QString &path, int attempts)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"type":"account","id":"imp-1","created_at":"2026-01-01T00:00:00Z"})"
               "\n");
    for (int i = 0; i < attempts; ++i)
        file.write(QStringLiteral(R"({"type":"login_attempt","id":"imp-1-a%1","account":"imp-1","at":"2026-02-01T00:%2:%3Z","method":"password","outcome":"success"})"
                                  "\n")
                       .arg(i)
                       .arg((i / 60) % 60, 2, 10, QLatin1Char('0'))
                       .arg(i % 60, 2, 10, QLatin1Char('0'))
                       .toUtf8());
}

void TestImportPanel::initTestCase()
{
    QVERIFY(m_desk.open(false));
    m_big = m_desk.ws.path(QStringLiteral("big.jsonl"));
    writeExport(m_big, 150000);
    m_window = m_desk.window(QStringLiteral("boss"), auth::Role::Admin);
    QVERIFY(m_window->showPage(QStringLiteral("importPage")));
    m_panel = test::child<ui::ImportPanel>(m_window.get(), "importPage");
}

void TestImportPanel::cancelWritesNothing()
{
    const QByteArray before = test::onDatabaseThread([this] { return m_desk.ws.contentHash(); });
    auto *path = test::child<QLineEdit>(m_panel, "importPath");
    ui::FileDialog::setNextFileName(m_big);
    QTest::mouseClick(test::child<QPushButton>(m_panel, "importBrowse"), Qt::LeftButton);
    QCOMPARE(path->text(), m_big);
    QTest::mouseClick(test::child<QPushButton>(m_panel, "importStart"), Qt::LeftButton);
    QVERIFY(m_panel->isRunning());
    auto *progress = test::child<QProgressBar>(m_panel, "importProgress");
    QTRY_VERIFY_WITH_TIMEOUT(progress->value() > 0, 20000);
    // The GUI thread keeps serving events while the import runs.
    bool served = false;
    QTimer::singleShot(0, this, [&served] { served = true; });
    QTRY_VERIFY_WITH_TIMEOUT(served, 1000); // a stalled GUI thread would take far longer
    QVERIFY(m_panel->isRunning());
    QTest::mouseClick(test::child<QPushButton>(m_panel, "importCancel"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_panel->isRunning(), 30000);
    QVERIFY2(test::child<QLabel>(m_panel, "importStatus")->text().contains(QStringLiteral("nothing was written")),
             qPrintable(test::child<QLabel>(m_panel, "importStatus")->text()));
    QCOMPARE(test::onDatabaseThread([this] { return m_desk.ws.contentHash(); }), before);
    QCOMPARE(test::onDatabaseThread([this] { return m_desk.ws.count(QStringLiteral("login_attempts")); }), 0);
}

void TestImportPanel::aFullImportReportsWhatChanged()
{
    const QString small = m_desk.ws.path(QStringLiteral("small.jsonl"));
    writeExport(small, 500);
    test::child<QLineEdit>(m_panel, "importPath")->setText(small);
    QSignalSpy done(m_panel, &ui::ImportPanel::finished);
    QTest::mouseClick(test::child<QPushButton>(m_panel, "importStart"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 30000);
    QCOMPARE(done.first().first().toBool(), true);
    QVERIFY(test::child<QLabel>(m_panel, "importStatus")->text().contains(QStringLiteral("Imported 501 records")));
    QCOMPARE(test::child<QProgressBar>(m_panel, "importProgress")->value(), 1000);
    QCOMPARE(test::onDatabaseThread([this] { return m_desk.ws.count(QStringLiteral("login_attempts")); }), 500);
}

void TestImportPanel::aBadFileIsRefusedWhole()
{
    const QString bad = m_desk.ws.path(QStringLiteral("bad.jsonl"));
    writeExport(bad, 20);
    QFile file(bad);
    QVERIFY(file.open(QIODevice::Append));
    file.write(R"({"type":"login_attempt","id":"x","account":"imp-1","at":"yesterday","method":"password","outcome":"success"})" "\n");
    file.close();
    const QByteArray before = test::onDatabaseThread([this] { return m_desk.ws.contentHash(); });
    test::child<QLineEdit>(m_panel, "importPath")->setText(bad);
    QSignalSpy done(m_panel, &ui::ImportPanel::finished);
    QTest::mouseClick(test::child<QPushButton>(m_panel, "importStart"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 30000);
    QCOMPARE(done.first().first().toBool(), false);
    const QString status = test::child<QLabel>(m_panel, "importStatus")->text();
    QVERIFY2(status.contains(QStringLiteral("line 22")), qPrintable(status));
    QCOMPARE(test::onDatabaseThread([this] { return m_desk.ws.contentHash(); }), before);
}

void TestImportPanel::theDemoWorldRunsOffTheGuiThread()
{
    QSignalSpy done(m_panel, &ui::ImportPanel::finished);
    QTest::mouseClick(test::child<QPushButton>(m_panel, "importDemo"), Qt::LeftButton);
    QVERIFY(!m_panel->isRunning()); // asked first; the default answer is No
    QVERIFY(ui::MessageBox::lastText().contains(QStringLiteral("cannot be removed")));
    ui::MessageBox::setNextAnswer(QMessageBox::Yes);
    QTest::mouseClick(test::child<QPushButton>(m_panel, "importDemo"), Qt::LeftButton);
    QVERIFY(m_panel->isRunning());
    QVERIFY(!test::child<QPushButton>(m_panel, "importStart")->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 60000);
    QCOMPARE(done.first().first().toBool(), true);
    QVERIFY(test::onDatabaseThread([this] { return m_desk.ws.count(QStringLiteral("cases")); }) >= 11);
}

// A line the live feed kept out, in another process or thread, is listed on the Import page
// within the live desk's 2 s, with its error and the record with the code hidden.
void TestImportPanel::theFeedsQuarantineIsListedLive()
{
    auto *feed = m_window->findChild<audit::ChangeFeed *>();
    QVERIFY(feed && QTest::qWaitFor([feed] { return feed->isWatching(); }, 10000));
    auto *table = test::child<QTableView>(m_window.get(), "quarantineTable");
    auto *note = test::child<QLabel>(m_window.get(), "quarantineNote");
    QVERIFY(table && note && table->isVisible());
    QTRY_VERIFY(note->text().startsWith(QStringLiteral("No line")));
    auto committed = test::onDatabaseThread([this]() -> Result<importer::FeedBatch> {
        importer::Feed live(*m_desk.ws.database, *m_desk.ws.keys, importer::FeedOptions{QStringLiteral("platform-events")});
        QList<importer::FeedLine> lines(2);
        lines[0].number = 41;
        lines[0].bytes = "{\"type\":\"code_set\",\"id\":\"s-q\",\"account\":\"acc-lena\",\"generated_at\":\"2026-11-01T00:00:00Z\","
                         "\"generator\":\"g/1\",\"format\":\"nope\",\"codes\":[{\"index\":1,\"code\":\"62719384\"}]}";
        lines[1].number = 42;
        lines[1].bytes = "not json at all";
        return live.commit(test::sessionAs(auth::Role::Admin, QStringLiteral("boss")), lines);
    });
    QVERIFY2(committed.ok(), committed ? "" : qPrintable(committed.error().message));
    QCOMPARE(committed->quarantined, 2);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 2, 2000);
    QVERIFY(note->text().startsWith(QStringLiteral("2 line")));
    QString shown;
    for (int row = 0; row < 2; ++row)
        for (int column = 0; column < table->model()->columnCount(); ++column)
            shown += table->model()->index(row, column).data().toString() + table->model()->index(row, column).data(Qt::ToolTipRole).toString();
    QVERIFY(shown.contains(QStringLiteral("platform-events")));
    QVERIFY(shown.contains(QStringLiteral("s-q")));
    QVERIFY(shown.contains(QStringLiteral("not a record")));
    QVERIFY(!shown.contains(QStringLiteral("62719384")));
}

QTEST_MAIN(TestImportPanel)
#include "tst_import_panel.moc"
