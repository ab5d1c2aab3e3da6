#pragma once

// Runs the real recoverydesk-cli (RD_CLI) against a test workspace, as a user would.

#include "TestSupport.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <memory>
#include <optional>

namespace rd::test {

struct CliRun {
    int exitCode = -1;
    QString out;
    QString err;
};

class CliRunner {
public:
    explicit CliRunner(Workspace &ws) : m_ws(ws) {}

    // Starts the CLI without waiting, for runs that must overlap (operator() waits). With
    // Stdin::Open the test writes the standard input itself; else it reads nothing.
    enum class Stdin { Empty, Open };
    std::unique_ptr<QProcess> start(const QStringList &args, const QString &password = {}, const QString &newPassword = {},
                                    Stdin input = Stdin::Empty)
    {
        auto p = std::make_unique<QProcess>();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("RECOVERYDESK_DB"), m_ws.dbPath);
        env.insert(QStringLiteral("RECOVERYDESK_KEY_DIR"), m_ws.keyDir);
        env.remove(QStringLiteral("RECOVERYDESK_PASSWORD"));
        env.remove(QStringLiteral("RECOVERYDESK_NEW_PASSWORD"));
        if (!password.isEmpty())
            env.insert(QStringLiteral("RECOVERYDESK_PASSWORD"), password);
        if (!newPassword.isEmpty())
            env.insert(QStringLiteral("RECOVERYDESK_NEW_PASSWORD"), newPassword);
        for (auto it = environment.cbegin(); it != environment.cend(); ++it)
            env.insert(it.key(), it.value());
        p->setProcessEnvironment(env);
        p->setProgram(qEnvironmentVariable("RD_CLI"));
        p->setArguments(args);
        if (input == Stdin::Empty)
            p->setStandardInputFile(QProcess::nullDevice());
        p->start();
        return p;
    }

    CliRun operator()(const QStringList &args, const QString &password = {}, const QString &newPassword = {})
    {
        auto started = start(args, password, newPassword);
        QProcess &p = *started;
        CliRun r;
        if (!p.waitForFinished(120000)) {
            qWarning("recoverydesk-cli %s did not finish", qPrintable(args.join(u' ')));
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        outputs.append(r);
        return r;
    }

    // The first sign-in of an operator someone else gave a password: `own` becomes theirs.
    bool firstSignIn(const QString &username, const QString &given, const QString &own)
    {
        const CliRun r = (*this)({QStringLiteral("--as"), username, QStringLiteral("operator"), QStringLiteral("password")}, given, own);
        if (r.exitCode != 0)
            qWarning("first sign-in of %s exited %d: %s", qPrintable(username), r.exitCode, qPrintable(r.err));
        return r.exitCode == 0;
    }

    QList<CliRun> outputs;
    // More environment for every later run (RECOVERYDESK_KEYS_PASSPHRASE, say).
    QHash<QString, QString> environment;

private:
    Workspace &m_ws;
};

// The desk the CLI tests share, built through the CLI as a user would: `init` makes boss the
// admin, boss adds the operators; optionally the fixture world is imported and the platform's
// delivery key installed. Every operator has the password passwordOf() gives.
class CliDesk {
public:
    explicit CliDesk(Workspace &ws) : cli(ws) {}

    struct Operator {
        const char *username;
        const char *role;
    };

    static QString passwordOf(const QString &username)
    {
        static const QHash<QString, QString> passwords{{QStringLiteral("boss"), QStringLiteral("boss-password-1")},
                                                       {QStringLiteral("alice"), QStringLiteral("alice-password-1")},
                                                       {QStringLiteral("sam"), QStringLiteral("sam-password-12")},
                                                       {QStringLiteral("sue"), QStringLiteral("sue-password-12")}};
        return passwords.value(username, username + QStringLiteral("-password-12"));
    }

