// Proves the one package list (`bash tools/rd.sh packages`) against this machine instead of
// trusting it: every CMake package configuration the configure step loaded, OpenSSL's headers
// and library, and every tool the tests and CI call must come from a Debian package the list
// installs. A package installed by hand long ago (libqt6opengl6-dev, once) makes CI green on a
// reused machine and the README's first command fail on a fresh one; this test fails instead,
// naming the package.

#include "DebianTools.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QLibraryInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.setStandardInputFile(QProcess::nullDevice());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"LC_ALL"_s, u"C"_s);
    p.setProcessEnvironment(env);
    p.start(program, args);
    Run r;
    if (!p.waitForFinished(120000))
        return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// A file the build or the tests use, why, and (where it may be missing) the package that ships it.
struct Need {
    QString path;
    QString why;
    QString shippedBy = {};
};

// The spellings dpkg may have registered a file under (Debian 12 merges /bin into /usr/bin).
QStringList spellings(const QString &path)
{
    QStringList all{path, QFileInfo(path).canonicalFilePath()};
    for (const char *dir : {"/bin/", "/sbin/", "/lib/", "/lib64/"}) {
        const QString root = QLatin1String(dir);
        if (path.startsWith(root))
            all << u"/usr"_s + path;
        else if (path.startsWith(u"/usr"_s + root))
            all << path.mid(4);
    }
    all.removeAll(QString());
    all.removeDuplicates();
    return all;
}

} // namespace

class TestInstallList final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void listIsPrinted();
    void packageConfigurationsAreListed();
    void opensslIsListed();
    void linkedLibrariesAreListed_data();
    void linkedLibrariesAreListed();
    void buildInputsAreListed();
    void compilerAndLibrariesComeWithTheList();
    void testToolsComeWithTheList();
    void runtimePluginsComeWithTheList();

private:
    // The Debian package that owns each path (as given, else with links resolved); none if unowned.
    QHash<QString, QString> owners(const QStringList &paths) const;
    QStringList check(const QList<Need> &needs, bool mustBeListed) const;

    QString m_source;
    QString m_build;
    QStringList m_all;  // `packages`: everything, fuzzing included
    QStringList m_list; // `packages base`: what `rd.sh run/test` install
    QSet<QString> m_listed;
    QSet<QString> m_closure;
    QSet<QString> m_essential;
    QHash<QString, QString> m_cache;
};

void TestInstallList::initTestCase()
{
    m_source = qEnvironmentVariable("RD_SOURCE_DIR");
    m_build = qEnvironmentVariable("RD_BUILD_DIR");
    QVERIFY2(QFileInfo::exists(m_source + u"/tools/rd.sh"_s), "RD_SOURCE_DIR must name the source tree");
    QVERIFY2(QFileInfo::exists(m_build + u"/CMakeCache.txt"_s), "RD_BUILD_DIR must name a configured build");
    for (const char *tool : {"bash", "dpkg-query", "apt-cache"})
        QVERIFY2(!rd::test::debianTool(QLatin1String(tool)).isEmpty(), tool);

    const Run all = run(rd::test::debianTool(u"bash"_s), {m_source + u"/tools/rd.sh"_s, u"packages"_s});
    QCOMPARE(all.exitCode, 0);
    m_all = all.out.split(u'\n', Qt::SkipEmptyParts);
    // What the README's commands install (the fuzzing extras are not part of them).
    const Run listed = run(rd::test::debianTool(u"bash"_s), {m_source + u"/tools/rd.sh"_s, u"packages"_s, u"base"_s});
    QCOMPARE(listed.exitCode, 0);
    m_list = listed.out.split(u'\n', Qt::SkipEmptyParts);
    m_listed = QSet<QString>(m_list.cbegin(), m_list.cend());

    // What installing the list brings along: its Depends and Pre-Depends, recursively.
    const Run depends = run(rd::test::debianTool(u"apt-cache"_s),
                            QStringList{u"depends"_s, u"--recurse"_s, u"--no-recommends"_s, u"--no-suggests"_s,
                                        u"--no-conflicts"_s, u"--no-breaks"_s, u"--no-replaces"_s,
                                        u"--no-enhances"_s} + m_list);
    QVERIFY2(depends.exitCode == 0, qPrintable(u"apt-cache depends failed (run apt-get update): "_s + depends.err));
    for (const QString &line : depends.out.split(u'\n', Qt::SkipEmptyParts)) {
        if (!line.startsWith(u' '))
            m_closure.insert(line.trimmed().remove(u'<').remove(u'>'));
    }
    QVERIFY2(m_closure.contains(u"libc6"_s), "the dependency closure looks empty: are the package lists there?");

    // Essential packages are on every Debian system (dpkg, coreutils, gzip...).
    const Run essential = run(rd::test::debianTool(u"dpkg-query"_s), {u"-W"_s, u"-f=${Package} ${Essential}\\n"_s});
    for (const QString &line : essential.out.split(u'\n', Qt::SkipEmptyParts)) {
        if (line.endsWith(u" yes"_s))
            m_essential.insert(line.section(u' ', 0, 0));
    }

    QFile cache(m_build + u"/CMakeCache.txt"_s);
    QVERIFY(cache.open(QIODevice::ReadOnly | QIODevice::Text));
    static const QRegularExpression entry(u"^([A-Za-z0-9_.+-]+):(PATH|FILEPATH|STRING)=(.*)$"_s);
    while (!cache.atEnd()) {
        const auto m = entry.match(QString::fromUtf8(cache.readLine()).trimmed());
        if (m.hasMatch())
            m_cache.insert(m.captured(1), m.captured(3));
    }
}

