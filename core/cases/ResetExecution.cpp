// Executing an approved reset: the local view changes as the platform's will, and one
// platform action goes to the outbox. regenerate_codes issues a new set whose plaintext
// exists only inside the sealed delivery package.
#include "cases/ResetService.h"

#include "accounts/ContactProtector.h"
#include "auth/GrantService.h"
#include "common/CanonicalJson.h"
#include "cases/CaseService.h"
#include "cases/CaseStateMachine.h"
#include "cases/DeliverySealer.h"
#include "cases/VerificationLevel.h"
#include "common/Clock.h"
#include "common/Time.h"
#include "crypto/KeyStore.h"
#include "crypto/Random.h"
#include "crypto/SecretBytes.h"
#include "ledger/CodeFormat.h"
#include "ledger/CodeGenerator.h"
#include "ledger/LedgerHasher.h"
#include "storage/CaseStore.h"
#include "storage/Database.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace rd::cases {

namespace {

struct Issued {
    QString setId;
    int count = 0;
    QJsonObject package;
};

// New codes: generated, hashed into the ledger, sealed for the platform, wiped.
Result<Issued> issueCodes(const crypto::KeyStore &keys, const QByteArray &pem, storage::PlatformViewStore &view,
                          const QString &accountId, const QString &requestId, qint64 now)
{
    ledger::CodeGenerator generator(crypto::systemRandom());
    auto codes = generator.generate(ledger::CodeFormat::Base32x16, ResetService::kCodesPerSet);
    if (!codes)
        return codes.error();
    Issued issued;
    issued.setId = accountId + QStringLiteral("-rd-") + requestId;
    issued.count = int(codes->size());
    ledger::LedgerHasher hasher(keys.ledgerKey().view());
    QList<std::pair<QString, QString>> hashes;
    // Assembled in place (reserved once), so no reallocation leaves copies of codes behind.
    QByteArray plain;
    plain.reserve(4096);
    plain += "{\"account\":" + canonicalJson(accountId) + ",\"codes\":[";
    for (std::size_t i = 0; i < codes->size(); ++i) {
        const QByteArrayView code = (*codes)[i].view();
        unsigned char mac[ledger::LedgerHasher::kHashSize];
        unsigned char tag[ledger::LedgerHasher::kLookupTagSize];
        hasher.codeHashRaw(issued.setId.toUtf8(), code, mac);
        hasher.lookupTagRaw(code, tag);
        hashes.append({QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(mac), sizeof mac).toHex()),
                       QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(tag), sizeof tag).toHex())});
        crypto::cleanse(mac, sizeof mac);
        plain.append(i ? ",\"" : "\"");
        plain.append(code);
        plain.append('"');
    }
    plain += "],\"format\":\"base32x16\",\"set\":" + canonicalJson(issued.setId) + '}';
    codes->clear(); // SecretBytes wipe themselves
    auto package = sealForPlatform(pem, plain,
                                   QJsonObject{{QStringLiteral("account"), accountId},
                                               {QStringLiteral("set"), issued.setId},
                                               {QStringLiteral("created_at"), time::formatRfc3339(now)}});
    crypto::cleanse(plain);
    if (!package)
        return package.error();
    issued.package = package.value();
    if (auto s = view.insertIssuedSet(issued.setId, accountId, now, QStringLiteral("recoverydesk/" RD_VERSION), hashes); !s)
        return s.error();
    if (auto s = view.supersedeForAccount(accountId); !s)
        return s.error();
    if (auto s = view.addSecurityEvent(accountId, now, QStringLiteral("codes_regenerated"),
                                       QStringLiteral("{\"by\":\"support\",\"request\":\"%1\"}").arg(requestId));
        !s)
        return s.error();
    return issued;
}

} // namespace

