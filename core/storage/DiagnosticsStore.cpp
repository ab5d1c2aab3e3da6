#include "storage/DiagnosticsStore.h"

#include "storage/Database.h"
#include "storage/Sql.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace rd::storage {

using namespace diagnostics;

namespace {

QStringList jsonStrings(const QString &json)
{
    QStringList out;
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue &v : array)
        out << v.toString();
    return out;
}

const QString kAttemptColumns = QStringLiteral("id, at, method, outcome, reason, device_id, ip, country, city, lat, lon, clock_skew_s");

AttemptRow readAttempt(const QSqlQuery &q)
{
    AttemptRow a;
    a.id = q.value(0).toString();
    a.at = q.value(1).toLongLong();
    a.method = q.value(2).toString();
    a.outcome = q.value(3).toString();
    a.reason = q.value(4).toString();
    a.device = q.value(5).toString();
    a.ip = q.value(6).toString();
    a.country = q.value(7).toString();
    a.city = q.value(8).toString();
    if (!q.value(9).isNull())
        a.lat = q.value(9).toDouble();
    if (!q.value(10).isNull())
        a.lon = q.value(10).toDouble();
    if (!q.value(11).isNull())
        a.clockSkewS = q.value(11).toLongLong();
    return a;
}

} // namespace

Result<bool> DiagnosticsStore::loadAccount(const QString &accountId, DiagnosisContext *context)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(),
                  QStringLiteral("SELECT tf_enabled, email_enc IS NOT NULL, email_verified_at, phone_enc IS NOT NULL, "
                                 "phone_verified_at FROM accounts WHERE id = ?"),
                  {accountId});
    if (!q)
        return q.error();
    if (!q->next())
        return false;
    context->accountId = accountId;
    if (!q->value(0).isNull())
        context->twoFactorEnabled = q->value(0).toInt() != 0;
    context->hasEmail = q->value(1).toInt() != 0;
    context->emailVerifiedAt = optionalInt64(q->value(2));
    context->hasPhone = q->value(3).toInt() != 0;
    context->phoneVerifiedAt = optionalInt64(q->value(4));
    return true;
}

Result<std::optional<AttemptRow>> DiagnosticsStore::attempt(const QString &attemptId, QString *accountId)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(), QStringLiteral("SELECT %1, account_id FROM login_attempts WHERE id = ?").arg(kAttemptColumns), {attemptId});
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<AttemptRow>{};
    *accountId = q->value(12).toString();
    return std::optional<AttemptRow>(readAttempt(q.value()));
}

Status DiagnosticsStore::loadContext(DiagnosisContext *context, qint64 at, const LoadWindows &windows,
                                     const QStringList &lookupTags)
{
    if (auto s = loadSets(context, at); !s)
        return s;
    if (auto s = loadDevices(context); !s)
        return s;
    if (auto s = loadEvents(context, at, windows.compromiseFrom); !s)
        return s;
    if (auto s = loadAttempts(context, at, windows.lockFrom, windows.recentFrom); !s)
        return s;
    if (auto s = loadRecentUses(context, at, windows.compromiseFrom); !s)
        return s;
    return loadOtherAccounts(context, at, lookupTags);
}

Status DiagnosticsStore::loadSets(DiagnosisContext *context, qint64 at)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto sets = exec(db.value(),
                     QStringLiteral("SELECT id, generated_at, generator, format, declared_state, superseded_at, superseded_by, "
                                    "revoked_at, revoked_reason, ack_reported, acknowledged_at FROM code_sets WHERE account_id = ? AND "
                                    "generated_at <= ? "
                                    "ORDER BY generated_at, id"),
                     {context->accountId, at});
    if (!sets)
        return sets.error();
    QHash<QString, int> bySet;
    while (sets->next()) {
        SetRow s;
        s.id = sets->value(0).toString();
        s.generatedAt = sets->value(1).toLongLong();
        s.generator = sets->value(2).toString();
        s.format = sets->value(3).toString();
        s.declaredState = sets->value(4).toString();
        s.supersededAt = optionalInt64(sets->value(5));
        s.supersededBy = sets->value(6).toString();
        s.revokedAt = optionalInt64(sets->value(7));
        s.revokedReason = sets->value(8).toString();
        s.acknowledgmentReported = sets->value(9).toInt() != 0;
        s.acknowledgedAt = optionalInt64(sets->value(10));
        bySet.insert(s.id, int(context->sets.size()));
        context->sets.append(s);
    }
    auto codes = exec(db.value(),
                      QStringLiteral("SELECT c.set_id, c.idx, c.hash, c.used_at, c.used_device, c.used_ip, c.fits_format "
                                     "FROM codes c JOIN code_sets s ON s.id = c.set_id WHERE s.account_id = ? AND "
                                     "s.generated_at <= ? ORDER BY c.set_id, c.idx"),
                      {context->accountId, at});
    if (!codes)
        return codes.error();
    while (codes->next()) {
        const auto it = bySet.constFind(codes->value(0).toString());
        if (it == bySet.constEnd())
            continue;
        CodeRow c;
        c.index = codes->value(1).toInt();
        c.hash = QByteArray::fromHex(codes->value(2).toString().toLatin1());
        c.usedAt = optionalInt64(codes->value(3));
        c.usedDevice = codes->value(4).toString();
        c.usedIp = codes->value(5).toString();
        if (!codes->value(6).isNull())
            c.fitsFormat = codes->value(6).toInt() != 0;
        context->sets[*it].codes.append(c);
    }
    return {};
}

