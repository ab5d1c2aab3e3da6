#include "workspace/VerificationTab.h"

#include "common/ErrorText.h"
#include "cases/VerificationLevel.h"
#include "common/Format.h"
#include "common/RecordTableModel.h"
#include "common/ViewState.h"

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace rd::ui {

using cases::EvidenceRecord;

VerificationTab::VerificationTab(const AppContext &context, QWidget *parent)
    : CaseTab(context, parent), m_level(new QProgressBar(this)), m_missing(new QLabel(this)), m_table(new QTableView(this)),
      m_method(new QComboBox(this)), m_result(new QComboBox(this)), m_note(new QLineEdit(this)),
      m_add(new QPushButton(tr("&Record evidence"), this)), m_error(new QLabel(this)),
      m_model(new RecordTableModel<EvidenceRecord>(
          {
              {tr("Time (UTC)"), [](const EvidenceRecord &e) { return formatTime(e.at); }},
              {tr("Method"), [](const EvidenceRecord &e) { return humanize(e.method); }},
              {tr("Result"), [](const EvidenceRecord &e) { return humanize(e.result); },
               [](const EvidenceRecord &e) {
                   return icon(e.result == QLatin1String("pass") ? QStringLiteral("verdict-ruled-out") : QStringLiteral("verdict-cause"));
               }},
              {tr("Verified by"), [](const EvidenceRecord &e) { return e.verifier; }},
              {tr("Note"), [](const EvidenceRecord &e) { return e.note; }},
          },
          this))
{
    setObjectName(QStringLiteral("verificationTab"));
    m_level->setObjectName(QStringLiteral("verifLevel"));
    m_level->setAccessibleName(tr("Verification level"));
    m_level->setRange(0, 2);
    m_level->setTextVisible(true);
    m_missing->setObjectName(QStringLiteral("verifMissing"));
    m_missing->setWordWrap(true);
    setUpReadOnlyTable(m_table, QStringLiteral("evidenceTable"), tr("Evidence"));
    m_table->setModel(m_model);
    m_table->setColumnWidth(0, 160);
    m_table->setColumnWidth(1, 190);
    m_table->setColumnWidth(2, 90);
    m_table->setColumnWidth(3, 130);
    m_method->setObjectName(QStringLiteral("verifMethod"));
    m_method->setAccessibleName(tr("Method"));
    for (const QString &m : cases::evidenceMethods())
        m_method->addItem(humanize(m), m);
    m_result->setObjectName(QStringLiteral("verifResult"));
    m_result->setAccessibleName(tr("Result"));
    m_result->addItem(tr("Pass"), QStringLiteral("pass"));
    m_result->addItem(tr("Fail"), QStringLiteral("fail"));
    m_note->setObjectName(QStringLiteral("verifNote"));
    m_note->setAccessibleName(tr("Note"));
    m_note->setPlaceholderText(tr("What was checked (no document numbers)"));
    m_add->setObjectName(QStringLiteral("verifAdd"));
    m_error->setObjectName(QStringLiteral("verifError"));
    m_error->setWordWrap(true);
    m_error->hide();

    auto *meter = new QGroupBox(tr("Verification level"), this);
    auto *meterLayout = new QVBoxLayout(meter);
    meterLayout->addWidget(m_level);
    meterLayout->addWidget(m_missing);
    auto *form = new QGroupBox(tr("Record evidence"), this);
    auto *formLayout = new QHBoxLayout(form);
    formLayout->addWidget(m_method);
    formLayout->addWidget(m_result);
    formLayout->addWidget(m_note, 1);
    formLayout->addWidget(m_add);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(meter);
    layout->addWidget(m_table, 1);
    layout->addWidget(form);
    layout->addWidget(m_error);
    connect(m_add, &QPushButton::clicked, this, &VerificationTab::record);
    connect(m_note, &QLineEdit::returnPressed, this, &VerificationTab::record);
}

void VerificationTab::setCase(const cases::CaseDetails &details)
{
    const bool other = details.record.id != m_case.record.id;
    CaseTab::setCase(details);
    if (other)
        m_model->setRecords({});
    keepPlace(m_table, ListEnd::Stay, [&] { m_model->setRecords(details.evidence); });
    showLevel(details.level);
    const bool finished = details.record.state == cases::state::Resolved || details.record.state == cases::state::Closed;
    m_add->setEnabled(!finished && !m_work.busy());
}

void VerificationTab::showLevel(const cases::LevelResult &level)
{
    m_level->setValue(int(level.level));
    m_level->setFormat(humanize(cases::levelName(level.level)));
    if (level.level == cases::Level::Strong)
    {
        QStringList standing;
        for (const QString &m : level.standing)
            standing << humanize(m);
        m_missing->setText(tr("Strong: a reset may be requested. Standing: %1.").arg(standing.join(QStringLiteral(", "))));
    }
    else
        m_missing->setText(tr("<b>Strong still needs:</b> %1").arg(level.missing.join(QStringLiteral("; ")).toHtmlEscaped()));
}

void VerificationTab::clearInputs()
{
    m_note->clear();
    m_error->hide();
}

void VerificationTab::record()
{
    if (!m_add->isEnabled()) // Enter in the note field while a record runs, or on a finished case
        return;
    const AppContext context = m_context;
    const QString caseId = m_case.record.id;
    const QString method = m_method->currentData().toString();
    const QString result = m_result->currentData().toString();
    const QString note = m_note->text().trimmed();
    const int version = m_case.record.version;
    m_add->setEnabled(false);
    m_work.run<Result<cases::LevelResult>>(
        [context, caseId, method, result, note, version] {
            return cases::CaseService(*context.database, *context.keys, *context.clock)
                .addEvidence(context.session, caseId, method, result, note, version);
        },
        [this](const Result<cases::LevelResult> &level) {
            m_add->setEnabled(true);
            if (!level) {
                m_error->setText(errorText(level.error()));
                m_error->show();
                emit changed();
                return;
            }
            m_error->hide();
            m_note->clear();
            emit statusMessage(tr("Evidence recorded; the level is now %1.").arg(cases::levelName(level->level)));
            emit changed();
        },
        [this, caseId](const Result<cases::LevelResult> &level) { // the agent has moved to another case
            emit statusMessage(level ? tr("Evidence recorded for %1.").arg(caseId)
                                     : tr("The evidence for %1 was not recorded: %2").arg(caseId, errorText(level.error())));
        });
}

} // namespace rd::ui
