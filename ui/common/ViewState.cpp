#include "common/ViewState.h"

#include <QAbstractItemView>
#include <QHeaderView>
#include <QScrollBar>
#include <QSettings>
#include <QTableView>

namespace rd::ui {

void persistHeader(QTableView *view, const QString &key)
{
    QHeaderView *header = view->horizontalHeader();
    const QString settingsKey = QStringLiteral("columns/") + key;
    header->restoreState(QSettings().value(settingsKey).toByteArray());
    auto save = [header, settingsKey] { QSettings().setValue(settingsKey, header->saveState()); };
    QObject::connect(header, &QHeaderView::sectionResized, header, save);
    QObject::connect(header, &QHeaderView::sectionMoved, header, save);
    QObject::connect(header, &QHeaderView::sortIndicatorChanged, header, save);
}

void setUpReadOnlyTable(QTableView *view, const QString &objectName, const QString &accessibleName)
{
    view->setObjectName(objectName);
    view->setAccessibleName(accessibleName);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setWordWrap(false);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setHighlightSections(false);
}

void keepPlace(QAbstractItemView *view, ListEnd end, const std::function<void()> &reload)
{
    QScrollBar *bar = view->verticalScrollBar();
    const int scrolled = bar->value();
    const bool atEnd = scrolled >= bar->maximum();
    const QModelIndex current = view->currentIndex();
    const QVariant key = current.isValid() ? current.siblingAtColumn(0).data() : QVariant();
    reload();
    QAbstractItemModel *model = view->model();
    if (key.isValid() && model) {
        for (int row = 0; row < model->rowCount(); ++row) {
            const QModelIndex index = model->index(row, 0);
            if (index.data() == key) {
                view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
                break;
            }
        }
    }
    view->doItemsLayout(); // the scroll range of the new rows, before the position is set
    if (end == ListEnd::Follow && atEnd)
        view->scrollToBottom();
    else
        bar->setValue(scrolled);
}

} // namespace rd::ui
