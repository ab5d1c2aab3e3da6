#include "cases/ResetService.h"

#include "accounts/ContactProtector.h"
#include "audit/AuditLog.h"
#include "auth/GrantService.h"
#include "cases/CaseService.h"
#include "cases/CaseStateMachine.h"
#include "cases/DeliverySealer.h"
#include "cases/VerificationLevel.h"
#include "common/Clock.h"
#include "common/TypedText.h"
#include "crypto/Hash.h"
#include "crypto/KeyStore.h"
#include "crypto/RsaOaep.h"
#include "model/Role.h"
#include "storage/CaseStore.h"
#include "storage/Database.h"
#include "storage/OperatorStore.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace rd::cases {

namespace {

Result<std::optional<ResetRequest>> findRequest(storage::CaseStore &store, const QString &caseId, const QString &requestId)
{
    auto r = store.request(requestId);
    if (!r)
        return r;
    if (!r.value() || r.value()->caseId != caseId)
        return Error::badInput(QStringLiteral("There is no reset request \"%1\" on case %2.").arg(requestId.left(64), caseId.left(64)));
    return r;
}

} // namespace

ResetService::ResetService(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock)
    : m_database(database), m_keys(keys), m_clock(clock)
{
}

Result<QList<ApprovalItem>> ResetService::pending(const auth::Session &session)
{
    if (auto s = audit::AuditLog(m_database, m_keys, m_clock).require(session, auth::Permission::DecideReset, QStringLiteral("reset.pending"));
        !s)
        return s.error();
    auto db = m_database.connection();
    if (!db)
        return db.error();
    return storage::CaseStore(db.value()).pendingRequests();
}

