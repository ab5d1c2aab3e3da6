#include "admin/PolicyPanel.h"

#include "common/ErrorText.h"
#include "audit/AuditLog.h"
#include "common/RecordTableModel.h"
#include "common/ViewState.h"
#include "common/Format.h"

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QHash>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace rd::ui {

using policy::PolicyValue;

namespace {

// The setting in words and its unit: keys are what the command line takes (in the tooltip).
QString settingName(const QString &key)
{
    static const QHash<QString, const char *> names{
        {QStringLiteral("lockout_streak"), QT_TRANSLATE_NOOP("PolicyPanel", "Failures that lock an account")},
        {QStringLiteral("lockout_window_s"), QT_TRANSLATE_NOOP("PolicyPanel", "Window of the failure streak")},
        {QStringLiteral("lock_time_s"), QT_TRANSLATE_NOOP("PolicyPanel", "Lock time after the streak")},
        {QStringLiteral("sync_window_s"), QT_TRANSLATE_NOOP("PolicyPanel", "Replication window for new codes")},
        {QStringLiteral("travel_kmh"), QT_TRANSLATE_NOOP("PolicyPanel", "Impossible travel speed")},
        {QStringLiteral("stale_contact_days"), QT_TRANSLATE_NOOP("PolicyPanel", "Contact stale after")},
        {QStringLiteral("recent_change_days"), QT_TRANSLATE_NOOP("PolicyPanel", "Recent contact change")},
        {QStringLiteral("clock_step_s"), QT_TRANSLATE_NOOP("PolicyPanel", "Authenticator time step")},
        {QStringLiteral("recent_hours"), QT_TRANSLATE_NOOP("PolicyPanel", "\"Recent\" means within")},
        {QStringLiteral("compromise_window_days"), QT_TRANSLATE_NOOP("PolicyPanel", "Compromise signs look back")}};
    const char *name = names.value(key);
    return name ? QCoreApplication::translate("PolicyPanel", name) : humanize(key);
}

QString settingUnit(const QString &key)
{
    if (key.endsWith(QLatin1String("_s")))
        return QCoreApplication::translate("PolicyPanel", "seconds");
    if (key.endsWith(QLatin1String("_days")))
        return QCoreApplication::translate("PolicyPanel", "days");
    if (key.endsWith(QLatin1String("_hours")))
        return QCoreApplication::translate("PolicyPanel", "hours");
    if (key.endsWith(QLatin1String("_kmh")))
        return QCoreApplication::translate("PolicyPanel", "km/h");
    if (key == QLatin1String("lockout_streak"))
        return QCoreApplication::translate("PolicyPanel", "failures");
    return {};
}

} // namespace

PolicyPanel::PolicyPanel(const AppContext &context, QWidget *parent)
    : QWidget(parent), m_context(context), m_table(new QTableView(this)), m_key(new QLabel(this)), m_value(new QLineEdit(this)),
      m_apply(new QPushButton(tr("&Apply"), this)), m_message(new QLabel(this)), m_unit(new QLabel(this)),
      m_model(new RecordTableModel<PolicyValue>(
          {
              {tr("Setting"), [](const PolicyValue &v) { return settingName(v.key); }, {}, {},
               [](const PolicyValue &v) { return tr("%1 (policy set %1 VALUE on the command line)").arg(v.key); }},
              {tr("Value"), [](const PolicyValue &v) { return QStringLiteral("%1 %2").arg(v.value, settingUnit(v.key)).trimmed(); }},
              {tr("Meaning"), [](const PolicyValue &v) { return v.description; }, {}, {},
               [](const PolicyValue &v) { return v.description; }},
          },
          this))
{
    setObjectName(QStringLiteral("policyPage"));
    setUpReadOnlyTable(m_table, QStringLiteral("policyTable"), tr("Policy"));
    m_table->setModel(m_model);
    m_table->setColumnWidth(0, 200);
    m_table->setColumnWidth(1, 110);
    m_key->setObjectName(QStringLiteral("policyKey"));
    m_value->setObjectName(QStringLiteral("policyValue"));
    m_value->setAccessibleName(tr("New value"));
    m_apply->setObjectName(QStringLiteral("policyApply"));
    m_message->setObjectName(QStringLiteral("policyMessage"));
    m_message->setWordWrap(true);
    auto *edit = new QHBoxLayout;
    edit->addWidget(m_key);
    edit->addWidget(m_value, 1);
    edit->addWidget(m_unit);
    edit->addWidget(m_apply);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addLayout(edit);
    layout->addWidget(m_message);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (const PolicyValue *v = m_model->recordAt(current.row())) {
            m_currentKey = v->key;
            m_key->setText(settingName(v->key));
            m_unit->setText(settingUnit(v->key));
            m_value->setText(v->value);
        }
    });
    connect(m_apply, &QPushButton::clicked, this, &PolicyPanel::apply);
    connect(m_value, &QLineEdit::returnPressed, this, &PolicyPanel::apply);
    reload();
}

void PolicyPanel::reload()
{
    const AppContext context = m_context;
    m_load.read<Result<QList<policy::PolicyValue>>>(
        [context] { return policy::PolicyService(*context.database).list(context.session); },
        [this](const Result<QList<policy::PolicyValue>> &values) {
            if (!values) {
                m_message->setText(errorText(values.error()));
            } else {
                const int row = m_table->currentIndex().row();
                m_model->setRecords(values.value());
                m_table->setCurrentIndex(m_model->index(qMax(0, row), 0));
            }
        });
}

void PolicyPanel::apply()
{
    if (m_currentKey.isEmpty() || m_action.busy())
        return; // Enter while an apply runs: one at a time, each answered
    const AppContext context = m_context;
    const QString key = m_currentKey;
    const QString value = m_value->text().trimmed();
    m_apply->setEnabled(false);
    m_action.run<Status>(
        [context, key, value] {
            audit::AuditLog auditLog(*context.database, *context.keys, *context.clock);
            return policy::PolicyService(*context.database).set(context.session, key, value, auditLog);
        },
        [this, key, value](const Status &set) {
            m_apply->setEnabled(true);
            m_message->setText(set ? tr("%1 is now %2 %3.").arg(settingName(key), value, settingUnit(key)).simplified()
                                   : errorText(set.error()));
            reload();
        });
}

} // namespace rd::ui
