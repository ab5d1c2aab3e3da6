#include "crypto/Ed25519.h"
#include "crypto/RsaOaep.h"
#include "tst_crypto.h"

#include <QTemporaryDir>
#include <QTest>

using namespace rd;
using namespace rd::crypto;
using namespace cryptotest;
using namespace Qt::StringLiterals;

void TestCrypto::ed25519Rfc8032_data()
{
    QTest::addColumn<QByteArray>("seed");
    QTest::addColumn<QByteArray>("publicKey");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("signature");
    // RFC 8032 §7.1, TEST 1 to TEST 3.
    QTest::newRow("test 1")
        << hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
        << hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a") << QByteArray()
        << hex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc6"
               "1e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    QTest::newRow("test 2")
        << hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb")
        << hex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c") << hex("72")
        << hex("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e"
               "458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
    QTest::newRow("test 3")
        << hex("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7")
        << hex("fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025") << hex("af82")
        << hex("6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290"
               "ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a");
}

void TestCrypto::ed25519Rfc8032()
{
    QFETCH(QByteArray, seed);
    QFETCH(QByteArray, publicKey);
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, signature);
    auto derived = ed25519PublicFromPrivate(seed);
    QVERIFY(derived.ok());
    QCOMPARE(derived->toHex(), publicKey.toHex());
    auto signedMessage = ed25519Sign(seed, message);
    QVERIFY(signedMessage.ok());
    QCOMPARE(signedMessage->toHex(), signature.toHex());
    QVERIFY(ed25519Verify(publicKey, message, signature));
}

void TestCrypto::ed25519GenerateSignVerify()
{
    auto pair = ed25519Generate();
    QVERIFY(pair.ok());
    QCOMPARE(pair->privateKey.size(), std::size_t(32));
    QCOMPARE(pair->publicKey.size(), 32);
    auto derived = ed25519PublicFromPrivate(pair->privateKey.view());
    QVERIFY(derived.ok());
    QCOMPARE(*derived, pair->publicKey);
    const QByteArray message = "RecoveryDesk audit checkpoint\n1000\nabcdef\n"_ba;
    auto signature = ed25519Sign(pair->privateKey.view(), message);
    QVERIFY(signature.ok());
    QCOMPARE(signature->size(), 64);
    QVERIFY(ed25519Verify(pair->publicKey, message, *signature));
    auto other = ed25519Generate();
    QVERIFY(other.ok());
    QVERIFY(other->publicKey != pair->publicKey);
}

void TestCrypto::ed25519RejectsTampering_data()
{
    QTest::addColumn<QString>("part");
    QTest::addColumn<int>("index");
    QTest::newRow("message first byte") << u"message"_s << 0;
    QTest::newRow("message last byte") << u"message"_s << 41;
    QTest::newRow("message extended") << u"append"_s << 0;
    QTest::newRow("signature R") << u"signature"_s << 0;
    QTest::newRow("signature R end") << u"signature"_s << 31;
    QTest::newRow("signature S") << u"signature"_s << 32;
    QTest::newRow("signature S end") << u"signature"_s << 63;
    QTest::newRow("signature truncated") << u"truncate"_s << 0;
    QTest::newRow("other public key") << u"key"_s << 0;
}

void TestCrypto::ed25519RejectsTampering()
{
    QFETCH(QString, part);
    QFETCH(int, index);
    auto pair = ed25519Generate();
    QVERIFY(pair.ok());
    QByteArray message = "RecoveryDesk audit checkpoint\n1000\nabcdef\n"_ba;
    QCOMPARE(message.size(), 42);
    auto signed_ = ed25519Sign(pair->privateKey.view(), message);
    QVERIFY(signed_.ok());
    QByteArray signature = *signed_;
    QByteArray publicKey = pair->publicKey;
    if (part == u"message") {
        message[index] = char(message[index] ^ 0x01);
    } else if (part == u"append") {
        message.append('\n');
    } else if (part == u"signature") {
        signature[index] = char(signature[index] ^ 0x01);
    } else if (part == u"truncate") {
        signature.chop(1);
    } else if (part == u"key") {
        publicKey = ed25519Generate()->publicKey;
    }
    QVERIFY(!ed25519Verify(publicKey, message, signature));
}

void TestCrypto::ed25519RejectsBadKeys()
{
    auto signature = ed25519Sign(QByteArray(31, 's'), "m");
    QVERIFY(!signature.ok());
    QCOMPARE(signature.error().kind, ErrorKind::BadInput);
    QVERIFY(!ed25519PublicFromPrivate(QByteArray(64, 's')).ok());
    QVERIFY(!ed25519Verify(QByteArray(31, 'p'), "m", QByteArray(64, 's')));
    QVERIFY(ed25519PublicKeyPem(QByteArray(31, 'p')).isEmpty());
}

