#include "admin/ImportPanel.h"

#include "admin/QuarantinePanel.h"

#include "common/ErrorText.h"
#include "common/Background.h"
#include "common/Dialogs.h"
#include "common/Format.h"
#include "demo/DemoService.h"
#include "importer/Importer.h"

#include <QFileInfo>

#include <memory>
#include <optional>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPromise>
#include <QPushButton>
#include <QVBoxLayout>

namespace rd::ui {

ImportPanel::ImportPanel(const AppContext &context, QWidget *parent)
    : QWidget(parent), m_context(context), m_path(new QLineEdit(this)), m_browse(new QPushButton(tr("&Browse…"), this)),
      m_start(new QPushButton(icon(QStringLiteral("import")), tr("&Import"), this)), m_cancel(new QPushButton(tr("&Cancel"), this)),
      m_demo(new QPushButton(tr("Fill with the &demo world"), this)), m_progress(new QProgressBar(this)), m_status(new QLabel(this)),
      m_quarantine(new QuarantinePanel(context, this))
{
    setObjectName(QStringLiteral("importPage"));
    m_path->setObjectName(QStringLiteral("importPath"));
    m_path->setAccessibleName(tr("Export file to import"));
    m_path->setPlaceholderText(tr("A platform export (.jsonl)"));
    m_browse->setObjectName(QStringLiteral("importBrowse"));
    m_start->setObjectName(QStringLiteral("importStart"));
    m_cancel->setObjectName(QStringLiteral("importCancel"));
    m_demo->setObjectName(QStringLiteral("importDemo"));
    m_demo->setToolTip(tr("A realistic, deterministic demo world: accounts for every diagnostic check and cases in every state"));
    m_progress->setObjectName(QStringLiteral("importProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setFormat(QStringLiteral("%p%"));
    m_status->setObjectName(QStringLiteral("importStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setText(tr("The whole file is imported in one transaction: a bad line, an error or Cancel leaves the "
                         "database unchanged. Codes are hashed and contacts encrypted before anything is written."));
    auto *row = new QHBoxLayout;
    row->addWidget(m_path, 1);
    row->addWidget(m_browse);
    auto *run = new QHBoxLayout;
    run->addWidget(m_progress, 1);
    run->addWidget(m_start);
    run->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<h3>Import platform data</h3>"), this));
    layout->addLayout(row);
    layout->addLayout(run);
    layout->addWidget(m_status);
    auto *demoRow = new QHBoxLayout;
    demoRow->addWidget(new QLabel(tr("Training or trying it out?"), this));
    demoRow->addWidget(m_demo);
    demoRow->addStretch();
    layout->addSpacing(24);
    layout->addLayout(demoRow);
    layout->addSpacing(24);
    layout->addWidget(m_quarantine, 1);
    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString path = FileDialog::openFileName(this, tr("Import platform data"), tr("Platform exports (*.jsonl);;All files (*)"));
        if (!path.isEmpty())
            m_path->setText(path);
    });
    connect(m_start, &QPushButton::clicked, this, &ImportPanel::start);
    connect(m_cancel, &QPushButton::clicked, this, &ImportPanel::cancel);
    connect(m_demo, &QPushButton::clicked, this, &ImportPanel::startDemo);
    setRunning(false);
}

void ImportPanel::setRunning(bool running)
{
    m_running = running;
    m_start->setEnabled(!running);
    m_browse->setEnabled(!running);
    m_demo->setEnabled(!running);
    m_path->setEnabled(!running);
    m_cancel->setEnabled(running);
}

void ImportPanel::followChanges()
{
    m_quarantine->followChanges();
}

void ImportPanel::start()
{
    const QString path = m_path->text().trimmed();
    if (path.isEmpty() || !QFileInfo(path).isFile()) {
        m_status->setText(tr("Choose an export file to import first."));
        return;
    }
    storage::Database *database = m_context.database;
    const crypto::KeyStore *keys = m_context.keys;
    const Clock *clock = m_context.clock;
    const auth::Session session = m_context.session;
    run(tr("Importing %1…").arg(QFileInfo(path).fileName()), [=](const importer::ImportProgressFn &progress) {
        return importer::Importer(*database, *keys, *clock).importFile(session, path, progress);
    });
}

void ImportPanel::startDemo()
{
    if (MessageBox::question(this, tr("Fill with the demo world"),
                             tr("Add about sixty demo accounts and eleven demo cases to this database? They cannot be "
                                "removed again (the audit trail is append-only). Use a scratch database for training."))
        != QMessageBox::Yes)
        return;
    storage::Database *database = m_context.database;
    const crypto::KeyStore *keys = m_context.keys;
    const auth::Session session = m_context.session;
    run(tr("Creating the demo world…"), [=](const importer::ImportProgressFn &progress) {
        return demo::DemoService(*database, *keys).populate(session, {}, progress);
    });
}

void ImportPanel::run(const QString &what, const Work &work)
{
    setRunning(true);
    m_progress->setValue(0);
    m_status->setText(what);
    // A cancel that comes too late (after the commit) still reports what was written.
    m_watcher = runWithProgress<Result<importer::ImportStats>>(
        this,
        [work](JobProgress &job) {
            return work([&job](const importer::ImportProgress &p) {
                const int permille = p.bytesTotal > 0 ? int(p.bytesDone * 1000 / p.bytesTotal) : 0;
                return job.report(permille, QObject::tr("Pass %1: %L2 lines read").arg(p.pass).arg(p.lines));
            });
        },
        [this](const std::optional<Result<importer::ImportStats>> &outcome) {
            m_watcher = nullptr;
            setRunning(false);
            const bool ok = outcome.has_value() && outcome->ok();
            if (!outcome.has_value()) {
                m_status->setText(tr("Import cancelled. Nothing was written."));
            } else if (!ok) {
                m_status->setText(tr("<b>Import stopped; nothing was written.</b> %1").arg(errorText(outcome->error()).toHtmlEscaped()));
            } else {
                const auto &stats = outcome->value();
                m_progress->setValue(1000);
                m_status->setText(tr("Imported %L1 records from %L2 lines; %L3 added or changed a row.")
                                      .arg(stats.totalRecords())
                                      .arg(stats.lines)
                                      .arg(stats.totalChanged()));
            }
            emit finished(ok);
        });
    connect(m_watcher, &QFutureWatcherBase::progressValueChanged, m_progress, &QProgressBar::setValue);
    connect(m_watcher, &QFutureWatcherBase::progressTextChanged, m_status, &QLabel::setText);
}

ImportPanel::~ImportPanel()
{
    // Closing the window or signing out stops the import: it writes nothing then.
    if (m_watcher)
        m_watcher->cancel();
}

void ImportPanel::cancel()
{
    if (m_watcher) {
        m_status->setText(tr("Cancelling…"));
        m_watcher->cancel();
    }
}

} // namespace rd::ui
