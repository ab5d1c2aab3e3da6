// Cases, evidence, four-eyes resets, sealed delivery and the outbox, in process (SPEC §5, §7).
#include "TestSupport.h"

#include "crypto/Hash.h"

#include "audit/AuditLog.h"
#include "cases/CaseService.h"
#include "cases/Outbox.h"
#include "cases/ResetService.h"
#include "crypto/Aead.h"
#include "crypto/RsaOaep.h"
#include "diagnostics/DiagnosticsService.h"
#include "importer/Importer.h"
#include "storage/CaseStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace rd;
using namespace rd::cases;

namespace {

const auth::Session kAlice{QStringLiteral("alice"), QStringLiteral("Alice"), auth::Role::Agent};
const auth::Session kSam{QStringLiteral("sam"), QStringLiteral("Sam"), auth::Role::Supervisor};
const auth::Session kSue{QStringLiteral("sue"), QStringLiteral("Sue"), auth::Role::Supervisor};
const auth::Session kBoss{QStringLiteral("boss"), QStringLiteral("Boss"), auth::Role::Admin};

} // namespace

class TestResets : public QObject {
    Q_OBJECT
private slots:
    void init();
    void regenerateCodesEndToEnd();
    void requesterCannotApprove();
    void changedEvidenceBlocksApproval();
    void aRejectionNeedsNewEvidence();
    void undecidedRequestsExpire();
    void otherResetKinds();
    void executionNeedsTheDeliveryKey();
    void theDeliveryKeyPageShowsOnlyThePinnedKey();
    void staleVersionIsRefused();
    void rolesAndSearch();
    void reviewEdges();

private:
    QString openCase(const QString &account = QStringLiteral("acc-lena"));
    QString strongRequest(const QString &caseId, const QString &kind, const auth::Session &by = kAlice, const QString &device = {},
                          const QString &contact = {});
    QJsonObject lastAction();
    QByteArray unseal(const QJsonObject &package);

    std::unique_ptr<test::Workspace> m_ws;
    std::unique_ptr<FixedClock> m_clock;
    std::unique_ptr<CaseService> m_cases;
    std::unique_ptr<ResetService> m_resets;
};

void TestResets::init()
{
    m_ws = std::make_unique<test::Workspace>();
    QVERIFY(m_ws->open());
    m_clock = std::make_unique<FixedClock>(QDateTime(QDate(2026, 11, 21), QTime(9, 0), Qt::UTC));
    importer::Importer importer(*m_ws->database, *m_ws->keys, *m_clock);
    QVERIFY(importer.importFile(kBoss, test::dataPath(QStringLiteral("import/world.jsonl"))).ok());
    Outbox outbox(*m_ws->database, *m_ws->keys, *m_clock);
    QVERIFY(outbox.setDeliveryKey(kBoss, test::dataPath(QStringLiteral("crypto/rsa2048-public.pem"))).ok());
    m_cases = std::make_unique<CaseService>(*m_ws->database, *m_ws->keys, *m_clock);
    m_resets = std::make_unique<ResetService>(*m_ws->database, *m_ws->keys, *m_clock);
}

QString TestResets::openCase(const QString &account)
{
    auto c = m_cases->open(kAlice, {account, QStringLiteral("phone"), QStringLiteral("+46 70 111 22 33"), QStringLiteral("Backup code rejected"),
                                    QStringLiteral("high")});
    return c ? c->id : QString();
}

QString TestResets::strongRequest(const QString &caseId, const QString &kind, const auth::Session &by, const QString &device,
                                  const QString &contact)
{
    if (!m_cases->addEvidence(by, caseId, QStringLiteral("email_otp"), QStringLiteral("pass"), {}).ok()
        || !m_cases->addEvidence(by, caseId, QStringLiteral("government_id"), QStringLiteral("pass"), QStringLiteral("passport checked")).ok())
        return {};
    auto r = m_resets->request(by, {caseId, kind, QStringLiteral("user lost access"), device, contact});
    if (!r)
        qWarning() << r.error().message;
    return r ? r->id : QString();
}

QJsonObject TestResets::lastAction()
{
    auto rows = storage::CaseStore(m_ws->connection()).outbox(0);
    return rows && !rows->isEmpty() ? QJsonDocument::fromJson(rows->last().line).object() : QJsonObject{};
}

