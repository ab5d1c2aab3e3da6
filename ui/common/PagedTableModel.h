#pragma once

#include "common/Background.h"
#include "common/ErrorText.h"
#include "common/RecordTableModel.h"
#include "common/Result.h"

#include <QHash>
#include <QSet>

namespace rd::ui {

// A table over a result that may hold millions of rows (login attempts, the audit trail):
// the row count and pages of rows are read on the database threads and cached, a bounded
// number of pages at a time (DB4S RowLoader + RowCache). A generation number drops answers
// that arrive after the source changed. Rows not yet read show an ellipsis.
template <typename T>
class PagedTableModel final : public QAbstractTableModel {
public:
    using CountFn = std::function<Result<qint64>()>;
    using PageFn = std::function<Result<QList<T>>(qint64 offset, int limit, qint64 total)>;
    static constexpr int kPageSize = 200;
    static constexpr int kMaxPages = 40;

    explicit PagedTableModel(std::vector<Column<T>> columns, QObject *parent = nullptr)
        : QAbstractTableModel(parent), m_columns(std::move(columns))
    {
    }

    // Called on the GUI thread with a storage or permission error.
    std::function<void(const QString &)> onError;
    // Called when the row count is known (and the first page requested).
    std::function<void(qint64 total)> onCounted;

    // Both functions run on the database threads; they must capture only what outlives them.
    void setSource(CountFn count, PageFn page)
    {
        beginResetModel();
        ++m_generation;
        m_total = 0;
        m_pages.clear();
        m_lru.clear();
        m_requested.clear();
        m_failed.clear();
        m_page = std::move(page);
        endResetModel();
        const quint64 generation = m_generation;
        m_counted = false;
        // The first page does not wait for the count (a COUNT over millions of rows takes a
        // while): its rows are shown at once and the rest are added when the count arrives.
        request(0);
        readCount(std::move(count), generation, false);
    }

    // The rows may have changed underneath (the live desk): the count is read again and the pages
    // held are read again in place, without a reset, so a view keeps its selection and scroll
    // position. Rows added after the last one (attempts in time order) simply appear at the end.
    void refresh(CountFn count)
    {
        ++m_generation;
        m_requested.clear();
        m_failed.clear();
        readCount(std::move(count), m_generation, true);
    }

    qint64 total() const { return m_total; }
    bool isLoaded(int row) const { return m_pages.contains(row / kPageSize); }
    bool isCounted() const { return m_counted; }
    const T *recordAt(int row) const
    {
        auto it = m_pages.constFind(row / kPageSize);
        if (it == m_pages.constEnd() || row % kPageSize >= it->size())
            return nullptr;
        return &it->at(row % kPageSize);
    }
    int cachedPages() const { return int(m_pages.size()); }

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(qMin<qint64>(m_total, std::numeric_limits<int>::max()));
    }
    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(m_columns.size()); }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override
    {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
            return {};
        const T *record = recordAt(index.row());
        if (!record) {
            const_cast<PagedTableModel *>(this)->request(index.row() / kPageSize);
            return role == Qt::DisplayRole && index.column() == 0 ? QVariant(QStringLiteral("…")) : QVariant();
        }
        const Column<T> &column = m_columns.at(size_t(index.column()));
        switch (role) {
        case Qt::DisplayRole:
            return column.display(*record);
        case Qt::DecorationRole:
            return column.decoration ? column.decoration(*record) : QVariant();
        case Qt::ToolTipRole:
            return column.toolTip ? column.toolTip(*record) : QVariant();
        default:
            return {};
        }
    }

    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override
    {
        if (role != Qt::DisplayRole)
            return {};
        if (orientation == Qt::Vertical)
            return section + 1;
        return section >= 0 && section < int(m_columns.size()) ? QVariant(m_columns.at(size_t(section)).header) : QVariant();
    }

private:
    // Reads the count on a database thread; then, with reRead, the pages held again.
    void readCount(CountFn count, quint64 generation, bool reRead)
    {
        runInBackground<Result<qint64>>(this, std::move(count), [this, generation, reRead](const Result<qint64> &total) {
            if (generation != m_generation)
                return;
            if (!total) {
                if (onError)
                    onError(errorText(total.error()));
                return;
            }
            m_counted = true;
            resize(total.value());
            if (reRead) {
                const QList<int> held = m_pages.keys();
                for (int page : held)
                    request(page, true);
            }
            if (onCounted)
                onCounted(m_total);
        });
    }

    // again: a page held already is read anew (refresh), its old rows shown until then.
    void request(int page, bool again = false)
    {
        if (m_requested.contains(page) || (m_pages.contains(page) && !again) || m_failed.contains(page) || !m_page)
            return; // a page that failed is not asked for again on every repaint, only after setSource
        m_requested.insert(page);
        const quint64 generation = m_generation;
        const qint64 offset = qint64(page) * kPageSize, total = m_counted ? m_total : -1;
        PageFn fetch = m_page;
        runInBackground<Result<QList<T>>>(
            this, [fetch, offset, total] { return fetch(offset, kPageSize, total); },
            [this, generation, page](const Result<QList<T>> &rows) {
                if (generation != m_generation)
                    return;
                m_requested.remove(page);
                if (!rows) {
                    m_failed.insert(page);
                    if (onError)
                        onError(errorText(rows.error()));
                    return;
                }
                store(page, rows.value());
            });
    }

    // Grows (or, if the data changed underneath, resets) the row count to total.
    void resize(qint64 total)
    {
        if (total > m_total) {
            beginInsertRows({}, rowCount(), int(qMin<qint64>(total, std::numeric_limits<int>::max())) - 1);
            m_total = total;
            endInsertRows();
        } else if (total < m_total) {
            beginResetModel();
            m_total = total;
            m_pages.clear();
            m_lru.clear();
            endResetModel();
        }
    }

    void store(int page, const QList<T> &rows)
    {
        if (!m_counted && page == 0)
            resize(rows.size()); // provisional until the count arrives
        m_pages.insert(page, rows);
        m_lru.removeAll(page);
        m_lru.append(page);
        while (m_lru.size() > kMaxPages)
            m_pages.remove(m_lru.takeFirst());
        const int first = page * kPageSize;
        const int last = qMin(first + int(rows.size()), rowCount()) - 1;
        if (last >= first)
            emit dataChanged(index(first, 0), index(last, columnCount() - 1));
    }

    std::vector<Column<T>> m_columns;
    PageFn m_page;
    qint64 m_total = 0;
    quint64 m_generation = 0;
    bool m_counted = false;
    QHash<int, QList<T>> m_pages;
    QList<int> m_lru;
    QSet<int> m_requested;
    QSet<int> m_failed;
};

} // namespace rd::ui
