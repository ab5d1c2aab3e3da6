#include "tst_crypto.h"

#include "crypto/KeyBundle.h"

#include "crypto/Aead.h"
#include "crypto/Hash.h"
#include "crypto/Kdf.h"
#include "crypto/SelfTest.h"

#include "DebianTools.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace rd;
using namespace rd::crypto;
using namespace cryptotest;
using namespace Qt::StringLiterals;

namespace cryptotest {

QByteArray hex(const char *text)
{
    return QByteArray::fromHex(text);
}

// Fixtures live in tests/data/crypto; RD_TEST_DATA (set by rd_add_test) points at tests/data.
QString fixturePath(const char *name)
{
    return qEnvironmentVariable("RD_TEST_DATA") + u"/crypto/"_s + QLatin1String(name);
}

QByteArray fixture(const char *name)
{
    QFile file(fixturePath(name));
    if (qEnvironmentVariableIsEmpty("RD_TEST_DATA") || !file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool writeFile(const QString &path, QByteArrayView bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes.data(), bytes.size()) == bytes.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString opensslBinary()
{
    return rd::test::debianTool(u"openssl"_s);
}

// The stock openssl binary is an independent judge of what our wrapper produces.
int runOpenssl(const QStringList &args, const QString &workDir, QByteArray *output)
{
    QProcess process;
    process.setWorkingDirectory(workDir);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(opensslBinary(), args);
    if (!process.waitForFinished(60000))
        return -1;
    if (output)
        *output = process.readAll();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

const QStringList kOaepSha256 = { u"-pkeyopt"_s, u"rsa_padding_mode:oaep"_s, u"-pkeyopt"_s,
    u"rsa_oaep_md:sha256"_s, u"-pkeyopt"_s, u"rsa_mgf1_md:sha256"_s };

} // namespace cryptotest

void TestCrypto::sha256KnownAnswers_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("digest");
    // FIPS 180-2 Appendix B and the well-known empty-string digest.
    QTest::newRow("abc") << "abc"_ba
                         << hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    QTest::newRow("empty") << QByteArray()
                           << hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    QTest::newRow("448 bits") << "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"_ba
                              << hex("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

void TestCrypto::sha256KnownAnswers()
{
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, digest);
    QCOMPARE(sha256(message).toHex(), digest.toHex());
    Sha256Stream stream;
    for (qsizetype i = 0; i < message.size(); ++i)
        stream.add(QByteArrayView(message).sliced(i, 1));
    QCOMPARE(stream.finish().toHex(), digest.toHex());
}

void TestCrypto::hmacSha256KnownAnswers_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("mac");
    // RFC 4231 §4.2, §4.3 and §4.7.
    QTest::newRow("rfc4231 case 1") << QByteArray(20,
        '\x0b') << "Hi There"_ba << hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    QTest::newRow("rfc4231 case 2")
        << "Jefe"_ba
        << "what do ya want for nothing?"_ba
        << hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    QTest::newRow("rfc4231 case 6")
        << QByteArray(131, '\xaa') << "Test Using Larger Than Block-Size Key - Hash Key First"_ba
        << hex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

void TestCrypto::hmacSha256KnownAnswers()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, mac);
    QCOMPARE(hmacSha256(key, message).toHex(), mac.toHex());
    HmacSha256 keyed(key);
    QCOMPARE(keyed.mac(message).toHex(), mac.toHex());
    unsigned char out[32];
    keyed.mac(QByteArrayView(message).first(3), QByteArrayView(message).sliced(3), out);
    QCOMPARE(QByteArray(reinterpret_cast<const char *>(out), 32).toHex(), mac.toHex());
}

void TestCrypto::aesGcmKnownAnswers_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("iv");
    QTest::addColumn<QByteArray>("plaintext");
    QTest::addColumn<QByteArray>("aad");
    QTest::addColumn<QByteArray>("ciphertext");
    QTest::addColumn<QByteArray>("tag");
    // The GCM specification (McGrew & Viega, revised), test cases 13-16 (AES-256).
    const QByteArray zeroKey(32, '\0');
    const QByteArray zeroIv(12, '\0');
    const QByteArray key = hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
    const QByteArray iv = hex("cafebabefacedbaddecaf888");
    const QByteArray p64 = hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                               "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255");
    const QByteArray c64 = hex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                               "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad");
    QTest::newRow("case 13 (empty)") << zeroKey << zeroIv << QByteArray() << QByteArray() << QByteArray()
                                     << hex("530f8afbc74536b9a963b4f1c4cb738b");
    QTest::newRow("case 14") << zeroKey << zeroIv << QByteArray(16, '\0') << QByteArray()
                             << hex("cea7403d4d606b6e074ec5d3baf39d18")
                             << hex("d0d1c8a799996bf0265b98b5d48ab919");
    QTest::newRow("case 15") << key << iv << p64 << QByteArray() << c64
                             << hex("b094dac5d93471bdec1a502270e3cc6c");
    QTest::newRow("case 16 (aad)") << key << iv << p64.first(60)
                                   << hex("feedfacedeadbeeffeedfacedeadbeefabaddad2") << c64.first(60)
                                   << hex("76fc6ece0f4e1768cddf8853bb2d551b");
}

