#pragma once

#include "AppContext.h"
#include "common/Background.h"
#include "auth/OperatorService.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace rd::ui {

template <typename T>
class RecordTableModel;

// Operators and their roles: add one (a first password typed twice, never shown; the operator
// chooses their own at their first sign-in), change a role, enable or disable one. Raising
// someone to supervisor or admin waits for a second person (the grants box below).
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
    void enableSelected();
    void setRoleOfSelected();
    void updateActions();
    void updatePasswordFields();
    // The one-time password (or its first part) an operator grant gave the admin, shown once.
    void showOneTimePassword(const QString &username, const auth::GrantOutcome &outcome, bool replacesOld);
    // Runs a change of the selected operator on a database thread and reports its outcome.
    void change(const QString &username, const QString &done,
                std::function<Result<auth::GrantOutcome>(auth::OperatorService &, const auth::Session &)> call);

    const AppContext &m_context;
    QTableView *m_table;
    QLineEdit *m_username;
    QLineEdit *m_displayName;
    QComboBox *m_role;
    QLineEdit *m_password;
    QLineEdit *m_confirm;
    QPushButton *m_add;
    QPushButton *m_disable;
    QPushButton *m_enable;
    QComboBox *m_newRole;
    QPushButton *m_setRole;
    QLabel *m_message;
    class GrantsBox *m_grants = nullptr;
    RecordTableModel<auth::OperatorInfo> *m_model;
    AsyncLane m_load{this};
    AsyncLane m_adding{this};    // apart: disabling someone while an add hashes its password
    AsyncLane m_disabling{this}; // does not drop the add's answer (also enable and role changes)
};

} // namespace rd::ui
