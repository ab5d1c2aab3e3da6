#pragma once

#include "AppContext.h"
#include "auth/GrantService.h"
#include "common/Background.h"

#include <QGroupBox>

class QLabel;
class QPushButton;
class QTableView;

namespace rd::ui {

template <typename T>
class RecordTableModel;

// Grants waiting for a second person (supervisor or admin for an operator, a new delivery key),
// with Confirm and Decline for anyone but the one who asked, and a warning while the desk's four
// eyes rest on operators granted alone. On the approvals page (supervisors) and the operators
// page (admins).
class GrantsBox final : public QGroupBox {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GrantsBox)
public:
    explicit GrantsBox(const AppContext &context, QWidget *parent = nullptr);

    RecordTableModel<auth::PendingGrant> *model() const { return m_model; }

public slots:
    void reload();

private:
    struct Snapshot {
        Result<QList<auth::PendingGrant>> pending = QList<auth::PendingGrant>{};
        Result<QStringList> alone = QStringList{};
    };
    void show(const Snapshot &snapshot);
    void decide(bool confirm);
    void updateActions();
    const auth::PendingGrant *selected() const;

    const AppContext &m_context;
    QLabel *m_warning;
    QTableView *m_table;
    QPushButton *m_confirm;
    QPushButton *m_decline;
    QLabel *m_message;
    RecordTableModel<auth::PendingGrant> *m_model;
    AsyncLane m_load{this};
    AsyncLane m_decision{this};
};

} // namespace rd::ui
