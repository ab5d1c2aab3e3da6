#pragma once

#include "AppContext.h"
#include "common/Background.h"

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

    QString caseId() const { return m_caseId; }
    void done(int result) override;

private:
    void submit();

    const AppContext &m_context;
    QLineEdit *m_account;
    QComboBox *m_channel;
    QComboBox *m_priority;
    QLineEdit *m_summary;
    QLineEdit *m_reporter;
    QLabel *m_error;
    QString m_caseId;
    QPushButton *m_openButton = nullptr;
    AsyncLane m_work{this};
};

} // namespace rd::ui
