#pragma once

#include <QString>

#include <optional>

namespace rd::cli {

bool stderrIsTerminal();
// Reads a line from the controlling terminal without echo; nullopt without a terminal.
std::optional<QString> readSecret(const QString &prompt);

} // namespace rd::cli
