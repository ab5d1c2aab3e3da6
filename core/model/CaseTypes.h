#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace rd::cases {

// SPEC §7 names, kept as the strings the CLI and the database use.
namespace state {
inline const QString New = QStringLiteral("new");
inline const QString Investigating = QStringLiteral("investigating");
inline const QString AwaitingVerification = QStringLiteral("awaiting_verification");
inline const QString PendingApproval = QStringLiteral("pending_approval");
inline const QString Approved = QStringLiteral("approved");
inline const QString ResetDone = QStringLiteral("reset_done");
inline const QString Rejected = QStringLiteral("rejected");
inline const QString Resolved = QStringLiteral("resolved");
inline const QString Closed = QStringLiteral("closed");
inline const QString OnHold = QStringLiteral("on_hold");
inline const QString Reopened = QStringLiteral("reopened");
} // namespace state

const QStringList &channels();         // phone, email, chat, web
const QStringList &priorities();       // low, normal, high, urgent
const QStringList &evidenceMethods();  // email_otp, sms_otp, government_id, knowledge_check, video_call, prior_device_confirmation
const QStringList &resetKinds();       // regenerate_codes, disable_two_factor, revoke_device_trust, unlock_account, replace_recovery_contact

struct CaseRecord {
    QString id;
    QString accountId;
    QString channel;
    QString summary;
    QString priority;
    QString state;
    QString heldState;
    QString assignee;
    qint64 createdAt = 0;
    QString createdBy;
    qint64 firstResponseDue = 0;
    qint64 resolutionDue = 0;
    std::optional<qint64> firstResponseAt;
    QString resolution;
    std::optional<qint64> resolvedAt;
    std::optional<qint64> closedAt;
    qint64 updatedAt = 0;
    int version = 1;
    qint64 num = 0; // the case's number (the id's digits): the queue pages by it
};

struct NoteRecord {
    qint64 at = 0;
    QString author;
    QString text;
};

struct EvidenceRecord {
    qint64 id = 0;
    QString method;
    QString result; // pass | fail
    QString verifier;
    qint64 at = 0;
    QString note;
};

struct CaseEvent {
    qint64 at = 0;
    QString actor;
    QString kind;
    QString detail;
};

struct ResetRequest {
    QString id;
    QString caseId;
    QString kind;
    QString justification;
    QString deviceId;
    QString state; // pending | approved | rejected | expired | executed
    QString requestedBy;
    qint64 requestedAt = 0;
    QString evidenceFingerprint;
    QString decidedBy;
    std::optional<qint64> decidedAt;
    QString decisionReason;
    QString executedBy;
    std::optional<qint64> executedAt;
    QString actionId;
    bool hasContact = false;
};

struct AttachedDiagnosis {
    QString id;
    qint64 at = 0;
    QString primaryCause;
    QString operatorName;
    QString reportJson; // the stored report (never a code), for the case's answer card: latest only
};

// A reset request waiting for a supervisor, with the case it belongs to (approvals queue).
struct ApprovalItem {
    ResetRequest request;
    QString accountId;
    QString priority;
    QString caseSummary;
    // The account's most recent rejected request (on any case), so the next approver sees why it
    // was turned down.
    QString rejectedId;
    QString rejectedBy;
    QString rejectionReason;
};

// One line of a case's merged timeline: platform events of the account and case actions.
struct TimelineItem {
    qint64 at = 0;
    QString source; // attempt | security | device | code_use | case | note | evidence
    QString text;
    QString ref;    // record id
};

// SLA targets per priority (SPEC §7 defaults): first response and resolution, in minutes.
struct SlaTargets {
    qint64 firstResponseMin = 0;
    qint64 resolutionMin = 0;
};
SlaTargets slaFor(const QString &priority);

// The desk's queue views (SPEC §10), decided by the database so that they hold at any size.
// NeedsAttention: open and breached or due within the hour (the SLA dashboard's list).
enum class QueueView { All, Open, Mine, Unassigned, PendingApproval, SlaBreaching, NeedsAttention };
// Newest first (the CLI's list), or the most urgent SLA first (the desk's queue).
enum class QueueOrder { Newest, SlaDue };

// Which cases a list shows, and from where (keyset paging: never OFFSET over a big table).
struct CaseFilter {
    QString state;
    QString assignee;
    QString accountId; // only this account's cases
    QString search; // full text over summaries and notes
    QueueView view = QueueView::All;
    QueueOrder order = QueueOrder::Newest;
    int limit = 500;
    // The next page starts after this case (the last one of the page before); none: the first.
    std::optional<CaseRecord> after;
    // Filled in by CaseService: who "mine" is, and the time SLA breaches are judged at.
    QString me;
    qint64 now = 0;
};

// The SLA dashboard (SPEC §10): open cases per priority, counted by the database.
struct SlaCounts {
    QString priority;
    qint64 open = 0;
    qint64 unassigned = 0;
    qint64 dueSoon = 0;  // due within the hour
    qint64 breached = 0; // past the time the SLA badge counts down to
};
inline constexpr qint64 kSlaDueSoonMs = 60 * 60 * 1000;

// One page of a list, and (when asked for) how many cases its filter holds in all.
struct CasePage {
    QList<CaseRecord> rows;
    qint64 total = -1;
};

} // namespace rd::cases