QByteArray TestResets::unseal(const QJsonObject &package)
{
    // The platform's side, with the private half of the delivery key.
    auto key = crypto::rsaOaepSha256Unwrap(test::readFile(test::dataPath(QStringLiteral("crypto/rsa2048-private.pem"))),
                                           QByteArray::fromBase64(package.value(QStringLiteral("wrapped_key")).toString().toLatin1()));
    if (!key)
        return {};
    crypto::SealedBox box{QByteArray::fromBase64(package.value(QStringLiteral("iv")).toString().toLatin1()),
                          QByteArray::fromBase64(package.value(QStringLiteral("ciphertext")).toString().toLatin1()),
                          QByteArray::fromBase64(package.value(QStringLiteral("tag")).toString().toLatin1())};
    auto plain = crypto::aes256GcmDecrypt(key->view(), box);
    return plain ? plain->view().toByteArray() : QByteArray();
}

void TestResets::regenerateCodesEndToEnd()
{
    const QString caseId = openCase();
    QCOMPARE(caseId, QStringLiteral("C-000001"));
    auto noEvidence = m_resets->request(kAlice, {caseId, QStringLiteral("regenerate_codes"), QStringLiteral("lost"), {}, {}});
    QVERIFY(!noEvidence.ok());
    QCOMPARE(noEvidence.error().kind, ErrorKind::Refused);
    QVERIFY(m_cases->addEvidence(kAlice, caseId, QStringLiteral("email_otp"), QStringLiteral("pass"), {}).ok());
    auto weak = m_cases->addEvidence(kAlice, caseId, QStringLiteral("knowledge_check"), QStringLiteral("pass"), {});
    QCOMPARE(weak->level, Level::Basic);
    QVERIFY(!m_resets->request(kAlice, {caseId, QStringLiteral("regenerate_codes"), QStringLiteral("lost"), {}, {}}).ok());
    auto strong = m_cases->addEvidence(kAlice, caseId, QStringLiteral("government_id"), QStringLiteral("pass"), {});
    QCOMPARE(strong->level, Level::Strong);
    auto request = m_resets->request(kAlice, {caseId, QStringLiteral("regenerate_codes"), QStringLiteral("lost"), {}, {}});
    QVERIFY(request.ok());
    QCOMPARE(m_cases->show(kAlice, caseId)->record.state, QStringLiteral("pending_approval"));
    for (const auth::Session &who : {kAlice, kBoss}) {
        auto refused = m_resets->approve(who, caseId, request->id, QStringLiteral("ok"));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, ErrorKind::Refused);
    }
    QVERIFY(m_resets->approve(kSue, caseId, request->id, QStringLiteral("id verified")).ok());

    auto executed = m_resets->execute(kAlice, caseId, request->id);
    QVERIFY2(executed.ok(), qPrintable(executed.ok() ? QString() : executed.error().message));
    QCOMPARE(executed->codeCount, 10);
    QVERIFY(!executed->newSetId.isEmpty());
    QCOMPARE(m_cases->show(kAlice, caseId)->record.state, QStringLiteral("reset_done"));

    const QJsonObject action = lastAction();
    for (const char *key : {"id", "at", "kind", "account", "case", "request", "requested_by", "approved_by", "executed_by", "payload"})
        QVERIFY2(action.contains(QLatin1String(key)), key);
    QCOMPARE(action.value(QStringLiteral("approved_by")).toString(), QStringLiteral("sue"));
    const QJsonObject package = action.value(QStringLiteral("payload")).toObject().value(QStringLiteral("delivery")).toObject();
    QCOMPARE(package.value(QStringLiteral("alg")).toString(), QStringLiteral("RSA-OAEP-256+A256GCM"));
    QCOMPARE(package.value(QStringLiteral("set")).toString(), executed->newSetId);
    const QJsonObject opened = QJsonDocument::fromJson(unseal(package)).object();
    const QJsonArray codes = opened.value(QStringLiteral("codes")).toArray();
    QCOMPARE(codes.size(), 10);
    QSet<QString> unique;
    for (const QJsonValue &c : codes) {
        QCOMPARE(c.toString().size(), 16);
        unique.insert(c.toString());
    }
    QCOMPARE(unique.size(), 10);

    // The new codes work (within the sync window the platform may lag), the old set is replaced.
    diagnostics::DiagnosticsService diagnose(*m_ws->database, *m_ws->keys, *m_clock, m_cases.get());
    auto fresh = diagnose.evaluate(kAlice, {QStringLiteral("acc-lena"), codes[0].toString(), {}, {}, {}, {}, {}});
    QCOMPARE(fresh->primaryCause, diagnostics::Check::SyncLag);
    QVERIFY(fresh->finding(diagnostics::Check::ValidUnused).holds());
    m_clock->advanceSecs(300);
    for (const QJsonValue &c : codes)
        QCOMPARE(diagnose.evaluate(kAlice, {QStringLiteral("acc-lena"), c.toString(), {}, {}, {}, {}, {}})->primaryCause,
                 diagnostics::Check::ValidUnused);
    auto old = diagnose.evaluate(kAlice, {QStringLiteral("acc-lena"), QStringLiteral("P4W8R-ZN3CD"), {}, {}, {}, {}, {}});
    QCOMPARE(old->primaryCause, diagnostics::Check::Superseded);

    // Executing again changes nothing.
    auto again = m_resets->execute(kAlice, caseId, request->id);
    QVERIFY(again.ok() && again->alreadyExecuted);
    QCOMPARE(again->actionId, executed->actionId);
    QCOMPARE(storage::CaseStore(m_ws->connection()).outbox(0)->size(), 1);

    // No new code anywhere in the database files; the audit chain holds.
    QVERIFY(m_ws->checkpoint());
    QStringList plain;
    for (const QJsonValue &c : codes)
        plain << c.toString();
    const QStringList found = m_ws->plaintextFound(plain);
    QVERIFY2(found.isEmpty(), qPrintable(found.join(u' ')));
    auto verify = audit::AuditLog(*m_ws->database, *m_ws->keys, *m_clock).verify(kSam);
    QVERIFY(verify.ok() && verify->ok);
}

