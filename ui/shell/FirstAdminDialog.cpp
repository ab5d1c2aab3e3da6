#include "shell/FirstAdminDialog.h"

#include "common/ErrorText.h"
#include "auth/OperatorService.h"
#include "common/Background.h"
#include "common/Format.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace rd::ui {

FirstAdminDialog::FirstAdminDialog(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock, QWidget *parent)
    : QDialog(parent), m_database(database), m_keys(keys), m_clock(clock), m_username(new QLineEdit(this)),
      m_displayName(new QLineEdit(this)), m_password(new QLineEdit(this)), m_confirm(new QLineEdit(this)), m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("firstAdminDialog"));
    setWindowTitle(tr("Welcome to RecoveryDesk"));
    setWindowIcon(icon(QStringLiteral("recoverydesk")));
    m_username->setObjectName(QStringLiteral("firstAdminUsername"));
    m_displayName->setObjectName(QStringLiteral("firstAdminDisplayName"));
    m_password->setObjectName(QStringLiteral("firstAdminPassword"));
    m_confirm->setObjectName(QStringLiteral("firstAdminConfirm"));
    for (QLineEdit *p : {m_password, m_confirm})
        p->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("At least %1 characters").arg(auth::OperatorService::kMinPasswordLength));
    m_error->setObjectName(QStringLiteral("firstAdminError"));
    m_error->setWordWrap(true);
    m_error->hide();
    auto *form = new QFormLayout;
    form->addRow(tr("&Username"), m_username);
    form->addRow(tr("&Display name"), m_displayName);
    form->addRow(tr("&Password"), m_password);
    form->addRow(tr("&Repeat password"), m_confirm);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Create admin"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("firstAdminCreate"));
    connect(buttons, &QDialogButtonBox::accepted, this, &FirstAdminDialog::create);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<b>This database has no operators yet.</b><br>Create the first administrator. "
                                    "Admins manage operators, imports and policy; agents and supervisors work the cases."),
                                 this));
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    setMinimumWidth(440);
}

QString FirstAdminDialog::username() const { return m_username->text().trimmed(); }

void FirstAdminDialog::create()
{
    if (m_password->text() != m_confirm->text()) {
        m_password->clear();
        m_confirm->clear();
        m_password->setFocus();
        m_error->setText(tr("The two passwords differ; type the same password twice."));
        m_error->show();
        return;
    }
    if (m_busy)
        return;
    // Hashing the new password takes a moment: on a database thread, with the form disabled.
    m_busy = true;
    setEnabled(false);
    m_error->setText(tr("Creating the admin…"));
    m_error->show();
    storage::Database *database = &m_database;
    const crypto::KeyStore *keys = &m_keys;
    const Clock *clock = &m_clock;
    const QString name = username(), displayName = m_displayName->text().trimmed();
    QString password = m_password->text();
    m_password->clear();
    m_confirm->clear();
    runInBackground<Status>(
        this, [database, keys, clock, name, displayName, password] {
            return auth::OperatorService(*database, *keys, *clock).createFirstAdmin(name, displayName, password);
        },
        [this](const Status &created) {
            m_busy = false;
            setEnabled(true);
            if (!created) {
                m_error->setText(errorText(created.error()));
                m_error->show();
                m_password->setFocus();
                return;
            }
            accept();
        });
}

} // namespace rd::ui
