#include "ledger/CodeFormat.h"

#include <QTest>

using namespace rd::ledger;
using namespace Qt::StringLiterals;

class TestCodeFormat : public QObject {
    Q_OBJECT

private slots:
    void nameRoundTrip_data();
    void nameRoundTrip();
    void unknownNames_data();
    void unknownNames();
    void lengthsAndAlphabets();
    void fitsFormat_data();
    void fitsFormat();
    void displayCode_data();
    void displayCode();
};

void TestCodeFormat::nameRoundTrip_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<CodeFormat>("format");
    QTest::newRow("digits8") << u"digits8"_s << CodeFormat::Digits8;
    QTest::newRow("digits10") << u"digits10"_s << CodeFormat::Digits10;
    QTest::newRow("base32x10") << u"base32x10"_s << CodeFormat::Base32x10;
    QTest::newRow("base32x16") << u"base32x16"_s << CodeFormat::Base32x16;
}

void TestCodeFormat::nameRoundTrip()
{
    QFETCH(QString, name);
    QFETCH(CodeFormat, format);
    QCOMPARE(codeFormatFromString(name), std::optional(format));
    QCOMPARE(codeFormatName(format), name);
    QCOMPARE(codeFormatFromString(name.toUpper()), std::optional(format));
}

void TestCodeFormat::unknownNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("empty") << QString();
    QTest::newRow("digits") << u"digits"_s;
    QTest::newRow("digits9") << u"digits9"_s;
    QTest::newRow("base32") << u"base32"_s;
    QTest::newRow("padded") << u" digits8"_s;
    QTest::newRow("prefix") << u"digits8x"_s;
}

void TestCodeFormat::unknownNames()
{
    QFETCH(QString, name);
    QVERIFY(!codeFormatFromString(name).has_value());
}

void TestCodeFormat::lengthsAndAlphabets()
{
    QCOMPARE(codeLength(CodeFormat::Digits8), 8);
    QCOMPARE(codeLength(CodeFormat::Digits10), 10);
    QCOMPARE(codeLength(CodeFormat::Base32x10), 10);
    QCOMPARE(codeLength(CodeFormat::Base32x16), 16);
    QCOMPARE(alphabetOf(CodeFormat::Digits8), Alphabet::Digits);
    QCOMPARE(alphabetOf(CodeFormat::Digits10), Alphabet::Digits);
    QCOMPARE(alphabetOf(CodeFormat::Base32x10), Alphabet::Crockford);
    QCOMPARE(alphabetOf(CodeFormat::Base32x16), Alphabet::Crockford);
    QCOMPARE(alphabetChars(Alphabet::Digits).toString(), u"0123456789"_s);
    QCOMPARE(alphabetChars(Alphabet::Crockford).toString(), u"0123456789ABCDEFGHJKMNPQRSTVWXYZ"_s);
    QCOMPARE(alphabetChars(Alphabet::Crockford).size(), 32);
}

void TestCodeFormat::fitsFormat_data()
{
    QTest::addColumn<CodeFormat>("format");
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("fits");

    QTest::newRow("d8 ok") << CodeFormat::Digits8 << u"48213906"_s << true;
    QTest::newRow("d8 leading zeros") << CodeFormat::Digits8 << u"00000000"_s << true;
    QTest::newRow("d8 short") << CodeFormat::Digits8 << u"4821390"_s << false;
    QTest::newRow("d8 long") << CodeFormat::Digits8 << u"482139061"_s << false;
    QTest::newRow("d8 letter") << CodeFormat::Digits8 << u"4821390A"_s << false;
    QTest::newRow("d8 separator") << CodeFormat::Digits8 << u"4821 3906"_s << false;
    QTest::newRow("d8 full-width") << CodeFormat::Digits8 << u"４８２１３９０６"_s << false;
    QTest::newRow("d8 empty") << CodeFormat::Digits8 << QString() << false;
    QTest::newRow("d10 ok") << CodeFormat::Digits10 << u"4821390617"_s << true;
    QTest::newRow("d10 given 8") << CodeFormat::Digits10 << u"48213906"_s << false;
    QTest::newRow("b10 ok") << CodeFormat::Base32x10 << u"ABCDEFGHJK"_s << true;
    QTest::newRow("b10 digits only") << CodeFormat::Base32x10 << u"0123456789"_s << true;
    QTest::newRow("b10 lowercase") << CodeFormat::Base32x10 << u"abcdefghjk"_s << false;
    QTest::newRow("b10 I") << CodeFormat::Base32x10 << u"ABCDEFGHIK"_s << false;
    QTest::newRow("b10 L") << CodeFormat::Base32x10 << u"ABCDEFGHLK"_s << false;
    QTest::newRow("b10 O") << CodeFormat::Base32x10 << u"ABCDEFGHOK"_s << false;
    QTest::newRow("b10 U") << CodeFormat::Base32x10 << u"ABCDEFGHUK"_s << false;
    QTest::newRow("b10 short") << CodeFormat::Base32x10 << u"ABCDEFGHJ"_s << false;
    QTest::newRow("b16 ok") << CodeFormat::Base32x16 << u"ABCDEFGHJKMNPQRS"_s << true;
    QTest::newRow("b16 top of alphabet") << CodeFormat::Base32x16 << u"TVWXYZ0123456789"_s << true;
    QTest::newRow("b16 given 10") << CodeFormat::Base32x16 << u"ABCDEFGHJK"_s << false;
    QTest::newRow("b16 hyphenated") << CodeFormat::Base32x16 << u"ABCD-EFGH-JKMN-PQRS"_s << false;
}

void TestCodeFormat::fitsFormat()
{
    QFETCH(CodeFormat, format);
    QFETCH(QString, code);
    QFETCH(bool, fits);
    QCOMPARE(rd::ledger::fitsFormat(format, code), fits);
}

void TestCodeFormat::displayCode_data()
{
    QTest::addColumn<CodeFormat>("format");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("shown");

    QTest::newRow("digits8") << CodeFormat::Digits8 << u"12345678"_s << u"1234 5678"_s;
    QTest::newRow("digits10") << CodeFormat::Digits10 << u"1234567890"_s << u"12345 67890"_s;
    QTest::newRow("base32x10") << CodeFormat::Base32x10 << u"ABCDEFGHJK"_s << u"ABCDE-FGHJK"_s;
    QTest::newRow("base32x16") << CodeFormat::Base32x16 << u"ABCDEFGHJKMNPQRS"_s << u"ABCD-EFGH-JKMN-PQRS"_s;
    QTest::newRow("misfit unchanged") << CodeFormat::Digits8 << u"1234567"_s << u"1234567"_s;
    QTest::newRow("wrong alphabet unchanged") << CodeFormat::Base32x10 << u"ABCDEFGHUK"_s << u"ABCDEFGHUK"_s;
}

void TestCodeFormat::displayCode()
{
    QFETCH(CodeFormat, format);
    QFETCH(QString, code);
    QFETCH(QString, shown);
    QCOMPARE(rd::ledger::displayCode(format, code), shown);
}

QTEST_APPLESS_MAIN(TestCodeFormat)
#include "tst_codeformat.moc"
