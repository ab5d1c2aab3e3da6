#pragma once

#include "model/ImportRecords.h"

#include <QByteArray>
#include <QByteArrayView>

namespace rd::importer {

// The import's bulk line read without building a JSON document: a login_attempt that is one flat
// object of known keys, each once, whose values are plain printable ASCII strings (no escapes),
// JSON numbers or null, and that passes every check the full parser makes. Anything else returns
// false with nothing written: another record type, an escape, nesting, an unknown or repeated
// key, a value the checks refuse. RecordParser then reads the line in full, so that the full
// parser's records and error messages stay the only ones (tst_recordparser checks that both
// agree on every line this accepts).
//
// On success *out holds the record and *canonical, when given, the same bytes RecordParser's
// canonical form gives for the line.
bool readPlainLoginAttempt(QByteArrayView line, LoginAttemptRecord *out, QByteArray *canonical);

} // namespace rd::importer
