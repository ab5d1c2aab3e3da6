#pragma once

// Runs the real recoverydesk-cli (RD_CLI) against a test workspace, as a user would.

#include "TestSupport.h"

#include <QProcess>

namespace rd::test {

struct CliRun {
    int exitCode = -1;
    QString out;
    QString err;
};

class CliRunner {
public:
    explicit CliRunner(Workspace &ws) : m_ws(ws) {}

    CliRun operator()(const QStringList &args, const QString &password = {}, const QString &newPassword = {})
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("RECOVERYDESK_DB"), m_ws.dbPath);
        env.insert(QStringLiteral("RECOVERYDESK_KEY_DIR"), m_ws.keyDir);
        env.remove(QStringLiteral("RECOVERYDESK_PASSWORD"));
        env.remove(QStringLiteral("RECOVERYDESK_NEW_PASSWORD"));
        if (!password.isEmpty())
            env.insert(QStringLiteral("RECOVERYDESK_PASSWORD"), password);
        if (!newPassword.isEmpty())
            env.insert(QStringLiteral("RECOVERYDESK_NEW_PASSWORD"), newPassword);
        p.setProcessEnvironment(env);
        p.setProgram(qEnvironmentVariable("RD_CLI"));
        p.setArguments(args);
        p.setStandardInputFile(QProcess::nullDevice());
        p.start();
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

    QList<CliRun> outputs;

private:
    Workspace &m_ws;
};

} // namespace rd::test
