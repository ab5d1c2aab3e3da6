#pragma once

#include "AppContext.h"
#include "common/Background.h"
#include "model/AccountTypes.h"

#include <QWidget>

class QLabel;
class QTableView;

namespace rd::ui {

template <typename T>
class RecordTableModel;

// Platform incidents as imported (outages, replication lag, generation faults, SMS outages):
// the windows the diagnostics hold a rejected code against.
class IncidentsPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IncidentsPanel)
public:
    explicit IncidentsPanel(const AppContext &context, QWidget *parent = nullptr);

    RecordTableModel<accounts::Incident> *model() const { return m_model; }

public slots:
    void reload();

protected:
    void showEvent(QShowEvent *event) override;

private:
    const AppContext &m_context;
    QLabel *m_note;
    QTableView *m_table;
    RecordTableModel<accounts::Incident> *m_model;
    AsyncLane m_load{this};
};

} // namespace rd::ui
