#include "demo/DemoWorld.h"

#include "demo/DemoAccount.h"
#include "demo/DemoCases.h"

#include <QJsonArray>

#include <functional>

namespace rd::demo {
namespace {

constexpr qint64 kMinute = DemoAccount::kMinute;
constexpr qint64 kHour = DemoAccount::kHour;
constexpr qint64 kDay = DemoAccount::kDay;

const QString kFormats[] = {QStringLiteral("digits8"), QStringLiteral("digits10"), QStringLiteral("base32x10"),
                            QStringLiteral("base32x16")};
const QString kFaultyGenerator = QStringLiteral("codegen/3.2-rc1");
const Place kSydney{QStringLiteral("AU"), QStringLiteral("Sydney"), -33.87, 151.21};
const Place kLagos{QStringLiteral("NG"), QStringLiteral("Lagos"), 6.52, 3.38};

QString fmt(int n)
{
    return kFormats[n % 4];
}

// A history most accounts share: an old set, superseded by the current one, a few codes used.
QStringList standardLedger(DemoAccount &a, int n)
{
    const qint64 now = a.now();
    a.addCodeSet(QStringLiteral("1"), now - 400 * kDay, fmt(n), QStringLiteral("codegen/3.0"));
    a.useCode(QStringLiteral("1"), 1, now - 380 * kDay, a.phoneDevice, a.homeIp);
    a.securityEvent(now - 120 * kDay, QStringLiteral("codes_regenerated"),
                    QJsonObject{{QStringLiteral("device"), a.phoneDevice}});
    QStringList current = a.addCodeSet(QStringLiteral("2"), now - 120 * kDay, fmt(n + 1), QStringLiteral("codegen/3.1"));
    a.useCode(QStringLiteral("2"), 2, now - 60 * kDay, a.phoneDevice, a.homeIp);
    return current;
}

using Scenario = std::function<void(DemoAccount &, int)>;

QList<Scenario> scenarios()
{
    const QString backup = QStringLiteral("backup_code"), failure = QStringLiteral("failure");
    return {
        // SUPERSEDED: the user kept the printout of the old set.
        [=](DemoAccount &a, int n) {
            a.writeAccount();
            standardLedger(a, n);
            a.attempt(a.now() - 2 * kHour, backup, failure, QStringLiteral("code_revoked"));
        },
        // ALREADY_USED: the same code twice.
        [=](DemoAccount &a, int n) {
            a.writeAccount();
            standardLedger(a, n);
            a.attempt(a.now() - 3 * kHour, backup, failure, QStringLiteral("code_used"));
        },
        // VALID_UNUSED with PLATFORM_MISMATCH: the platform said invalid, the ledger disagrees.
        [=](DemoAccount &a, int n) {
            a.writeAccount();
            standardLedger(a, n);
            a.attempt(a.now() - 1 * kHour, backup, failure, QStringLiteral("code_invalid"));
        },
        // TRANSCRIPTION: two digits swapped while typing.
        [=](DemoAccount &a, int n) {
            a.writeAccount();
            standardLedger(a, n);
            a.attempt(a.now() - 90 * kMinute, backup, failure, QStringLiteral("code_invalid"));
        },
        // REVOKED (compromised): the platform revoked the set after a phishing report.
        [=](DemoAccount &a, int n) {
            a.writeAccount();
            standardLedger(a, n);
            a.revokeSet(QStringLiteral("2"), a.now() - 5 * kDay, QStringLiteral("compromised"));
            a.attempt(a.now() - 4 * kHour, backup, failure, QStringLiteral("code_revoked"));
        },
        // TWO_FACTOR_OFF and REVOKED (two_factor_disabled).
        [=](DemoAccount &a, int n) {
            a.writeAccount(QJsonObject{{QStringLiteral("two_factor"),
                                        QJsonObject{{QStringLiteral("enabled"), false}, {QStringLiteral("method"), QStringLiteral("none")}}}});
            standardLedger(a, n);
            a.securityEvent(a.now() - 10 * kDay, QStringLiteral("two_factor_disabled"));
            a.revokeSet(QStringLiteral("2"), a.now() - 10 * kDay, QStringLiteral("two_factor_disabled"));
            a.attempt(a.now() - 5 * kHour, backup, failure, QStringLiteral("two_factor_not_enabled"));
        },
        // OUTAGE: backup-code validation was down (incident demo-inc-outage).
        [=](DemoAccount &a, int n) {
            a.writeAccount();
            standardLedger(a, n);
            a.attempt(a.now() - 26 * kHour + 10 * kMinute, backup, failure, QStringLiteral("internal_error"));
        },
        // LOCKED_OUT: five wrong passwords, then the backup code during the lock.
        [=](DemoAccount &a, int n) {
            a.writeAccount(QJsonObject{{QStringLiteral("status"), QStringLiteral("locked")}});
            standardLedger(a, n);
            const qint64 t = a.now() - 40 * kMinute;
            for (int i = 0; i < 5; ++i)
                a.attempt(t - (10 - 2 * i) * kMinute, QStringLiteral("password"), failure, QStringLiteral("password_invalid"));
            a.securityEvent(t - 2 * kMinute, QStringLiteral("locked"));
            a.attempt(t, backup, failure, QStringLiteral("locked_out"));
        },
        // SUSPICIOUS_FLAG: the risk engine flagged the account.
        [=](DemoAccount &a, int n) {
            a.writeAccount(QJsonObject{{QStringLiteral("status"), QStringLiteral("flagged")}});
            standardLedger(a, n);
            a.securityEvent(a.now() - 2 * kDay, QStringLiteral("flagged_suspicious"),
                            QJsonObject{{QStringLiteral("rule"), QStringLiteral("credential_stuffing")}});
            a.attempt(a.now() - 6 * kHour, backup, failure, QStringLiteral("step_up_required"));
        },
        // UNTRUSTED_DEVICE: a new laptop that was never trusted.
        [=](DemoAccount &a, int n) {
            a.writeAccount();
            standardLedger(a, n);
            const QString laptop = a.addDevice(QStringLiteral("laptop"), QStringLiteral("ThinkPad / Windows 11"),
                                               a.now() - 3 * kHour, false);
            a.attempt(a.now() - 2 * kHour, backup, failure, QStringLiteral("device_untrusted"), laptop);
        },
        // UNTRUSTED_DEVICE by impossible travel.
        [=](DemoAccount &a, int n) {
            a.writeAccount();
            standardLedger(a, n);
            a.attempt(a.now() - 3 * kHour, QStringLiteral("password"), QStringLiteral("success"));
            a.attempt(a.now() - 2 * kHour, backup, failure, QStringLiteral("step_up_required"), {},
                      QStringLiteral("203.0.113.77"), &kSydney);
        },
        // SYNC_LAG: codes regenerated seconds before they were tried.
        [=](DemoAccount &a, int n) {
            a.writeAccount();
            standardLedger(a, n);
            const qint64 t = a.now() - 30 * kMinute;
            a.securityEvent(t - 40 * 1000, QStringLiteral("codes_regenerated"), QJsonObject{{QStringLiteral("device"), a.phoneDevice}});
            a.addCodeSet(QStringLiteral("3"), t - 40 * 1000, QStringLiteral("base32x16"), QStringLiteral("codegen/3.1"));
            a.attempt(t, backup, failure, QStringLiteral("code_invalid"));
        },
        // SYNC_LAG under the replication_lag incident.
        [=](DemoAccount &a, int n) {
            a.writeAccount();
            standardLedger(a, n);
            a.attempt(a.now() - 8 * kHour, backup, failure, QStringLiteral("code_invalid"));
        },
        // GENERATION_FAULT: a set from the faulty generator, with a duplicate and a short code.
        [=](DemoAccount &a, int n) {
            a.writeAccount();
            a.addCodeSet(QStringLiteral("1"), a.now() - 300 * kDay, fmt(n), QStringLiteral("codegen/3.0"));
            QStringList codes = a.writer().codes(QStringLiteral("digits8"), 10);
            codes[6] = codes[3];
            codes[8] = codes[8].left(7);
            a.securityEvent(a.now() - 15 * kDay, QStringLiteral("codes_regenerated"), QJsonObject{{QStringLiteral("device"), a.phoneDevice}});
            a.addCodeSet(QStringLiteral("2"), a.now() - 15 * kDay, QStringLiteral("digits8"), kFaultyGenerator, codes);
            a.useCode(QStringLiteral("2"), 4, a.now() - 6 * kDay, a.phoneDevice, a.homeIp);
            a.attempt(a.now() - 7 * kHour, backup, failure, QStringLiteral("code_used"));
        },
        // FORMAT / UNKNOWN_CODE: the user reads out something that is not a code of theirs.
        [=](DemoAccount &a, int n) {
            a.writeAccount();
            standardLedger(a, n);
            a.attempt(a.now() - 50 * kMinute, backup, failure, QStringLiteral("code_invalid"));
        },
        // POSSIBLE_COMPROMISE: email changed, then a code used from an unknown device abroad.
        [=](DemoAccount &a, int n) {
            a.writeAccount();
            standardLedger(a, n);
            a.securityEvent(a.now() - 3 * kDay, QStringLiteral("email_changed"));
            const QString rogue = a.addDevice(QStringLiteral("unknown"), QStringLiteral("Chrome / Linux"), a.now() - 2 * kDay, false);
            a.useCode(QStringLiteral("2"), 5, a.now() - 2 * kDay + 5 * kMinute, rogue, QStringLiteral("203.0.113.200"));
            a.attempt(a.now() - 3 * kHour, backup, failure, QStringLiteral("code_used"));
        },
        // STALE_CONTACT: email last verified years ago, phone never.
        [=](DemoAccount &a, int n) {
            a.writeAccount(QJsonObject{{QStringLiteral("email_verified_at"), DemoWriter::time(a.now() - 1100 * kDay)},
                                       {QStringLiteral("phone_verified_at"), QJsonValue()}});
            standardLedger(a, n);
            a.attempt(a.now() - 2 * kHour, backup, failure, QStringLiteral("code_invalid"));
        },
        // CLOCK_DRIFT: the phone's clock runs 95 s fast.
        [=](DemoAccount &a, int n) {
            a.writeAccount();
            standardLedger(a, n);
            for (int i = 0; i < 3; ++i)
                a.attempt(a.now() - 3 * kHour + i * kMinute, QStringLiteral("totp"), failure, QStringLiteral("totp_invalid"),
                          {}, {}, nullptr, 95);
            a.attempt(a.now() - 3 * kHour + 5 * kMinute, backup, failure, QStringLiteral("code_used"));
        },
        // SMS_DELIVERY: texts did not arrive during the carrier outage.
        [=](DemoAccount &a, int n) {
            a.writeAccount(QJsonObject{{QStringLiteral("two_factor"),
                                        QJsonObject{{QStringLiteral("enabled"), true}, {QStringLiteral("method"), QStringLiteral("sms")}}}});
            standardLedger(a, n);
            for (int i = 0; i < 2; ++i)
                a.attempt(a.now() - 5 * kHour + i * 3 * kMinute, QStringLiteral("sms"), failure, QStringLiteral("sms_undelivered"));
            a.attempt(a.now() - 5 * kHour + 10 * kMinute, backup, failure, QStringLiteral("code_invalid"));
        },
        // WRONG_ACCOUNT: the user has two accounts and used the other one's printout.
        [=](DemoAccount &a, int n) {
            a.writeAccount();
            standardLedger(a, n);
            a.attempt(a.now() - 4 * kHour, backup, failure, QStringLiteral("code_invalid"), {}, {}, &kLagos);
        },
        // Round two (issue 18); each caller reads out a code, so the demo opens a case for them.
        // FIRST_FACTOR: the password was wrong; the code was never looked at.
        [=](DemoAccount &a, int n) {
            a.writeAccount();
            const QStringList codes = standardLedger(a, n);
            const QString attempt = a.attempt(a.now() - 35 * kMinute, QStringLiteral("password"), failure, QStringLiteral("password_invalid"));
            a.call = DemoCall{a.id, attempt, codes[4], QStringLiteral("Says the backup code does not work at all")};
        },
        // WRONG_FACTOR: a backup code typed into the authenticator prompt.
        [=](DemoAccount &a, int n) {
            a.writeAccount();
            const QStringList codes = standardLedger(a, n);
            const QString attempt = a.attempt(a.now() - 20 * kMinute, QStringLiteral("totp"), failure, QStringLiteral("totp_invalid"));
            a.call = DemoCall{a.id, attempt, codes[4], QStringLiteral("Backup code rejected twice, user sure it is right")};
        },
        // STEP_UP_AFTER_CODE: the code was accepted, then the platform asked for more.
        [=](DemoAccount &a, int n) {
            a.writeAccount();
            const QStringList codes = standardLedger(a, n);
            a.useCode(QStringLiteral("2"), 6, a.now() - 62 * kMinute, a.phoneDevice, a.homeIp); // with its sign-in
            const QString attempt = a.attempt(a.now() - 61 * kMinute, backup, failure, QStringLiteral("step_up_required"));
            a.call = DemoCall{a.id, attempt, codes[5], QStringLiteral("Typed the code and \"nothing happened\"")};
        },
        // UNSEEN_REGENERATION: a "view codes" page issued new codes the user never saw.
        [=](DemoAccount &a, int n) {
            a.writeAccount();
            const QStringList codes = standardLedger(a, n);
            a.securityEvent(a.now() - 3 * kDay, QStringLiteral("codes_regenerated"), QJsonObject{{QStringLiteral("device"), a.phoneDevice}});
            a.addCodeSet(QStringLiteral("3"), a.now() - 3 * kDay, fmt(n + 1), QStringLiteral("codegen/3.1"), {}, QJsonValue());
            const QString attempt = a.attempt(a.now() - 75 * kMinute, backup, failure, QStringLiteral("code_invalid"));
            a.call = DemoCall{a.id, attempt, codes[4], QStringLiteral("Every code on the printout fails")};
        },
    };
}

void incidents(DemoWriter &w)
{
    const qint64 now = w.anchor();
    auto incident = [&](const QString &id, const QString &kind, qint64 start, qint64 end, const QJsonObject &extra) {
        QJsonObject o{{QStringLiteral("type"), QStringLiteral("incident")}, {QStringLiteral("id"), id},
                      {QStringLiteral("kind"), kind},                      {QStringLiteral("start"), DemoWriter::time(start)},
                      {QStringLiteral("end"), DemoWriter::time(end)}};
        for (auto it = extra.begin(); it != extra.end(); ++it)
            o.insert(it.key(), it.value());
        w.record(o);
    };
    const QJsonArray backupCodes{QStringLiteral("backup_codes")};
    incident(QStringLiteral("demo-inc-outage"), QStringLiteral("auth_outage"), now - 26 * kHour, now - 25 * kHour,
             {{QStringLiteral("components"), backupCodes}, {QStringLiteral("summary"), QStringLiteral("Backup-code validation returned 500s")}});
    incident(QStringLiteral("demo-inc-replication"), QStringLiteral("replication_lag"), now - 9 * kHour, now - 7 * kHour,
             {{QStringLiteral("components"), backupCodes}, {QStringLiteral("summary"), QStringLiteral("EU replica 4 min behind")}});
    incident(QStringLiteral("demo-inc-sms"), QStringLiteral("sms_outage"), now - 6 * kHour, now - 4 * kHour,
             {{QStringLiteral("regions"), QJsonArray{QStringLiteral("EU")}},
              {QStringLiteral("summary"), QStringLiteral("SMS carrier outage")}});
    incident(QStringLiteral("demo-inc-generator"), QStringLiteral("generation_fault"), now - 20 * kDay, now - 10 * kDay,
             {{QStringLiteral("generators"), QJsonArray{kFaultyGenerator}},
              {QStringLiteral("summary"), QStringLiteral("Release candidate generator produced duplicate codes")}});
    incident(QStringLiteral("demo-inc-api"), QStringLiteral("api_failure"), now - 40 * kDay, now - 40 * kDay + 2 * kHour,
             {{QStringLiteral("components"), QJsonArray{QStringLiteral("password")}},
              {QStringLiteral("summary"), QStringLiteral("Password API timeouts")}});
}

} // namespace

Result<QByteArray> DemoWorld::generate(const DemoOptions &options, QList<DemoCall> *calls)
{
    if (options.accounts < kMinAccounts || options.accounts > kMaxAccounts)
        return Error::invalidField(QStringLiteral("accounts"), QStringLiteral("The number of accounts must be between %1 and %2.")
                                                                  .arg(kMinAccounts)
                                                                  .arg(kMaxAccounts));
    DemoWriter writer(options.seed, options.anchor.toMSecsSinceEpoch());
    const QByteArray header = QByteArrayLiteral("# RecoveryDesk demo world (deterministic for its seed and size)\n");
    incidents(writer);
    const QList<Scenario> all = scenarios();
    for (int n = 1; n <= options.accounts; ++n) {
        DemoAccount account(writer, n);
        const int scenario = (n - 1) % int(all.size() + 2);
        account.historyDays = n <= int(all.size()) ? 90 : 60;
        if (scenario < all.size()) {
            all[scenario](account, n);
            if (account.call && calls && n <= int(all.size())) {
                calls->append(*account.call);
            } else if (account.call) { // a later round of the scenarios: no caller, no code kept
                QList<DemoCall> unused{*account.call};
                account.call.reset();
                wipeCalls(unused);
            }
        } else {
            // Ordinary accounts, some with an unused current set, some with no 2FA trouble at all.
            account.writeAccount();
            standardLedger(account, n);
        }
    }
    return header + writer.take();
}

} // namespace rd::demo
