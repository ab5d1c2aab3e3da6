#include "admin/OperatorsPanel.h"

#include "common/ErrorText.h"
#include "common/Dialogs.h"
#include "common/Format.h"
#include "common/RecordTableModel.h"
#include "common/ViewState.h"
#include "supervisor/GrantsBox.h"
#include "supervisor/OneTimePasswordDialog.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace rd::ui {

using auth::OperatorInfo;

OperatorsPanel::OperatorsPanel(const AppContext &context, QWidget *parent)
    : QWidget(parent), m_context(context), m_table(new QTableView(this)), m_username(new QLineEdit(this)),
      m_displayName(new QLineEdit(this)), m_role(new QComboBox(this)), m_password(new QLineEdit(this)), m_confirm(new QLineEdit(this)),
      m_add(new QPushButton(tr("&Add operator"), this)), m_disable(new QPushButton(tr("&Disable selected…"), this)),
      m_enable(new QPushButton(tr("&Enable selected"), this)), m_newRole(new QComboBox(this)),
      m_setRole(new QPushButton(tr("Set &role"), this)), m_message(new QLabel(this)),
      m_model(new RecordTableModel<OperatorInfo>(
          {
              {tr("Username"), [](const OperatorInfo &o) { return o.username; }},
              {tr("Name"), [](const OperatorInfo &o) { return o.displayName; }},
              {tr("Role"), [](const OperatorInfo &o) { return humanize(auth::roleName(o.role)); }},
              {tr("Status"),
               [](const OperatorInfo &o) {
                   if (o.disabled)
                       return tr("Disabled");
                   if (o.lockedUntil)
                       return tr("Locked until %1 UTC").arg(formatTime(*o.lockedUntil));
                   return o.passwordNotOwnYet ? tr("Active, first sign-in due") : tr("Active");
               },
               [](const OperatorInfo &o) {
                   return icon(o.disabled ? QStringLiteral("verdict-not-applicable")
                                          : (o.lockedUntil ? QStringLiteral("lock") : QStringLiteral("verdict-ruled-out")));
               }},
              {tr("Created (UTC)"), [](const OperatorInfo &o) { return formatTime(o.createdAt); }},
          },
          this))
{
    setObjectName(QStringLiteral("operatorsPage"));
    setUpReadOnlyTable(m_table, QStringLiteral("operatorTable"), tr("Operators"));
    m_table->setModel(m_model);
    const int widths[] = {150, 220, 110, 260};
    for (int c = 0; c < 4; ++c)
        m_table->setColumnWidth(c, widths[c]);
    m_username->setObjectName(QStringLiteral("operatorUsername"));
    m_displayName->setObjectName(QStringLiteral("operatorDisplayName"));
    m_role->setObjectName(QStringLiteral("operatorRole"));
    for (auth::Role r : {auth::Role::Agent, auth::Role::Supervisor, auth::Role::Admin}) {
        m_role->addItem(humanize(auth::roleName(r)), auth::roleName(r));
        m_newRole->addItem(humanize(auth::roleName(r)), auth::roleName(r));
    }
    m_newRole->setObjectName(QStringLiteral("operatorNewRole"));
    m_newRole->setAccessibleName(tr("New role of the selected operator"));
    m_setRole->setObjectName(QStringLiteral("operatorSetRole"));
    m_setRole->setToolTip(tr("Give the selected operator this role. Supervisor or admin waits for a second person."));
    m_enable->setObjectName(QStringLiteral("operatorEnable"));
    m_enable->setToolTip(tr("Let the selected operator sign in again. A supervisor or admin waits for a second person."));
    for (QLineEdit *p : {m_password, m_confirm})
        p->setEchoMode(QLineEdit::Password);
    m_password->setObjectName(QStringLiteral("operatorPassword"));
    m_confirm->setObjectName(QStringLiteral("operatorPasswordConfirm"));
    m_password->setPlaceholderText(tr("At least %1 characters").arg(auth::OperatorService::kMinPasswordLength));
    m_password->setToolTip(tr("An agent's first password: it only lets them choose their own at their first sign-in. "
                              "A supervisor or admin gets a one-time password in two parts instead."));
    m_add->setObjectName(QStringLiteral("operatorAdd"));
    m_disable->setObjectName(QStringLiteral("operatorDisable"));
    m_message->setObjectName(QStringLiteral("operatorMessage"));
    m_message->setWordWrap(true);

    auto *box = new QGroupBox(tr("New operator"), this);
    auto *form = new QFormLayout(box);
    form->addRow(tr("&Username"), m_username);
    form->addRow(tr("&Display name"), m_displayName);
    form->addRow(tr("&Role"), m_role);
    form->addRow(tr("&Password"), m_password);
    form->addRow(tr("&Repeat password"), m_confirm);
    auto *addRow = new QHBoxLayout;
    addRow->addStretch();
    addRow->addWidget(m_add);
    form->addRow(addRow);
    auto *top = new QHBoxLayout;
    top->addStretch();
    auto *roleLabel = new QLabel(tr("Selected operator's &new role:"), this);
    roleLabel->setBuddy(m_newRole);
    top->addWidget(roleLabel);
    top->addWidget(m_newRole);
    top->addWidget(m_setRole);
    top->addSpacing(12);
    top->addWidget(m_enable);
    top->addWidget(m_disable);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
    layout->addWidget(box);
    layout->addWidget(m_message);
    m_grants = new GrantsBox(m_context, this);
    layout->addWidget(m_grants);
    connect(m_add, &QPushButton::clicked, this, &OperatorsPanel::add);
    connect(m_role, &QComboBox::currentIndexChanged, this, &OperatorsPanel::updatePasswordFields);
    updatePasswordFields();
    connect(m_disable, &QPushButton::clicked, this, &OperatorsPanel::disableSelected);
    connect(m_enable, &QPushButton::clicked, this, &OperatorsPanel::enableSelected);
    connect(m_setRole, &QPushButton::clicked, this, &OperatorsPanel::setRoleOfSelected);
    connect(m_newRole, &QComboBox::currentIndexChanged, this, &OperatorsPanel::updateActions);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &OperatorsPanel::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &OperatorsPanel::updateActions);
    updateActions();
    reload();
}

