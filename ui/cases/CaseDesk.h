#pragma once

#include "AppContext.h"

#include <QWidget>

class QSplitter;

namespace rd::ui {

class CaseQueuePanel;
class CaseWorkspace;

// The agent's desk: the case queue on the left, the open case's workspace on the right.
class CaseDesk final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CaseDesk)
public:
    explicit CaseDesk(const AppContext &context, QWidget *parent = nullptr);
    ~CaseDesk() override;

    CaseQueuePanel *queue() const { return m_queue; }
    CaseWorkspace *workspace() const { return m_workspace; }
    void openCase(const QString &caseId);
    // Opens the new-case dialog (for accountId when given) and then the new case.
    void newCase(const QString &accountId);
    void focusSearch();

public slots:
    void reload();
    // A change was committed somewhere (the live desk): the queue and the open case follow it.
    void followChanges();

signals:
    void statusMessage(const QString &message);

private:
    const AppContext &m_context;
    QSplitter *m_splitter;
    CaseQueuePanel *m_queue;
    CaseWorkspace *m_workspace;
};

} // namespace rd::ui
