// The child of tst_crash: imports, four-eyes resets and audit appends in a loop, through the
// same services the CLI and the desktop app use, until the parent kills it with SIGKILL.
// Before each operation it journals "begin", after its commit returned "done", so the parent
// knows what must be there (done) and what must be all-or-nothing (begun).
//   rd_crash_child DB KEY_DIR JOURNAL WORK_DIR FIRST_K SEED
#include "audit/AuditLog.h"
#include "cases/CaseService.h"
#include "cases/ResetService.h"
#include "crypto/KeyStore.h"
#include "importer/Importer.h"
#include "storage/Database.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonObject>
#include <QRandomGenerator>

#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

using namespace rd;

namespace {

const auth::Session kBoss{QStringLiteral("boss"), QStringLiteral("Boss"), auth::Role::Admin};
const auth::Session kAlice{QStringLiteral("alice"), QStringLiteral("Alice"), auth::Role::Agent};
const auth::Session kSam{QStringLiteral("sam"), QStringLiteral("Sam"), auth::Role::Supervisor};
constexpr int kAttemptsPerImport = 300;
constexpr int kAuditPerRound = 20;

int g_journal = -1;

void journal(const QString &line)
{
    const QByteArray bytes = line.toUtf8() + '\n';
    // O_APPEND and one write: a line is in the journal whole or not at all.
    if (::write(g_journal, bytes.constData(), std::size_t(bytes.size())) != bytes.size())
        std::_Exit(90);
}

[[noreturn]] void die(const QString &what, const Error &error)
{
    std::fprintf(stderr, "crash child: %s: %s\n", qPrintable(what), qPrintable(error.message));
    std::_Exit(91);
}

QByteArray importFile(int k)
{
    QByteArray out = QStringLiteral(R"({"type":"account","id":"acc-crash-%1","created_at":"2026-01-01T00:00:00Z","email":"crash%1@example.org"})")
                         .arg(k).toUtf8() + '\n';
    for (int i = 0; i < kAttemptsPerImport; ++i)
        out += QStringLiteral(R"({"type":"login_attempt","id":"att-crash-%1-%2","account":"acc-crash-%1","at":"2026-11-20T10:%3:%4Z","method":"password","outcome":"failure","reason":"password_invalid"})")
                   .arg(k).arg(i).arg(i / 60, 2, 10, QLatin1Char('0')).arg(i % 60, 2, 10, QLatin1Char('0')).toUtf8() + '\n';
    return out;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 7)
        return 2;
    g_journal = ::open(QFile::encodeName(args[3]).constData(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (g_journal < 0)
        return 3;
    auto keys = crypto::KeyStore::open(args[2]);
    if (!keys)
        die(QStringLiteral("keys"), keys.error());
    auto db = storage::Database::open(storage::DatabaseLocation::parse(args[1]).value());
    if (!db)
        die(QStringLiteral("open"), db.error());
    storage::Database &database = *db.value();
    importer::Importer importer(database, keys.value());
    cases::CaseService caseService(database, keys.value(), SystemClock::instance());
    cases::ResetService resets(database, keys.value(), SystemClock::instance());
    audit::AuditLog auditLog(database, keys.value(), SystemClock::instance());
    QRandomGenerator rng(quint32(args[6].toUInt()));
    journal(QStringLiteral("started"));

    for (int k = args[5].toInt();; ++k) {
        switch (rng.bounded(3)) {
        case 0: {
            const QString path = args[4] + QStringLiteral("/crash-%1.jsonl").arg(k);
            QFile f(path);
            if (!f.open(QIODevice::WriteOnly) || f.write(importFile(k)) < 0)
                return 4;
            f.close();
            journal(QStringLiteral("begin import %1").arg(k));
            if (auto s = importer.importFile(kBoss, path); !s)
                die(QStringLiteral("import"), s.error());
            journal(QStringLiteral("done import %1").arg(k));
            break;
        }
        case 1: {
            journal(QStringLiteral("begin reset %1").arg(k));
            auto c = caseService.open(kAlice, {QStringLiteral("acc-lena"), QStringLiteral("phone"), {}, QStringLiteral("crash #%1").arg(k),
                                               QStringLiteral("high")});
            if (!c)
                die(QStringLiteral("case open"), c.error());
            for (const char *method : {"email_otp", "government_id"})
                if (auto s = caseService.addEvidence(kAlice, c->id, QLatin1String(method), QStringLiteral("pass"), {}); !s)
                    die(QStringLiteral("evidence"), s.error());
            auto r = resets.request(kAlice, {c->id, QStringLiteral("regenerate_codes"), QStringLiteral("lost printout"), {}, {}});
            if (!r)
                die(QStringLiteral("request"), r.error());
            if (auto s = resets.approve(kSam, c->id, r->id, QStringLiteral("ok")); !s)
                die(QStringLiteral("approve"), s.error());
            journal(QStringLiteral("approved %1 %2").arg(c->id, r->id));
            auto e = resets.execute(kAlice, c->id, r->id);
            if (!e)
                die(QStringLiteral("execute"), e.error());
            journal(QStringLiteral("done reset %1 %2 %3 %4").arg(c->id, r->id, e->actionId, e->newSetId));
            break;
        }
        default:
            for (int i = 0; i < kAuditPerRound; ++i) {
                const QString subject = QStringLiteral("crash-%1-%2").arg(k).arg(i);
                journal(QStringLiteral("begin audit %1").arg(subject));
                auto entry = auditLog.append(audit::Actor::of(kBoss), QStringLiteral("crash.test"), subject, QJsonObject{{QStringLiteral("k"), k}});
                if (!entry)
                    die(QStringLiteral("audit"), entry.error());
                journal(QStringLiteral("done audit %1").arg(subject));
            }
            break;
        }
    }
}
