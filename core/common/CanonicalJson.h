#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>

namespace rd {

// JSON in the canonical form of SPEC §8 (the RFC 8785 rules for these types): object keys
// sorted by UTF-16 code units at every depth, no whitespace, integers as plain decimals,
// strings with minimal escaping, UTF-8. Numbers that are not integers are written with up to
// 17 significant digits; the audit trail itself only records integers.
QByteArray canonicalJson(const QJsonValue &value);

// utf8 (valid UTF-8) as a canonical JSON string, appended to out: the bytes canonicalJson writes
// for the same text.
void appendCanonicalString(QByteArray &out, QByteArrayView utf8);

// Whether bytes are, for certain, canonicalJson's form of an object, checked on the bytes alone:
// keys in order without escapes, integers, ASCII text with only the escapes canonicalJson
// writes. Anything it cannot decide that way (text beyond ASCII, a key with an escape, a number
// with a fraction) answers false: the caller then parses and compares. flagFalse (optional):
// whether the object's own key `flag` holds false.
bool isPlainCanonicalObject(QByteArrayView bytes, QByteArrayView flag = {}, bool *flagFalse = nullptr);

} // namespace rd