void TestInstallList::listIsPrinted()
{
    QVERIFY(m_list.size() > 10);
    QCOMPARE(m_listed.size(), m_list.size()); // no package twice
    QCOMPARE(m_all.mid(0, m_list.size()), m_list);
    QVERIFY(m_all.contains(u"clang"_s));
    // The package whose absence once broke the README's commands on a fresh machine.
    QVERIFY(m_listed.contains(u"libqt6opengl6-dev"_s));
}

QHash<QString, QString> TestInstallList::owners(const QStringList &paths) const
{
    // One dpkg-query for all of them: each call reads dpkg's whole file database.
    QStringList candidates;
    for (const QString &path : paths)
        candidates << spellings(path);
    candidates.removeDuplicates();
    const Run r = run(rd::test::debianTool(u"dpkg-query"_s), QStringList{u"-S"_s} + candidates);
    // Lines "pkg:arch: /path" or "a, b: /path" (first owner wins) and "diversion by ..." (skipped);
    // paths nobody owns are named on stderr only.
    QHash<QString, QString> byPath;
    for (const QString &line : r.out.split(u'\n', Qt::SkipEmptyParts)) {
        const qsizetype colon = line.indexOf(u": /"_s);
        if (colon < 0 || line.contains(u"diversion"_s)) // "diversion by x from: /p", "local diversion ..."
            continue;
        byPath.insert(line.mid(colon + 2), line.left(colon).section(u',', 0, 0).section(u':', 0, 0).trimmed());
    }
    QHash<QString, QString> result;
    for (const QString &path : paths) {
        for (const QString &spelling : spellings(path)) {
            if (const QString owner = byPath.value(spelling); !owner.isEmpty()) {
                result.insert(path, owner);
                break;
            }
        }
    }
    return result;
}

QStringList TestInstallList::check(const QList<Need> &needs, bool mustBeListed) const
{
    QStringList paths;
    for (const Need &need : needs)
        paths << need.path;
    const QHash<QString, QString> owner = owners(paths);
    QStringList problems;
    for (const Need &need : needs) {
        if (!QFileInfo::exists(need.path)) {
            problems << (need.shippedBy.isEmpty()
                             ? u"%1: %2 does not exist"_s.arg(need.why, need.path)
                             : u"%1: %2 does not exist; it comes from %3, which `bash tools/rd.sh packages` must list"_s.arg(
                                   need.why, need.path, need.shippedBy));
            continue;
        }
        const QString package = owner.value(need.path);
        if (package.isEmpty()) {
            problems << u"%1: %2 belongs to no Debian package (installed by hand?)"_s.arg(need.why, need.path);
        } else if (m_listed.contains(package) || m_essential.contains(package)) {
            continue;
        } else if (mustBeListed) {
            problems << u"%1: %2 comes from %3, which `bash tools/rd.sh packages` does not list%4"_s.arg(
                need.why, need.path, package,
                m_closure.contains(package) ? u" (another package pulls it in today; name it)"_s : QString());
        } else if (!m_closure.contains(package)) {
            problems << u"%1: %2 comes from %3, which neither `bash tools/rd.sh packages` nor its dependencies "
                        u"install"_s.arg(need.why, need.path, package);
        }
    }
    return problems;
}

