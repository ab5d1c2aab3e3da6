#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QString>
#include <QVariant>

#include <functional>
#include <vector>

namespace rd::ui {

// One column of a RecordTableModel: a header and what a record shows in it.
template <typename T>
struct Column {
    using Fn = std::function<QVariant(const T &)>;
    Column(QString header_, Fn display_, Fn decoration_ = {}, Fn sortKey_ = {}, Fn toolTip_ = {})
        : header(std::move(header_)), display(std::move(display_)), decoration(std::move(decoration_)),
          sortKey(std::move(sortKey_)), toolTip(std::move(toolTip_))
    {
    }
    QString header;
    Fn display;
    Fn decoration; // an icon, e.g. a verdict
    Fn sortKey;    // raw value for sorting; display when unset
    Fn toolTip;
};

// A read-only table over a list of value structs from core (STYLE.md: QAbstractTableModel
// over plain values, sorted and filtered by a QSortFilterProxyModel on top).
template <typename T>
class RecordTableModel final : public QAbstractTableModel {
public:
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit RecordTableModel(std::vector<Column<T>> columns, QObject *parent = nullptr)
        : QAbstractTableModel(parent), m_columns(std::move(columns))
    {
    }

    void setRecords(QList<T> records)
    {
        beginResetModel();
        m_records = std::move(records);
        endResetModel();
    }
    const QList<T> &records() const { return m_records; }
    const T *recordAt(int row) const { return row >= 0 && row < m_records.size() ? &m_records.at(row) : nullptr; }

    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(m_records.size()); }
    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(m_columns.size()); }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override
    {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
            return {};
        const T &record = m_records.at(index.row());
        const Column<T> &column = m_columns.at(size_t(index.column()));
        switch (role) {
        case Qt::DisplayRole:
            return column.display(record);
        case Qt::DecorationRole:
            return column.decoration ? column.decoration(record) : QVariant();
        case Qt::ToolTipRole:
            return column.toolTip ? column.toolTip(record) : QVariant();
        case SortRole:
            return column.sortKey ? column.sortKey(record) : column.display(record);
        default:
            return {};
        }
    }

    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override
    {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= int(m_columns.size()))
            return {};
        return m_columns.at(size_t(section)).header;
    }

private:
    std::vector<Column<T>> m_columns;
    QList<T> m_records;
};

} // namespace rd::ui
