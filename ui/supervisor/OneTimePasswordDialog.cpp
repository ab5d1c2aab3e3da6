#include "supervisor/OneTimePasswordDialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace rd::ui {

OneTimePasswordDialog::OneTimePasswordDialog(const QString &username, const SecretText &password, Part part, bool replacesOld,
                                             QWidget *parent)
    : QDialog(parent), m_field(new QLabel(this)), m_password(password)
{
    setObjectName(QStringLiteral("oneTimePasswordDialog"));
    setAttribute(Qt::WA_DeleteOnClose);
    const QString who = username.toHtmlEscaped();
    QString text;
    switch (part) {
    case Part::Whole:
        setWindowTitle(tr("One-time password for %1").arg(username));
        text = tr("<p><b>%1's one-time password.</b> It is shown only here, once. This desk has no second admin or "
                  "supervisor, so it is whole.</p><p>Hand it to %1 in person. It only lets %1 choose a password of "
                  "their own at their next sign-in.</p>")
                   .arg(who);
        break;
    case Part::First:
        setWindowTitle(tr("First part of %1's one-time password").arg(username));
        text = tr("<p><b>The first part of %1's one-time password.</b> It is shown only here, once.</p><p>Hand it to "
                  "%1 in person. Whoever confirms the grant receives the second part; %1 types both, this one first, "
                  "at their next sign-in and then chooses a password of their own. Neither part alone opens anything.</p>")
                   .arg(who);
        break;
    case Part::Second:
        setWindowTitle(tr("Second part of %1's one-time password").arg(username));
        text = tr("<p><b>The second part of %1's one-time password.</b> It is shown only here, once.</p><p>Hand it to "
                  "%1 in person, never to the one who asked for the grant: they hold the first part. %1 types both, "
                  "the first part first, at their next sign-in and then chooses a password of their own.</p>")
                   .arg(who);
        break;
    }
    if (replacesOld)
        text += tr("<p>The password %1 had before no longer works.</p>").arg(who);
    auto *intro = new QLabel(text, this);
    intro->setWordWrap(true);
    m_field->setObjectName(QStringLiteral("oneTimePassword"));
    m_field->setAccessibleName(tr("One-time password"));
    m_field->setText(password.text());
    m_field->setTextInteractionFlags(Qt::NoTextInteraction); // read it out; no copy to a clipboard others can read
    m_field->setAlignment(Qt::AlignCenter);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(mono.pointSizeF() * 1.6);
    m_field->setFont(mono);
    m_field->setFrameShape(QFrame::StyledPanel);
    m_field->setMargin(8);
    auto *buttons = new QDialogButtonBox(this);
    QPushButton *done = buttons->addButton(tr("I have &handed it over"), QDialogButtonBox::AcceptRole);
    done->setObjectName(QStringLiteral("oneTimePasswordDone"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_field);
    layout->addWidget(buttons);
    setMinimumWidth(480);
}

OneTimePasswordDialog::~OneTimePasswordDialog() = default;

void OneTimePasswordDialog::done(int result)
{
    m_field->clear();
    m_password = SecretText();
    QDialog::done(result);
}

} // namespace rd::ui
