#include "workspace/DevicesTab.h"

#include "accounts/AccountService.h"
#include "common/ErrorText.h"
#include "common/Format.h"
#include "common/RecordTableModel.h"
#include "common/ViewState.h"

#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace rd::ui {

using accounts::DeviceEventRow;
using accounts::DeviceSummary;

namespace {

QIcon trustIcon(const QString &trust)
{
    if (trust == QLatin1String("trusted"))
        return icon(QStringLiteral("verdict-ruled-out"));
    if (trust == QLatin1String("revoked") || trust == QLatin1String("flagged"))
        return icon(QStringLiteral("verdict-cause"));
    return icon(QStringLiteral("verdict-not-applicable"));
}

} // namespace

DevicesTab::DevicesTab(const AppContext &context, QWidget *parent)
    : CaseTab(context, parent), m_deviceTable(new QTableView(this)), m_historyTable(new QTableView(this)),
      m_devices(new RecordTableModel<DeviceSummary>(
          {
              {tr("Device"), [](const DeviceSummary &d) { return d.id; }},
              {tr("Label"), [](const DeviceSummary &d) { return d.label; }},
              {tr("Trust now"), [](const DeviceSummary &d) { return humanize(d.trust); },
               [](const DeviceSummary &d) { return trustIcon(d.trust); }},
              {tr("Trust changed (UTC)"), [](const DeviceSummary &d) { return formatTime(d.trustChangedAt); }},
              {tr("First seen (UTC)"), [](const DeviceSummary &d) { return formatTime(d.firstSeen); }},
              {tr("Events"), [](const DeviceSummary &d) { return d.events; }},
          },
          this)),
      m_history(new RecordTableModel<DeviceEventRow>(
          {
              {tr("Time (UTC)"), [](const DeviceEventRow &e) { return formatTime(e.at); }},
              {tr("Event"), [](const DeviceEventRow &e) { return humanize(e.event); },
               [](const DeviceEventRow &e) { return trustIcon(e.event); }},
              {tr("By"), [](const DeviceEventRow &e) { return e.actor; }},
              {tr("Note"), [](const DeviceEventRow &e) { return e.note; }},
          },
          this))
{
    setObjectName(QStringLiteral("devicesTab"));
    setUpReadOnlyTable(m_deviceTable, QStringLiteral("deviceTable"), tr("Devices"));
    m_deviceTable->setModel(m_devices);
    setUpReadOnlyTable(m_historyTable, QStringLiteral("deviceHistoryTable"), tr("Trust history of the selected device"));
    m_historyTable->setModel(m_history);
    m_deviceTable->setColumnWidth(0, 130);
    m_deviceTable->setColumnWidth(1, 220);
    m_deviceTable->setColumnWidth(2, 130);
    m_deviceTable->setColumnWidth(3, 160);
    m_deviceTable->setColumnWidth(4, 160);
    m_historyTable->setColumnWidth(0, 160);
    m_historyTable->setColumnWidth(1, 140);
    m_historyTable->setColumnWidth(2, 140);
    persistHeader(m_deviceTable, QStringLiteral("devices"));
    persistHeader(m_historyTable, QStringLiteral("deviceHistory"));
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_deviceTable);
    auto *history = new QWidget(split);
    auto *historyLayout = new QVBoxLayout(history);
    historyLayout->setContentsMargins(0, 0, 0, 0);
    historyLayout->addWidget(new QLabel(tr("<b>Trust history</b> of the selected device"), history));
    historyLayout->addWidget(m_historyTable);
    split->addWidget(history);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);
    connect(m_deviceTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (const DeviceSummary *d = m_devices->recordAt(current.row()))
            showHistoryOf(d->id);
    });
}

void DevicesTab::setAccount(const accounts::AccountProfile &profile)
{
    m_devices->setRecords(profile.devices);
    m_allEvents.clear();
    const AppContext context = m_context;
    const QString accountId = profile.summary.id;
    m_events.read<Result<QList<DeviceEventRow>>>(
        [context, accountId] {
            return accounts::AccountService(*context.database, *context.keys, *context.clock).deviceEvents(context.session, accountId);
        },
        [this](const Result<QList<DeviceEventRow>> &events) {
            if (!events) {
                emit statusMessage(errorText(events.error()));
                return;
            }
            m_allEvents = events.value();
            if (const DeviceSummary *d = m_devices->recordAt(m_deviceTable->currentIndex().row()))
                showHistoryOf(d->id);
        });
    if (!profile.devices.isEmpty())
        m_deviceTable->setCurrentIndex(m_devices->index(0, 0));
    else
        m_history->setRecords({});
}

void DevicesTab::showHistoryOf(const QString &deviceId)
{
    QList<DeviceEventRow> rows;
    for (const DeviceEventRow &e : std::as_const(m_allEvents))
        if (e.deviceId == deviceId)
            rows.append(e);
    m_history->setRecords(rows);
}

} // namespace rd::ui
