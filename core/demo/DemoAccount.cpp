#include "demo/DemoAccount.h"

#include <QJsonArray>

namespace rd::demo {
namespace {

const QList<QString> kFirst = {QStringLiteral("Anna"),  QStringLiteral("Omar"),   QStringLiteral("Li"),
                               QStringLiteral("Sofia"), QStringLiteral("Jonas"),  QStringLiteral("Priya"),
                               QStringLiteral("Mateo"), QStringLiteral("Aisha"),  QStringLiteral("Noah"),
                               QStringLiteral("Elena"), QStringLiteral("Kenji"),  QStringLiteral("Fatima"),
                               QStringLiteral("Lucas"), QStringLiteral("Ingrid"), QStringLiteral("Tariq"),
                               QStringLiteral("Mia")};
const QList<QString> kLast = {QStringLiteral("Berg"),   QStringLiteral("Haddad"), QStringLiteral("Chen"),
                              QStringLiteral("Rossi"),  QStringLiteral("Weber"),  QStringLiteral("Nair"),
                              QStringLiteral("Garcia"), QStringLiteral("Okafor"), QStringLiteral("Dubois"),
                              QStringLiteral("Novak"),  QStringLiteral("Sato"),   QStringLiteral("Lindqvist")};
const QList<Place> kPlaces = {
    {QStringLiteral("SE"), QStringLiteral("Stockholm"), 59.33, 18.07}, {QStringLiteral("DE"), QStringLiteral("Berlin"), 52.52, 13.40},
    {QStringLiteral("FR"), QStringLiteral("Lyon"), 45.76, 4.84},       {QStringLiteral("ES"), QStringLiteral("Madrid"), 40.42, -3.70},
    {QStringLiteral("NL"), QStringLiteral("Utrecht"), 52.09, 5.12},    {QStringLiteral("IT"), QStringLiteral("Milan"), 45.46, 9.19},
    {QStringLiteral("PL"), QStringLiteral("Krakow"), 50.06, 19.94},    {QStringLiteral("IE"), QStringLiteral("Dublin"), 53.35, -6.26},
    {QStringLiteral("GB"), QStringLiteral("Leeds"), 53.80, -1.55},     {QStringLiteral("FI"), QStringLiteral("Tampere"), 61.50, 23.76},
};
const QList<QString> kPhones = {QStringLiteral("iPhone 15 / iOS 18"), QStringLiteral("Pixel 8 / Android 15"),
                                QStringLiteral("Galaxy S23 / Android 14"), QStringLiteral("iPhone 12 / iOS 17")};

} // namespace

DemoAccount::DemoAccount(DemoWriter &writer, int number) : m_writer(writer), m_number(number)
{
    id = QStringLiteral("demo-%1").arg(number, 4, 10, QLatin1Char('0'));
    const QString first = writer.pick(kFirst), last = writer.pick(kLast);
    m_displayName = first + u' ' + last;
    handle = first.toLower() + u'.' + last.toLower() + QString::number(number);
    home = writer.pick(kPlaces);
    homeIp = QStringLiteral("198.51.%1.%2").arg(number % 250).arg(writer.uniform(2, 250));
    m_createdAt = now() - qint64(writer.uniform(400, 1400)) * kDay;
}

void DemoAccount::writeAccount(const QJsonObject &extra)
{
    const qint64 verified = now() - qint64(m_writer.uniform(20, 300)) * kDay;
    QJsonObject a{{QStringLiteral("type"), QStringLiteral("account")},
                  {QStringLiteral("id"), id},
                  {QStringLiteral("created_at"), DemoWriter::time(m_createdAt)},
                  {QStringLiteral("handle"), handle},
                  {QStringLiteral("display_name"), m_displayName},
                  {QStringLiteral("email"), handle + QStringLiteral("@example.org")},
                  {QStringLiteral("email_verified_at"), DemoWriter::time(verified)},
                  {QStringLiteral("phone"), QStringLiteral("+4670%1").arg(1000000 + m_number * 7919 % 8999999)},
                  {QStringLiteral("phone_verified_at"), DemoWriter::time(verified + 5 * kMinute)},
                  {QStringLiteral("two_factor"),
                   QJsonObject{{QStringLiteral("enabled"), true},
                               {QStringLiteral("method"), m_number % 3 == 0 ? QStringLiteral("sms") : QStringLiteral("totp")},
                               {QStringLiteral("since"), DemoWriter::time(m_createdAt + 10 * kMinute)}}},
                  {QStringLiteral("status"), QStringLiteral("active")}};
    for (auto it = extra.begin(); it != extra.end(); ++it) {
        if (it.value().isNull())
            a.remove(it.key());
        else
            a.insert(it.key(), it.value());
    }
    m_writer.record(a);
    phoneDevice = addDevice(QStringLiteral("phone"), m_writer.pick(kPhones), m_createdAt, true);
    ordinaryHistory(historyDays, now() - kDay);
}

QString DemoAccount::addDevice(const QString &suffix, const QString &label, qint64 firstSeen, bool trusted)
{
    const QString device = id + u'-' + suffix;
    m_writer.record({{QStringLiteral("type"), QStringLiteral("device")},
                   {QStringLiteral("id"), device},
                   {QStringLiteral("account"), id},
                   {QStringLiteral("first_seen"), DemoWriter::time(firstSeen)},
                   {QStringLiteral("label"), label}});
    deviceEvent(device, firstSeen, QStringLiteral("seen"), QStringLiteral("system"));
    if (trusted)
        deviceEvent(device, firstSeen + 2 * kMinute, QStringLiteral("trusted"), QStringLiteral("user"));
    return device;
}

void DemoAccount::deviceEvent(const QString &device, qint64 at, const QString &event, const QString &actor,
                              const QString &note)
{
    QJsonObject e{{QStringLiteral("type"), QStringLiteral("device_event")},
                  {QStringLiteral("device"), device},
                  {QStringLiteral("at"), DemoWriter::time(at)},
                  {QStringLiteral("event"), event},
                  {QStringLiteral("actor"), actor}};
    if (!note.isEmpty())
        e.insert(QStringLiteral("note"), note);
    m_writer.record(e);
}

QStringList DemoAccount::addCodeSet(const QString &suffix, qint64 at, const QString &format, const QString &generator,
                                    QStringList codes, const QJsonValue &acknowledged)
{
    if (codes.isEmpty())
        codes = m_writer.codes(format, 10);
    QJsonArray array;
    for (int i = 0; i < codes.size(); ++i)
        array.append(QJsonObject{{QStringLiteral("index"), i + 1}, {QStringLiteral("code"), codes[i]}});
    QJsonObject set{{QStringLiteral("type"), QStringLiteral("code_set")},
                    {QStringLiteral("id"), setId(suffix)},
                    {QStringLiteral("account"), id},
                    {QStringLiteral("generated_at"), DemoWriter::time(at)},
                    {QStringLiteral("generator"), generator},
                    {QStringLiteral("format"), format},
                    {QStringLiteral("codes"), array}};
    if (!acknowledged.isUndefined())
        set.insert(QStringLiteral("acknowledged_at"), acknowledged);
    m_writer.record(set);
    return codes;
}

void DemoAccount::useCode(const QString &setSuffix, int index, qint64 at, const QString &device, const QString &ip)
{
    m_writer.record({{QStringLiteral("type"), QStringLiteral("code_used")},
                   {QStringLiteral("set"), setId(setSuffix)},
                   {QStringLiteral("index"), index},
                   {QStringLiteral("at"), DemoWriter::time(at)},
                   {QStringLiteral("device"), device},
                   {QStringLiteral("ip"), ip}});
    attempt(at, QStringLiteral("backup_code"), QStringLiteral("success"), {}, device, ip);
}

void DemoAccount::revokeSet(const QString &setSuffix, qint64 at, const QString &reason)
{
    m_writer.record({{QStringLiteral("type"), QStringLiteral("code_set_revoked")},
                   {QStringLiteral("set"), setId(setSuffix)},
                   {QStringLiteral("at"), DemoWriter::time(at)},
                   {QStringLiteral("reason"), reason}});
}

void DemoAccount::securityEvent(qint64 at, const QString &event, const QJsonObject &detail)
{
    QJsonObject e{{QStringLiteral("type"), QStringLiteral("security_event")},
                  {QStringLiteral("account"), id},
                  {QStringLiteral("at"), DemoWriter::time(at)},
                  {QStringLiteral("event"), event}};
    if (!detail.isEmpty())
        e.insert(QStringLiteral("detail"), detail);
    m_writer.record(e);
}

QString DemoAccount::attempt(qint64 at, const QString &method, const QString &outcome, const QString &reason,
                             const QString &device, const QString &ip, const Place *place, std::optional<int> skew)
{
    const QString attemptId = QStringLiteral("%1-a%2").arg(id).arg(++m_attempts, 5, 10, QLatin1Char('0'));
    const Place &where = place ? *place : home;
    QJsonObject a{{QStringLiteral("type"), QStringLiteral("login_attempt")},
                  {QStringLiteral("id"), attemptId},
                  {QStringLiteral("account"), id},
                  {QStringLiteral("at"), DemoWriter::time(at)},
                  {QStringLiteral("method"), method},
                  {QStringLiteral("outcome"), outcome},
                  {QStringLiteral("device"), device.isEmpty() ? phoneDevice : device},
                  {QStringLiteral("ip"), ip.isEmpty() ? homeIp : ip},
                  {QStringLiteral("country"), where.country},
                  {QStringLiteral("city"), where.city},
                  {QStringLiteral("lat"), where.lat},
                  {QStringLiteral("lon"), where.lon}};
    if (!reason.isEmpty())
        a.insert(QStringLiteral("reason"), reason);
    if (skew)
        a.insert(QStringLiteral("clock_skew_s"), *skew);
    m_writer.record(a);
    return attemptId;
}

void DemoAccount::ordinaryHistory(int days, qint64 until)
{
    const QString secondFactor = m_number % 3 == 0 ? QStringLiteral("sms") : QStringLiteral("totp");
    for (int d = days; d >= 1; --d) {
        const int sessions = m_writer.uniform(0, 3);
        for (int s = 0; s < sessions; ++s) {
            const qint64 at = until - qint64(d) * kDay + qint64(m_writer.uniform(7 * 60, 22 * 60)) * kMinute
                + m_writer.uniform(0, 59) * 1000;
            if (m_writer.chance(0.06))
                attempt(at - kMinute, QStringLiteral("password"), QStringLiteral("failure"), QStringLiteral("password_invalid"));
            attempt(at, QStringLiteral("password"), QStringLiteral("success"));
            if (m_writer.chance(0.04))
                attempt(at + 20000, secondFactor, QStringLiteral("failure"),
                        secondFactor == QLatin1String("sms") ? QStringLiteral("sms_undelivered") : QStringLiteral("totp_invalid"),
                        {}, {}, nullptr, secondFactor == QLatin1String("totp") ? std::optional<int>(m_writer.uniform(-8, 8)) : std::nullopt);
            attempt(at + 40000, secondFactor, QStringLiteral("success"));
        }
    }
}

} // namespace rd::demo
