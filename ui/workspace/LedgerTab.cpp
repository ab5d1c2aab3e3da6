#include "workspace/LedgerTab.h"

#include "accounts/AccountService.h"
#include "common/ErrorText.h"
#include "common/Format.h"
#include "common/RecordTableModel.h"
#include "common/ViewState.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace rd::ui {

using accounts::CodeRow;
using accounts::CodeSetSummary;

namespace {

QString setIssues(const CodeSetSummary &s)
{
    QStringList issues;
    if (s.malformed > 0)
        issues << QObject::tr("%n code(s) do not fit the format", nullptr, s.malformed);
    if (s.duplicates > 0)
        issues << QObject::tr("%n duplicate code(s)", nullptr, s.duplicates);
    return issues.join(QStringLiteral("; "));
}

QString setStateText(const CodeSetSummary &s)
{
    if (s.state == QLatin1String("superseded"))
        return QObject::tr("Superseded %1 by %2").arg(formatTime(s.supersededAt), s.supersededBy);
    if (s.state == QLatin1String("revoked"))
        return QObject::tr("Revoked %1 (%2)").arg(formatTime(s.revokedAt), humanize(s.revokedReason));
    return humanize(s.state);
}

// SPEC §4 acknowledged_at, as the platform reported it (blank when it does not).
QString confirmedText(const CodeSetSummary &s)
{
    if (!s.acknowledgmentReported)
        return {};
    if (s.neverConfirmed())
        return QObject::tr("Never confirmed by the user");
    return formatTime(s.acknowledgedAt);
}

} // namespace

LedgerTab::LedgerTab(const AppContext &context, QWidget *parent)
    : CaseTab(context, parent), m_remaining(new QLabel(this)), m_setTable(new QTableView(this)), m_codeTable(new QTableView(this)),
      m_sets(new RecordTableModel<CodeSetSummary>(
          {
              {tr("Set"), [](const CodeSetSummary &s) { return s.id; }},
              {tr("Generated (UTC)"), [](const CodeSetSummary &s) { return formatTime(s.generatedAt); }},
              {tr("Codes"), [](const CodeSetSummary &s) { return s.codes; }},
              {tr("Used"), [](const CodeSetSummary &s) { return s.used; }},
              {tr("Unused"), [](const CodeSetSummary &s) { return s.codes - s.used; }},
              {tr("Generator"), [](const CodeSetSummary &s) { return s.generator; }},
              {tr("Format"), [](const CodeSetSummary &s) { return s.format; }},
              {tr("Issues"), [](const CodeSetSummary &s) { return setIssues(s); },
               [](const CodeSetSummary &s) {
                   return s.malformed + s.duplicates > 0 ? icon(QStringLiteral("verdict-contributing")) : QIcon();
               }},
              {tr("State"), [](const CodeSetSummary &s) { return setStateText(s); },
               [](const CodeSetSummary &s) {
                   return icon(s.state == QLatin1String("active") ? QStringLiteral("verdict-ruled-out")
                                                                   : QStringLiteral("verdict-not-applicable"));
               }},
              {tr("Confirmed by the user (UTC)"), [](const CodeSetSummary &s) { return confirmedText(s); },
               [](const CodeSetSummary &s) { return s.neverConfirmed() ? icon(QStringLiteral("verdict-contributing")) : QIcon(); }},
          },
          this)),
      m_codes(new RecordTableModel<CodeRow>(
          {
              // The stored index, the number the diagnosis evidence uses ("code 3 of set …").
              {tr("Position"), [](const CodeRow &c) { return c.index; }},
              {tr("State"), [this](const CodeRow &c) { return codeStateText(c); },
               [this](const CodeRow &c) {
                   if (!c.fitsFormat)
                       return icon(QStringLiteral("verdict-contributing"));
                   return icon(c.usedAt || !usableSet(c.setId) ? QStringLiteral("verdict-not-applicable")
                                                               : QStringLiteral("verdict-ruled-out"));
               }},
              {tr("Used at (UTC)"), [](const CodeRow &c) { return formatTime(c.usedAt, QString()); }},
              {tr("Used on device"), [](const CodeRow &c) { return c.usedDevice; }},
              {tr("Used from IP"), [](const CodeRow &c) { return c.usedIp; }},
          },
          this))
{
    setObjectName(QStringLiteral("ledgerTab"));
    m_remaining->setObjectName(QStringLiteral("ledgerRemaining"));
    m_remaining->setWordWrap(true);
    setUpReadOnlyTable(m_setTable, QStringLiteral("codeSetTable"), tr("Code sets"));
    m_setTable->setModel(m_sets);
    setUpReadOnlyTable(m_codeTable, QStringLiteral("codeTable"), tr("Codes of the selected set"));
    m_codeTable->setModel(m_codes);
    const int setWidths[] = {170, 150, 60, 60, 70, 110, 80, 150};
    for (int c = 0; c < 8; ++c)
        m_setTable->setColumnWidth(c, setWidths[c]);
    m_codeTable->setColumnWidth(1, 220);
    m_codeTable->setColumnWidth(2, 160);
    m_codeTable->setColumnWidth(3, 160);
    persistHeader(m_setTable, QStringLiteral("codeSets"));
    persistHeader(m_codeTable, QStringLiteral("codes"));

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_setTable);
    auto *codes = new QWidget(split);
    auto *codesLayout = new QVBoxLayout(codes);
    codesLayout->setContentsMargins(0, 0, 0, 0);
    codesLayout->addWidget(new QLabel(tr("<b>Codes of the selected set</b> — positions and use only; code values are never shown"), codes));
    codesLayout->addWidget(m_codeTable);
    split->addWidget(codes);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_remaining);
    layout->addWidget(split, 1);

    connect(m_setTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (const CodeSetSummary *s = m_sets->recordAt(current.row()))
            showCodesOf(s->id);
    });
}

