#include "shell/SignInDialog.h"

#include "common/ErrorText.h"
#include "auth/OperatorService.h"
#include "common/Background.h"
#include "common/SecretText.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace rd::ui {

SignInDialog::SignInDialog(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock, QWidget *parent)
    : QDialog(parent), m_database(database), m_keys(keys), m_clock(clock), m_username(new QLineEdit(this)),
      m_password(new QLineEdit(this)), m_newPassword(new QLineEdit(this)), m_repeatPassword(new QLineEdit(this)),
      m_error(new QLabel(this)), m_signIn(nullptr)
{
    setObjectName(QStringLiteral("signInDialog"));
    // A desk left alone halfway through choosing a password does not keep the checked one.
    m_forget = new QTimer(this);
    m_forget->setSingleShot(true);
    m_forget->setInterval(kForgetAfterMs);
    connect(m_forget, &QTimer::timeout, this, [this] {
        leaveOwnPassword();
        m_password->setEnabled(true);
        m_password->clear();
        m_error->setText(tr("Nothing was changed in time; sign in again."));
        m_error->show();
        m_password->setFocus();
    });
    setWindowTitle(tr("Sign in — RecoveryDesk"));
    m_username->setObjectName(QStringLiteral("signInUsername"));
    m_username->setAccessibleName(tr("Username"));
    m_password->setObjectName(QStringLiteral("signInPassword"));
    m_password->setAccessibleName(tr("Password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_newPassword->setObjectName(QStringLiteral("signInNewPassword"));
    m_newPassword->setAccessibleName(tr("New password"));
    m_newPassword->setEchoMode(QLineEdit::Password);
    m_repeatPassword->setObjectName(QStringLiteral("signInRepeatPassword"));
    m_repeatPassword->setAccessibleName(tr("Repeat the new password"));
    m_repeatPassword->setEchoMode(QLineEdit::Password);
    m_error->setObjectName(QStringLiteral("signInError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: palette(highlight)"));
    m_error->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("&Username"), m_username);
    form->addRow(tr("&Password"), m_password);
    form->addRow(tr("&New password"), m_newPassword);
    form->addRow(tr("&Repeat new password"), m_repeatPassword);
    form->setRowVisible(m_newPassword, false);
    form->setRowVisible(m_repeatPassword, false);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_signIn = buttons->button(QDialogButtonBox::Ok);
    m_signIn->setText(tr("Sign in"));
    m_signIn->setObjectName(QStringLiteral("signInButton"));
    QPushButton *team = buttons->addButton(tr("&Team database…"), QDialogButtonBox::ResetRole);
    team->setObjectName(QStringLiteral("signInConnect"));
    team->setToolTip(tr("Connect to your team's database on a PostgreSQL server"));
    team->setAutoDefault(false);
    connect(team, &QPushButton::clicked, this, &SignInDialog::connectRequested);
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

bool SignInDialog::choosingOwnPassword() const
{
    return m_newPassword->isVisibleTo(this);
}

void SignInDialog::askForOwnPassword(const QString &why)
{
    if (auto *form = findChild<QFormLayout *>()) {
        form->setRowVisible(m_newPassword, true);
        form->setRowVisible(m_repeatPassword, true);
    }
    m_username->setReadOnly(true);
    m_password->setEnabled(false); // checked already: the new one is what is missing
    m_password->setPlaceholderText(tr("Checked"));
    m_error->setText(why);
    m_error->show();
    m_signIn->setText(tr("Set password and sign in"));
    m_newPassword->setFocus();
}

void SignInDialog::leaveOwnPassword()
{
    m_forget->stop();
    wipe(m_checkedPassword);
    m_newPassword->clear();
    m_repeatPassword->clear();
    if (auto *form = findChild<QFormLayout *>()) {
        form->setRowVisible(m_newPassword, false);
        form->setRowVisible(m_repeatPassword, false);
    }
    m_username->setReadOnly(false);
    m_password->setPlaceholderText({});
    m_signIn->setText(tr("Sign in"));
}

void SignInDialog::trySignIn()
{
    if (!m_signIn->isEnabled())
        return; // a sign-in is already being checked
    // The password hash takes a quarter of a second: it runs on a database thread, the dialog
    // stays responsive and says what it is doing.
    const QString username = m_username->text().trimmed();
    const QString password = choosingOwnPassword() ? m_checkedPassword : m_password->text();
    m_password->clear();
    QString newPassword;
    if (choosingOwnPassword()) {
        newPassword = m_newPassword->text();
        if (newPassword != m_repeatPassword->text()) {
            m_error->setText(tr("The two new passwords differ; type the same one twice."));
            m_error->show();
            m_repeatPassword->clear();
            m_newPassword->setFocus();
            return;
        }
    }
    setBusy(true);
    storage::Database *database = &m_database;
    const crypto::KeyStore *keys = &m_keys;
    const Clock *clock = &m_clock;
    runInBackground<Result<auth::Session>>(
        this, [database, keys, clock, username, password, newPassword] {
            return auth::OperatorService(*database, *keys, *clock).signIn(username, password, newPassword);
        },
        [this, password](const Result<auth::Session> &session) {
            setBusy(false);
            if (!session && session.error().code == ErrorCode::PasswordChangeRequired) {
                m_checkedPassword = password; // kept only until the new one is set, or two minutes
                m_forget->start();
                askForOwnPassword(tr("Your password was chosen by someone else. Choose your own (at least %1 characters) to "
                                     "sign in; the one you typed stops working.")
                                      .arg(auth::OperatorService::kMinPasswordLength));
                return;
            }
            if (!session) {
                m_error->setText(errorText(session.error()));
                m_error->show();
                if (session.error().field == QLatin1String("new_password")) { // a new password the rules refuse
                    m_repeatPassword->clear();
                    m_newPassword->selectAll();
                    m_newPassword->setFocus();
                    return;
                }
                leaveOwnPassword();
                m_password->setFocus();
                return;
            }
            leaveOwnPassword();
            m_session = session.value();
            accept();
        });
}

void SignInDialog::setBusy(bool busy)
{
    m_signIn->setEnabled(!busy);
    m_username->setEnabled(!busy);
    m_password->setEnabled(!busy && !choosingOwnPassword());
    m_newPassword->setEnabled(!busy);
    m_repeatPassword->setEnabled(!busy);
    if (busy) {
        m_error->setText(tr("Checking the password…"));
        m_error->show();
    }
}

} // namespace rd::ui
