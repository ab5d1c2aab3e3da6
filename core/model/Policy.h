#pragma once

#include <QString>

namespace rd::policy {

// Policy values an admin can change (SPEC §6 defaults). One table, one struct.
struct Policy {
    int lockoutStreak = 5;             // failed attempts that lock the account ...
    qint64 lockoutWindowS = 15 * 60;   // ... within this window ...
    qint64 lockTimeS = 30 * 60;        // ... for this long after the last of them
    qint64 syncWindowS = 120;          // a set younger than this may not have reached every replica
    double travelKmh = 1000;           // faster than this between two logins is impossible travel
    int staleContactDays = 365;        // a contact not verified for longer is stale
    int recentChangeDays = 7;          // a contact changed this recently does not prove possession
    qint64 clockStepS = 30;            // TOTP step; larger skews are clock drift
    qint64 recentHours = 24;           // "recent" in the diagnostics
    int compromiseWindowDays = 30;     // how far back suspicious code uses and regenerations count
};

struct PolicyValue {
    QString key;
    QString value;
    QString description;
};

} // namespace rd::policy