Result<ExecutionResult> ResetService::execute(const auth::Session &session, const QString &caseId, const QString &requestId)
{
    ExecutionResult result;
    const qint64 now = m_clock.nowMs();
    // Executing twice does nothing the second time: answer with the first execution.
    if (auth::roleAllows(session.role, auth::Permission::WorkCases)) {
        auto conn = m_database.connection();
        if (!conn)
            return conn.error();
        auto existing = storage::CaseStore(conn.value()).request(requestId);
        if (!existing)
            return existing.error();
        if (existing.value() && existing.value()->caseId == caseId && existing.value()->state == QLatin1String("executed")) {
            result.kind = existing.value()->kind;
            result.actionId = existing.value()->actionId;
            result.alreadyExecuted = true;
            return result;
        }
    }
    auto changed = CaseService(m_database, m_keys, m_clock)
                       .change(session, caseId, auth::Permission::WorkCases, QStringLiteral("reset.execute"), {},
                               [&](CaseRecord &c, storage::CaseStore &store, QJsonObject &details) -> Status {
                                   auto found = store.request(requestId);
                                   if (!found)
                                       return found.error();
                                   if (!found.value() || found.value()->caseId != c.id)
                                       return Error::badInput(QStringLiteral("There is no reset request \"%1\" on case %2.")
                                                                  .arg(requestId.left(64), c.id));
                                   ResetRequest r = *found.value();
                                   result.kind = r.kind;
                                   if (r.state == QLatin1String("executed")) {
                                       result.actionId = r.actionId;
                                       result.alreadyExecuted = true;
                                       return Error::refused(QStringLiteral("Request %1 was executed already.").arg(requestId))
                                           .withCode(ErrorCode::AlreadyDone);
                                   }
                                   if (r.state != QLatin1String("approved"))
                                       return Error::refused(QStringLiteral("Request %1 is %2; only an approved request can be executed.")
                                                                 .arg(requestId, r.state));
                                   // The approval covered the evidence as it was; a later failed check voids it.
                                   auto evidence = store.evidence(c.id);
                                   if (!evidence)
                                       return evidence.error();
                                   if (evidenceFingerprint(evidence.value()) != r.evidenceFingerprint)
                                       return Error::refused(QStringLiteral("The evidence on case %1 changed after request %2 was made; it "
                                                                            "cannot be executed, request the reset again.")
                                                                 .arg(c.id, requestId));
                                   auto next = nextState(c.state, CaseAction::Execute);
                                   if (!next)
                                       return next.error();
                                   c.state = next.value();
                                   storage::PlatformViewStore view(store.database());
                                   QJsonObject payload;
                                   if (r.kind == QLatin1String("regenerate_codes")) {
                                       // The pinned delivery key only: a swapped delivery.pub.pem is refused.
                                       auto pem = auth::GrantService::pinnedDeliveryKeyPem(m_database, m_keys);
                                       if (!pem)
                                           return pem.error();
                                       auto issued = issueCodes(m_keys, pem.value(), view, c.accountId, r.id, now);
                                       if (!issued)
                                           return issued.error();
                                       result.newSetId = issued->setId;
                                       result.codeCount = issued->count;
                                       payload = {{QStringLiteral("set"), issued->setId}, {QStringLiteral("format"), QStringLiteral("base32x16")},
                                                  {QStringLiteral("count"), issued->count}, {QStringLiteral("delivery"), issued->package}};
                                   } else if (r.kind == QLatin1String("unlock_account")) {
                                       if (auto s = view.addSecurityEvent(c.accountId, now, QStringLiteral("unlocked")); !s)
                                           return s;
                                       if (auto s = view.setStatus(c.accountId, QStringLiteral("active")); !s)
                                           return s;
                                   } else if (r.kind == QLatin1String("revoke_device_trust")) {
                                       if (auto s = view.addDeviceEvent(r.deviceId, now, QStringLiteral("revoked"), r.id); !s)
                                           return s;
                                       payload = {{QStringLiteral("device"), r.deviceId}};
                                   } else if (r.kind == QLatin1String("disable_two_factor")) {
                                       if (auto s = view.addSecurityEvent(c.accountId, now, QStringLiteral("two_factor_disabled")); !s)
                                           return s;
                                       if (auto s = view.disableTwoFactor(c.accountId, now); !s)
                                           return s;
                                   } else if (r.kind == QLatin1String("replace_recovery_contact")) {
                                       QString sealed;
                                       auto enc = store.requestContact(r.id, &sealed);
                                       if (!enc)
                                           return enc.error();
                                       accounts::ContactProtector contacts(m_keys.dataKey().view());
                                       bool isEmail = true;
                                       auto contact = contacts.decrypt(accounts::ContactKind::Email, r.id, enc.value());
                                       if (!contact) {
                                           isEmail = false;
                                           contact = contacts.decrypt(accounts::ContactKind::Phone, r.id, enc.value());
                                       }
                                       if (!contact)
                                           return contact.error();
                                       const auto kind = isEmail ? accounts::ContactKind::Email : accounts::ContactKind::Phone;
                                       auto forAccount = contacts.encrypt(kind, c.accountId, contact.value());
                                       if (!forAccount)
                                           return forAccount.error();
                                       if (auto s = view.setContact(c.accountId, isEmail, forAccount.value(), contacts.fingerprint(kind, contact.value())); !s)
                                           return s;
                                       if (auto s = view.addSecurityEvent(c.accountId, now, isEmail ? QStringLiteral("email_changed")
                                                                                                     : QStringLiteral("phone_changed"));
                                           !s)
                                           return s;
                                       payload = {{QStringLiteral("contact"), QJsonDocument::fromJson(sealed.toUtf8()).object()}};
                                   }
                                   auto seq = store.nextOutboxSeq();
                                   if (!seq)
                                       return seq.error();
                                   result.actionId = QStringLiteral("A-%1").arg(seq.value(), 6, 10, QLatin1Char('0'));
                                   const QJsonObject action{{QStringLiteral("id"), result.actionId},
                                                            {QStringLiteral("at"), time::formatRfc3339(now)},
                                                            {QStringLiteral("kind"), r.kind},
                                                            {QStringLiteral("account"), c.accountId},
                                                            {QStringLiteral("case"), c.id},
                                                            {QStringLiteral("request"), r.id},
                                                            {QStringLiteral("requested_by"), r.requestedBy},
                                                            {QStringLiteral("approved_by"), r.decidedBy},
                                                            {QStringLiteral("executed_by"), session.username},
                                                            {QStringLiteral("payload"), payload}};
                                   QJsonObject line = action;
                                   // A line that carries a sealed package names the key it was sealed to.
                                   for (const QJsonValue &v : payload)
                                       if (v.isObject() && v.toObject().contains(QStringLiteral("key_sha256")))
                                           line.insert(QStringLiteral("delivery_key_sha256"), v.toObject().value(QStringLiteral("key_sha256")));
                                   auto inserted = store.insertOutbox(result.actionId, time::formatRfc3339(now), r.kind, c.accountId, c.id, r.id,
                                                                 canonicalJson(line));
                                   if (!inserted)
                                       return inserted.error();
                                   details.insert(QStringLiteral("action"), result.actionId);
                                   if (!result.newSetId.isEmpty())
                                       details.insert(QStringLiteral("set"), result.newSetId);
                                   r.state = QStringLiteral("executed");
                                   r.executedBy = session.username;
                                   r.executedAt = now;
                                   r.actionId = result.actionId;
                                   if (auto s = store.updateRequest(r); !s)
                                       return s;
                                   return store.addEvent(c.id, now, session.username, QStringLiteral("reset_executed"),
                                                         QStringLiteral("%1 → %2").arg(r.id, result.actionId));
                               },
                               QJsonObject{{QStringLiteral("request"), requestId}});
    if (!changed) {
        if (changed.error().code == ErrorCode::AlreadyDone)
            return result; // executing twice does nothing the second time
        return changed.error();
    }
    return result;
}

} // namespace rd::cases
