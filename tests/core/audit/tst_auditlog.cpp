// The audit trail of SPEC §8: canonical bytes, chain, checkpoints, tamper detection with the
// right sequence number, signed exports checked by stock openssl and an independent script.
#include "TestSupport.h"

#include "audit/AuditChain.h"
#include "audit/AuditLog.h"
#include "common/CanonicalJson.h"
#include "crypto/Ed25519.h"
#include "crypto/Hash.h"
#include "importer/Importer.h"
#include "storage/AuditStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>

#include <algorithm>
#include "DebianTools.h"

using namespace rd;

namespace {

const auth::Session kSupervisor{QStringLiteral("sam"), QStringLiteral("Sam"), auth::Role::Supervisor};

} // namespace

class TestAuditLog : public QObject {
    Q_OBJECT
private slots:
    void init();
    void canonicalJson_data();
    void canonicalJson();
    void chainAndCheckpoints();
    void byteChecksAgreeWithTheParsedForm();
    void unusualEntriesVerifyAndNonCanonicalOnesAreCaught();
    void manyBatchesEditsFarInAndCancelling();
    void tamperIsCaught_data();
    void tamperIsCaught();
    void truncationNeedsTheAnchor();
    void missingCheckpointsAreTampering();
    void exportVerifiesWithStockTools();
    void csvAndFilters();
    void deniedCallsAreRecorded();
    void noSecretsInTheTrail();
    void pagesReadFromEitherEndAgree();

private:
    void fill(int n);
    audit::AuditLog log() { return audit::AuditLog(*m_ws->database, *m_ws->keys, *m_clock); }

    std::unique_ptr<test::Workspace> m_ws;
    std::unique_ptr<FixedClock> m_clock;
};

void TestAuditLog::init()
{
    m_ws = std::make_unique<test::Workspace>();
    QVERIFY(m_ws->open());
    m_clock = std::make_unique<FixedClock>(QDateTime(QDate(2026, 11, 20), QTime(9, 0), Qt::UTC));
}

void TestAuditLog::fill(int n)
{
    storage::WriteTransaction tx(m_ws->connection(), m_ws->database->dialect());
    QVERIFY(tx.begin().ok());
    auto auditLog = log();
    for (int i = 0; i < n; ++i) {
        m_clock->advanceSecs(1);
        auto e = auditLog.appendIn(tx, audit::Actor{QStringLiteral("alice"), QStringLiteral("agent")}, QStringLiteral("account.view"),
                                   QStringLiteral("acct-%1").arg(i % 7), QJsonObject{{QStringLiteral("n"), i}});
        QVERIFY(e.ok());
    }
    QVERIFY(tx.commit().ok());
}

void TestAuditLog::canonicalJson_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("sorted nested") << QJsonValue(QJsonObject{{QStringLiteral("b"), 1}, {QStringLiteral("a"), QJsonObject{{QStringLiteral("z"), true}, {QStringLiteral("y"), QJsonValue()}}}})
                                   << QByteArray(R"({"a":{"y":null,"z":true},"b":1})");
    QTest::newRow("integers") << QJsonValue(QJsonArray{0, -5, 1234567890123LL}) << QByteArray("[0,-5,1234567890123]");
    QTest::newRow("escapes") << QJsonValue(QStringLiteral("q\"b\\n\nt\tc\x01")) << QByteArray(R"("q\"b\\n\nt\tc\u0001")");
    QTest::newRow("unicode stays") << QJsonValue(QStringLiteral("Zoë €𝄞/")) << QByteArray("\"Zo\xc3\xab \xe2\x82\xac\xf0\x9d\x84\x9e/\"");
    QTest::newRow("empty") << QJsonValue(QJsonObject{}) << QByteArray("{}");
}