Status DiagnosticsStore::loadDevices(DiagnosisContext *context)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(),
                  QStringLiteral("SELECT d.id, d.label, e.at, e.event FROM devices d LEFT JOIN device_events e ON "
                                 "e.device_id = d.id WHERE d.account_id = ? ORDER BY d.id, e.at, e.id"),
                  {context->accountId});
    if (!q)
        return q.error();
    while (q->next()) {
        const QString id = q->value(0).toString();
        if (context->devices.isEmpty() || context->devices.last().id != id)
            context->devices.append({id, q->value(1).toString(), {}});
        if (!q->value(2).isNull())
            context->devices.last().events.append({q->value(2).toLongLong(), q->value(3).toString()});
    }
    return {};
}

Status DiagnosticsStore::loadEvents(DiagnosisContext *context, qint64 at, qint64 incidentsFrom)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto events = exec(db.value(),
                       // Two-factor changes after T too: the first of them tells the state at T.
                       QStringLiteral("SELECT at, event, detail FROM security_events WHERE account_id = ? AND (at <= ? OR "
                                      "event IN ('two_factor_enabled', 'two_factor_disabled')) ORDER BY at, id"),
                       {context->accountId, at});
    if (!events)
        return events.error();
    while (events->next())
        context->securityEvents.append({events->value(0).toLongLong(), events->value(1).toString(),
                                        QJsonDocument::fromJson(events->value(2).toString().toUtf8()).object()});
    // Generation faults matter whenever the set was made; other incidents only near T.
    auto incidents = exec(db.value(),
                          QStringLiteral("SELECT id, kind, start_at, end_at, components, generators, summary FROM incidents "
                                         "WHERE kind = 'generation_fault' OR (end_at >= ? AND start_at <= ?) ORDER BY start_at, id"),
                          {incidentsFrom, at});
    if (!incidents)
        return incidents.error();
    while (incidents->next())
        context->incidents.append({incidents->value(0).toString(), incidents->value(1).toString(), incidents->value(2).toLongLong(),
                                   incidents->value(3).toLongLong(), jsonStrings(incidents->value(4).toString()),
                                   jsonStrings(incidents->value(5).toString()), incidents->value(6).toString()});
    return {};
}

Status DiagnosticsStore::loadAttempts(DiagnosisContext *context, qint64 at, qint64 lockFromMs, qint64 recentFromMs)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    // From the longer "recent" window only the failures the checks read (busy accounts sign in
    // every few minutes), then every attempt of the lockout window. Two index ranges, in time order.
    auto failures = exec(db.value(),
                         QStringLiteral("SELECT %1 FROM login_attempts WHERE account_id = ? AND at >= ? AND at < ? AND "
                                        "outcome = 'failure' AND reason IN ('totp_invalid', 'sms_undelivered') ORDER BY at, id")
                             .arg(kAttemptColumns),
                         {context->accountId, std::min(recentFromMs, lockFromMs), lockFromMs});
    if (!failures)
        return failures.error();
    while (failures->next())
        context->recentAttempts.append(readAttempt(failures.value()));
    auto window = exec(db.value(),
                       QStringLiteral("SELECT %1 FROM login_attempts WHERE account_id = ? AND at >= ? AND at <= ? ORDER BY at, id")
                           .arg(kAttemptColumns),
                       {context->accountId, lockFromMs, at});
    if (!window)
        return window.error();
    while (window->next())
        context->recentAttempts.append(readAttempt(window.value()));
    // Impossible travel compares the attempt's place with the latest earlier located success.
    if (!context->attempt || !context->attempt->lat || !context->attempt->lon)
        return {};
    auto located = exec(db.value(),
                        QStringLiteral("SELECT %1 FROM login_attempts WHERE account_id = ? AND at <= ? AND outcome = 'success' "
                                       "AND lat IS NOT NULL AND lon IS NOT NULL AND id <> ? ORDER BY at DESC, id DESC LIMIT 1")
                            .arg(kAttemptColumns),
                        {context->accountId, at, context->attempt->id});
    if (!located)
        return located.error();
    if (located->next())
        context->lastLocatedSuccess = readAttempt(located.value());
    return {};
}