void OperatorsPanel::updateActions()
{
    const OperatorInfo *o = m_model->recordAt(m_table->currentIndex().row());
    const bool other = o && o->username != m_context.session.username; // nobody changes their own standing
    m_disable->setEnabled(other && !o->disabled);
    m_enable->setEnabled(other && o->disabled);
    m_setRole->setEnabled(other && auth::roleName(o->role) != m_newRole->currentData().toString());
}

void OperatorsPanel::reload()
{
    if (m_grants)
        m_grants->reload();
    const AppContext context = m_context;
    m_load.read<Result<QList<OperatorInfo>>>(
        [context] { return auth::OperatorService(*context.database, *context.keys, *context.clock).list(context.session); },
        [this](const Result<QList<OperatorInfo>> &list) {
            if (!list)
                m_message->setText(errorText(list.error()));
            else
                m_model->setRecords(list.value());
        });
}

void OperatorsPanel::add()
{
    if (m_password->isEnabled() && m_password->text() != m_confirm->text()) {
        m_password->clear();
        m_confirm->clear();
        m_message->setText(tr("The two passwords differ; type the same password twice."));
        return;
    }
    const auto role = auth::roleFromString(m_role->currentData().toString()).value_or(auth::Role::Agent);
    const QString username = m_username->text().trimmed();
    const QString displayName = m_displayName->text().trimmed();
    const QString password = m_password->text();
    m_password->clear();
    m_confirm->clear();
    const AppContext context = m_context;
    m_add->setEnabled(false);
    m_message->setText(tr("Adding %1…").arg(username));
    // Hashing the password (PBKDF2) takes a noticeable moment: on a database thread.
    m_adding.run<Result<auth::GrantOutcome>>(
        [context, username, displayName, role, password] {
            return auth::OperatorService(*context.database, *context.keys, *context.clock)
                .addOperator(context.session, username, displayName, role, password);
        },
        [this, username, role](const Result<auth::GrantOutcome> &added) {
            m_add->setEnabled(true);
            if (!added) {
                m_message->setText(errorText(added.error()));
                return;
            }
            if (added->pending)
                m_message->setText(tr("%1 becomes %2 once another admin or a supervisor confirms grant %3 (four eyes). "
                                      "You hold the first part of %1's one-time password, whoever confirms the second.")
                                       .arg(username, auth::roleName(role), added->grantId));
            else if (added->alone)
                m_message->setText(tr("Added %1 as %2 at once: this desk has no second admin or supervisor to confirm it. "
                                      "The audit trail marks it.")
                                       .arg(username, auth::roleName(role)));
            else
                m_message->setText(tr("Added %1 as %2. They choose their own password at their first sign-in.")
                                       .arg(username, auth::roleName(role)));
            showOneTimePassword(username, added.value(), false);
            m_username->clear();
            m_displayName->clear();
            reload();
        });
}

