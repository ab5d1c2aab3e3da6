#include "workspace/AttemptsTab.h"

#include "accounts/AccountService.h"
#include "common/Format.h"
#include "common/PagedTableModel.h"
#include "common/ViewState.h"
#include "workspace/AttemptsChart.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace rd::ui {

using accounts::AttemptSummary;

AttemptsTab::AttemptsTab(const AppContext &context, QWidget *parent)
    : CaseTab(context, parent), m_method(new QComboBox(this)), m_outcome(new QComboBox(this)), m_count(new QLabel(this)),
      m_table(new QTableView(this)),
      m_model(new PagedTableModel<AttemptSummary>(
          {
              {tr("Time (UTC)"), [](const AttemptSummary &a) { return formatTime(a.at); }},
              {tr("Method"), [](const AttemptSummary &a) { return methodText(a.method); }},
              {tr("Outcome"), [](const AttemptSummary &a) { return humanize(a.outcome); },
               [](const AttemptSummary &a) {
                   return icon(a.outcome == QLatin1String("success") ? QStringLiteral("verdict-ruled-out")
                                                                      : QStringLiteral("verdict-cause"));
               }},
              {tr("Platform reason"), [](const AttemptSummary &a) { return reasonText(a.reason); }},
              {tr("Device"), [](const AttemptSummary &a) { return a.device; }},
              {tr("IP"), [](const AttemptSummary &a) { return a.ip; }},
              {tr("Place"), [](const AttemptSummary &a) { return a.place; }},
              {tr("Attempt"), [](const AttemptSummary &a) { return a.id; }},
          },
          this)),
      m_chart(new AttemptsChart(this))
{
    setObjectName(QStringLiteral("attemptsTab"));
    m_method->setObjectName(QStringLiteral("attemptMethodFilter"));
    m_method->setAccessibleName(tr("Method"));
    m_method->addItem(tr("All methods"), QString());
    for (const char *m : {"password", "totp", "sms", "backup_code", "email_link"})
        m_method->addItem(humanize(QLatin1String(m)), QLatin1String(m));
    m_outcome->setObjectName(QStringLiteral("attemptOutcomeFilter"));
    m_outcome->setAccessibleName(tr("Outcome"));
    m_outcome->addItem(tr("All outcomes"), QString());
    m_outcome->addItem(tr("Success"), QStringLiteral("success"));
    m_outcome->addItem(tr("Failure"), QStringLiteral("failure"));
    m_count->setObjectName(QStringLiteral("attemptCount"));
    setUpReadOnlyTable(m_table, QStringLiteral("attemptTable"), tr("Login attempts"));
    m_table->verticalHeader()->show();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->setModel(m_model);
    const int widths[] = {160, 110, 100, 200, 120, 130, 150};
    for (int c = 0; c < 7; ++c)
        m_table->setColumnWidth(c, widths[c]);
    persistHeader(m_table, QStringLiteral("attempts"));
    m_model->onError = [this](const QString &message) { m_count->setText(message); };
    m_model->onCounted = [this](qint64 total) {
        m_count->setText(tr("%L1 attempt(s)").arg(total));
        if (m_chartPending || total != m_shownTotal)
            loadChart();
        m_shownTotal = total;
    };

    auto *filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Show"), this));
    filters->addWidget(m_method);
    filters->addWidget(m_outcome);
    filters->addStretch();
    filters->addWidget(m_count);
    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addLayout(filters);
    topLayout->addWidget(m_table, 1);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(m_chart);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);
    connect(m_method, &QComboBox::currentIndexChanged, this, &AttemptsTab::applyFilter);
    connect(m_outcome, &QComboBox::currentIndexChanged, this, &AttemptsTab::applyFilter);
}

void AttemptsTab::setAccount(const accounts::AccountProfile &profile) { showAccount(profile.summary.id); }

void AttemptsTab::showAccount(const QString &accountId)
{
    m_accountId = accountId;
    m_chartPending = true;
    applyFilter();
}

void AttemptsTab::loadChart()
{
    // After the table's count: the per-day totals read the same rows and should not compete
    // with the first rows the agent is waiting for.
    m_chartPending = false;
    storage::Database *database = m_context.database;
    const crypto::KeyStore *keys = m_context.keys;
    const Clock *clock = m_context.clock;
    const auth::Session session = m_context.session;
    const QString accountId = m_accountId;
    runInBackground<Result<QList<accounts::AttemptDay>>>(
        this,
        [database, keys, clock, session, accountId] {
            return accounts::AccountService(*database, *keys, *clock).attemptsPerDay(session, accountId);
        },
        [this, accountId](const Result<QList<accounts::AttemptDay>> &days) {
            if (accountId == m_accountId && days)
                m_chart->setDays(days.value());
        });
}

// New attempts (the live feed) appear at the end of the table, which keeps the selected row and
// where it is scrolled to; the chart is drawn again when the count moved.
void AttemptsTab::followAccount()
{
    if (m_accountId.isEmpty())
        return;
    const accounts::AttemptQuery query{m_accountId, m_method->currentData().toString(), m_outcome->currentData().toString()};
    storage::Database *database = m_context.database;
    const crypto::KeyStore *keys = m_context.keys;
    const Clock *clock = m_context.clock;
    const auth::Session session = m_context.session;
    m_model->refresh([=] { return accounts::AccountService(*database, *keys, *clock).attemptCount(session, query); });
}

void AttemptsTab::applyFilter()
{
    accounts::AttemptQuery query{m_accountId, m_method->currentData().toString(), m_outcome->currentData().toString()};
    storage::Database *database = m_context.database;
    const crypto::KeyStore *keys = m_context.keys;
    const Clock *clock = m_context.clock;
    const auth::Session session = m_context.session;
    m_count->setText(tr("Counting…"));
    m_model->setSource(
        [=] { return accounts::AccountService(*database, *keys, *clock).attemptCount(session, query); },
        [=](qint64 offset, int limit, qint64 total) {
            return accounts::AccountService(*database, *keys, *clock).attemptPage(session, query, offset, limit, total);
        });
}

} // namespace rd::ui
