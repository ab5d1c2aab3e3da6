// The live feed's core (issue 17): what a quarantined line keeps (identifiers, never a secret or
// personal data), batches whose boundaries fall anywhere, and the reader's rotation and stop.
#include "TestSupport.h"

#include "importer/Feed.h"
#include "importer/FeedReader.h"

#include <QSqlQuery>
#include <QTemporaryDir>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace rd;
using namespace Qt::StringLiterals;

namespace {

const auth::Session kAdmin = test::sessionAs(auth::Role::Admin, u"boss"_s);

importer::FeedLine line(qint64 number, const QByteArray &bytes)
{
    importer::FeedLine l;
    l.number = number;
    l.bytes = bytes;
    return l;
}

} // namespace

class TestFeed : public QObject {
    Q_OBJECT
private slots:
    void init();
    void excerptKeepsIdentifiersOnly_data();
    void excerptKeepsIdentifiersOnly();
    void quarantineHoldsNoSecret();
    void aLaterRecordInTheBatchWins();
    void aLaterRecordWinsOverOneThatWaited();
    void anUnknownReferenceWaitsThenIsKeptOut();
    void lineNumbersRepeatAfterARotation();
    void rotationAfterAnOverlongLastLine();
    void aStopKeepsTheLinesReadAlready();

private:
    QList<QVariantList> rows(const QString &sql);

    std::unique_ptr<test::Workspace> m_ws;
};

void TestFeed::init()
{
    m_ws = std::make_unique<test::Workspace>();
    QVERIFY(m_ws->open());
}

QList<QVariantList> TestFeed::rows(const QString &sql)
{
    QList<QVariantList> out;
    QSqlQuery q(m_ws->connection());
    if (!q.exec(sql))
        return out;
    while (q.next()) {
        QVariantList row;
        for (int i = 0; i < 8 && q.value(i).isValid(); ++i)
            row.append(q.value(i));
        out.append(row);
    }
    return out;
}

void TestFeed::excerptKeepsIdentifiersOnly_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QStringList>("shown");
    QTest::addColumn<QStringList>("hidden");
    QTest::newRow("codes and contacts") << QByteArray(R"({"type":"code_set","id":"s1","account":"a1","codes":[{"index":1,"code":"73914628"}],"email":"jane@example.test"})")
                                        << QStringList{u"s1"_s, u"a1"_s, u"code_set"_s} << QStringList{u"73914628"_s, u"jane@"_s};
    QTest::newRow("a code under another name") << QByteArray(R"({"type":"login_attempt","id":"x","note":"my code 4821 3906","reason":"51846203"})")
                                               << QStringList{u"\"id\":\"x\""_s} << QStringList{u"4821"_s, u"51846203"_s};
    QTest::newRow("a code as a key") << QByteArray(R"({"type":"code_used","used":{"73914628":true},"73914629":1})")
                                     << QStringList{u"code_used"_s} << QStringList{u"73914628"_s, u"73914629"_s};
    QTest::newRow("nested contact") << QByteArray(R"({"type":"account","id":"a2","handle":{"email":"jane@example.test"},"status":"+1 415 555 0123"})")
                                    << QStringList{u"a2"_s} << QStringList{u"jane"_s, u"415"_s};
    QTest::newRow("phone with dots, a code as a number") << QByteArray(R"({"type":"device","id":"d","label":"Tel. 415.555.0123","index":73914628})")
                                                          << QStringList{u"\"id\":\"d\""_s} << QStringList{u"415"_s, u"73914628"_s};
    QTest::newRow("personal data") << QByteArray(R"({"type":"login_attempt","id":"att-1","ip":"198.51.100.7","city":"Uppsala","display_name":"Jane Roe"})")
                                   << QStringList{u"att-1"_s} << QStringList{u"198.51"_s, u"Uppsala"_s, u"Jane"_s};
    QTest::newRow("times stay") << QByteArray(R"({"type":"login_attempt","id":"att-2","at":"2026-11-20T09:12:00Z"})")
                                << QStringList{u"2026-11-20T09:12:00Z"_s} << QStringList{};
}

