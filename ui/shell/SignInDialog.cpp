#include "shell/SignInDialog.h"

#include "common/ErrorText.h"
#include "auth/OperatorService.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace rd::ui {

SignInDialog::SignInDialog(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock, QWidget *parent)
    : QDialog(parent), m_database(database), m_keys(keys), m_clock(clock), m_username(new QLineEdit(this)),
      m_password(new QLineEdit(this)), m_error(new QLabel(this)), m_signIn(nullptr)
{
    setObjectName(QStringLiteral("signInDialog"));
    setWindowTitle(tr("Sign in — RecoveryDesk"));
    m_username->setObjectName(QStringLiteral("signInUsername"));
    m_username->setAccessibleName(tr("Username"));
    m_password->setObjectName(QStringLiteral("signInPassword"));
    m_password->setAccessibleName(tr("Password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_error->setObjectName(QStringLiteral("signInError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: palette(highlight)"));
    m_error->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("&Username"), m_username);
    form->addRow(tr("&Password"), m_password);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_signIn = buttons->button(QDialogButtonBox::Ok);
    m_signIn->setText(tr("Sign in"));
    m_signIn->setObjectName(QStringLiteral("signInButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &SignInDialog::trySignIn);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(tr("<b>RecoveryDesk</b><br>Sign in with your operator account."), this);
    layout->addWidget(title);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    setMinimumWidth(380);
}

void SignInDialog::trySignIn()
{
    auth::OperatorService operators(m_database, m_keys, m_clock);
    auto session = operators.signIn(m_username->text().trimmed(), m_password->text());
    m_password->clear();
    if (!session) {
        m_error->setText(errorText(session.error()));
        m_error->show();
        m_password->setFocus();
        return;
    }
    m_session = session.value();
    accept();
}

} // namespace rd::ui
