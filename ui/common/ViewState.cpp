#include "common/ViewState.h"

#include <QHeaderView>
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

} // namespace rd::ui
