#include "ledger/CodeNormalizer.h"
#include "ledger/LedgerHasher.h"

#include <QByteArray>
#include <QTest>

#include <cstring>

using namespace rd::ledger;
using namespace Qt::StringLiterals;

namespace {

// Known answers were computed independently with the OpenSSL CLI when the test was written, e.g.
//   printf 'rd1:set-1:48213906' | openssl dgst -sha256 -mac HMAC -macopt hexkey:000102...1f
QByteArray key1()
{
    return QByteArray::fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
}

QByteArray key2()
{
    return QByteArray::fromHex("fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0efeeedecebeae9e8e7e6e5e4e3e2e1e0");
}

} // namespace

class TestLedgerHasher : public QObject {
    Q_OBJECT

private slots:
    void codeHash_data();
    void codeHash();
    void lookupTag_data();
    void lookupTag();
    void sameCodeInTwoSetsDiffers();
    void keyMatters();
    void normalizationsAgree_data();
    void normalizationsAgree();
    void movedHasherStillWorks();
};

void TestLedgerHasher::codeHash_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QString>("setId");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("hash");

    QTest::newRow("digits8") << key1() << u"set-1"_s << u"48213906"_s
                             << u"53d6f2fa6758967ee0ad0208fce7d3e2cd5e446df3afda44e89054a9adb801e2"_s;
    QTest::newRow("digits8 other set")
        << key1() << u"set-2"_s << u"48213906"_s
        << u"0d0b72e2abce37105dc21cb247b34d5e651d16719e9825a5a65775ba52f9ce67"_s;
    QTest::newRow("digits10") << key1() << u"set-1"_s << u"4821390617"_s
                              << u"65c8a1e5ce44e6273b3255c83ff3c4540b7bc6c863b2604702552ff0bbdb60cd"_s;
    QTest::newRow("base32x10") << key1() << u"set-b32"_s << u"ABCDEFGHJK"_s
                               << u"1313c74486f5aa15b31c611340938c612257bb4ae40fab424c9f8e62066b2c90"_s;
    QTest::newRow("base32x16") << key1() << u"set-b32"_s << u"7K3MQ2PZ9XWTR4VA"_s
                               << u"0abf27da2d53633eec7df88b747869aa34cf2c6232d407c1e025e676d7f15814"_s;
    // The set id is hashed as UTF-8 (c3 a4 for ä).
    QTest::newRow("non-ASCII set id")
        << key1() << u"satz-ä"_s << u"48213906"_s
        << u"472e71d9520affc3c90c1fbdcb9339d8077debda6d07d5c5fd98b6243e968265"_s;
    QTest::newRow("key2 digits8") << key2() << u"set-1"_s << u"48213906"_s
                                  << u"4a56ac34d9d08fe1b142e7acc1830e033a4b9f015af76f7d28ca4a2fcda4f1e8"_s;
    QTest::newRow("key2 digits10") << key2() << u"7f3c9e2a-set"_s << u"0123456789"_s
                                   << u"5dbed4d53ea8d8ab76faf9e6648e9f6978aa38e5663c7b11fc8cccf13b678df3"_s;
}

void TestLedgerHasher::codeHash()
{
    QFETCH(QByteArray, key);
    QFETCH(QString, setId);
    QFETCH(QString, code);
    QFETCH(QString, hash);

    const LedgerHasher hasher(key);
    QCOMPARE(hasher.codeHash(setId, code), hash);

    // The raw variant is the same MAC, for callers that compare bytes in bulk.
    unsigned char raw[LedgerHasher::kHashSize];
    hasher.codeHashRaw(setId.toUtf8(), code.toLatin1(), raw);
    QCOMPARE(
        QByteArray(reinterpret_cast<const char *>(raw), sizeof raw), QByteArray::fromHex(hash.toLatin1()));
}

void TestLedgerHasher::lookupTag_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("fullMac");

    QTest::newRow("digits8") << key1() << u"48213906"_s
                             << u"2d766fbbfe8f4593e5cac80811b2eecee451888dd3ae7fb7a87e447fb9511bc2"_s;
    QTest::newRow("base32x16") << key1() << u"7K3MQ2PZ9XWTR4VA"_s
                               << u"aaebf5a1d86470b01d7827f691677b4c9fa13934bf1cc8cc39b6ca7d23c780de"_s;
    QTest::newRow("base32x10") << key1() << u"ABCDEFGHJK"_s
                               << u"f66b805eeff5f52b27a343d81ecd743e52291492ab00e1d8e14974d67f95e2dd"_s;
    QTest::newRow("key2 digits8") << key2() << u"48213906"_s
                                  << u"96810e303c4dbce1c8d6236e1ecbec2bc593a968248d6289a7e0d88d0e91ce8d"_s;
}