void TestResets::requesterCannotApprove()
{
    const QString caseId = openCase();
    const QString request = strongRequest(caseId, QStringLiteral("unlock_account"), kSam);
    QVERIFY(!request.isEmpty());
    auto own = m_resets->approve(kSam, caseId, request, QStringLiteral("mine"));
    QVERIFY(!own.ok());
    QVERIFY(own.error().message.contains(QStringLiteral("four eyes")));
    QVERIFY(m_resets->reject(kSue, caseId, request, QStringLiteral("call back first")).ok());
    QCOMPARE(m_cases->show(kAlice, caseId)->record.state, QStringLiteral("rejected"));
}

// No approval shopping: the same evidence cannot go to the next supervisor after a rejection,
// and whoever decides the next request sees the rejection and its reason.
void TestResets::aRejectionNeedsNewEvidence()
{
    const QString caseId = openCase();
    const QString first = strongRequest(caseId, QStringLiteral("unlock_account"));
    QVERIFY(!first.isEmpty());
    QVERIFY(m_resets->reject(kSue, caseId, first, QStringLiteral("caller could not name the device")).ok());
    auto again = m_resets->request(kAlice, {caseId, QStringLiteral("unlock_account"), QStringLiteral("please"), {}, {}});
    QVERIFY(!again.ok());
    QCOMPARE(again.error().kind, ErrorKind::Refused);
    QVERIFY2(again.error().message.contains(first) && again.error().message.contains(QStringLiteral("new verification evidence")),
             qPrintable(again.error().message));
    QVERIFY(m_cases->addEvidence(kAlice, caseId, QStringLiteral("video_call"), QStringLiteral("pass"), QStringLiteral("face matched")).ok());
    auto second = m_resets->request(kAlice, {caseId, QStringLiteral("unlock_account"), QStringLiteral("video call done"), {}, {}});
    QVERIFY(second.ok());
    auto pending = m_resets->pending(kSue);
    QVERIFY2(pending.ok(), pending.ok() ? "" : qPrintable(pending.error().message));
    auto it = std::find_if(pending->cbegin(), pending->cend(), [&](const ApprovalItem &a) { return a.request.id == second->id; });
    QVERIFY(it != pending->cend());
    QCOMPARE(it->rejectedId, first);
    QCOMPARE(it->rejectedBy, kSue.username);
    QCOMPARE(it->rejectionReason, QStringLiteral("caller could not name the device"));
}

