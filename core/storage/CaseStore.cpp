#include "storage/CaseStore.h"

#include "model/PlatformWords.h"

#include "storage/Sql.h"
#include "storage/SqlDialect.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace rd::storage {

using namespace cases;

namespace {

const QString kCaseColumns = QStringLiteral(
    "id, account_id, channel, summary, priority, state, held_state, assignee, created_at, created_by, first_response_due, "
    "resolution_due, first_response_at, resolution, resolved_at, closed_at, updated_at, version");
// What readCase reads: the columns a case is written with, and its number.
const QString kCaseReadColumns = kCaseColumns + QStringLiteral(", num");

CaseRecord readCase(const QSqlQuery &q)
{
    CaseRecord c;
    c.id = q.value(0).toString();
    c.accountId = q.value(1).toString();
    c.channel = q.value(2).toString();
    c.summary = q.value(3).toString();
    c.priority = q.value(4).toString();
    c.state = q.value(5).toString();
    c.heldState = q.value(6).toString();
    c.assignee = q.value(7).toString();
    c.createdAt = q.value(8).toLongLong();
    c.createdBy = q.value(9).toString();
    c.firstResponseDue = q.value(10).toLongLong();
    c.resolutionDue = q.value(11).toLongLong();
    c.firstResponseAt = optionalInt64(q.value(12));
    c.resolution = q.value(13).toString();
    c.resolvedAt = optionalInt64(q.value(14));
    c.closedAt = optionalInt64(q.value(15));
    c.updatedAt = q.value(16).toLongLong();
    c.version = q.value(17).toInt();
    c.num = q.value(18).toLongLong();
    return c;
}

const QString kRequestColumns = QStringLiteral(
    "id, case_id, kind, justification, device_id, state, requested_by, requested_at, evidence_fingerprint, decided_by, "
    "decided_at, decision_reason, executed_by, executed_at, action_id, contact_enc IS NOT NULL");

ResetRequest readRequest(const QSqlQuery &q)
{
    ResetRequest r;
    r.id = q.value(0).toString();
    r.caseId = q.value(1).toString();
    r.kind = q.value(2).toString();
    r.justification = q.value(3).toString();
    r.deviceId = q.value(4).toString();
    r.state = q.value(5).toString();
    r.requestedBy = q.value(6).toString();
    r.requestedAt = q.value(7).toLongLong();
    r.evidenceFingerprint = q.value(8).toString();
    r.decidedBy = q.value(9).toString();
    r.decidedAt = optionalInt64(q.value(10));
    r.decisionReason = q.value(11).toString();
    r.executedBy = q.value(12).toString();
    r.executedAt = optionalInt64(q.value(13));
    r.actionId = q.value(14).toString();
    r.hasContact = q.value(15).toInt() != 0;
    return r;
}

} // namespace

Result<QString> CaseStore::nextCaseId()
{
    auto q = exec(m_db, QStringLiteral("SELECT COALESCE(MAX(num), 0) + 1 FROM cases"));
    if (!q)
        return q.error();
    const qint64 n = q->next() ? q->value(0).toLongLong() : 1;
    return QStringLiteral("C-%1").arg(n, 6, 10, QLatin1Char('0'));
}

Status CaseStore::insertCase(const CaseRecord &c, const QByteArray &reporterEncrypted)
{
    auto q = exec(m_db,
                  QStringLiteral("INSERT INTO cases (num, %1, reporter_enc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                 "?, ?, ?, ?)")
                      .arg(kCaseColumns),
                  {c.id.mid(2).toLongLong(), c.id, c.accountId, c.channel, c.summary, c.priority, c.state, nullableText(c.heldState),
                   nullableText(c.assignee), c.createdAt, c.createdBy, c.firstResponseDue, c.resolutionDue,
                   nullableTime(c.firstResponseAt), nullableText(c.resolution), nullableTime(c.resolvedAt), nullableTime(c.closedAt),
                   c.updatedAt, c.version,
                   reporterEncrypted.isNull() ? QVariant(QMetaType::fromType<QByteArray>()) : QVariant(reporterEncrypted)});
    if (!q)
        return q.error();
    return {};
}

