#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace rd::accounts {

// One line of the account list.
struct AccountSummary {
    QString id;
    QString handle;
    QString displayName;
    QString status;
    bool twoFactorEnabled = false;
    QString twoFactorMethod;
    qint64 createdAt = 0;
    int codeSets = 0;
    int unusedActiveCodes = 0;
    std::optional<qint64> lastAttemptAt;
};

// A code set as the ledger shows it: states and counts, never code values.
struct CodeSetSummary {
    QString id;
    qint64 generatedAt = 0;
    QString generator;
    QString format;
    QString state; // now: active | superseded | revoked
    std::optional<qint64> supersededAt;
    QString supersededBy;
    std::optional<qint64> revokedAt;
    QString revokedReason;
    int codes = 0;
    int used = 0;
    int malformed = 0; // codes that do not fit the set's format (evidence of a generation fault)
    int duplicates = 0;
    // SPEC §4 acknowledged_at: absent (not reported), null (never confirmed) or a time.
    bool acknowledgmentReported = false;
    std::optional<qint64> acknowledgedAt;
    bool neverConfirmed() const { return acknowledgmentReported && !acknowledgedAt; }
};

struct DeviceSummary {
    QString id;
    QString label;
    qint64 firstSeen = 0;
    QString trust; // latest trusted/untrusted/revoked/flagged event, or "never_trusted"
    std::optional<qint64> trustChangedAt;
    int events = 0;
};

struct AttemptSummary {
    QString id;
    qint64 at = 0;
    QString method;
    QString outcome;
    QString reason;
    QString device;
    QString ip;
    QString place;
};

// One code of a set as the ledger tab shows it: position, state and use, never the value.
struct CodeRow {
    QString setId;
    int index = 0;
    bool fitsFormat = true;
    std::optional<qint64> usedAt;
    QString usedDevice;
    QString usedIp;
};

// One trust change of a device (trusted, untrusted, revoked, flagged, ...).
struct DeviceEventRow {
    QString deviceId;
    QString label;
    qint64 at = 0;
    QString event;
    QString actor;
    QString note;
};

// Which attempts an attempts view shows; empty fields do not filter.
struct AttemptQuery {
    QString accountId;
    QString method;
    QString outcome;
};

// Attempts of one UTC day by method and outcome (the attempts chart).
struct AttemptDay {
    qint64 day = 0; // UTC midnight, ms
    QString method;
    QString outcome;
    int count = 0;
};

// A platform incident window (SPEC §3), as the incidents screen lists it.
struct Incident {
    QString id;
    QString kind;
    qint64 start = 0;
    qint64 end = 0;
    QString components;
    QString generators;
    QString regions;
    QString summary;
};

// What `account show` and the account view present. Contacts only masked.
struct AccountProfile {
    AccountSummary summary;
    QString maskedEmail;
    std::optional<qint64> emailVerifiedAt;
    QString maskedPhone;
    std::optional<qint64> phoneVerifiedAt;
    std::optional<qint64> twoFactorSince;
    QList<CodeSetSummary> codeSets;
    QList<DeviceSummary> devices;
    QList<AttemptSummary> recentAttempts;
    int totalAttempts = 0;
};

} // namespace rd::accounts
