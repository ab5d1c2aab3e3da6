#pragma once

#include "AppContext.h"
#include "common/Background.h"
#include "model/CaseTypes.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QPushButton;
class QLineEdit;
class QPlainTextEdit;

namespace rd::ui {

// Opens a lockout case: account, channel, priority, summary and the reporter's contact
// (stored encrypted, shown masked afterwards).
class NewCaseDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NewCaseDialog)
public:
    NewCaseDialog(const AppContext &context, const QString &accountId, QWidget *parent = nullptr);

    // The case opened, or the account's existing open case the agent chose instead.
    QString caseId() const { return m_caseId; }
    void done(int result) override;

private:
    void submit();
    // Looks up the account's open cases: one already open is offered first, as the default.
    void checkOpenCases();
    void showOpenCases(const QList<cases::CaseRecord> &open);

    const AppContext &m_context;
    QLineEdit *m_account;
    QComboBox *m_channel;
    QComboBox *m_priority;
    QLineEdit *m_summary;
    QLineEdit *m_reporter;
    QLabel *m_error;
    QLabel *m_existing;
    QPushButton *m_openExisting;
    QString m_caseId;
    QString m_existingId;
    QPushButton *m_openButton = nullptr;
    AsyncLane m_work{this};
    AsyncLane m_lookup{this};
};

} // namespace rd::ui
