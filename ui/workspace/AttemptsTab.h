#pragma once

#include "workspace/CaseTab.h"

class QComboBox;
class QLabel;
class QTableView;

namespace rd::ui {

class AttemptsChart;
template <typename T>
class PagedTableModel;

// Every login attempt of the account, however many: a filterable table read page by page
// on a database thread, and a chart of attempts per day.
class AttemptsTab final : public CaseTab {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AttemptsTab)
public:
    AttemptsTab(const AppContext &context, QWidget *parent = nullptr);

    void setAccount(const accounts::AccountProfile &profile) override;
    void followAccount() override;
    // Shows all attempts of an account (the workspace calls this through setAccount).
    void showAccount(const QString &accountId);
    PagedTableModel<accounts::AttemptSummary> *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    AttemptsChart *chart() const { return m_chart; }

private:
    void applyFilter();
    void loadChart();

    QString m_accountId;
    bool m_chartPending = false;
    qint64 m_shownTotal = -1; // the count the chart was drawn for
    QComboBox *m_method;
    QComboBox *m_outcome;
    QLabel *m_count;
    QTableView *m_table;
    PagedTableModel<accounts::AttemptSummary> *m_model;
    AttemptsChart *m_chart;
};

} // namespace rd::ui
