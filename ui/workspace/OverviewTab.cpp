#include "workspace/OverviewTab.h"

#include "cases/VerificationLevel.h"
#include "common/Format.h"
#include "common/RecordTableModel.h"
#include "common/ViewState.h"
#include "workspace/AnswerCard.h"

#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace rd::ui {

using cases::TimelineItem;

namespace {

QString sourceName(const QString &source)
{
    static const QHash<QString, QString> names{
        {QStringLiteral("attempt"), QObject::tr("Login attempt")},   {QStringLiteral("security"), QObject::tr("Security event")},
        {QStringLiteral("device"), QObject::tr("Device")},           {QStringLiteral("code_use"), QObject::tr("Code use")},
        {QStringLiteral("case"), QObject::tr("Case")},               {QStringLiteral("note"), QObject::tr("Note")},
        {QStringLiteral("evidence"), QObject::tr("Evidence")},
    };
    return names.value(source, humanize(source));
}

} // namespace

OverviewTab::OverviewTab(const AppContext &context, QWidget *parent)
    : CaseTab(context, parent), m_answer(new AnswerCard(this)), m_facts(new QLabel(this)), m_table(new QTableView(this)),
      m_model(new RecordTableModel<TimelineItem>(
          {
              {tr("Time (UTC)"), [](const TimelineItem &t) { return formatTime(t.at); }, {},
               [](const TimelineItem &t) { return t.at; }},
              {tr("Source"), [](const TimelineItem &t) { return sourceName(t.source); }},
              {tr("What happened"), [](const TimelineItem &t) { return t.text; }, {}, {},
               [](const TimelineItem &t) { return t.text; }},
              {tr("Record"), [](const TimelineItem &t) { return t.ref; }},
          },
          this)),
      m_proxy(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("overviewTab"));
    m_facts->setObjectName(QStringLiteral("overviewFacts"));
    m_facts->setWordWrap(true);
    m_facts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RecordTableModel<TimelineItem>::SortRole);
    setUpReadOnlyTable(m_table, QStringLiteral("timelineTable"), tr("Timeline"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(0, Qt::DescendingOrder);
    m_table->setColumnWidth(0, 160);
    m_table->setColumnWidth(1, 120);
    m_table->setColumnWidth(2, 560);
    persistHeader(m_table, QStringLiteral("timeline"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_answer);
    layout->addWidget(m_facts);
    connect(m_answer, &AnswerCard::nextStep, this, &CaseTab::showTabRequested);
    layout->addWidget(new QLabel(tr("<b>Timeline</b> — the account's attempts, security and device events, code uses and this case's actions"), this));
    layout->addWidget(m_table, 1);
}

void OverviewTab::setCase(const cases::CaseDetails &details)
{
    const bool other = details.record.id != m_case.record.id;
    CaseTab::setCase(details);
    const auto &r = details.record;
    // The answer of the latest diagnosis attached to the case, as the Diagnostics tab showed it.
    if (details.diagnoses.isEmpty())
        m_answer->showPrompt(tr("No diagnosis yet: run one on the Diagnostics tab with the code the user reads out."));
    else
        m_answer->showStored(diagnostics::DiagnosisReport::fromJson(
                                 QJsonDocument::fromJson(details.diagnoses.last().reportJson.toUtf8()).object()),
                             details.level.level == cases::Level::Strong,
                             r.state == cases::state::ResetDone || r.state == cases::state::Resolved || r.state == cases::state::Closed);
    QStringList causes;
    for (const auto &d : details.diagnoses)
        causes << QStringLiteral("%1 (%2, %3)").arg(d.primaryCause.isEmpty() ? tr("no cause found") : d.primaryCause,
                                                     formatTime(d.at), d.operatorName)
                      .toHtmlEscaped();
    m_facts->setText(tr("<table cellspacing='4'>"
                        "<tr><td><b>Channel</b></td><td>%1</td><td width='30'></td><td><b>Opened</b></td><td>%2 UTC by %3</td></tr>"
                        "<tr><td><b>Reporter</b></td><td>%4</td><td></td><td><b>First response</b></td><td>%5</td></tr>"
                        "<tr><td><b>Verification</b></td><td>%6</td><td></td><td><b>Diagnoses</b></td><td>%7</td></tr>"
                        "%8</table>")
                         .arg(humanize(r.channel), formatTime(r.createdAt), r.createdBy.toHtmlEscaped(),
                              details.maskedReporter.isEmpty() ? tr("not recorded") : details.maskedReporter.toHtmlEscaped(),
                              r.firstResponseAt ? formatTime(*r.firstResponseAt) + tr(" UTC") : tr("due %1 UTC").arg(formatTime(r.firstResponseDue)),
                              humanize(cases::levelName(details.level.level)),
                              causes.isEmpty() ? tr("none attached yet") : causes.join(QStringLiteral("<br>")),
                              r.resolution.isEmpty() ? QString()
                                                     : tr("<tr><td><b>Resolution</b></td><td colspan='4'>%1</td></tr>").arg(r.resolution.toHtmlEscaped())));
    if (other) {
        m_model->setRecords(details.timeline);
        m_table->scrollToTop();
    } else {
        keepPlace(m_table, ListEnd::Stay, [&] { m_model->setRecords(details.timeline); });
    }
}

} // namespace rd::ui