Result<ResetRequest> ResetService::request(const auth::Session &session, const ResetRequestInput &input)
{
    CaseService cases(m_database, m_keys, m_clock);
    if (auto s = cases.permit(session, auth::Permission::WorkCases, QStringLiteral("reset.request"), input.caseId); !s)
        return s.error();
    if (!resetKinds().contains(input.kind))
        return Error::invalidChoice(QStringLiteral("kind"), QStringLiteral("kind of reset"), resetKinds());
    if (!input.deviceId.isEmpty() && input.kind != QLatin1String("revoke_device_trust"))
        return Error::invalidField(QStringLiteral("device"), QStringLiteral("A device is given only for a revoke_device_trust reset."));
    if (!input.contact.isEmpty() && input.kind != QLatin1String("replace_recovery_contact"))
        return Error::invalidField(QStringLiteral("contact"),
                                   QStringLiteral("A new contact is given only for a replace_recovery_contact reset."));
    if (input.justification.trimmed().isEmpty())
        return Error::invalidField(QStringLiteral("justification"), QStringLiteral("Say why the reset is needed."),
                                   ErrorCode::MissingValue);
    if (auto s = checkTypedText(QStringLiteral("justification"), input.justification); !s)
        return s.error();
    if (input.kind == QLatin1String("revoke_device_trust") && input.deviceId.isEmpty())
        return Error::invalidField(QStringLiteral("device"), QStringLiteral("revoke_device_trust needs the id of the device to revoke."),
                                   ErrorCode::MissingValue);
    static const QRegularExpression email(QStringLiteral("^[^@\\s]{1,64}@[^@\\s]{1,253}\\.[^@\\s]{2,63}$"));
    static const QRegularExpression phone(QStringLiteral("^\\+[1-9][0-9 ]{6,18}$"));
    if (input.kind == QLatin1String("replace_recovery_contact")
        && !email.match(input.contact).hasMatch() && !phone.match(input.contact).hasMatch())
        return Error::invalidField(QStringLiteral("contact"),
                                   QStringLiteral("replace_recovery_contact needs the new email address or a phone number in "
                                                  "international form (+46...)."));
    if (auto s = expireIfDue(session, input.caseId); !s)
        return s.error();
    QByteArray pem;
    if (input.kind == QLatin1String("replace_recovery_contact")) {
        auto key = auth::GrantService::pinnedDeliveryKeyPem(m_database, m_keys);
        if (!key)
            return key.error();
        pem = key.value();
    }
    ResetRequest created;
    const qint64 now = m_clock.nowMs();
    auto changed = cases
                       .change(session, input.caseId, auth::Permission::WorkCases, QStringLiteral("reset.request"), {},
                               [&](CaseRecord &c, storage::CaseStore &store, QJsonObject &details) -> Status {
                                   // Inside the write transaction: the level and the fingerprint see the same evidence.
                                   auto level = cases.level(c.id);
                                   if (!level)
                                       return level.error();
                                   if (level->level != Level::Strong)
                                       return Error::refused(QStringLiteral("A reset needs verification level strong; case %1 is %2 "
                                                                            "and still needs %3.")
                                                                 .arg(c.id, levelName(level->level), level->missing.join(QStringLiteral("; "))));
                                   auto existing = store.requests(c.id);
                                   if (!existing)
                                       return existing.error();
                                   auto evidence = store.evidence(c.id);
                                   if (!evidence)
                                       return evidence.error();
                                   const QString fingerprint = evidenceFingerprint(evidence.value());
                                   for (const ResetRequest &r : existing.value()) {
                                       if (r.state == QLatin1String("pending") || r.state == QLatin1String("approved"))
                                           return Error::refused(QStringLiteral("Request %1 on case %2 is still %3; decide or execute it first.")
                                                                     .arg(r.id, c.id, r.state));
                                       // No approval shopping: asking again after a rejection takes new
                                       // evidence, not another supervisor.
                                       if (r.state == QLatin1String("rejected") && r.evidenceFingerprint == fingerprint)
                                           return Error::refused(QStringLiteral("Request %1 on case %2 was rejected by %3 (\"%4\") on this same "
                                                                                "evidence; record new verification evidence before "
                                                                                "requesting again.")
                                                                     .arg(r.id, c.id, r.decidedBy, r.decisionReason.left(200)));
                                   }
                                   auto next = nextState(c.state, CaseAction::RequestReset);
                                   if (!next)
                                       return next.error();
                                   c.state = next.value();
                                   if (input.kind == QLatin1String("revoke_device_trust")) {
                                       auto owns = storage::PlatformViewStore(store.database()).deviceBelongsTo(input.deviceId, c.accountId);
                                       if (!owns)
                                           return owns.error();
                                       if (!owns.value())
                                           return Error::badInput(QStringLiteral("Device \"%1\" is not a device of account %2.")
                                                                      .arg(input.deviceId.left(64), c.accountId));
                                   }
                                   auto count = store.requestCount();
                                   if (!count)
                                       return count.error();
                                   created.id = QStringLiteral("R-%1").arg(count.value() + 1, 6, 10, QLatin1Char('0'));
                                   created.caseId = c.id;
                                   created.kind = input.kind;
                                   created.justification = input.justification.trimmed().left(4000);
                                   created.deviceId = input.deviceId;
                                   created.state = QStringLiteral("pending");
                                   created.requestedBy = session.username;
                                   created.requestedAt = now;
                                   created.evidenceFingerprint = fingerprint;
                                   QByteArray contactEnc;
                                   QString sealed;
                                   if (!input.contact.isEmpty()) {
                                       const bool isEmail = input.contact.contains(u'@');
                                       accounts::ContactProtector contacts(m_keys.dataKey().view());
                                       auto enc = contacts.encrypt(isEmail ? accounts::ContactKind::Email : accounts::ContactKind::Phone,
                                                                   created.id, input.contact);
                                       if (!enc)
                                           return enc.error();
                                       contactEnc = enc.value();
                                       QJsonObject secret{{QStringLiteral("account"), c.accountId}};
                                       secret.insert(isEmail ? QStringLiteral("email") : QStringLiteral("phone"), input.contact);
                                       QByteArray plain = QJsonDocument(secret).toJson(QJsonDocument::Compact);
                                       auto package = sealForPlatform(pem, plain, QJsonObject{{QStringLiteral("account"), c.accountId}});
                                       crypto::cleanse(plain);
                                       if (!package)
                                           return package.error();
                                       sealed = QString::fromUtf8(QJsonDocument(package.value()).toJson(QJsonDocument::Compact));
                                       created.hasContact = true;
                                   }
                                   if (auto s = store.insertRequest(created, contactEnc, sealed); !s)
                                       return s;
                                   details.insert(QStringLiteral("request"), created.id);
                                   return store.addEvent(c.id, now, session.username, QStringLiteral("reset_requested"),
                                                         QStringLiteral("%1 %2").arg(created.id, created.kind));
                               },
                               QJsonObject{{QStringLiteral("kind"), input.kind}});
    if (!changed)
        return changed.error();
    return created;
}

