#include "crypto/Ed25519.h"
#include "crypto/KeyStore.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace rd;
using namespace rd::crypto;
using namespace Qt::StringLiterals;

namespace {

const QStringList kKeyNames = { u"ledger.key"_s, u"data.key"_s, u"signing.key"_s };

// Permission bits as the kernel reports them; QFileInfo::permissions() folds in the caller's access.
int modeOf(const QString &path)
{
    struct stat st { };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

bool setMode(const QString &path, int mode)
{
    return ::chmod(QFile::encodeName(path).constData(), mode_t(mode)) == 0;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeKeyFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size()
        && file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
}

QString errorOf(const Status &status)
{
    return status.ok() ? QString() : status.error().message;
}

// Restores the process umask however a test ends.
class UmaskGuard final {
public:
    explicit UmaskGuard(mode_t mask)
        : m_old(::umask(mask))
    {
    }
    ~UmaskGuard() { ::umask(m_old); }
    UmaskGuard(const UmaskGuard &) = delete;
    UmaskGuard &operator=(const UmaskGuard &) = delete;

private:
    mode_t m_old;
};

} // namespace

class TestKeyStore : public QObject {
    Q_OBJECT

private slots:
    void initializeCreatesPrivateDirectoryAndKeys_data();
    void initializeCreatesPrivateDirectoryAndKeys();
    void initializeIsIdempotent();
    void initializeRecreatesOnlyMissingKeys();
    void initializeTightensEmptyExistingDirectory();
    void initializeRefusesLooseDirectoryWithContent();
    void initializeRejectsEmptyPath();
    void openLoadsKeys();
    void openDerivesPublicKeyFromSeed();
    void openRefusesLoosePermissions_data();
    void openRefusesLoosePermissions();
    void openRefusesMissingKey_data();
    void openRefusesMissingKey();
    void openRefusesMissingDirectory();
    void openRefusesLinkedOrForeignKeys();
    void materialNeverReadsADeliveryKeyThroughALink();
    void openRefusesWrongKeyLength_data();
    void openRefusesWrongKeyLength();

private:
    QTemporaryDir m_root;
    int m_count = 0;
    QString freshKeyDir() { return m_root.filePath(u"keys-%1"_s.arg(++m_count)); }
};

void TestKeyStore::initializeCreatesPrivateDirectoryAndKeys_data()
{
    QTest::addColumn<int>("mask");
    QTest::addColumn<bool>("nested");
    QTest::newRow("usual umask") << 022 << false;
    // With umask 0 a naive create-then-chmod would expose the file; the modes must not depend on it.
    QTest::newRow("umask 0") << 0 << false;
    QTest::newRow("missing parents") << 022 << true;
}

void TestKeyStore::initializeCreatesPrivateDirectoryAndKeys()
{
    QFETCH(int, mask);
    QFETCH(bool, nested);
    const QString dir = nested ? freshKeyDir() + u"/a/b/keys"_s : freshKeyDir();
    {
        UmaskGuard guard { mode_t(mask) };
        const Status status = KeyStore::initialize(dir);
        QVERIFY2(status.ok(), qPrintable(errorOf(status)));
    }
    QCOMPARE(modeOf(dir), 0700);
    for (const QString &name : kKeyNames) {
        const QString path = dir + u'/' + name;
        QCOMPARE(modeOf(path), 0600);
        QCOMPARE(readFile(path).size(), 32);
    }
    // No temporary files are left behind.
    QCOMPARE(QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).size(), 3);
    QVERIFY(readFile(dir + u"/ledger.key"_s) != readFile(dir + u"/data.key"_s));
}

void TestKeyStore::initializeIsIdempotent()
{
    const QString dir = freshKeyDir();
    QVERIFY(KeyStore::initialize(dir).ok());
    QList<QByteArray> before;
    for (const QString &name : kKeyNames)
        before << readFile(dir + u'/' + name);
    const Status again = KeyStore::initialize(dir);
    QVERIFY2(again.ok(), qPrintable(errorOf(again)));
    for (int i = 0; i < kKeyNames.size(); ++i)
        QCOMPARE(readFile(dir + u'/' + kKeyNames[i]), before[i]);
}

