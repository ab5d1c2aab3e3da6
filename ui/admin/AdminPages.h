#pragma once

#include "AppContext.h"

#include <functional>

class QWidget;

namespace rd::ui {

// The admin's pages: operators, import, incidents, policy, delivery key.
using AddPage = std::function<void(QWidget *page, const QString &title, const QString &iconName)>;
void addAdminPages(const AppContext &context, QWidget *parent, const AddPage &add);

} // namespace rd::ui