    // false (with a warning naming the step) if a step did not exit 0.
    bool create(std::initializer_list<Operator> operators, bool withWorld)
    {
        if (!step(cli({QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("boss")}, {}, passwordOf(QStringLiteral("boss"))), "init"))
            return false;
        for (const Operator &o : operators) {
            const QString name = QLatin1String(o.username);
            if (!add(name, QLatin1String(o.role)))
                return false;
            if (m_confirmer.isEmpty() && QLatin1String(o.role) != QLatin1String("agent"))
                m_confirmer = name; // the second person for the grants after it
        }
        if (!withWorld)
            return true;
        if (!step(as(QStringLiteral("boss"), {QStringLiteral("import"), dataPath(QStringLiteral("import/world.jsonl"))}), "import"))
            return false;
        CliRun key = as(QStringLiteral("boss"), {QStringLiteral("--json"), QStringLiteral("delivery-key"), QStringLiteral("set"),
                                                 dataPath(QStringLiteral("crypto/rsa2048-public.pem"))});
        return step(key, "delivery-key set") && confirmIfPending(key).has_value();
    }

    // The password boss chooses for a new operator: it only lets them choose their own.
    static QString firstPasswordOf(const QString &username) { return username + QStringLiteral("-given-by-boss"); }

    // boss adds the operator (a supervisor or admin is confirmed by the desk's second person),
    // and the operator signs in once to set passwordOf(): the steps a real desk takes.
    bool add(const QString &username, const QString &role)
    {
        CliRun added = cli({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("--json"), QStringLiteral("operator"),
                            QStringLiteral("add"), username, QStringLiteral("--role"), role},
                           passwordOf(QStringLiteral("boss")), firstPasswordOf(username));
        if (!step(added, "operator add"))
            return false;
        // An agent's first password is boss's; a supervisor's or admin's is a one-time password,
        // whole on a desk with no second person, else boss's part and the confirmer's.
        const QString first = oneTimePasswordOf(added);
        const std::optional<QString> second = confirmIfPending(added);
        if (!second)
            return false;
        const QString given = first.isEmpty() ? firstPasswordOf(username) : second->isEmpty() ? first : first + u' ' + *second;
        return firstSignIn(username, given);
    }

    // The one-time password (or the part of it) a --json command printed; empty when none.
    static QString oneTimePasswordOf(const CliRun &run)
    {
        return QJsonDocument::fromJson(run.out.toUtf8()).object().value(QStringLiteral("one_time_password")).toString();
    }

    // The operator replaces a password someone else gave them with passwordOf().
    bool firstSignIn(const QString &username, const QString &given) { return cli.firstSignIn(username, given, passwordOf(username)); }

    // A grant the last command left waiting (four eyes) is confirmed by the desk's first
    // supervisor or admin after boss, as a second person would. The second part of the one-time
    // password the confirmation gave (empty when nothing waited or none was set; nothing on failure).
    std::optional<QString> confirmIfPending(const CliRun &run)
    {
        const QJsonObject o = QJsonDocument::fromJson(run.out.toUtf8()).object();
        if (o.value(QStringLiteral("state")).toString() != QLatin1String("pending"))
            return QString();
        CliRun confirmed = as(m_confirmer, {QStringLiteral("--json"), QStringLiteral("operator"), QStringLiteral("confirm"),
                                            o.value(QStringLiteral("grant")).toString()});
        if (!step(confirmed, "operator confirm"))
            return std::nullopt;
        return oneTimePasswordOf(confirmed);
    }

    // Runs a command signed in as username (with that operator's password).
    CliRun as(const QString &username, const QStringList &args)
    {
        return cli(QStringList{QStringLiteral("--as"), username} + args, passwordOf(username));
    }

    CliRunner cli;

private:
    QString m_confirmer;
    static bool step(const CliRun &run, const char *what)
    {
        if (run.exitCode == 0)
            return true;
        qWarning("setting up the desk: %s exited %d: %s", what, run.exitCode, qPrintable(run.err));
        return false;
    }
};

} // namespace rd::test
