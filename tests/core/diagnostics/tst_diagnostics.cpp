// Every check of SPEC §6 firing and ruled out, the precedence rules, time travel and every
// format, on the scenario world in tests/data/diagnostics (made by make_scenarios.py).
#include "TestSupport.h"

#include "common/Time.h"
#include "diagnostics/DiagnosticsService.h"
#include "importer/Importer.h"
#include "ledger/CodeFormat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace rd;
using namespace rd::diagnostics;

namespace {

struct FixtureCodes {
    QHash<QString, QString> byRef;   // "set#index" -> code as exported
    QHash<QString, QString> formats; // set -> format
};

FixtureCodes loadCodes(const QString &path)
{
    FixtureCodes out;
    for (const QByteArray &line : test::readFile(path).split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.value(QStringLiteral("type")).toString() != QLatin1String("code_set"))
            continue;
        const QString set = o.value(QStringLiteral("id")).toString();
        out.formats.insert(set, o.value(QStringLiteral("format")).toString());
        for (const QJsonValue &c : o.value(QStringLiteral("codes")).toArray())
            out.byRef.insert(QStringLiteral("%1#%2").arg(set).arg(c[QStringLiteral("index")].toInt()), c[QStringLiteral("code")].toString());
    }
    return out;
}

QChar otherSymbol(QChar c, bool digits)
{
    const QString alphabet = digits ? QStringLiteral("0123456789") : QStringLiteral("0123456789ABCDEFGHJKMNPQRSTVWXYZ");
    return alphabet.at((alphabet.indexOf(c) + 3) % alphabet.size());
}

// "set#index[:op[:arg]]" or "=literal". Ops make the typos and spellings users produce.
QString typedCode(const FixtureCodes &codes, const QString &spec)
{
    if (spec.startsWith(u'='))
        return spec.mid(1);
    const QStringList parts = spec.split(u':');
    QString code = codes.byRef.value(parts[0]);
    const bool digits = codes.formats.value(parts[0].section(u'#', 0, 0)).startsWith(QLatin1String("digits"));
    const QString op = parts.value(1);
    const int p = parts.value(2).toInt() - 1;
    if (op == QLatin1String("sub")) {
        code[p] = otherSymbol(code[p], digits);
    } else if (op == QLatin1String("swap")) {
        int i = p;
        while (code[i] == code[i + 1])
            ++i;
        std::swap(code[i], code[i + 1]);
    } else if (op == QLatin1String("drop")) {
        code.remove(p, 1);
    } else if (op == QLatin1String("ins")) {
        code.insert(p, otherSymbol(code[p], digits));
    } else if (op == QLatin1String("lower")) {
        code = code.toLower();
        for (int i = code.size() - 4; i > 0; i -= 4)
            code.insert(i, u'-');
    } else if (op == QLatin1String("group")) {
        code.insert(code.size() / 2, QStringLiteral("  "));
    } else if (op == QLatin1String("cyr")) {
        // A Cyrillic look-alike for the first Latin capital (what a Russian keyboard layout types).
        const QString latin = QStringLiteral("ABEKMHPCTX"), cyrillic = QStringLiteral("АВЕКМНРСТХ");
        for (int i = 0; i < code.size(); ++i) {
            if (latin.contains(code[i])) {
                code[i] = cyrillic[latin.indexOf(code[i])];
                break;
            }
        }
    } else if (op == QLatin1String("conf")) {
        const QString from = QStringLiteral("0158"), to = digits ? QStringLiteral("OlSB") : QStringLiteral("OI58");
        for (int i = 0; i < code.size(); ++i) {
            const int k = int(from.indexOf(code[i]));
            if (k >= 0 && to[k] != code[i]) {
                code[i] = to[k];
                break;
            }
        }
    }
    return code;
}

QStringList split(const QString &list)
{
    return list.isEmpty() ? QStringList() : list.split(u',');
}

} // namespace

class TestDiagnostics : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void scenarios_data();
    void scenarios();
    void everyCheckFiresAndIsRuledOut();
    void reportShapeAndStorage();
    void roundTwoSaysWhatToDo();
    void refusals();

private:
    Result<DiagnosisReport> run(const QString &account, const QString &code, const QString &at, const QString &attempt,
                                const QString &device, bool store = false);
    test::Workspace m_ws;
    FixtureCodes m_codes;
    QStringList m_allSpellings;
    QHash<QString, QSet<QString>> m_seen; // check -> verdicts seen over all scenarios
    std::unique_ptr<FixedClock> m_clock;
};

