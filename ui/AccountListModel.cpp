#include "AccountListModel.h"

#include <QDateTime>

namespace rd::ui {

AccountListModel::AccountListModel(QObject *parent) : QAbstractTableModel(parent) {}

void AccountListModel::setAccounts(QList<accounts::AccountSummary> accounts)
{
    beginResetModel();
    m_accounts = std::move(accounts);
    endResetModel();
}

const accounts::AccountSummary *AccountListModel::accountAt(int row) const
{
    return row >= 0 && row < m_accounts.size() ? &m_accounts[row] : nullptr;
}

int AccountListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_accounts.size());
}

int AccountListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AccountListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const accounts::AccountSummary &a = m_accounts[index.row()];
    if (role == IdRole)
        return a.id;
    if (role == Qt::TextAlignmentRole && (index.column() == CodeSets || index.column() == UnusedCodes))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (Column(index.column())) {
    case Id:
        return a.id;
    case Handle:
        return a.handle;
    case Name:
        return a.displayName;
    case Status:
        return a.status;
    case TwoFactor:
        return a.twoFactorEnabled ? tr("on (%1)").arg(a.twoFactorMethod) : tr("off");
    case CodeSets:
        return a.codeSets;
    case UnusedCodes:
        return a.unusedActiveCodes;
    case LastAttempt:
        return a.lastAttemptAt ? QDateTime::fromMSecsSinceEpoch(*a.lastAttemptAt, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"))
                               : QString();
    case ColumnCount:
        break;
    }
    return {};
}

QVariant AccountListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Id:
        return tr("Account");
    case Handle:
        return tr("Handle");
    case Name:
        return tr("Name");
    case Status:
        return tr("Status");
    case TwoFactor:
        return tr("Two-factor");
    case CodeSets:
        return tr("Code sets");
    case UnusedCodes:
        return tr("Unused codes");
    case LastAttempt:
        return tr("Last sign-in attempt");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace rd::ui
