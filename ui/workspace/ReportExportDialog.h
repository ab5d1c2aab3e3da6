#pragma once

#include "AppContext.h"
#include "common/Result.h"
#include "reports/ReportService.h"

#include <QDialog>
#include <QPointer>
#include <QUrl>

#include <functional>

class QCheckBox;
class QFutureWatcherBase;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace rd::ui {

// Export a case report (SPEC §11): format, file, progress. The export runs on a worker thread
// (the window never freezes), goes through core's ReportService (role check and audit there)
// and, when done, opens the folder holding the file.
class ReportExportDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReportExportDialog)
public:
    // Opens the folder of a written report; the default uses QDesktopServices.
    using FolderOpener = std::function<void(const QUrl &folder)>;

    ReportExportDialog(const AppContext &context, const QString &caseId, QWidget *parent = nullptr);
    ~ReportExportDialog() override;

    // Tests (and callers that do not want a file manager popping up) replace or skip it
    // (an empty function opens nothing).
    void setFolderOpener(FolderOpener opener) { m_openFolder = std::move(opener); }
    bool isExporting() const { return m_exporting; }
    QString writtenFile() const { return m_written; }

signals:
    void exported(const QString &path);
    void exportFailed(const QString &message);

protected:
    void reject() override;

private:
    void browse();
    void formatChanged();
    void startExport();
    void finish(const Result<reports::ExportResult> &result);
    reports::ReportFormat format() const;

    AppContext m_context;
    QString m_caseId;
    FolderOpener m_openFolder;
    QComboBox *m_format;
    QLineEdit *m_path;
    QPushButton *m_browse;
    QCheckBox *m_openWhenDone;
    QProgressBar *m_progress;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
    QPushButton *m_export;
    QPointer<QFutureWatcherBase> m_job; // the export running on a database thread (common/Background.h)
    bool m_exporting = false;
    QString m_written;
};

} // namespace rd::ui