void TestDiagnostics::initTestCase()
{
    QVERIFY(m_ws.open());
    const QString fixture = test::dataPath(QStringLiteral("diagnostics/scenarios.jsonl"));
    importer::Importer importer(*m_ws.database, *m_ws.keys);
    auto stats = importer.importFile(test::sessionAs(auth::Role::Admin), fixture);
    QVERIFY2(stats.ok(), qPrintable(stats.ok() ? QString() : stats.error().message));
    m_codes = loadCodes(fixture);
    QVERIFY(m_codes.byRef.size() > 300);
    for (auto it = m_codes.byRef.cbegin(); it != m_codes.byRef.cend(); ++it) {
        const auto format = ledger::codeFormatFromString(m_codes.formats.value(it.key().section(u'#', 0, 0)));
        m_allSpellings << it.value() << ledger::displayCode(*format, it.value());
    }
    m_clock = std::make_unique<FixedClock>(QDateTime(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC));
}

Result<DiagnosisReport> TestDiagnostics::run(const QString &account, const QString &code, const QString &at,
                                             const QString &attempt, const QString &device, bool store)
{
    DiagnosticsService service(*m_ws.database, *m_ws.keys, *m_clock);
    DiagnoseRequest request;
    request.accountId = account;
    request.code = code;
    if (!at.isEmpty())
        request.at = rd::time::parseRfc3339(at);
    request.attemptId = attempt;
    request.device = device;
    const auth::Session agent = test::sessionAs(auth::Role::Agent, QStringLiteral("alice"));
    return store ? service.diagnose(agent, request) : service.evaluate(agent, request);
}