void TestResets::changedEvidenceBlocksApproval()
{
    const QString caseId = openCase();
    const QString request = strongRequest(caseId, QStringLiteral("unlock_account"));
    QVERIFY(m_cases->addEvidence(kAlice, caseId, QStringLiteral("video_call"), QStringLiteral("fail"), {}).ok());
    auto approve = m_resets->approve(kSue, caseId, request, QStringLiteral("ok"));
    QVERIFY(!approve.ok());
    QVERIFY(approve.error().message.contains(QStringLiteral("evidence")));
}

void TestResets::undecidedRequestsExpire()
{
    const QString caseId = openCase();
    const QString request = strongRequest(caseId, QStringLiteral("unlock_account"));
    m_clock->advanceSecs(25 * 3600);
    auto late = m_resets->approve(kSue, caseId, request, QStringLiteral("ok"));
    QVERIFY(!late.ok());
    QCOMPARE(late.error().kind, ErrorKind::Refused);
    QVERIFY(late.error().message.contains(QStringLiteral("expired")));
    auto details = m_cases->show(kAlice, caseId);
    QCOMPARE(details->record.state, QStringLiteral("awaiting_verification"));
    QCOMPARE(details->requests.first().state, QStringLiteral("expired"));
}

void TestResets::otherResetKinds()
{
    const QString c1 = openCase();
    const QString unlock = strongRequest(c1, QStringLiteral("revoke_device_trust"), kAlice, QStringLiteral("dev-lena-phone"));
    QVERIFY(!unlock.isEmpty());
    QVERIFY(m_resets->approve(kSue, c1, unlock, QStringLiteral("ok")).ok());
    QVERIFY(m_resets->execute(kAlice, c1, unlock).ok());
    QCOMPARE(lastAction().value(QStringLiteral("payload")).toObject().value(QStringLiteral("device")).toString(), QStringLiteral("dev-lena-phone"));
    m_clock->advanceSecs(60);
    diagnostics::DiagnosticsService diagnose(*m_ws->database, *m_ws->keys, *m_clock, m_cases.get());
    diagnostics::DiagnoseRequest r{QStringLiteral("acc-lena"), QStringLiteral("P4W8R-ZN3CD"), {}, QStringLiteral("dev-lena-phone"), {}, {}, {}};
    QVERIFY(diagnose.evaluate(kAlice, r)->finding(diagnostics::Check::UntrustedDevice).holds());

    // Another account: a new contact, sealed for the platform and encrypted locally.
    const QString c2 = openCase(QStringLiteral("acc-ravi"));
    const QString contact = strongRequest(c2, QStringLiteral("replace_recovery_contact"), kAlice, {}, QStringLiteral("ravi.new@example.net"));
    QVERIFY(!contact.isEmpty());
    QVERIFY(m_resets->approve(kSue, c2, contact, QStringLiteral("ok")).ok());
    QVERIFY(m_resets->execute(kAlice, c2, contact).ok());
    const QJsonObject sealed = lastAction().value(QStringLiteral("payload")).toObject().value(QStringLiteral("contact")).toObject();
    QCOMPARE(QJsonDocument::fromJson(unseal(sealed)).object().value(QStringLiteral("email")).toString(), QStringLiteral("ravi.new@example.net"));
    QVERIFY(m_ws->checkpoint());
    QVERIFY(m_ws->plaintextFound({QStringLiteral("ravi.new@example.net")}).isEmpty());
    auto accounts = storage::exec(m_ws->connection(), QStringLiteral("SELECT email_fp FROM accounts WHERE id = 'acc-ravi'"));
    QVERIFY(accounts->next());

    const QString c3 = openCase(QStringLiteral("acc-zoe"));
    const QString off = strongRequest(c3, QStringLiteral("disable_two_factor"));
    QVERIFY(m_resets->approve(kSam, c3, off, QStringLiteral("ok")).ok());
    QVERIFY(m_resets->execute(kAlice, c3, off).ok());
    auto tf = storage::exec(m_ws->connection(), QStringLiteral("SELECT tf_enabled FROM accounts WHERE id = 'acc-zoe'"));
    QVERIFY(tf->next());
    QCOMPARE(tf->value(0).toInt(), 0);
}