void TestFeed::excerptKeepsIdentifiersOnly()
{
    QFETCH(QByteArray, line);
    QFETCH(QStringList, shown);
    QFETCH(QStringList, hidden);
    QString type;
    const QString excerpt = importer::redactedExcerpt(line, &type);
    for (const QString &s : shown)
        QVERIFY2(excerpt.contains(s), qPrintable(excerpt));
    for (const QString &s : hidden)
        QVERIFY2(!excerpt.contains(s), qPrintable(excerpt));
    QString none;
    QVERIFY(importer::redactedExcerpt("[\"73914628\"]", &none).isEmpty());
    QVERIFY(importer::redactedExcerpt("73914628", &none).isEmpty());
    QVERIFY(importer::redactedExcerpt(R"({"type":"jane@example.test"})", &none).contains(u"(hidden)"_s));
    QVERIFY(none.isEmpty()); // a type the format does not know is not kept as the record's type
}

// Nothing a quarantined line held reaches the database: not in the error, the type or the excerpt.
void TestFeed::quarantineHoldsNoSecret()
{
    importer::Feed feed(*m_ws->database, *m_ws->keys, {u"unit"_s});
    QList<importer::FeedLine> lines{
        line(1, R"({"type":"account","id":"a1","created_at":"2024-01-01T00:00:00Z","handle":{"email":"jane@example.test"}})"),
        line(2, R"({"type":"login_attempt","id":"t1","account":"a1","at":"2026-11-20T09:00:00Z","method":"backup_code","outcome":"+1 415 555 0123"})"),
        line(3, R"({"type":"code_used","set":73914628,"index":1,"at":"2026-11-20T09:00:00Z"})"),
        line(4, R"({"type":"jane@example.test"})"),
        line(5, "51846203"),
        // An id that is an address, found nowhere: the error names it, the quarantine does not.
        line(6, R"({"type":"login_attempt","id":"t2","account":"roe.jane@example.test","at":"2026-11-20T09:00:00Z","method":"password","outcome":"failure"})"),
        // A name too long for its field, and a number-shaped TOTP code in a number field.
        line(7, R"({"type":"device","id":"d1","account":"a1","first_seen":"2024-01-01T00:00:00Z","label":"Jane Marie Roe of 12 Elm Street, whose phone is lost, and so on and on and on and on and on and on and on and on and on and on and on and on"})"),
        line(8, R"({"type":"code_used","set":"s1","index":482139,"at":"2026-11-20T09:00:00Z"})"),
        line(9, R"({"type":"login_attempt","id":"t3","account":"a1","at":"2026-11-20T09:00:00Z","method":"password","outcome":"failure","clock_skew_s":4821.3906})"),
    };
    auto batch = feed.commit(kAdmin, lines);
    QVERIFY2(batch.ok(), batch ? "" : qPrintable(batch.error().message));
    QCOMPARE(batch->quarantined, 9); // a1 is kept out (line 1), so are the lines that need it
    for (const importer::FeedLine &l : lines)
        QVERIFY(l.bytes.isEmpty() || l.bytes.count('\0') == l.bytes.size()); // wiped
    QVERIFY(m_ws->checkpoint());
    const QStringList found = m_ws->plaintextFound({u"jane@example.test"_s, u"415 555 0123"_s, u"73914628"_s, u"51846203"_s,
                                                    u"roe.jane@example.test"_s, u"Elm Street"_s, u"482139"_s, u"4821.3906"_s});
    QVERIFY2(found.isEmpty(), qPrintable(found.join(u", ")));
}