void TestDiagnostics::scenarios_data()
{
    QTest::addColumn<QString>("account");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("at");      // empty: the attempt's time, else the fixed clock (2026-11-20 12:00)
    QTest::addColumn<QString>("attempt");
    QTest::addColumn<QString>("device");
    QTest::addColumn<QString>("primary");
    QTest::addColumn<QString>("contributing"); // exactly these hold besides the primary
    QTest::addColumn<QString>("notHolding");   // and these must not hold

    auto row = [](const char *name, const char *account, const char *code, const char *at, const char *attempt,
                  const char *device, const char *primary, const char *contributing, const char *notHolding = "") {
        QTest::newRow(name) << QString::fromUtf8(account) << QString::fromUtf8(code) << QString::fromUtf8(at)
                            << QString::fromUtf8(attempt) << QString::fromUtf8(device) << QString::fromUtf8(primary)
                            << QString::fromUtf8(contributing) << QString::fromUtf8(notHolding);
    };
    // Ledger states.
    row("valid unused", "led", "led-s2#2", "", "", "", "VALID_UNUSED", "", "ALREADY_USED,SUPERSEDED,FORMAT,UNKNOWN_CODE");
    row("already used", "led", "led-s2#1", "", "", "", "ALREADY_USED", "");
    row("superseded", "led", "led-s1#5", "", "", "", "SUPERSEDED", "", "VALID_UNUSED,UNSEEN_REGENERATION");
    row("used and superseded", "led", "led-s1#1", "", "", "", "ALREADY_USED", "SUPERSEDED");
    row("attempt reason contradicts ledger", "led", "led-s2#2", "", "led-a1", "", "VALID_UNUSED", "PLATFORM_MISMATCH");
    // Time travel: the state at T, not now.
    // The email was verified only in September, so in May it was not verified yet.
    row("before the newer set existed", "led", "led-s1#5", "2026-05-01T00:00:00Z", "", "", "VALID_UNUSED", "STALE_CONTACT", "SUPERSEDED");
    row("used only after T", "led", "led-s2#9", "", "", "", "VALID_UNUSED", "", "ALREADY_USED");
    row("used before this later T", "led", "led-s2#9", "2026-11-26T00:00:00Z", "", "", "ALREADY_USED", "");
    row("set generated after T", "led", "led-s2#2", "2026-05-01T00:00:00Z", "", "", "UNKNOWN_CODE", "STALE_CONTACT");
    // Typing.
    row("substitution", "led", "led-s2#3:sub:4", "", "", "", "TRANSCRIPTION", "", "UNKNOWN_CODE,FORMAT");
    row("transposition", "led", "led-s2#3:swap:6", "", "", "", "TRANSCRIPTION", "");
    row("missing character", "led", "led-s2#4:drop:3", "", "", "", "TRANSCRIPTION", "FORMAT");
    row("extra character", "led", "led-s2#4:ins:5", "", "", "", "TRANSCRIPTION", "FORMAT");
    row("unknown", "led", "=00000000", "", "", "", "UNKNOWN_CODE", "", "TRANSCRIPTION");
    row("wrong shape", "led", "=12AB", "", "", "", "FORMAT", "UNKNOWN_CODE");
    row("letter for digit", "led", "led-s2#2:conf", "", "", "", "VALID_UNUSED", "FORMAT");
    row("spaces", "led", "led-s2#2:group", "", "", "", "VALID_UNUSED", "", "FORMAT");
    // Revocation wins over supersession.
    row("revoked compromised", "rev", "rev-s2#3", "", "", "", "REVOKED", "", "VALID_UNUSED");
    row("revoked beats superseded", "rev", "rev-s1#3", "", "", "", "REVOKED", "", "SUPERSEDED");
    row("before revocation", "rev", "rev-s2#3", "2026-11-01T00:00:00Z", "", "", "VALID_UNUSED", "", "REVOKED");
    row("wrong account", "wa", "wa-other-s2#2", "", "", "", "WRONG_ACCOUNT", "", "UNKNOWN_CODE,TRANSCRIPTION");
    row("faulty generator", "gen", "gen-s1#2", "", "", "", "GENERATION_FAULT", "VALID_UNUSED");
    row("typo in faulty set", "gen", "gen-s1#2:sub:2", "", "", "", "GENERATION_FAULT", "TRANSCRIPTION");
    // Gates keep the code-level finding as contributing.
    row("outage", "out", "out-s2#2", "2026-11-19T10:30:00Z", "", "", "OUTAGE", "VALID_UNUSED");
    row("outage end inclusive", "out", "out-s2#2", "2026-11-19T11:00:00Z", "", "", "OUTAGE", "VALID_UNUSED");
    row("other component outage", "out", "out-s2#2", "2026-11-17T10:30:00Z", "", "", "VALID_UNUSED", "", "OUTAGE");
    row("locked event", "lock", "lock-s2#2", "2026-11-19T12:00:00Z", "", "", "LOCKED_OUT", "VALID_UNUSED");
    row("unlocked later", "lock", "lock-s2#2", "2026-11-19T21:00:00Z", "", "", "VALID_UNUSED", "", "LOCKED_OUT");
    row("failure streak", "lock", "lock-s2#2", "2026-11-20T09:30:00Z", "", "", "LOCKED_OUT", "VALID_UNUSED");
    row("streak lock over", "lock", "lock-s2#2", "2026-11-20T09:45:00Z", "", "", "VALID_UNUSED", "", "LOCKED_OUT");
    row("platform locked out", "lock", "lock-s2#1", "", "lock-try", "", "LOCKED_OUT", "ALREADY_USED");
    row("streak broken by success", "nolock", "nolock-s2#2", "2026-11-20T09:10:00Z", "", "", "VALID_UNUSED", "", "LOCKED_OUT");
    // Incidents are platform-wide: the SMS outage of 11-10 is recent for everyone on 11-11.
    row("two-factor off", "tf", "tf-s2#2", "2026-11-11T00:00:00Z", "", "", "TWO_FACTOR_OFF", "SUSPICIOUS_FLAG,VALID_UNUSED,SMS_DELIVERY");
    row("flagged", "tf", "tf-s2#2", "2026-11-07T00:00:00Z", "", "", "SUSPICIOUS_FLAG", "VALID_UNUSED", "TWO_FACTOR_OFF");
    row("all cleared", "tf", "tf-s2#2", "", "", "", "VALID_UNUSED", "", "TWO_FACTOR_OFF,SUSPICIOUS_FLAG");
    row("untrusted device", "dev", "dev-s2#2", "", "dev-new", "", "UNTRUSTED_DEVICE", "VALID_UNUSED");
    row("untrusted but not the reason", "dev", "dev-s2#2", "", "dev-newinv", "", "VALID_UNUSED", "UNTRUSTED_DEVICE,PLATFORM_MISMATCH");
    row("revoked device", "dev", "dev-s2#2", "", "dev-revoked", "", "UNTRUSTED_DEVICE", "VALID_UNUSED");
    row("device trusted back then", "dev", "dev-s2#2", "2026-10-15T00:00:00Z", "", "dev-phone", "VALID_UNUSED", "", "UNTRUSTED_DEVICE");
    row("impossible travel", "trv", "trv-s2#2", "", "trv-far", "", "UNTRUSTED_DEVICE", "VALID_UNUSED");
    row("plausible travel", "trv", "trv-s2#2", "", "trv-near", "", "VALID_UNUSED", "PLATFORM_MISMATCH", "UNTRUSTED_DEVICE");
    row("fresh set", "syn", "syn-s3#2", "", "syn-fresh", "", "SYNC_LAG", "VALID_UNUSED,PLATFORM_MISMATCH");
    row("fresh set, later", "syn", "syn-s3#2", "2026-11-20T12:05:00Z", "", "", "VALID_UNUSED", "", "SYNC_LAG");
    row("replication lag", "syn", "syn-s2#2", "2026-11-18T11:00:00Z", "", "", "SYNC_LAG", "VALID_UNUSED");
    row("superseded by fresh set", "syn", "syn-s2#2", "", "", "", "SUPERSEDED", "", "SYNC_LAG");
    // Context findings, never primary.
    row("compromise signs", "cmp", "cmp-s2#2", "", "", "", "VALID_UNUSED", "POSSIBLE_COMPROMISE,STALE_CONTACT");
    row("compromise signs aged out", "cmp", "cmp-s2#2", "2026-12-30T00:00:00Z", "", "", "VALID_UNUSED", "", "POSSIBLE_COMPROMISE");
    row("regenerated from rogue", "rgn", "rgn-s3#2", "", "", "", "VALID_UNUSED", "POSSIBLE_COMPROMISE");
    row("stale contact", "stale", "stale-s2#2", "", "", "", "VALID_UNUSED", "STALE_CONTACT");
    row("clock drift", "clk", "clk-s2#2", "", "", "", "VALID_UNUSED", "CLOCK_DRIFT");
    row("clock drift not recent", "clk", "clk-s2#2", "2026-11-22T00:00:00Z", "", "", "VALID_UNUSED", "", "CLOCK_DRIFT");
    row("sms failures", "sms", "sms-s2#2", "", "", "", "VALID_UNUSED", "SMS_DELIVERY");
    row("sms outage", "sms", "sms-s2#2", "2026-11-10T12:00:00Z", "", "", "VALID_UNUSED", "SMS_DELIVERY");
    row("code_used for unused", "mis", "mis-s2#2", "", "mis-used", "", "VALID_UNUSED", "PLATFORM_MISMATCH");
    // Every format, with separators and lowercase.
    row("base32x16 lowercase", "b16", "b16-s2#2:lower", "", "", "", "VALID_UNUSED", "", "FORMAT");
    row("base32x16 superseded", "b16", "b16-s1#3", "", "", "", "SUPERSEDED", "");
    row("base32x16 typo", "b16", "b16-s2#5:sub:9", "", "", "", "TRANSCRIPTION", "");
    row("base32x10 crockford O", "b10", "b10-s2#2:conf", "", "", "", "VALID_UNUSED", "FORMAT");
    row("base32x10 transposition", "b10", "b10-s2#3:swap:2", "", "", "", "TRANSCRIPTION", "");
    row("digits10 spaced", "d10", "d10-s2#2:group", "", "", "", "VALID_UNUSED", "");
    row("digits10 typo", "d10", "d10-s2#3:sub:10", "", "", "", "TRANSCRIPTION", "");
    row("foreign look-alike letter", "b10", "b10-s2#4:cyr", "", "", "", "TRANSCRIPTION", "FORMAT");
    // Two sets generated at the same instant: the later id is the active one, as everywhere.
    row("same instant, earlier id", "tie", "tie-s1#2", "", "", "", "SUPERSEDED", "");
    row("same instant, later id", "tie", "tie-s2#2", "", "", "", "VALID_UNUSED", "");
    row("revoked as regenerated", "regen", "regen-s1#2", "", "", "", "SUPERSEDED", "", "REVOKED");
    row("two-factor turned off later", "tk", "tk-s2#2", "2026-10-01T00:00:00Z", "", "", "VALID_UNUSED", "", "TWO_FACTOR_OFF");
    row("two-factor off now", "tk", "tk-s2#2", "", "", "", "TWO_FACTOR_OFF", "VALID_UNUSED");
    row("use without device or IP", "cmpn", "cmpn-s2#2", "", "", "", "VALID_UNUSED", "", "POSSIBLE_COMPROMISE");

    // Round two (issue 18). FIRST_FACTOR: the code was never checked.
    row("wrong password", "ff", "ff-s2#2", "", "ff-pw", "", "FIRST_FACTOR", "VALID_UNUSED", "PLATFORM_MISMATCH,WRONG_FACTOR");
    row("code attempt failed for the password", "ff", "ff-s2#2", "", "ff-bcpw", "", "FIRST_FACTOR", "VALID_UNUSED");
    row("password step passed", "ff", "ff-s2#2", "", "ff-pwok", "", "VALID_UNUSED", "", "FIRST_FACTOR");
    row("used code behind a wrong password", "ff", "ff-s2#1", "", "ff-pw", "", "FIRST_FACTOR", "ALREADY_USED");
    row("locked beats the password", "lock", "lock-s2#2", "", "lock-pw", "", "LOCKED_OUT", "FIRST_FACTOR,VALID_UNUSED");
    // WRONG_FACTOR: a backup code in the authenticator or text-message prompt, in any state,
    // exactly or after look-alikes; a one-typo code there is a typo, not the wrong field.
    row("backup code in the authenticator prompt", "wf", "wf-s2#2", "", "wf-totp", "", "WRONG_FACTOR", "VALID_UNUSED",
        "PLATFORM_MISMATCH,CLOCK_DRIFT,FIRST_FACTOR");
    row("backup code in the text-message prompt", "wf", "wf-s2#2", "", "wf-sms", "", "WRONG_FACTOR", "VALID_UNUSED");
    row("old code in the wrong field", "wf", "wf-s1#5", "", "wf-totp", "", "WRONG_FACTOR", "SUPERSEDED");
    row("used code in the wrong field", "wf", "wf-s2#1", "", "wf-totp", "", "WRONG_FACTOR", "ALREADY_USED");
    row("look-alikes in the wrong field", "wf", "wf-s2#2:conf", "", "wf-totp", "", "WRONG_FACTOR", "VALID_UNUSED,FORMAT");
    row("one typo in the wrong field", "wf", "wf-s2#3:sub:4", "", "wf-totp", "", "TRANSCRIPTION", "", "WRONG_FACTOR");
    row("authenticator code where it belongs", "wf", "=123 456", "", "wf-totp", "", "FORMAT", "UNKNOWN_CODE", "WRONG_FACTOR");
    row("authenticator code as a backup code", "led", "=123-456", "", "", "", "FORMAT", "UNKNOWN_CODE", "WRONG_FACTOR");
    // STEP_UP_AFTER_CODE: accepted within 10 minutes before T, then a step-up demand up to T.
    row("code worked, then a step-up", "su", "su-s2#3", "", "su-step", "", "STEP_UP_AFTER_CODE", "ALREADY_USED");
    row("step-up told by the user", "su", "su-s2#3", "", "", "", "STEP_UP_AFTER_CODE", "ALREADY_USED");
    row("step-up window end inclusive", "su", "su-s2#3", "2026-11-20T12:05:00Z", "", "", "STEP_UP_AFTER_CODE", "ALREADY_USED");
    row("step-up window over", "su", "su-s2#3", "2026-11-20T12:05:01Z", "", "", "ALREADY_USED", "", "STEP_UP_AFTER_CODE");
    row("step-up before the use", "su", "su-s2#5", "", "", "", "ALREADY_USED", "", "STEP_UP_AFTER_CODE");
    row("step-up at the moment of use", "su", "su-s2#7", "2026-11-20T11:40:00Z", "", "", "STEP_UP_AFTER_CODE", "ALREADY_USED");
    row("step-up, code not used", "su", "su-s2#2", "", "su-step", "", "VALID_UNUSED", "", "STEP_UP_AFTER_CODE,UNTRUSTED_DEVICE");
    row("step-up before the code's use", "su", "su-s2#3", "2026-11-20T11:55:30Z", "", "", "ALREADY_USED", "", "STEP_UP_AFTER_CODE");
    // UNSEEN_REGENERATION: the replacing set unconfirmed at T (null, or confirmed only later).
    row("replaced by codes never seen", "ur", "ur-s1#3", "", "", "", "UNSEEN_REGENERATION", "SUPERSEDED");
    row("used code of an unseen replacement", "ur", "ur-s1#1", "", "", "", "ALREADY_USED", "UNSEEN_REGENERATION,SUPERSEDED");
    row("replacing codes confirmed", "ur", "ur-s2#2", "", "", "", "SUPERSEDED", "", "UNSEEN_REGENERATION");
    row("before the confirmation", "ur", "ur-s2#2", "2026-11-19T00:02:00Z", "", "", "UNSEEN_REGENERATION", "SUPERSEDED");
    row("confirmed exactly at T", "ur", "ur-s2#2", "2026-11-19T00:05:00Z", "", "", "SUPERSEDED", "", "UNSEEN_REGENERATION");
    row("never-confirmed set still active", "ur", "ur-s2#2", "2026-11-18T13:00:00Z", "", "", "VALID_UNUSED", "", "UNSEEN_REGENERATION");
    row("confirmed set is active", "ur", "ur-s3#2", "", "", "", "VALID_UNUSED", "", "UNSEEN_REGENERATION");
    row("revoked as regenerated before the new set existed", "urx", "urx-s1#2", "2026-05-15T00:00:00Z", "", "", "SUPERSEDED", "STALE_CONTACT",
        "UNSEEN_REGENERATION");
    row("revoked as regenerated, new set never seen", "urx", "urx-s1#2", "2026-07-01T00:00:00Z", "", "", "UNSEEN_REGENERATION",
        "SUPERSEDED,STALE_CONTACT");
}

