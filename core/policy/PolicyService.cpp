#include "policy/PolicyService.h"

#include "audit/AuditLog.h"
#include "model/Role.h"
#include "storage/PolicyStore.h"
#include "storage/Sql.h"

#include <QJsonObject>

#include <QRegularExpression>

#include <cmath>
#include <functional>

namespace rd::policy {
namespace {

struct Field {
    const char *key;
    const char *description;
    double min;
    double max;
    bool whole; // a count of days, seconds or attempts: no fraction
    std::function<double(const Policy &)> get;
    std::function<void(Policy &, double)> put;
};

const QList<Field> &fields()
{
    static const QList<Field> all = {
        {"lockout_streak", "failed attempts that lock an account", 1, 100, true,
         [](const Policy &p) { return p.lockoutStreak; }, [](Policy &p, double v) { p.lockoutStreak = int(v); }},
        {"lockout_window_s", "window of the failed-attempt streak, seconds", 10, 86400, true,
         [](const Policy &p) { return double(p.lockoutWindowS); }, [](Policy &p, double v) { p.lockoutWindowS = qint64(v); }},
        {"lock_time_s", "how long the platform locks after the streak, seconds", 10, 7 * 86400, true,
         [](const Policy &p) { return double(p.lockTimeS); }, [](Policy &p, double v) { p.lockTimeS = qint64(v); }},
        {"sync_window_s", "age below which a new code set may not have replicated, seconds", 0, 3600, true,
         [](const Policy &p) { return double(p.syncWindowS); }, [](Policy &p, double v) { p.syncWindowS = qint64(v); }},
        {"travel_kmh", "speed between two logins above which travel is impossible, km/h", 100, 20000, false,
         [](const Policy &p) { return p.travelKmh; }, [](Policy &p, double v) { p.travelKmh = v; }},
        {"stale_contact_days", "days after which an unverified contact is stale", 1, 3650, true,
         [](const Policy &p) { return p.staleContactDays; }, [](Policy &p, double v) { p.staleContactDays = int(v); }},
        {"recent_change_days", "days within which a changed contact does not prove possession", 0, 365, true,
         [](const Policy &p) { return p.recentChangeDays; }, [](Policy &p, double v) { p.recentChangeDays = int(v); }},
        {"clock_step_s", "TOTP step; larger clock skews are drift, seconds", 1, 600, true,
         [](const Policy &p) { return double(p.clockStepS); }, [](Policy &p, double v) { p.clockStepS = qint64(v); }},
        {"recent_hours", "hours before the attempt that count as recent", 1, 720, true,
         [](const Policy &p) { return double(p.recentHours); }, [](Policy &p, double v) { p.recentHours = qint64(v); }},
        {"compromise_window_days", "days back that suspicious uses and regenerations count", 1, 365, true,
         [](const Policy &p) { return p.compromiseWindowDays; }, [](Policy &p, double v) { p.compromiseWindowDays = int(v); }},
    };
    return all;
}

QString format(double v)
{
    return QString::number(v, 'g', 12);
}

} // namespace

Result<Policy> PolicyService::current()
{
    auto stored = storage::PolicyStore(m_database).values();
    if (!stored)
        return stored.error();
    Policy p;
    for (const Field &f : fields()) {
        bool ok = false;
        const double v = stored->value(QLatin1String(f.key)).toDouble(&ok);
        if (ok && v >= f.min && v <= f.max)
            f.put(p, v);
    }
    return p;
}

Result<QList<PolicyValue>> PolicyService::list(const auth::Session &session)
{
    Q_UNUSED(session); // every signed-in operator may see why the diagnostics decide as they do
    auto p = current();
    if (!p)
        return p.error();
    QList<PolicyValue> out;
    for (const Field &f : fields())
        out.append({QLatin1String(f.key), format(f.get(p.value())), QLatin1String(f.description)});
    return out;
}

Status PolicyService::set(const auth::Session &session, const QString &key, const QString &value, audit::AuditLog &auditLog)
{
    if (auto s = auditLog.require(session, auth::Permission::ManagePolicy, QStringLiteral("policy.set")); !s)
        return s;
    for (const Field &f : fields()) {
        if (key != QLatin1String(f.key))
            continue;
        // Plain decimal digits only: no exponent, sign, spaces, hex, nan or inf slip through a
        // lenient number parser into a value the diagnostics then read differently.
        static const QRegularExpression whole(QStringLiteral("^[0-9]{1,12}$"));
        static const QRegularExpression decimal(QStringLiteral("^[0-9]{1,12}(\\.[0-9]{1,6})?$"));
        bool ok = (f.whole ? whole : decimal).match(value).hasMatch();
        const double v = ok ? value.toDouble(&ok) : 0.0;
        if (!ok || !std::isfinite(v) || v < f.min || v > f.max)
            return Error::invalidField(QStringLiteral("value"), QStringLiteral("Policy %1 takes %2 from %3 to %4.")
                                                                  .arg(key, f.whole ? QStringLiteral("a whole number") : QStringLiteral("a number"),
                                                                       format(f.min), format(f.max)));
        // The value and its audit entry commit together (the store writes on this thread's
        // connection, inside the write).
        auto entry = auditLog.write(audit::Actor::of(session),
                                    {QStringLiteral("policy.set"), {},
                                     QJsonObject{{QStringLiteral("key"), key}, {QStringLiteral("value"), format(v)}}},
                                    [&](storage::WriteTransaction &, audit::PendingEntry &) {
                                        return storage::PolicyStore(m_database).set(key, format(v));
                                    });
        return entry ? Status{} : Status{entry.error()};
    }
    QStringList keys;
    for (const Field &f : fields())
        keys << QLatin1String(f.key);
    return Error::badInput(QStringLiteral("Unknown policy \"%1\"; known: %2.").arg(key.left(60), keys.join(QStringLiteral(", "))));
}

} // namespace rd::policy
