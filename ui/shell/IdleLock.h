#pragma once

#include <QObject>

class QTimer;

namespace rd::ui {

// Locks the session after a quiet period: any key, click, wheel or pointer movement in the
// application restarts the count. The timeout comes from the settings
// ("security/idleLockMinutes", default 10) and may be set directly (tests).
class IdleLock final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IdleLock)
public:
    static constexpr int kDefaultMinutes = 10;
    static constexpr int kMaxMinutes = 30;

    explicit IdleLock(QObject *parent = nullptr);
    ~IdleLock() override;

    void setTimeout(int ms);
    int timeout() const;
    // While suspended (the lock screen is up) activity does not count.
    void setSuspended(bool suspended);

signals:
    void idle();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QTimer *m_timer;
    bool m_suspended = false;
};

} // namespace rd::ui
