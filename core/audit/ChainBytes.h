#pragma once

#include <QByteArray>

namespace rd::storage {
struct AuditRowView;
}

namespace rd::audit {

// One stored entry's chain link, checked on its bytes: SHA-256 of prev_hash (32 raw bytes) and
// the entry's canonical bytes (SPEC §8) must be its stored hash, and its details canonical JSON
// of an object. The same answer as chainHash() over the parsed entry; rows whose details are
// plainly canonical skip the JSON parse (verify reads a million rows), the rest are parsed.
class ChainBytes final {
public:
    // fourEyesOff: the details' own "four_eyes" is false.
    bool matches(const storage::AuditRowView &row, bool *fourEyesOff);

private:
    QByteArray m_message; // reused: no allocation per row
};

} // namespace rd::audit