// The configure step's find_package() results: each <Name>_DIR that holds a package
// configuration. What CMake loaded must be named in the list itself: a package that another
// one happens to depend on today may not tomorrow.
void TestInstallList::packageConfigurationsAreListed()
{
    QList<Need> needs;
    for (auto it = m_cache.cbegin(); it != m_cache.cend(); ++it) {
        if (!it.key().endsWith(u"_DIR"_s) || it.value().startsWith(m_source + u'/')
            || it.value().startsWith(m_build + u'/'))
            continue;
        const QString name = it.key().chopped(4);
        for (const QString &file : {name + u"Config.cmake"_s, name.toLower() + u"-config.cmake"_s}) {
            const QString path = QDir(it.value()).filePath(file);
            if (QFileInfo::exists(path)) {
                needs.append({path, it.key()});
                break;
            }
        }
    }
    QVERIFY2(needs.size() >= 5, "expected the Qt 6 package configurations in CMakeCache.txt");
    const QStringList problems = check(needs, true);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void TestInstallList::opensslIsListed()
{
    const QString include = m_cache.value(u"OPENSSL_INCLUDE_DIR"_s);
    const QString library = m_cache.value(u"OPENSSL_CRYPTO_LIBRARY"_s);
    QVERIFY2(!include.isEmpty() && !library.isEmpty(), "find_package(OpenSSL) left no cache entries");
    const QStringList problems = check({{include + u"/openssl/opensslv.h"_s, u"OpenSSL headers"_s},
                                        {include + u"/openssl/evp.h"_s, u"OpenSSL headers"_s},
                                        {library, u"OPENSSL_CRYPTO_LIBRARY"_s}},
                                       true);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

// Libraries core/storage links besides Qt, each found by find_package() (header and library in
// the cache): SQLite, for a process-wide setting of the library Qt's SQLite driver loads, and
// libpq, to COPY an import's attempts on the connection of Qt's PostgreSQL driver. Their -dev
// packages must be listed: the driver packages bring only the runtimes.
void TestInstallList::linkedLibrariesAreListed_data()
{
    QTest::addColumn<QString>("includeKey");
    QTest::addColumn<QString>("header");
    QTest::addColumn<QString>("libraryKey");
    QTest::newRow("SQLite") << u"SQLite3_INCLUDE_DIR"_s << u"sqlite3.h"_s << u"SQLite3_LIBRARY"_s;
    QTest::newRow("libpq") << u"PostgreSQL_INCLUDE_DIR"_s << u"libpq-fe.h"_s << u"PostgreSQL_LIBRARY_RELEASE"_s;
}

void TestInstallList::linkedLibrariesAreListed()
{
    QFETCH(QString, includeKey);
    QFETCH(QString, header);
    QFETCH(QString, libraryKey);
    const QString include = m_cache.value(includeKey);
    const QString library = m_cache.value(libraryKey);
    QVERIFY2(!include.isEmpty() && !library.isEmpty(), "find_package() left no cache entries");
    const QStringList problems = check({{include + u'/' + header, includeKey}, {library, libraryKey}}, true);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

// The rest of what configuring and building loads by name: the OpenGL headers Qt's Gui
// configuration looks for, and Qt's code generators that every target runs (moc, rcc, uic).
void TestInstallList::buildInputsAreListed()
{
    const QString gl = m_cache.value(u"OPENGL_INCLUDE_DIR"_s);
    QVERIFY2(!gl.isEmpty() && !gl.endsWith(u"-NOTFOUND"_s), "find_package(OpenGL) left no include directory");
    QList<Need> needs{{gl + u"/GL/gl.h"_s, u"OPENGL_INCLUDE_DIR"_s}};
    const QString libexec = QLibraryInfo::path(QLibraryInfo::LibraryExecutablesPath);
    for (const char *tool : {"moc", "rcc", "uic"})
        needs.append({libexec + u'/' + QLatin1String(tool), u"Qt code generator"_s});
    const QStringList problems = check(needs, true);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

// What the configure step found besides package configurations: the compiler and build tools,
// and the OpenGL libraries Qt's Gui configuration asks for. These may come through dependencies.
void TestInstallList::compilerAndLibrariesComeWithTheList()
{
    QList<Need> needs;
    for (const char *key : {"CMAKE_CXX_COMPILER", "CMAKE_MAKE_PROGRAM", "CCACHE_PROGRAM", "PKG_CONFIG_EXECUTABLE",
                            "OPENGL_opengl_LIBRARY", "OPENGL_glx_LIBRARY"}) {
        const QString value = m_cache.value(QLatin1String(key));
        QVERIFY2(!value.isEmpty() && !value.endsWith(u"-NOTFOUND"_s), key);
        needs.append({value, QLatin1String(key)});
    }
    const QStringList problems = check(needs, false);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

// Every tool a test, tools/rd.sh or CI's extra steps call, as they find it (Debian's).
void TestInstallList::testToolsComeWithTheList()
{
    // Tool -> the package that ships it, named when the tool is missing.
    static const QList<std::pair<const char *, const char *>> tools{
        {"openssl", "openssl"},       {"pdftotext", "poppler-utils"},   {"python3", "python3"},
        {"sqlite3", "sqlite3"},       {"xvfb-run", "xvfb"},             {"Xvfb", "xvfb"},
        {"xauth", "xauth"},           {"desktop-file-validate", "desktop-file-utils"},
        {"appstreamcli", "appstream"}, {"dpkg-shlibdeps", "dpkg-dev"},  {"dpkg-deb", "dpkg"},
        {"file", "file"},             {"cmake", "cmake"},               {"ninja", "ninja-build"},
        {"ccache", "ccache"},         {"qtpaths6", "qt6-base-dev-tools"}, {"strip", "binutils"},
        {"systemd-analyze", "systemd"}};
    QList<Need> needs;
    for (const auto &[tool, package] : tools) {
        const QString path = rd::test::debianTool(QLatin1String(tool));
        needs.append({path.isEmpty() ? u"/usr/bin/"_s + QLatin1String(tool) : path, QLatin1String(tool),
                      QLatin1String(package)});
    }
    // The `postgres` tests' throw-away cluster (tests/support/pg-cluster.sh, PgTestServer.h).
    static const QList<std::pair<const char *, const char *>> postgres{
        {"initdb", "postgresql-15"}, {"pg_ctl", "postgresql-15"}, {"psql", "postgresql-client-15"}, {"pg_dump", "postgresql-client-15"}};
    for (const auto &[tool, package] : postgres)
        needs.append({u"/usr/lib/postgresql/15/bin/"_s + QLatin1String(tool), QLatin1String(tool), QLatin1String(package)});
    const QStringList problems = check(needs, false);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

// What the desktop (`rd.sh run`), the CLI's PDF reports and the tests load at run time.
void TestInstallList::runtimePluginsComeWithTheList()
{
    const QString plugins = QLibraryInfo::path(QLibraryInfo::PluginsPath);
    QList<Need> needs;
    static const QList<std::pair<const char *, const char *>> pluginPackages{
        {"platforms/libqxcb.so", "libqt6gui6"},           {"platforms/libqoffscreen.so", "libqt6gui6"},
        {"sqldrivers/libqsqlite.so", "libqt6sql6-sqlite"}, {"sqldrivers/libqsqlpsql.so", "libqt6sql6-psql"},
        {"iconengines/libqsvgicon.so", "libqt6svg6"},      {"imageformats/libqsvg.so", "libqt6svg6"}};
    for (const auto &[plugin, package] : pluginPackages)
        needs.append({plugins + u'/' + QLatin1String(plugin), u"Qt plugin"_s, QLatin1String(package)});
    const QStringList problems = check(needs, false);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

QTEST_GUILESS_MAIN(TestInstallList)
#include "tst_install_list.moc"
