#include "supervisor/SlaDashboard.h"

#include "common/ErrorText.h"
#include "cases/CaseService.h"
#include "common/Format.h"
#include "common/RecordTableModel.h"
#include "common/ViewState.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace rd::ui {

using cases::CaseRecord;

SlaDashboard::SlaDashboard(const AppContext &context, QWidget *parent)
    : QWidget(parent), m_context(context), m_headline(new QLabel(this)), m_summaryTable(new QTableView(this)),
      m_attentionTable(new QTableView(this)),
      m_summary(new RecordTableModel<PriorityRow>(
          {
              {tr("Priority"), [](const PriorityRow &r) { return humanize(r.priority); }},
              {tr("Open"), [](const PriorityRow &r) { return r.open; }},
              {tr("Unassigned"), [](const PriorityRow &r) { return r.unassigned; }},
              {tr("Due within 1 h"), [](const PriorityRow &r) { return r.dueSoon; },
               [](const PriorityRow &r) { return r.dueSoon ? icon(QStringLiteral("sla-due-soon")) : QIcon(); }},
              {tr("Breached"), [](const PriorityRow &r) { return r.breached; },
               [](const PriorityRow &r) { return r.breached ? icon(QStringLiteral("sla-breached")) : QIcon(); }},
          },
          this)),
      m_attention(nullptr)
{
    const Clock *clock = context.clock;
    m_attention = new RecordTableModel<CaseRecord>(
        {
            {tr("Case"), [](const CaseRecord &c) { return c.id; }},
            {tr("SLA"), [clock](const CaseRecord &c) { return slaStatus(c, clock->nowMs()).text; },
             [clock](const CaseRecord &c) { return slaStatus(c, clock->nowMs()).icon; }},
            {tr("Priority"), [](const CaseRecord &c) { return humanize(c.priority); }},
            {tr("State"), [](const CaseRecord &c) { return humanize(c.state); }},
            {tr("Assignee"), [](const CaseRecord &c) { return c.assignee.isEmpty() ? tr("Unassigned") : c.assignee; }},
            {tr("Summary"), [](const CaseRecord &c) { return c.summary; }},
        },
        this);
    setObjectName(QStringLiteral("slaPage"));
    m_headline->setObjectName(QStringLiteral("slaHeadline"));
    m_headline->setWordWrap(true);
    setUpReadOnlyTable(m_summaryTable, QStringLiteral("slaSummaryTable"), tr("Open cases per priority"));
    m_summaryTable->setModel(m_summary);
    // Exactly the four priority rows, no scroll bar.
    m_summaryTable->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_summaryTable->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_summaryTable->setFixedHeight(m_summaryTable->horizontalHeader()->sizeHint().height()
                                   + int(cases::priorities().size()) * m_summaryTable->verticalHeader()->defaultSectionSize()
                                   + 2 * m_summaryTable->frameWidth());
    for (int c = 0; c < 4; ++c)
        m_summaryTable->setColumnWidth(c, 150);
    setUpReadOnlyTable(m_attentionTable, QStringLiteral("slaAttentionTable"), tr("Cases needing attention"));
    m_attentionTable->setModel(m_attention);
    const int widths[] = {80, 210, 90, 150, 120};
    for (int c = 0; c < 5; ++c)
        m_attentionTable->setColumnWidth(c, widths[c]);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_headline);
    layout->addWidget(m_summaryTable);
    layout->addWidget(new QLabel(tr("<b>Needs attention first</b> — breached or due within the hour, most urgent first"), this));
    layout->addWidget(m_attentionTable, 1);
    connect(m_attentionTable, &QTableView::activated, this, [this](const QModelIndex &index) {
        if (const CaseRecord *c = m_attention->recordAt(index.row()))
            emit openCase(c->id);
    });
    reload();
}

void SlaDashboard::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    reload();
}

void SlaDashboard::reload()
{
    const AppContext context = m_context;
    m_load.read<Result<QList<CaseRecord>>>(
        [context] {
            cases::CaseFilter filter;
            filter.limit = 100000;
            return cases::CaseService(*context.database, *context.keys, *context.clock).list(context.session, filter);
        },
        [this](const Result<QList<CaseRecord>> &list) {
            showCases(list);
        });
}

void SlaDashboard::showCases(const Result<QList<CaseRecord>> &list)
{
    if (!list) {
        m_headline->setText(errorText(list.error()));
        return;
    }
    const qint64 now = m_context.clock->nowMs();
    QList<PriorityRow> rows;
    for (const QString &p : cases::priorities())
        rows.append({p});
    QList<CaseRecord> attention;
    int open = 0, breached = 0;
    for (const CaseRecord &c : list.value()) {
        const SlaStatus sla = slaStatus(c, now);
        if (sla.state == SlaState::Done)
            continue;
        ++open;
        PriorityRow &row = rows[qMax(0, int(cases::priorities().indexOf(c.priority)))];
        ++row.open;
        row.unassigned += c.assignee.isEmpty() ? 1 : 0;
        row.dueSoon += sla.state == SlaState::DueSoon ? 1 : 0;
        row.breached += sla.state == SlaState::Breached ? 1 : 0;
        breached += sla.state == SlaState::Breached ? 1 : 0;
        if (sla.state == SlaState::Breached || sla.state == SlaState::DueSoon)
            attention.append(c);
    }
    std::reverse(rows.begin(), rows.end()); // urgent first
    std::sort(attention.begin(), attention.end(), [](const CaseRecord &a, const CaseRecord &b) { return slaDue(a) < slaDue(b); });
    m_summary->setRecords(rows);
    m_attention->setRecords(attention);
    m_headline->setText(tr("<span style='font-size:large'><b>%n open case(s)</b></span>", nullptr, open)
                        + tr(" — %n past the resolution target.", nullptr, breached));
}

} // namespace rd::ui
