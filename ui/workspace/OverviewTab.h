#pragma once

#include "workspace/CaseTab.h"

class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace rd::ui {

template <typename T>
class RecordTableModel;
class AnswerCard;

// The case at a glance and the merged timeline of the account's platform events and the
// case's own actions.
class OverviewTab final : public CaseTab {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverviewTab)
public:
    OverviewTab(const AppContext &context, QWidget *parent = nullptr);

    void setCase(const cases::CaseDetails &details) override;
    RecordTableModel<cases::TimelineItem> *model() const { return m_model; }

private:
    AnswerCard *m_answer;
    QLabel *m_facts;
    QTableView *m_table;
    RecordTableModel<cases::TimelineItem> *m_model;
    QSortFilterProxyModel *m_proxy;
};

} // namespace rd::ui
