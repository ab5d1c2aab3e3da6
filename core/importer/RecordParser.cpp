#include "importer/RecordParser.h"

#include "crypto/SecretBytes.h"
#include "importer/CanonicalForm.h"
#include "importer/FieldReader.h"
#include "importer/PlainLine.h"
#include "importer/RecordRules.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QSet>
#include <QVariant>

#include <cmath>

namespace rd::importer {

const QStringList &recordTypeNames()
{
    static const QStringList names = {
        QStringLiteral("account"),       QStringLiteral("code_set"),       QStringLiteral("code_used"),
        QStringLiteral("code_set_revoked"), QStringLiteral("device"),     QStringLiteral("device_event"),
        QStringLiteral("login_attempt"), QStringLiteral("security_event"), QStringLiteral("incident")};
    return names;
}

namespace {

const QStringList kAccountStatus = {QStringLiteral("active"), QStringLiteral("locked"), QStringLiteral("flagged")};
const QStringList kTwoFactorMethods = {QStringLiteral("totp"), QStringLiteral("sms"), QStringLiteral("none")};
const QStringList kFormats = {QStringLiteral("digits8"), QStringLiteral("digits10"), QStringLiteral("base32x10"),
                              QStringLiteral("base32x16")};
const QStringList kSetStates = {QStringLiteral("active"), QStringLiteral("superseded"), QStringLiteral("revoked")};
const QStringList kRevokeReasons = {QStringLiteral("regenerated"), QStringLiteral("two_factor_disabled"),
                                    QStringLiteral("support_reset"), QStringLiteral("compromised")};
const QStringList kDeviceEvents = {QStringLiteral("seen"), QStringLiteral("trusted"), QStringLiteral("untrusted"),
                                   QStringLiteral("revoked"), QStringLiteral("flagged")};
const QStringList kActors = {QStringLiteral("user"), QStringLiteral("system"), QStringLiteral("support")};
const QStringList kSecurityEvents = {
    QStringLiteral("two_factor_enabled"), QStringLiteral("two_factor_disabled"), QStringLiteral("codes_regenerated"),
    QStringLiteral("email_changed"),      QStringLiteral("phone_changed"),       QStringLiteral("password_changed"),
    QStringLiteral("locked"),             QStringLiteral("unlocked"),            QStringLiteral("flagged_suspicious"),
    QStringLiteral("flag_cleared")};
const QStringList kIncidentKinds = {QStringLiteral("auth_outage"),     QStringLiteral("api_failure"),
                                    QStringLiteral("validation_bug"),  QStringLiteral("replication_lag"),
                                    QStringLiteral("sms_outage"),      QStringLiteral("generation_fault")};

bool parseAccount(FieldReader &r, const QJsonObject &o, AccountRecord *a)
{
    r.id("id", &a->id) && r.time("created_at", &a->createdAt) && r.text("handle", &a->handle, 256)
        && r.text("display_name", &a->displayName, 256) && r.text("email", &a->email, 320)
        && r.optionalTime("email_verified_at", &a->emailVerifiedAt) && r.text("phone", &a->phone, 64)
        && r.optionalTime("phone_verified_at", &a->phoneVerifiedAt)
        && r.oneOf("status", kAccountStatus, &a->status, false);
    if (!r.ok())
        return false;
    const QJsonValue tf = o.value(QLatin1String("two_factor"));
    if (!tf.isUndefined() && !tf.isNull()) {
        if (!tf.isObject())
            return r.fail("two_factor", QStringLiteral("an object {enabled, method, since}"), tf);
        const QJsonObject tfo = tf.toObject();
        FieldReader t(tfo, QStringLiteral("two_factor."));
        t.optionalBool("enabled", &a->twoFactorEnabled) && t.oneOf("method", kTwoFactorMethods, &a->twoFactorMethod, false)
            && t.optionalTime("since", &a->twoFactorSince);
        if (!t.ok())
            return r.failMessage(t.error());
    }
    if (a->status.isNull())
        a->status = QStringLiteral("active");
    return true;
}

bool parseCodes(FieldReader &r, const QJsonValue &v, QList<CodeEntry> *codes)
{
    static const QRegularExpression hexHash(QStringLiteral("^[0-9a-f]{64}$"));
    // Values inside "codes" are never echoed, whatever the field: they may be plaintext codes.
    if (!v.isArray() || v.toArray().isEmpty() || v.toArray().size() > 1000)
        return r.failMessage(QStringLiteral("field \"codes\": expected a non-empty array of at most 1000 {index, code} or "
                                            "{index, hash} objects"));
    const QJsonArray array = v.toArray();
    QSet<int> seen;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString prefix = QStringLiteral("codes[%1].").arg(i);
        if (!array[i].isObject())
            return r.failMessage(QStringLiteral("field \"codes[%1]\": expected an object {index, code}").arg(i));
        const QJsonObject item = array[i].toObject();
        FieldReader c(item, prefix, FieldReader::Values::Hidden);
        CodeEntry entry;
        qint64 index = 0;
        if (!c.integer("index", 1, 100000, &index) || !c.text("code", &entry.code, 64) || !c.text("hash", &entry.hash, 64))
            return r.failMessage(c.error());
        entry.index = int(index);
        if (entry.code.isNull() == entry.hash.isNull())
            return r.failMessage(QStringLiteral("field \"%1code\": expected exactly one of \"code\" or \"hash\"").arg(prefix));
        if (!entry.code.isNull() && entry.code.trimmed().isEmpty()) {
            c.fail("code", QStringLiteral("a non-empty code"), item.value(QLatin1String("code")));
            return r.failMessage(c.error());
        }
        if (!entry.hash.isNull() && !hexHash.match(entry.hash).hasMatch()) {
            c.fail("hash", QStringLiteral("an rd1 hash (64 lowercase hex digits)"), item.value(QLatin1String("hash")));
            return r.failMessage(c.error());
        }
        if (seen.contains(entry.index))
            return r.failMessage(QStringLiteral("field \"%1index\": index %2 appears twice in the set").arg(prefix).arg(index));
        seen.insert(entry.index);
        codes->append(entry);
    }
    return true;
}

bool parseCodeSet(FieldReader &r, const QJsonObject &o, CodeSetRecord *s)
{
    r.id("id", &s->id) && r.id("account", &s->account) && r.time("generated_at", &s->generatedAt)
        && r.text("generator", &s->generator, 128) && r.oneOf("format", kFormats, &s->format, false)
        && r.oneOf("state", kSetStates, &s->state, false)
        && r.timeOrNull("acknowledged_at", &s->acknowledgmentReported, &s->acknowledgedAt);
    if (!r.ok())
        return false;
    const QJsonValue codes = o.value(QLatin1String("codes"));
    if (codes.isUndefined() || codes.isNull())
        return r.failMessage(QStringLiteral("field \"codes\": required but missing"));
    if (!parseCodes(r, codes, &s->codes))
        return false;
    if (s->format.isNull())
        s->format = QStringLiteral("digits8");
    if (s->state.isNull())
        s->state = QStringLiteral("active");
    return true;
}

// A security event's detail is free-form on the platform's side and may carry personal data
// (the new email of an email_changed event): only these keys, with short scalar values, are kept.
QString allowedDetail(const QString &json)
{
    if (json.isNull())
        return json;
    static const QStringList keys = {QStringLiteral("device"), QStringLiteral("rule"),   QStringLiteral("score"),
                                     QStringLiteral("by"),     QStringLiteral("request"), QStringLiteral("reason"),
                                     QStringLiteral("source"), QStringLiteral("method")};
    const QJsonObject in = QJsonDocument::fromJson(json.toUtf8()).object();
    QJsonObject out;
    for (const QString &key : keys) {
        const QJsonValue v = in.value(key);
        if (v.isBool() || v.isDouble() || (v.isString() && v.toString().size() <= 128 && !v.toString().contains(u'@')))
            out.insert(key, v);
    }
    return QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Compact));
}

