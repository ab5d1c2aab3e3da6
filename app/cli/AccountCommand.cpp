#include "CliContext.h"

#include "accounts/AccountService.h"
#include "common/Time.h"
#include "storage/Database.h"

#include <QJsonArray>
#include <QJsonObject>

namespace rd::cli {
namespace {

QJsonValue timeOrNull(const std::optional<qint64> &t)
{
    return t ? QJsonValue(time::formatRfc3339(*t)) : QJsonValue();
}

QJsonObject profileJson(const accounts::AccountProfile &p)
{
    QJsonArray sets, devices, attempts;
    for (const auto &s : p.codeSets) {
        QJsonObject set{{QStringLiteral("id"), s.id},
                                {QStringLiteral("generated_at"), time::formatRfc3339(s.generatedAt)},
                                {QStringLiteral("generator"), s.generator},
                                {QStringLiteral("format"), s.format},
                                {QStringLiteral("state"), s.state},
                                {QStringLiteral("superseded_at"), timeOrNull(s.supersededAt)},
                                {QStringLiteral("superseded_by"), s.supersededBy.isEmpty() ? QJsonValue() : QJsonValue(s.supersededBy)},
                                {QStringLiteral("revoked_at"), timeOrNull(s.revokedAt)},
                                {QStringLiteral("revoked_reason"), s.revokedReason.isEmpty() ? QJsonValue() : QJsonValue(s.revokedReason)},
                                {QStringLiteral("codes"), s.codes},
                                {QStringLiteral("used"), s.used},
                                {QStringLiteral("remaining"), s.codes - s.used},
                                {QStringLiteral("malformed"), s.malformed},
                                {QStringLiteral("duplicates"), s.duplicates}};
        // As imported: absent when the platform does not report it, null when never confirmed.
        if (s.acknowledgmentReported)
            set.insert(QStringLiteral("acknowledged_at"), timeOrNull(s.acknowledgedAt));
        sets.append(set);
    }
    for (const auto &d : p.devices) {
        devices.append(QJsonObject{{QStringLiteral("id"), d.id},
                                   {QStringLiteral("label"), d.label},
                                   {QStringLiteral("first_seen"), time::formatRfc3339(d.firstSeen)},
                                   {QStringLiteral("trust"), d.trust},
                                   {QStringLiteral("trust_changed_at"), timeOrNull(d.trustChangedAt)}});
    }
    for (const auto &a : p.recentAttempts) {
        attempts.append(QJsonObject{{QStringLiteral("id"), a.id},
                                    {QStringLiteral("at"), time::formatRfc3339(a.at)},
                                    {QStringLiteral("method"), a.method},
                                    {QStringLiteral("outcome"), a.outcome},
                                    {QStringLiteral("reason"), a.reason},
                                    {QStringLiteral("device"), a.device},
                                    {QStringLiteral("ip"), a.ip},
                                    {QStringLiteral("place"), a.place}});
    }
    const auto &s = p.summary;
    return QJsonObject{{QStringLiteral("id"), s.id},
                       {QStringLiteral("handle"), s.handle},
                       {QStringLiteral("display_name"), s.displayName},
                       {QStringLiteral("status"), s.status},
                       {QStringLiteral("created_at"), time::formatRfc3339(s.createdAt)},
                       {QStringLiteral("email"), p.maskedEmail},
                       {QStringLiteral("email_verified_at"), timeOrNull(p.emailVerifiedAt)},
                       {QStringLiteral("phone"), p.maskedPhone},
                       {QStringLiteral("phone_verified_at"), timeOrNull(p.phoneVerifiedAt)},
                       {QStringLiteral("two_factor"),
                        QJsonObject{{QStringLiteral("enabled"), s.twoFactorEnabled},
                                    {QStringLiteral("method"), s.twoFactorMethod},
                                    {QStringLiteral("since"), timeOrNull(p.twoFactorSince)}}},
                       {QStringLiteral("code_sets"), sets},
                       {QStringLiteral("devices"), devices},
                       {QStringLiteral("recent_attempts"), attempts},
                       {QStringLiteral("total_attempts"), p.totalAttempts}};
}

QString orDash(const QString &s)
{
    return s.isEmpty() ? QStringLiteral("-") : s;
}

QString timeOrDash(const std::optional<qint64> &t)
{
    return t ? time::formatRfc3339(*t) : QStringLiteral("-");
}

void printProfile(QTextStream &out, const accounts::AccountProfile &p)
{
    const auto &s = p.summary;
    out << "Account " << s.id << " (" << orDash(s.handle) << ", " << orDash(s.displayName) << ")\n";
    out << "  status        " << s.status << "\n";
    out << "  created       " << time::formatRfc3339(s.createdAt) << "\n";
    out << "  email         " << orDash(p.maskedEmail) << "  verified " << timeOrDash(p.emailVerifiedAt) << "\n";
    out << "  phone         " << orDash(p.maskedPhone) << "  verified " << timeOrDash(p.phoneVerifiedAt) << "\n";
    out << "  two-factor    " << (s.twoFactorEnabled ? "on" : "off") << " (" << orDash(s.twoFactorMethod) << ") since "
        << timeOrDash(p.twoFactorSince) << "\n";
    out << "\nCode ledger (" << p.codeSets.size() << " sets; code values are never shown)\n";
    for (const auto &c : p.codeSets) {
        QString state = c.state;
        if (c.revokedAt)
            state += QStringLiteral(" %1 (%2)").arg(time::formatRfc3339(*c.revokedAt), c.revokedReason);
        else if (c.supersededAt)
            state += QStringLiteral(" %1 by %2").arg(time::formatRfc3339(*c.supersededAt), c.supersededBy);
        out << QStringLiteral("  %1 %2 %3 %4/%5 used  %6").arg(c.id, -22).arg(time::formatRfc3339(c.generatedAt)).arg(c.format, -9)
                   .arg(c.used, 2).arg(c.codes, -2).arg(state);
        if (c.malformed || c.duplicates)
            out << QStringLiteral("  [%1 malformed, %2 duplicate]").arg(c.malformed).arg(c.duplicates);
        if (c.neverConfirmed())
            out << "  [never confirmed by the user]";
        else if (c.acknowledgmentReported)
            out << "  [confirmed by the user " << time::formatRfc3339(*c.acknowledgedAt) << "]";
        out << "\n";
    }
    out << "\nDevices (" << p.devices.size() << ")\n";
    for (const auto &d : p.devices)
        out << QStringLiteral("  %1 %2 first seen %3, %4 since %5\n").arg(d.id, -22).arg(orDash(d.label), -24)
                   .arg(time::formatRfc3339(d.firstSeen), d.trust, timeOrDash(d.trustChangedAt));
    out << "\nRecent login attempts (" << p.recentAttempts.size() << " of " << p.totalAttempts << ")\n";
    for (const auto &a : p.recentAttempts)
        out << QStringLiteral("  %1 %2 %3 %4 %5 %6 %7\n").arg(time::formatRfc3339(a.at)).arg(a.method, -12).arg(a.outcome, -8)
                   .arg(orDash(a.reason), -18).arg(orDash(a.device), -20).arg(orDash(a.ip), -16).arg(a.place);
    out.flush();
}

} // namespace

int runAccount(CliContext &ctx, const QStringList &args)
{
    if (args.value(1) != QLatin1String("show"))
        return ctx.usage(QStringLiteral("account needs a subcommand: show ID."));
    QStringList rest = args.mid(1);
    rest.first() = args.first() + QStringLiteral(" show");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("account show ID: profile (contacts masked), code ledger summary, "
                                                    "devices and recent login attempts."));
    const QCommandLineOption recent(QStringLiteral("attempts"), QStringLiteral("How many recent attempts (default 20)."),
                                    QStringLiteral("N"), QStringLiteral("20"));
    parser.addOption(recent);
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("The account id."));
    if (auto stop = ctx.parseArgs(parser, rest, 1, 1))
        return *stop;
    bool ok = false;
    const int n = parser.value(recent).toInt(&ok);
    if (!ok || n < 0 || n > 10000)
        return ctx.usage(QStringLiteral("--attempts takes a number from 0 to 10000."));
    auto bench = ctx.workbench();
    if (!bench)
        return ctx.fail(bench.error());
    accounts::AccountService service(*bench->database, *bench->keys);
    // TODO(audit, issue 4): viewing the ledger is a view of sensitive data and gets an audit entry.
    auto profile = service.show(bench->session, parser.positionalArguments().first(), n);
    if (!profile)
        return ctx.fail(profile.error());
    if (ctx.json)
        ctx.printJson(profileJson(profile.value()));
    else
        printProfile(ctx.out(), profile.value());
    return 0;
}

} // namespace rd::cli
