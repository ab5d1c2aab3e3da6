#include "cases/NewCaseDialog.h"

#include "common/ErrorText.h"
#include "cases/CaseService.h"
#include "common/Format.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace rd::ui {

NewCaseDialog::NewCaseDialog(const AppContext &context, const QString &accountId, QWidget *parent)
    : QDialog(parent), m_context(context), m_account(new QLineEdit(accountId, this)), m_channel(new QComboBox(this)),
      m_priority(new QComboBox(this)), m_summary(new QLineEdit(this)), m_reporter(new QLineEdit(this)), m_error(new QLabel(this))
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
    layout->addWidget(buttons);
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
    m_work.run<Result<cases::CaseRecord>>(
        [context, request] { return cases::CaseService(*context.database, *context.keys, *context.clock).open(context.session, request); },
        [this](const Result<cases::CaseRecord> &opened) {
            m_openButton->setEnabled(true);
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
