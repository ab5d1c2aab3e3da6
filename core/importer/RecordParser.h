#pragma once

#include "model/ImportRecords.h"

#include <QByteArrayView>
#include <QString>

namespace rd::importer {

// Turns one JSON Lines object into a typed Record, or explains in one phrase what is wrong
// (`field "at": expected an RFC 3339 timestamp, got "yesterday"`). The caller adds the line.
class RecordParser final {
public:
    // Returns false and sets *error when the line is not a valid record. When canonical is
    // given it receives the object in a form that is equal exactly when the objects are equal,
    // whatever their key order and spacing (to compare duplicates; not JSON); left empty for a
    // login_attempt read without a JSON document (attempts compare by their fields).
    bool parse(QByteArrayView line, Record *out, QString *error, QByteArray *canonical = nullptr) const;
    // The same through a JSON document always (parse() reads plain login attempts without one).
    bool parseFull(QByteArrayView line, Record *out, QString *error, QByteArray *canonical = nullptr) const;
};

} // namespace rd::importer