void OperatorsPanel::disableSelected()
{
    const OperatorInfo *o = m_model->recordAt(m_table->currentIndex().row());
    if (!o)
        return;
    const QString username = o->username;
    if (MessageBox::question(this, tr("Disable operator"), tr("Disable %1? They can no longer sign in.").arg(username)) != QMessageBox::Yes)
        return;
    const AppContext context = m_context;
    m_disabling.run<Status>(
        [context, username] { return auth::OperatorService(*context.database, *context.keys, *context.clock).disable(context.session, username); },
        [this, username](const Status &disabled) {
            m_message->setText(disabled ? tr("Disabled %1.").arg(username) : errorText(disabled.error()));
            reload();
        });
}

void OperatorsPanel::enableSelected()
{
    const OperatorInfo *o = m_model->recordAt(m_table->currentIndex().row());
    if (!o)
        return;
    change(o->username, tr("%1 can sign in again.").arg(o->username),
           [username = o->username](auth::OperatorService &operators, const auth::Session &session) {
               return operators.enable(session, username);
           });
}

void OperatorsPanel::setRoleOfSelected()
{
    const OperatorInfo *o = m_model->recordAt(m_table->currentIndex().row());
    const auto role = auth::roleFromString(m_newRole->currentData().toString());
    if (!o || !role)
        return;
    if (MessageBox::question(this, tr("Change role"), tr("Make %1 %2?").arg(o->username, humanize(auth::roleName(*role))))
        != QMessageBox::Yes)
        return;
    change(o->username, tr("%1 is now %2.").arg(o->username, auth::roleName(*role)),
           [username = o->username, role = *role](auth::OperatorService &operators, const auth::Session &session) {
               return operators.setRole(session, username, role);
           });
}

void OperatorsPanel::change(const QString &username, const QString &done,
                            std::function<Result<auth::GrantOutcome>(auth::OperatorService &, const auth::Session &)> call)
{
    const AppContext context = m_context;
    m_enable->setEnabled(false);
    m_setRole->setEnabled(false);
    m_disabling.run<Result<auth::GrantOutcome>>(
        [context, call] {
            auth::OperatorService operators(*context.database, *context.keys, *context.clock);
            return call(operators, context.session);
        },
        [this, username, done](const Result<auth::GrantOutcome> &outcome) {
            if (!outcome)
                m_message->setText(errorText(outcome.error()));
            else if (outcome->pending)
                m_message->setText(tr("This waits for another admin or a supervisor to confirm grant %1 (four eyes). You "
                                      "hold the first part of %2's one-time password, whoever confirms the second.")
                                       .arg(outcome->grantId, username));
            else if (outcome->alone)
                m_message->setText(done + u' ' + tr("At once: this desk has no second admin or supervisor; the audit trail marks it."));
            else
                m_message->setText(done);
            if (outcome)
                showOneTimePassword(username, outcome.value(), true);
            reload();
        });
}

void OperatorsPanel::showOneTimePassword(const QString &username, const auth::GrantOutcome &outcome, bool replacesOld)
{
    if (outcome.oneTimePassword.isEmpty())
        return;
    const auto part = outcome.pending ? OneTimePasswordDialog::Part::First : OneTimePasswordDialog::Part::Whole;
    (new OneTimePasswordDialog(username, outcome.oneTimePassword, part, replacesOld, this))->open();
}

void OperatorsPanel::updatePasswordFields()
{
    // Only an agent's first password is typed here; a supervisor or admin gets a one-time one.
    const bool agent = m_role->currentData().toString() == auth::roleName(auth::Role::Agent);
    for (QLineEdit *p : {m_password, m_confirm}) {
        p->setEnabled(agent);
        if (!agent)
            p->clear();
    }
    m_password->setPlaceholderText(agent ? tr("At least %1 characters").arg(auth::OperatorService::kMinPasswordLength)
                                         : tr("Not needed: a one-time password is made"));
}

} // namespace rd::ui
