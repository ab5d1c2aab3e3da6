// storage::BulkStatement: on SQLite it binds and reads through the library itself, on PostgreSQL
// through QSqlQuery. Every kind of value an import writes must come back as it went in, and a
// write must report whether it changed a row (the import's counts and idempotence rest on it).
#include "TestSupport.h"

#include "storage/BulkStatement.h"

#include <QSqlQuery>
#include <QTest>

using namespace rd;

class TestBulkStatement : public QObject {
    Q_OBJECT
private slots:
    void valuesRoundTrip();
    void rowsAffectedSaysWhetherAnUpsertChangedARow();
    void errorsNameWhatWasDone();
};

namespace {

bool createTable(QSqlDatabase db)
{
    QSqlQuery q(db);
    return q.exec(storage::SqlDialect::of(db).expand(QStringLiteral(
        "CREATE TEMP TABLE bulk_t (k TEXT PRIMARY KEY, n {{INT64}}, r {{REAL}}, t TEXT, b {{BLOB}}){{WITHOUT_ROWID}}")));
}

} // namespace

void TestBulkStatement::valuesRoundTrip()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    QSqlDatabase db = ws.connection();
    QVERIFY(createTable(db));
    storage::BulkStatement insert(db), select(db);
    QVERIFY(insert.prepare(QStringLiteral("INSERT INTO bulk_t (k, n, r, t, b) VALUES (?, ?, ?, ?, ?)")).ok());
    QVERIFY(select.prepare(QStringLiteral("SELECT n, r, t, b FROM bulk_t WHERE k = ?")).ok());
    const QString text = QStringLiteral("Zoë 🔑 \u00e5\u00e4\u00f6");
    const QByteArray blob("\x00\x01\xff binary", 10);
    QVERIFY(insert.run({QStringLiteral("full"), qint64(1) << 40, 59.33, text, blob}, "writing a row").ok());
    QCOMPARE(insert.rowsAffected(), 1);
    QVERIFY(insert.run({QStringLiteral("nulls"), QVariant(QMetaType::fromType<qint64>()), QVariant(QMetaType::fromType<double>()),
                        QVariant(QMetaType::fromType<QString>()), QVariant(QMetaType::fromType<QByteArray>())},
                       "writing a row")
                .ok());

    QVERIFY(select.run({QStringLiteral("full")}, "reading a row").ok());
    QVERIFY(select.next());
    QCOMPARE(select.value(0).toLongLong(), qint64(1) << 40);
    QCOMPARE(select.value(1).toDouble(), 59.33);
    QCOMPARE(select.value(2).toString(), text);
    QCOMPARE(select.value(3).toByteArray(), blob);
    QVERIFY(!select.next());
    select.finish();

    // A null QString and QByteArray are NULL too (not '' and an empty blob), as in QtSql.
    QVERIFY(insert.run({QStringLiteral("null text"), QVariant(QMetaType::fromType<qint64>()), QVariant(QMetaType::fromType<double>()),
                        QVariant(QString()), QVariant(QByteArray())},
                       "writing a row")
                .ok());
    QVERIFY(select.run({QStringLiteral("null text")}, "reading a row").ok());
    QVERIFY(select.next());
    QVERIFY(select.value(2).isNull());
    QVERIFY(select.value(3).isNull());
    select.finish();

    QVERIFY(select.run({QStringLiteral("nulls")}, "reading a row").ok());
    QVERIFY(select.next());
    for (int column = 0; column < 4; ++column)
        QVERIFY2(select.value(column).isNull(), qPrintable(QString::number(column)));
    select.finish();

    QVERIFY(select.run({QStringLiteral("absent")}, "reading a row").ok());
    QVERIFY(!select.next());
    select.finish();
}

void TestBulkStatement::rowsAffectedSaysWhetherAnUpsertChangedARow()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    QSqlDatabase db = ws.connection();
    QVERIFY(createTable(db));
    storage::BulkStatement upsert(db);
    QVERIFY(upsert.prepare(QStringLiteral("INSERT INTO bulk_t (k, t) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET t = excluded.t "
                                          "WHERE bulk_t.t IS DISTINCT FROM excluded.t"))
                .ok());
    QVERIFY(upsert.run({QStringLiteral("a"), QStringLiteral("one")}, "writing a row").ok());
    QCOMPARE(upsert.rowsAffected(), 1);
    QVERIFY(upsert.run({QStringLiteral("a"), QStringLiteral("one")}, "writing a row").ok());
    QCOMPARE(upsert.rowsAffected(), 0);
    QVERIFY(upsert.run({QStringLiteral("a"), QStringLiteral("two")}, "writing a row").ok());
    QCOMPARE(upsert.rowsAffected(), 1);
}

void TestBulkStatement::errorsNameWhatWasDone()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    QSqlDatabase db = ws.connection();
    QVERIFY(createTable(db));
    storage::BulkStatement insert(db);
    QVERIFY(insert.prepare(QStringLiteral("INSERT INTO bulk_t (k) VALUES (?)")).ok());
    QVERIFY(insert.run({QStringLiteral("same")}, "writing a row").ok());
    const Status again = insert.run({QStringLiteral("same")}, "writing a test row");
    QVERIFY(!again.ok());
    QCOMPARE(again.error().kind, ErrorKind::Storage);
    QVERIFY2(again.error().message.startsWith(QStringLiteral("Database error while writing a test row: ")), qPrintable(again.error().message));
    // Fewer values than parameters is an error, never the previous row's values.
    QVERIFY(!insert.run({}, "writing a row").ok());
    // The statement is usable again after a failure.
    QVERIFY(insert.run({QStringLiteral("other")}, "writing a row").ok());
    QCOMPARE(insert.rowsAffected(), 1);
    QVERIFY(!storage::BulkStatement(db).prepare(QStringLiteral("SELECT nothing FROM nowhere")).ok());
}

QTEST_GUILESS_MAIN(TestBulkStatement)
#include "tst_bulk_statement.moc"