Result<std::optional<CaseRecord>> CaseStore::find(const QString &id)
{
    auto q = exec(m_db, QStringLiteral("SELECT %1 FROM cases WHERE id = ?").arg(kCaseReadColumns), {id});
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<CaseRecord>{};
    return std::optional<CaseRecord>(readCase(q.value()));
}

Result<bool> CaseStore::accountExists(const QString &accountId)
{
    auto q = exec(m_db, QStringLiteral("SELECT 1 FROM accounts WHERE id = ?"), {accountId});
    if (!q)
        return q.error();
    return q->next();
}

Result<QByteArray> CaseStore::reporterEncrypted(const QString &caseId)
{
    auto q = exec(m_db, QStringLiteral("SELECT reporter_enc FROM cases WHERE id = ?"), {caseId});
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toByteArray() : QByteArray();
}

Result<QList<AttachedDiagnosis>> CaseStore::diagnoses(const QString &caseId)
{
    // The report itself only for the latest diagnosis (the case's answer card): a case is read
    // again at every change a teammate makes, and older reports are not shown.
    auto q = exec(m_db,
                  QStringLiteral("SELECT id, at, primary_cause, operator, CASE WHEN created_at = (SELECT MAX(created_at) FROM "
                                 "diagnoses WHERE case_id = ?) THEN report END FROM diagnoses WHERE case_id = ? ORDER BY created_at, id"),
                  {caseId, caseId});
    if (!q)
        return q.error();
    QList<AttachedDiagnosis> out;
    while (q->next())
        out.append({q->value(0).toString(), q->value(1).toLongLong(), q->value(2).toString(), q->value(3).toString(),
                    q->value(4).toString()});
    return out;
}

Result<int> CaseStore::countCreatedBy(const QString &username)
{
    auto q = exec(m_db, QStringLiteral("SELECT COUNT(*) FROM cases WHERE created_by = ?"), {username});
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toInt() : 0;
}

Result<bool> CaseStore::update(const CaseRecord &c, int expectedVersion)
{
    auto q = exec(m_db,
                  QStringLiteral("UPDATE cases SET state = ?, held_state = ?, assignee = ?, first_response_at = ?, resolution = ?, "
                                 "resolved_at = ?, closed_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?"),
                  {c.state, nullableText(c.heldState), nullableText(c.assignee), nullableTime(c.firstResponseAt), nullableText(c.resolution),
                   nullableTime(c.resolvedAt), nullableTime(c.closedAt), c.updatedAt, c.id, expectedVersion});
    if (!q)
        return q.error();
    return q->numRowsAffected() == 1;
}

namespace {

// The time the queue's SLA badge counts down to: the first response while it is pending (and
// due before the resolution), else the resolution (ui/common/Format.cpp slaDue, in SQL). Word for
// word the expression of the index cases_sla_due (migration 7), or the index is not used.
const QString kSlaDue = QStringLiteral("(CASE WHEN first_response_at IS NULL AND first_response_due > 0 AND "
                                       "first_response_due < resolution_due THEN first_response_due ELSE resolution_due END)");

// The WHERE clause of a filter and its values, in order.
QString whereOf(const cases::CaseFilter &f, const SqlDialect &dialect, QVariantList *values)
{
    QStringList conditions{QStringLiteral("1 = 1")};
    auto add = [&](const QString &condition, const QVariantList &vs = {}) {
        conditions.append(condition);
        *values += vs;
    };
    if (!f.state.isEmpty())
        add(QStringLiteral("state = ?"), {f.state});
    if (!f.assignee.isEmpty())
        add(QStringLiteral("assignee = ?"), {f.assignee});
    if (!f.accountId.isEmpty())
        add(QStringLiteral("account_id = ?"), {f.accountId});
    if (const QString fts = dialect.searchParameter(f.search); !fts.isEmpty())
        add(dialect.searchCondition(), {fts});
    const QString open = QStringLiteral("state NOT IN ('resolved', 'closed')");
    switch (f.view) {
    case cases::QueueView::All:
        break;
    case cases::QueueView::Open:
        add(open);
        break;
    case cases::QueueView::Mine:
        add(open + QStringLiteral(" AND assignee = ?"), {f.me});
        break;
    case cases::QueueView::Unassigned:
        add(open + QStringLiteral(" AND assignee IS NULL"));
        break;
    case cases::QueueView::PendingApproval:
        add(QStringLiteral("state = 'pending_approval'"));
        break;
    case cases::QueueView::SlaBreaching:
        add(open + QStringLiteral(" AND ") + kSlaDue + QStringLiteral(" < ?"), {f.now});
        break;
    case cases::QueueView::NeedsAttention:
        add(open + QStringLiteral(" AND ") + kSlaDue + QStringLiteral(" < ?"), {f.now + cases::kSlaDueSoonMs});
        break;
    }
    return conditions.join(QStringLiteral(" AND "));
}

} // namespace

