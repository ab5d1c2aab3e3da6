#include "common/RandomSource.h"
#include "crypto/Random.h"
#include "ledger/CodeGenerator.h"

#include <QSet>
#include <QTest>

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

using namespace rd;
using namespace rd::ledger;
using namespace Qt::StringLiterals;

namespace {

// A deterministic source: byte n of the stream is next(n). Counts what it served so tests can check
// that the generator wastes nothing beyond rejected bytes.
class FakeRandom final : public RandomSource {
public:
    explicit FakeRandom(std::function<unsigned char(std::size_t)> next, std::size_t failAfterCalls = SIZE_MAX)
        : m_next(std::move(next))
        , m_failAfterCalls(failAfterCalls)
    {
    }

    bool fill(std::span<unsigned char> out) override
    {
        if (m_calls++ >= m_failAfterCalls)
            return false;
        for (unsigned char &b : out)
            b = m_next(m_served++);
        return true;
    }

    std::size_t served() const { return m_served; }

private:
    std::function<unsigned char(std::size_t)> m_next;
    std::size_t m_failAfterCalls;
    std::size_t m_calls = 0;
    std::size_t m_served = 0;
};

// 0, 1, ..., 255, 0, 1, ...
FakeRandom cyclicSource()
{
    return FakeRandom([](std::size_t n) { return static_cast<unsigned char>(n & 0xff); });
}

// Every aligned window of 256 bytes holds each value exactly once (like the cyclic source), but in a
// shuffled order that differs per window, so consecutive codes do not repeat.
FakeRandom shuffledCycleSource()
{
    auto permutations = std::make_shared<std::vector<std::array<unsigned char, 256>>>();
    return FakeRandom([permutations](std::size_t n) {
        const std::size_t cycle = n / 256;
        while (permutations->size() <= cycle) {
            std::array<unsigned char, 256> p;
            for (int i = 0; i < 256; ++i)
                p[std::size_t(i)] = static_cast<unsigned char>(i);
            std::uint32_t state = 0x9e3779b9u ^ std::uint32_t(permutations->size() * 2654435761u);
            for (int i = 255; i > 0; --i) {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                std::swap(p[std::size_t(i)], p[state % std::uint32_t(i + 1)]);
            }
            permutations->push_back(p);
        }
        return (*permutations)[cycle][n % 256];
    });
}

// Plays `script`, then zeros.
FakeRandom scriptedSource(std::vector<unsigned char> script)
{
    return FakeRandom([script = std::move(script)](std::size_t n) {
        return n < script.size() ? script[n] : static_cast<unsigned char>(0);
    });
}

std::vector<unsigned char> range(int from, int to) // [from, to)
{
    std::vector<unsigned char> out;
    for (int i = from; i < to; ++i)
        out.push_back(static_cast<unsigned char>(i));
    return out;
}

std::vector<unsigned char> concat(std::initializer_list<std::vector<unsigned char>> parts)
{
    std::vector<unsigned char> out;
    for (const auto &p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}

QString text(const crypto::SecretBytes &code)
{
    return QString::fromLatin1(code.view());
}

// How often each symbol of the alphabet occurs in all codes.
std::vector<int> symbolCounts(const std::vector<crypto::SecretBytes> &codes, Alphabet alphabet)
{
    const QStringView symbols = alphabetChars(alphabet);
    std::vector<int> counts(std::size_t(symbols.size()), 0);
    for (const auto &code : codes) {
        for (char c : code.view()) {
            const qsizetype i = symbols.indexOf(QLatin1Char(c));
            if (i >= 0)
                ++counts[std::size_t(i)];
        }
    }
    return counts;
}

} // namespace

class TestCodeGenerator : public QObject {
    Q_OBJECT

private slots:
    void formats_data();
    void formats();
    void defaults();
    void countBounds_data();
    void countBounds();
    void collisionIsRegenerated();
    void repeatingSourceIsRefused();
    void failingSourceIsRefused_data();
    void failingSourceIsRefused();
    void stuckSourceIsRefused();
    void drawSymbolsHasNoModuloBias_data();
    void drawSymbolsHasNoModuloBias();
    void generatedCodesAreExactlyUniform_data();
    void generatedCodesAreExactlyUniform();
};

void TestCodeGenerator::formats_data()
{
    QTest::addColumn<CodeFormat>("format");
    QTest::newRow("digits8") << CodeFormat::Digits8;
    QTest::newRow("digits10") << CodeFormat::Digits10;
    QTest::newRow("base32x10") << CodeFormat::Base32x10;
    QTest::newRow("base32x16") << CodeFormat::Base32x16;
}

void TestCodeGenerator::formats()
{
    QFETCH(CodeFormat, format);
    CodeGenerator generator(crypto::systemRandom());
    auto codes = generator.generate(format, 10);
    QVERIFY2(codes.ok(), qPrintable(codes.ok() ? QString() : codes.error().message));
    QCOMPARE(codes->size(), std::size_t(10));

    QSet<QString> distinct;
    for (const auto &code : *codes) {
        const QString s = text(code);
        QCOMPARE(s.size(), qsizetype(codeLength(format)));
        QVERIFY2(fitsFormat(format, s), qPrintable(s));
        for (QChar c : s)
            QVERIFY(alphabetChars(alphabetOf(format)).contains(c));
        distinct.insert(s);
    }
    QCOMPARE(distinct.size(), qsizetype(10));
}

void TestCodeGenerator::defaults()
{
    CodeGenerator generator(crypto::systemRandom());
    auto codes = generator.generate();
    QVERIFY(codes.ok());
    QCOMPARE(codes->size(), std::size_t(10));
    for (const auto &code : *codes) {
        QCOMPARE(code.size(), std::size_t(16));
        QVERIFY(fitsFormat(CodeFormat::Base32x16, text(code)));
    }
}

void TestCodeGenerator::countBounds_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<bool>("ok");
    QTest::newRow("-1") << -1 << false;
    QTest::newRow("0") << 0 << false;
    QTest::newRow("1") << 1 << true;
    QTest::newRow("100") << 100 << true;
    QTest::newRow("101") << 101 << false;
}

