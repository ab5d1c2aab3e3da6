// Diagnose input fuzz target: what an agent types into `diagnose` (the code, --at, --device,
// --ip) through the CLI's parsing, the code matcher and the engine, against a fixed account.
#include "FuzzTargets.h"

#include "common/Time.h"
#include "diagnostics/CodeMatcher.h"
#include "diagnostics/DiagnosticsEngine.h"
#include "ledger/CodeNormalizer.h"
#include "ledger/LedgerHasher.h"

#include <QList>
#include <QRegularExpression>
#include <QString>

namespace rd::fuzz {
namespace {

constexpr qint64 kDay = 24 * 3600 * 1000LL;
constexpr qint64 kT0 = 1795000000000LL; // November 2026

diagnostics::SetRow makeSet(const ledger::LedgerHasher &hasher, const QString &id, const QString &format,
                            qint64 generatedAt, const QStringList &codes)
{
    diagnostics::SetRow set;
    set.id = id;
    set.generatedAt = generatedAt;
    set.generator = QStringLiteral("gen-2");
    set.format = format;
    set.declaredState = QStringLiteral("active");
    for (qsizetype i = 0; i < codes.size(); ++i) {
        diagnostics::CodeRow row;
        row.index = int(i + 1);
        row.hash = QByteArray::fromHex(hasher.codeHash(id, codes[i]).toLatin1());
        row.fitsFormat = true;
        if (i == 0) {
            row.usedAt = generatedAt + kDay;
            row.usedDevice = QStringLiteral("dev-1");
            row.usedIp = QStringLiteral("192.0.2.10");
        }
        set.codes.append(row);
    }
    return set;
}

// An account with an old digits8 set superseded by a base32x16 set, a device, recent failures
// and an incident: enough for every check to have something to look at.
const diagnostics::DiagnosisContext &context(const ledger::LedgerHasher &hasher)
{
    static const diagnostics::DiagnosisContext c = [&hasher] {
        diagnostics::DiagnosisContext ctx;
        ctx.accountId = QStringLiteral("acc-fuzz");
        ctx.twoFactorEnabled = true;
        ctx.hasEmail = true;
        ctx.emailVerifiedAt = kT0 - 400 * kDay;
        ctx.hasPhone = true;
        ctx.phoneVerifiedAt = kT0 - 3 * kDay;
        auto old = makeSet(hasher, QStringLiteral("set-old"), QStringLiteral("digits8"), kT0 - 200 * kDay,
                           {QStringLiteral("73920416"), QStringLiteral("11235813"), QStringLiteral("48213906")});
        old.supersededAt = kT0 - 10 * kDay;
        old.supersededBy = QStringLiteral("set-new");
        ctx.sets.append(old);
        ctx.sets.append(makeSet(hasher, QStringLiteral("set-new"), QStringLiteral("base32x16"), kT0 - 10 * kDay,
                                {QStringLiteral("7HQ2MKX9TB4RW8ZN"), QStringLiteral("P4W8RZN3CDXX11QQ")}));
        diagnostics::DeviceRow device;
        device.id = QStringLiteral("dev-1");
        device.label = QStringLiteral("Phone");
        device.events = {{kT0 - 300 * kDay, QStringLiteral("trusted")}, {kT0 - 2 * kDay, QStringLiteral("untrusted")}};
        ctx.devices.append(device);
        ctx.securityEvents.append({kT0 - 10 * kDay, QStringLiteral("codes_regenerated"), {}});
        ctx.incidents.append({QStringLiteral("inc-1"), QStringLiteral("validation_bug"), kT0 - 5 * kDay, kT0 + kDay,
                              {QStringLiteral("backup_codes")}, {QStringLiteral("gen-2")}, QStringLiteral("Validation bug")});
        for (int i = 0; i < 6; ++i) {
            diagnostics::AttemptRow a;
            a.id = QStringLiteral("att-%1").arg(i);
            a.at = kT0 - (6 - i) * 60000;
            a.method = QStringLiteral("backup_code");
            a.outcome = QStringLiteral("failure");
            a.reason = QStringLiteral("code_invalid");
            a.device = QStringLiteral("dev-1");
            a.ip = QStringLiteral("198.51.100.7");
            a.country = QStringLiteral("DE");
            a.lat = 52.5;
            a.lon = 13.4;
            a.clockSkewS = i * 40;
            ctx.recentAttempts.append(a);
        }
        ctx.attempt = ctx.recentAttempts.last();
        ctx.recentUses.append({QStringLiteral("set-old"), 1, kT0 - 199 * kDay, QStringLiteral("dev-1"),
                               QStringLiteral("192.0.2.10"), false});
        return ctx;
    }();
    return c;
}

} // namespace

void diagnoseInput(const std::uint8_t *data, std::size_t size)
{
    static const ledger::LedgerHasher hasher(QByteArray(32, '\x42'));
    const QStringList fields = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size)).split(u'\n');
    const QString code = fields.value(0);
    diagnostics::EngineInput input{kT0, fields.value(2), fields.value(3)};
    if (fields.size() > 1) {
        // --at as the CLI parses it: an accepted time formats and parses back to itself.
        if (const auto at = time::parseRfc3339(fields[1])) {
            const auto again = time::parseRfc3339(time::formatRfc3339(*at));
            require(again && *again == *at, "a parsed --at time formats and parses back to itself");
            input.at = *at;
        }
    }
    const diagnostics::CodeMatcher matcher(hasher);
    const QStringList tags = matcher.lookupTags(code);
    require(!tags.isEmpty(), "every typed code has lookup tags");
    const auto &ctx = context(hasher);
    const diagnostics::MatchResult match = matcher.match(code, ctx);
    for (const diagnostics::CodeRef &ref : match.exact)
        require(ref.set >= 0 && ref.set < ctx.sets.size() && ref.code >= 0 && ref.code < ctx.sets[ref.set].codes.size(),
                "an exact match points at a stored code");
    const diagnostics::DiagnosisReport report
        = diagnostics::DiagnosticsEngine::evaluate(ctx, match, policy::Policy{}, input);
    require(!report.findings.isEmpty(), "a diagnosis has findings");
    // The typed code is never echoed in what the report shows (SPEC §14). Checked for
    // code-like input (8+ letters and digits), which cannot be a word of the report's text by
    // chance, unless the agent also typed it into --device or --ip, which the report does show.
    static const QRegularExpression codeLike(QStringLiteral("^[0-9A-Za-z]{8,}$"));
    if (codeLike.match(code).hasMatch() && code.contains(QRegularExpression(QStringLiteral("[0-9].*[0-9].*[0-9]")))
        && !input.device.contains(code) && !input.ip.contains(code)) {
        for (const auto &f : report.findings) {
            require(!f.summary.contains(code), "a finding's summary does not repeat the typed code");
            for (const auto &fact : f.evidence)
                require(!fact.text.contains(code), "evidence does not repeat the typed code");
        }
    }
}

} // namespace rd::fuzz
