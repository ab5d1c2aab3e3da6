// The report export dialog driven like a user: pick a format and a file, export off the GUI
// thread, see progress and the folder opened; a role that may not export sees why.
#include "GuiSupport.h"

#include "common/Dialogs.h"
#include "workspace/ReportExportDialog.h"
#include "cases/CaseService.h"
#include "diagnostics/DiagnosticsService.h"
#include "importer/Importer.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>

using namespace rd;

class TestReportExport : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void exportsJsonThenPdf();
    void cancelledFileDialogKeepsThePath();
    void adminIsRefused();

private:
    ui::AppContext context(auth::Role role, const QString &name) const
    {
        return ui::AppContext{m_ws.database.get(), m_ws.keys.get(), test::sessionAs(role, name)};
    }

    test::Workspace m_ws;
    QString m_case;
};

void TestReportExport::initTestCase()
{
    QVERIFY(m_ws.open());
    importer::Importer importer(*m_ws.database, *m_ws.keys);
    QVERIFY(importer.importFile(test::sessionAs(auth::Role::Admin), test::dataPath(QStringLiteral("import/world.jsonl"))).ok());
    const auth::Session alice = test::sessionAs(auth::Role::Agent, QStringLiteral("alice"));
    cases::CaseService cases(*m_ws.database, *m_ws.keys, SystemClock::instance());
    auto opened = cases.open(alice, {QStringLiteral("acc-lena"), QStringLiteral("chat"), {}, QStringLiteral("Code rejected"), QStringLiteral("high")});
    QVERIFY(opened.ok());
    m_case = opened->id;
    cases::CaseService caseLink(*m_ws.database, *m_ws.keys, SystemClock::instance());
    diagnostics::DiagnosticsService diagnostics(*m_ws.database, *m_ws.keys, SystemClock::instance(), &caseLink);
    diagnostics::DiagnoseRequest request;
    request.accountId = QStringLiteral("acc-lena");
    request.code = QStringLiteral("P4W8R-ZN3CD");
    request.caseId = m_case;
    QVERIFY(diagnostics.diagnose(alice, request).ok());
    test::guardGuiThread();
}

void TestReportExport::exportsJsonThenPdf()
{
    ui::ReportExportDialog dialog(context(auth::Role::Agent, QStringLiteral("alice")), m_case);
    QList<QUrl> opened;
    dialog.setFolderOpener([&](const QUrl &folder) { opened << folder; });
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *format = dialog.findChild<QComboBox *>(QStringLiteral("reportFormat"));
    auto *path = dialog.findChild<QLineEdit *>(QStringLiteral("reportPath"));
    auto *browse = dialog.findChild<QPushButton *>(QStringLiteral("reportBrowse"));
    auto *exportButton = dialog.findChild<QPushButton *>(QStringLiteral("reportExport"));
    auto *progress = dialog.findChild<QProgressBar *>(QStringLiteral("reportProgress"));
    auto *status = dialog.findChild<QLabel *>(QStringLiteral("reportStatus"));
    QVERIFY(format && path && browse && exportButton && progress && status);
    QVERIFY(path->text().endsWith(QStringLiteral(".pdf")));

    format->setFocus();
    QTest::keyClick(format, Qt::Key_End); // the last entry: JSON
    QCOMPARE(format->currentData().toString(), QStringLiteral("json"));
    QVERIFY(path->text().endsWith(QStringLiteral(".json")));
    const QString jsonFile = m_ws.path(QStringLiteral("from-dialog.json"));
    ui::FileDialog::setNextFileName(jsonFile);
    QTest::mouseClick(browse, Qt::LeftButton);
    QCOMPARE(path->text(), jsonFile);

    QSignalSpy done(&dialog, &ui::ReportExportDialog::exported);
    QTest::mouseClick(exportButton, Qt::LeftButton);
    QVERIFY(dialog.isExporting());
    QVERIFY(!exportButton->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 60000);
    QCOMPARE(dialog.writtenFile(), jsonFile);
    QCOMPARE(progress->value(), 100);
    QVERIFY(status->text().contains(QStringLiteral("from-dialog.json")));
    QVERIFY(test::readFile(jsonFile).contains(m_case.toUtf8()));
    QCOMPARE(opened, QList<QUrl>{QUrl::fromLocalFile(QFileInfo(jsonFile).absolutePath())});

    // A second export runs on a new worker thread (and a new database connection).
    QTest::keyClick(format, Qt::Key_Home); // PDF
    QVERIFY(path->text().endsWith(QStringLiteral("from-dialog.pdf")));
    auto *openFolder = dialog.findChild<QCheckBox *>(QStringLiteral("reportOpenFolder"));
    QVERIFY(openFolder);
    QTest::mouseClick(openFolder, Qt::LeftButton, {}, QPoint(4, openFolder->height() / 2));
    QVERIFY(!openFolder->isChecked());
    QTest::mouseClick(exportButton, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 2, 60000);
    QVERIFY(test::readFile(path->text()).startsWith("%PDF-"));
    QCOMPARE(opened.size(), 1); // unchecked: no folder opened this time
    QVERIFY(exportButton->isEnabled());
}

void TestReportExport::cancelledFileDialogKeepsThePath()
{
    ui::ReportExportDialog dialog(context(auth::Role::Supervisor, QStringLiteral("sam")), m_case);
    dialog.setFolderOpener({});
    dialog.show();
    auto *path = dialog.findChild<QLineEdit *>(QStringLiteral("reportPath"));
    const QString before = path->text();
    ui::FileDialog::setNextFileName(QString());
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("reportBrowse")), Qt::LeftButton);
    QCOMPARE(path->text(), before);
    ui::FileDialog::setNextFileName(m_ws.path(QStringLiteral("no-suffix")));
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("reportBrowse")), Qt::LeftButton);
    QCOMPARE(path->text(), m_ws.path(QStringLiteral("no-suffix.pdf")));
}

void TestReportExport::adminIsRefused()
{
    ui::ReportExportDialog dialog(context(auth::Role::Admin, QStringLiteral("boss")), m_case);
    bool openedFolder = false;
    dialog.setFolderOpener([&](const QUrl &) { openedFolder = true; });
    dialog.show();
    auto *path = dialog.findChild<QLineEdit *>(QStringLiteral("reportPath"));
    path->setText(m_ws.path(QStringLiteral("admin.pdf")));
    QSignalSpy failed(&dialog, &ui::ReportExportDialog::exportFailed);
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("reportExport")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
    auto *status = dialog.findChild<QLabel *>(QStringLiteral("reportStatus"));
    QVERIFY2(status->text().contains(QStringLiteral("may not")), qPrintable(status->text()));
    QVERIFY(!QFile::exists(m_ws.path(QStringLiteral("admin.pdf"))));
    QVERIFY(!openedFolder);
    QVERIFY(dialog.writtenFile().isEmpty());
}

QTEST_MAIN(TestReportExport)
#include "tst_reportexport.moc"
