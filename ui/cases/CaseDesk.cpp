#include "cases/CaseDesk.h"

#include "cases/CaseQueuePanel.h"
#include "workspace/CaseWorkspace.h"
#include "cases/NewCaseDialog.h"

#include <QHBoxLayout>
#include <QSettings>
#include <QSplitter>

namespace rd::ui {

namespace {
const QString kSplitterKey = QStringLiteral("caseDesk/splitter");
}

CaseDesk::CaseDesk(const AppContext &context, QWidget *parent)
    : QWidget(parent), m_context(context), m_splitter(new QSplitter(this)), m_queue(new CaseQueuePanel(context, this)),
      m_workspace(new CaseWorkspace(context, this))
{
    setObjectName(QStringLiteral("casesPage"));
    m_splitter->setObjectName(QStringLiteral("caseDeskSplitter"));
    m_splitter->addWidget(m_queue);
    m_splitter->addWidget(m_workspace);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 5);
    m_splitter->setChildrenCollapsible(false);
    if (!m_splitter->restoreState(QSettings().value(kSplitterKey).toByteArray()))
        m_splitter->setSizes({600, 1000});
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);

    connect(m_queue, &CaseQueuePanel::caseActivated, m_workspace, &CaseWorkspace::openCase);
    connect(m_workspace, &CaseWorkspace::caseChanged, m_queue, &CaseQueuePanel::reload);
    connect(m_workspace, &CaseWorkspace::statusMessage, this, &CaseDesk::statusMessage);
    connect(m_queue, &CaseQueuePanel::statusMessage, this, &CaseDesk::statusMessage);
}

CaseDesk::~CaseDesk()
{
    QSettings().setValue(kSplitterKey, m_splitter->saveState());
}

void CaseDesk::openCase(const QString &caseId)
{
    m_queue->select(caseId);
    m_workspace->openCase(caseId);
}

void CaseDesk::newCase(const QString &accountId)
{
    auto *dialog = new NewCaseDialog(m_context, accountId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_queue->reloadAndSelect(dialog->caseId());
        m_workspace->openCase(dialog->caseId());
        emit statusMessage(tr("Opened case %1.").arg(dialog->caseId()));
    });
    dialog->open();
}

void CaseDesk::focusSearch() { m_queue->focusSearch(); }

void CaseDesk::followChanges()
{
    m_queue->followChanges();
    m_workspace->followChanges();
}

void CaseDesk::reload()
{
    m_queue->reload();
    m_workspace->reload();
}

} // namespace rd::ui
