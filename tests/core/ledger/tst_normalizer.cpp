#include "ledger/CodeNormalizer.h"

#include <QStringList>
#include <QTest>

using namespace rd::ledger;
using namespace Qt::StringLiterals;

namespace {

// "pos:from>to" per mapping, space separated: readable in the table and in failure output.
QString describe(const QList<ConfusableMapping> &mapped)
{
    QStringList parts;
    for (const ConfusableMapping &m : mapped)
        parts << u"%1:%2>%3"_s.arg(m.position).arg(m.from).arg(m.to);
    return parts.join(u' ');
}

} // namespace

class TestNormalizer : public QObject {
    Q_OBJECT

private slots:
    void normalize_data();
    void normalize();
    void byFormat_data();
    void byFormat();
};

void TestNormalizer::normalize_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<Alphabet>("alphabet");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("mapped");

    const Alphabet D = Alphabet::Digits;
    const Alphabet C = Alphabet::Crockford;

    // Separators: removed, never reported as mappings.
    QTest::newRow("plain") << u"48213906"_s << D << u"48213906"_s << QString();
    QTest::newRow("space") << u"4821 3906"_s << D << u"48213906"_s << QString();
    QTest::newRow("hyphen") << u"4821-3906"_s << D << u"48213906"_s << QString();
    QTest::newRow("underscore") << u"4821_3906"_s << D << u"48213906"_s << QString();
    QTest::newRow("dot") << u"4821.3906"_s << D << u"48213906"_s << QString();
    QTest::newRow("tab") << u"4821\t3906"_s << D << u"48213906"_s << QString();
    QTest::newRow("surrounding whitespace") << u" \t48213906\r\n"_s << D << u"48213906"_s << QString();
    QTest::newRow("nbsp") << u"4821\u00A03906"_s << D << u"48213906"_s << QString();
    QTest::newRow("narrow nbsp") << u"4821\u202F3906"_s << D << u"48213906"_s << QString();
    QTest::newRow("ideographic space") << u"4821\u30003906"_s << D << u"48213906"_s << QString();
    QTest::newRow("en dash") << u"4821\u20133906"_s << D << u"48213906"_s << QString();
    QTest::newRow("em dash") << u"4821\u20143906"_s << D << u"48213906"_s << QString();
    QTest::newRow("unicode hyphen") << u"4821\u20103906"_s << D << u"48213906"_s << QString();
    QTest::newRow("minus sign") << u"4821\u22123906"_s << D << u"48213906"_s << QString();
    QTest::newRow("soft hyphen") << u"4821\u00AD3906"_s << D << u"48213906"_s << QString();
    QTest::newRow("zero-width space") << u"4821\u200B3906"_s << D << u"48213906"_s << QString();
    QTest::newRow("mixed separators") << u" 48 21-39_06. "_s << D << u"48213906"_s << QString();
    QTest::newRow("only separators") << u" -_. \u2013"_s << D << QString() << QString();
    QTest::newRow("empty") << QString() << D << QString() << QString();

    // NFKC: full-width forms become ASCII without counting as confusables.
    QTest::newRow("full-width digits") << u"１２３４５６７８"_s << D << u"12345678"_s << QString();
    QTest::newRow("full-width hyphen and dot")
        << u"１２３４－５６７８．"_s << D << u"12345678"_s << QString();
    QTest::newRow("full-width underscore") << u"１２３４＿５６７８"_s << D << u"12345678"_s << QString();
    QTest::newRow("superscript digit") << u"1234567\u00B9"_s << D << u"12345671"_s << QString();

    // Every digit confusable, at a known position.
    QTest::newRow("digits O") << u"O8213906"_s << D << u"08213906"_s << u"1:O>0"_s;
    QTest::newRow("digits o") << u"4o213906"_s << D << u"40213906"_s << u"2:o>0"_s;
    QTest::newRow("digits I") << u"48I13906"_s << D << u"48113906"_s << u"3:I>1"_s;
    QTest::newRow("digits i") << u"482i3906"_s << D << u"48213906"_s << u"4:i>1"_s;
    QTest::newRow("digits l") << u"4821l906"_s << D << u"48211906"_s << u"5:l>1"_s;
    QTest::newRow("digits L") << u"48213L06"_s << D << u"48213106"_s << u"6:L>1"_s;
    QTest::newRow("digits S") << u"482139S6"_s << D << u"48213956"_s << u"7:S>5"_s;
    QTest::newRow("digits s") << u"4821390s"_s << D << u"48213905"_s << u"8:s>5"_s;
    QTest::newRow("digits B") << u"B8213906"_s << D << u"88213906"_s << u"1:B>8"_s;
    QTest::newRow("digits full-width S") << u"4821390Ｓ"_s << D << u"48213905"_s << u"8:S>5"_s;
    // Positions count in the normalized code, after separators are gone.
    QTest::newRow("digits positions after separators")
        << u"4S21 39o6"_s << D << u"45213906"_s << u"2:S>5 7:o>0"_s;
    QTest::newRow("digits all confusables")
        << u"Oo-Ii-lL-Ss-Bb"_s << D << u"0011115588"_s
        << u"1:O>0 2:o>0 3:I>1 4:i>1 5:l>1 6:L>1 7:S>5 8:s>5 9:B>8 10:b>8"_s;
    // Not confusables: kept (uppercased) so the code fails the format instead of silently matching.
    QTest::newRow("digits G not a 6") << u"4821390G"_s << D << u"4821390G"_s << QString();
    // b is mapped too: the table applies after uppercasing, which keeps normalization idempotent.
    QTest::newRow("digits b") << u"4821390b"_s << D << u"48213908"_s << u"8:b>8"_s;
    QTest::newRow("digits other letter") << u"4821390x"_s << D << u"4821390X"_s << QString();
    QTest::newRow("digits Z") << u"4821390Z"_s << D << u"4821390Z"_s << QString();

    // Crockford: case folding alone is not a mapping.
    QTest::newRow("crockford lowercase")
        << u"abcd-efgh-jkmn-pqrs"_s << C << u"ABCDEFGHJKMNPQRS"_s << QString();
    QTest::newRow("crockford mixed case")
        << u"7k3m q2Pz 9xwT r4va"_s << C << u"7K3MQ2PZ9XWTR4VA"_s << QString();
    QTest::newRow("crockford full-width") << u"ＡＢＣＤＥ－ＦＧＨＪＫ"_s << C << u"ABCDEFGHJK"_s << QString();
    QTest::newRow("crockford en dash") << u"ABCDE\u2013FGHJK"_s << C << u"ABCDEFGHJK"_s << QString();
    // Every Crockford confusable.
    QTest::newRow("crockford O") << u"OBCDEFGHJK"_s << C << u"0BCDEFGHJK"_s << u"1:O>0"_s;
    QTest::newRow("crockford o") << u"AoCDEFGHJK"_s << C << u"A0CDEFGHJK"_s << u"2:o>0"_s;
    QTest::newRow("crockford I") << u"ABIDEFGHJK"_s << C << u"AB1DEFGHJK"_s << u"3:I>1"_s;
    QTest::newRow("crockford i") << u"ABCiEFGHJK"_s << C << u"ABC1EFGHJK"_s << u"4:i>1"_s;
    QTest::newRow("crockford L") << u"ABCDLFGHJK"_s << C << u"ABCD1FGHJK"_s << u"5:L>1"_s;
    QTest::newRow("crockford l") << u"ABCDE-lGHJK"_s << C << u"ABCDE1GHJK"_s << u"6:l>1"_s;
    QTest::newRow("crockford positions")
        << u"oBCD-EFGH-JKMN-PQRl"_s << C << u"0BCDEFGHJKMNPQR1"_s << u"1:o>0 16:l>1"_s;
    // Digit-only confusables do not apply to Crockford: S and B are real symbols there.
    QTest::newRow("crockford S B kept") << u"SBCDEFGHJK"_s << C << u"SBCDEFGHJK"_s << QString();
    // U is not in the alphabet and has no decoding: it stays and makes the code invalid.
    QTest::newRow("crockford U") << u"ABCDEFGHJU"_s << C << u"ABCDEFGHJU"_s << QString();
    QTest::newRow("crockford u") << u"abcdefghju"_s << C << u"ABCDEFGHJU"_s << QString();
    // Found by fuzz_code_normalizer: a separator between a letter and a combining mark. One pass
    // left "N" + combining tilde, which a second normalization composed to "Ñ".
    QTest::newRow("separator before combining mark") << u"N-\u0303"_s << D << u"\u00D1"_s << QString();
    QTest::newRow("small tilde after a letter") << u"n\u02DC"_s << D << u"\u00D1"_s << QString();
    QTest::newRow("mapping kept across passes") << u"o n\u02DC"_s << D << u"0\u00D1"_s << u"1:o>0"_s;
}

