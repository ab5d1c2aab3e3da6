#include "supervisor/OneTimePasswordDialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace rd::ui {

OneTimePasswordDialog::OneTimePasswordDialog(const QString &username, const SecretText &password, bool replacesOld, QWidget *parent)
    : QDialog(parent), m_field(new QLineEdit(this)), m_password(password)
{
    setObjectName(QStringLiteral("oneTimePasswordDialog"));
    setWindowTitle(tr("One-time password for %1").arg(username));
    setAttribute(Qt::WA_DeleteOnClose);
    const QString who = username.toHtmlEscaped();
    auto *intro = new QLabel(tr("<p><b>%1's password is now this one-time password.</b> It is shown only here, once.</p>"
                                "<p>Hand it to %1 in person, never to the one who asked for the grant. It only lets %1 "
                                "choose a password of their own at their next sign-in.</p>")
                                     .arg(who)
                                 + (replacesOld ? tr("<p>The password %1 had before no longer works.</p>").arg(who) : QString()),
                             this);
    intro->setWordWrap(true);
    m_field->setObjectName(QStringLiteral("oneTimePassword"));
    m_field->setAccessibleName(tr("One-time password"));
    m_field->setReadOnly(true);
    m_field->setText(password.text());
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(mono.pointSizeF() * 1.4);
    m_field->setFont(mono);
    m_field->setMinimumWidth(QFontMetrics(mono).horizontalAdvance(password.text()) + 24);
    m_field->setContextMenuPolicy(Qt::NoContextMenu); // no copying to a clipboard others can read
    auto *buttons = new QDialogButtonBox(this);
    QPushButton *done = buttons->addButton(tr("I have &handed it over"), QDialogButtonBox::AcceptRole);
    done->setObjectName(QStringLiteral("oneTimePasswordDone"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_field);
    layout->addWidget(buttons);
    setMinimumWidth(460);
}

OneTimePasswordDialog::~OneTimePasswordDialog() = default;

void OneTimePasswordDialog::done(int result)
{
    m_field->clear();
    m_password = SecretText();
    QDialog::done(result);
}

} // namespace rd::ui
