#include "reports/Redaction.h"

#include "accounts/ContactProtector.h"

#include <QRegularExpression>

#include <functional>

namespace rd::reports {
namespace {

QString replaceMatches(const QString &text, const QRegularExpression &pattern, const std::function<QString(const QString &)> &replace)
{
    QString out;
    qsizetype last = 0;
    auto it = pattern.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        out += text.mid(last, m.capturedStart() - last) + replace(m.captured());
        last = m.capturedEnd();
    }
    return out + text.mid(last);
}

} // namespace

QString maskContacts(const QString &text)
{
    static const QRegularExpression email(QStringLiteral(R"([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"));
    // A phone: a leading + and at least 7 digits, or a run of 9 or more characters of digits,
    // spaces, dots, dashes and brackets with at least 7 digits. ISO dates and IPv4 addresses are not.
    static const QRegularExpression phone(QStringLiteral(R"((?:\+\d[\d ().-]{5,}\d)|(?:\(?\d[\d ().-]{7,}\d))"));
    static const QRegularExpression notPhone(QStringLiteral(R"(^(?:\d{4}-\d{2}-\d{2}(?:[ T]\d{2})?|\d{1,3}(?:\.\d{1,3}){3})$)"));
    const QString withoutEmails = replaceMatches(text, email, accounts::maskEmail);
    return replaceMatches(withoutEmails, phone, [](const QString &candidate) {
        const auto digits = std::count_if(candidate.begin(), candidate.end(), [](QChar c) { return c.isDigit(); });
        return digits >= 7 && !notPhone.match(candidate.trimmed()).hasMatch() ? accounts::maskPhone(candidate) : candidate;
    });
}

} // namespace rd::reports
