#include "admin/DeliveryKeyPanel.h"

#include "common/ErrorText.h"
#include "cases/Outbox.h"
#include "common/Dialogs.h"
#include "common/Format.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace rd::ui {

DeliveryKeyPanel::DeliveryKeyPanel(const AppContext &context, QWidget *parent)
    : QWidget(parent), m_context(context), m_state(new QLabel(this)), m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("deliveryKeyPage"));
    m_state->setObjectName(QStringLiteral("deliveryKeyState"));
    m_state->setWordWrap(true);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setObjectName(QStringLiteral("deliveryKeyMessage"));
    m_message->setWordWrap(true);
    auto *installButton = new QPushButton(icon(QStringLiteral("import")), tr("&Install key from a PEM file…"), this);
    installButton->setObjectName(QStringLiteral("deliveryKeyInstall"));
    auto *row = new QHBoxLayout;
    row->addWidget(installButton);
    row->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<h3>Platform delivery key</h3><p>New backup codes from an executed reset are sealed "
                                    "(AES-256-GCM, key wrapped with RSA-OAEP) to this public key and leave RecoveryDesk only in the "
                                    "signed outbox. Nobody here can read them.</p>"),
                                 this));
    layout->addWidget(m_state);
    layout->addLayout(row);
    layout->addWidget(m_message);
    layout->addStretch();
    connect(installButton, &QPushButton::clicked, this, &DeliveryKeyPanel::install);
    reload();
}

void DeliveryKeyPanel::reload()
{
    const AppContext context = m_context;
    m_load.read<Result<cases::DeliveryKeyInfo>>(
        [context] { return cases::Outbox(*context.database, *context.keys, *context.clock).deliveryKey(context.session); },
        [this](const Result<cases::DeliveryKeyInfo> &key) {
            showKey(key);
        });
}

void DeliveryKeyPanel::showKey(const Result<cases::DeliveryKeyInfo> &key)
{
    if (!key) {
        m_state->setText(errorText(key.error()));
        return;
    }
    if (!key->installed) {
        m_state->setText(tr("<b>No delivery key is installed.</b> Code regeneration resets cannot be executed until one is."));
        return;
    }
    m_state->setText(tr("<b>Installed</b> (%1, changed %2 UTC).<br>SHA-256 of the PEM file: <tt>%3</tt>")
                         .arg(key->fileName, formatTime(key->changedAtMs), key->sha256));
}

void DeliveryKeyPanel::install()
{
    const QString path = FileDialog::openFileName(this, tr("Install the platform's delivery key"), tr("PEM public keys (*.pem);;All files (*)"));
    if (path.isEmpty())
        return;
    const AppContext context = m_context;
    m_action.run<Result<auth::GrantOutcome>>(
        [context, path] { return cases::Outbox(*context.database, *context.keys, *context.clock).setDeliveryKey(context.session, path); },
        [this, path](const Result<auth::GrantOutcome> &installed) {
            if (!installed)
                m_message->setText(errorText(installed.error()));
            else if (installed->pending)
                m_message->setText(tr("The key from %1 takes effect once another admin or a supervisor confirms grant %2 "
                                      "(four eyes).")
                                       .arg(QFileInfo(path).fileName(), installed->grantId));
            else if (installed->alone)
                m_message->setText(tr("Installed the delivery key from %1 at once: this desk has no second admin or supervisor "
                                      "to confirm it. The audit trail marks it.")
                                       .arg(QFileInfo(path).fileName()));
            else
                m_message->setText(tr("Installed the delivery key from %1.").arg(QFileInfo(path).fileName()));
            reload();
        });
}

} // namespace rd::ui
