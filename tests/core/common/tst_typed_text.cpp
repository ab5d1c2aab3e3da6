// Operator-typed text (summaries, notes, evidence notes, resolutions, justifications, reasons):
// no control characters, and nothing shaped like a backup code of any SPEC §5 format, in any
// spelling, while the ids and numbers a case talks about pass.
#include "common/TypedText.h"

#include <QTest>

using namespace rd;

class TestTypedText : public QObject {
    Q_OBJECT
private slots:
    void codeShapes_data();
    void codeShapes();
    void refusalNamesTheFieldNotTheValue();
};

void TestTypedText::codeShapes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("shaped");
    // Every format and the ways users and agents write them.
    QTest::newRow("digits8") << QStringLiteral("user read 48213906 twice") << true;
    QTest::newRow("digits8 grouped") << QStringLiteral("code 4821 3906 rejected") << true;
    QTest::newRow("digits8 hyphen") << QStringLiteral("4821-3906") << true;
    QTest::newRow("digits10 grouped") << QStringLiteral("typed 48213 90612.") << true;
    QTest::newRow("digits10") << QStringLiteral("(4821390612)") << true;
    QTest::newRow("full-width digits") << QStringLiteral("４８２１３９０６") << true;
    QTest::newRow("base32x10") << QStringLiteral("ABCDE-FGH2K was the one") << true;
    QTest::newRow("base32x10 lowercase") << QStringLiteral("abcde fgh2k") << true;
    QTest::newRow("base32x16") << QStringLiteral("ABCD-EFGH-JKMN-PQR5") << true;
    QTest::newRow("base32x16 plain") << QStringLiteral("7hq2mkx9tbzz4w8p") << true;
    // What a case legitimately says.
    QTest::newRow("code by position") << QStringLiteral("code 3 of set demo-0005-set-2") << false;
    QTest::newRow("case and request ids") << QStringLiteral("see C-000004, R-000001, G-000002") << false;
    QTest::newRow("attempt id") << QStringLiteral("attempt demo-0005-a00281") << false;
    QTest::newRow("diagnosis id (hex)") << QStringLiteral("dx-a692f0a810c749b0 says FORMAT") << false;
    QTest::newRow("date and time") << QStringLiteral("2026-11-20T08:00:00Z and 2026-11-20 08:00") << false;
    QTest::newRow("IP address") << QStringLiteral("from 198.51.100.241") << false;
    QTest::newRow("ten-letter word") << QStringLiteral("STATEMENTS and statements") << false;
    QTest::newRow("seven digits") << QStringLiteral("ticket 4821390") << false;
    QTest::newRow("nine digits") << QStringLiteral("ticket 482139061") << false;
    QTest::newRow("longer word with digits") << QStringLiteral("model XPS139340ABC") << false;
    QTest::newRow("spaced phone number") << QStringLiteral("Called back on +49 151 2345 6789 as agreed") << false;
    // Spellings a review found passing: next to other numbers, other separators, look-alikes.
    QTest::newRow("two codes") << QStringLiteral("tried 48213906 55120934") << true;
    QTest::newRow("code then a count") << QStringLiteral("typed 4821 3906 3 times") << true;
    QTest::newRow("position then code") << QStringLiteral("code 3 4821 3906") << true;
    QTest::newRow("base32 then a count") << QStringLiteral("ABCDE-FGH2K 2 times") << true;
    QTest::newRow("dot") << QStringLiteral("4821.3906") << true;
    QTest::newRow("underscore") << QStringLiteral("4821_3906") << true;
    QTest::newRow("double space") << QStringLiteral("4821  3906") << true;
    QTest::newRow("tab") << QStringLiteral("4821\t3906") << true;
    QTest::newRow("en dash") << QStringLiteral("4821–3906") << true;
    QTest::newRow("zero-width space inside") << QStringLiteral("4821\u200B3906") << true;
    QTest::newRow("letter O for zero") << QStringLiteral("4821 39O6") << true;
    QTest::newRow("letter l for one") << QStringLiteral("l8213906") << true;
    QTest::newRow("local phone number") << QStringLiteral("reach her on 030 48213906") << true;
    // Ids with a prefix, and words.
    QTest::newRow("platform id") << QStringLiteral("acct_1Nv0FGQ9RKHgCVdK") << false;
    QTest::newRow("device id") << QStringLiteral("dev-7hq2mkx9tb") << false;
    QTest::newRow("serial number") << QStringLiteral("SN-4821-3906") << false;
    QTest::newRow("look-alike words") << QStringLiteral("BOSS BILL") << false;
    QTest::newRow("sentence with a digit") << QStringLiteral("I am 2 good to go") << false;
    QTest::newRow("ticket reference") << QStringLiteral("see Zendesk #48213906") << false;
}

void TestTypedText::codeShapes()
{
    QFETCH(QString, text);
    QFETCH(bool, shaped);
    QCOMPARE(containsCodeShape(text), shaped);
    QCOMPARE(checkTypedText(QStringLiteral("note"), text).ok(), !shaped);
}

void TestTypedText::refusalNamesTheFieldNotTheValue()
{
    const Status refused = checkTypedText(QStringLiteral("summary"), QStringLiteral("Code 4821 3906 does not work"));
    QVERIFY(!refused);
    QCOMPARE(refused.error().field, QStringLiteral("summary"));
    QCOMPARE(refused.error().code, ErrorCode::InvalidValue);
    QVERIFY(refused.error().message.contains(QStringLiteral("shaped like a backup code")));
    QVERIFY(!refused.error().message.contains(QStringLiteral("4821")));
}

QTEST_GUILESS_MAIN(TestTypedText)
#include "tst_typed_text.moc"
