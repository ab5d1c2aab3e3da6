// Checks about the code itself: FORMAT ... VALID_UNUSED. They speak of set ids and indexes,
// never of code values.
#include "diagnostics/Evaluation.h"

#include <QMap>
#include <QSet>

#include <algorithm>
#include <functional>

namespace rd::diagnostics {
namespace {

QList<CodeRef> exactWhere(const Evaluation &e, const std::function<bool(const CodeRef &)> &pred)
{
    QList<CodeRef> out;
    for (const CodeRef &ref : e.match.exact) {
        if (pred(ref))
            out.append(ref);
    }
    return out;
}

bool setHasDuplicates(const SetRow &set)
{
    QSet<QByteArray> seen;
    for (const CodeRow &c : set.codes) {
        if (seen.contains(c.hash))
            return true;
        seen.insert(c.hash);
    }
    return false;
}

} // namespace

Finding checkFormat(const Evaluation &e)
{
    const FormatFit &fit = e.match.format;
    if (fit.formats.isEmpty())
        return notApplicable(Check::Format, fit.authenticatorShape
                                                ? QStringLiteral("The account had no backup codes to compare the format with; the "
                                                                 "six digits typed have the shape of an authenticator-app code.")
                                                : QStringLiteral("The account had no backup codes to compare the format with."));
    if (fit.fitsPlain)
        return ruledOut(Check::Format, QStringLiteral("The code has the right length and characters."));
    if (fit.fitsMapped) {
        // Which look-alikes, but never where nor how many: positions, or a count for a code made
        // of one repeated character, would spell the code.
        QMap<QString, int> kinds;
        for (const ledger::ConfusableMapping &m : fit.mappings)
            ++kinds[QStringLiteral("'%1' read as '%2'").arg(m.from).arg(m.to)];
        const QStringList mapped = kinds.keys();
        Finding f = holds(Check::Format,
                          QStringLiteral("The code was typed with look-alike characters; it fits once they are read as what "
                                         "they resemble."),
                          {{QStringLiteral("Look-alikes mapped: %1.").arg(mapped.join(QStringLiteral(", "))), {}, {}}},
                          QStringLiteral("Tell the user backup codes contain only %1; RecoveryDesk already read it that way.")
                              .arg(fit.formats.join(QStringLiteral("/")).contains(QStringLiteral("base32"))
                                       ? QStringLiteral("digits and capital letters without I, L, O and U")
                                       : QStringLiteral("digits")));
        f.eligible = false; // the platform may not map confusables, but the code itself was right
        f.userLine = fit.formats.join(QStringLiteral("/")).contains(QStringLiteral("base32"))
            ? QStringLiteral("Backup codes never use the letters I, L, O or U: type 1 for I or L and 0 for O.")
            : QStringLiteral("Backup codes contain only digits: type zero for the letter O and one for I or L.");
        return f;
    }
    if (fit.authenticatorShape) {
        Finding f = holds(Check::Format,
                          QStringLiteral("The code has six digits, the shape of an authenticator-app code, not of this account's "
                                         "backup codes (%1).")
                              .arg(fit.formats.join(QStringLiteral(", "))),
                          {{QStringLiteral("Typed code: 6 digits after removing spaces and separators; backup codes here are %1.")
                                .arg(fit.formats.join(QStringLiteral(", "))),
                            {}, {}}},
                          QStringLiteral("Ask whether the number came from an authenticator app: it belongs in the authenticator "
                                         "prompt, and a backup code is one of the longer codes on the saved printout."));
        f.userLine = QStringLiteral("That six-digit number looks like a code from your authenticator app. Backup codes are the "
                                    "longer codes you saved when you set up two-step sign-in.");
        return f;
    }
    Finding f = holds(Check::Format,
                      QStringLiteral("The code does not look like this account's backup codes (%1 characters; the account uses %2).")
                          .arg(fit.typedLength)
                          .arg(fit.formats.join(QStringLiteral(", "))),
                      {{QStringLiteral("Typed code: %1 characters after removing spaces and dashes.").arg(fit.typedLength), {}, {}}},
                      QStringLiteral("Ask the user to read the code again from the printout, character by character."));
    f.userLine = QStringLiteral("The code you typed is not the right length for your backup codes. Could you read it to me again "
                                "from your saved list, one character at a time?");
    return f;
}

Finding checkSyncLag(const Evaluation &e)
{
    if (!e.platformRejected)
        return ruledOut(Check::SyncLag, QStringLiteral("The platform did not reject the code."));
    const qint64 window = e.policy.syncWindowS * 1000;
    const IncidentRow *lag = nullptr;
    for (const IncidentRow &i : e.context.incidents) {
        if (i.kind == QLatin1String("replication_lag") && i.start <= e.at && e.at <= i.end)
            lag = &i;
    }
    const int active = e.activeSetAt(e.at);
    for (const CodeRef &ref : e.match.exact) {
        if (e.usedAt(e.code(ref), e.at) || e.revokedAt(e.set(ref), e.at))
            continue;
        const SetRow &set = e.set(ref);
        if (set.generatedAt > e.at - window)
            return holds(Check::SyncLag,
                         QStringLiteral("The code is brand new: its set was issued %1 seconds earlier and had not reached every server.")
                             .arg((e.at - set.generatedAt) / 1000),
                         {{QStringLiteral("Set %1 generated at %2.").arg(set.id, when(set.generatedAt)), set.generatedAt, set.id}},
                         QStringLiteral("Ask the user to wait a few minutes and try the same code again."));
        if (lag && ref.set == active)
            return holds(Check::SyncLag, QStringLiteral("Replication was lagging, so the servers had not all seen this code set."),
                         {{QStringLiteral("%1 from %2 to %3: %4").arg(lag->kind, when(lag->start), when(lag->end), lag->summary), lag->start, lag->id}},
                         QStringLiteral("Ask the user to try the same code again after %1.").arg(when(lag->end)));
    }
    return ruledOut(Check::SyncLag, QStringLiteral("No unused code of a freshly issued or lagging set matched."));
}

Finding checkAlreadyUsed(const Evaluation &e)
{
    const QList<CodeRef> used = exactWhere(e, [&](const CodeRef &r) { return e.usedAt(e.code(r), e.at); });
    if (used.isEmpty())
        return ruledOut(Check::AlreadyUsed, QStringLiteral("The code had not been used before."));
    QList<Fact> evidence;
    for (const CodeRef &ref : used) {
        const CodeRow &c = e.code(ref);
        const QString place = e.context.usePlaces.value(QStringLiteral("%1#%2").arg(e.set(ref).id).arg(c.index));
        evidence.append({QStringLiteral("%1 was used at %2 from device %3, IP %4%5.")
                             .arg(codeLabel(e, ref), when(*c.usedAt), c.usedDevice.isEmpty() ? QStringLiteral("unknown") : c.usedDevice,
                                  c.usedIp.isEmpty() ? QStringLiteral("unknown") : c.usedIp,
                                  place.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(place)),
                         c.usedAt, QStringLiteral("%1#%2").arg(e.set(ref).id).arg(c.index)});
    }
    const CodeRow &first = e.code(used.first());
    return holds(Check::AlreadyUsed,
                 QStringLiteral("This code was already used on %1; each backup code works only once.").arg(when(*first.usedAt)),
                 evidence,
                 QStringLiteral("Ask the user for another unused code from the same printout; if that use was not theirs, treat "
                                "the account as possibly compromised."));
}

Finding checkSuperseded(const Evaluation &e)
{
    const QList<CodeRef> refs = exactWhere(e, [&](const CodeRef &r) {
        return e.supersededAt(e.set(r), e.at) && !e.revokedAt(e.set(r), e.at);
    });
    if (refs.isEmpty())
        return ruledOut(Check::Superseded, QStringLiteral("The code is not from a replaced code set."));
    const SetRow &set = e.set(refs.first());
    // As of T: a replacing set generated later, or a later supersession time, is not named.
    const auto replaced = e.replacementAt(refs.first().set, e.at);
    const std::optional<qint64> at = replaced ? replaced->at : std::nullopt;
    const QString by = replaced && replaced->by ? QStringLiteral("set %1").arg(replaced->by->id) : QStringLiteral("a newer set");
    return holds(Check::Superseded,
                 QStringLiteral("This code is from an old set that was replaced on %1 when new codes were issued.")
                     .arg(at ? when(*at) : QStringLiteral("an unknown date")),
                 {{QStringLiteral("%1; set %2 superseded by %3.").arg(codeLabel(e, refs.first()), set.id, by), at, set.id}},
                 replaced && replaced->by
                     ? QStringLiteral("Ask the user for the newer printout (issued %1); old codes stop working when new ones are made.")
                           .arg(when(replaced->by->generatedAt))
                     : QStringLiteral("Ask the user for the newest printout; old codes stop working when new ones are made."));
}

Finding checkRevoked(const Evaluation &e)
{
    const QList<CodeRef> refs = exactWhere(e, [&](const CodeRef &r) { return e.revokedAt(e.set(r), e.at); });
    if (refs.isEmpty())
        return ruledOut(Check::Revoked, QStringLiteral("The code is not from a revoked set."));
    const SetRow &set = e.set(refs.first());
    const QString reason = set.revokedReason.isEmpty() ? QStringLiteral("unknown reason") : set.revokedReason;
    return holds(Check::Revoked,
                 QStringLiteral("This code's set was revoked (%1) on %2.")
                     .arg(reason, set.revokedAt ? when(*set.revokedAt) : QStringLiteral("an unknown date")),
                 {{QStringLiteral("%1; set %2 revoked: %3.").arg(codeLabel(e, refs.first()), set.id, reason), set.revokedAt, set.id}},
                 reason == QLatin1String("compromised")
                     ? QStringLiteral("The codes were revoked as compromised: verify identity (strong) and request regenerate_codes.")
                     : QStringLiteral("The user needs new codes: verify identity and request regenerate_codes."));
}

Finding checkWrongAccount(const Evaluation &e)
{
    if (!e.match.exact.isEmpty())
        return ruledOut(Check::WrongAccount, QStringLiteral("The code belongs to this account."));
    if (e.context.otherAccounts.isEmpty())
        return ruledOut(Check::WrongAccount, QStringLiteral("The code does not belong to another account."));
    QList<Fact> evidence;
    for (const OtherAccountMatch &m : e.context.otherAccounts)
        evidence.append({QStringLiteral("Matches code %1 of set %2 of account %3.").arg(m.index).arg(m.set, m.account), m.generatedAt, m.account});
    return holds(Check::WrongAccount, QStringLiteral("This code belongs to a different account, not this one."), evidence,
                 QStringLiteral("Ask whether the user has another account; they may be using that account's printout."));
}

Finding checkTranscription(const Evaluation &e)
{
    if (!e.match.exact.isEmpty())
        return ruledOut(Check::Transcription, QStringLiteral("The code matches exactly; no typo."));
    if (e.match.nearMisses.isEmpty())
        return ruledOut(Check::Transcription, QStringLiteral("No code of this account is one typo away."));
    // Prefer the code the user most likely meant: unused in the active set, then the newest set.
    const int active = e.activeSetAt(e.at);
    NearMiss best = e.match.nearMisses.first();
    auto score = [&](const NearMiss &m) {
        return (m.ref.set == active ? 4 : 0) + (e.codeStateAt(m.ref, e.at) == QLatin1String("unused") ? 2 : 0);
    };
    for (const NearMiss &m : e.match.nearMisses) {
        if (score(m) > score(best) || (score(m) == score(best) && m.ref.set > best.ref.set))
            best = m;
    }
    QList<Fact> evidence;
    for (const NearMiss &m : e.match.nearMisses) {
        const QString where = m.kind == EditKind::Transposition ? QStringLiteral("positions %1–%2").arg(m.position).arg(m.position + 1)
                                                                : QStringLiteral("position %1").arg(m.position);
        evidence.append({QStringLiteral("One %1 at %2 away from %3 (%4).").arg(editKindName(m.kind), where, codeLabel(e, m.ref),
                                                                               e.codeStateAt(m.ref, e.at)),
                         {}, QStringLiteral("%1#%2").arg(e.set(m.ref).id).arg(e.code(m.ref).index)});
    }
    const QString where = best.kind == EditKind::Transposition ? QStringLiteral("positions %1–%2").arg(best.position).arg(best.position + 1)
                                                               : QStringLiteral("position %1").arg(best.position);
    return holds(Check::Transcription,
                 QStringLiteral("Probably a typo: %1 at %2 compared with %3, which is %4.")
                     .arg(editKindName(best.kind), where, codeLabel(e, best.ref), e.codeStateAt(best.ref, e.at)),
                 evidence,
                 QStringLiteral("Ask the user to read the code again slowly, especially around %1.").arg(where));
}

Finding checkGenerationFault(const Evaluation &e)
{
    QList<int> sets;
    for (const CodeRef &r : e.match.exact)
        if (!sets.contains(r.set))
            sets.append(r.set);
    for (const NearMiss &m : e.match.nearMisses)
        if (!sets.contains(m.ref.set))
            sets.append(m.ref.set);
    if (sets.isEmpty())
        return notApplicable(Check::GenerationFault, QStringLiteral("No matched or intended code to check the generator of."));
    QList<Fact> evidence;
    for (int s : sets) {
        const SetRow &set = e.context.sets[s];
        for (const IncidentRow &i : e.context.incidents) {
            if (i.kind == QLatin1String("generation_fault") && i.generators.contains(set.generator) && i.start <= set.generatedAt
                && set.generatedAt <= i.end)
                evidence.append({QStringLiteral("Set %1 was made by %2 during generation fault %3 (%4).").arg(set.id, set.generator, i.id, i.summary),
                                 set.generatedAt, i.id});
        }
        if (setHasDuplicates(set))
            evidence.append({QStringLiteral("Set %1 contains duplicate codes.").arg(set.id), set.generatedAt, set.id});
        const int malformed = int(std::count_if(set.codes.cbegin(), set.codes.cend(), [](const CodeRow &c) {
            return c.fitsFormat && !*c.fitsFormat;
        }));
        if (malformed > 0)
            evidence.append({QStringLiteral("Set %1 contains %2 code(s) that do not fit its format %3.").arg(set.id).arg(malformed).arg(set.format),
                             set.generatedAt, set.id});
    }
    if (evidence.isEmpty())
        return ruledOut(Check::GenerationFault, QStringLiteral("The code's set was generated correctly."));
    return holds(Check::GenerationFault, QStringLiteral("The code set itself is faulty: the platform issued bad codes."), evidence,
                 QStringLiteral("Not the user's fault: verify identity and request regenerate_codes; mention the incident in the case."));
}

Finding checkUnknownCode(const Evaluation &e)
{
    if (!e.match.exact.isEmpty() || !e.context.otherAccounts.isEmpty() || !e.match.nearMisses.isEmpty())
        return ruledOut(Check::UnknownCode, QStringLiteral("The code, or one very like it, is known."));
    return holds(Check::UnknownCode, QStringLiteral("This is not a backup code of this account, nor one typo away from one."),
                 {{QStringLiteral("Compared with %1 code sets; no match, no near match, no other account.").arg(e.context.sets.size()), {}, {}}},
                 QStringLiteral("Ask where the code comes from (another service, an old phone app?) and whether the user has "
                                "another printout."));
}

Finding checkValidUnused(const Evaluation &e)
{
    const int active = e.activeSetAt(e.at);
    const QList<CodeRef> refs = exactWhere(e, [&](const CodeRef &r) { return r.set == active && !e.usedAt(e.code(r), e.at); });
    if (refs.isEmpty())
        return ruledOut(Check::ValidUnused, QStringLiteral("The code is not an unused code of the active set."));
    return holds(Check::ValidUnused, QStringLiteral("The code is valid and unused: it should work."),
                 {{QStringLiteral("%1 is unused; the set is active.").arg(codeLabel(e, refs.first())), e.set(refs.first()).generatedAt,
                   e.set(refs.first()).id}},
                 QStringLiteral("Ask the user to try it again exactly as printed; if it still fails, escalate to the platform team."));
}

} // namespace rd::diagnostics
