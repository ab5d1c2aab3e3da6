#pragma once

#include "workspace/CaseTab.h"

#include <QHash>

class QLabel;
class QTableView;

namespace rd::ui {

template <typename T>
class RecordTableModel;

// The account's backup-code ledger: sets with their state, and each code's position, state,
// use time and place. Code values are never read, let alone shown.
class LedgerTab final : public CaseTab {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LedgerTab)
public:
    LedgerTab(const AppContext &context, QWidget *parent = nullptr);

    void setAccount(const accounts::AccountProfile &profile) override;
    RecordTableModel<accounts::CodeSetSummary> *setModel() const { return m_sets; }
    RecordTableModel<accounts::CodeRow> *codeModel() const { return m_codes; }

private:
    void showCodesOf(const QString &setId);
    bool usableSet(const QString &setId) const;
    QString codeStateText(const accounts::CodeRow &c) const;

    QLabel *m_remaining;
    QTableView *m_setTable;
    QTableView *m_codeTable;
    RecordTableModel<accounts::CodeSetSummary> *m_sets;
    RecordTableModel<accounts::CodeRow> *m_codes;
    QList<accounts::CodeRow> m_allCodes;
    QHash<QString, QString> m_setStates; // set id -> active | superseded | revoked
    AsyncLane m_codesLoad{this}; // the codes of the account shown
};

} // namespace rd::ui
