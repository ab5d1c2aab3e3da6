#pragma once

#include "AppContext.h"
#include "cases/Outbox.h"
#include "common/Background.h"

#include <QWidget>

class QLabel;

namespace rd::ui {

// The platform's delivery public key: new backup codes from a reset are sealed to it and
// only the platform can open them. Shows whether one is installed and installs a new one.
class DeliveryKeyPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeliveryKeyPanel)
public:
    explicit DeliveryKeyPanel(const AppContext &context, QWidget *parent = nullptr);

public slots:
    void reload();
    void install();

private:
    void showKey(const Result<cases::DeliveryKeyInfo> &key);

    const AppContext &m_context;
    QLabel *m_state;
    QLabel *m_message;
    AsyncLane m_load{this};
    AsyncLane m_action{this};
};

} // namespace rd::ui