void TestAuditLog::canonicalJson()
{
    QFETCH(QJsonValue, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(rd::canonicalJson(value), expected);
}

// verify reads rows as bytes: isPlainCanonicalObject may only say yes where parsing and writing
// again gives the same bytes, and appendCanonicalString writes what canonicalJson writes.
void TestAuditLog::byteChecksAgreeWithTheParsedForm()
{
    const QList<QByteArray> canonical = {
        R"({})", R"({"a":1})", R"({"a":{"b":[1,-2,{"c":null}]},"b":"x\"y\\z\n\u0001","c":true,"d":false})",
        R"({"four_eyes":false,"granted_alone":"sam"})", R"({"n":123456789012345})", R"({"s":"\u001f\b\f\r\t"})"};
    for (const QByteArray &bytes : canonical) {
        QVERIFY2(isPlainCanonicalObject(bytes), bytes.constData());
        QCOMPARE(rd::canonicalJson(QJsonDocument::fromJson(bytes).object()), bytes);
    }
    bool off = false;
    QVERIFY(isPlainCanonicalObject(R"({"four_eyes":false,"x":1})", "four_eyes", &off) && off);
    QVERIFY(isPlainCanonicalObject(R"({"four_eyes":true})", "four_eyes", &off) && !off);
    QVERIFY(isPlainCanonicalObject(R"({"a":{"four_eyes":false}})", "four_eyes", &off) && !off); // only the entry's own key
    // Not canonical (or not decided on bytes): every one is refused here, and only the really
    // canonical ones pass the parsed comparison the verifier then makes.
    const QList<QByteArray> undecided = {
        R"({"b":1,"a":2})", R"({"a":1,"a":2})", R"({ "a":1})", R"({"a":1} )", R"({"a":1.0})", R"({"a":1e2})", R"({"a":-0})",
        R"({"a":01})", R"({"a":"\u0041"})", R"({"a":"\/"})", R"({"a":"\u000a"})", R"({"a":"\u001F"})", R"(["a"])", R"({"a":tru})",
        "{\"a\":\"\x01\"}", "{\"a\":\"Zo\xc3\xab\"}", R"({"a\"b":1})", R"({"a":1234567890123456})", R"({"a":1,})", R"({"a")"};
    for (const QByteArray &bytes : undecided) {
        QVERIFY2(!isPlainCanonicalObject(bytes), bytes.constData());
        const QJsonDocument doc = QJsonDocument::fromJson(bytes);
        const bool reallyCanonical = doc.isObject() && rd::canonicalJson(doc.object()) == bytes;
        // Only text beyond ASCII, long integers or a key with an escape may be canonical and still
        // undecided here (the verifier then decides by parsing).
        if (reallyCanonical)
            QVERIFY2(bytes.contains('\xc3') || bytes.contains("1234567890123456") || bytes.startsWith(R"({"a\")"), bytes.constData());
    }
    for (const QString &text : {QStringLiteral("plain"), QStringLiteral("q\"b\\n\nt\tc\x01\x7f"), QStringLiteral("Zoë €𝄞/"), QString()}) {
        QByteArray fast;
        appendCanonicalString(fast, text.toUtf8());
        QCOMPARE(fast, rd::canonicalJson(QJsonValue(text)));
    }
}

