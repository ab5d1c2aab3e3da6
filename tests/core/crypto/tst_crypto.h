#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QObject>
#include <QStringList>

Q_DECLARE_METATYPE(rd::ErrorKind)

// Helpers shared by the parts of tst_crypto (one executable, split by primitive family).
namespace cryptotest {

QByteArray hex(const char *text);
// A file under tests/data/crypto, found through RD_TEST_DATA; empty when missing.
QByteArray fixture(const char *name);
QString fixturePath(const char *name);
bool writeFile(const QString &path, QByteArrayView bytes);
QByteArray readFile(const QString &path);
QString opensslBinary(); // Debian's openssl, or empty
// Exit code of the stock openssl binary run in workDir, or -1 when it did not finish.
int runOpenssl(const QStringList &args, const QString &workDir, QByteArray *output = nullptr);
extern const QStringList kOaepSha256;

} // namespace cryptotest

class TestCrypto : public QObject {
    Q_OBJECT

private slots:
    void sha256KnownAnswers_data();
    void sha256KnownAnswers();
    void hmacSha256KnownAnswers_data();
    void hmacSha256KnownAnswers();

    void aesGcmKnownAnswers_data();
    void aesGcmKnownAnswers();
    void aesGcmRoundTrip_data();
    void aesGcmRoundTrip();
    void aesGcmUsesFreshIv();
    void aesGcmTamperFails_data();
    void aesGcmTamperFails();
    void aesGcmRejectsWrongKeySize();
    void sealedBoxBlob();

    void ed25519Rfc8032_data();
    void ed25519Rfc8032();
    void ed25519GenerateSignVerify();
    void ed25519RejectsTampering_data();
    void ed25519RejectsTampering();
    void ed25519RejectsBadKeys();
    void ed25519PublicKeyPemFormat();
    void ed25519SignatureVerifiedByOpensslCli();

    void rsaValidate_data();
    void rsaValidate();
    void rsaWrapUnwrap();
    void rsaUnwrapFailures();
    void rsaWrapLimits();
    void rsaInteroperatesWithOpensslCli();

    void pbkdf2KnownAnswers_data();
    void pbkdf2KnownAnswers();
    void pbkdf2RejectsBadArguments();
    void scryptKnownAnswer();
    void keyBundleRoundTripAndRefusals();

    void selfTestsPass();
};