Result<QList<CaseRecord>> CaseStore::list(const cases::CaseFilter &f)
{
    QVariantList values;
    QString sql = QStringLiteral("SELECT %1 FROM cases WHERE ").arg(kCaseReadColumns) + whereOf(f, SqlDialect::of(m_db), &values);
    const bool bySla = f.order == cases::QueueOrder::SlaDue;
    if (f.after) { // the page after the given case, in the same order
        if (bySla) {
            const qint64 due = f.after->firstResponseAt || f.after->firstResponseDue <= 0
                                       || f.after->firstResponseDue >= f.after->resolutionDue
                                   ? f.after->resolutionDue
                                   : f.after->firstResponseDue;
            // "due >= ?" first: both databases then start reading the index at the page's start.
            sql += QStringLiteral(" AND %1 >= ? AND (%1 > ? OR num < ?)").arg(kSlaDue);
            values += {due, due, f.after->num};
        } else {
            sql += QStringLiteral(" AND num < ?");
            values += f.after->num;
        }
    }
    sql += bySla ? QStringLiteral(" ORDER BY %1, num DESC LIMIT ?").arg(kSlaDue) : QStringLiteral(" ORDER BY num DESC LIMIT ?");
    values += f.limit;
    auto q = execList(m_db, sql, values);
    if (!q)
        return q.error();
    QList<CaseRecord> out;
    while (q->next())
        out.append(readCase(q.value()));
    return out;
}

Result<QList<cases::SlaCounts>> CaseStore::slaCounts(qint64 now)
{
    auto q = exec(m_db,
                  QStringLiteral("SELECT priority, COUNT(*), SUM(CASE WHEN assignee IS NULL THEN 1 ELSE 0 END), "
                                 "SUM(CASE WHEN %1 >= ? AND %1 < ? THEN 1 ELSE 0 END), SUM(CASE WHEN %1 < ? THEN 1 ELSE 0 END) "
                                 "FROM cases WHERE state NOT IN ('resolved', 'closed') GROUP BY priority")
                      .arg(kSlaDue),
                  {now, now + cases::kSlaDueSoonMs, now});
    if (!q)
        return q.error();
    QList<cases::SlaCounts> out;
    while (q->next())
        out.append({q->value(0).toString(), q->value(1).toLongLong(), q->value(2).toLongLong(), q->value(3).toLongLong(),
                    q->value(4).toLongLong()});
    return out;
}

Result<qint64> CaseStore::count(const cases::CaseFilter &f)
{
    QVariantList values;
    auto q = execList(m_db, QStringLiteral("SELECT COUNT(*) FROM cases WHERE ") + whereOf(f, SqlDialect::of(m_db), &values), values);
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toLongLong() : 0;
}

Status CaseStore::addNote(const QString &caseId, qint64 at, const QString &author, const QString &text)
{
    auto q = exec(m_db, QStringLiteral("INSERT INTO case_notes (case_id, at, author, text) VALUES (?, ?, ?, ?)"), {caseId, at, author, text});
    if (!q)
        return q.error();
    return index(caseId, text);
}

