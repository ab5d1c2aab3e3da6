#include "storage/DatabaseLocation.h"

#include <QDir>
#include <QRegularExpression>

namespace rd::storage {
namespace {

// Part of what the user typed, fit for a one-line message: control characters (a pasted line
// break, an escape sequence) would break the line or reach the terminal, so they show as '?'.
QString shown(const QString &text)
{
    QString out = text.left(80);
    for (QChar &c : out)
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format || c.isSurrogate())
            c = u'?';
    return out;
}

} // namespace

Result<DatabaseLocation> DatabaseLocation::parse(const QString &text)
{
    DatabaseLocation loc;
    if (text.trimmed().isEmpty())
        return Error::badInput(QStringLiteral("The database location is empty; give a file path or a "
                                              "postgresql://user@host:port/dbname URL."));
    if (text.contains(QChar(0)))
        return Error::badInput(QStringLiteral("The database location contains a NUL character."));
    const bool isUrl = text.startsWith(QLatin1String("postgresql://")) || text.startsWith(QLatin1String("postgres://"));
    if (!isUrl) {
        if (text.contains(QLatin1String("://")))
            return Error::badInput(QStringLiteral("Unsupported database URL \"%1\"; only postgresql:// URLs and "
                                                  "file paths are understood.")
                                       .arg(shown(text)));
        loc.backend = Backend::Sqlite;
        loc.sqlitePath = QDir::cleanPath(QDir::current().absoluteFilePath(text));
        return loc;
    }
    static const QRegularExpression re(QStringLiteral(
        "^postgres(?:ql)?://([A-Za-z0-9_.-]{1,63})@([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:]{2,39}\\])(?::([0-9]{1,5}))?/"
        "([A-Za-z0-9_-]{1,63})$"));
    const auto m = re.match(text);
    if (!m.hasMatch())
        return Error::badInput(QStringLiteral("The database URL is malformed; expected "
                                              "postgresql://user@host:port/dbname (no password in the URL)."));
    loc.backend = Backend::Postgres;
    loc.user = m.captured(1);
    loc.host = m.captured(2);
    if (loc.host.startsWith(u'['))
        loc.host = loc.host.mid(1, loc.host.size() - 2);
    if (m.hasCaptured(3) && !m.captured(3).isEmpty()) {
        const int port = m.captured(3).toInt();
        if (port < 1 || port > 65535)
            return Error::badInput(QStringLiteral("The database URL's port %1 is out of range (1-65535).").arg(port));
        loc.port = port;
    }
    loc.databaseName = m.captured(4);
    return loc;
}

QString DatabaseLocation::describe() const
{
    if (backend == Backend::Sqlite)
        return sqlitePath;
    // An IPv6 host keeps its brackets, so the description is a URL that parses to the same place.
    const QString shownHost = host.contains(u':') ? u'[' + host + u']' : host;
    return QStringLiteral("postgresql://%1@%2:%3/%4").arg(user, shownHost).arg(port).arg(databaseName);
}

} // namespace rd::storage