bool parseIncident(FieldReader &r, IncidentRecord *i)
{
    r.id("id", &i->id) && r.oneOf("kind", kIncidentKinds, &i->kind) && r.time("start", &i->start)
        && r.time("end", &i->end) && r.optionalStringArray("components", &i->components)
        && r.optionalStringArray("generators", &i->generators) && r.optionalStringArray("regions", &i->regions)
        && r.text("summary", &i->summary, 4000);
    if (r.ok() && i->end < i->start)
        return r.failMessage(QStringLiteral("field \"end\": expected a time not before \"start\""));
    return r.ok();
}

// Appends a value in a form that is equal exactly when the values are: tagged and
// length-prefixed, with object keys in order (QJsonObject keeps them sorted). Cheaper than
// QJsonDocument::toJson, which formatted every number and escaped every string of every line.
void appendCanonical(QByteArray &out, const QJsonValue &value);

void appendText(QByteArray &out, QStringView text)
{
    canonical::appendText(out, text.utf16(), text.size());
}

void appendCanonical(QByteArray &out, const QJsonObject &object)
{
    out.append('{');
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        out.append('k'); // never '}': a key's length prefix cannot pass for the object's end
        appendText(out, it.key());
        appendCanonical(out, it.value());
    }
    out.append('}');
}