Status ResetService::expireIfDue(const auth::Session &session, const QString &caseId)
{
    auto conn = m_database.connection();
    if (!conn)
        return conn.error();
    storage::CaseStore reader(conn.value());
    auto requests = reader.requests(caseId);
    if (!requests)
        return requests.error();
    const qint64 now = m_clock.nowMs();
    for (const ResetRequest &r : requests.value()) {
        if (r.state != QLatin1String("pending") || now <= r.requestedAt + kExpiryMs)
            continue;
        auto changed = CaseService(m_database, m_keys, m_clock)
                           .change(session, caseId, auth::Permission::WorkCases, QStringLiteral("reset.expired"), {},
                                   [&](CaseRecord &c, storage::CaseStore &store, QJsonObject &) -> Status {
                                       ResetRequest expired = r;
                                       expired.state = QStringLiteral("expired");
                                       if (auto s = store.updateRequest(expired); !s)
                                           return s;
                                       if (c.state == QLatin1String("on_hold") && c.heldState == QLatin1String("pending_approval"))
                                           c.heldState = QStringLiteral("awaiting_verification"); // resume where a new request can start
                                       else if (auto next = nextState(c.state, CaseAction::RequestExpired); next)
                                           c.state = next.value();
                                       return store.addEvent(c.id, now, QStringLiteral("system"), QStringLiteral("reset_expired"), r.id);
                                   },
                                   QJsonObject{{QStringLiteral("request"), r.id}});
        if (!changed)
            return changed.error();
    }
    return {};
}

Result<ResetRequest> ResetService::approve(const auth::Session &session, const QString &caseId, const QString &requestId,
                                           const QString &reason)
{
    return decide(session, caseId, requestId, reason, true);
}

Result<ResetRequest> ResetService::reject(const auth::Session &session, const QString &caseId, const QString &requestId,
                                          const QString &reason)
{
    return decide(session, caseId, requestId, reason, false);
}

Result<ResetRequest> ResetService::decide(const auth::Session &session, const QString &caseId, const QString &requestId,
                                          const QString &reason, bool approve)
{
    const QString action = approve ? QStringLiteral("reset.approve") : QStringLiteral("reset.reject");
    if (auth::roleAllows(session.role, auth::Permission::DecideReset)) {
        if (reason.trimmed().isEmpty())
            return Error::invalidField(QStringLiteral("reason"), QStringLiteral("Give a reason for the decision."),
                                       ErrorCode::MissingValue);
        if (auto s = checkTypedText(QStringLiteral("reason"), reason); !s)
            return s.error();
        if (auto s = expireIfDue(session, caseId); !s)
            return s.error();
    }
    ResetRequest decided;
    const qint64 now = m_clock.nowMs();
    auto changed = CaseService(m_database, m_keys, m_clock)
                       .change(session, caseId, auth::Permission::DecideReset, action, {},
                               [&](CaseRecord &c, storage::CaseStore &store, QJsonObject &details) -> Status {
                                   auto found = findRequest(store, c.id, requestId);
                                   if (!found)
                                       return found.error();
                                   decided = *found.value();
                                   // An approver whose own role took effect with no second person:
                                   // this decision's four eyes rest on one person, and the trail says so.
                                   auto approver = storage::OperatorStore(m_database).find(session.username);
                                   if (!approver)
                                       return approver.error();
                                   if (approver.value() && approver.value()->grantedAlone) {
                                       details.insert(QStringLiteral("four_eyes"), false);
                                       details.insert(QStringLiteral("granted_alone"), session.username);
                                   }
                                   if (decided.requestedBy == session.username)
                                       return Error::refused(QStringLiteral("You requested %1 yourself; another supervisor must decide "
                                                                            "it (four eyes).")
                                                                 .arg(requestId));
                                   if (decided.state == QLatin1String("expired"))
                                       return Error::refused(QStringLiteral("Request %1 expired: it was not decided within 24 hours; the "
                                                                            "agent must request it again.")
                                                                 .arg(requestId));
                                   if (decided.state != QLatin1String("pending"))
                                       return Error::refused(QStringLiteral("Request %1 is %2, not pending.").arg(requestId, decided.state));
                                   auto evidence = store.evidence(c.id);
                                   if (!evidence)
                                       return evidence.error();
                                   if (approve && evidenceFingerprint(evidence.value()) != decided.evidenceFingerprint)
                                       return Error::refused(QStringLiteral("The evidence on case %1 changed after request %2 was made; "
                                                                            "it cannot be approved, the agent must request again.")
                                                                 .arg(c.id, requestId));
                                   auto next = nextState(c.state, approve ? CaseAction::Approve : CaseAction::Reject);
                                   if (!next)
                                       return next.error();
                                   c.state = next.value();
                                   decided.state = approve ? QStringLiteral("approved") : QStringLiteral("rejected");
                                   decided.decidedBy = session.username;
                                   decided.decidedAt = now;
                                   decided.decisionReason = reason.trimmed().left(4000);
                                   if (auto s = store.updateRequest(decided); !s)
                                       return s;
                                   return store.addEvent(c.id, now, session.username, approve ? QStringLiteral("reset_approved")
                                                                                                : QStringLiteral("reset_rejected"),
                                                         requestId);
                               },
                               QJsonObject{{QStringLiteral("request"), requestId}});
    if (!changed)
        return changed.error();
    return decided;
}

} // namespace rd::cases