void TestResets::executionNeedsTheDeliveryKey()
{
    QFile::remove(m_ws->keys->deliveryKeyPath());
    const QString caseId = openCase();
    const QString request = strongRequest(caseId, QStringLiteral("regenerate_codes"));
    QVERIFY(m_resets->approve(kSue, caseId, request, QStringLiteral("ok")).ok());
    auto executed = m_resets->execute(kAlice, caseId, request);
    QVERIFY(!executed.ok());
    QCOMPARE(executed.error().kind, ErrorKind::Refused);
    QVERIFY(executed.error().message.contains(QStringLiteral("delivery-key set")));
    QCOMPARE(m_cases->show(kAlice, caseId)->record.state, QStringLiteral("approved"));
}

// The admin's Delivery key page reads what resets would seal to: the pinned key, checked. A file
// swapped in behind the desk's back is reported, not shown as if installed.
void TestResets::theDeliveryKeyPageShowsOnlyThePinnedKey()
{
    Outbox outbox(*m_ws->database, *m_ws->keys, *m_clock);
    auto info = outbox.deliveryKey(kBoss);
    QVERIFY(info.ok() && info->installed);
    QCOMPARE(info->sha256, QString::fromLatin1(crypto::sha256(test::readFile(test::dataPath(QStringLiteral("crypto/rsa2048-public.pem")))).toHex()));
    const QString path = m_ws->keys->deliveryKeyPath();
    QVERIFY(QFile::remove(path));
    QVERIFY(QFile::copy(test::dataPath(QStringLiteral("crypto/rsa2048-public-pkcs1.pem")), path));
    auto swapped = outbox.deliveryKey(kBoss);
    QVERIFY(!swapped.ok());
    QVERIFY2(swapped.error().message.contains(QStringLiteral("fingerprint")), qPrintable(swapped.error().message));
    QVERIFY(QFile::remove(path));
    auto none = outbox.deliveryKey(kBoss);
    QVERIFY(none.ok() && !none->installed);
}

void TestResets::staleVersionIsRefused()
{
    const QString caseId = openCase();
    const int seen = m_cases->show(kAlice, caseId)->record.version;
    QVERIFY(m_cases->note(kSam, caseId, QStringLiteral("called the user"), seen).ok());
    auto stale = m_cases->note(kAlice, caseId, QStringLiteral("my note"), seen);
    QVERIFY(!stale.ok());
    QVERIFY(stale.error().message.contains(QStringLiteral("reload")));
    auto details = m_cases->show(kAlice, caseId);
    QCOMPARE(details->notes.size(), 1);
    // The merged timeline holds the account's attempts next to the case's own actions.
    QSet<QString> sources;
    for (const TimelineItem &t : details->timeline)
        sources << t.source;
    for (const char *s : {"attempt", "case", "note"})
        QVERIFY2(sources.contains(QLatin1String(s)), s);
    QVERIFY(std::is_sorted(details->timeline.cbegin(), details->timeline.cend(),
                           [](const TimelineItem &a, const TimelineItem &b) { return a.at < b.at; }));
}