Status DiagnosticsStore::loadRecentUses(DiagnosisContext *context, qint64 at, qint64 fromMs)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    for (const SetRow &set : std::as_const(context->sets)) {
        for (const CodeRow &c : set.codes) {
            if (!c.usedAt || *c.usedAt > at || *c.usedAt < fromMs)
                continue;
            RecentUse use{set.id, c.index, *c.usedAt, c.usedDevice, c.usedIp, false};
            if (!c.usedIp.isEmpty()) {
                auto seen = exec(db.value(),
                                 QStringLiteral("SELECT 1 FROM login_attempts WHERE account_id = ? AND ip = ? AND at < ? "
                                                "UNION ALL SELECT 1 FROM codes c JOIN code_sets s ON s.id = c.set_id "
                                                "WHERE s.account_id = ? AND c.used_ip = ? AND c.used_at < ? LIMIT 1"),
                                 {context->accountId, c.usedIp, *c.usedAt, context->accountId, c.usedIp, *c.usedAt});
                if (!seen)
                    return seen.error();
                use.ipSeenBefore = seen->next();
            }
            context->recentUses.append(use);
        }
    }
    return {};
}

Status DiagnosticsStore::loadOtherAccounts(DiagnosisContext *context, qint64 at, const QStringList &tags)
{
    if (tags.isEmpty())
        return {};
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(),
                  QStringLiteral("SELECT s.account_id, c.set_id, c.idx, s.generated_at FROM codes c JOIN code_sets s ON "
                                 "s.id = c.set_id WHERE c.lookup_tag IN (?, ?) AND s.account_id <> ? AND s.generated_at <= ? "
                                 "ORDER BY s.account_id, c.set_id, c.idx LIMIT 20"),
                  {tags.value(0), tags.value(1, tags.value(0)), context->accountId, at});
    if (!q)
        return q.error();
    while (q->next())
        context->otherAccounts.append({q->value(0).toString(), q->value(1).toString(), q->value(2).toInt(), q->value(3).toLongLong()});
    return {};
}

Result<QString> DiagnosticsStore::placeOfUse(const QString &accountId, qint64 usedAt)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    // The platform logs the sign-in that used the code; allow for its clock and queueing.
    constexpr qint64 kSlackMs = 10 * 60 * 1000;
    auto q = exec(db.value(),
                  QStringLiteral("SELECT city, country FROM login_attempts WHERE account_id = ? AND at BETWEEN ? AND ? AND "
                                 "method = 'backup_code' AND outcome = 'success' ORDER BY ABS(at - ?), id LIMIT 1"),
                  {accountId, usedAt - kSlackMs, usedAt + kSlackMs, usedAt});
    if (!q)
        return q.error();
    if (!q->next())
        return QString();
    AttemptRow a;
    a.city = q->value(0).toString();
    a.country = q->value(1).toString();
    return a.place();
}

Status DiagnosticsStore::save(const StoredDiagnosis &d)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(),
                  QStringLiteral("INSERT INTO diagnoses (id, account_id, at, created_at, operator, case_id, attempt_id, "
                                 "primary_cause, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                  {d.id, d.accountId, d.at, d.createdAt, d.operatorName, nullableText(d.caseId), nullableText(d.attemptId),
                   nullableText(d.primaryCause), d.reportJson});
    if (!q)
        return q.error();
    return {};
}

Result<QList<StoredDiagnosis>> DiagnosticsStore::forAccount(const QString &accountId, int limit)
{
    return select(QStringLiteral("account_id = ? ORDER BY created_at DESC, id LIMIT ?"), {accountId, limit});
}

Result<QList<StoredDiagnosis>> DiagnosticsStore::forCase(const QString &caseId)
{
    return select(QStringLiteral("case_id = ? ORDER BY created_at, id"), {caseId});
}

Result<QList<StoredDiagnosis>> DiagnosticsStore::select(const QString &whereAndOrder, std::initializer_list<QVariant> values)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(),
                  QStringLiteral("SELECT id, account_id, at, created_at, operator, case_id, attempt_id, primary_cause, report "
                                 "FROM diagnoses WHERE ") + whereAndOrder,
                  values);
    if (!q)
        return q.error();
    QList<StoredDiagnosis> out;
    while (q->next())
        out.append({q->value(0).toString(), q->value(1).toString(), q->value(2).toLongLong(), q->value(3).toLongLong(),
                    q->value(4).toString(), q->value(5).toString(), q->value(6).toString(), q->value(7).toString(),
                    q->value(8).toString()});
    return out;
}

} // namespace rd::storage