// Entries with escapes and text beyond ASCII take the parsed path and verify; details rewritten
// in a non-canonical spelling with the hash recomputed over those bytes are still caught.
void TestAuditLog::unusualEntriesVerifyAndNonCanonicalOnesAreCaught()
{
    audit::AuditLog trail = log();
    QVERIFY(trail.append(audit::Actor{QStringLiteral("zoë"), QStringLiteral("agent")}, QStringLiteral("case.note"), QStringLiteral("C-\"1\""),
                         QJsonObject{{QStringLiteral("text"), QStringLiteral("Zoë\n€ \x01")}, {QStringLiteral("n"), -3}})
                .ok());
    QVERIFY(trail.append(audit::Actor{QStringLiteral("sam"), QStringLiteral("supervisor")}, QStringLiteral("reset.approve"), {},
                         QJsonObject{{QStringLiteral("four_eyes"), false}})
                .ok());
    auto ok = trail.verify(kSupervisor);
    QVERIFY(ok.ok() && ok->ok);
    QCOMPARE(ok->entries, 2);
    QCOMPARE(ok->withoutSecondPerson, 1);
    // Same JSON value, other spelling, hash made over the stored bytes: not what the app writes.
    storage::AuditStore store(m_ws->connection());
    audit::AuditEntry e = *store.bySeq(2).value();
    const QString spaced = QStringLiteral("{\"four_eyes\": false}");
    crypto::Sha256Stream sha;
    sha.add(QByteArray::fromHex(e.prevHash.toLatin1()));
    sha.add(QByteArray(R"({"action":"reset.approve","at":")") + e.at.toUtf8() + R"(","details":)" + spaced.toUtf8()
            + R"(,"operator":"sam","role":"supervisor","seq":2,"subject":null})");
    QVERIFY(m_ws->tamper({QStringLiteral("UPDATE audit_log SET details = '%1', hash = '%2' WHERE seq = 2")
                              .arg(spaced, QString::fromLatin1(sha.finish().toHex()))}));
    auto caught = trail.verify(kSupervisor);
    QVERIFY(caught.ok() && !caught->ok);
    QCOMPARE(caught->brokenAt, 2);
    QCOMPARE(caught->reason, QStringLiteral("edited"));
}

// The verifier reads in batches on one thread and checks on another: an edit in a late batch is
// still named, progress is reported as rows are read, and cancelling stops it with its code.
void TestAuditLog::manyBatchesEditsFarInAndCancelling()
{
    fill(12500);
    QList<qint64> reported;
    auto all = log().verify(kSupervisor, std::nullopt, [&](qint64 done, qint64 total) {
        reported << done;
        return total == 12500;
    });
    QVERIFY(all.ok() && all->ok);
    QCOMPARE(all->entries, 12500);
    QCOMPARE(reported, (QList<qint64>{10000}));
    auto cancelled = log().verify(kSupervisor, std::nullopt, [](qint64, qint64) { return false; });
    QVERIFY(!cancelled.ok());
    QCOMPARE(cancelled.error().code, ErrorCode::Cancelled);
    QVERIFY(m_ws->tamper({QStringLiteral("UPDATE audit_log SET subject = 'acct-x' WHERE seq = 11999")}));
    auto edited = log().verify(kSupervisor);
    QVERIFY(edited.ok() && !edited->ok);
    QCOMPARE(edited->brokenAt, 11999);
    QCOMPARE(edited->reason, QStringLiteral("edited"));
}

void TestAuditLog::chainAndCheckpoints()
{
    fill(2100);
    storage::AuditStore store(m_ws->connection());
    auto first = store.bySeq(1);
    QVERIFY(first.ok() && first.value());
    QCOMPARE(first.value()->prevHash, audit::genesisHash());
    QCOMPARE(first.value()->hash, audit::chainHash(*first.value()));
    auto second = store.bySeq(2);
    QCOMPARE(second.value()->prevHash, first.value()->hash);
    auto checkpoints = store.checkpoints();
    QCOMPARE(checkpoints->size(), 2); // at 1000 and 2000
    QCOMPARE(checkpoints->at(0).seq, 1000);
    QVERIFY(crypto::ed25519Verify(m_ws->keys->signingPublicKey(), audit::checkpointMessage(1000, checkpoints->at(0).hash),
                                  QByteArray::fromBase64(checkpoints->at(0).signature.toLatin1())));
    auto result = log().verify(kSupervisor);
    QVERIFY(result.ok());
    QVERIFY2(result->ok, qPrintable(result->message));
    QCOMPARE(result->entries, 2100);
    // The verification itself was recorded.
    QCOMPARE(store.last().value()->action, QStringLiteral("audit.verify"));
    // No update or delete path: the database refuses both.
    QVERIFY(!storage::exec(m_ws->connection(), QStringLiteral("UPDATE audit_log SET action = 'x' WHERE seq = 5")).ok());
    QVERIFY(!storage::exec(m_ws->connection(), QStringLiteral("DELETE FROM audit_log WHERE seq = 5")).ok());
}

void TestAuditLog::tamperIsCaught_data()
{
    QTest::addColumn<QStringList>("statements");
    QTest::addColumn<int>("seq");
    QTest::addColumn<QString>("reason");
    QTest::newRow("edited") << QStringList{QStringLiteral("UPDATE audit_log SET subject = 'acct-999' WHERE seq = 17")} << 17
                            << QStringLiteral("edited");
    QTest::newRow("deleted in the middle") << QStringList{QStringLiteral("DELETE FROM audit_log WHERE seq = 40")} << 40
                                           << QStringLiteral("deleted");
    QTest::newRow("reordered") << QStringList{QStringLiteral("UPDATE audit_log SET seq = -1 WHERE seq = 50"),
                                              QStringLiteral("UPDATE audit_log SET seq = 50 WHERE seq = 51"),
                                              QStringLiteral("UPDATE audit_log SET seq = 51 WHERE seq = -1")}
                               << 50 << QStringLiteral("reordered");
    QTest::newRow("forged checkpoint signature")
        << QStringList{QStringLiteral("UPDATE audit_checkpoints SET signature = '%1' WHERE seq = 1000")
                           .arg(QString::fromLatin1(QByteArray(64, '\x42').toBase64()))}
        << 1000 << QStringLiteral("bad_signature");
    QTest::newRow("replaced and rehashed") << QStringList{} << 0 << QStringLiteral("rehash");
    QTest::newRow("details that are not an object") << QStringList{QStringLiteral("UPDATE audit_log SET details = '[\"forged\"]' WHERE seq = 12")}
                                                     << 12 << QStringLiteral("edited");
    QTest::newRow("one entry rehashed") << QStringList{} << 0 << QStringLiteral("rehash-one");
}

void TestAuditLog::tamperIsCaught()
{
    QFETCH(QStringList, statements);
    QFETCH(int, seq);
    QFETCH(QString, reason);
    fill(1200);
    // An attacker with the database file (or the server's superuser) edits the trail.
    QVERIFY(m_ws->tamper(statements));
    if (reason == QLatin1String("rehash-one")) {
        // Entry 10 edited and its own hash recomputed, the rest left alone: entry 10 is named.
        storage::AuditStore store(m_ws->connection());
        audit::AuditEntry e = *store.bySeq(10).value();
        e.action = QStringLiteral("case.view");
        e.hash = chainHash(e);
        QVERIFY(m_ws->tamper({QStringLiteral("UPDATE audit_log SET action = '%1', hash = '%2' WHERE seq = 10").arg(e.action, e.hash)}));
        seq = 10;
        reason = QStringLiteral("edited");
    }
    if (reason == QLatin1String("rehash")) {
        // Edit entry 300 and recompute every later hash: only the signed checkpoint at 1000 catches it.
        storage::AuditStore store(m_ws->connection());
        QString previous = store.bySeq(299).value()->hash;
        QStringList rewrite;
        for (int s = 300; s <= 1200; ++s) {
            audit::AuditEntry e = *store.bySeq(s).value();
            if (s == 300)
                e.subject = QStringLiteral("someone-else");
            e.prevHash = previous;
            e.hash = chainHash(e);
            rewrite << QStringLiteral("UPDATE audit_log SET subject = %1, prev_hash = '%2', hash = '%3' WHERE seq = %4")
                           .arg(e.subject.isNull() ? QStringLiteral("NULL") : QStringLiteral("'%1'").arg(e.subject), e.prevHash, e.hash)
                           .arg(s);
            previous = e.hash;
        }
        QVERIFY(m_ws->tamper(rewrite));
        seq = 1000;
        reason = QStringLiteral("edited");
    }
    auto result = log().verify(kSupervisor);
    QVERIFY(result.ok());
    QVERIFY(!result->ok);
    QCOMPARE(result->reason, reason);
    QCOMPARE(result->brokenAt, qint64(seq));
    QVERIFY2(result->message.contains(QString::number(seq)), qPrintable(result->message));
}

void TestAuditLog::truncationNeedsTheAnchor()
{
    fill(300);
    const QString exportPath = m_ws->path(QStringLiteral("anchor.jsonl"));
    auto exported = log().exportTo(kSupervisor, exportPath, audit::ExportFormat::Jsonl, {});
    QVERIFY(exported.ok());
    const qint64 head = exported->headSeq;
    QCOMPARE(head, 301);
    // Newest entries deleted, the export's checkpoint kept: verify alone sees it.
    QVERIFY(m_ws->tamper({QStringLiteral("DELETE FROM audit_log WHERE seq > 290")}));
    auto withCheckpoint = log().verify(kSupervisor);
    QVERIFY(withCheckpoint.ok() && !withCheckpoint->ok);
    QCOMPARE(withCheckpoint->reason, QStringLiteral("truncated"));
    QCOMPARE(withCheckpoint->brokenAt, 291);
    // The verify entry just appended became 291; take it and the checkpoints away as well.
    QVERIFY(m_ws->tamper({QStringLiteral("DELETE FROM audit_log WHERE seq > 290"), QStringLiteral("DELETE FROM audit_checkpoints")}));
    auto blind = log().verify(kSupervisor);
    QVERIFY(blind.ok() && blind->ok); // nothing left inside the database to tell
    QVERIFY(m_ws->tamper({QStringLiteral("DELETE FROM audit_log WHERE seq > 290")}));
    auto anchor = audit::Anchor::fromExport(exportPath);
    QVERIFY(anchor.ok());
    QCOMPARE(anchor->seq, head);
    auto anchored = log().verify(kSupervisor, anchor.value());
    QVERIFY(anchored.ok() && !anchored->ok);
    QCOMPARE(anchored->reason, QStringLiteral("truncated"));
    QCOMPARE(anchored->brokenAt, 291);
    QVERIFY(anchored->message.contains(QString::number(head)));
}

// The trail says where checkpoints must be (every 1,000 entries, and every export's own entry,
// which names it): a checkpoint deleted from there is tampering, not "0 checkpoints".
void TestAuditLog::missingCheckpointsAreTampering()
{
    fill(1200);
    auto exported = log().exportTo(kSupervisor, m_ws->path(QStringLiteral("a.jsonl")), audit::ExportFormat::Jsonl, {});
    QVERIFY(exported.ok());
    const qint64 head = exported->headSeq;
    QCOMPARE(head, 1201);
    auto page = log().page(kSupervisor, {}, head - 1, 1);
    QVERIFY(page.ok() && page->size() == 1);
    QCOMPARE(page->first().action, QStringLiteral("audit.export"));
    QCOMPARE(page->first().details.value(QStringLiteral("checkpoint")).toInteger(), head);
    auto intact = log().verify(kSupervisor);
    QVERIFY(intact.ok() && intact->ok);
    QCOMPARE(intact->checkpoints, 2);
    QVERIFY2(intact->message.contains(QStringLiteral("none missing")), qPrintable(intact->message));

    // The checkpoint table refuses deletion like the trail does (a tamperer drops that guard).
    {
        QSqlQuery q(m_ws->connection());
        QVERIFY(!q.exec(QStringLiteral("DELETE FROM audit_checkpoints WHERE seq = %1").arg(head)));
    }
    QVERIFY(m_ws->tamper({QStringLiteral("DELETE FROM audit_checkpoints WHERE seq = %1").arg(head)}));
    auto exportGone = log().verify(kSupervisor);
    QVERIFY(exportGone.ok() && !exportGone->ok);
    QCOMPARE(exportGone->reason, QStringLiteral("checkpoint_missing"));
    QCOMPARE(exportGone->brokenAt, head);

    QVERIFY(m_ws->tamper({QStringLiteral("DELETE FROM audit_checkpoints")}));
    auto allGone = log().verify(kSupervisor);
    QVERIFY(allGone.ok() && !allGone->ok);
    QCOMPARE(allGone->reason, QStringLiteral("checkpoint_missing"));
    QCOMPARE(allGone->brokenAt, 1000);
}

void TestAuditLog::exportVerifiesWithStockTools()
{
    fill(50);
    const QString path = m_ws->path(QStringLiteral("audit.jsonl"));
    auto exported = log().exportTo(kSupervisor, path, audit::ExportFormat::Jsonl, {});
    QVERIFY(exported.ok());
    QCOMPARE(exported->entries, 51);
    const QList<QByteArray> lines = test::readFile(path).trimmed().split('\n');
    QCOMPARE(lines.size(), 52);
    const QJsonObject head = QJsonDocument::fromJson(lines[0]).object();
    QCOMPARE(head.value(QStringLiteral("head")).toObject().value(QStringLiteral("seq")).toInt(), 51);
    QVERIFY(lines[0].startsWith("{\"head\":{\"seq\":51,\"hash\":\""));
    QCOMPARE(head.value(QStringLiteral("checkpoint")).toObject().value(QStringLiteral("hash")).toString(), exported->headHash);
    // Recompute the chain from the export alone.
    QString previous = audit::genesisHash();
    for (int i = 1; i < lines.size(); ++i) {
        auto e = audit::AuditEntry::fromExportLine(lines[i]);
        QVERIFY(e.has_value());
        QCOMPARE(e->prevHash, previous);
        QCOMPARE(audit::chainHash(*e), e->hash);
        QCOMPARE(e->exportLine(), lines[i]);
        previous = e->hash;
    }
    QCOMPARE(previous, exported->headHash);
    QCOMPARE(test::readFile(path + QStringLiteral(".sig")).size(), 64);

    const QString pem = m_ws->path(QStringLiteral("pub.pem"));
    QVERIFY(test::writeFile(pem, log().publicKeyPem()));
    const QString openssl = test::debianTool(QStringLiteral("openssl"));
    QVERIFY2(!openssl.isEmpty(), "openssl is missing: bash tools/rd.sh test installs it");
    QProcess verify;
    verify.start(openssl, {QStringLiteral("pkeyutl"), QStringLiteral("-verify"), QStringLiteral("-pubin"), QStringLiteral("-inkey"), pem,
                           QStringLiteral("-rawin"), QStringLiteral("-in"), path, QStringLiteral("-sigfile"), path + QStringLiteral(".sig")});
    QVERIFY(verify.waitForFinished(30000));
    QCOMPARE(verify.exitCode(), 0);
    QVERIFY(verify.readAllStandardOutput().contains("Signature Verified Successfully"));
    // One changed byte and stock openssl refuses it.
    QByteArray bytes = test::readFile(path);
    bytes[bytes.size() / 2] = bytes[bytes.size() / 2] == 'a' ? 'b' : 'a';
    QVERIFY(test::writeFile(path, bytes));
    verify.start(openssl, verify.arguments());
    QVERIFY(verify.waitForFinished(30000));
    QVERIFY(verify.exitCode() != 0);

    // "A few lines of script": recompute the chain with Python's json module.
    const QString python = test::debianTool(QStringLiteral("python3"));
    QVERIFY2(!python.isEmpty(), "python3 is missing: bash tools/rd.sh test installs it");
    auto again = log().exportTo(kSupervisor, path, audit::ExportFormat::Jsonl, {});
    QVERIFY(again.ok());
    const QString script = QStringLiteral(
        "import json,hashlib,sys\n"
        "lines=open(sys.argv[1],encoding='utf-8').read().splitlines()\n"
        "head=json.loads(lines[0])['head']; prev='0'*64\n"
        "for l in lines[1:]:\n"
        "    e=json.loads(l); h=e.pop('hash'); p=e.pop('prev_hash')\n"
        "    c=json.dumps(e,sort_keys=True,separators=(',',':'),ensure_ascii=False).encode()\n"
        "    assert p==prev and hashlib.sha256(bytes.fromhex(p)+c).hexdigest()==h, e['seq']\n"
        "    prev=h\n"
        "assert prev==head['hash']\n"
        "print('chain ok', head['seq'])\n");
    QProcess py;
    py.start(python, {QStringLiteral("-c"), script, path});
    QVERIFY(py.waitForFinished(30000));
    QCOMPARE(py.exitCode(), 0);
    QVERIFY(py.readAllStandardOutput().startsWith("chain ok"));
}

void TestAuditLog::csvAndFilters()
{
    fill(30);
    auto auditLog = log();
    QVERIFY(auditLog.append(audit::Actor{QStringLiteral("bob"), QStringLiteral("agent")}, QStringLiteral("diagnose"), QStringLiteral("=cmd|' /C calc'!A0")).ok());
    const QString path = m_ws->path(QStringLiteral("audit.csv"));
    audit::AuditFilter filter;
    filter.operatorName = QStringLiteral("bob");
    auto exported = auditLog.exportTo(kSupervisor, path, audit::ExportFormat::Csv, filter);
    QVERIFY(exported.ok());
    QCOMPARE(exported->entries, 1);
    const QByteArray csv = test::readFile(path);
    QVERIFY(csv.startsWith("seq,at,operator,role,action,subject,details,prev_hash,hash\r\n"));
    QVERIFY(csv.contains(",'=cmd|' /C calc'!A0,")); // a formula is defused for spreadsheets
    audit::AuditFilter bySubject;
    bySubject.subject = QStringLiteral("acct-3");
    bySubject.from = QStringLiteral("2026-11-20T09:00:10.000Z");
    auto filtered = auditLog.exportTo(kSupervisor, m_ws->path(QStringLiteral("f.jsonl")), audit::ExportFormat::Jsonl, bySubject);
    QVERIFY(filtered.ok());
    QCOMPARE(filtered->entries, 3); // n = 10, 17, 24 (n = 3 is before --from)
}

void TestAuditLog::deniedCallsAreRecorded()
{
    const auth::Session agent{QStringLiteral("alice"), QStringLiteral("Alice"), auth::Role::Agent};
    auto refused = log().verify(agent);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, ErrorKind::Refused);
    importer::Importer importer(*m_ws->database, *m_ws->keys, *m_clock);
    QVERIFY(!importer.importFile(agent, test::dataPath(QStringLiteral("import/world.jsonl"))).ok());
    storage::AuditStore store(m_ws->connection());
    QCOMPARE(store.count().value(), 2);
    auto last = store.last().value();
    QCOMPARE(last->action, QStringLiteral("denied"));
    QCOMPARE(last->operatorName, QStringLiteral("alice"));
    QCOMPARE(last->details.value(QStringLiteral("attempted")).toString(), QStringLiteral("import"));
}

