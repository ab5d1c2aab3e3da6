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
    // Counted by the database, and only the cases that need attention read: the same at any
    // size of desk (issue 14), on a database thread.
    m_load.read<Result<Board>>(
        [context]() -> Result<Board> {
            cases::CaseService service(*context.database, *context.keys, *context.clock);
            auto counts = service.slaCounts(context.session);
            if (!counts)
                return counts.error();
            cases::CaseFilter filter;
            filter.view = cases::QueueView::NeedsAttention;
            filter.order = cases::QueueOrder::SlaDue;
            filter.limit = kAttentionRows;
            auto attention = service.page(context.session, filter, true);
            if (!attention)
                return attention.error();
            return Board{counts.value(), attention.value()};
        },
        [this](const Result<Board> &board) { showBoard(board); });
}

void SlaDashboard::showBoard(const Result<Board> &board)
{
    if (!board) {
        m_headline->setText(errorText(board.error()));
        return;
    }
    QList<PriorityRow> rows;
    qint64 open = 0, breached = 0;
    for (const cases::SlaCounts &c : board->counts) {
        PriorityRow row;
        row.priority = c.priority;
        row.open = int(c.open);
        row.unassigned = int(c.unassigned);
        row.dueSoon = int(c.dueSoon);
        row.breached = int(c.breached);
        rows.append(row);
        open += c.open;
        breached += c.breached;
    }
    m_summary->setRecords(rows);
    m_attention->setRecords(board->attention.rows);
    QString headline = tr("<span style='font-size:large'><b>%n open case(s)</b></span>", nullptr, int(open))
                       + tr(" — %n past the resolution target.", nullptr, int(breached));
    if (board->attention.total > board->attention.rows.size())
        headline += QLatin1Char(' ') + tr("The %1 most urgent of the %2 needing attention are listed.")
                                           .arg(board->attention.rows.size())
                                           .arg(board->attention.total);
    m_headline->setText(headline);
}

} // namespace rd::ui