void TestDiagnostics::scenarios()
{
    QFETCH(QString, account);
    QFETCH(QString, code);
    QFETCH(QString, at);
    QFETCH(QString, attempt);
    QFETCH(QString, device);
    QFETCH(QString, primary);
    QFETCH(QString, contributing);
    QFETCH(QString, notHolding);

    const QString typed = typedCode(m_codes, code);
    QVERIFY(!typed.isEmpty());
    auto report = run(account, typed, at, attempt, device);
    QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
    const QJsonObject json = report->toJson();
    QStringList held;
    for (const Finding &f : report->findings) {
        m_seen[checkId(f.check)].insert(verdictName(f.verdict));
        if (f.verdict == Verdict::Contributing)
            held << checkId(f.check);
    }
    QCOMPARE(json.value(QStringLiteral("primary_cause")).toString(), primary);
    QCOMPARE(report->finding(*checkFromId(primary)).verdict, Verdict::Cause);
    for (const QString &c : split(contributing))
        QVERIFY2(held.contains(c), qPrintable(QStringLiteral("%1 should hold; holding: %2").arg(c, held.join(u' '))));
    QStringList unexpected = held;
    for (const QString &c : split(contributing))
        unexpected.removeAll(c);
    QVERIFY2(unexpected.isEmpty(), qPrintable(QStringLiteral("unexpected: %1").arg(unexpected.join(u' '))));
    for (const QString &c : split(notHolding))
        QVERIFY2(!report->finding(*checkFromId(c)).holds(), qPrintable(c + QStringLiteral(" should not hold")));
    QCOMPARE(int(std::count_if(report->findings.cbegin(), report->findings.cend(),
                               [](const Finding &f) { return f.verdict == Verdict::Cause; })),
             1);

    // No stored code, in any spelling, anywhere in the output; nor what was typed.
    const QString text = QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
    for (const QString &secret : std::as_const(m_allSpellings))
        QVERIFY2(!text.contains(secret), qPrintable(QStringLiteral("report contains a stored code")));
    QVERIFY(!text.contains(typed));
}