Result<QList<NoteRecord>> CaseStore::notes(const QString &caseId)
{
    auto q = exec(m_db, QStringLiteral("SELECT at, author, text FROM case_notes WHERE case_id = ? ORDER BY at, id"), {caseId});
    if (!q)
        return q.error();
    QList<NoteRecord> out;
    while (q->next())
        out.append({q->value(0).toLongLong(), q->value(1).toString(), q->value(2).toString()});
    return out;
}

Status CaseStore::addEvent(const QString &caseId, qint64 at, const QString &actor, const QString &kind, const QString &detail)
{
    auto q = exec(m_db, QStringLiteral("INSERT INTO case_events (case_id, at, actor, kind, detail) VALUES (?, ?, ?, ?, ?)"),
                  {caseId, at, actor, kind, nullableText(detail)});
    if (!q)
        return q.error();
    return {};
}

Result<QList<CaseEvent>> CaseStore::events(const QString &caseId)
{
    auto q = exec(m_db, QStringLiteral("SELECT at, actor, kind, detail FROM case_events WHERE case_id = ? ORDER BY at, id"), {caseId});
    if (!q)
        return q.error();
    QList<CaseEvent> out;
    while (q->next())
        out.append({q->value(0).toLongLong(), q->value(1).toString(), q->value(2).toString(), q->value(3).toString()});
    return out;
}

Status CaseStore::addEvidence(const QString &caseId, const EvidenceRecord &e)
{
    auto q = exec(m_db, QStringLiteral("INSERT INTO evidence (case_id, method, result, verifier, at, note) VALUES (?, ?, ?, ?, ?, ?)"),
                  {caseId, e.method, e.result, e.verifier, e.at, nullableText(e.note)});
    if (!q)
        return q.error();
    return {};
}

Result<QList<EvidenceRecord>> CaseStore::evidence(const QString &caseId)
{
    auto q = exec(m_db, QStringLiteral("SELECT id, method, result, verifier, at, note FROM evidence WHERE case_id = ? ORDER BY id"), {caseId});
    if (!q)
        return q.error();
    QList<EvidenceRecord> out;
    while (q->next())
        out.append({q->value(0).toLongLong(), q->value(1).toString(), q->value(2).toString(), q->value(3).toString(),
                    q->value(4).toLongLong(), q->value(5).toString()});
    return out;
}

Result<QList<TimelineItem>> CaseStore::timeline(const QString &caseId, const QString &accountId, qint64 from, qint64 to, int limit)
{
    // One statement, so SQLite merges and orders; each branch uses its own index.
    // Each source's fields, for words::timelineText to put into words (screens and reports).
    const QString sql = QStringLiteral(
        "SELECT * FROM ("
        " SELECT at, 'attempt' AS source, method AS f1, outcome AS f2, reason AS f3, device_id AS f4, ip AS f5, city AS f6, id AS ref"
        "   FROM login_attempts WHERE account_id = ? AND at BETWEEN ? AND ?"
        " UNION ALL SELECT at, 'security', event, NULL, NULL, NULL, NULL, NULL, NULL FROM security_events"
        "   WHERE account_id = ? AND at BETWEEN ? AND ?"
        " UNION ALL SELECT e.at, 'device', d.id, e.event, e.actor, NULL, NULL, NULL, d.id"
        "   FROM device_events e JOIN devices d ON d.id = e.device_id WHERE d.account_id = ? AND e.at BETWEEN ? AND ?"
        " UNION ALL SELECT c.used_at, 'code_use', CAST(c.idx AS TEXT), c.set_id, c.used_device, c.used_ip, NULL, NULL,"
        "   c.set_id || '#' || c.idx FROM codes c JOIN code_sets s ON s.id = c.set_id WHERE s.account_id = ? AND c.used_at BETWEEN ? AND ?"
        " UNION ALL SELECT at, 'case', kind, detail, actor, NULL, NULL, NULL, case_id FROM case_events WHERE case_id = ?"
        " UNION ALL SELECT at, 'note', author, text, NULL, NULL, NULL, NULL, case_id FROM case_notes WHERE case_id = ?"
        " UNION ALL SELECT at, 'evidence', method, result, verifier, NULL, NULL, NULL, case_id FROM evidence WHERE case_id = ?"
        ") AS merged ORDER BY at DESC LIMIT ?");
    auto q = exec(m_db, sql,
                  {accountId, from, to, accountId, from, to, accountId, from, to, accountId, from, to, caseId, caseId, caseId, limit});
    if (!q)
        return q.error();
    QList<TimelineItem> out;
    while (q->next()) {
        const QString source = q->value(1).toString();
        QStringList fields;
        for (int i = 2; i < 8; ++i)
            fields << q->value(i).toString();
        out.prepend({q->value(0).toLongLong(), source, words::timelineText(source, fields), q->value(8).toString()});
    }
    return out;
}

