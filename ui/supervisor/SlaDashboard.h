#pragma once

#include "AppContext.h"
#include "common/Background.h"
#include "model/CaseTypes.h"

#include <QWidget>

class QLabel;
class QTableView;

namespace rd::ui {

template <typename T>
class RecordTableModel;

// Open cases against their SLA: counts per priority (open, due within the hour, breached)
// and the cases that need attention first.
class SlaDashboard final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SlaDashboard)
public:
    struct PriorityRow {
        QString priority;
        int open = 0;
        int dueSoon = 0;
        int breached = 0;
        int unassigned = 0;
    };

    explicit SlaDashboard(const AppContext &context, QWidget *parent = nullptr);

    RecordTableModel<PriorityRow> *summaryModel() const { return m_summary; }
    RecordTableModel<cases::CaseRecord> *attentionModel() const { return m_attention; }

public slots:
    void reload();

signals:
    void openCase(const QString &caseId);

protected:
    void showEvent(QShowEvent *event) override;

private:
    static constexpr int kAttentionRows = 500;
    struct Board {
        QList<cases::SlaCounts> counts;
        cases::CasePage attention;
    };
    void showBoard(const Result<Board> &board);
    const AppContext &m_context;
    QLabel *m_headline;
    QTableView *m_summaryTable;
    QTableView *m_attentionTable;
    RecordTableModel<PriorityRow> *m_summary;
    RecordTableModel<cases::CaseRecord> *m_attention;
    AsyncLane m_load{this};
};

} // namespace rd::ui
