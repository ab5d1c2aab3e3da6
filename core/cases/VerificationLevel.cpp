#include "cases/VerificationLevel.h"

#include "crypto/Hash.h"

#include <QHash>

namespace rd::cases {

QString levelName(Level level)
{
    switch (level) {
    case Level::None:
        return QStringLiteral("none");
    case Level::Basic:
        return QStringLiteral("basic");
    case Level::Strong:
        return QStringLiteral("strong");
    }
    return {};
}

LevelResult computeLevel(const LevelInput &input)
{
    QHash<QString, QString> latest;
    QStringList order;
    for (const EvidenceRecord &e : input.evidence) {
        if (!latest.contains(e.method))
            order << e.method;
        latest.insert(e.method, e.result);
    }
    LevelResult r;
    QStringList counting;
    bool possession = false, governmentId = false;
    for (const QString &method : std::as_const(order)) {
        if (latest.value(method) != QLatin1String("pass"))
            continue;
        r.standing << method;
        if (method == QLatin1String("knowledge_check"))
            continue; // NIST SP 800-63B rev 4: knowledge never verifies identity
        counting << method;
        if (method == QLatin1String("government_id")) {
            possession = governmentId = true;
        } else if ((method == QLatin1String("email_otp") && !input.emailChangedRecently)
                   || (method == QLatin1String("sms_otp") && !input.phoneChangedRecently)) {
            possession = true;
        }
    }
    if (!counting.isEmpty())
        r.level = Level::Basic;
    if (counting.size() < 2)
        r.missing << (counting.isEmpty() ? QStringLiteral("two passing methods (knowledge checks do not count)")
                                         : QStringLiteral("a second, different passing method"));
    if (!possession)
        r.missing << QStringLiteral("an OTP to an email or phone on file and unchanged for 7 days, or a government ID");
    if (input.possibleCompromise && !governmentId)
        r.missing << QStringLiteral("a government ID (the account shows signs of compromise)");
    if (r.missing.isEmpty())
        r.level = Level::Strong;
    return r;
}

QString evidenceFingerprint(const QList<EvidenceRecord> &evidence)
{
    QByteArray bytes;
    for (const EvidenceRecord &e : evidence)
        bytes += QByteArray::number(e.id) + ':' + e.method.toUtf8() + ':' + e.result.toUtf8() + '\n';
    return QString::fromLatin1(crypto::sha256(bytes).toHex());
}

} // namespace rd::cases