void TestResets::rolesAndSearch()
{
    auto admin = m_cases->open(kBoss, {QStringLiteral("acc-lena"), QStringLiteral("phone"), {}, QStringLiteral("x"), QStringLiteral("normal")});
    QVERIFY(!admin.ok());
    QCOMPARE(admin.error().kind, ErrorKind::Refused);
    const QString caseId = openCase();
    QVERIFY(m_cases->note(kAlice, caseId, QStringLiteral("User travelling in Kyoto, lost the printout")).ok());
    cases::CaseFilter filter;
    filter.search = QStringLiteral("kyoto");
    QCOMPARE(m_cases->list(kAlice, filter)->size(), 1);
    filter.search = QStringLiteral("'; drop table cases; --");
    QVERIFY(m_cases->list(kAlice, filter).ok());
    filter.search = QStringLiteral("NEAR( \" OR *");
    QVERIFY(m_cases->list(kAlice, filter).ok());
    QCOMPARE(m_ws->count(QStringLiteral("cases")), 1);
    QVERIFY(!m_cases->resolve(kAlice, caseId, {}).ok()); // a resolution is required
    QVERIFY(m_cases->resolve(kAlice, caseId, QStringLiteral("user found the printout")).ok());
    QVERIFY(!m_cases->note(kAlice, caseId, QStringLiteral("late")).ok());
    QVERIFY(m_cases->reopen(kAlice, caseId).ok());
    QVERIFY(m_cases->hold(kAlice, caseId).ok());
    QVERIFY(!m_cases->note(kAlice, caseId, QStringLiteral("while held")).ok());
    QCOMPARE(m_cases->resume(kAlice, caseId)->state, QStringLiteral("reopened"));
}

void TestResets::reviewEdges()
{
    // An approval does not survive a failed check recorded after it.
    const QString c1 = openCase();
    const QString r1 = strongRequest(c1, QStringLiteral("unlock_account"));
    QVERIFY(m_resets->approve(kSue, c1, r1, QStringLiteral("ok")).ok());
    QVERIFY(m_cases->addEvidence(kAlice, c1, QStringLiteral("government_id"), QStringLiteral("fail"), {}).ok());
    auto executed = m_resets->execute(kAlice, c1, r1);
    QVERIFY(!executed.ok());
    QVERIFY(executed.error().message.contains(QStringLiteral("evidence")));
    QVERIFY(storage::CaseStore(m_ws->connection()).outbox(0)->isEmpty());

    // A request that expires while the case is on hold: resuming lands where a new request can start.
    const QString c2 = openCase();
    const QString r2 = strongRequest(c2, QStringLiteral("unlock_account"));
    QVERIFY(m_cases->hold(kAlice, c2).ok());
    m_clock->advanceSecs(25 * 3600);
    QVERIFY(!m_resets->approve(kSue, c2, r2, QStringLiteral("late")).ok());
    QCOMPARE(m_cases->resume(kAlice, c2)->state, QStringLiteral("awaiting_verification"));
    QVERIFY(m_resets->request(kAlice, {c2, QStringLiteral("unlock_account"), QStringLiteral("again"), {}, {}}).ok());

    // A diagnosis that fails leaves the case alone.
    const QString c3 = openCase();
    diagnostics::DiagnosticsService diagnose(*m_ws->database, *m_ws->keys, *m_clock, m_cases.get());
    diagnostics::DiagnoseRequest bad{QStringLiteral("acc-lena"), QStringLiteral("12345678"), {}, {}, {}, QStringLiteral("no-such-attempt"), c3};
    QVERIFY(!diagnose.diagnose(kAlice, bad).ok());
    QCOMPARE(m_cases->show(kAlice, c3)->record.state, QStringLiteral("new"));
    bad.attemptId.clear();
    QVERIFY(diagnose.diagnose(kAlice, bad).ok());
    QCOMPARE(m_cases->show(kAlice, c3)->record.state, QStringLiteral("investigating"));
    QCOMPARE(m_cases->show(kAlice, c3)->diagnoses.size(), 1);

    // The role is checked before anything else: an admin gets a refusal, not a validation error.
    QCOMPARE(m_cases->assign(kBoss, c3, QStringLiteral("nobody")).error().kind, ErrorKind::Refused);
    QCOMPARE(m_cases->addEvidence(kBoss, c3, QStringLiteral("bogus"), QStringLiteral("pass"), {}).error().kind, ErrorKind::Refused);
    QCOMPARE(m_resets->request(kBoss, {QStringLiteral("C-999"), QStringLiteral("unlock_account"), QStringLiteral("x"), {}, {}}).error().kind,
             ErrorKind::Refused);
    QCOMPARE(m_resets->request(kAlice, {c3, QStringLiteral("unlock_account"), QStringLiteral("x"), {}, QStringLiteral("a@b.example")}).error().kind,
             ErrorKind::BadInput);
}

QTEST_GUILESS_MAIN(TestResets)
#include "tst_resets.moc"