Status CaseStore::index(const QString &caseId, const QString &text)
{
    auto q = exec(m_db, QStringLiteral("INSERT INTO case_search (case_id, body) VALUES (?, ?)"),
                  {caseId, SqlDialect::of(m_db).searchText(text)});
    if (!q)
        return q.error();
    return {};
}

Status CaseStore::insertRequest(const ResetRequest &r, const QByteArray &contactEncrypted, const QString &contactSealed)
{
    auto q = exec(m_db,
                  QStringLiteral("INSERT INTO reset_requests (id, case_id, kind, justification, device_id, contact_enc, contact_sealed, "
                                 "state, requested_by, requested_at, evidence_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                  {r.id, r.caseId, r.kind, r.justification, nullableText(r.deviceId),
                   contactEncrypted.isNull() ? QVariant(QMetaType::fromType<QByteArray>()) : QVariant(contactEncrypted),
                   nullableText(contactSealed), r.state, r.requestedBy, r.requestedAt, r.evidenceFingerprint});
    if (!q)
        return q.error();
    return {};
}

Result<std::optional<ResetRequest>> CaseStore::request(const QString &id)
{
    auto q = exec(m_db, QStringLiteral("SELECT %1 FROM reset_requests WHERE id = ?").arg(kRequestColumns), {id});
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<ResetRequest>{};
    return std::optional<ResetRequest>(readRequest(q.value()));
}

Result<QList<ResetRequest>> CaseStore::requests(const QString &caseId)
{
    auto q = exec(m_db, QStringLiteral("SELECT %1 FROM reset_requests WHERE case_id = ? ORDER BY requested_at, id").arg(kRequestColumns), {caseId});
    if (!q)
        return q.error();
    QList<ResetRequest> out;
    while (q->next())
        out.append(readRequest(q.value()));
    return out;
}

namespace {

// One column of the newest rejected request for the same account as the outer reset_requests
// row, on any of its cases: a request moved to a fresh case still shows the earlier "no".
QString lastRejection(const QString &column)
{
    return QStringLiteral("(SELECT r.%1 FROM reset_requests r JOIN cases rc ON rc.id = r.case_id "
                          "WHERE rc.account_id = (SELECT c.account_id FROM cases c WHERE c.id = reset_requests.case_id) "
                          "AND r.state = 'rejected' ORDER BY r.decided_at DESC, r.id DESC LIMIT 1) AS rejected_%1")
        .arg(column);
}

} // namespace

Result<QList<ApprovalItem>> CaseStore::pendingRequests()
{
    // Correlated subqueries keep the request columns unqualified (only reset_requests is in FROM).
    auto q = exec(m_db, QStringLiteral("SELECT %1, (SELECT account_id FROM cases c WHERE c.id = case_id), "
                                       "(SELECT priority FROM cases c WHERE c.id = case_id), "
                                       "(SELECT summary FROM cases c WHERE c.id = case_id), %2 "
                                       "FROM reset_requests WHERE state = 'pending' ORDER BY requested_at, id")
                            .arg(kRequestColumns, lastRejection(QStringLiteral("id")) + QStringLiteral(", ")
                                                      + lastRejection(QStringLiteral("decided_by")) + QStringLiteral(", ")
                                                      + lastRejection(QStringLiteral("decision_reason"))));
    if (!q)
        return q.error();
    QList<ApprovalItem> out;
    while (q->next())
        out.append({readRequest(q.value()), q->value(16).toString(), q->value(17).toString(), q->value(18).toString(),
                    q->value(19).toString(), q->value(20).toString(), q->value(21).toString()});
    return out;
}

