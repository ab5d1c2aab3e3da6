#pragma once

#include <QByteArray>
#include <QJsonValue>

namespace rd {

// JSON in the canonical form of SPEC §8 (the RFC 8785 rules for these types): object keys
// sorted by UTF-16 code units at every depth, no whitespace, integers as plain decimals,
// strings with minimal escaping, UTF-8. Numbers that are not integers are written with up to
// 17 significant digits; the audit trail itself only records integers.
QByteArray canonicalJson(const QJsonValue &value);

} // namespace rd
