#include "model/CaseTypes.h"

namespace rd::cases {

const QStringList &channels()
{
    static const QStringList v = {QStringLiteral("phone"), QStringLiteral("email"), QStringLiteral("chat"), QStringLiteral("web")};
    return v;
}

const QStringList &priorities()
{
    static const QStringList v = {QStringLiteral("low"), QStringLiteral("normal"), QStringLiteral("high"), QStringLiteral("urgent")};
    return v;
}

const QStringList &evidenceMethods()
{
    static const QStringList v = {QStringLiteral("email_otp"),       QStringLiteral("sms_otp"),   QStringLiteral("government_id"),
                                  QStringLiteral("knowledge_check"), QStringLiteral("video_call"), QStringLiteral("prior_device_confirmation")};
    return v;
}

const QStringList &resetKinds()
{
    static const QStringList v = {QStringLiteral("regenerate_codes"), QStringLiteral("disable_two_factor"),
                                  QStringLiteral("revoke_device_trust"), QStringLiteral("unlock_account"),
                                  QStringLiteral("replace_recovery_contact")};
    return v;
}

SlaTargets slaFor(const QString &priority)
{
    if (priority == QLatin1String("urgent"))
        return {15, 4 * 60};
    if (priority == QLatin1String("high"))
        return {60, 8 * 60};
    if (priority == QLatin1String("low"))
        return {8 * 60, 72 * 60};
    return {4 * 60, 24 * 60};
}

} // namespace rd::cases