void TestDiagnostics::everyCheckFiresAndIsRuledOut()
{
    // Relies on scenarios() having run first (Qt Test runs slots in declaration order).
    for (int i = 0; i < kCheckCount; ++i) {
        const QString id = checkId(Check(i));
        const QSet<QString> verdicts = m_seen.value(id);
        QVERIFY2(verdicts.contains(QStringLiteral("cause")) || verdicts.contains(QStringLiteral("contributing")),
                 qPrintable(id + QStringLiteral(" never held")));
        QVERIFY2(verdicts.contains(QStringLiteral("ruled_out")), qPrintable(id + QStringLiteral(" never ruled out")));
    }
    for (Check c : {Check::PossibleCompromise, Check::StaleContact, Check::ClockDrift, Check::SmsDelivery, Check::PlatformMismatch})
        QVERIFY(!m_seen.value(checkId(c)).contains(QStringLiteral("cause")));
}

// The four round-two causes and the authenticator-shaped FORMAT name their evidence and give
// the agent a step and the user a sentence (SPEC §6, issue 18).
void TestDiagnostics::roundTwoSaysWhatToDo()
{
    auto wrongField = run(QStringLiteral("wf"), typedCode(m_codes, QStringLiteral("wf-s2#2")), {}, QStringLiteral("wf-totp"), {});
    QVERIFY(wrongField.ok());
    const Finding &wf = wrongField->finding(Check::WrongFactor);
    QVERIFY2(wf.summary.contains(QStringLiteral("authenticator-app prompt")), qPrintable(wf.summary));
    QVERIFY(wf.evidence.size() == 2 && wf.evidence[0].record == QLatin1String("wf-totp"));
    QVERIFY(wf.evidence[1].text.contains(QStringLiteral("code 2 of set wf-s2 (unused)")));
    QVERIFY(wf.advice.contains(QStringLiteral("Use a backup code")));
    QVERIFY(wf.userLine.contains(QStringLiteral("Use a backup code")) && wf.userLine.contains(QStringLiteral("same code")));

    auto stepUp = run(QStringLiteral("su"), typedCode(m_codes, QStringLiteral("su-s2#3")), {}, QStringLiteral("su-step"), {});
    QVERIFY(stepUp.ok());
    const Finding &su = stepUp->finding(Check::StepUpAfterCode);
    QCOMPARE(su.evidence.size(), 2);
    QCOMPARE(su.evidence[0].record, QStringLiteral("su-s2#3"));
    QCOMPARE(su.evidence[1].record, QStringLiteral("su-step"));
    QVERIFY(su.advice.contains(QStringLiteral("do not reset")));

    auto unseen = run(QStringLiteral("ur"), typedCode(m_codes, QStringLiteral("ur-s1#3")), {}, {}, {});
    QVERIFY(unseen.ok());
    const Finding &ur = unseen->finding(Check::UnseenRegeneration);
    QVERIFY2(ur.summary.contains(QStringLiteral("by set ur-s2")), qPrintable(ur.summary));
    QVERIFY(ur.evidence.size() == 2 && ur.evidence[1].text.contains(QStringLiteral("never confirmed by the user")));
    QVERIFY(ur.advice.contains(QStringLiteral("regenerate_codes")));
    QVERIFY(ur.userLine.contains(QStringLiteral("not your mistake")));
    auto late = run(QStringLiteral("ur"), typedCode(m_codes, QStringLiteral("ur-s2#2")), QStringLiteral("2026-11-19T00:02:00Z"), {}, {});
    QVERIFY(late.ok());
    QVERIFY(late->finding(Check::UnseenRegeneration).evidence[1].text.contains(QStringLiteral("confirmed by the user only at 2026-11-19 00:05")));

    auto password = run(QStringLiteral("ff"), typedCode(m_codes, QStringLiteral("ff-s2#2")), {}, QStringLiteral("ff-pw"), {});
    QVERIFY(password.ok());
    QCOMPARE(password->finding(Check::FirstFactor).evidence.first().record, QStringLiteral("ff-pw"));
    QCOMPARE(password->finding(Check::PlatformMismatch).summary,
             QStringLiteral("The platform's answer (\"password_invalid\") says nothing about the code itself."));

    auto sixDigits = run(QStringLiteral("led"), QStringLiteral("482 913"), {}, {}, {});
    QVERIFY(sixDigits.ok());
    QVERIFY2(sixDigits->finding(Check::Format).summary.contains(QStringLiteral("authenticator")),
             qPrintable(sixDigits->finding(Check::Format).summary));
    QVERIFY(sixDigits->finding(Check::Format).userLine.contains(QStringLiteral("authenticator app")));
    auto sevenDigits = run(QStringLiteral("led"), QStringLiteral("4829130"), {}, {}, {});
    QVERIFY(sevenDigits.ok());
    QVERIFY(!sevenDigits->finding(Check::Format).summary.contains(QStringLiteral("authenticator")));
    // As of T: the replacement happened at the revocation for "regenerated" (05-01), and the set
    // that replaced it is named only once it exists (06-01).
    auto early = run(QStringLiteral("urx"), typedCode(m_codes, QStringLiteral("urx-s1#2")), QStringLiteral("2026-05-15T00:00:00Z"), {}, {});
    QVERIFY(early.ok());
    const Finding &superseded = early->finding(Check::Superseded);
    QVERIFY2(superseded.summary.contains(QStringLiteral("replaced on 2026-05-01")), qPrintable(superseded.summary));
    QVERIFY(!superseded.evidence.first().text.contains(QStringLiteral("urx-s2")));
    QVERIFY(!superseded.advice.contains(QStringLiteral("2026-06-01")));
    QCOMPARE(early->finding(Check::UnseenRegeneration).summary, QStringLiteral("No set that replaced this one existed at that time."));
    auto later = run(QStringLiteral("urx"), typedCode(m_codes, QStringLiteral("urx-s1#2")), QStringLiteral("2026-07-01T00:00:00Z"), {}, {});
    QVERIFY(later.ok());
    QVERIFY2(later->finding(Check::UnseenRegeneration).summary.contains(QStringLiteral("replaced on 2026-05-01 00:00 UTC by set urx-s2")),
             qPrintable(later->finding(Check::UnseenRegeneration).summary));
    // Look-alikes are named by kind only: a count would spell a code of one repeated digit.
    auto repeated = run(QStringLiteral("rep"), QStringLiteral("BBBB bbbb"), {}, {}, {});
    QVERIFY(repeated.ok());
    QCOMPARE(*repeated->primaryCause, Check::ValidUnused);
    const Finding &lookAlikes = repeated->finding(Check::Format);
    QVERIFY(lookAlikes.holds());
    QCOMPARE(lookAlikes.evidence.first().text, QStringLiteral("Look-alikes mapped: 'B' read as '8', 'b' read as '8'."));
    QVERIFY(!lookAlikes.summary.contains(u'8'));
    QVERIFY(lookAlikes.userLine.contains(QStringLiteral("only digits")));

    // Without an attempt, the two attempt-bound checks cannot be checked.
    QCOMPARE(sixDigits->finding(Check::FirstFactor).verdict, Verdict::NotApplicable);
    QCOMPARE(sixDigits->finding(Check::WrongFactor).verdict, Verdict::NotApplicable);
    // Every primary cause carries a line for the user.
    QVERIFY(!sixDigits->finding(*sixDigits->primaryCause).userLine.isEmpty());
}