void TestCodeGenerator::countBounds()
{
    QFETCH(int, count);
    QFETCH(bool, ok);
    CodeGenerator generator(crypto::systemRandom());
    auto codes = generator.generate(CodeFormat::Digits8, count);
    QCOMPARE(codes.ok(), ok);
    if (ok) {
        QCOMPARE(codes->size(), std::size_t(count));
    } else {
        QCOMPARE(codes.error().kind, ErrorKind::BadInput);
        QVERIFY(!codes.error().message.isEmpty());
    }
}

void TestCodeGenerator::collisionIsRegenerated()
{
    {
        // Crockford: the second draw repeats the first and must be thrown away.
        FakeRandom source = scriptedSource(concat({ range(0, 16), range(0, 16), range(16, 32) }));
        CodeGenerator generator(source);
        auto codes = generator.generate(CodeFormat::Base32x16, 2);
        QVERIFY(codes.ok());
        QCOMPARE(codes->size(), std::size_t(2));
        QCOMPARE(text((*codes)[0]), u"0123456789ABCDEF"_s);
        QCOMPARE(text((*codes)[1]), u"GHJKMNPQRSTVWXYZ"_s);
        QCOMPARE(source.served(), std::size_t(48));
    }
    {
        // Digits, with rejected bytes mixed in: 250 and 255 are skipped, the repeat is redrawn.
        FakeRandom source = scriptedSource(
            concat({ range(0, 8), { 250 }, range(0, 8), { 255 }, { 9, 8, 7, 6, 5, 4, 3, 2 } }));
        CodeGenerator generator(source);
        auto codes = generator.generate(CodeFormat::Digits8, 2);
        QVERIFY(codes.ok());
        QCOMPARE(text((*codes)[0]), u"01234567"_s);
        QCOMPARE(text((*codes)[1]), u"98765432"_s);
        QCOMPARE(source.served(), std::size_t(26));
    }
}

void TestCodeGenerator::repeatingSourceIsRefused()
{
    // The cyclic stream gives only two distinct base32x16 codes and one digits10 code: asking for
    // more must end in a refusal, not an endless loop.
    {
        FakeRandom source = cyclicSource();
        CodeGenerator generator(source);
        auto codes = generator.generate(CodeFormat::Base32x16, 3);
        QVERIFY(!codes.ok());
        QCOMPARE(codes.error().kind, ErrorKind::Refused);
    }
    {
        FakeRandom source = cyclicSource();
        CodeGenerator generator(source);
        auto codes = generator.generate(CodeFormat::Digits10, 2);
        QVERIFY(!codes.ok());
        QCOMPARE(codes.error().kind, ErrorKind::Refused);
    }
}

