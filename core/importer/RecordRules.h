#pragma once

#include <QStringList>

// Allowed values the import checks that more than one reader of a line needs (RecordParser and
// the plain login_attempt reader). Internal to the importer.
namespace rd::importer::rules {

inline const QStringList kLoginMethods = {QStringLiteral("password"), QStringLiteral("totp"), QStringLiteral("sms"),
                                          QStringLiteral("backup_code"), QStringLiteral("email_link")};
inline const QStringList kOutcomes = {QStringLiteral("success"), QStringLiteral("failure")};
// A clock skew beyond ten years is not a skew.
constexpr qint64 kMaxSkewSeconds = 10LL * 366 * 24 * 3600;

} // namespace rd::importer::rules
