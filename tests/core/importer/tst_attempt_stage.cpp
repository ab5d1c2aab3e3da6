// Login attempts as an import stages them (storage/AttemptStage on PostgreSQL: COPY into a
// temporary table, one statement at the end of the first reading): the same records, counts and
// errors as the per-record path every other backend takes. Registered on both backends.
#include "TestSupport.h"

#include "importer/Importer.h"
#include "storage/ImportStore.h"

#include <QSqlQuery>

using namespace rd;

class TestAttemptStage : public QObject {
    Q_OBJECT
private slots:
    void attemptFieldsAreStoredExactly();
    void aRepeatedAttemptComesBeforeALaterBadLine();
    void attemptsBetweenOtherRecordsAndWaiting();
    void postgresStagesAttempts();

private:
    Result<importer::ImportStats> import(test::Workspace &ws, const QByteArray &content)
    {
        const QString path = ws.path(QStringLiteral("in-%1.jsonl").arg(++m_files));
        if (!test::writeFile(path, content))
            return Error::storage(QStringLiteral("cannot write fixture"));
        importer::Importer importer(*ws.database, *ws.keys);
        return importer.importFile(test::sessionAs(auth::Role::Admin), path);
    }
    int m_files = 0;
};

// An attempt's text as written (PostgreSQL streams attempts with COPY, whose text format gives a
// backslash a meaning; control characters are refused by the parser) and doubles to the last bit.
void TestAttemptStage::attemptFieldsAreStoredExactly()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    const QByteArray content =
        R"({"type":"account","id":"acc-1","created_at":"2026-01-01T00:00:00Z"})" "\n"
        R"({"type":"login_attempt","id":"att-\\N","account":"acc-1","at":"2026-01-02T00:00:00Z","method":"totp","outcome":"failure",)"
        R"("city":"d\\e\\N \"q\" \u00e9 \\t","reason":"\\","lat":0.1,"lon":-179.99999999999997,"clock_skew_s":-316224000})" "\n"
        R"({"type":"login_attempt","id":"att-2","account":"acc-1","at":"2026-01-02T00:00:00Z","method":"totp","outcome":"success","lat":1e-300,"lon":5e-324,"city":""})" "\n";
    auto stats = import(ws, content);
    QVERIFY2(stats.ok(), qPrintable(stats.ok() ? QString() : stats.error().message));
    QSqlQuery q(ws.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT id, city, reason, lat, lon, clock_skew_s, ip FROM login_attempts ORDER BY reason IS NULL")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("att-\\N"));
    QCOMPARE(q.value(1).toString(), QStringLiteral("d\\e\\N \"q\" \u00e9 \\t"));
    QCOMPARE(q.value(2).toString(), QStringLiteral("\\"));
    QCOMPARE(q.value(3).toDouble(), 0.1);
    QCOMPARE(q.value(4).toDouble(), -179.99999999999997);
    QCOMPARE(q.value(5).toLongLong(), Q_INT64_C(-316224000));
    QVERIFY(q.value(6).isNull());
    QVERIFY(q.next());
    QCOMPARE(q.value(1).toString(), QStringLiteral(""));
    QVERIFY(!q.value(1).isNull());
    QCOMPARE(q.value(3).toDouble(), 1e-300);
    QCOMPARE(q.value(4).toDouble(), 5e-324);
    // Read back the way they were written: importing the file again changes nothing.
    auto again = import(ws, content);
    QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error().message));
    QCOMPARE(again->totalChanged(), 0);
}

