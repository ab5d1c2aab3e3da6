#include "admin/PolicyPanel.h"

#include "common/ErrorText.h"
#include "audit/AuditLog.h"
#include "common/RecordTableModel.h"
#include "common/ViewState.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace rd::ui {

using policy::PolicyValue;

PolicyPanel::PolicyPanel(const AppContext &context, QWidget *parent)
    : QWidget(parent), m_context(context), m_table(new QTableView(this)), m_key(new QLabel(this)), m_value(new QLineEdit(this)),
      m_apply(new QPushButton(tr("&Apply"), this)), m_message(new QLabel(this)),
      m_model(new RecordTableModel<PolicyValue>(
          {
              {tr("Setting"), [](const PolicyValue &v) { return v.key; }},
              {tr("Value"), [](const PolicyValue &v) { return v.value; }},
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
    edit->addWidget(m_apply);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addLayout(edit);
    layout->addWidget(m_message);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (const PolicyValue *v = m_model->recordAt(current.row())) {
            m_key->setText(v->key);
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
    if (m_key->text().isEmpty() || m_action.busy())
        return; // Enter while an apply runs: one at a time, each answered
    const AppContext context = m_context;
    const QString key = m_key->text();
    const QString value = m_value->text().trimmed();
    m_apply->setEnabled(false);
    m_action.run<Status>(
        [context, key, value] {
            audit::AuditLog auditLog(*context.database, *context.keys, *context.clock);
            return policy::PolicyService(*context.database).set(context.session, key, value, auditLog);
        },
        [this, key, value](const Status &set) {
            m_apply->setEnabled(true);
            m_message->setText(set ? tr("%1 is now %2.").arg(key, value) : errorText(set.error()));
            reload();
        });
}

} // namespace rd::ui