Result<qint64> CaseStore::requestCount()
{
    auto q = exec(m_db, QStringLiteral("SELECT COUNT(*) FROM reset_requests"));
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toLongLong() : 0;
}

Status CaseStore::updateRequest(const ResetRequest &r)
{
    auto q = exec(m_db,
                  QStringLiteral("UPDATE reset_requests SET state = ?, decided_by = ?, decided_at = ?, decision_reason = ?, "
                                 "executed_by = ?, executed_at = ?, action_id = ? WHERE id = ?"),
                  {r.state, nullableText(r.decidedBy), nullableTime(r.decidedAt), nullableText(r.decisionReason), nullableText(r.executedBy),
                   nullableTime(r.executedAt), nullableText(r.actionId), r.id});
    if (!q)
        return q.error();
    return {};
}

Result<QByteArray> CaseStore::requestContact(const QString &id, QString *sealed)
{
    auto q = exec(m_db, QStringLiteral("SELECT contact_enc, contact_sealed FROM reset_requests WHERE id = ?"), {id});
    if (!q)
        return q.error();
    if (!q->next())
        return QByteArray();
    *sealed = q->value(1).toString();
    return q->value(0).toByteArray();
}

Result<qint64> CaseStore::insertOutbox(const QString &id, const QString &at, const QString &kind, const QString &account,
                                       const QString &caseId, const QString &requestId, const QByteArray &line)
{
    auto next = exec(m_db, QStringLiteral("SELECT COALESCE(MAX(seq), 0) + 1 FROM outbox"));
    if (!next)
        return next.error();
    const qint64 seq = next->next() ? next->value(0).toLongLong() : 1;
    next->finish();
    auto q = exec(m_db,
                  QStringLiteral("INSERT INTO outbox (seq, id, at, kind, account_id, case_id, request_id, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                  {seq, id, at, kind, account, caseId, requestId, QString::fromUtf8(line)});
    if (!q)
        return q.error();
    return seq;
}

Result<qint64> CaseStore::nextOutboxSeq()
{
    auto q = exec(m_db, QStringLiteral("SELECT COALESCE(MAX(seq), 0) + 1 FROM outbox"));
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toLongLong() : 1;
}

Result<QList<OutboxRow>> CaseStore::outbox(qint64 afterSeq)
{
    auto q = exec(m_db, QStringLiteral("SELECT seq, id, request_id, line FROM outbox WHERE seq > ? ORDER BY seq"), {afterSeq});
    if (!q)
        return q.error();
    QList<OutboxRow> out;
    while (q->next())
        out.append({q->value(0).toLongLong(), q->value(1).toString(), q->value(2).toString(), q->value(3).toString().toUtf8()});
    return out;
}

Result<qint64> CaseStore::outboxSeq(const QString &actionId)
{
    auto q = exec(m_db, QStringLiteral("SELECT seq FROM outbox WHERE id = ?"), {actionId});
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toLongLong() : -1;
}

Result<QStringList> CaseStore::securityEventsSince(const QString &accountId, qint64 since)
{
    auto q = exec(m_db, QStringLiteral("SELECT event FROM security_events WHERE account_id = ? AND at >= ? ORDER BY at"), {accountId, since});
    if (!q)
        return q.error();
    QStringList out;
    while (q->next())
        out << q->value(0).toString();
    return out;
}

Result<QStringList> CaseStore::diagnosisReports(const QString &caseId)
{
    auto q = exec(m_db, QStringLiteral("SELECT report FROM diagnoses WHERE case_id = ? ORDER BY created_at, id"), {caseId});
    if (!q)
        return q.error();
    QStringList reports;
    while (q->next())
        reports.append(q->value(0).toString());
    return reports;
}

} // namespace rd::storage
