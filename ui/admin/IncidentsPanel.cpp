#include "admin/IncidentsPanel.h"

#include "common/ErrorText.h"
#include "accounts/AccountService.h"
#include "common/Format.h"
#include "common/RecordTableModel.h"
#include "common/ViewState.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace rd::ui {

using accounts::Incident;

namespace {

// The platform's JSON list ("[\"backup_codes\",\"totp\"]") as words ("Backup codes, TOTP");
// generator names and regions are names, kept as written.
QString listText(const QString &json, bool identifiers)
{
    QStringList items;
    for (const QJsonValue &v : QJsonDocument::fromJson(json.toUtf8()).array())
        items << (identifiers ? humanize(v.toString()) : v.toString());
    return items.join(QStringLiteral(", "));
}

} // namespace

IncidentsPanel::IncidentsPanel(const AppContext &context, QWidget *parent)
    : QWidget(parent), m_context(context), m_note(new QLabel(this)), m_table(new QTableView(this)),
      m_model(new RecordTableModel<Incident>(
          {
              {tr("Incident"), [](const Incident &i) { return i.id; }},
              {tr("Kind"), [](const Incident &i) { return humanize(i.kind); }},
              {tr("Start (UTC)"), [](const Incident &i) { return formatTime(i.start); }},
              {tr("End (UTC)"), [](const Incident &i) { return formatTime(i.end); }},
              {tr("Duration"), [](const Incident &i) { return formatDuration(i.end - i.start); }},
              {tr("Components"), [](const Incident &i) {
                   const QString list = listText(i.components, true);
                   return list.isEmpty() ? tr("All") : list; // none named: every component (SPEC §6 OUTAGE)
               }},
              {tr("Generators"), [](const Incident &i) { return listText(i.generators, false); }},
              {tr("Regions"), [](const Incident &i) { return listText(i.regions, false); }},
              {tr("Summary"), [](const Incident &i) { return i.summary; }, {}, {}, [](const Incident &i) { return i.summary; }},
          },
          this))
{
    setObjectName(QStringLiteral("incidentsPage"));
    m_note->setObjectName(QStringLiteral("incidentsNote"));
    m_note->setWordWrap(true);
    setUpReadOnlyTable(m_table, QStringLiteral("incidentTable"), tr("Incidents"));
    m_table->setModel(m_model);
    const int widths[] = {110, 150, 150, 150, 90, 150, 120, 100};
    for (int c = 0; c < 8; ++c)
        m_table->setColumnWidth(c, widths[c]);
    persistHeader(m_table, QStringLiteral("incidents"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_note);
    layout->addWidget(m_table, 1);
    reload();
}

void IncidentsPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    reload();
}

void IncidentsPanel::reload()
{
    const AppContext context = m_context;
    m_load.read<Result<QList<accounts::Incident>>>(
        [context] { return accounts::AccountService(*context.database, *context.keys, *context.clock).incidents(context.session); },
        [this](const Result<QList<accounts::Incident>> &incidents) {
            if (!incidents) {
                m_note->setText(errorText(incidents.error()));
            } else {
                m_model->setRecords(incidents.value());
                m_note->setText(tr("%n incident(s). Incidents come from the platform's export (Import page); "
                                   "the diagnostics hold a rejected code against every window that covers it.",
                                   nullptr, int(incidents->size())));
            }
        });
}

} // namespace rd::ui
