#pragma once

#include <QString>

namespace rd::reports {

// Free text that operators typed (summaries, notes, justifications, reasons) can hold an email
// address or a phone number. A report leaves the building, so such text is masked the way
// contacts are (m•••@example.org, +•••••••4567) before any renderer sees it.
QString maskContacts(const QString &text);

} // namespace rd::reports
