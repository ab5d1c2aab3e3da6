#include "shell/LockScreen.h"

#include "common/ErrorText.h"
#include "auth/OperatorService.h"
#include "common/Background.h"
#include "common/Format.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace rd::ui {

LockScreen::LockScreen(const AppContext &context, QWidget *parent)
    : QWidget(parent), m_context(context), m_password(new QLineEdit(this)), m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("lockScreen"));
    auto *lockIcon = new QLabel(this);
    lockIcon->setPixmap(icon(QStringLiteral("lock")).pixmap(48, 48));
    lockIcon->setAlignment(Qt::AlignCenter);
    auto *title = new QLabel(tr("<h2>RecoveryDesk is locked</h2>"), this);
    title->setAlignment(Qt::AlignCenter);
    auto *who = new QLabel(tr("Signed in as %1 (%2). Enter your password to continue.")
                               .arg(context.session.displayName.isEmpty() ? context.session.username : context.session.displayName,
                                    context.session.username),
                           this);
    who->setAlignment(Qt::AlignCenter);
    who->setWordWrap(true);
    m_password->setObjectName(QStringLiteral("unlockPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setAccessibleName(tr("Password"));
    m_password->setPlaceholderText(tr("Password"));
    m_error->setObjectName(QStringLiteral("unlockError"));
    m_error->setWordWrap(true);
    m_error->setAlignment(Qt::AlignCenter);
    m_error->hide();
    auto *unlock = new QPushButton(tr("&Unlock"), this);
    unlock->setObjectName(QStringLiteral("unlockButton"));
    unlock->setDefault(true);
    auto *signOut = new QPushButton(tr("Sign &out"), this);
    signOut->setObjectName(QStringLiteral("lockSignOutButton"));
    m_unlock = unlock;
    m_signOut = signOut;

    auto *box = new QWidget(this);
    box->setMinimumWidth(400);
    box->setMaximumWidth(460);
    auto *inner = new QVBoxLayout(box);
    inner->addWidget(lockIcon);
    inner->addWidget(title);
    inner->addWidget(who);
    inner->addWidget(m_password);
    inner->addWidget(m_error);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(signOut);
    buttons->addStretch();
    buttons->addWidget(unlock);
    inner->addLayout(buttons);
    auto *outer = new QVBoxLayout(this);
    outer->addStretch();
    outer->addWidget(box, 0, Qt::AlignHCenter);
    outer->addStretch();

    connect(unlock, &QPushButton::clicked, this, &LockScreen::tryUnlock);
    connect(m_password, &QLineEdit::returnPressed, this, &LockScreen::tryUnlock);
    connect(signOut, &QPushButton::clicked, this, &LockScreen::signOutRequested);
}

void LockScreen::prepare()
{
    m_password->clear();
    if (m_revoked) // nothing to unlock: the session ended
        return;
    m_error->hide();
    m_password->setFocus();
}

void LockScreen::tryUnlock()
{
    if (m_checking || m_revoked)
        return;
    // The password hash runs on a database thread; the lock stays up until it answers.
    m_checking = true;
    m_password->setEnabled(false);
    m_error->setText(tr("Checking the password…"));
    m_error->show();
    const AppContext context = m_context;
    QString password = m_password->text();
    m_password->clear();
    runInBackground<Result<auth::Session>>(
        this, [context, password] {
            return auth::OperatorService(*context.database, *context.keys, *context.clock)
                .signIn(context.session.username, password);
        },
        [this](const Result<auth::Session> &session) {
            m_checking = false;
            if (!session && session.error().code == ErrorCode::PasswordChangeRequired) {
                showRevoked(tr("You were given a one-time password."));
                return;
            }
            if (session && session->role != m_context.session.role) {
                showRevoked(tr("Your role is %1 now.").arg(auth::roleName(session->role)));
                return;
            }
            m_password->setEnabled(true);
            if (!session) {
                m_error->setText(errorText(session.error()));
                m_error->show();
                m_password->setFocus();
                return;
            }
            m_error->hide();
            emit unlocked();
        });
}

void LockScreen::showRevoked(const QString &why)
{
    m_revoked = true;
    m_password->clear();
    m_password->setEnabled(false);
    m_unlock->setEnabled(false);
    m_error->setText(tr("%1 This window's session has ended: sign out and sign in again.").arg(why));
    m_error->show();
    m_signOut->setFocus();
}

} // namespace rd::ui
