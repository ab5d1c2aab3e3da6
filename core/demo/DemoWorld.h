#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace rd::demo {

struct DemoOptions {
    int accounts = 60;
    quint64 seed = 1;
    // The demo's "now": the scenarios' lockouts happen in the hours before it. Fixed, so the
    // same options always give the same world.
    QDateTime anchor = QDateTime(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC);
};

// A caller of the demo world: the code they read out over the phone (plaintext, kept in memory
// only and wiped by whoever takes it) and the attempt they mean. The demo opens a case for each
// and attaches the diagnosis, so a newcomer sees causes that need the user's own code.
struct DemoCall {
    QString account;
    QString attemptId;
    QString code;
    QString summary;
};

// A realistic platform export in the SPEC §4 format: accounts with code sets in every state
// and format, devices with trust histories, months of login attempts, security events and
// incidents, arranged so that every diagnostic situation of SPEC §6 occurs. Deterministic:
// the same options give byte-identical output.
class DemoWorld final {
public:
    static constexpr int kMinAccounts = 30;
    static constexpr int kMaxAccounts = 100000;

    // calls, when given, receives the callers of the scenarios that need a code read out.
    static Result<QByteArray> generate(const DemoOptions &options, QList<DemoCall> *calls = nullptr);
};

} // namespace rd::demo
