#include "cases/NewCaseDialog.h"

#include "common/ErrorText.h"
#include "cases/CaseService.h"
#include "common/Format.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QTimer>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace rd::ui {

NewCaseDialog::NewCaseDialog(const AppContext &context, const QString &accountId, QWidget *parent)
    : QDialog(parent), m_context(context), m_account(new QLineEdit(accountId, this)), m_channel(new QComboBox(this)),
      m_priority(new QComboBox(this)), m_summary(new QLineEdit(this)), m_reporter(new QLineEdit(this)), m_error(new QLabel(this)),
      m_existing(new QLabel(this)), m_openExisting(new QPushButton(tr("Open &existing"), this))
{
    setObjectName(QStringLiteral("newCaseDialog"));
    setWindowTitle(tr("New lockout case"));
    m_account->setObjectName(QStringLiteral("newCaseAccount"));
    m_channel->setObjectName(QStringLiteral("newCaseChannel"));
    m_priority->setObjectName(QStringLiteral("newCasePriority"));
    m_summary->setObjectName(QStringLiteral("newCaseSummary"));
    m_reporter->setObjectName(QStringLiteral("newCaseReporter"));
    m_summary->setPlaceholderText(tr("e.g. Backup code rejected after phone replacement"));
    m_reporter->setPlaceholderText(tr("Optional: how to reach the user (stored encrypted)"));
    for (const QString &c : cases::channels())
        m_channel->addItem(humanize(c), c);
    for (const QString &p : cases::priorities())
        m_priority->addItem(humanize(p), p);
    m_priority->setCurrentIndex(m_priority->findData(QStringLiteral("normal")));
    m_error->setObjectName(QStringLiteral("newCaseError"));
    m_error->setWordWrap(true);
    m_error->hide();
    m_existing->setObjectName(QStringLiteral("newCaseExisting"));
    m_existing->setWordWrap(true);
    m_existing->hide();
    m_openExisting->setObjectName(QStringLiteral("newCaseOpenExisting"));
    m_openExisting->setToolTip(tr("Work the case already open for this account instead of a duplicate"));
    m_openExisting->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("&Account id"), m_account);
    form->addRow(tr("&Channel"), m_channel);
    form->addRow(tr("&Priority"), m_priority);
    form->addRow(tr("&Summary"), m_summary);
    form->addRow(tr("&Reporter contact"), m_reporter);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Open case"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("newCaseOpen"));
    m_openButton = buttons->button(QDialogButtonBox::Ok);
    connect(buttons, &QDialogButtonBox::accepted, this, &NewCaseDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    auto *existing = new QHBoxLayout;
    existing->addWidget(m_existing, 1);
    existing->addWidget(m_openExisting);
    layout->addLayout(existing);
    layout->addWidget(buttons);
    connect(m_openExisting, &QPushButton::clicked, this, [this] {
        m_caseId = m_existingId;
        m_reporter->clear();
        accept();
    });
    // The account's open cases are looked up once its id stops changing.
    auto *lookupDelay = new QTimer(this);
    lookupDelay->setSingleShot(true);
    lookupDelay->setInterval(300);
    connect(lookupDelay, &QTimer::timeout, this, &NewCaseDialog::checkOpenCases);
    connect(m_account, &QLineEdit::textChanged, lookupDelay, qOverload<>(&QTimer::start));
    if (!accountId.isEmpty())
        checkOpenCases();
    setMinimumWidth(520);
    (accountId.isEmpty() ? m_account : m_summary)->setFocus();
}

void NewCaseDialog::done(int result)
{
    if (result == QDialog::Rejected && m_work.busy())
        return; // the case is being opened: its answer (the new case, or what to fix) comes first
    m_reporter->clear(); // personal data does not outlive the dialog
    QDialog::done(result);
}

void NewCaseDialog::checkOpenCases()
{
    const QString accountId = m_account->text().trimmed();
    if (accountId.isEmpty()) {
        showOpenCases({});
        return;
    }
    const AppContext context = m_context;
    m_lookup.read<Result<QList<cases::CaseRecord>>>(
        [context, accountId] {
            cases::CaseFilter filter;
            filter.accountId = accountId;
            filter.view = cases::QueueView::Open;
            filter.limit = 5;
            return cases::CaseService(*context.database, *context.keys, *context.clock).list(context.session, filter);
        },
        [this, accountId](const Result<QList<cases::CaseRecord>> &open) {
            if (m_account->text().trimmed() == accountId)
                showOpenCases(open ? open.value() : QList<cases::CaseRecord>());
        });
}

void NewCaseDialog::showOpenCases(const QList<cases::CaseRecord> &open)
{
    QStringList names;
    for (const cases::CaseRecord &c : open)
        names << QStringLiteral("%1, %2").arg(c.id, humanize(c.state).toLower());
    m_existingId = open.isEmpty() ? QString() : open.first().id;
    m_existing->setText(tr("<b>This account already has %n open case(s)</b> (%1). Work it instead of opening a duplicate?", nullptr,
                           int(open.size()))
                            .arg(names.join(QStringLiteral("; ")).toHtmlEscaped()));
    m_existing->setVisible(!open.isEmpty());
    m_openExisting->setVisible(!open.isEmpty());
    // The existing case is the default: Enter works it; a new case takes a deliberate click.
    m_openExisting->setDefault(!open.isEmpty());
    m_openButton->setDefault(open.isEmpty());
    m_openButton->setText(open.isEmpty() ? tr("Open case") : tr("Open a new case anyway"));
}

void NewCaseDialog::submit()
{
    cases::OpenCase request;
    request.accountId = m_account->text().trimmed();
    request.channel = m_channel->currentData().toString();
    request.priority = m_priority->currentData().toString();
    request.summary = m_summary->text().trimmed();
    request.reporterContact = m_reporter->text().trimmed();
    const AppContext context = m_context;
    m_openButton->setEnabled(false);
    m_openExisting->setEnabled(false); // a new case is on its way: one outcome only
    m_work.run<Result<cases::CaseRecord>>(
        [context, request] { return cases::CaseService(*context.database, *context.keys, *context.clock).open(context.session, request); },
        [this](const Result<cases::CaseRecord> &opened) {
            m_openButton->setEnabled(true);
            m_openExisting->setEnabled(true);
            if (!opened) { // keep what was typed (the caller is still on the line); fix and retry
                m_error->setText(errorText(opened.error()));
                m_error->show();
                return;
            }
            m_caseId = opened->id;
            m_reporter->clear();
            accept();
        });
}

} // namespace rd::ui
