#pragma once
// A desk with one account of 20 superseding sets and many attempts, padded with other accounts'
// history to a large database: the set-up of the benchmarks that compare a large database with a
// small one (bench_cli_diagnose, bench_cold_start).
#include "TestSupport.h"

#include "ledger/LedgerHasher.h"
#include "storage/Sql.h"

#include <cstdio>

namespace rd::bench {

inline constexpr qint64 kT = 1763640000000; // 2025-11-20T12:00:00Z
inline constexpr int kPadAccounts = 1000;

inline bool exec(QSqlDatabase &db, const QString &sql, std::initializer_list<QVariant> values = {})
{
    auto q = storage::exec(db, sql, values);
    if (!q)
        std::fprintf(stderr, "%s\n", qPrintable(q.error().message));
    return q.ok();
}

// One account with 20 superseding sets of 10 codes and `attempts` attempts; with pad > 0 also
// 1,000 other accounts sharing `pad` more attempts (one statement: a recursive row generator
// both backends run, so that a gigabyte is minutes of set-up on either, not hours of round trips).
inline bool fill(test::Workspace &ws, const QString &account, int attempts, qint64 pad)
{
    auto db = ws.connection();
    if (!db.transaction())
        return false;
    ledger::LedgerHasher hasher(ws.keys->ledgerKey().view());
    bool ok = exec(db, QStringLiteral("INSERT INTO accounts (id, created_at, tf_enabled, tf_method) VALUES (?, ?, 1, 'totp')"),
                   {account, kT - 400LL * 86400000});
    for (int s = 0; ok && s < 20; ++s) {
        const QString setId = QStringLiteral("%1-s%2").arg(account).arg(s);
        const qint64 gen = kT - (20 - s) * 10LL * 86400000;
        ok = exec(db, QStringLiteral("INSERT INTO code_sets (id, account_id, generated_at, generator, format, code_count, superseded_at, "
                                     "superseded_by) VALUES (?, ?, ?, 'codegen/3.1', 'digits8', 10, ?, ?)"),
                  {setId, account, gen, s < 19 ? QVariant(gen + 10LL * 86400000) : QVariant(QMetaType::fromType<qint64>()),
                   s < 19 ? QVariant(QStringLiteral("%1-s%2").arg(account).arg(s + 1)) : QVariant(QMetaType::fromType<QString>())});
        for (int c = 1; ok && c <= 10; ++c) {
            const QString plain = QStringLiteral("%1%2%3").arg(s, 2, 10, QLatin1Char('0')).arg(c, 2, 10, QLatin1Char('0')).arg(4321);
            ok = exec(db, QStringLiteral("INSERT INTO codes (set_id, idx, hash, lookup_tag, fits_format) VALUES (?, ?, ?, ?, 1)"),
                      {setId, c, hasher.codeHash(setId, plain), hasher.lookupTag(plain)});
        }
    }
    // Recursive generators: the same SQL on SQLite and PostgreSQL.
    ok = ok && exec(db, QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
                                       "INSERT INTO login_attempts (id, account_id, at, method, outcome, device_id, ip, country, city, "
                                       "lat, lon) SELECT ? || '-a' || i, ?, CAST(? AS BIGINT) - CAST(i AS BIGINT) * 60000, CASE WHEN i % 3 = 0 THEN 'totp' ELSE "
                                       "'password' END, CASE WHEN i % 7 = 0 THEN 'failure' ELSE 'success' END, 'dev', "
                                       "'198.51.100.1', 'SE', 'Stockholm', 59.3, 18.0 FROM n"),
                    {attempts, account, account, kT});
    if (ok && pad > 0) {
        ok = exec(db, QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
                                     "INSERT INTO accounts (id, created_at, tf_enabled, tf_method) SELECT 'pad-' || i, ?, 1, 'totp' FROM n"),
                  {kPadAccounts - 1, kT - 400LL * 86400000});
        ok = ok && exec(db, QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
                                           "INSERT INTO login_attempts (id, account_id, at, method, outcome, device_id, ip, country, "
                                           "city, lat, lon, reason) SELECT 'pad-a' || i, 'pad-' || (i % ?), CAST(? AS BIGINT) - CAST(i AS BIGINT) * 1000, 'password', "
                                           "'failure', 'device-' || (i % 5000), '203.0.113.' || (i % 250), 'DE', 'Hamburg', "
                                           "53.55, 9.99, 'wrong_password' FROM n"),
                        {pad, kPadAccounts, kT});
    }
    if (!ok) {
        db.rollback();
        return false;
    }
    return db.commit();
}

} // namespace rd::bench