void TestCrypto::aesGcmKnownAnswers()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, iv);
    QFETCH(QByteArray, plaintext);
    QFETCH(QByteArray, aad);
    QFETCH(QByteArray, ciphertext);
    QFETCH(QByteArray, tag);
    SealedBox box;
    QVERIFY(SealedBox::fromBlob(iv + ciphertext + tag, &box));
    QCOMPARE(box.iv, iv);
    QCOMPARE(box.ciphertext, ciphertext);
    QCOMPARE(box.tag, tag);
    auto opened = aes256GcmDecrypt(key, box, aad);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
    QCOMPARE(opened->view().toByteArray().toHex(), plaintext.toHex());
}

void TestCrypto::aesGcmRoundTrip_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<QByteArray>("aad");
    QTest::newRow("empty") << 0 << QByteArray();
    QTest::newRow("one byte") << 1 << QByteArray();
    QTest::newRow("one block with aad") << 16 << "account:42"_ba;
    QTest::newRow("large with aad") << 100000 << "rd:field:email"_ba;
}

void TestCrypto::aesGcmRoundTrip()
{
    QFETCH(int, size);
    QFETCH(QByteArray, aad);
    const QByteArray key(32, '\x42');
    QByteArray plaintext(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        plaintext[i] = char(i * 7 + 3);
    auto sealed = aes256GcmEncrypt(key, plaintext, aad);
    QVERIFY(sealed.ok());
    QCOMPARE(sealed->iv.size(), 12);
    QCOMPARE(sealed->tag.size(), 16);
    QCOMPARE(sealed->ciphertext.size(), size);
    if (size > 0)
        QVERIFY(sealed->ciphertext != plaintext);
    const QByteArray blob = sealed->toBlob();
    QCOMPARE(blob.size(), size + 28);
    SealedBox parsed;
    QVERIFY(SealedBox::fromBlob(blob, &parsed));
    auto opened = aes256GcmDecrypt(key, parsed, aad);
    QVERIFY(opened.ok());
    QVERIFY(opened->view() == QByteArrayView(plaintext));
}

void TestCrypto::aesGcmUsesFreshIv()
{
    const QByteArray key(32, '\x07');
    auto first = aes256GcmEncrypt(key, "same plaintext");
    auto second = aes256GcmEncrypt(key, "same plaintext");
    QVERIFY(first.ok() && second.ok());
    QVERIFY(first->iv != second->iv);
    QVERIFY(first->ciphertext != second->ciphertext);
}

void TestCrypto::aesGcmTamperFails_data()
{
    QTest::addColumn<QString>("part");
    QTest::addColumn<int>("index");
    QTest::addColumn<ErrorKind>("kind");
    QTest::newRow("iv first byte") << u"iv"_s << 0 << ErrorKind::Refused;
    QTest::newRow("iv last byte") << u"iv"_s << 11 << ErrorKind::Refused;
    QTest::newRow("ciphertext first byte") << u"ciphertext"_s << 0 << ErrorKind::Refused;
    QTest::newRow("ciphertext last byte") << u"ciphertext"_s << 20 << ErrorKind::Refused;
    QTest::newRow("tag first byte") << u"tag"_s << 0 << ErrorKind::Refused;
    QTest::newRow("tag last byte") << u"tag"_s << 15 << ErrorKind::Refused;
    QTest::newRow("aad") << u"aad"_s << 3 << ErrorKind::Refused;
    QTest::newRow("aad dropped") << u"aad-dropped"_s << 0 << ErrorKind::Refused;
    QTest::newRow("key") << u"key"_s << 31 << ErrorKind::Refused;
    QTest::newRow("ciphertext truncated") << u"truncate"_s << 0 << ErrorKind::Refused;
    QTest::newRow("tag shortened") << u"short-tag"_s << 0 << ErrorKind::BadInput;
}

void TestCrypto::aesGcmTamperFails()
{
    QFETCH(QString, part);
    QFETCH(int, index);
    QFETCH(ErrorKind, kind);
    QByteArray key(32, '\x11');
    QByteArray aad = "case:7:evidence"_ba;
    auto sealed = aes256GcmEncrypt(key, "backup code delivery payload", aad);
    QVERIFY(sealed.ok());
    SealedBox box = *sealed;
    auto flip = [index](QByteArray &bytes) { bytes[index] = char(bytes[index] ^ 0x01); };
    if (part == u"iv") {
        flip(box.iv);
    } else if (part == u"ciphertext") {
        flip(box.ciphertext);
    } else if (part == u"tag") {
        flip(box.tag);
    } else if (part == u"aad") {
        flip(aad);
    } else if (part == u"aad-dropped") {
        aad.clear();
    } else if (part == u"key") {
        flip(key);
    } else if (part == u"truncate") {
        box.ciphertext.chop(1);
    } else if (part == u"short-tag") {
        box.tag.chop(4);
    }
    auto opened = aes256GcmDecrypt(key, box, aad);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().kind, kind);
    QVERIFY(!opened.error().message.isEmpty());
}

