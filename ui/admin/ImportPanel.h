#pragma once

#include "AppContext.h"

#include "common/Result.h"

#include <QWidget>

#include <functional>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QFutureWatcherBase;

namespace rd::importer {
struct ImportStats;
struct ImportProgress;
}

namespace rd::ui {

class QuarantinePanel;

// Imports a platform export on a database thread with progress and cancel. The import is
// one transaction: cancelling, like any error, writes nothing. Below it, the lines the live feed
// kept out (QuarantinePanel).
class ImportPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportPanel)
public:
    explicit ImportPanel(const AppContext &context, QWidget *parent = nullptr);
    ~ImportPanel() override;

    bool isRunning() const { return m_running; }

    QuarantinePanel *quarantine() const { return m_quarantine; }

public slots:
    void start();
    // The live desk: what another process committed (a feed's batch) is shown.
    void followChanges();
    void startDemo();
    void cancel();

signals:
    void finished(bool ok);

private:
    using Work = std::function<Result<importer::ImportStats>(const std::function<bool(const importer::ImportProgress &)> &)>;
    void run(const QString &what, const Work &work);
    void setRunning(bool running);

    const AppContext &m_context;
    QLineEdit *m_path;
    QPushButton *m_browse;
    QPushButton *m_start;
    QPushButton *m_cancel;
    QPushButton *m_demo;
    QProgressBar *m_progress;
    QLabel *m_status;
    QuarantinePanel *m_quarantine;
    bool m_running = false;
    QFutureWatcherBase *m_watcher = nullptr;
};

} // namespace rd::ui
