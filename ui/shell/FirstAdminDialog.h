#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;

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

// First run: a database without operators asks for its first admin (password twice).
class FirstAdminDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FirstAdminDialog)
public:
    FirstAdminDialog(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock, QWidget *parent = nullptr);

    QString username() const;

private:
    void create();

    storage::Database &m_database;
    const crypto::KeyStore &m_keys;
    const Clock &m_clock;
    QLineEdit *m_username;
    QLineEdit *m_displayName;
    QLineEdit *m_password;
    QLineEdit *m_confirm;
    QLabel *m_error;
    bool m_busy = false;
};

} // namespace rd::ui
