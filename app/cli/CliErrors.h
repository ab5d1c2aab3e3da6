#pragma once

#include "common/Result.h"

#include <QString>

namespace rd::cli {

// An error in the command line's words: the input it concerns becomes the flag (or variable)
// that gives it. Core messages speak of fields ("channel"); this is the only place that knows
// they are spelled --channel here.
QString cliMessage(const Error &error);

} // namespace rd::cli
