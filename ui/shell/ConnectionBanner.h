#pragma once

#include <QLabel>

class QTimer;

namespace rd::ui {

// The strip over the window that says the database went away and that RecoveryDesk is
// reconnecting by itself, then that it is back. Hidden while all is well.
class ConnectionBanner final : public QLabel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionBanner)
public:
    explicit ConnectionBanner(const QString &databaseLabel, QWidget *parent = nullptr);

    bool isReconnecting() const { return m_reconnecting; }

public slots:
    void showLost(const QString &cause);
    void showRestored();

private:
    QString m_database;
    QTimer *m_hide;
    bool m_reconnecting = false;
};

} // namespace rd::ui
