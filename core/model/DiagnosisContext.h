#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace rd::diagnostics {

// What the diagnostics read about one account, loaded once per run. Rows may extend past T;
// the checks decide what had happened by T.

struct CodeRow {
    int index = 0;
    QByteArray hash; // 32 raw bytes of the rd1 hash
    std::optional<qint64> usedAt;
    QString usedDevice;
    QString usedIp;
    std::optional<bool> fitsFormat;
};

struct SetRow {
    QString id;
    qint64 generatedAt = 0;
    QString generator;
    QString format;
    QString declaredState;
    std::optional<qint64> supersededAt;
    QString supersededBy;
    std::optional<qint64> revokedAt;
    QString revokedReason;
    // Whether the platform said when the user confirmed having saved the codes: absent (not
    // reported), null (never confirmed) or a time.
    bool acknowledgmentReported = false;
    std::optional<qint64> acknowledgedAt;
    QList<CodeRow> codes;

    // The platform says the user had not confirmed the codes by t (absent does not count).
    bool unacknowledgedAt(qint64 t) const { return acknowledgmentReported && (!acknowledgedAt || *acknowledgedAt > t); }
};

struct DeviceEventRow {
    qint64 at = 0;
    QString event;
};

struct DeviceRow {
    QString id;
    QString label;
    QList<DeviceEventRow> events; // by time
};

struct SecurityEventRow {
    qint64 at = 0;
    QString event;
    QJsonObject detail;
};

struct IncidentRow {
    QString id;
    QString kind;
    qint64 start = 0;
    qint64 end = 0;
    QStringList components;
    QStringList generators;
    QString summary;
};

struct AttemptRow {
    QString id;
    qint64 at = 0;
    QString method;
    QString outcome;
    QString reason;
    QString device;
    QString ip;
    QString country;
    QString city;
    std::optional<double> lat;
    std::optional<double> lon;
    std::optional<qint64> clockSkewS;

    QString place() const;
};

// A code of another account with the same lookup tag.
struct OtherAccountMatch {
    QString account;
    QString set;
    int index = 0;
    qint64 generatedAt = 0;
};

// A code use in the compromise window, with what was known about its IP before it.
struct RecentUse {
    QString set;
    int index = 0;
    qint64 at = 0;
    QString device;
    QString ip;
    bool ipSeenBefore = false;
};

struct DiagnosisContext {
    QString accountId;
    std::optional<bool> twoFactorEnabled;
    bool hasEmail = false;
    std::optional<qint64> emailVerifiedAt;
    bool hasPhone = false;
    std::optional<qint64> phoneVerifiedAt;

    QList<SetRow> sets;                       // generated at or before T
    QList<DeviceRow> devices;                 // the account's devices with their events
    QList<SecurityEventRow> securityEvents;   // at or before T, and two-factor changes after it
    QList<IncidentRow> incidents;             // overlapping the 30 days before T
    QList<AttemptRow> recentAttempts;         // by time: the lockout window, and earlier recent failures
    std::optional<AttemptRow> attempt;        // the diagnosed attempt, when given
    std::optional<AttemptRow> lastLocatedSuccess; // latest earlier success with a location
    QList<OtherAccountMatch> otherAccounts;   // lookup-tag matches outside this account
    QList<RecentUse> recentUses;              // code uses in the compromise window
    QHash<QString, QString> usePlaces;        // "set#index" -> where a matched used code was used
};

} // namespace rd::diagnostics