void TestCrypto::aesGcmRejectsWrongKeySize()
{
    auto sealed = aes256GcmEncrypt(QByteArray(16, 'k'), "data");
    QVERIFY(!sealed.ok());
    QCOMPARE(sealed.error().kind, ErrorKind::BadInput);
    QVERIFY(sealed.error().message.contains(u"32 bytes"_s));
    SealedBox box { QByteArray(12, 'i'), "x"_ba, QByteArray(16, 't') };
    QVERIFY(!aes256GcmDecrypt(QByteArray(33, 'k'), box).ok());
}

void TestCrypto::sealedBoxBlob()
{
    SealedBox box;
    QVERIFY(!SealedBox::fromBlob(QByteArray(27, 'x'), &box));
    QVERIFY(!SealedBox::fromBlob(QByteArray(28, 'x'), nullptr));
    QVERIFY(SealedBox::fromBlob(QByteArray(28, 'x'), &box));
    QCOMPARE(box.iv.size(), 12);
    QVERIFY(box.ciphertext.isEmpty());
    QCOMPARE(box.tag.size(), 16);
}

void TestCrypto::pbkdf2KnownAnswers_data()
{
    QTest::addColumn<QByteArray>("password");
    QTest::addColumn<QByteArray>("salt");
    QTest::addColumn<int>("iterations");
    QTest::addColumn<QByteArray>("key");
    // RFC 7914 §11.
    QTest::newRow("passwd/salt/1") << "passwd"_ba
                                   << "salt"_ba << 1
                                   << hex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                                          "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
    QTest::newRow("Password/NaCl/80000")
        << "Password"_ba
        << "NaCl"_ba << 80000
        << hex("4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
               "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
}

void TestCrypto::pbkdf2KnownAnswers()
{
    QFETCH(QByteArray, password);
    QFETCH(QByteArray, salt);
    QFETCH(int, iterations);
    QFETCH(QByteArray, key);
    auto derived = pbkdf2Sha256(password, salt, iterations, int(key.size()));
    QVERIFY(derived.ok());
    QCOMPARE(derived->toHex(), key.toHex());
    auto prefix = pbkdf2Sha256(password, salt, iterations, 32);
    QVERIFY(prefix.ok());
    QCOMPARE(prefix->toHex(), key.first(32).toHex());
}

void TestCrypto::pbkdf2RejectsBadArguments()
{
    QCOMPARE(pbkdf2Sha256("p", "s", 0, 32).error().kind, ErrorKind::BadInput);
    QCOMPARE(pbkdf2Sha256("p", "s", 1, 0).error().kind, ErrorKind::BadInput);
    QCOMPARE(pbkdf2Sha256("p", "s", 1, 1 << 20).error().kind, ErrorKind::BadInput);
    auto empty = pbkdf2Sha256({}, {}, 2, 32);
    QVERIFY(empty.ok());
    QCOMPARE(empty->size(), 32);
}

// RFC 7914 section 12, the second vector.
void TestCrypto::scryptKnownAnswer()
{
    auto derived = scrypt("password", "NaCl", 1024, 8, 16, 64);
    QVERIFY(derived.ok());
    QCOMPARE(derived->view().toByteArray().toHex(),
             QByteArray("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"));
    QCOMPARE(scrypt("p", "s", 1000, 8, 1, 32).error().kind, ErrorKind::BadInput); // not a power of two
}

void TestCrypto::keyBundleRoundTripAndRefusals()
{
    KeyStore::Material m;
    QByteArray a(32, 'a'), b(32, 'b'), c(32, 'c');
    m.ledgerKey = SecretBytes::takeFrom(a);
    m.dataKey = SecretBytes::takeFrom(b);
    m.signingKey = SecretBytes::takeFrom(c);
    m.deliveryPublicPem = "-----BEGIN PUBLIC KEY-----\n";
    QCOMPARE(sealKeyBundle(m, "short").error().kind, ErrorKind::BadInput);
    auto bundle = sealKeyBundle(m, "a long enough passphrase");
    QVERIFY(bundle.ok());
    QVERIFY(!bundle->contains(QByteArray(32, 'a').toBase64()));
    auto opened = openKeyBundle(bundle.value(), "a long enough passphrase");
    QVERIFY(opened.ok());
    QCOMPARE(opened->dataKey.view().toByteArray(), QByteArray(32, 'b'));
    QCOMPARE(opened->deliveryPublicPem, m.deliveryPublicPem);
    // A wrong passphrase is a refusal; an altered file is bad input; so are weakened parameters.
    QCOMPARE(openKeyBundle(bundle.value(), "another long passphrase").error().kind, ErrorKind::Refused);
    QJsonObject o = QJsonDocument::fromJson(bundle.value()).object();
    QJsonObject weak = o;
    weak.insert(QStringLiteral("n"), 1024);
    QCOMPARE(openKeyBundle(QJsonDocument(weak).toJson(), "a long enough passphrase").error().kind, ErrorKind::BadInput);
    QByteArray iv = QByteArray::fromBase64(o.value(QStringLiteral("iv")).toString().toLatin1());
    iv[0] = char(iv[0] ^ 1);
    o.insert(QStringLiteral("iv"), QString::fromLatin1(iv.toBase64()));
    QCOMPARE(openKeyBundle(QJsonDocument(o).toJson(), "a long enough passphrase").error().kind, ErrorKind::BadInput);
    QCOMPARE(openKeyBundle("not json", "a long enough passphrase").error().kind, ErrorKind::BadInput);
}

void TestCrypto::selfTestsPass()
{
    const Status status = runSelfTests();
    QVERIFY2(status.ok(), qPrintable(status.ok() ? QString() : status.error().message));
}

QTEST_GUILESS_MAIN(TestCrypto)
