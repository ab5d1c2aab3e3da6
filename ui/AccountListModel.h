#pragma once

#include "model/AccountTypes.h"

#include <QAbstractTableModel>
#include <QList>

namespace rd::ui {

// The account list: one row per account summary (value structs from core).
class AccountListModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AccountListModel)
public:
    enum Column { Id, Handle, Name, Status, TwoFactor, CodeSets, UnusedCodes, LastAttempt, ColumnCount };
    static constexpr int IdRole = Qt::UserRole + 1;

    explicit AccountListModel(QObject *parent = nullptr);

    void setAccounts(QList<accounts::AccountSummary> accounts);
    const accounts::AccountSummary *accountAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<accounts::AccountSummary> m_accounts;
};

} // namespace rd::ui
