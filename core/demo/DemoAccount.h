#pragma once

#include "demo/DemoWorld.h"
#include "demo/DemoWriter.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace rd::demo {

struct Place {
    QString country;
    QString city;
    double lat = 0;
    double lon = 0;
};

// Builds the records of one demo account: profile, devices, code sets, attempts.
class DemoAccount final {
public:
    DemoAccount(DemoWriter &writer, int number);

    static constexpr qint64 kMinute = 60 * 1000;
    static constexpr qint64 kHour = 60 * kMinute;
    static constexpr qint64 kDay = 24 * kHour;

    QString id;
    QString handle;
    QString homeIp;
    QString phoneDevice;
    Place home;
    int historyDays = 60; // ordinary sign-ins written with the account, ending a day before now
    std::optional<DemoCall> call; // the user on the phone, for scenarios that need their code

    // The account record (fields in extra override the defaults), its phone and its history.
    void writeAccount(const QJsonObject &extra = {});
    QString addDevice(const QString &suffix, const QString &label, qint64 firstSeen, bool trusted);
    void deviceEvent(const QString &device, qint64 at, const QString &event, const QString &actor,
                     const QString &note = {});
    // Issues a set; returns the codes (plaintext stays inside the export).
    // acknowledged: SPEC §4 acknowledged_at (a time, null for never, undefined for not reported).
    QStringList addCodeSet(const QString &suffix, qint64 at, const QString &format, const QString &generator,
                           QStringList codes = {}, const QJsonValue &acknowledged = QJsonValue(QJsonValue::Undefined));
    void useCode(const QString &setSuffix, int index, qint64 at, const QString &device, const QString &ip);
    void revokeSet(const QString &setSuffix, qint64 at, const QString &reason);
    void securityEvent(qint64 at, const QString &event, const QJsonObject &detail = {});
    QString attempt(qint64 at, const QString &method, const QString &outcome, const QString &reason = {},
                    const QString &device = {}, const QString &ip = {}, const Place *place = nullptr,
                    std::optional<int> skew = std::nullopt);
    // Months of ordinary sign-ins from the account's own devices, ending before `until`.
    void ordinaryHistory(int days, qint64 until);

    QString setId(const QString &suffix) const { return id + QStringLiteral("-set-") + suffix; }
    qint64 now() const { return m_writer.anchor(); }
    DemoWriter &writer() { return m_writer; }

private:
    DemoWriter &m_writer;
    int m_number;
    int m_attempts = 0;
    qint64 m_createdAt = 0;
    QString m_displayName;
};

} // namespace rd::demo
