#pragma once

#include "common/Result.h"

#include <QString>

namespace rd::ui {

// An error in the desktop's words: core speaks of fields ("channel", "summary"); here they are
// the labels the agent sees, translated. Every message a core error puts on screen goes through
// this, never error.message directly.
QString errorText(const Error &error);

// The label of a model field as the desktop shows it ("Channel", "Summary"), or empty.
QString fieldLabel(const QString &field);

} // namespace rd::ui