bool LedgerTab::usableSet(const QString &setId) const
{
    return m_setStates.value(setId) == QLatin1String("active");
}

// An unused code is only usable while its set is active: a superseded or revoked set's codes
// never show the green "Unused" an agent would read as "this one will work".
QString LedgerTab::codeStateText(const CodeRow &c) const
{
    if (!c.fitsFormat)
        return tr("Does not fit the set's format");
    if (c.usedAt)
        return tr("Used");
    const QString set = m_setStates.value(c.setId);
    if (set == QLatin1String("revoked"))
        return tr("Not usable: its set was revoked");
    if (set == QLatin1String("superseded"))
        return tr("Not usable: its set was replaced");
    return tr("Unused");
}

void LedgerTab::setAccount(const accounts::AccountProfile &profile)
{
    m_setStates.clear();
    for (const CodeSetSummary &s : profile.codeSets)
        m_setStates.insert(s.id, s.state);
    m_sets->setRecords(profile.codeSets);
    m_allCodes.clear();
    const AppContext context = m_context;
    const QString accountId = profile.summary.id;
    m_codesLoad.read<Result<QList<CodeRow>>>(
        [context, accountId] { return accounts::AccountService(*context.database, *context.keys, *context.clock).codes(context.session, accountId); },
        [this](const Result<QList<CodeRow>> &codes) {
            if (!codes) {
                m_remaining->setText(QStringLiteral("<b>%1</b>").arg(errorText(codes.error()).toHtmlEscaped()));
                return;
            }
            m_allCodes = codes.value();
            if (const CodeSetSummary *s = m_sets->recordAt(m_setTable->currentIndex().row()))
                showCodesOf(s->id);
        });
    const CodeSetSummary *active = nullptr;
    for (const CodeSetSummary &s : profile.codeSets)
        if (s.state == QLatin1String("active"))
            active = &s;
    if (active)
        m_remaining->setText(tr("<b>%1 of %2 codes remaining</b> in the active set %3 (generated %4 UTC by %5).")
                                 .arg(active->codes - active->used)
                                 .arg(active->codes)
                                 .arg(active->id, formatTime(active->generatedAt), active->generator.toHtmlEscaped()));
    else
        m_remaining->setText(profile.codeSets.isEmpty() ? tr("<b>This account has no backup codes.</b>")
                                                        : tr("<b>No active set:</b> every set was superseded or revoked."));
    if (!profile.codeSets.isEmpty())
        m_setTable->setCurrentIndex(m_sets->index(0, 0));
    else
        m_codes->setRecords({});
}

void LedgerTab::showCodesOf(const QString &setId)
{
    QList<CodeRow> rows;
    for (const CodeRow &c : std::as_const(m_allCodes))
        if (c.setId == setId)
            rows.append(c);
    m_codes->setRecords(rows);
}

} // namespace rd::ui
