#pragma once

#include "AppContext.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace rd::ui {

// Covers the window while the session is locked: only the signed-in operator's password
// unlocks it (checked by core, so failures count towards the operator's lockout).
class LockScreen final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LockScreen)
public:
    explicit LockScreen(const AppContext &context, QWidget *parent = nullptr);

    void prepare(); // clear and focus the password field
    // The operator was disabled, given another role or a one-time password: no unlocking, only
    // signing out (why: one sentence, said first).
    void showRevoked(const QString &why);
    bool isRevoked() const { return m_revoked; }

signals:
    void unlocked();
    void signOutRequested();

private:
    void tryUnlock();

    const AppContext &m_context;
    QLineEdit *m_password;
    QLabel *m_error;
    QPushButton *m_unlock = nullptr;
    QPushButton *m_signOut = nullptr;
    bool m_checking = false;
    bool m_revoked = false;
};

} // namespace rd::ui
