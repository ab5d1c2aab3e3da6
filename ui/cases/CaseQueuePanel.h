#pragma once

#include "AppContext.h"
#include "common/Background.h"
#include "model/CaseTypes.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace rd::ui {

template <typename T>
class RecordTableModel;

// The case queue: filters (mine, unassigned, pending approval, SLA breaching), full-text
// search over summaries and notes, sortable columns and an SLA badge per case.
class CaseQueuePanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CaseQueuePanel)
public:
    enum class View { Open, Mine, Unassigned, PendingApproval, SlaBreaching, All };

    explicit CaseQueuePanel(const AppContext &context, QWidget *parent = nullptr);

    void focusSearch();
    void select(const QString &caseId);
    // Reloads, then selects caseId (a case just opened) instead of the row selected before.
    void reloadAndSelect(const QString &caseId);
    RecordTableModel<cases::CaseRecord> *model() const { return m_model; }

public slots:
    void reload();
    // A change was committed somewhere (the live desk): reads again with the search shown (not
    // a half-typed one), after a read on its way rather than instead of it, so a busy team
    // cannot keep the queue from ever updating.
    void followChanges();

signals:
    void caseActivated(const QString &caseId);
    void statusMessage(const QString &message);

private:
    static constexpr int kPageSize = 300;
    static constexpr int kMaxRows = 20000; // scrolling further asks for a search or a narrower view

    cases::CaseFilter filter(const QString &search, int limit) const;
    void activateCurrent();
    void load(const QString &search, bool keepRows);
    void loadMore();
    void showCases(const Result<cases::CasePage> &page, const QString &search, bool more);

    const AppContext &m_context;
    QComboBox *m_view;
    QLineEdit *m_search;
    QTableView *m_table;
    QLabel *m_count;
    RecordTableModel<cases::CaseRecord> *m_model;
    QSortFilterProxyModel *m_proxy;
    QTimer *m_searchDelay;
    AsyncLane m_load{this};
    QString m_selectAfterLoad;
    QString m_shownSearch; // the search the rows answer
    cases::CaseRecord m_last; // the last case read, in the database's order: where the next page starts
    qint64 m_total = 0;       // how many cases the view and search hold
    bool m_loadingMore = false;
    bool m_showing = false; // rows are going in: the scroll bar's moves ask for nothing
};

} // namespace rd::ui
