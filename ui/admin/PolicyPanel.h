#pragma once

#include "AppContext.h"
#include "common/Background.h"
#include "policy/PolicyService.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace rd::ui {

template <typename T>
class RecordTableModel;

// The policy values behind the diagnostics and verification; admins change one at a time
// (each change is audited).
class PolicyPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PolicyPanel)
public:
    explicit PolicyPanel(const AppContext &context, QWidget *parent = nullptr);

    RecordTableModel<policy::PolicyValue> *model() const { return m_model; }

public slots:
    void reload();

private:
    void apply();

    const AppContext &m_context;
    QTableView *m_table;
    QLabel *m_key;
    QString m_currentKey;
    QLineEdit *m_value;
    QPushButton *m_apply;
    QLabel *m_message;
    QLabel *m_unit;
    RecordTableModel<policy::PolicyValue> *m_model;
    AsyncLane m_load{this};
    AsyncLane m_action{this};
};

} // namespace rd::ui
