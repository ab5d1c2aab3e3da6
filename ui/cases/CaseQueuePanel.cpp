#include "cases/CaseQueuePanel.h"

#include "common/ErrorText.h"
#include "cases/CaseService.h"
#include "common/Format.h"
#include "common/RecordTableModel.h"
#include "common/ViewState.h"

#include <QComboBox>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace rd::ui {

using cases::CaseRecord;

namespace {

int priorityRank(const QString &priority)
{
    return int(cases::priorities().indexOf(priority));
}

std::vector<Column<CaseRecord>> queueColumns(const Clock &clock)
{
    auto sla = [&clock](const CaseRecord &c) { return slaStatus(c, clock.nowMs()); };
    return {
        {QObject::tr("Case"), [](const CaseRecord &c) { return c.id; }},
        {QObject::tr("SLA"), [sla](const CaseRecord &c) { return sla(c).text; },
         [sla](const CaseRecord &c) { return sla(c).icon; },
         [](const CaseRecord &c) { return slaDue(c); },
         [](const CaseRecord &c) { return QObject::tr("Resolution due %1 UTC").arg(formatTime(c.resolutionDue)); }},
        {QObject::tr("Priority"), [](const CaseRecord &c) { return humanize(c.priority); }, {},
         [](const CaseRecord &c) { return priorityRank(c.priority); }},
        {QObject::tr("State"), [](const CaseRecord &c) { return humanize(c.state); }},
        {QObject::tr("Account"), [](const CaseRecord &c) { return c.accountId; }},
        {QObject::tr("Assignee"), [](const CaseRecord &c) { return c.assignee.isEmpty() ? QObject::tr("Unassigned") : c.assignee; }},
        {QObject::tr("Summary"), [](const CaseRecord &c) { return c.summary; }, {}, {},
         [](const CaseRecord &c) { return c.summary; }},
    };
}

} // namespace

