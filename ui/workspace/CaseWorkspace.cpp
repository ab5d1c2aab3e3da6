#include "workspace/CaseWorkspace.h"

#include "common/ErrorText.h"
#include "accounts/AccountService.h"
#include "workspace/AttemptsTab.h"
#include "workspace/CaseAuditTab.h"
#include "workspace/CaseHeader.h"
#include "workspace/DevicesTab.h"
#include "workspace/DiagnosticsTab.h"
#include "workspace/LedgerTab.h"
#include "workspace/NotesTab.h"
#include "workspace/OverviewTab.h"
#include "workspace/ResetTab.h"
#include "workspace/VerificationTab.h"

#include <QLabel>
#include <QStackedWidget>
#include <QTabWidget>
#include <QVBoxLayout>

namespace rd::ui {

CaseWorkspace::CaseWorkspace(const AppContext &context, QWidget *parent)
    : QWidget(parent), m_context(context), m_stack(new QStackedWidget(this)), m_empty(new QLabel(this)), m_body(new QWidget(this)),
      m_header(new CaseHeader(context, this)), m_tabs(new QTabWidget(this))
{
    setObjectName(QStringLiteral("caseWorkspace"));
    m_empty->setObjectName(QStringLiteral("workspaceEmpty"));
    m_empty->setText(tr("<p style='font-size:large'>No case open</p>"
                        "<p>Select a case in the queue, or open a new one with <b>Ctrl+N</b>.</p>"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_tabs->setObjectName(QStringLiteral("workspaceTabs"));
    addTab(new OverviewTab(context, this), tr("&Overview"));
    addTab(new LedgerTab(context, this), tr("Code &ledger"));
    addTab(new DevicesTab(context, this), tr("De&vices"));
    addTab(new AttemptsTab(context, this), tr("Login &attempts"));
    addTab(new DiagnosticsTab(context, this), tr("&Diagnostics"));
    addTab(new VerificationTab(context, this), tr("Ver&ification"));
    addTab(new ResetTab(context, this), tr("R&eset"));
    addTab(new NotesTab(context, this), tr("&Notes"));
    addTab(new CaseAuditTab(context, this), tr("A&udit"));

    auto *bodyLayout = new QVBoxLayout(m_body);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    bodyLayout->addWidget(m_header);
    bodyLayout->addWidget(m_tabs, 1);
    m_stack->addWidget(m_empty);
    m_stack->addWidget(m_body);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    connect(m_header, &CaseHeader::changed, this, &CaseWorkspace::reload);
    connect(m_header, &CaseHeader::statusMessage, this, &CaseWorkspace::statusMessage);
}

void CaseWorkspace::addTab(CaseTab *tab, const QString &title)
{
    m_tabs->addTab(tab, title);
    m_caseTabs.append(tab);
    connect(tab, &CaseTab::changed, this, &CaseWorkspace::reload);
    connect(tab, &CaseTab::statusMessage, this, &CaseWorkspace::statusMessage);
    connect(tab, &CaseTab::showTabRequested, this, [this](const QString &name) { showTab(name); });
}

bool CaseWorkspace::showTab(const QString &name)
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (m_tabs->widget(i)->objectName() == name) {
            m_tabs->setCurrentIndex(i);
            return true;
        }
    }
    return false;
}

void CaseWorkspace::clearInputs()
{
    for (CaseTab *tab : std::as_const(m_caseTabs))
        tab->clearInputs();
}

void CaseWorkspace::openCase(const QString &caseId)
{
    if (caseId.isEmpty() || caseId == m_caseId)
        return;
    m_caseId = caseId;
    refresh(true);
}

void CaseWorkspace::reload()
{
    if (m_caseId.isEmpty())
        return;
    refresh(false);
    emit caseChanged(m_caseId);
}

void CaseWorkspace::followChanges()
{
    if (m_caseId.isEmpty())
        return;
    // Never superseding a read on its way: an opening is shown (and its view recorded) as asked.
    m_load.afterPending([this] {
        if (!m_caseId.isEmpty())
            refresh(false);
    });
}

// What opening or reloading a case reads: the case, and the account's profile when the case's
// account is not the one already shown. Opening a case is a view the trail records; reading the
// case shown already again (after a change, the agent's or a teammate's) is not.
struct CaseWorkspace::Loaded {
    Result<cases::CaseDetails> details;
    std::optional<Result<accounts::AccountProfile>> profile;
    bool opening = false;
};

void CaseWorkspace::refresh(bool reloadAccount)
{
    // A reload that supersedes an opening still reads the account the opening asked for.
    m_accountPending = m_accountPending || reloadAccount;
    const AppContext context = m_context;
    const QString caseId = m_caseId;
    const QString shownAccount = m_accountPending ? QString() : m_accountId;
    const bool opening = m_accountPending;
    m_load.read<Loaded>(
        [context, caseId, shownAccount, opening] {
            cases::CaseService service(*context.database, *context.keys, *context.clock);
            Loaded loaded{opening ? service.show(context.session, caseId) : service.follow(context.session, caseId), {}, opening};
            if (loaded.details && loaded.details->record.accountId != shownAccount)
                loaded.profile = accounts::AccountService(*context.database, *context.keys, *context.clock)
                                     .show(context.session, loaded.details->record.accountId, 0);
            return loaded;
        },
        [this](const Loaded &result) {
            m_accountPending = false;
            showLoaded(result);
        });
}

void CaseWorkspace::showLoaded(const Loaded &loaded)
{
    const auto &details = loaded.details;
    if (!details && !loaded.opening) {
        // The case shown stays (with what the agent typed): a lost connection or a refused read
        // again is news for the status bar, not a reason to close the case.
        emit statusMessage(errorText(details.error()));
        return;
    }
    if (!details) {
        m_stack->setCurrentWidget(m_empty);
        m_empty->setText(errorText(details.error()));
        emit statusMessage(errorText(details.error()));
        m_caseId.clear();
        m_accountId.clear();
        return;
    }
    m_stack->setCurrentWidget(m_body);
    if (loaded.profile) {
        m_accountId = details->record.accountId;
        const auto &profile = *loaded.profile;
        if (profile) {
            m_header->setAccount(profile.value());
            for (CaseTab *tab : std::as_const(m_caseTabs))
                tab->setAccount(profile.value());
        } else {
            emit statusMessage(errorText(profile.error()));
        }
    }
    m_header->setCase(details.value());
    for (CaseTab *tab : std::as_const(m_caseTabs))
        tab->setCase(details.value());
    if (!loaded.opening && !loaded.profile) {
        for (CaseTab *tab : std::as_const(m_caseTabs))
            tab->followAccount();
    }
}

} // namespace rd::ui
