#pragma once

#include "model/AccountTypes.h"

#include <QTextBrowser>

namespace rd::ui {

// Read-only summary of one account: profile with masked contacts, ledger, devices, attempts.
class AccountProfileView final : public QTextBrowser {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AccountProfileView)
public:
    explicit AccountProfileView(QWidget *parent = nullptr);

    void showProfile(const accounts::AccountProfile &profile);
    void showMessage(const QString &message);
};

} // namespace rd::ui
