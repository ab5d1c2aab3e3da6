#pragma once

#include "AppContext.h"
#include "model/AuditEntry.h"
#include "model/AuditEntry.h"

#include <QWidget>

class QDateTimeEdit;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace rd::ui {

template <typename T>
class PagedTableModel;

// The supervisors' audit trail: filters, the entries paged from the database, verification
// of the whole chain with progress and cancel, and a signed export.
class AuditTrailPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditTrailPanel)
public:
    explicit AuditTrailPanel(const AppContext &context, QWidget *parent = nullptr);

    PagedTableModel<audit::AuditEntry> *model() const { return m_model; }

public slots:
    void reload();
    void verify();
    void exportTrail();

private:
    void setBusy(bool busy);
    audit::AuditFilter currentFilter() const;

    const AppContext &m_context;
    QCheckBox *m_useFrom;
    QDateTimeEdit *m_from;
    QCheckBox *m_useTo;
    QDateTimeEdit *m_to;
    QLineEdit *m_operator;
    QLineEdit *m_action;
    QLineEdit *m_subject;
    QLabel *m_count;
    QTableView *m_table;
    QPushButton *m_verify;
    QPushButton *m_export;
    QLabel *m_result;
    PagedTableModel<audit::AuditEntry> *m_model;
};

} // namespace rd::ui
