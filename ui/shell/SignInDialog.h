#pragma once

#include "model/Role.h"

#include <QDialog>

class QLineEdit;
class QLabel;
class QPushButton;
class QTimer;

namespace rd {
class Clock;
}
namespace rd::crypto {
class KeyStore;
}
namespace rd::storage {
class Database;
}

namespace rd::ui {

// Operator sign-in. Accepts only when core's OperatorService accepts the password.
class SignInDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignInDialog)
public:
    SignInDialog(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock, QWidget *parent = nullptr);

    const auth::Session &session() const { return m_session; }

signals:
    // "Team database…": the operator wants to connect to another database first.
    void connectRequested();

private:
    void trySignIn();
    void setBusy(bool busy);
    void askForOwnPassword(const QString &why);
    void leaveOwnPassword();
    bool choosingOwnPassword() const;

    storage::Database &m_database;
    const crypto::KeyStore &m_keys;
    const Clock &m_clock;
    QLineEdit *m_username;
    QLineEdit *m_password;
    // Shown when the password was chosen by someone else: the operator chooses their own.
    QLineEdit *m_newPassword;
    QLineEdit *m_repeatPassword;
    QString m_checkedPassword; // while the operator chooses their own: the one just checked
    QTimer *m_forget = nullptr; // forgets m_checkedPassword after kForgetAfterMs
    static constexpr int kForgetAfterMs = 2 * 60 * 1000;
    QLabel *m_error;
    QPushButton *m_signIn;
    auth::Session m_session;
};

} // namespace rd::ui