void TestCrypto::ed25519PublicKeyPemFormat()
{
    // SubjectPublicKeyInfo for Ed25519 is a fixed 12-byte DER prefix (RFC 8410) plus the raw key.
    const QByteArray publicKey = hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    const QByteArray der = hex("302a300506032b6570032100") + publicKey;
    const QByteArray expected
        = "-----BEGIN PUBLIC KEY-----\n" + der.toBase64() + "\n-----END PUBLIC KEY-----\n";
    QCOMPARE(ed25519PublicKeyPem(publicKey), expected);
}

void TestCrypto::ed25519SignatureVerifiedByOpensslCli()
{
    QVERIFY2(!opensslBinary().isEmpty(), "openssl is missing: bash tools/rd.sh test installs it");
    auto pair = ed25519Generate();
    QVERIFY(pair.ok());
    const QByteArray message = "{\"head\":{\"seq\":3}}\n{\"seq\":1}\n{\"seq\":2}\n"_ba;
    auto signature = ed25519Sign(pair->privateKey.view(), message);
    QVERIFY(signature.ok());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeFile(dir.filePath(u"pub.pem"_s), ed25519PublicKeyPem(pair->publicKey)));
    QVERIFY(writeFile(dir.filePath(u"FILE"_s), message));
    QVERIFY(writeFile(dir.filePath(u"FILE.sig"_s), *signature));
    const QStringList verify = { u"pkeyutl"_s, u"-verify"_s, u"-pubin"_s, u"-inkey"_s, u"pub.pem"_s,
        u"-rawin"_s, u"-in"_s, u"FILE"_s, u"-sigfile"_s, u"FILE.sig"_s };
    QByteArray output;
    QCOMPARE(runOpenssl(verify, dir.path(), &output), 0);
    QVERIFY2(output.contains("Signature Verified Successfully"), output.constData());

    QVERIFY(writeFile(dir.filePath(u"FILE"_s), QByteArray(message).replace("seq\":2", "seq\":9")));
    QVERIFY(runOpenssl(verify, dir.path()) != 0);
}

void TestCrypto::rsaValidate_data()
{
    QTest::addColumn<QByteArray>("pem");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<ErrorKind>("kind");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("rsa 2048") << fixture("rsa2048-public.pem") << true << ErrorKind::BadInput << QString();
    QTest::newRow("rsa 1024") << fixture("rsa1024-public.pem") << false << ErrorKind::Refused << u"2048"_s;
    QTest::newRow("garbage") << "not a key at all"_ba << false << ErrorKind::BadInput
                             << u"BEGIN PUBLIC KEY"_s;
    QTest::newRow("damaged pem") << QByteArray(fixture("rsa2048-public.pem")).replace("MII", "XYZ") << false
                                 << ErrorKind::BadInput << u"BEGIN PUBLIC KEY"_s;
    QTest::newRow("empty") << QByteArray() << false << ErrorKind::BadInput << u"empty"_s;
    QTest::newRow("ec key") << fixture("ec-p256-public.pem") << false << ErrorKind::BadInput
                            << u"not an RSA"_s;
    // OpenSSL 3 reads the PKCS#1 "BEGIN RSA PUBLIC KEY" form too; it is the same key, so accept it.
    QTest::newRow("pkcs1 form") << fixture("rsa2048-public-pkcs1.pem") << true << ErrorKind::BadInput
                                << QString();
    QTest::newRow("private key") << fixture("rsa2048-private.pem") << false << ErrorKind::BadInput
                                 << u"private key"_s;
}

void TestCrypto::rsaValidate()
{
    QFETCH(QByteArray, pem);
    QFETCH(bool, valid);
    QFETCH(ErrorKind, kind);
    QFETCH(QString, mentions);
    if (QByteArrayView(QTest::currentDataTag()) != "garbage"
        && QByteArrayView(QTest::currentDataTag()) != "empty")
        QVERIFY2(!pem.isEmpty(), "fixture missing: is RD_TEST_DATA set to tests/data?");
    const Status status = validateRsaPublicKeyPem(pem);
    QCOMPARE(status.ok(), valid);
    if (!valid) {
        QCOMPARE(status.error().kind, kind);
        QVERIFY2(status.error().message.contains(mentions), qPrintable(status.error().message));
    }
}