void TestKeyStore::initializeRecreatesOnlyMissingKeys()
{
    const QString dir = freshKeyDir();
    QVERIFY(KeyStore::initialize(dir).ok());
    const QByteArray ledger = readFile(dir + u"/ledger.key"_s);
    const QByteArray signing = readFile(dir + u"/signing.key"_s);
    QVERIFY(QFile::remove(dir + u"/data.key"_s));
    QVERIFY(KeyStore::initialize(dir).ok());
    QCOMPARE(readFile(dir + u"/ledger.key"_s), ledger);
    QCOMPARE(readFile(dir + u"/signing.key"_s), signing);
    QCOMPARE(readFile(dir + u"/data.key"_s).size(), 32);
    QCOMPARE(modeOf(dir + u"/data.key"_s), 0600);
}

void TestKeyStore::initializeTightensEmptyExistingDirectory()
{
    const QString dir = freshKeyDir();
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(setMode(dir, 0755));
    const Status status = KeyStore::initialize(dir);
    QVERIFY2(status.ok(), qPrintable(errorOf(status)));
    QCOMPARE(modeOf(dir), 0700);
}

void TestKeyStore::initializeRefusesLooseDirectoryWithContent()
{
    const QString dir = freshKeyDir();
    QVERIFY(KeyStore::initialize(dir).ok());
    QVERIFY(setMode(dir, 0755));
    const Status status = KeyStore::initialize(dir);
    QVERIFY(!status.ok());
    QCOMPARE(status.error().kind, ErrorKind::Refused);
    QVERIFY(status.error().message.contains(u"chmod 700"_s));
    QCOMPARE(modeOf(dir), 0755); // the user decides; nothing is silently "fixed"
}

void TestKeyStore::initializeRejectsEmptyPath()
{
    const Status status = KeyStore::initialize(QString());
    QVERIFY(!status.ok());
    QCOMPARE(status.error().kind, ErrorKind::BadInput);
    QVERIFY(!KeyStore::open(u"  "_s).ok());
}

void TestKeyStore::openLoadsKeys()
{
    const QString dir = freshKeyDir();
    QVERIFY(KeyStore::initialize(dir).ok());
    auto store = KeyStore::open(dir);
    QVERIFY2(store.ok(), qPrintable(store.ok() ? QString() : store.error().message));
    QCOMPARE(store->dir(), QDir::cleanPath(dir));
    QVERIFY(store->ledgerKey().view() == QByteArrayView(readFile(dir + u"/ledger.key"_s)));
    QVERIFY(store->dataKey().view() == QByteArrayView(readFile(dir + u"/data.key"_s)));
    QVERIFY(store->signingKey().view() == QByteArrayView(readFile(dir + u"/signing.key"_s)));
    QCOMPARE(store->deliveryKeyPath(), QDir::cleanPath(dir) + u"/delivery.pub.pem"_s);

    // The derived public key belongs to the private key: what it signs, the public key verifies.
    QCOMPARE(store->signingPublicKey().size(), 32);
    auto derived = ed25519PublicFromPrivate(store->signingKey().view());
    QVERIFY(derived.ok());
    QCOMPARE(store->signingPublicKey(), *derived);
    auto signature = ed25519Sign(store->signingKey().view(), "checkpoint");
    QVERIFY(signature.ok());
    QVERIFY(ed25519Verify(store->signingPublicKey(), "checkpoint", *signature));
}