void TestAuditLog::noSecretsInTheTrail()
{
    importer::Importer importer(*m_ws->database, *m_ws->keys, *m_clock);
    QVERIFY(importer.importFile(test::sessionAs(auth::Role::Admin), test::dataPath(QStringLiteral("import/world.jsonl"))).ok());
    QByteArray bad = test::readFile(test::dataPath(QStringLiteral("import/world.jsonl")));
    bad.replace("\"code\":\"73920416\"", "\"code\":73920416");
    const QString badPath = m_ws->path(QStringLiteral("bad.jsonl"));
    QVERIFY(test::writeFile(badPath, bad));
    auto rejected = importer.importFile(test::sessionAs(auth::Role::Admin), badPath);
    QVERIFY(!rejected.ok());
    QVERIFY(!rejected.error().message.contains(QStringLiteral("73920416")));
    QFile::remove(badPath);
    const QString path = m_ws->path(QStringLiteral("audit.jsonl"));
    QVERIFY(log().exportTo(kSupervisor, path, audit::ExportFormat::Jsonl, {}).ok());
    const QByteArray trail = test::readFile(path);
    QVERIFY(trail.contains("\"import\""));
    QVERIFY(trail.contains("\"import.rejected\""));
    for (const char *secret : {"73920416", "7HQ2MKX9TB", "lena.fischer@example.net", "ravi.k@example.net", "2345 6789"})
        QVERIFY2(!trail.contains(secret), secret);
}