void TestCodeGenerator::failingSourceIsRefused_data()
{
    QTest::addColumn<int>("goodCalls");
    QTest::newRow("fails at once") << 0;
    QTest::newRow("fails midway") << 3;
}

void TestCodeGenerator::failingSourceIsRefused()
{
    QFETCH(int, goodCalls);
    FakeRandom source(
        [](std::size_t n) { return static_cast<unsigned char>(n * 7); }, std::size_t(goodCalls));
    CodeGenerator generator(source);
    auto codes = generator.generate(CodeFormat::Base32x16, 10);
    QVERIFY(!codes.ok());
    QCOMPARE(codes.error().kind, ErrorKind::Refused);
    QVERIFY(codes.error().message.contains(u"random"_s));
}

void TestCodeGenerator::stuckSourceIsRefused()
{
    // 255 is always rejected for digits: the generator must give up rather than spin.
    FakeRandom source([](std::size_t) { return static_cast<unsigned char>(255); });
    CodeGenerator generator(source);
    auto codes = generator.generate(CodeFormat::Digits8, 1);
    QVERIFY(!codes.ok());
    QCOMPARE(codes.error().kind, ErrorKind::Refused);
}

void TestCodeGenerator::drawSymbolsHasNoModuloBias_data()
{
    QTest::addColumn<Alphabet>("alphabet");
    QTest::addColumn<int>("symbols");
    QTest::addColumn<int>("expectedEach");
    QTest::addColumn<int>("bytesServed");

    // Digits: 250 usable bytes per 256-byte cycle (25 of each digit), so 1000 digits take 3 cycles
    // plus 0..249 of the fourth; the trailing rejects 250..255 are never drawn.
    // Crockford: every byte is usable, 4 full cycles.
    QTest::newRow("digits") << Alphabet::Digits << 1000 << 100 << 1018;
    QTest::newRow("crockford") << Alphabet::Crockford << 1024 << 32 << 1024;
}

void TestCodeGenerator::drawSymbolsHasNoModuloBias()
{
    QFETCH(Alphabet, alphabet);
    QFETCH(int, symbols);
    QFETCH(int, expectedEach);
    QFETCH(int, bytesServed);

    FakeRandom source = cyclicSource();
    std::vector<char> out(static_cast<std::size_t>(symbols));
    QVERIFY(CodeGenerator::drawSymbols(source, alphabet, out));
    QCOMPARE(source.served(), std::size_t(bytesServed));

    const QStringView chars = alphabetChars(alphabet);
    for (QChar symbol : chars) {
        const auto n = std::count(out.begin(), out.end(), char(symbol.unicode()));
        QCOMPARE(int(n), expectedEach);
    }

    if (alphabet == Alphabet::Digits) {
        // The same stream through a plain `byte % 10` would favour 0-5: proof this test can fail.
        std::array<int, 10> naive {};
        for (int n = 0; n < symbols; ++n)
            ++naive[std::size_t((n & 0xff) % 10)];
        QCOMPARE(naive[0], 102);
        QCOMPARE(naive[9], 98);
    }
}

void TestCodeGenerator::generatedCodesAreExactlyUniform_data()
{
    QTest::addColumn<CodeFormat>("format");
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("expectedEach");

    // Both use every accepted byte of exactly four 256-byte cycles when no code repeats.
    QTest::newRow("digits10 x100") << CodeFormat::Digits10 << 100 << 100;
    QTest::newRow("base32x16 x64") << CodeFormat::Base32x16 << 64 << 32;
}

void TestCodeGenerator::generatedCodesAreExactlyUniform()
{
    QFETCH(CodeFormat, format);
    QFETCH(int, count);
    QFETCH(int, expectedEach);

    FakeRandom source = shuffledCycleSource();
    CodeGenerator generator(source);
    auto codes = generator.generate(format, count);
    QVERIFY(codes.ok());
    QCOMPARE(codes->size(), std::size_t(count));
    // More than four cycles would mean a redraw, and the counts below could not be exact.
    QVERIFY(source.served() <= 1024);
    for (int n : symbolCounts(*codes, alphabetOf(format)))
        QCOMPARE(n, expectedEach);
}

QTEST_APPLESS_MAIN(TestCodeGenerator)
#include "tst_codegenerator.moc"
