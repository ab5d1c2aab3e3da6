#include "supervisor/AuditTrailPanel.h"

#include "common/ErrorText.h"
#include "audit/AuditLog.h"
#include "common/Background.h"
#include "common/Dialogs.h"
#include "common/Format.h"
#include "common/PagedTableModel.h"
#include "common/ViewState.h"
#include "workspace/CaseAuditTab.h"

#include <QCheckBox>
#include <QDateTimeEdit>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPromise>
#include <QPushButton>
#include <QTableView>
#include <QTimeZone>
#include <QVBoxLayout>

#include <atomic>
#include <memory>

namespace rd::ui {

namespace {

QDateTimeEdit *dateEdit(const QString &objectName, QWidget *parent)
{
    auto *edit = new QDateTimeEdit(parent);
    edit->setObjectName(objectName);
    edit->setTimeSpec(Qt::UTC);
    edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    edit->setCalendarPopup(true);
    edit->setDateTime(QDateTime::currentDateTimeUtc());
    return edit;
}

} // namespace

AuditTrailPanel::AuditTrailPanel(const AppContext &context, QWidget *parent)
    : QWidget(parent), m_context(context), m_useFrom(new QCheckBox(tr("&From"), this)),
      m_from(dateEdit(QStringLiteral("auditFrom"), this)), m_useTo(new QCheckBox(tr("&To"), this)),
      m_to(dateEdit(QStringLiteral("auditTo"), this)), m_operator(new QLineEdit(this)), m_action(new QLineEdit(this)),
      m_subject(new QLineEdit(this)), m_count(new QLabel(this)), m_table(new QTableView(this)),
      m_verify(new QPushButton(icon(QStringLiteral("shield")), tr("&Verify chain"), this)),
      m_export(new QPushButton(icon(QStringLiteral("export")), tr("E&xport…"), this)), m_result(new QLabel(this)),
      m_model(new PagedTableModel<audit::AuditEntry>(auditColumns(), this))
{
    setObjectName(QStringLiteral("auditPage"));
    m_from->setDateTime(QDateTime::currentDateTimeUtc().addDays(-30));
    m_from->setEnabled(false);
    m_to->setEnabled(false);
    m_operator->setObjectName(QStringLiteral("auditOperator"));
    m_operator->setPlaceholderText(tr("Operator"));
    m_operator->setAccessibleName(tr("Operator"));
    m_action->setObjectName(QStringLiteral("auditAction"));
    m_action->setPlaceholderText(tr("Action, e.g. case.approve"));
    m_action->setAccessibleName(tr("Action"));
    m_subject->setObjectName(QStringLiteral("auditSubject"));
    m_subject->setPlaceholderText(tr("Case or account id"));
    m_subject->setAccessibleName(tr("Subject"));
    m_count->setObjectName(QStringLiteral("auditCount"));
    setUpReadOnlyTable(m_table, QStringLiteral("auditTable"), tr("Audit trail"));
    m_table->setModel(m_model);
    const int widths[] = {70, 190, 110, 90, 170, 90, 420};
    for (int c = 0; c < 7; ++c)
        m_table->setColumnWidth(c, widths[c]);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    persistHeader(m_table, QStringLiteral("auditTrail"));
    m_verify->setObjectName(QStringLiteral("auditVerify"));
    m_export->setObjectName(QStringLiteral("auditExport"));
    m_result->setObjectName(QStringLiteral("auditVerifyResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_model->onCounted = [this](qint64 total) { m_count->setText(tr("%L1 entry(ies)").arg(total)); };
    m_model->onError = [this](const QString &message) { m_count->setText(message); };

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_useFrom);
    filters->addWidget(m_from);
    filters->addWidget(m_useTo);
    filters->addWidget(m_to);
    filters->addWidget(m_operator);
    filters->addWidget(m_action);
    filters->addWidget(m_subject);
    auto *apply = new QPushButton(tr("&Apply"), this);
    apply->setObjectName(QStringLiteral("auditApply"));
    filters->addWidget(apply);
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_count);
    actions->addStretch();
    actions->addWidget(m_verify);
    actions->addWidget(m_export);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addLayout(actions);
    layout->addWidget(m_result);

    connect(m_useFrom, &QCheckBox::toggled, m_from, &QWidget::setEnabled);
    connect(m_useTo, &QCheckBox::toggled, m_to, &QWidget::setEnabled);
    connect(apply, &QPushButton::clicked, this, &AuditTrailPanel::reload);
    for (QLineEdit *edit : {m_operator, m_action, m_subject})
        connect(edit, &QLineEdit::returnPressed, this, &AuditTrailPanel::reload);
    connect(m_verify, &QPushButton::clicked, this, &AuditTrailPanel::verify);
    connect(m_export, &QPushButton::clicked, this, &AuditTrailPanel::exportTrail);
    reload();
}

audit::AuditFilter AuditTrailPanel::currentFilter() const
{
    audit::AuditFilter filter;
    auto rfc = [](const QDateTime &t) { return t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")); };
    if (m_useFrom->isChecked())
        filter.from = rfc(m_from->dateTime());
    if (m_useTo->isChecked())
        filter.to = rfc(m_to->dateTime());
    filter.operatorName = m_operator->text().trimmed();
    filter.action = m_action->text().trimmed();
    filter.subject = m_subject->text().trimmed();
    return filter;
}

void AuditTrailPanel::reload()
{
    const audit::AuditFilter filter = currentFilter();
    storage::Database *database = m_context.database;
    const crypto::KeyStore *keys = m_context.keys;
    const Clock *clock = m_context.clock;
    const auth::Session session = m_context.session;
    m_count->setText(tr("Counting…"));
    // The count's last id travels to the page reads (pages past the first are asked for only
    // once the count has arrived), so entries appended meanwhile do not shift the pages.
    auto lastId = std::make_shared<std::atomic<qint64>>(-1);
    m_model->setSource(
        [=]() -> Result<qint64> {
            qint64 last = -1;
            auto counted = audit::AuditLog(*database, *keys, *clock).count(session, filter, &last);
            lastId->store(last);
            return counted;
        },
        [=](qint64 offset, int limit, qint64 total) {
            return audit::AuditLog(*database, *keys, *clock).page(session, filter, offset, limit, total, lastId->load());
        });
}

void AuditTrailPanel::setBusy(bool busy)
{
    m_verify->setEnabled(!busy);
    m_export->setEnabled(!busy);
}

void AuditTrailPanel::verify()
{
    setBusy(true);
    m_result->setText(tr("Verifying the whole chain…"));
    storage::Database *database = m_context.database;
    const crypto::KeyStore *keys = m_context.keys;
    const Clock *clock = m_context.clock;
    const auth::Session session = m_context.session;
    auto *watcher = runWithProgress<Result<audit::VerifyResult>>(
        this,
        [=](JobProgress &job) {
            return audit::AuditLog(*database, *keys, *clock).verify(session, std::nullopt, [&job](qint64 done, qint64 total) {
                return job.report(total > 0 ? int(done * 1000 / total) : 0, QObject::tr("Verified %L1 of %L2 entries").arg(done).arg(total));
            });
        },
        [this](const std::optional<Result<audit::VerifyResult>> &verified) {
            setBusy(false);
            if (!verified || (!verified->ok() && verified->error().code == ErrorCode::Cancelled)) {
                m_result->setText(tr("Verification was cancelled."));
                return;
            }
            if (!*verified)
                m_result->setText(QStringLiteral("<b>%1</b>").arg(errorText(verified->error()).toHtmlEscaped()));
            else if ((*verified)->ok && (*verified)->checkpoints == 0)
                m_result->setText(tr("<b>The hash chain is unbroken</b> (%L1 entries checked), but no signed checkpoint exists yet: "
                                     "the first is made at entry 1,000 or at the first export. Until then a rewrite of the whole "
                                     "chain would not show; export the trail to anchor it.")
                                      .arg((*verified)->entries));
            else if ((*verified)->ok)
                m_result->setText(tr("<b>The audit trail is intact:</b> %L1 entries in an unbroken hash chain, and %L2 signed "
                                     "checkpoints verified with the installation's key, none missing.")
                                      .arg((*verified)->entries)
                                      .arg((*verified)->checkpoints));
            else
                m_result->setText(tr("<b>Tampering found at entry %1 (%2):</b> %3")
                                      .arg((*verified)->brokenAt)
                                      .arg((*verified)->reason, (*verified)->message.toHtmlEscaped()));
            reload();
        });
    watchProgress(this, watcher, tr("Verifying the audit trail"), QStringLiteral("auditVerifyProgress"));
}

void AuditTrailPanel::exportTrail()
{
    const QString path = FileDialog::saveFileName(this, tr("Export the audit trail"), QStringLiteral("audit-export.jsonl"),
                                                  tr("JSON lines (*.jsonl);;CSV (*.csv)"));
    if (path.isEmpty())
        return;
    const auto format = path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive) ? audit::ExportFormat::Csv : audit::ExportFormat::Jsonl;
    const audit::AuditFilter filter = currentFilter(); // exactly what the table shows
    setBusy(true);
    m_result->setText(tr("Exporting…"));
    storage::Database *database = m_context.database;
    const crypto::KeyStore *keys = m_context.keys;
    const Clock *clock = m_context.clock;
    const auth::Session session = m_context.session;
    runInBackground<Result<audit::ExportResult>>(
        this, [=] { return audit::AuditLog(*database, *keys, *clock).exportTo(session, path, format, filter); },
        [this, path](const Result<audit::ExportResult> &exported) {
            setBusy(false);
            if (!exported) {
                m_result->setText(QStringLiteral("<b>%1</b>").arg(errorText(exported.error()).toHtmlEscaped()));
                return;
            }
            m_result->setText(tr("Exported %L1 entries to %2 (head %3, signature %4).")
                                  .arg(exported->entries)
                                  .arg(QFileInfo(path).fileName(), exported->headHash.left(16), QFileInfo(exported->signaturePath).fileName()));
            reload();
        });
}

} // namespace rd::ui