void TestLedgerHasher::lookupTag()
{
    QFETCH(QByteArray, key);
    QFETCH(QString, code);
    QFETCH(QString, fullMac);

    const LedgerHasher hasher(key);
    const QString tag = hasher.lookupTag(code);
    QCOMPARE(tag.size(), 16);
    QCOMPARE(tag, fullMac.left(16));

    unsigned char raw[LedgerHasher::kLookupTagSize];
    hasher.lookupTagRaw(code.toLatin1(), raw);
    QCOMPARE(QByteArray(reinterpret_cast<const char *>(raw), sizeof raw),
        QByteArray::fromHex(fullMac.left(16).toLatin1()));
}

void TestLedgerHasher::sameCodeInTwoSetsDiffers()
{
    const LedgerHasher hasher(key1());
    const QString a = hasher.codeHash(u"set-1", u"48213906");
    const QString b = hasher.codeHash(u"set-2", u"48213906");
    QVERIFY(a != b);
    // The lookup tag ignores the set on purpose: it finds the code in any account.
    QCOMPARE(hasher.lookupTag(u"48213906"), hasher.lookupTag(u"48213906"));
    // The separator keeps set and code apart: "set-1" + "2..." is not "set-12" + "...".
    QVERIFY(hasher.codeHash(u"set-1", u"24821390") != hasher.codeHash(u"set-12", u"4821390"));
}

void TestLedgerHasher::keyMatters()
{
    const LedgerHasher one(key1());
    const LedgerHasher two(key2());
    QVERIFY(one.codeHash(u"set-1", u"48213906") != two.codeHash(u"set-1", u"48213906"));
    QVERIFY(one.lookupTag(u"48213906") != two.lookupTag(u"48213906"));
}

void TestLedgerHasher::normalizationsAgree_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<CodeFormat>("format");
    QTest::addColumn<QString>("hash");

    const QString d8 = u"53d6f2fa6758967ee0ad0208fce7d3e2cd5e446df3afda44e89054a9adb801e2"_s;
    QTest::newRow("canonical") << u"48213906"_s << CodeFormat::Digits8 << d8;
    QTest::newRow("grouped") << u"4821 3906"_s << CodeFormat::Digits8 << d8;
    QTest::newRow("hyphen") << u"4821-3906"_s << CodeFormat::Digits8 << d8;
    QTest::newRow("full-width") << u"４８２１３９０６"_s << CodeFormat::Digits8 << d8;
    QTest::newRow("confusables") << u"482l 39O6"_s << CodeFormat::Digits8 << d8;
    QTest::newRow("en dash and dot") << u"4821\u20133906."_s << CodeFormat::Digits8 << d8;

    const QString b16 = u"0abf27da2d53633eec7df88b747869aa34cf2c6232d407c1e025e676d7f15814"_s;
    QTest::newRow("b16 canonical") << u"7K3MQ2PZ9XWTR4VA"_s << CodeFormat::Base32x16 << b16;
    QTest::newRow("b16 display") << u"7K3M-Q2PZ-9XWT-R4VA"_s << CodeFormat::Base32x16 << b16;
    QTest::newRow("b16 lowercase spaced") << u"7k3m q2pz 9xwt r4va"_s << CodeFormat::Base32x16 << b16;
}

void TestLedgerHasher::normalizationsAgree()
{
    QFETCH(QString, typed);
    QFETCH(CodeFormat, format);
    QFETCH(QString, hash);

    const LedgerHasher hasher(key1());
    const QString setId = format == CodeFormat::Digits8 ? u"set-1"_s : u"set-b32"_s;
    QCOMPARE(hasher.codeHash(setId, normalizeCode(typed, format).value), hash);
}

void TestLedgerHasher::movedHasherStillWorks()
{
    LedgerHasher original(key1());
    LedgerHasher moved(std::move(original));
    QCOMPARE(moved.codeHash(u"set-1", u"48213906"),
        u"53d6f2fa6758967ee0ad0208fce7d3e2cd5e446df3afda44e89054a9adb801e2"_s);
}

QTEST_APPLESS_MAIN(TestLedgerHasher)
#include "tst_ledgerhasher.moc"
