#pragma once

#include "common/SecretText.h"

#include <QDialog>

class QLabel;

namespace rd::ui {

// Shows a one-time password, or the part of one that this person holds, once: to the admin who
// asked for a supervisor or admin grant (the first part, or the whole on a desk with no second
// person) and to whoever confirms it (the second part). It can be read, not copied, and its
// text is cleared when the dialog closes.
class OneTimePasswordDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OneTimePasswordDialog)
public:
    enum class Part { Whole, First, Second };
    // replacesOld: the operator had a password before (a role change, enabling them again).
    OneTimePasswordDialog(const QString &username, const SecretText &password, Part part, bool replacesOld,
                          QWidget *parent = nullptr);
    ~OneTimePasswordDialog() override;

protected:
    void done(int result) override;

private:
    QLabel *m_field;
    SecretText m_password;
};

} // namespace rd::ui
