// Draws build/bench/results.json (the rows `bash tools/rd.sh bench` gathers) as one bar chart:
// every measured quantity divided by its SPEC §13 target, per backend. A bar at or below 1 meets
// its row; the line at 1 is the target.
//   bench_chart RESULTS.json OUT.png
#include <QApplication>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMap>
#include <QPen>

#include <algorithm>
#include <cstdio>

namespace {

struct Share {
    QString label;
    double share = 0; // measured / target
};

// The quantities of one row that have a target, as measured / target. Baseline runs of the
// in-process benchmarks carry targets too but are not what the row is about: only "target" runs.
QList<Share> sharesOf(const QJsonObject &row)
{
    const QString name = row.value(QLatin1String("benchmark")).toString();
    QList<Share> out;
    auto add = [&](const QString &label, const char *measured, const char *target) {
        // A difference may come out below zero (faster than its baseline): that is a share of 0.
        const double t = row.value(QLatin1String(target)).toDouble(-1);
        if (row.value(QLatin1String(measured)).isDouble() && t > 0)
            out.append({label, std::max(0.0, row.value(QLatin1String(measured)).toDouble()) / t});
    };
    if (name == QLatin1String("import_login_attempts")) {
        add(QStringLiteral("import ×baseline"), "ratio", "target_ratio");
    } else if (name == QLatin1String("feed_throughput")) {
        // A share of the bulk rate: target / measured (below 1 when the feed keeps up better).
        const double ratio = row.value(QLatin1String("ratio")).toDouble(0);
        if (ratio > 0)
            out.append({QStringLiteral("feed: rate ÷ bulk"), row.value(QLatin1String("target_ratio")).toDouble() / ratio});
    } else if (name == QLatin1String("feed_latency")) {
        add(QStringLiteral("feed: latency median"), "median_ms", "target_ms");
        add(QStringLiteral("feed: latency p99"), "p99_ms", "target_ms");
    } else if (name == QLatin1String("diagnose_in_process")) {
        if (row.value(QLatin1String("case")).toString().startsWith(QLatin1String("target")))
            add(QStringLiteral("diagnose median"), "median_ms", "target_median_ms");
    } else if (name == QLatin1String("audit_verify")) {
        // A rate: the share is target / measured (below 1 when faster than asked).
        const double rate = row.value(QLatin1String("entries_per_s")).toDouble(0);
        if (rate > 0)
            out.append({QStringLiteral("audit verify"), row.value(QLatin1String("target_entries_per_s")).toDouble() / rate});
        add(QStringLiteral("audit: newest page"), "newest_page_ms", "target_newest_page_ms");
    } else if (name == QLatin1String("case_queue")) {
        add(QStringLiteral("queue: ") + row.value(QLatin1String("view")).toString(), "median_ms", "target_ms");
    } else if (name == QLatin1String("case_search")) {
        add(QStringLiteral("case search"), "median_ms", "target_ms");
    } else if (name == QLatin1String("cli_diagnose_session")) {
        add(QStringLiteral("CLI diagnose"), "target_ms", "target_limit_ms");
        add(QStringLiteral("CLI diagnose: over --version"), "over_version_ms", "target_over_version_ms");
        add(QStringLiteral("CLI diagnose: 1 GB vs tiny"), "over_small_ms", "target_over_small_ms");
    } else if (name == QLatin1String("cold_start")) {
        add(QStringLiteral("cold start, 1 GB"), "target_ms", "target_limit_ms");
    } else if (row.contains(QLatin1String("first_rows_ms"))) { // the attempts view
        if (row.value(QLatin1String("run")).toString() == QLatin1String("target")) {
            add(QStringLiteral("attempts: first rows"), "first_rows_ms", "target_first_rows_ms");
            add(QStringLiteral("attempts: last row"), "jump_to_last_ms", "target_jump_ms");
            add(QStringLiteral("attempts: memory"), "memory_growth_mb", "target_memory_mb");
        }
    }
    return out;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: bench_chart RESULTS.json OUT.png\n");
        return 2;
    }
    QFile in(QString::fromLocal8Bit(argv[1]));
    if (!in.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "bench_chart: cannot read %s\n", argv[1]);
        return 3;
    }
    const QJsonArray rows = QJsonDocument::fromJson(in.readAll()).array();
    // label -> backend -> share, labels in the order first seen.
    QStringList labels;
    QMap<QString, QMap<QString, double>> byBackend;
    for (const QJsonValue &v : rows) {
        const QJsonObject row = v.toObject();
        const QString backend = row.value(QLatin1String("backend")).toString(QStringLiteral("sqlite"));
        for (const Share &s : sharesOf(row)) {
            if (!labels.contains(s.label))
                labels.append(s.label);
            byBackend[backend][s.label] = s.share;
        }
    }
    if (labels.isEmpty()) {
        std::fprintf(stderr, "bench_chart: %s holds no row with a target\n", argv[1]);
        return 2;
    }

    auto *bars = new QBarSeries;
    double highest = 1;
    for (auto it = byBackend.cbegin(); it != byBackend.cend(); ++it) {
        auto *set = new QBarSet(it.key() == QLatin1String("postgres") ? QStringLiteral("PostgreSQL") : QStringLiteral("SQLite"));
        for (const QString &label : std::as_const(labels)) {
            const double share = it.value().value(label, 0);
            *set << std::max(share, 0.01); // a log axis cannot show 0 (no measurement)
            highest = std::max(highest, share);
        }
        bars->append(set);
    }
    auto *chart = new QChart;
    chart->setTitle(QStringLiteral("SPEC §13: measured ÷ target (at or below 1 meets the target)"));
    chart->addSeries(bars);
    auto *categories = new QBarCategoryAxis;
    categories->append(labels);
    categories->setLabelsAngle(-90); // whole labels: seventeen of them do not fit side by side
    categories->setTruncateLabels(false);
    chart->addAxis(categories, Qt::AlignBottom);
    bars->attachAxis(categories);
    auto *shares = new QLogValueAxis;
    shares->setBase(10);
    shares->setLabelFormat(QStringLiteral("%g"));
    shares->setRange(0.01, std::max(10.0, highest * 1.5));
    chart->addAxis(shares, Qt::AlignLeft);
    bars->attachAxis(shares);
    auto *target = new QLineSeries;
    target->setName(QStringLiteral("target"));
    target->setPen(QPen(QColor(0xc6, 0x28, 0x28), 2, Qt::DashLine));
    target->append(-0.5, 1);
    target->append(labels.size() - 0.5, 1);
    chart->addSeries(target);
    target->attachAxis(categories);
    target->attachAxis(shares);

    QChartView view(chart);
    view.setRenderHint(QPainter::Antialiasing);
    view.resize(1100, 760);
    if (!view.grab().save(QString::fromLocal8Bit(argv[2]), "PNG")) {
        std::fprintf(stderr, "bench_chart: cannot write %s\n", argv[2]);
        return 3;
    }
    return 0;
}
