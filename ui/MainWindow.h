#pragma once

#include "AppContext.h"

#include <QMainWindow>

namespace rd::ui {

class AccountBrowser;

// Composes the panels; knows nothing about the database itself.
class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    explicit MainWindow(AppContext context, QWidget *parent = nullptr);

    AccountBrowser *accountBrowser() const { return m_accounts; }

private:
    void createActions();

    AppContext m_context;
    AccountBrowser *m_accounts = nullptr;
};

} // namespace rd::ui
