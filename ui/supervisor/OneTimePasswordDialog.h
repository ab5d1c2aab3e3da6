#pragma once

#include "common/SecretText.h"

#include <QDialog>

class QLineEdit;

namespace rd::ui {

// Shows the one-time password a confirmed supervisor or admin grant set, to the one who
// confirmed it, once. It is not copied anywhere and its field is cleared when the dialog closes.
class OneTimePasswordDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OneTimePasswordDialog)
public:
    // replacesOld: the operator had a password before (a role change, enabling them again).
    OneTimePasswordDialog(const QString &username, const SecretText &password, bool replacesOld, QWidget *parent = nullptr);
    ~OneTimePasswordDialog() override;

protected:
    void done(int result) override;

private:
    QLineEdit *m_field;
    SecretText m_password;
};

} // namespace rd::ui
