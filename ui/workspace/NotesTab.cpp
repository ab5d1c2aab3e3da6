#include "workspace/NotesTab.h"

#include "common/ErrorText.h"
#include "common/Format.h"
#include "common/RecordTableModel.h"
#include "common/ViewState.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace rd::ui {

using cases::NoteRecord;

NotesTab::NotesTab(const AppContext &context, QWidget *parent)
    : CaseTab(context, parent), m_table(new QTableView(this)), m_text(new QPlainTextEdit(this)),
      m_add(new QPushButton(tr("&Add note"), this)), m_error(new QLabel(this)),
      m_model(new RecordTableModel<NoteRecord>(
          {
              {tr("Time (UTC)"), [](const NoteRecord &n) { return formatTime(n.at); }},
              {tr("Author"), [](const NoteRecord &n) { return n.author; }},
              {tr("Note"), [](const NoteRecord &n) { return n.text; }, {}, {}, [](const NoteRecord &n) { return n.text; }},
          },
          this))
{
    setObjectName(QStringLiteral("notesTab"));
    setUpReadOnlyTable(m_table, QStringLiteral("notesTable"), tr("Notes"));
    m_table->setWordWrap(true);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setModel(m_model);
    m_table->setColumnWidth(0, 160);
    m_table->setColumnWidth(1, 130);
    m_text->setObjectName(QStringLiteral("noteText"));
    m_text->setAccessibleName(tr("New note"));
    m_text->setPlaceholderText(tr("Add a note for the next person on this case (Ctrl+Enter to save)"));
    m_text->setMaximumHeight(110);
    m_add->setObjectName(QStringLiteral("noteAdd"));
    m_add->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_error->setObjectName(QStringLiteral("noteError"));
    m_error->setWordWrap(true);
    m_error->hide();
    auto *row = new QHBoxLayout;
    row->addWidget(m_text, 1);
    row->addWidget(m_add, 0, Qt::AlignBottom);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addLayout(row);
    layout->addWidget(m_error);
    connect(m_add, &QPushButton::clicked, this, &NotesTab::add);
}

void NotesTab::setCase(const cases::CaseDetails &details)
{
    if (details.record.id != m_case.record.id)
        m_model->setRecords({}); // another case: its newest notes show
    CaseTab::setCase(details);
    m_add->setEnabled(!m_work.busy()); // a save for the case left behind still happens; its answer is dropped
    keepPlace(m_table, ListEnd::Follow, [&] { m_model->setRecords(details.notes); });
}

void NotesTab::clearInputs()
{
    m_text->clear();
    m_error->hide();
}

void NotesTab::add()
{
    const QString text = m_text->toPlainText().trimmed();
    if (text.isEmpty())
        return;
    const AppContext context = m_context;
    const QString caseId = m_case.record.id;
    const int version = m_case.record.version;
    m_add->setEnabled(false);
    m_work.run<Result<cases::CaseRecord>>(
        [context, caseId, text, version] {
            return cases::CaseService(*context.database, *context.keys, *context.clock).note(context.session, caseId, text, version);
        },
        [this, caseId](const Result<cases::CaseRecord> &noted) {
            m_add->setEnabled(true);
            if (!noted) {
                m_error->setText(errorText(noted.error()));
                m_error->show();
                emit changed(); // e.g. someone else changed the case: reload it, keep the draft
                return;
            }
            m_error->hide();
            m_text->clear();
            emit statusMessage(tr("Note added to %1.").arg(caseId));
            emit changed();
        },
        [this, caseId](const Result<cases::CaseRecord> &noted) { // the agent has moved to another case
            emit statusMessage(noted ? tr("Note added to %1.").arg(caseId)
                                     : tr("The note for %1 was not saved: %2").arg(caseId, errorText(noted.error())));
        });
}

} // namespace rd::ui
