#pragma once

#include <QString>

namespace rd::storage {

// One definition of "superseded", for the importer and for support-issued sets: a set is
// superseded at the generated_at of the account's next set in (generated_at, id) order, the
// same order the diagnostics use to find the active set. `scope` restricts which accounts.
QString supersessionUpdateSql(const QString &scope);

} // namespace rd::storage
