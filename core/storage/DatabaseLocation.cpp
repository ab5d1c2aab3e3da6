#include "storage/DatabaseLocation.h"

#include <QDir>
#include <QRegularExpression>
#include <QUrl>

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

Error refusedPassword()
{
    return Error::badInput(QStringLiteral("The database URL carries a password; remove it from the URL (it would land in "
                                          "shell history, settings and the audit trail) and give it through PGPASSWORD or "
                                          "~/.pgpass instead."));
}

// The URL's query: only the libpq parameters a desk needs (TLS and the connect time-out),
// each once, with values that need no quoting tricks.
Result<QList<QPair<QString, QString>>> parseParameters(const QString &query)
{
    static const QStringList allowed = {QStringLiteral("sslmode"), QStringLiteral("sslrootcert"), QStringLiteral("sslcert"),
                                        QStringLiteral("sslkey"), QStringLiteral("sslcrl"), QStringLiteral("connect_timeout"),
                                        QStringLiteral("application_name")};
    static const QStringList modes = {QStringLiteral("disable"), QStringLiteral("allow"), QStringLiteral("prefer"),
                                      QStringLiteral("require"), QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
    static const QRegularExpression value(QStringLiteral("^[A-Za-z0-9_./~+-]{1,1024}$"));
    QList<QPair<QString, QString>> out;
    for (const QString &pair : query.split(u'&')) {
        const qsizetype eq = pair.indexOf(u'=');
        const QString key = pair.left(eq);
        const QString val = eq < 0 ? QString() : QUrl::fromPercentEncoding(pair.mid(eq + 1).toUtf8());
        if (key == QLatin1String("password") || key == QLatin1String("passfile"))
            return refusedPassword();
        if (!allowed.contains(key))
            return Error::badInput(QStringLiteral("The database URL's parameter \"%1\" is not supported; use sslmode, "
                                                  "sslrootcert, sslcert, sslkey, sslcrl, connect_timeout or application_name.")
                                       .arg(shown(key)));
        if (eq < 0 || !value.match(val).hasMatch())
            return Error::badInput(QStringLiteral("The database URL's parameter %1 has no usable value (letters, digits and "
                                                  "_ . / ~ + - only).")
                                       .arg(key));
        if (key == QLatin1String("connect_timeout") && (val.toInt() < 1 || val.toInt() > 120))
            return Error::badInput(QStringLiteral("The database URL's connect_timeout must be 1 to 120 seconds."));
        if (key == QLatin1String("sslmode") && !modes.contains(val))
            return Error::badInput(QStringLiteral("The database URL's sslmode \"%1\" is not one of %2.")
                                       .arg(shown(val), modes.join(QStringLiteral(", "))));
        for (const auto &seen : std::as_const(out))
            if (seen.first == key)
                return Error::badInput(QStringLiteral("The database URL gives %1 twice.").arg(key));
        out.append({key, val});
    }
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
    static const QRegularExpression withPassword(QStringLiteral("^postgres(?:ql)?://[^@/?]*:[^@/?]*@"));
    if (withPassword.match(text).hasMatch())
        return refusedPassword();
    const qsizetype query = text.indexOf(u'?');
    static const QRegularExpression re(QStringLiteral(
        "^postgres(?:ql)?://([A-Za-z0-9_.-]{1,63})@([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:]{2,39}\\])(?::([0-9]{1,5}))?/"
        "([A-Za-z0-9_-]{1,63})$"));
    const auto m = re.match(query < 0 ? text : text.left(query));
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
    if (query >= 0) {
        auto parameters = parseParameters(text.mid(query + 1));
        if (!parameters)
            return parameters.error();
        loc.parameters = parameters.value();
    }
    return loc;
}

QString DatabaseLocation::describe() const
{
    if (backend == Backend::Sqlite)
        return sqlitePath;
    // An IPv6 host keeps its brackets, so the description is a URL that parses to the same place.
    const QString shownHost = host.contains(u':') ? u'[' + host + u']' : host;
    QString url = QStringLiteral("postgresql://%1@%2:%3/%4").arg(user, shownHost).arg(port).arg(databaseName);
    QStringList query;
    for (const auto &[key, value] : parameters)
        query << key + u'=' + QString::fromUtf8(QUrl::toPercentEncoding(value, "/~+"));
    if (!query.isEmpty())
        url += u'?' + query.join(u'&');
    return url;
}

} // namespace rd::storage
