#include "ReportExportDialog.h"

#include "common/ErrorText.h"
#include "common/Dialogs.h"
#include "ReportPdf.h"
#include "common/Clock.h"
#include "common/Background.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace rd::ui {

ReportExportDialog::ReportExportDialog(const AppContext &context, const QString &caseId, QWidget *parent)
    : QDialog(parent), m_context(context), m_caseId(caseId),
      m_openFolder([](const QUrl &folder) { QDesktopServices::openUrl(folder); }), m_format(new QComboBox(this)),
      m_path(new QLineEdit(this)), m_browse(new QPushButton(tr("Choose…"), this)),
      m_openWhenDone(new QCheckBox(tr("Open the folder when done"), this)), m_progress(new QProgressBar(this)),
      m_status(new QLabel(this)), m_buttons(new QDialogButtonBox(QDialogButtonBox::Close, this)),
      m_export(m_buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole))
{
    setObjectName(QStringLiteral("reportExportDialog"));
    setWindowTitle(tr("Export report of case %1").arg(caseId));
    m_format->setObjectName(QStringLiteral("reportFormat"));
    m_format->setAccessibleName(tr("Report format"));
    m_format->addItem(tr("PDF document"), QStringLiteral("pdf"));
    m_format->addItem(tr("HTML page"), QStringLiteral("html"));
    m_format->addItem(tr("CSV timeline (spreadsheets)"), QStringLiteral("csv"));
    m_format->addItem(tr("JSON (everything, for tools)"), QStringLiteral("json"));
    m_path->setObjectName(QStringLiteral("reportPath"));
    m_path->setAccessibleName(tr("Output file"));
    m_browse->setObjectName(QStringLiteral("reportBrowse"));
    m_browse->setAccessibleName(tr("Choose the output file"));
    m_openWhenDone->setObjectName(QStringLiteral("reportOpenFolder"));
    m_openWhenDone->setChecked(true);
    m_progress->setObjectName(QStringLiteral("reportProgress"));
    m_progress->setRange(0, 100);
    m_progress->setValue(0);
    m_progress->setVisible(false);
    m_status->setObjectName(QStringLiteral("reportStatus"));
    m_status->setWordWrap(true);
    m_status->setText(tr("Personal data is masked and no backup code is ever included. The export is recorded in the audit trail."));
    m_export->setObjectName(QStringLiteral("reportExport"));
    m_export->setDefault(true);
    m_buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("reportClose"));

    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    m_path->setText(QDir(documents.isEmpty() ? QDir::homePath() : documents).filePath(QStringLiteral("case-%1.pdf").arg(caseId)));

    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_path, 1);
    fileRow->addWidget(m_browse);
    auto *form = new QFormLayout;
    form->addRow(tr("&Format:"), m_format);
    form->addRow(tr("&File:"), fileRow);
    form->addRow(QString(), m_openWhenDone);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    resize(520, sizeHint().height());

    connect(m_format, &QComboBox::currentIndexChanged, this, &ReportExportDialog::formatChanged);
    connect(m_browse, &QPushButton::clicked, this, &ReportExportDialog::browse);
    connect(m_export, &QPushButton::clicked, this, &ReportExportDialog::startExport);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ReportExportDialog::reject);
}

ReportExportDialog::~ReportExportDialog()
{
    // Closed mid-export: the export stops as early as it can; its result dies with this object
    // (the work holds copies, not this dialog).
    if (m_job)
        m_job->cancel();
}

reports::ReportFormat ReportExportDialog::format() const
{
    return reports::formatFromName(m_format->currentData().toString()).value_or(reports::ReportFormat::Pdf);
}

void ReportExportDialog::formatChanged()
{
    // Keep the file name in step with the format the user picked.
    const QFileInfo info(m_path->text());
    if (!m_path->text().isEmpty())
        m_path->setText(info.dir().filePath(info.completeBaseName() + u'.' + reports::formatName(format())));
}

void ReportExportDialog::browse()
{
    const QString suffix = reports::formatName(format());
    const QString chosen = FileDialog::saveFileName(this, tr("Export report"), m_path->text(),
                                                       tr("%1 files (*.%2)").arg(suffix.toUpper(), suffix));
    if (!chosen.isEmpty())
        m_path->setText(QFileInfo(chosen).suffix().isEmpty() ? chosen + u'.' + suffix : chosen);
}

void ReportExportDialog::startExport()
{
    if (m_exporting)
        return;
    const QString path = m_path->text().trimmed();
    if (path.isEmpty()) {
        m_status->setText(tr("Choose a file to write the report to."));
        return;
    }
    m_written.clear();
    for (QWidget *w : std::initializer_list<QWidget *>{m_format, m_path, m_browse, m_export})
        w->setEnabled(false);
    m_buttons->button(QDialogButtonBox::Close)->setText(tr("Cancel"));
    m_progress->setValue(0);
    m_progress->setVisible(true);

    const AppContext context = m_context;
    const QString caseId = m_caseId;
    const reports::ReportFormat fmt = format();
    m_exporting = true;
    m_job = runWithProgress<Result<reports::ExportResult>>(
        this,
        [context, caseId, fmt, path](JobProgress &job) {
            return reports::ReportService(*context.database, *context.keys, *context.clock)
                .exportTo(context.session, caseId, fmt, path, reports::pdf::rendererFor(fmt),
                          [&job](int percent, const QString &step) { return job.report(percent * 10, step); });
        },
        [this](const std::optional<Result<reports::ExportResult>> &result) {
            m_job = nullptr;
            finish(result ? *result : Result<reports::ExportResult>(Error::refused(tr("The export was cancelled."))));
        });
    connect(m_job, &QFutureWatcherBase::progressValueChanged, this, [this](int permille) { m_progress->setValue(permille / 10); });
    connect(m_job, &QFutureWatcherBase::progressTextChanged, this, [this](const QString &step) { m_status->setText(step + QStringLiteral("…")); });
}

void ReportExportDialog::finish(const Result<reports::ExportResult> &result)
{
    m_exporting = false;
    for (QWidget *w : std::initializer_list<QWidget *>{m_format, m_path, m_browse, m_export})
        w->setEnabled(true);
    m_buttons->button(QDialogButtonBox::Close)->setText(tr("Close"));
    if (!result) {
        m_progress->setVisible(false);
        m_status->setText(errorText(result.error()));
        emit exportFailed(errorText(result.error()));
        return;
    }
    m_progress->setValue(100);
    m_written = result->path;
    m_status->setText(tr("Wrote %1 (%2 KB). Audit entry #%3 records the export.")
                          .arg(QDir::toNativeSeparators(result->path))
                          .arg((result->bytes + 1023) / 1024)
                          .arg(result->headSeq));
    if (m_openWhenDone->isChecked() && m_openFolder)
        m_openFolder(QUrl::fromLocalFile(QFileInfo(result->path).absolutePath()));
    emit exported(result->path);
}

void ReportExportDialog::reject()
{
    // While exporting, Cancel stops before anything is recorded or written, if it still can.
    if (m_exporting) {
        if (m_job)
            m_job->cancel();
        m_status->setText(tr("Cancelling…"));
        return;
    }
    QDialog::reject();
}

} // namespace rd::ui
