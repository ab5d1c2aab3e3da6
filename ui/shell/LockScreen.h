#pragma once

#include "AppContext.h"

#include <QWidget>

class QLabel;
class QLineEdit;

namespace rd::ui {

// Covers the window while the session is locked: only the signed-in operator's password
// unlocks it (checked by core, so failures count towards the operator's lockout).
class LockScreen final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LockScreen)
public:
    explicit LockScreen(const AppContext &context, QWidget *parent = nullptr);

    void prepare(); // clear and focus the password field

signals:
    void unlocked();
    void signOutRequested();

private:
    void tryUnlock();

    const AppContext &m_context;
    QLineEdit *m_password;
    QLabel *m_error;
    bool m_checking = false;
};

} // namespace rd::ui
