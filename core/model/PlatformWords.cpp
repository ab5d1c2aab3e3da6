#include "model/PlatformWords.h"

#include "model/CaseTypes.h"

#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>

namespace rd::words {
namespace {

QString translated(const QHash<QString, const char *> &words, const QString &key, const QString &fallback)
{
    const char *text = words.value(key);
    return text ? QCoreApplication::translate("PlatformWords", text) : fallback;
}

// The desk's own identifiers inside an event's detail (case states, reset kinds) read as words.
// Only these: the rest of a detail is what someone typed (a summary, a reason), kept exactly as
// written, so that contact masking downstream still sees an address like first_last@example.org.
QString spaced(const QString &text)
{
    static const QStringList known = QStringList{QStringLiteral("awaiting_verification"), QStringLiteral("pending_approval"),
                                                 QStringLiteral("reset_done"), QStringLiteral("on_hold")}
        + cases::resetKinds();
    static const QRegularExpression snake(QStringLiteral("(?<![\\w@.])[a-z]+(?:_[a-z]+)+(?![\\w@])"));
    QString out;
    qsizetype last = 0;
    for (auto it = snake.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        if (!known.contains(m.captured()))
            continue;
        out += text.mid(last, m.capturedStart() - last) + QString(m.captured()).replace(QLatin1Char('_'), QLatin1Char(' '));
        last = m.capturedEnd();
    }
    return out + text.mid(last);
}

QString joined(const QStringList &parts)
{
    QStringList present;
    for (const QString &p : parts)
        if (!p.isEmpty())
            present << p;
    return present.join(QStringLiteral(", "));
}

} // namespace

QString identifier(const QString &identifier)
{
    if (identifier.isEmpty())
        return identifier;
    static const QHash<QString, QString> acronyms{{QStringLiteral("otp"), QStringLiteral("OTP")}, {QStringLiteral("sms"), QStringLiteral("SMS")},
                                                  {QStringLiteral("id"), QStringLiteral("ID")},   {QStringLiteral("ip"), QStringLiteral("IP")},
                                                  {QStringLiteral("totp"), QStringLiteral("TOTP")}, {QStringLiteral("api"), QStringLiteral("API")}};
    QStringList parts = identifier.split(QLatin1Char('_'));
    for (QString &w : parts)
        w = acronyms.value(w, w);
    QString text = parts.join(QLatin1Char(' '));
    text[0] = text[0].toUpper();
    return text;
}

QString reason(const QString &reason)
{
    static const QHash<QString, const char *> words{
        {QStringLiteral("password_invalid"), QT_TRANSLATE_NOOP("PlatformWords", "Wrong password")},
        {QStringLiteral("code_invalid"), QT_TRANSLATE_NOOP("PlatformWords", "Code not accepted")},
        {QStringLiteral("code_used"), QT_TRANSLATE_NOOP("PlatformWords", "Code already used")},
        {QStringLiteral("code_revoked"), QT_TRANSLATE_NOOP("PlatformWords", "Code revoked")},
        {QStringLiteral("totp_invalid"), QT_TRANSLATE_NOOP("PlatformWords", "Authenticator code wrong")},
        {QStringLiteral("sms_undelivered"), QT_TRANSLATE_NOOP("PlatformWords", "Text message not delivered")},
        {QStringLiteral("locked_out"), QT_TRANSLATE_NOOP("PlatformWords", "Account locked")},
        {QStringLiteral("rate_limited"), QT_TRANSLATE_NOOP("PlatformWords", "Too many tries")},
        {QStringLiteral("device_untrusted"), QT_TRANSLATE_NOOP("PlatformWords", "Device not trusted")},
        {QStringLiteral("step_up_required"), QT_TRANSLATE_NOOP("PlatformWords", "Extra check asked")},
        {QStringLiteral("two_factor_not_enabled"), QT_TRANSLATE_NOOP("PlatformWords", "Two-step sign-in off")},
        {QStringLiteral("internal_error"), QT_TRANSLATE_NOOP("PlatformWords", "Platform error")},
        {QStringLiteral("timeout"), QT_TRANSLATE_NOOP("PlatformWords", "Timed out")}};
    return translated(words, reason, reason);
}

QString method(const QString &method)
{
    static const QHash<QString, const char *> words{{QStringLiteral("password"), QT_TRANSLATE_NOOP("PlatformWords", "Password")},
                                                    {QStringLiteral("backup_code"), QT_TRANSLATE_NOOP("PlatformWords", "Backup code")},
                                                    {QStringLiteral("totp"), QT_TRANSLATE_NOOP("PlatformWords", "Authenticator app")},
                                                    {QStringLiteral("sms"), QT_TRANSLATE_NOOP("PlatformWords", "Text message")}};
    return translated(words, method, identifier(method));
}

QString securityEvent(const QString &event)
{
    static const QHash<QString, const char *> words{
        {QStringLiteral("two_factor_enabled"), QT_TRANSLATE_NOOP("PlatformWords", "Two-step sign-in turned on")},
        {QStringLiteral("two_factor_disabled"), QT_TRANSLATE_NOOP("PlatformWords", "Two-step sign-in turned off")},
        {QStringLiteral("locked"), QT_TRANSLATE_NOOP("PlatformWords", "Account locked")},
        {QStringLiteral("unlocked"), QT_TRANSLATE_NOOP("PlatformWords", "Account unlocked")},
        {QStringLiteral("flagged_suspicious"), QT_TRANSLATE_NOOP("PlatformWords", "Flagged as suspicious")},
        {QStringLiteral("flag_cleared"), QT_TRANSLATE_NOOP("PlatformWords", "Suspicious flag cleared")},
        {QStringLiteral("email_changed"), QT_TRANSLATE_NOOP("PlatformWords", "Email address changed")},
        {QStringLiteral("phone_changed"), QT_TRANSLATE_NOOP("PlatformWords", "Phone number changed")},
        {QStringLiteral("codes_regenerated"), QT_TRANSLATE_NOOP("PlatformWords", "Backup codes regenerated")}};
    return translated(words, event, identifier(event));
}

QString timelineText(const QString &source, const QStringList &f)
{
    auto at = [&f](int i) { return f.value(i); };
    if (source == QLatin1String("attempt")) {
        // method, outcome, reason, device, ip, city
        const bool ok = at(1) == QLatin1String("success");
        QString text = QCoreApplication::translate("PlatformWords", "%1 sign-in %2")
                           .arg(method(at(0)), ok ? QCoreApplication::translate("PlatformWords", "succeeded")
                                                  : QCoreApplication::translate("PlatformWords", "failed"));
        if (!at(2).isEmpty())
            text += QStringLiteral(": ") + reason(at(2));
        const QString where = joined({at(3), at(4), at(5)});
        return where.isEmpty() ? text : text + QStringLiteral(" — ") + where;
    }
    if (source == QLatin1String("security"))
        return securityEvent(at(0));
    if (source == QLatin1String("device")) // device, event, actor
        return at(2).isEmpty() ? QCoreApplication::translate("PlatformWords", "Device %1 %2").arg(at(0), identifier(at(1)).toLower())
                               : QCoreApplication::translate("PlatformWords", "Device %1 %2 by %3").arg(at(0), identifier(at(1)).toLower(), at(2));
    if (source == QLatin1String("code_use")) { // index, set, device, ip
        const QString text = QCoreApplication::translate("PlatformWords", "Code %1 of set %2 used").arg(at(0), at(1));
        const QString where = joined({at(2), at(3)});
        return where.isEmpty() ? text : text + QStringLiteral(" — ") + where;
    }
    if (source == QLatin1String("case")) // kind, detail, actor
        return QStringLiteral("%1%2 (%3)").arg(identifier(at(0)), at(1).isEmpty() ? QString() : QStringLiteral(": ") + spaced(at(1)), at(2));
    if (source == QLatin1String("note")) // author, text
        return QStringLiteral("%1: %2").arg(at(0), at(1));
    if (source == QLatin1String("evidence")) // method, result, verifier
        return QCoreApplication::translate("PlatformWords", "%1 %2 (%3)")
            .arg(identifier(at(0)), at(1) == QLatin1String("pass") ? QCoreApplication::translate("PlatformWords", "passed")
                                                                     : QCoreApplication::translate("PlatformWords", "failed"),
                 at(2));
    return joined(f);
}

} // namespace rd::words