void TestNormalizer::normalize()
{
    QFETCH(QString, input);
    QFETCH(Alphabet, alphabet);
    QFETCH(QString, value);
    QFETCH(QString, mapped);

    const NormalizedCode code = normalizeCode(input, alphabet);
    QCOMPARE(code.value, value);
    QCOMPARE(describe(code.mapped), mapped);
    QCOMPARE(code.anyMapped(), !mapped.isEmpty());
    for (const ConfusableMapping &m : code.mapped)
        QCOMPARE(code.value.at(m.position - 1), m.to);
    // Normalizing twice changes nothing: what diagnostics store and compare is a fixed point.
    const NormalizedCode again = normalizeCode(code.value, alphabet);
    QCOMPARE(again.value, code.value);
    QVERIFY(!again.anyMapped());
}

void TestNormalizer::byFormat_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<CodeFormat>("format");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("fits");
    QTest::addColumn<bool>("anyMapped");

    QTest::newRow("digits8 clean") << u"4821 3906"_s << CodeFormat::Digits8 << u"48213906"_s << true << false;
    QTest::newRow("digits8 fits only after mapping")
        << u"4821 39O6"_s << CodeFormat::Digits8 << u"48213906"_s << true << true;
    QTest::newRow("digits8 too short")
        << u"4821 390"_s << CodeFormat::Digits8 << u"4821390"_s << false << false;
    QTest::newRow("digits10 full-width")
        << u"１２３４５ ６７８９０"_s << CodeFormat::Digits10 << u"1234567890"_s << true << false;
    QTest::newRow("base32x10 clean") << u"abcde-fghjk"_s << CodeFormat::Base32x10 << u"ABCDEFGHJK"_s << true
                                     << false;
    QTest::newRow("base32x10 U invalid")
        << u"ABCDE-FGHJU"_s << CodeFormat::Base32x10 << u"ABCDEFGHJU"_s << false << false;
    QTest::newRow("base32x16 mapped")
        << u"ABCD-EFGH-JKMN-PQRo"_s << CodeFormat::Base32x16 << u"ABCDEFGHJKMNPQR0"_s << true << true;
    // Same input, different alphabets: S is a digit confusable but a Crockford symbol.
    QTest::newRow("S under digits") << u"1234567S"_s << CodeFormat::Digits8 << u"12345675"_s << true << true;
    QTest::newRow("S under base32") << u"123456789S"_s << CodeFormat::Base32x10 << u"123456789S"_s << true
                                    << false;
}

void TestNormalizer::byFormat()
{
    QFETCH(QString, input);
    QFETCH(CodeFormat, format);
    QFETCH(QString, value);
    QFETCH(bool, fits);
    QFETCH(bool, anyMapped);

    const NormalizedCode code = normalizeCode(input, format);
    QCOMPARE(code.value, value);
    QCOMPARE(fitsFormat(format, code.value), fits);
    QCOMPARE(code.anyMapped(), anyMapped);
}

QTEST_APPLESS_MAIN(TestNormalizer)
#include "tst_normalizer.moc"
