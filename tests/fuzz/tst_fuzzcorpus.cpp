// Replays every seed and every input the fuzzers once broke (tests/fuzz/<target>/) through the
// same entry points, built with the normal compiler, so the normal suite catches regressions.
#include "FuzzTargets.h"

#include <QDir>
#include <QFile>
#include <QTest>

class TestFuzzCorpus : public QObject {
    Q_OBJECT
private slots:
    void replay_data();
    void replay();
};

namespace {

using Entry = void (*)(const std::uint8_t *, std::size_t);

const QList<QPair<QString, Entry>> &targets()
{
    static const QList<QPair<QString, Entry>> list = {{QStringLiteral("import_line"), rd::fuzz::importLine},
                                                      {QStringLiteral("code_normalizer"), rd::fuzz::codeNormalizer},
                                                      {QStringLiteral("diagnose_input"), rd::fuzz::diagnoseInput},
                                                      {QStringLiteral("database_url"), rd::fuzz::databaseUrl}};
    return list;
}

} // namespace

void TestFuzzCorpus::replay_data()
{
    QTest::addColumn<int>("target");
    QTest::addColumn<QString>("file");
    const QDir root(QStringLiteral(RD_FUZZ_CORPUS));
    for (int t = 0; t < targets().size(); ++t) {
        const QDir dir(root.filePath(targets()[t].first));
        const QStringList files = dir.entryList(QDir::Files, QDir::Name);
        QVERIFY2(files.size() >= 5, qPrintable(dir.path() + QStringLiteral(" needs a seed corpus")));
        for (const QString &f : files)
            QTest::newRow(qPrintable(targets()[t].first + u'/' + f)) << t << dir.filePath(f);
    }
}

void TestFuzzCorpus::replay()
{
    QFETCH(int, target);
    QFETCH(QString, file);
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    // An invariant that breaks aborts the process with its name, as under the fuzzer.
    targets()[target].second(reinterpret_cast<const std::uint8_t *>(bytes.constData()), std::size_t(bytes.size()));
}

QTEST_GUILESS_MAIN(TestFuzzCorpus)
#include "tst_fuzzcorpus.moc"