void TestCrypto::rsaWrapUnwrap()
{
    const QByteArray publicPem = fixture("rsa2048-public.pem");
    const QByteArray privatePem = fixture("rsa2048-private.pem");
    QVERIFY2(!publicPem.isEmpty() && !privatePem.isEmpty(), "fixture missing: is RD_TEST_DATA set?");
    const QByteArray aesKey = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    auto wrapped = rsaOaepSha256Wrap(publicPem, aesKey);
    QVERIFY(wrapped.ok());
    QCOMPARE(wrapped->size(), 256);
    auto again = rsaOaepSha256Wrap(publicPem, aesKey);
    QVERIFY(again.ok());
    QVERIFY2(*again != *wrapped, "OAEP is randomized; equal outputs mean a fixed seed");
    auto viaPkcs1 = rsaOaepSha256Wrap(fixture("rsa2048-public-pkcs1.pem"), aesKey);
    QVERIFY(viaPkcs1.ok());
    for (const QByteArray &blob : { *wrapped, *again, *viaPkcs1 }) {
        auto unwrapped = rsaOaepSha256Unwrap(privatePem, blob);
        QVERIFY(unwrapped.ok());
        QVERIFY(unwrapped->view() == QByteArrayView(aesKey));
    }
}

void TestCrypto::rsaUnwrapFailures()
{
    const QByteArray privatePem = fixture("rsa2048-private.pem");
    auto wrapped = rsaOaepSha256Wrap(fixture("rsa2048-public.pem"), QByteArray(32, 'k'));
    QVERIFY(wrapped.ok());

    QByteArray tampered = *wrapped;
    tampered[100] = char(tampered[100] ^ 0x04);
    auto result = rsaOaepSha256Unwrap(privatePem, tampered);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Refused);

    result = rsaOaepSha256Unwrap(fixture("rsa2048-other-private.pem"), *wrapped);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Refused);

    result = rsaOaepSha256Unwrap(fixture("rsa1024-private.pem"), *wrapped);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::BadInput);

    result = rsaOaepSha256Unwrap("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", *wrapped);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::BadInput);
}

void TestCrypto::rsaWrapLimits()
{
    const QByteArray publicPem = fixture("rsa2048-public.pem");
    // 2048-bit OAEP-SHA256 fits 256 - 2*32 - 2 = 190 bytes.
    QVERIFY(rsaOaepSha256Wrap(publicPem, QByteArray(190, 'x')).ok());
    auto tooLong = rsaOaepSha256Wrap(publicPem, QByteArray(191, 'x'));
    QVERIFY(!tooLong.ok());
    QCOMPARE(tooLong.error().kind, ErrorKind::BadInput);
    auto weak = rsaOaepSha256Wrap(fixture("rsa1024-public.pem"), QByteArray(32, 'x'));
    QVERIFY(!weak.ok());
    QCOMPARE(weak.error().kind, ErrorKind::Refused);
}

void TestCrypto::rsaInteroperatesWithOpensslCli()
{
    QVERIFY2(!opensslBinary().isEmpty(), "openssl is missing: bash tools/rd.sh test installs it");
    const QByteArray aesKey = QByteArray(32, '\x5a');
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    // What we wrap, the platform's stock tooling unwraps with OAEP-SHA256/MGF1-SHA256.
    auto wrapped = rsaOaepSha256Wrap(fixture("rsa2048-public.pem"), aesKey);
    QVERIFY(wrapped.ok());
    QVERIFY(writeFile(dir.filePath(u"wrapped.bin"_s), *wrapped));
    QCOMPARE(
        runOpenssl(QStringList { u"pkeyutl"_s, u"-decrypt"_s, u"-inkey"_s, fixturePath("rsa2048-private.pem"),
                       u"-in"_s, u"wrapped.bin"_s, u"-out"_s, u"key.bin"_s }
                + kOaepSha256,
            dir.path()),
        0);
    QCOMPARE(readFile(dir.filePath(u"key.bin"_s)), aesKey);

    // And the other way round.
    QVERIFY(writeFile(dir.filePath(u"plain.bin"_s), aesKey));
    const QStringList encrypt = { u"pkeyutl"_s, u"-encrypt"_s, u"-pubin"_s, u"-inkey"_s,
        fixturePath("rsa2048-public.pem"), u"-in"_s, u"plain.bin"_s, u"-out"_s };
    QCOMPARE(runOpenssl(encrypt + QStringList { u"cli.bin"_s } + kOaepSha256, dir.path()), 0);
    auto unwrapped
        = rsaOaepSha256Unwrap(fixture("rsa2048-private.pem"), readFile(dir.filePath(u"cli.bin"_s)));
    QVERIFY(unwrapped.ok());
    QVERIFY(unwrapped->view() == QByteArrayView(aesKey));

    // OpenSSL's default OAEP digest is SHA-1; such a package must not be accepted as SHA-256.
    QCOMPARE(runOpenssl(encrypt + QStringList { u"sha1.bin"_s, u"-pkeyopt"_s, u"rsa_padding_mode:oaep"_s },
                 dir.path()),
        0);
    QVERIFY(!rsaOaepSha256Unwrap(fixture("rsa2048-private.pem"), readFile(dir.filePath(u"sha1.bin"_s))).ok());
}
