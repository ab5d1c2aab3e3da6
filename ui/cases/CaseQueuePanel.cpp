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
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

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
    connect(m_table, &QTableView::activated, this, &CaseQueuePanel::activateCurrent);
    // Arrowing through the queue opens the case once the agent pauses (opening one is an audited
    // view); a click or Enter opens it at once.
    auto *openDelay = new QTimer(this);
    openDelay->setSingleShot(true);
    openDelay->setInterval(350);
    connect(openDelay, &QTimer::timeout, this, &CaseQueuePanel::activateCurrent);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, openDelay, qOverload<>(&QTimer::start));
    connect(m_table, &QTableView::clicked, this, [this, openDelay] {
        openDelay->stop();
        activateCurrent();
    });
    reload();
}

bool CaseQueuePanel::keep(const CaseRecord &c, qint64 now) const
{
    const bool finished = c.state == cases::state::Resolved || c.state == cases::state::Closed;
    switch (View(m_view->currentData().toInt())) {
    case View::Open:
        return !finished;
    case View::Mine:
        return !finished && c.assignee == m_context.session.username;
    case View::Unassigned:
        return !finished && c.assignee.isEmpty();
    case View::PendingApproval:
        return c.state == cases::state::PendingApproval;
    case View::SlaBreaching:
        return slaStatus(c, now).state == SlaState::Breached;
    case View::All:
        return true;
    }
    return true;
}

void CaseQueuePanel::reload()
{
    m_searchDelay->stop();
    load(m_search->text().trimmed());
}

void CaseQueuePanel::followChanges()
{
    m_load.afterPending([this] { load(m_shownSearch); });
}

void CaseQueuePanel::load(const QString &search)
{
    cases::CaseFilter filter;
    filter.search = search;
    filter.limit = 5000;
    const AppContext context = m_context;
    // A search typed meanwhile supersedes this one: its answer is dropped.
    m_load.read<Result<QList<CaseRecord>>>(
        [context, filter] { return cases::CaseService(*context.database, *context.keys, *context.clock).list(context.session, filter); },
        [this, search = filter.search](const Result<QList<CaseRecord>> &list) {
            showCases(list, search);
        });
}

void CaseQueuePanel::reloadAndSelect(const QString &caseId)
{
    reload();
    m_selectAfterLoad = caseId;
}

void CaseQueuePanel::showCases(const Result<QList<CaseRecord>> &list, const QString &search)
{
    if (!list) {
        m_selectAfterLoad.clear();
        m_count->setText(errorText(list.error()));
        emit statusMessage(errorText(list.error()));
        return;
    }
    const qint64 now = m_context.clock->nowMs();
    QList<CaseRecord> shown;
    for (const CaseRecord &c : list.value())
        if (keep(c, now))
            shown.append(c);
    const QSignalBlocker blocker(m_table->selectionModel());
    if (const QString wanted = std::exchange(m_selectAfterLoad, QString()); !wanted.isEmpty()) {
        m_model->setRecords(shown);
        select(wanted);
    } else {
        // A reload (the agent's own change, a teammate's, a search) keeps the agent's place.
        keepPlace(m_table, ListEnd::Stay, [&] { m_model->setRecords(shown); });
    }
    m_shownSearch = search;
    m_count->setText(search.isEmpty() ? tr("%n case(s)", nullptr, int(shown.size()))
                                      : tr("%n case(s) match \"%1\"", nullptr, int(shown.size())).arg(search));
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
