#pragma once

#include "AppContext.h"
#include "common/Background.h"
#include "auth/OperatorService.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace rd::ui {

template <typename T>
class RecordTableModel;

// Operators and their roles: add one (password typed twice, never shown), disable one.
class OperatorsPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OperatorsPanel)
public:
    explicit OperatorsPanel(const AppContext &context, QWidget *parent = nullptr);

    RecordTableModel<auth::OperatorInfo> *model() const { return m_model; }

public slots:
    void reload();

private:
    void add();
    void disableSelected();

    const AppContext &m_context;
    QTableView *m_table;
    QLineEdit *m_username;
    QLineEdit *m_displayName;
    QComboBox *m_role;
    QLineEdit *m_password;
    QLineEdit *m_confirm;
    QPushButton *m_add;
    QPushButton *m_disable;
    QLabel *m_message;
    class GrantsBox *m_grants = nullptr;
    RecordTableModel<auth::OperatorInfo> *m_model;
    AsyncLane m_load{this};
    AsyncLane m_adding{this};    // apart: disabling someone while an add hashes its password
    AsyncLane m_disabling{this}; // does not drop the add's answer
};

} // namespace rd::ui