// A batch is not a file: the same record twice with other content is an update, as it would be
// in two batches, not a line to keep out.
void TestFeed::aLaterRecordInTheBatchWins()
{
    importer::Feed feed(*m_ws->database, *m_ws->keys, {u"unit"_s});
    QList<importer::FeedLine> lines{
        line(1, R"({"type":"account","id":"a1","created_at":"2024-01-01T00:00:00Z","status":"active"})"),
        line(2, R"({"type":"login_attempt","id":"t1","account":"a1","at":"2026-11-20T09:00:00Z","method":"password","outcome":"failure"})"),
        line(3, R"({"type":"account","id":"a1","created_at":"2024-01-01T00:00:00Z","status":"locked"})"),
        line(4, R"({"type":"login_attempt","id":"t1","account":"a1","at":"2026-11-20T09:00:00Z","method":"password","outcome":"success"})"),
    };
    auto batch = feed.commit(kAdmin, lines);
    QVERIFY2(batch.ok(), batch ? "" : qPrintable(batch.error().message));
    QCOMPARE(batch->quarantined, 0);
    QCOMPARE(rows(u"SELECT status FROM accounts WHERE id = 'a1'"_s).value(0).value(0).toString(), u"locked"_s);
    QCOMPARE(rows(u"SELECT outcome FROM login_attempts WHERE id = 't1'"_s).value(0).value(0).toString(), u"success"_s);
}

// The earlier line waited for its account, so it is applied after the later one: the later
// content must still be what stays.
void TestFeed::aLaterRecordWinsOverOneThatWaited()
{
    importer::Feed feed(*m_ws->database, *m_ws->keys, {u"unit"_s});
    QList<importer::FeedLine> lines{
        line(1, R"({"type":"login_attempt","id":"t5","account":"a5","at":"2026-11-20T09:00:00Z","method":"password","outcome":"failure"})"),
        line(2, R"({"type":"account","id":"a5","created_at":"2024-01-01T00:00:00Z"})"),
        line(3, R"({"type":"login_attempt","id":"t5","account":"a5","at":"2026-11-20T09:00:00Z","method":"password","outcome":"success"})"),
    };
    auto batch = feed.commit(kAdmin, lines);
    QVERIFY2(batch.ok(), batch ? "" : qPrintable(batch.error().message));
    QCOMPARE(batch->quarantined, 0);
    QCOMPARE(rows(u"SELECT outcome FROM login_attempts WHERE id = 't5'"_s).value(0).value(0).toString(), u"success"_s);
}

// An attempt before its account waits for a later batch (not the last), and is kept out by the last.
void TestFeed::anUnknownReferenceWaitsThenIsKeptOut()
{
    importer::FeedOptions options{u"unit"_s};
    options.holdMs = 60000;
    importer::Feed feed(*m_ws->database, *m_ws->keys, options);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"feed.jsonl"_s);
    QVERIFY(test::writeFile(path, R"({"type":"login_attempt","id":"t9","account":"later","at":"2026-11-20T09:00:00Z","method":"password","outcome":"failure"})"
                                  "\n"
                                  R"({"type":"account","id":"other","created_at":"2024-01-01T00:00:00Z"})"
                                  "\n"));
    auto reader = importer::FeedReader::open(path);
    QVERIFY(reader.ok());
    std::atomic<bool> stop{false};
    int committed = 0;
    importer::FeedCallbacks callbacks;
    callbacks.committed = [&](const importer::FeedStatus &s) {
        ++committed;
        QCOMPARE(s.waiting, 1);
        stop = true;
    };
    QVERIFY(feed.follow(kAdmin, *reader.value(), stop, callbacks).ok());
    QCOMPARE(committed, 1);
    // A file's position stays before the waiting line: the next start reads it again.
    QCOMPARE(rows(u"SELECT byte_offset, line FROM feed_positions WHERE feed = 'unit'"_s).value(0).value(1).toInt(), 0);
    QCOMPARE(rows(u"SELECT COUNT(*) FROM import_quarantine"_s).value(0).value(0).toInt(), 0);
    QList<importer::FeedLine> last{line(1, R"({"type":"login_attempt","id":"t9","account":"later","at":"2026-11-20T09:00:00Z","method":"password","outcome":"failure"})")};
    auto batch = feed.commit(kAdmin, last);
    QVERIFY(batch.ok());
    QCOMPARE(batch->quarantined, 1);
    QVERIFY(rows(u"SELECT error FROM import_quarantine"_s).value(0).value(0).toString().contains(u"in the feed so far"_s));
}

