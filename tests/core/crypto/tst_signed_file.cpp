// Files RecoveryDesk writes for people (exports, reports, signatures): private from the first
// byte, never through or over a link, and signed over exactly the bytes that were written.
#include "common/PrivateFile.h"
#include "crypto/Ed25519.h"
#include "crypto/FileSignature.h"
#include "crypto/Random.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace rd;

namespace {

int modeOf(const QString &path)
{
    struct stat st {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

QByteArray contents(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestSignedFile : public QObject {
    Q_OBJECT
private slots:
    void init();
    void privateFromTheStart();
    void aLinkIsNeverWrittenThrough();
    void signsTheBytesWritten();
    void bytesChangedBehindTheWriterAreNotSigned();
    void aCheckpointMessageIsNeverSignedAsAFile();
    void newFoldersArePrivate();

private:
    QTemporaryDir m_dir;
    QByteArray m_key;
    QByteArray m_public;
};

void TestSignedFile::init()
{
    QVERIFY(m_dir.isValid());
    m_key = crypto::randomBytes(32);
    QCOMPARE(m_key.size(), 32);
    auto pub = crypto::ed25519PublicFromPrivate(m_key);
    QVERIFY(pub.ok());
    m_public = pub.value();
}

void TestSignedFile::privateFromTheStart()
{
    const QString path = m_dir.filePath(QStringLiteral("report.html"));
    const mode_t old = ::umask(0); // a careless umask must not matter
    PrivateFile file(path);
    QVERIFY(file.open().ok());
    ::umask(old);
    // The file being written is already private, and hidden beside its final name.
    QDirIterator it(m_dir.path(), {QStringLiteral(".report.html.*")}, QDir::Files | QDir::Hidden);
    QVERIFY(it.hasNext());
    QCOMPARE(modeOf(it.next()), 0600);
    QVERIFY(file.write("<p>hello</p>"));
    QVERIFY(!QFile::exists(path));
    QVERIFY(file.commit().ok());
    QCOMPARE(modeOf(path), 0600);
    QCOMPARE(contents(path), QByteArray("<p>hello</p>"));
    QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
}

void TestSignedFile::aLinkIsNeverWrittenThrough()
{
    const QString target = m_dir.filePath(QStringLiteral("victim.txt"));
    QFile t(target);
    QVERIFY(t.open(QIODevice::WriteOnly) && t.write("precious") == 8);
    t.close();
    const QString link = m_dir.filePath(QStringLiteral("out.jsonl"));
    QVERIFY(QFile::link(target, link));
    PrivateFile file(link);
    auto opened = file.open();
    QVERIFY(!opened.ok());
    QVERIFY2(opened.error().message.contains(QStringLiteral("symbolic link")), qPrintable(opened.error().message));
    QCOMPARE(contents(target), QByteArray("precious"));
    // A link planted after open() is replaced by the file, its target untouched.
    const QString later = m_dir.filePath(QStringLiteral("later.jsonl"));
    PrivateFile second(later);
    QVERIFY(second.open().ok());
    second.write("export");
    QVERIFY(QFile::link(target, later));
    QVERIFY(!second.commit().ok()); // refused at commit too
    QCOMPARE(contents(target), QByteArray("precious"));
}

void TestSignedFile::signsTheBytesWritten()
{
    const QString path = m_dir.filePath(QStringLiteral("audit.jsonl"));
    PrivateFile file(path);
    QVERIFY(file.open().ok());
    QByteArray written;
    for (int i = 0; i < 5000; ++i) { // past the write buffer
        const QByteArray line = QByteArray("{\"seq\":") + QByteArray::number(i) + "}\n";
        QVERIFY(file.write(line));
        written += line;
    }
    auto sigPath = crypto::commitSigned(file, m_key);
    QVERIFY2(sigPath.ok(), sigPath.ok() ? "" : qPrintable(sigPath.error().message));
    QCOMPARE(sigPath.value(), path + QStringLiteral(".sig"));
    QCOMPARE(contents(path), written);
    QCOMPARE(modeOf(sigPath.value()), 0600);
    QVERIFY(crypto::ed25519Verify(m_public, written, contents(sigPath.value())));
}

void TestSignedFile::bytesChangedBehindTheWriterAreNotSigned()
{
    const QString path = m_dir.filePath(QStringLiteral("outbox.jsonl"));
    PrivateFile file(path);
    QVERIFY(file.open().ok());
    QVERIFY(file.write(QByteArray(100000, 'a'))); // written through, not only buffered
    // Someone with the same rights rewrites the file being written.
    QDirIterator it(m_dir.path(), {QStringLiteral(".outbox.jsonl.*")}, QDir::Files | QDir::Hidden);
    QVERIFY(it.hasNext());
    QFile other(it.next());
    QVERIFY(other.open(QIODevice::ReadWrite));
    QVERIFY(other.seek(10));
    QVERIFY(other.write("forged") == 6);
    other.close();
    auto signedFile = crypto::commitSigned(file, m_key);
    QVERIFY(!signedFile.ok());
    QVERIFY2(signedFile.error().message.contains(QStringLiteral("changed")), qPrintable(signedFile.error().message));
    QVERIFY(!QFile::exists(path));
    QVERIFY(!QFile::exists(path + QStringLiteral(".sig")));
}

void TestSignedFile::aCheckpointMessageIsNeverSignedAsAFile()
{
    PrivateFile file(m_dir.filePath(QStringLiteral("x.jsonl")));
    QVERIFY(file.open().ok());
    file.write("RecoveryDesk audit checkpoint\n1000\n" + QByteArray(64, 'a') + "\n");
    QVERIFY(!crypto::commitSigned(file, m_key).ok());
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("x.jsonl.sig"))));
}

void TestSignedFile::newFoldersArePrivate()
{
    const QString deep = m_dir.filePath(QStringLiteral("a/b/c"));
    QVERIFY(createPrivateFolders(deep).ok());
    for (const char *sub : {"a", "a/b", "a/b/c"})
        QCOMPARE(modeOf(m_dir.filePath(QLatin1String(sub))), 0700);
    QVERIFY(createPrivateFolders(deep).ok()); // idempotent
}

QTEST_GUILESS_MAIN(TestSignedFile)
#include "tst_signed_file.moc"
