#include "shell/SignInDialog.h"

#include "common/ErrorText.h"
#include "auth/OperatorService.h"
#include "common/Background.h"

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

void SignInDialog::trySignIn()
{
    if (!m_signIn->isEnabled())
        return; // a sign-in is already being checked
    // The password hash takes a quarter of a second: it runs on a database thread, the dialog
    // stays responsive and says what it is doing.
    const QString username = m_username->text().trimmed();
    QString password = m_password->text();
    m_password->clear();
    setBusy(true);
    storage::Database *database = &m_database;
    const crypto::KeyStore *keys = &m_keys;
    const Clock *clock = &m_clock;
    runInBackground<Result<auth::Session>>(
        this, [database, keys, clock, username, password] {
            return auth::OperatorService(*database, *keys, *clock).signIn(username, password);
        },
        [this](const Result<auth::Session> &session) {
            setBusy(false);
            if (!session) {
                m_error->setText(errorText(session.error()));
                m_error->show();
                m_password->setFocus();
                return;
            }
            m_session = session.value();
            accept();
        });
}

void SignInDialog::setBusy(bool busy)
{
    m_signIn->setEnabled(!busy);
    m_username->setEnabled(!busy);
    m_password->setEnabled(!busy);
    if (busy) {
        m_error->setText(tr("Checking the password…"));
        m_error->show();
    }
}

} // namespace rd::ui
