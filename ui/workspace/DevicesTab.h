#pragma once

#include "workspace/CaseTab.h"

class QTableView;

namespace rd::ui {

template <typename T>
class RecordTableModel;

// The account's devices with their current trust, and the trust history of the selected one.
class DevicesTab final : public CaseTab {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DevicesTab)
public:
    DevicesTab(const AppContext &context, QWidget *parent = nullptr);

    void setAccount(const accounts::AccountProfile &profile) override;
    RecordTableModel<accounts::DeviceSummary> *deviceModel() const { return m_devices; }
    RecordTableModel<accounts::DeviceEventRow> *historyModel() const { return m_history; }

private:
    void showHistoryOf(const QString &deviceId);

    QTableView *m_deviceTable;
    QTableView *m_historyTable;
    RecordTableModel<accounts::DeviceSummary> *m_devices;
    RecordTableModel<accounts::DeviceEventRow> *m_history;
    QList<accounts::DeviceEventRow> m_allEvents;
    AsyncLane m_events{this}; // the device history of the account shown
};

} // namespace rd::ui