// The audit view reads a page in the newer half from the newest end (no skipping a million rows
// to show the last ones); every page must be the same rows, in the same order, either way.
// The audit view reads a page in the newer half from the end of what it counted (no skipping a
// million rows to show the last ones); every page must be the same rows, in the same order, as
// read from the start, even when entries were appended after the count.
void TestAuditLog::pagesReadFromEitherEndAgree()
{
    fill(257);
    const auth::Session sue{QStringLiteral("sue"), QStringLiteral("Sue"), auth::Role::Supervisor};
    for (const audit::AuditFilter &filter : {audit::AuditFilter{}, audit::AuditFilter{{}, {}, {}, {}, QStringLiteral("acct-3")}}) {
        qint64 lastId = -1;
        auto count = log().count(sue, filter, &lastId);
        QVERIFY(count.ok() && count.value() > 31 && lastId > 0);
        const qint64 total = count.value();
        auto whole = log().page(sue, filter, 0, 10000);
        QVERIFY(whole.ok());
        QCOMPARE(qint64(whole->size()), total);
        fill(40); // the trail grows after the count, as a live desk's does
        for (qint64 offset : {qint64(0), total / 2, total / 2 + 1, total - 31, total - 1, total, total + 5}) {
            auto fromEnd = log().page(sue, filter, offset, 30, total, lastId);
            QVERIFY(fromEnd.ok());
            QCOMPARE(qint64(fromEnd->size()), std::clamp<qint64>(total - offset, 0, 30));
            for (int i = 0; i < fromEnd->size(); ++i)
                QCOMPARE(fromEnd->at(i).seq, whole->at(int(offset) + i).seq);
        }
    }
}

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