// A line that repeats an attempt with other content is the file's first error even when a later
// line is malformed (PostgreSQL finds repeats among its staged attempts only when asked).
void TestAttemptStage::aRepeatedAttemptComesBeforeALaterBadLine()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    const QByteArray account = R"({"type":"account","id":"acc-1","created_at":"2026-01-01T00:00:00Z"})" "\n";
    auto attempt = [](const char *id, const char *outcome) {
        return QByteArray(R"({"type":"login_attempt","id":")") + id
            + R"(","account":"acc-1","at":"2026-01-02T00:00:00Z","method":"totp","outcome":")" + outcome + "\"}\n";
    };
    const QByteArray repeated = account + attempt("att-1", "failure") + attempt("att-2", "failure") + attempt("att-1", "success");
    auto bad = import(ws, repeated + attempt("att-3", "failure") + "{not json\n");
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().message, QStringLiteral("line 4: the login attempt \"att-1\" appears already on line 2 with different content"));
    // A code set repeated with other content: the per-record index answers at once, and the
    // staged attempts are asked before that answer is reported.
    auto repeatedSet = import(ws, repeated + R"({"type":"code_set","id":"s-1","account":"acc-1","generated_at":"2026-01-01T00:00:00Z","format":"digits8","codes":[]})" "\n"
                                       + R"({"type":"code_set","id":"s-1","account":"acc-1","generated_at":"2026-01-02T00:00:00Z","format":"digits8","codes":[]})" "\n");
    QVERIFY(!repeatedSet.ok());
    QCOMPARE(repeatedSet.error().message, QStringLiteral("line 4: the login attempt \"att-1\" appears already on line 2 with different content"));
    // Before the repeat, the bad line is the error.
    auto early = import(ws, account + attempt("att-1", "failure") + "{not json\n" + attempt("att-1", "success"));
    QVERIFY(!early.ok());
    QVERIFY2(early.error().message.startsWith(QStringLiteral("line 3: ")), qPrintable(early.error().message));
    QCOMPARE(ws.count(QStringLiteral("login_attempts")), 0);
}

// Attempts between records of other types (each interrupts PostgreSQL's stream of attempts), and
// attempts whose account comes later in the file: all written, each line counted once.
void TestAttemptStage::attemptsBetweenOtherRecordsAndWaiting()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    auto attempt = [](int n, const char *account) {
        return QByteArray(R"({"type":"login_attempt","id":"att-)") + QByteArray::number(n) + R"(","account":")" + account
            + R"(","at":"2026-01-02T00:00:00Z","method":"totp","outcome":"failure"})" "\n";
    };
    QByteArray content = R"({"type":"account","id":"acc-1","created_at":"2026-01-01T00:00:00Z"})" "\n";
    for (int n = 1; n <= 30; ++n) {
        content += attempt(n, n % 3 == 0 ? "acc-late" : "acc-1");
        if (n % 7 == 0)
            content += QByteArray(R"({"type":"device","id":"dev-)") + QByteArray::number(n)
                       + R"(","account":"acc-1","first_seen":"2026-01-01T00:00:00Z"})" "\n";
    }
    content += R"({"type":"account","id":"acc-late","created_at":"2026-01-01T00:00:00Z"})" "\n";
    auto stats = import(ws, content);
    QVERIFY2(stats.ok(), qPrintable(stats.ok() ? QString() : stats.error().message));
    QCOMPARE(stats->byType.value(QStringLiteral("login_attempt")).records, 30);
    QCOMPARE(stats->byType.value(QStringLiteral("login_attempt")).changed, 30);
    QCOMPARE(stats->byType.value(QStringLiteral("device")).records, 4);
    QCOMPARE(ws.count(QStringLiteral("login_attempts WHERE account_id = 'acc-late'")), 10);
    QCOMPARE(ws.count(QStringLiteral("login_attempts")), 30);
    auto again = import(ws, content);
    QVERIFY(again.ok());
    QCOMPARE(again->totalChanged(), 0);
    QCOMPARE(again->byType.value(QStringLiteral("login_attempt")).records, 30);
    // A missing account is named at the first line that needs it, as before.
    auto missing = import(ws, attempt(40, "acc-1") + attempt(41, "acc-nowhere") + attempt(42, "acc-nowhere"));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().message,
             QStringLiteral("line 2: field \"account\": account \"acc-nowhere\" is neither in the database nor in this file"));
}

// The attempts of a PostgreSQL import go through the stage (COPY), not one statement each: without
// this, a silent fallback to the slow path would pass every other test.
void TestAttemptStage::postgresStagesAttempts()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    QSqlDatabase db = ws.connection();
    QVERIFY(db.transaction());
    {
        storage::ImportStore store(db);
        store.stageAttempts();
        QVERIFY(store.prepare().ok());
        QCOMPARE(store.attemptStage() != nullptr, test::onPostgres());
        storage::ImportStore unasked(db);
        QVERIFY(unasked.prepare().ok());
        QVERIFY(unasked.attemptStage() == nullptr);
    }
    QVERIFY(db.rollback());
}

QTEST_GUILESS_MAIN(TestAttemptStage)
#include "tst_attempt_stage.moc"
