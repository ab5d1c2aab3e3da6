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
