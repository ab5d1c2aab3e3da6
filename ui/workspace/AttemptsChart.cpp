#include "workspace/AttemptsChart.h"

#include "common/Format.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QMap>
#include <QStackedBarSeries>
#include <QTimeZone>
#include <QValueAxis>
#include <QVBoxLayout>

namespace rd::ui {

namespace {

QColor seriesColor(const QString &name, int index)
{
    if (name == QLatin1String("success"))
        return QColor(0x2e, 0x7d, 0x32);
    if (name == QLatin1String("failure"))
        return QColor(0xc6, 0x28, 0x28);
    static const QColor palette[] = {QColor(0x3b, 0x78, 0xc4), QColor(0xef, 0x8f, 0x00), QColor(0x6a, 0x4c, 0x93),
                                     QColor(0x00, 0x89, 0x7b), QColor(0x8d, 0x6e, 0x63)};
    return palette[index % 5];
}

} // namespace

AttemptsChart::AttemptsChart(QWidget *parent) : QWidget(parent), m_split(new QComboBox(this)), m_view(new QChartView(this))
{
    setObjectName(QStringLiteral("attemptsChart"));
    m_split->setObjectName(QStringLiteral("chartSplit"));
    m_split->setAccessibleName(tr("Split the chart by"));
    m_split->addItem(tr("By outcome"), QStringLiteral("outcome"));
    m_split->addItem(tr("By method"), QStringLiteral("method"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(220);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("<b>Attempts per day</b> (UTC, the last %1 days with attempts)").arg(kDays), this));
    top->addStretch();
    top->addWidget(m_split);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    connect(m_split, &QComboBox::currentIndexChanged, this, &AttemptsChart::rebuild);
    rebuild();
}

void AttemptsChart::setDays(QList<accounts::AttemptDay> days)
{
    m_days = std::move(days);
    rebuild();
}

int AttemptsChart::seriesCount() const
{
    const auto series = m_view->chart()->series();
    if (series.isEmpty())
        return 0;
    return int(static_cast<QStackedBarSeries *>(series.first())->count());
}

void AttemptsChart::rebuild()
{
    const bool byOutcome = m_split->currentData().toString() == QLatin1String("outcome");
    QList<qint64> dayList;
    QMap<QString, QMap<qint64, int>> counts; // series -> day -> count
    for (const auto &d : std::as_const(m_days)) {
        if (dayList.isEmpty() || dayList.last() != d.day)
            dayList.append(d.day);
        counts[byOutcome ? d.outcome : d.method][d.day] += d.count;
    }
    if (dayList.size() > kDays)
        dayList = dayList.mid(dayList.size() - kDays);

    auto *chart = new QChart;
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundVisible(false);
    chart->legend()->setAlignment(Qt::AlignRight);
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto *series = new QStackedBarSeries(chart);
    int index = 0;
    int top = 0;
    QMap<qint64, int> totals;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it, ++index) {
        auto *set = new QBarSet(humanize(it.key()), series);
        set->setColor(seriesColor(it.key(), index));
        set->setBorderColor(seriesColor(it.key(), index));
        for (qint64 day : std::as_const(dayList)) {
            const int n = it.value().value(day);
            *set << n;
            totals[day] += n;
        }
        series->append(set);
    }
    for (int t : std::as_const(totals))
        top = qMax(top, t);
    chart->addSeries(series);
    auto *days = new QBarCategoryAxis(chart);
    for (qint64 day : std::as_const(dayList))
        days->append(QDateTime::fromMSecsSinceEpoch(day, QTimeZone::utc()).toString(QStringLiteral("MM-dd")));
    auto *values = new QValueAxis(chart);
    values->setRange(0, qMax(1, top));
    values->setLabelFormat(QStringLiteral("%d"));
    values->applyNiceNumbers();
    chart->addAxis(days, Qt::AlignBottom);
    chart->addAxis(values, Qt::AlignLeft);
    series->attachAxis(days);
    series->attachAxis(values);
    if (dayList.isEmpty())
        chart->setTitle(tr("No login attempts"));
    QChart *old = m_view->chart();
    m_view->setChart(chart);
    delete old;
}

} // namespace rd::ui
