#include "admin/QuarantinePanel.h"

#include "common/ErrorText.h"
#include "common/Format.h"
#include "common/RecordTableModel.h"
#include "common/ViewState.h"
#include "importer/Feed.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace rd::ui {

using importer::QuarantinedLine;

namespace {

constexpr int kShown = 500;

} // namespace

QuarantinePanel::QuarantinePanel(const AppContext &context, QWidget *parent)
    : QWidget(parent), m_context(context), m_note(new QLabel(this)), m_refresh(new QPushButton(tr("&Refresh"), this)),
      m_table(new QTableView(this)),
      m_model(new RecordTableModel<QuarantinedLine>(
          {
              {tr("Received (UTC)"), [](const QuarantinedLine &q) { return formatTime(q.receivedAt); }},
              {tr("Feed"), [](const QuarantinedLine &q) { return q.feed; }},
              {tr("Line"), [](const QuarantinedLine &q) { return QString::number(q.line); }},
              {tr("Record"), [](const QuarantinedLine &q) { return q.recordType.isEmpty() ? tr("not a record") : humanize(q.recordType); }},
              {tr("Why it was kept out"), [](const QuarantinedLine &q) { return q.error; }, {}, {},
               [](const QuarantinedLine &q) { return q.error; }},
              {tr("The record (identifiers only)"), [](const QuarantinedLine &q) {
                   return q.excerpt.isEmpty() ? tr("(not a JSON object; %n byte(s))", nullptr, int(q.lineBytes)) : q.excerpt;
               }, {}, {}, [](const QuarantinedLine &q) {
                   return tr("%1\nThe line is %n byte(s) long. Only identifiers, times and kinds are kept; the rest is "
                             "in the source, at this line.", nullptr, int(q.lineBytes))
                       .arg(q.excerpt.isEmpty() ? tr("Not a JSON object.") : q.excerpt);
               }},
          },
          this))
{
    setObjectName(QStringLiteral("quarantinePanel"));
    m_note->setObjectName(QStringLiteral("quarantineNote"));
    m_note->setWordWrap(true);
    m_refresh->setObjectName(QStringLiteral("quarantineRefresh"));
    m_refresh->setShortcut(QKeySequence::Refresh);
    m_refresh->setToolTip(tr("Read the quarantine again (F5)"));
    setUpReadOnlyTable(m_table, QStringLiteral("quarantineTable"), tr("Lines the live feed kept out"));
    m_table->setModel(m_model);
    const int widths[] = {150, 160, 60, 110, 360};
    for (int c = 0; c < 5; ++c)
        m_table->setColumnWidth(c, widths[c]);
    persistHeader(m_table, QStringLiteral("quarantine"));
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("<h3>Live feed: lines kept out</h3>"), this), 1);
    top->addWidget(m_refresh);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_note);
    layout->addWidget(m_table, 1);
    connect(m_refresh, &QPushButton::clicked, this, &QuarantinePanel::reload);
}

void QuarantinePanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    reload();
}

// The live desk: a batch that kept lines out is listed while the page is shown, in place.
void QuarantinePanel::followChanges()
{
    if (isVisible())
        m_load.afterPending([this] { reload(); });
}

void QuarantinePanel::reload()
{
    const AppContext context = m_context;
    m_load.read<Result<importer::QuarantineView>>(
        [context] { return importer::quarantined(*context.database, *context.keys, context.session, kShown, *context.clock); },
        [this](const Result<importer::QuarantineView> &view) {
            if (!view) {
                m_note->setText(errorText(view.error()));
                return;
            }
            keepPlace(m_table, ListEnd::Stay, [&] { m_model->setRecords(view->newest); });
            if (view->total == 0)
                m_note->setText(tr("No line was kept out. The live feed (recoverydesk-cli import --follow) quarantines a line it cannot import "
                                   "(not a record, or a reference that never came) and goes on; it is listed here."));
            else
                m_note->setText(tr("%Ln line(s) kept out%1. Correct them at the source and send them again: records sent "
                                   "twice change nothing. Codes, email addresses and phone numbers are never kept.",
                                   nullptr, int(view->total))
                                    .arg(view->total > kShown ? tr(" (the newest %1 shown)").arg(kShown) : QString()));
        });
}

} // namespace rd::ui
