#include "admin/AdminPages.h"

#include "admin/DeliveryKeyPanel.h"
#include "admin/ImportPanel.h"
#include "admin/IncidentsPanel.h"
#include "admin/OperatorsPanel.h"
#include "admin/PolicyPanel.h"

#include <QObject>

namespace rd::ui {

void addAdminPages(const AppContext &context, QWidget *parent, const AddPage &add)
{
    add(new OperatorsPanel(context, parent), QObject::tr("Operators"), QStringLiteral("operators"));
    add(new ImportPanel(context, parent), QObject::tr("Import"), QStringLiteral("import"));
    add(new IncidentsPanel(context, parent), QObject::tr("Incidents"), QStringLiteral("incident"));
    add(new PolicyPanel(context, parent), QObject::tr("Policy"), QStringLiteral("policy"));
    add(new DeliveryKeyPanel(context, parent), QObject::tr("Delivery key"), QStringLiteral("key"));
}

} // namespace rd::ui
