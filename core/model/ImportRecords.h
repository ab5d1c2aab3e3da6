#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <variant>

namespace rd::importer {

// One typed record of the platform export (SPEC §4). Times are ms since the epoch, UTC.

struct AccountRecord {
    QString id;
    qint64 createdAt = 0;
    QString handle;
    QString displayName;
    QString email; // null when absent; plaintext only in memory, encrypted before storage
    std::optional<qint64> emailVerifiedAt;
    QString phone;
    std::optional<qint64> phoneVerifiedAt;
    std::optional<bool> twoFactorEnabled;
    QString twoFactorMethod;
    std::optional<qint64> twoFactorSince;
    QString status; // active when absent
};

struct CodeEntry {
    int index = 0;
    QString code; // plaintext as exported (hashed on import, never stored), or
    QString hash; // an rd1 hash (64 lowercase hex)
};

struct CodeSetRecord {
    QString id;
    QString account;
    qint64 generatedAt = 0;
    QString generator;
    QString format;
    QString state;
    // acknowledged_at: absent (not reported), null (never confirmed by the user) or a time.
    bool acknowledgmentReported = false;
    std::optional<qint64> acknowledgedAt;
    QList<CodeEntry> codes;
};

struct CodeUsedRecord {
    QString set;
    int index = 0;
    qint64 at = 0;
    QString device;
    QString ip;
};

struct CodeSetRevokedRecord {
    QString set;
    qint64 at = 0;
    QString reason;
};

struct DeviceRecord {
    QString id;
    QString account;
    qint64 firstSeen = 0;
    QString label;
};

struct DeviceEventRecord {
    QString device;
    qint64 at = 0;
    QString event;
    QString actor;
    QString note;
};

struct LoginAttemptRecord {
    QString id;
    QString account;
    qint64 at = 0;
    QString method;
    QString outcome;
    QString device;
    QString ip;
    QString country;
    QString city;
    std::optional<double> lat;
    std::optional<double> lon;
    QString reason;
    std::optional<qint64> clockSkewS;
};

struct SecurityEventRecord {
    QString account;
    qint64 at = 0;
    QString event;
    QString detail; // compact JSON object, null when absent
};

struct IncidentRecord {
    QString id;
    QString kind;
    qint64 start = 0;
    qint64 end = 0;
    QString components; // compact JSON arrays, null when absent
    QString generators;
    QString regions;
    QString summary;
};

using Record = std::variant<AccountRecord, CodeSetRecord, CodeUsedRecord, CodeSetRevokedRecord, DeviceRecord,
                            DeviceEventRecord, LoginAttemptRecord, SecurityEventRecord, IncidentRecord>;

// The record type names, in Record's variant order.
const QStringList &recordTypeNames();

} // namespace rd::importer