void TestKeyStore::openDerivesPublicKeyFromSeed()
{
    // RFC 8032 §7.1 TEST 1: an independently published seed/public key pair.
    const QString dir = freshKeyDir();
    QVERIFY(KeyStore::initialize(dir).ok());
    QVERIFY(writeKeyFile(dir + u"/signing.key"_s,
        QByteArray::fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")));
    auto store = KeyStore::open(dir);
    QVERIFY(store.ok());
    QCOMPARE(store->signingPublicKey().toHex(),
        QByteArray("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
}

void TestKeyStore::openRefusesLoosePermissions_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<int>("mode");
    QTest::newRow("directory group-readable") << QString() << 0750;
    QTest::newRow("directory other-searchable") << QString() << 0701;
    QTest::newRow("ledger.key group-readable") << u"ledger.key"_s << 0640;
    QTest::newRow("data.key other-readable") << u"data.key"_s << 0604;
    QTest::newRow("signing.key group-writable") << u"signing.key"_s << 0620;
}

void TestKeyStore::openRefusesLoosePermissions()
{
    QFETCH(QString, target);
    QFETCH(int, mode);
    const QString dir = freshKeyDir();
    QVERIFY(KeyStore::initialize(dir).ok());
    const QString path = target.isEmpty() ? dir : dir + u'/' + target;
    QVERIFY(setMode(path, mode));
    auto store = KeyStore::open(dir);
    QVERIFY(!store.ok());
    QCOMPARE(store.error().kind, ErrorKind::Refused);
    const QString message = store.error().message;
    QVERIFY2(message.contains(u"readable by group or others"_s), qPrintable(message));
    QVERIFY2(message.contains(u"chmod 700 %1 and chmod 600 %1/*.key"_s.arg(QDir::cleanPath(dir))),
        qPrintable(message));
    if (!target.isEmpty())
        QVERIFY2(message.contains(target), qPrintable(message));

    // Following the advice in the message makes the directory usable again.
    QVERIFY(setMode(dir, 0700));
    for (const QString &name : kKeyNames)
        QVERIFY(setMode(dir + u'/' + name, 0600));
    QVERIFY(KeyStore::open(dir).ok());
}

void TestKeyStore::openRefusesMissingKey_data()
{
    QTest::addColumn<QString>("name");
    for (const QString &name : kKeyNames)
        QTest::newRow(qPrintable(name)) << name;
}

void TestKeyStore::openRefusesMissingKey()
{
    QFETCH(QString, name);
    const QString dir = freshKeyDir();
    QVERIFY(KeyStore::initialize(dir).ok());
    QVERIFY(QFile::remove(dir + u'/' + name));
    auto store = KeyStore::open(dir);
    QVERIFY(!store.ok());
    QCOMPARE(store.error().kind, ErrorKind::Storage); // exit 3: a storage problem, not a refusal
    QVERIFY2(store.error().message.contains(name), qPrintable(store.error().message));
    QVERIFY2(store.error().message.contains(u"recoverydesk-cli init"_s), qPrintable(store.error().message));
}

void TestKeyStore::openRefusesMissingDirectory()
{
    auto store = KeyStore::open(freshKeyDir());
    QVERIFY(!store.ok());
    QCOMPARE(store.error().kind, ErrorKind::Storage);
    QVERIFY(store.error().message.contains(u"recoverydesk-cli init"_s));
}

// A symlinked key file (it could point at a key someone else chose) and a key directory or
// file another user owns (its owner could swap the keys) are refused.
// The key bundle (keys export) carries delivery.pub.pem: a link planted in its place is refused,
// not followed to a key someone else controls.
void TestKeyStore::materialNeverReadsADeliveryKeyThroughALink()
{
    const QString dir = freshKeyDir();
    QVERIFY(KeyStore::initialize(dir).ok());
    auto store = KeyStore::open(dir);
    QVERIFY(store.ok());
    auto none = store->material();
    QVERIFY(none.ok() && none->deliveryPublicPem.isEmpty());
    const QString planted = m_root.filePath(u"planted.pem"_s);
    QFile out(planted);
    QVERIFY(out.open(QIODevice::WriteOnly) && out.write("-----BEGIN PUBLIC KEY-----\n") > 0);
    out.close();
    QVERIFY(QFile::link(planted, store->deliveryKeyPath()));
    auto linked = store->material();
    QVERIFY(!linked.ok());
    QCOMPARE(linked.error().kind, ErrorKind::Refused);
    QVERIFY(QFile::remove(store->deliveryKeyPath()));
    QVERIFY(QFile::copy(planted, store->deliveryKeyPath()));
    auto plain = store->material();
    QVERIFY(plain.ok());
    QCOMPARE(plain->deliveryPublicPem, QByteArray("-----BEGIN PUBLIC KEY-----\n"));
}

void TestKeyStore::openRefusesLinkedOrForeignKeys()
{
    const QString dir = freshKeyDir();
    QVERIFY(KeyStore::initialize(dir).ok());
    const QString elsewhere = m_root.filePath(u"elsewhere.key"_s);
    QVERIFY(QFile::rename(dir + u"/ledger.key"_s, elsewhere));
    QVERIFY(QFile::link(elsewhere, dir + u"/ledger.key"_s));
    auto linked = KeyStore::open(dir);
    QVERIFY(!linked.ok());
    QVERIFY2(linked.error().message.contains(u"symbolic link"_s), qPrintable(linked.error().message));
    QVERIFY(QFile::remove(dir + u"/ledger.key"_s));
    QVERIFY(QFile::rename(elsewhere, dir + u"/ledger.key"_s));
    QVERIFY(KeyStore::open(dir).ok());
    if (::geteuid() != 0)
        QSKIP("changing the owner needs root (CI and the fresh-machine commands run as root)");
    const uid_t nobody = 65534;
    QCOMPARE(::chown(QFile::encodeName(dir + u"/data.key"_s).constData(), nobody, gid_t(-1)), 0);
    auto foreignFile = KeyStore::open(dir);
    QVERIFY(!foreignFile.ok());
    QVERIFY2(foreignFile.error().message.contains(u"another user"_s), qPrintable(foreignFile.error().message));
    QCOMPARE(::chown(QFile::encodeName(dir + u"/data.key"_s).constData(), ::geteuid(), gid_t(-1)), 0);
    QCOMPARE(::chown(QFile::encodeName(dir).constData(), nobody, gid_t(-1)), 0);
    auto foreignDir = KeyStore::open(dir);
    QVERIFY(!foreignDir.ok());
    QVERIFY2(foreignDir.error().message.contains(u"another user"_s), qPrintable(foreignDir.error().message));
    QCOMPARE(::chown(QFile::encodeName(dir).constData(), ::geteuid(), gid_t(-1)), 0);
}

void TestKeyStore::openRefusesWrongKeyLength_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("size");
    QTest::newRow("ledger.key empty") << u"ledger.key"_s << 0;
    QTest::newRow("data.key short") << u"data.key"_s << 31;
    QTest::newRow("signing.key long") << u"signing.key"_s << 64;
}

void TestKeyStore::openRefusesWrongKeyLength()
{
    QFETCH(QString, name);
    QFETCH(int, size);
    const QString dir = freshKeyDir();
    QVERIFY(KeyStore::initialize(dir).ok());
    QVERIFY(writeKeyFile(dir + u'/' + name, QByteArray(size, 'k')));
    auto store = KeyStore::open(dir);
    QVERIFY(!store.ok());
    QCOMPARE(store.error().kind, ErrorKind::Refused);
    QVERIFY2(store.error().message.contains(name), qPrintable(store.error().message));
    QVERIFY2(store.error().message.contains(u"instead of 32"_s), qPrintable(store.error().message));
    // initialize keeps the damaged key (it never overwrites) but reports it instead of succeeding.
    QVERIFY(!KeyStore::initialize(dir).ok());
    QCOMPARE(readFile(dir + u'/' + name).size(), size);
}

QTEST_GUILESS_MAIN(TestKeyStore)
#include "tst_keystore.moc"
