#include "diagnostics/Evaluation.h"

#include <QDateTime>

namespace rd::diagnostics {

bool Evaluation::deviceTrustedAt(const QString &deviceId, qint64 t) const
{
    const DeviceRow *row = deviceById(deviceId);
    if (!row)
        return false;
    QString latest;
    for (const DeviceEventRow &ev : row->events) {
        if (ev.at >= t)
            break;
        if (ev.event != QLatin1String("seen"))
            latest = ev.event;
    }
    return latest == QLatin1String("trusted");
}

const DeviceRow *Evaluation::deviceById(const QString &deviceId) const
{
    for (const DeviceRow &d : context.devices) {
        if (d.id == deviceId)
            return &d;
    }
    return nullptr;
}

bool Evaluation::revokedAt(const SetRow &set, qint64 t) const
{
    // A revocation for "regenerated" is what supersession is; it reads as SUPERSEDED.
    if (set.revokedAt && set.revokedReason == QLatin1String("regenerated"))
        return false;
    if (set.revokedAt)
        return *set.revokedAt <= t;
    // Declared revoked without a time: revoked as far as the export knows.
    return set.declaredState == QLatin1String("revoked");
}

bool Evaluation::supersededAt(const SetRow &set, qint64 t) const
{
    if (set.revokedAt && set.revokedReason == QLatin1String("regenerated") && *set.revokedAt <= t)
        return true;
    if (set.supersededAt)
        return *set.supersededAt <= t;
    return set.declaredState == QLatin1String("superseded");
}

int Evaluation::activeSetAt(qint64 t) const
{
    int latest = -1;
    for (int i = 0; i < context.sets.size(); ++i) {
        if (context.sets[i].generatedAt <= t)
            latest = i; // sets are ordered by generated_at
    }
    if (latest < 0)
        return -1;
    const SetRow &s = context.sets[latest];
    return revokedAt(s, t) || supersededAt(s, t) ? -1 : latest;
}

QString Evaluation::codeStateAt(const CodeRef &ref, qint64 t) const
{
    const SetRow &s = set(ref);
    if (revokedAt(s, t))
        return QStringLiteral("revoked");
    if (usedAt(code(ref), t))
        return QStringLiteral("used");
    if (supersededAt(s, t))
        return QStringLiteral("superseded");
    return QStringLiteral("unused");
}

const SecurityEventRow *Evaluation::latestEvent(const QStringList &names) const
{
    const SecurityEventRow *latest = nullptr;
    for (const SecurityEventRow &ev : context.securityEvents) {
        if (ev.at < at && names.contains(ev.event))
            latest = &ev;
    }
    return latest;
}

Finding holds(Check check, QString summary, QList<Fact> evidence, QString advice)
{
    Finding f;
    f.check = check;
    f.verdict = Verdict::Contributing; // the engine promotes the primary to "cause"
    f.summary = std::move(summary);
    f.evidence = std::move(evidence);
    f.advice = std::move(advice);
    return f;
}

Finding ruledOut(Check check, QString summary)
{
    Finding f;
    f.check = check;
    f.verdict = Verdict::RuledOut;
    f.summary = std::move(summary);
    return f;
}

Finding notApplicable(Check check, QString summary)
{
    Finding f;
    f.check = check;
    f.verdict = Verdict::NotApplicable;
    f.summary = std::move(summary);
    return f;
}

QString when(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

QString codeLabel(const Evaluation &e, const CodeRef &ref)
{
    return QStringLiteral("code %1 of set %2").arg(e.code(ref).index).arg(e.set(ref).id);
}

QString AttemptRow::place() const
{
    if (city.isEmpty())
        return country;
    return country.isEmpty() ? city : city + QStringLiteral(", ") + country;
}

} // namespace rd::diagnostics
