#pragma once

#include <QString>

namespace rd::paths {

// Gives QCoreApplication the identity both executables share, so that QStandardPaths
// resolves the same data folder (~/.local/share/recoverydesk on Linux).
void setApplicationIdentity();

// RECOVERYDESK_DB, else <AppDataLocation>/recoverydesk.sqlite.
QString defaultDatabase();
// RECOVERYDESK_KEY_DIR, else <AppDataLocation>/keys.
QString defaultKeyDir();

} // namespace rd::paths
