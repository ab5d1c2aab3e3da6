#include "AccountBrowser.h"

#include "common/ErrorText.h"
#include "AccountListModel.h"
#include "AccountProfileView.h"
#include "accounts/AccountService.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace rd::ui {

AccountBrowser::AccountBrowser(const AppContext &context, QWidget *parent)
    : QWidget(parent), m_context(context), m_search(new QLineEdit(this)), m_table(new QTableView(this)),
      m_count(new QLabel(this)), m_model(new AccountListModel(this)), m_proxy(new QSortFilterProxyModel(this)),
      m_profile(new AccountProfileView(this))
{
    setObjectName(QStringLiteral("accountBrowser"));
    m_search->setObjectName(QStringLiteral("accountSearch"));
    m_search->setPlaceholderText(tr("Search by account id, handle, name, or exact email or phone (Ctrl+F)"));
    m_search->setAccessibleName(tr("Search accounts"));
    m_search->setClearButtonEnabled(true);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(Qt::DisplayRole);
    m_table->setObjectName(QStringLiteral("accountTable"));
    m_table->setAccessibleName(tr("Accounts"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(AccountListModel::Id, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    m_count->setObjectName(QStringLiteral("accountCount"));

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_search);
    leftLayout->addWidget(m_table, 1);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_count, 1);
    if (auth::roleAllows(context.session.role, auth::Permission::WorkCases)) {
        auto *open = new QPushButton(tr("Open a &case for this account…"), left);
        open->setObjectName(QStringLiteral("accountOpenCase"));
        connect(open, &QPushButton::clicked, this, [this] {
            const QModelIndex current = m_table->currentIndex();
            if (current.isValid())
                emit openCaseRequested(m_proxy->index(current.row(), 0).data(AccountListModel::IdRole).toString());
        });
        bottom->addWidget(open);
    }
    leftLayout->addLayout(bottom);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(m_profile);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({560, 720});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    // Searching waits for a pause in typing so every keystroke does not hit the database.
    auto *debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(250);
    connect(m_search, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(debounce, &QTimer::timeout, this, &AccountBrowser::reload);
    connect(m_search, &QLineEdit::returnPressed, this, &AccountBrowser::reload);
    // Showing a profile is an audited view: only a click or Enter shows one, never a row the
    // list highlighted by itself or that arrowing passed through.
    connect(m_table, &QTableView::activated, this, &AccountBrowser::showSelected);
    if (!m_table->style()->styleHint(QStyle::SH_ItemView_ActivateItemOnSingleClick, nullptr, m_table))
        connect(m_table, &QTableView::clicked, this, &AccountBrowser::showSelected); // else activated covers clicks: one view
    m_profile->showMessage(tr("Click an account, or move to it and press Enter, to see its profile."));
    reload();
}

void AccountBrowser::focusSearch()
{
    m_search->setFocus();
    m_search->selectAll();
}

void AccountBrowser::reload()
{
    const AppContext context = m_context;
    const QString search = m_search->text();
    m_listing.read<Result<QList<accounts::AccountSummary>>>(
        [context, search] { return accounts::AccountService(*context.database, *context.keys).list(context.session, search); },
        [this](const Result<QList<accounts::AccountSummary>> &list) {
            if (!list) {
                m_model->setAccounts({});
                m_count->setText(errorText(list.error()));
                m_profile->showMessage(errorText(list.error()));
            } else {
                m_model->setAccounts(list.value());
                m_count->setText(tr("%n account(s)", nullptr, int(list->size())));
                m_table->resizeColumnsToContents();
            }
        });
}

void AccountBrowser::showSelected()
{
    const QModelIndex current = m_proxy->mapToSource(m_table->currentIndex());
    const accounts::AccountSummary *summary = m_model->accountAt(current.row());
    if (!summary)
        return;
    const AppContext context = m_context;
    const QString accountId = summary->id;
    m_profileLoad.read<Result<accounts::AccountProfile>>(
        [context, accountId] { return accounts::AccountService(*context.database, *context.keys).show(context.session, accountId); },
        [this, accountId](const Result<accounts::AccountProfile> &profile) {
            if (!profile) {
                m_profile->showMessage(errorText(profile.error()));
            } else {
                m_profile->showProfile(profile.value());
                emit statusMessage(tr("Showing account %1").arg(accountId));
            }
        });
}

} // namespace rd::ui