// One batch may hold line 5 of a rotated file and line 5 of the new one: the attempt that waits is
// the one kept out, and the other is written once (PostgreSQL stages attempts by their place in
// the batch, not their line).
void TestFeed::lineNumbersRepeatAfterARotation()
{
    importer::Feed feed(*m_ws->database, *m_ws->keys, {u"unit"_s});
    QList<importer::FeedLine> account{line(1, R"({"type":"account","id":"a1","created_at":"2024-01-01T00:00:00Z"})")};
    QVERIFY(feed.commit(kAdmin, account).ok());
    QList<importer::FeedLine> lines{
        line(5, R"({"type":"login_attempt","id":"t-old","account":"nowhere","at":"2026-11-20T09:00:00Z","method":"password","outcome":"failure"})"),
        line(5, R"({"type":"login_attempt","id":"t-new","account":"a1","at":"2026-11-20T09:00:00Z","method":"password","outcome":"failure"})"),
    };
    auto batch = feed.commit(kAdmin, lines);
    QVERIFY2(batch.ok(), batch ? "" : qPrintable(batch.error().message));
    QCOMPARE(batch->quarantined, 1);
    QCOMPARE(batch->records, 1);
    QCOMPARE(rows(u"SELECT id FROM login_attempts"_s), QList<QVariantList>{{u"t-new"_s}});
    QVERIFY(rows(u"SELECT error FROM import_quarantine"_s).value(0).value(0).toString().contains(u"nowhere"_s));
}

// A rotated file whose last line is over 1 MiB and has no end: it is kept out as too long and the
// new file is read (the reader must not wait for an end that never comes).
void TestFeed::rotationAfterAnOverlongLastLine()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"feed.jsonl"_s);
    QVERIFY(test::writeFile(path, "{\"first\":1}\n" + QByteArray(1 << 21, 'x')));
    auto reader = importer::FeedReader::open(path);
    QVERIFY(reader.ok());
    importer::FeedLine l;
    QVERIFY(reader.value()->next(&l, 500).value());
    QCOMPARE(l.bytes, QByteArray("{\"first\":1}"));
    QVERIFY(!reader.value()->next(&l, 300).value());
    QVERIFY(QFile::rename(path, path + u".1"_s));
    QVERIFY(test::writeFile(path, "{\"second\":2}\n"));
    QList<importer::FeedLine> got;
    for (int i = 0; i < 40 && got.size() < 2; ++i) {
        if (reader.value()->next(&l, 100).value())
            got.append(l);
    }
    QCOMPARE(got.size(), 2);
    QVERIFY(got[0].tooLong);
    QCOMPARE(got[1].bytes, QByteArray("{\"second\":2}"));
    QCOMPARE(got[1].number, 1);
}

// A stop hands out every line read already from a pipe, and reads a started line to its end.
void TestFeed::aStopKeepsTheLinesReadAlready()
{
    QTemporaryDir dir;
    const QString fifo = dir.filePath(u"feed.fifo"_s);
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    auto reader = importer::FeedReader::open(fifo);
    QVERIFY(reader.ok());
    const int fd = ::open(QFile::encodeName(fifo).constData(), O_WRONLY | O_CLOEXEC);
    QVERIFY(fd >= 0);
    QByteArray many;
    for (int i = 0; i < 3000; ++i)
        many += "{\"n\":" + QByteArray::number(i) + "}\n";
    many += "{\"n\":\"half";
    QCOMPARE(::write(fd, many.constData(), std::size_t(many.size())), ssize_t(many.size()));
    importer::FeedLine l;
    QVERIFY(reader.value()->next(&l, 500).value()); // one line out: the rest of the first read is buffered
    QCOMPARE(l.bytes, QByteArray("{\"n\":0}"));
    std::thread rest([fd] {
        QThread::msleep(200);
        (void)!::write(fd, "\"}\n{\"n\":\"after\"}\n", 17);
    });
    const QList<importer::FeedLine> drained = reader.value()->drain(2000);
    rest.join();
    ::close(fd);
    QCOMPARE(drained.size(), 3000); // lines 2 to 3000 and the one completed, none after it
    QCOMPARE(drained.last().bytes, QByteArray("{\"n\":\"half\"}"));
}

QTEST_GUILESS_MAIN(TestFeed)
#include "tst_feed.moc"
