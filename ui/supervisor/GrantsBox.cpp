#include "supervisor/GrantsBox.h"

#include "common/ErrorText.h"
#include "common/Format.h"
#include "common/RecordTableModel.h"
#include "common/ViewState.h"
#include "supervisor/OneTimePasswordDialog.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace rd::ui {

using auth::PendingGrant;

namespace {

QString what(const PendingGrant &g)
{
    if (g.kind == QLatin1String("delivery_key.set"))
        return GrantsBox::tr("New delivery key (SHA-256 %1…)").arg(g.keySha256.left(16));
    if (g.kind == QLatin1String("operator.add"))
        return GrantsBox::tr("New operator %1 as %2").arg(g.username, g.role);
    if (g.kind == QLatin1String("operator.role"))
        return GrantsBox::tr("%1 becomes %2").arg(g.username, g.role);
    return GrantsBox::tr("%1 enabled again as %2").arg(g.username, g.role);
}

} // namespace

GrantsBox::GrantsBox(const AppContext &context, QWidget *parent)
    : QGroupBox(tr("Grants waiting for a second person"), parent), m_context(context), m_warning(new QLabel(this)),
      m_table(new QTableView(this)), m_confirm(new QPushButton(icon(QStringLiteral("approve")), tr("C&onfirm grant"), this)),
      m_decline(new QPushButton(icon(QStringLiteral("reject")), tr("&Decline grant"), this)), m_message(new QLabel(this)), m_model(nullptr)
{
    const QString me = context.session.username;
    m_model = new RecordTableModel<PendingGrant>(
        {
            {tr("Grant"), [](const PendingGrant &g) { return g.id; }},
            {tr("What"), [](const PendingGrant &g) { return what(g); }},
            {tr("Asked"), [](const PendingGrant &g) { return tr("%1 by %2").arg(formatTime(g.requestedAt), g.requestedBy); }},
            {tr("Four eyes"),
             [me](const PendingGrant &g) {
                 return g.requestedBy == me || g.username == me ? tr("Yours: another admin or supervisor confirms")
                                                                : tr("You may confirm or decline");
             }},
        },
        this);
    setObjectName(QStringLiteral("grantsBox"));
    m_warning->setObjectName(QStringLiteral("fourEyesWarning"));
    m_warning->setWordWrap(true);
    m_warning->hide();
    setUpReadOnlyTable(m_table, QStringLiteral("grantsTable"), tr("Grants waiting for a second person"));
    m_table->setModel(m_model);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(0, 90);
    m_table->setColumnWidth(1, 300);
    m_table->setColumnWidth(2, 260);
    m_table->setMaximumHeight(160);
    m_confirm->setObjectName(QStringLiteral("grantConfirm"));
    m_decline->setObjectName(QStringLiteral("grantDecline"));
    m_confirm->setToolTip(tr("Let the selected grant take effect (Alt+O). Never your own: four eyes."));
    m_decline->setToolTip(tr("Turn the selected grant down (Alt+D)."));
    m_message->setObjectName(QStringLiteral("grantMessage"));
    m_message->setWordWrap(true);
    auto *actions = new QHBoxLayout;
    actions->addStretch(1);
    actions->addWidget(m_confirm);
    actions->addWidget(m_decline);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_warning);
    layout->addWidget(m_table);
    layout->addLayout(actions);
    layout->addWidget(m_message);
    connect(m_confirm, &QPushButton::clicked, this, [this] { decide(true); });
    connect(m_decline, &QPushButton::clicked, this, [this] { decide(false); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &GrantsBox::updateActions);
    updateActions();
    reload();
}

const PendingGrant *GrantsBox::selected() const { return m_model->recordAt(m_table->currentIndex().row()); }

void GrantsBox::reload()
{
    const AppContext context = m_context;
    m_load.read<Snapshot>(
        [context] {
            auth::GrantService grants(*context.database, *context.keys, *context.clock);
            return Snapshot{grants.pending(context.session), grants.grantedAlone()};
        },
        [this](const Snapshot &snapshot) { show(snapshot); });
}

void GrantsBox::show(const Snapshot &snapshot)
{
    if (snapshot.alone && !snapshot.alone->isEmpty()) {
        m_warning->setText(tr("<b>Four eyes rest on one person here:</b> %1 got the role with no second admin or supervisor to "
                              "confirm it. Their approvals are marked in the audit trail; have another person confirm new "
                              "grants.")
                               .arg(snapshot.alone->join(QStringLiteral(", ")).toHtmlEscaped()));
        m_warning->show();
    } else {
        m_warning->hide();
    }
    if (!snapshot.pending) {
        m_message->setText(errorText(snapshot.pending.error()));
        return;
    }
    const QString current = selected() ? selected()->id : QString();
    keepPlace(m_table, ListEnd::Stay, [&] {
        m_model->setRecords(snapshot.pending.value());
        for (int row = 0; row < m_model->rowCount(); ++row)
            if (m_model->recordAt(row)->id == current)
                m_table->setCurrentIndex(m_model->index(row, 0));
    });
    setTitle(tr("Grants waiting for a second person (%1)").arg(m_model->rowCount()));
    // Nothing waiting: one line instead of an empty table.
    const bool any = m_model->rowCount() > 0;
    m_table->setVisible(any);
    m_confirm->setVisible(any);
    m_decline->setVisible(any);
    if (!any && m_message->text().isEmpty())
        m_message->setText(tr("No grant is waiting for a second person."));
    updateActions();
}

void GrantsBox::updateActions()
{
    const PendingGrant *g = selected();
    const bool mine = g && (g->requestedBy == m_context.session.username || g->username == m_context.session.username);
    m_confirm->setEnabled(g && !mine);
    m_decline->setEnabled(g && !mine);
}

void GrantsBox::decide(bool confirm)
{
    const PendingGrant *g = selected();
    if (!g)
        return;
    const QString id = g->id;
    const AppContext context = m_context;
    m_confirm->setEnabled(false);
    m_decline->setEnabled(false);
    m_decision.run<Result<auth::GrantDecision>>(
        [context, id, confirm]() -> Result<auth::GrantDecision> {
            auth::GrantService grants(*context.database, *context.keys, *context.clock);
            if (confirm)
                return grants.confirm(context.session, id);
            if (const Status s = grants.decline(context.session, id); !s)
                return s.error();
            return auth::GrantDecision{};
        },
        [this, id, confirm](const Result<auth::GrantDecision> &done) {
            m_message->setText(!done ? errorText(done.error()) : confirm ? tr("Confirmed %1: it is in effect.").arg(id)
                                                                         : tr("Declined %1.").arg(id));
            if (done && !done->oneTimePassword.isEmpty())
                (new OneTimePasswordDialog(done->username, done->oneTimePassword, OneTimePasswordDialog::Part::Second,
                                           done->kind != QLatin1String("operator.add"), this))
                    ->open();
            reload();
        });
}

} // namespace rd::ui