void TestDiagnostics::reportShapeAndStorage()
{
    auto report = run(QStringLiteral("led"), typedCode(m_codes, QStringLiteral("led-s2#3:swap:6")), {}, {}, {}, true);
    QVERIFY(report.ok());
    const QJsonObject json = report->toJson();
    for (const char *key : {"account", "at", "primary_cause", "findings"})
        QVERIFY2(json.contains(QLatin1String(key)), key);
    const QJsonArray findings = json.value(QStringLiteral("findings")).toArray();
    QCOMPARE(findings.size(), kCheckCount);
    for (const QJsonValue &f : findings)
        for (const char *key : {"check", "verdict", "summary", "evidence", "advice"})
            QVERIFY2(f.toObject().contains(QLatin1String(key)), key);
    const Finding &t = report->finding(Check::Transcription);
    QVERIFY2(t.summary.contains(QStringLiteral("adjacent transposition at positions")), qPrintable(t.summary));
    // Look-alikes are named by kind, never by position (positions would spell the code).
    auto mapped = run(QStringLiteral("led"), typedCode(m_codes, QStringLiteral("led-s2#2:conf")), {}, {}, {});
    QVERIFY(mapped.ok());
    const Finding &format = mapped->finding(Check::Format);
    QVERIFY(format.holds());
    QVERIFY2(!format.summary.contains(QStringLiteral("position")), qPrintable(format.summary));
    for (const Fact &fact : format.evidence)
        QVERIFY2(!fact.text.contains(QStringLiteral("position")), qPrintable(fact.text));
    QVERIFY(t.summary.contains(QStringLiteral("code 3 of set led-s2")));
    QCOMPARE(json.value(QStringLiteral("at")).toString(), QStringLiteral("2026-11-20T12:00:00Z"));
    QVERIFY(report->id.startsWith(QStringLiteral("dx-")));
    // A stored report reads back as it was (the case's answer card shows it).
    const DiagnosisReport back = DiagnosisReport::fromJson(json);
    QCOMPARE(back.toJson(), json);
    QCOMPARE(back.primaryCause, report->primaryCause);
    auto blocked = run(QStringLiteral("rev"), typedCode(m_codes, QStringLiteral("rev-s2#3")), {}, {}, {});
    QVERIFY(blocked.ok());
    QCOMPARE(blocked->blocker, Blocker::NoActiveSet);
    QCOMPARE(blocked->toJson().value(QStringLiteral("account_blocker")).toString(), QStringLiteral("no_active_set"));
    QCOMPARE(DiagnosisReport::fromJson(blocked->toJson()).blocker, Blocker::NoActiveSet);
    QCOMPARE(report->blocker, Blocker::None);
    QCOMPARE(m_ws.count(QStringLiteral("diagnoses")), 1);
    QVERIFY(m_ws.checkpoint());
    const QString typed = typedCode(m_codes, QStringLiteral("led-s2#3:swap:6"));
    QVERIFY(m_ws.plaintextFound({typed, m_codes.byRef.value(QStringLiteral("led-s2#3"))}).isEmpty());
}

void TestDiagnostics::refusals()
{
    DiagnosticsService service(*m_ws.database, *m_ws.keys, *m_clock);
    DiagnoseRequest request{QStringLiteral("led"), QStringLiteral("12345678"), {}, {}, {}, {}, {}};
    auto admin = service.diagnose(test::sessionAs(auth::Role::Admin), request);
    QCOMPARE(admin.error().kind, ErrorKind::Refused);
    request.accountId = QStringLiteral("nobody");
    QCOMPARE(service.diagnose(test::sessionAs(auth::Role::Agent), request).error().kind, ErrorKind::BadInput);
    request.accountId = QStringLiteral("led");
    request.attemptId = QStringLiteral("dev-new"); // another account's attempt
    QCOMPARE(service.diagnose(test::sessionAs(auth::Role::Supervisor), request).error().kind, ErrorKind::BadInput);
    request.attemptId.clear();
    request.code = QStringLiteral("   ");
    QCOMPARE(service.diagnose(test::sessionAs(auth::Role::Agent), request).error().kind, ErrorKind::BadInput);
}

QTEST_GUILESS_MAIN(TestDiagnostics)
#include "tst_diagnostics.moc"
