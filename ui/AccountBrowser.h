#pragma once

#include "AppContext.h"
#include "common/Background.h"

#include <QWidget>

class QLineEdit;
class QTableView;
class QLabel;
class QSortFilterProxyModel;

namespace rd::ui {

class AccountListModel;
class AccountProfileView;

// Account search and list on the left, the selected account's profile on the right.
class AccountBrowser final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AccountBrowser)
public:
    explicit AccountBrowser(const AppContext &context, QWidget *parent = nullptr);

    void focusSearch();
    AccountListModel *model() const { return m_model; }

public slots:
    void reload();

signals:
    void statusMessage(const QString &message);
    void openCaseRequested(const QString &accountId);

private:
    void showSelected();

    const AppContext &m_context;
    QLineEdit *m_search;
    QTableView *m_table;
    QLabel *m_count;
    AccountListModel *m_model;
    QSortFilterProxyModel *m_proxy;
    AccountProfileView *m_profile;
    AsyncLane m_listing{this};
    AsyncLane m_profileLoad{this};
};

} // namespace rd::ui
