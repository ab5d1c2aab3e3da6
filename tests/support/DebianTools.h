#pragma once

// The command-line tools the tests call as independent judges (openssl, pdftotext, python3...)
// are Debian's, from the packages `bash tools/rd.sh packages` lists. They are looked up only in
// the system directories, never in PATH order: a hand-installed copy in /usr/local or a Python
// version manager would hide a missing package, which is what tst_install_list guards against.
// A missing tool fails the calling test loudly; it never turns into a skip or a pass.

#include <QStandardPaths>
#include <QString>
#include <QStringList>

namespace rd::test {

inline const QStringList &debianBinDirs()
{
    static const QStringList dirs{QStringLiteral("/usr/bin"), QStringLiteral("/bin"), QStringLiteral("/usr/sbin"),
                                  QStringLiteral("/sbin")};
    return dirs;
}

// The absolute path of Debian's `name`, or empty when it is not installed.
inline QString debianTool(const QString &name)
{
    return QStandardPaths::findExecutable(name, debianBinDirs());
}

} // namespace rd::test