void appendCanonical(QByteArray &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        out.append('s');
        appendText(out, value.toString());
        break;
    case QJsonValue::Double: {
        // Integers exactly (a JSON integer beyond 2^53 is not a double), and integral doubles as
        // the same integers: 5 and 5.0 are one number, as -0 and 0 are.
        const QVariant exact = value.toVariant();
        if (exact.typeId() == QMetaType::LongLong)
            canonical::appendInteger(out, exact.toLongLong());
        else
            canonical::appendDouble(out, value.toDouble());
        break;
    }
    case QJsonValue::Bool:
        out.append(value.toBool() ? 't' : 'f');
        break;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out.append('n');
        break;
    case QJsonValue::Object:
        appendCanonical(out, value.toObject());
        break;
    case QJsonValue::Array: {
        out.append('[');
        const QJsonArray array = value.toArray();
        for (const QJsonValue &element : array)
            appendCanonical(out, element);
        out.append(']');
        break;
    }
    }
}

} // namespace

bool RecordParser::parse(QByteArrayView line, Record *out, QString *error, QByteArray *canonical) const
{
    // Most lines of a big import are plain login attempts: read without a JSON document (and
    // without their canonical form: attempts compare by their fields).
    if (LoginAttemptRecord attempt; readPlainLoginAttempt(line, &attempt, nullptr)) {
        if (canonical)
            canonical->resize(0);
        *out = std::move(attempt);
        return true;
    }
    return parseFull(line, out, error, canonical);
}

bool RecordParser::parseFull(QByteArrayView line, Record *out, QString *error, QByteArray *canonical) const
{
    QJsonParseError parseError;
    QByteArray copy = line.toByteArray();
    const QJsonDocument doc = QJsonDocument::fromJson(copy, &parseError);
    crypto::cleanse(copy); // the line may hold plaintext codes
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("not valid JSON (%1 at character %2)").arg(parseError.errorString()).arg(parseError.offset + 1);
        return false;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("expected a JSON object with a \"type\" field");
        return false;
    }
    const QJsonObject o = doc.object();
    if (canonical) {
        canonical->resize(0); // keeps the buffer the caller wiped
        appendCanonical(*canonical, o);
    }
    FieldReader r(o);
    QString type;
    if (!r.oneOf("type", recordTypeNames(), &type)) {
        *error = r.error();
        return false;
    }
    bool ok = false;
    switch (recordTypeNames().indexOf(type)) {
    case 0: {
        AccountRecord a;
        ok = parseAccount(r, o, &a);
        *out = std::move(a);
        break;
    }
    case 1: {
        CodeSetRecord s;
        ok = parseCodeSet(r, o, &s);
        *out = std::move(s);
        break;
    }
    case 2: {
        CodeUsedRecord u;
        qint64 index = 0;
        ok = r.id("set", &u.set) && r.integer("index", 1, 100000, &index) && r.time("at", &u.at)
            && r.id("device", &u.device, false) && r.text("ip", &u.ip, 64);
        u.index = int(index);
        *out = std::move(u);
        break;
    }
    case 3: {
        CodeSetRevokedRecord v;
        ok = r.id("set", &v.set) && r.time("at", &v.at) && r.oneOf("reason", kRevokeReasons, &v.reason);
        *out = std::move(v);
        break;
    }
    case 4: {
        DeviceRecord d;
        ok = r.id("id", &d.id) && r.id("account", &d.account) && r.time("first_seen", &d.firstSeen)
            && r.text("label", &d.label, 256);
        *out = std::move(d);
        break;
    }
    case 5: {
        DeviceEventRecord e;
        ok = r.id("device", &e.device) && r.time("at", &e.at) && r.oneOf("event", kDeviceEvents, &e.event)
            && r.oneOf("actor", kActors, &e.actor, false) && r.text("note", &e.note, 4000);
        *out = std::move(e);
        break;
    }
    case 6: {
        LoginAttemptRecord l;
        ok = r.id("id", &l.id) && r.id("account", &l.account) && r.time("at", &l.at)
            && r.oneOf("method", rules::kLoginMethods, &l.method) && r.oneOf("outcome", rules::kOutcomes, &l.outcome)
            && r.id("device", &l.device, false) && r.text("ip", &l.ip, 64) && r.text("country", &l.country, 64)
            && r.text("city", &l.city, 128) && r.optionalNumber("lat", -90, 90, &l.lat)
            && r.optionalNumber("lon", -180, 180, &l.lon) && r.text("reason", &l.reason, 64)
            && r.optionalInteger("clock_skew_s", -rules::kMaxSkewSeconds, rules::kMaxSkewSeconds, &l.clockSkewS);
        *out = std::move(l);
        break;
    }
    case 7: {
        SecurityEventRecord s;
        ok = r.id("account", &s.account) && r.time("at", &s.at) && r.oneOf("event", kSecurityEvents, &s.event)
            && r.optionalObject("detail", &s.detail);
        s.detail = allowedDetail(s.detail);
        *out = std::move(s);
        break;
    }
    case 8: {
        IncidentRecord i;
        ok = parseIncident(r, &i);
        *out = std::move(i);
        break;
    }
    default:
        break;
    }
    if (!ok)
        *error = r.error();
    return ok;
}

} // namespace rd::importer
