#pragma once

#include "auth/DeskConnection.h"
#include "common/Background.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace rd::ui {

// File ▸ Connect to team database… (and the sign-in dialog's button): a PostgreSQL server,
// database, role, TLS and the key directory of the team (SPEC §12.1). The password is asked here
// and kept in memory only (empty: libpq's PGPASSWORD or ~/.pgpass). Connecting runs on a database
// thread with a time-out; a failure is one sentence under the fields and the dialog stays open.
// The choice (never the password) is remembered for the next start.
class ConnectDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectDialog)
public:
    // url: a postgresql:// URL to start from (the last choice), or empty.
    ConnectDialog(const QString &url, const QString &keyDir, QWidget *parent = nullptr);

    // Shows why the last attempt failed (at start-up: the remembered team database).
    void showProblem(const QString &text);
    // Connects at once with what the fields hold (start-up with a remembered team database).
    void connectNow();
    const auth::Desk &desk() const { return m_desk; }
    // The URL the fields describe (without a password); empty while a field is missing.
    QString url() const;

    static QString settingsKey() { return QStringLiteral("session/lastDatabase"); }
    static QString keyDirSettingsKey() { return QStringLiteral("session/lastKeyDir"); }

private:
    void fillFrom(const QString &url);
    bool verifies() const; // verify-full or verify-ca: the CA file is needed
    void setBusy(bool busy);
    void browseCa();
    void browseKeys();

    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_database;
    QLineEdit *m_user;
    QComboBox *m_tls;
    QLineEdit *m_caFile;
    QLineEdit *m_password;
    QLineEdit *m_keyDir;
    QLabel *m_problem;
    QPushButton *m_connect;
    QPushButton *m_cancel;
    // The URL's other libpq parameters (client certificate, time-out...), kept as they were.
    QList<QPair<QString, QString>> m_otherParameters;
    auth::Desk m_desk;
    AsyncLane m_opening{this};
};

} // namespace rd::ui