CaseQueuePanel::CaseQueuePanel(const AppContext &context, QWidget *parent)
    : QWidget(parent), m_context(context), m_view(new QComboBox(this)), m_search(new QLineEdit(this)),
      m_table(new QTableView(this)), m_count(new QLabel(this)),
      m_model(new RecordTableModel<CaseRecord>(queueColumns(*context.clock), this)), m_proxy(new QSortFilterProxyModel(this)),
      m_searchDelay(new QTimer(this))
{
    setObjectName(QStringLiteral("caseQueue"));
    m_view->setObjectName(QStringLiteral("queueFilter"));
    m_view->setAccessibleName(tr("Queue filter"));
    m_view->addItem(tr("All open cases"), int(View::Open));
    m_view->addItem(tr("Assigned to me"), int(View::Mine));
    m_view->addItem(tr("Unassigned"), int(View::Unassigned));
    m_view->addItem(tr("Pending approval"), int(View::PendingApproval));
    m_view->addItem(tr("SLA breaching"), int(View::SlaBreaching));
    m_view->addItem(tr("All cases, including closed"), int(View::All));
    m_search->setObjectName(QStringLiteral("queueSearch"));
    m_search->setAccessibleName(tr("Search cases and notes"));
    m_search->setPlaceholderText(tr("Search cases and notes (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(250);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RecordTableModel<CaseRecord>::SortRole);
    m_table->setObjectName(QStringLiteral("queueTable"));
    m_table->setAccessibleName(tr("Cases"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(1, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    const int widths[] = {80, 175, 70, 150, 100, 90};
    for (int c = 0; c < 6; ++c)
        m_table->setColumnWidth(c, widths[c]);
    persistHeader(m_table, QStringLiteral("caseQueue"));
    m_count->setObjectName(QStringLiteral("queueCount"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 0, 6);
    layout->addWidget(m_view);
    layout->addWidget(m_search);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_count);

    connect(m_view, &QComboBox::currentIndexChanged, this, &CaseQueuePanel::reload);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, &CaseQueuePanel::reload); // Enter searches at once
    connect(m_searchDelay, &QTimer::timeout, this, &CaseQueuePanel::reload);
    // Opening a case is an audited view, so only a person opens one: a click, or Enter on the
    // highlighted row. Tabbing into the queue or arrowing through it only moves the highlight.
    connect(m_table, &QTableView::activated, this, &CaseQueuePanel::activateCurrent);
    if (!m_table->style()->styleHint(QStyle::SH_ItemView_ActivateItemOnSingleClick, nullptr, m_table))
        connect(m_table, &QTableView::clicked, this, &CaseQueuePanel::activateCurrent); // else activated covers clicks: one view
    // Reaching the end of what was read reads the next page (keyset, never OFFSET).
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        if (value >= m_table->verticalScrollBar()->maximum() - 2)
            loadMore();
    });
    reload();
}

namespace {

cases::QueueView queueView(CaseQueuePanel::View view)
{
    switch (view) {
    case CaseQueuePanel::View::Open:
        return cases::QueueView::Open;
    case CaseQueuePanel::View::Mine:
        return cases::QueueView::Mine;
    case CaseQueuePanel::View::Unassigned:
        return cases::QueueView::Unassigned;
    case CaseQueuePanel::View::PendingApproval:
        return cases::QueueView::PendingApproval;
    case CaseQueuePanel::View::SlaBreaching:
        return cases::QueueView::SlaBreaching;
    case CaseQueuePanel::View::All:
        break;
    }
    return cases::QueueView::All;
}

} // namespace

cases::CaseFilter CaseQueuePanel::filter(const QString &search, int limit) const
{
    cases::CaseFilter f;
    f.search = search;
    f.view = queueView(View(m_view->currentData().toInt()));
    // The most urgent first, whatever the queue's size; all cases, closed ones included, newest
    // first (a closed case's SLA is long past and not urgent).
    f.order = f.view == cases::QueueView::All ? cases::QueueOrder::Newest : cases::QueueOrder::SlaDue;
    f.limit = limit;
    return f;
}

void CaseQueuePanel::reload()
{
    m_searchDelay->stop();
    load(m_search->text().trimmed(), false);
}

void CaseQueuePanel::followChanges()
{
    m_load.afterPending([this] { load(m_shownSearch, true); });
}

void CaseQueuePanel::load(const QString &search, bool keepRows)
{
    // A refresh (a change, a teammate's too) reads as many rows as are shown, so nobody's place
    // is lost; another view or search starts with one page.
    m_loadingMore = false; // a page on its way is superseded by this read
    const int limit = keepRows ? std::clamp(int(m_model->rowCount()), kPageSize, kMaxRows) : kPageSize;
    const cases::CaseFilter f = filter(search, limit);
    const AppContext context = m_context;
    // A search typed meanwhile supersedes this one: its answer is dropped.
    m_load.read<Result<cases::CasePage>>(
        [context, f] { return cases::CaseService(*context.database, *context.keys, *context.clock).page(context.session, f, true); },
        [this, search](const Result<cases::CasePage> &page) { showCases(page, search, false); });
}

void CaseQueuePanel::loadMore()
{
    // Not while a page is being shown (the scroll bar moves then), nor past the end or the cap.
    if (m_showing || m_loadingMore || m_load.busy() || m_last.num == 0 || m_model->rowCount() >= m_total
        || m_model->rowCount() >= kMaxRows)
        return;
    m_loadingMore = true;
    cases::CaseFilter f = filter(m_shownSearch, kPageSize);
    f.after = m_last; // keyset: the page after the last case read, in the database's order
    const AppContext context = m_context;
    m_load.read<Result<cases::CasePage>>(
        [context, f] { return cases::CaseService(*context.database, *context.keys, *context.clock).page(context.session, f, false); },
        [this, search = m_shownSearch](const Result<cases::CasePage> &page) { showCases(page, search, true); });
}

void CaseQueuePanel::reloadAndSelect(const QString &caseId)
{
    reload();
    m_selectAfterLoad = caseId;
}

void CaseQueuePanel::showCases(const Result<cases::CasePage> &page, const QString &search, bool more)
{
    m_loadingMore = false;
    if (!page) {
        m_selectAfterLoad.clear();
        m_count->setText(errorText(page.error()));
        emit statusMessage(errorText(page.error()));
        return;
    }
    QList<CaseRecord> shown = more ? m_model->records() : QList<CaseRecord>{};
    shown += page->rows;
    // Everything the next page depends on is settled before the rows go in: putting them in
    // moves the scroll bar, which may ask for the next page at once.
    if (!page->rows.isEmpty())
        m_last = page->rows.last();
    else if (!more)
        m_last = {};
    if (!more)
        m_total = page->total;
    if (more && page->rows.size() < kPageSize) // a short page is the end, whatever the count said
        m_total = shown.size();
    m_shownSearch = search;
    // The table sorts what it holds; while the database holds more, only its order is true.
    const bool complete = shown.size() >= m_total;
    if (complete != m_table->isSortingEnabled()) {
        if (!complete)
            m_proxy->sort(-1);
        m_table->horizontalHeader()->setSortIndicatorShown(complete);
        m_table->setSortingEnabled(complete);
    }
    m_showing = true;
    const QSignalBlocker blocker(m_table->selectionModel());
    if (const QString wanted = std::exchange(m_selectAfterLoad, QString()); !wanted.isEmpty()) {
        m_model->setRecords(shown);
        select(wanted);
    } else {
        // A reload (the agent's own change, a teammate's, a search) keeps the agent's place.
        keepPlace(m_table, ListEnd::Stay, [&] { m_model->setRecords(shown); });
    }
    m_showing = false;
    const int n = int(std::min<qint64>(m_total, std::numeric_limits<int>::max()));
    QString text = search.isEmpty() ? tr("%n case(s)", nullptr, n) : tr("%n case(s) match \"%1\"", nullptr, n).arg(search);
    if (shown.size() < m_total) {
        const bool newest = filter(search, 1).order == cases::QueueOrder::Newest;
        if (shown.size() >= kMaxRows)
            text += QLatin1Char(' ') + tr("(%1 shown; narrow the view or search for the rest)").arg(shown.size());
        else if (newest)
            text += QLatin1Char(' ') + tr("(the newest %1 shown; scroll for more)").arg(shown.size());
        else
            text += QLatin1Char(' ') + tr("(the %1 most urgent shown; scroll for more)").arg(shown.size());
    }
    m_count->setText(text);
}

void CaseQueuePanel::select(const QString &caseId)
{
    const QSignalBlocker blocker(m_table->selectionModel());
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        if (m_proxy->index(row, 0).data().toString() == caseId) {
            m_table->setCurrentIndex(m_proxy->index(row, 0));
            m_table->scrollTo(m_proxy->index(row, 0));
            return;
        }
    }
}

void CaseQueuePanel::focusSearch()
{
    m_search->setFocus();
    m_search->selectAll();
}

void CaseQueuePanel::activateCurrent()
{
    m_selectAfterLoad.clear(); // the agent picked a case: the highlight follows them
    const QModelIndex index = m_table->currentIndex();
    if (index.isValid())
        emit caseActivated(m_proxy->index(index.row(), 0).data().toString());
}

} // namespace rd::ui
