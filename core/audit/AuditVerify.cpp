// Verification of the audit trail: the chain, the checkpoints and an optional anchor.
#include "audit/AuditChain.h"
#include "audit/ChainBytes.h"
#include "audit/RowPipeline.h"
#include "audit/AuditLog.h"

#include "common/CanonicalJson.h"
#include "crypto/Ed25519.h"
#include "crypto/KeyStore.h"
#include "storage/AuditStore.h"
#include "storage/Database.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstring>

namespace rd::audit {

namespace {

VerifyResult broken(qint64 seq, const QString &reason, const QString &message)
{
    VerifyResult r;
    r.ok = false;
    r.brokenAt = seq;
    r.reason = reason;
    r.message = message;
    return r;
}

} // namespace

Result<Anchor> Anchor::fromExport(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::badInput(QStringLiteral("Cannot read the anchor export %1.").arg(path));
    const QJsonObject head = QJsonDocument::fromJson(file.readLine(1 << 16)).object();
    const QJsonObject h = head.value(QStringLiteral("head")).toObject();
    const QJsonObject c = head.value(QStringLiteral("checkpoint")).toObject();
    Anchor a;
    a.seq = qint64(h.value(QStringLiteral("seq")).toDouble());
    a.hash = h.value(QStringLiteral("hash")).toString();
    a.signature = c.value(QStringLiteral("sig")).toString();
    if (a.seq <= 0 || a.hash.size() != 64 || a.signature.isEmpty())
        return Error::badInput(QStringLiteral("%1 does not start with an audit export head line; give a JSONL audit export.").arg(path));
    return a;
}

Result<VerifyResult> AuditLog::verify(const auth::Session &session, const std::optional<Anchor> &anchor,
                                      const std::function<bool(qint64, qint64)> &progress)
{
    if (auto s = require(session, auth::Permission::ReviewAudit, QStringLiteral("audit.verify")); !s)
        return s.error();
    auto conn = m_database.connection();
    if (!conn)
        return conn.error();
    QSqlDatabase db = conn.value();
    auto result = verifyChain(db, anchor, progress);
    if (!result)
        return result;
    QJsonObject details{{QStringLiteral("ok"), result->ok}, {QStringLiteral("entries"), result->entries}};
    if (result->withoutSecondPerson > 0)
        details.insert(QStringLiteral("without_second_person"), result->withoutSecondPerson);
    if (!result->ok) {
        details.insert(QStringLiteral("broken_at"), result->brokenAt);
        details.insert(QStringLiteral("reason"), result->reason);
    }
    if (anchor)
        details.insert(QStringLiteral("anchor_seq"), anchor->seq);
    if (auto a = append(Actor::of(session), QStringLiteral("audit.verify"), {}, details); !a)
        return a.error();
    return result;
}

Result<VerifyResult> AuditLog::verifyChain(QSqlDatabase &db, const std::optional<Anchor> &anchor,
                                           const std::function<bool(qint64, qint64)> &progress)
{
    storage::AuditStore store(db);
    // The count is a scan of its own: only for a caller that shows progress.
    Result<qint64> total = qint64(0);
    if (progress)
        total = store.count();
    if (!total)
        return total.error();
    auto checkpoints = store.checkpoints();
    if (!checkpoints)
        return checkpoints.error();
    QHash<qint64, storage::AuditCheckpoint> bySeq;
    for (const auto &c : checkpoints.value())
        bySeq.insert(c.seq, c);
    // The verifier visits a million rows: the next checkpoint's seq, not a lookup per row.
    QList<qint64> checkpointSeqs = bySeq.keys();
    std::sort(checkpointSeqs.begin(), checkpointSeqs.end());
    qsizetype nextCheckpoint = 0;
    const QByteArray publicKey = m_keys.signingPublicKey();

    std::optional<VerifyResult> failure;
    qint64 withoutSecondPerson = 0;
    std::optional<qint64> missingSeq;
    qint64 expected = 1;
    QByteArray previous = genesisHash().toLatin1();
    bool cancelled = false;
    ChainBytes chain;
    auto visit = [&](const storage::AuditRowView &e) {
        if (e.seq != expected) {
            if (e.seq > expected)
                missingSeq = expected; // classified below: later in the log (reordered) or gone (deleted)
            else
                failure = broken(e.seq, QStringLiteral("reordered"),
                                 QStringLiteral("Entry %1 appears after entry %2: entries were reordered.").arg(e.seq).arg(expected - 1));
            return false;
        }
        // Details that are not canonical JSON of an object were written around the application.
        bool fourEyesOff = false;
        if (!chain.matches(e, &fourEyesOff)) {
            failure = broken(e.seq, QStringLiteral("edited"), QStringLiteral("Entry %1 was edited: its hash does not match its content.").arg(e.seq));
            return false;
        }
        if (e.prevHash != QByteArrayView(previous)) {
            // This entry is intact but the one before changed after it was chained: that one was
            // edited and its hash recomputed.
            failure = broken(e.seq - 1, QStringLiteral("edited"),
                             QStringLiteral("Entry %1 was edited and its hash recomputed: entry %2 no longer chains to it.")
                                 .arg(e.seq - 1)
                                 .arg(e.seq));
            return false;
        }
        while (nextCheckpoint < checkpointSeqs.size() && checkpointSeqs[nextCheckpoint] < e.seq)
            ++nextCheckpoint;
        const bool atCheckpoint = nextCheckpoint < checkpointSeqs.size() && checkpointSeqs[nextCheckpoint] == e.seq;
        if (const auto it = atCheckpoint ? bySeq.constFind(e.seq) : bySeq.constEnd(); it != bySeq.constEnd()) {
            if (!crypto::ed25519Verify(publicKey, checkpointMessage(it->seq, it->hash), QByteArray::fromBase64(it->signature.toLatin1()))) {
                failure = broken(e.seq, QStringLiteral("bad_signature"),
                                 QStringLiteral("The checkpoint at entry %1 has a bad signature.").arg(e.seq));
                return false;
            }
            if (QByteArrayView(it->hash.toLatin1()) != e.hash) {
                failure = broken(e.seq, QStringLiteral("edited"),
                                 QStringLiteral("Entry %1 differs from its signed checkpoint: the log up to it was rewritten.").arg(e.seq));
                return false;
            }
        } else if (needsCheckpoint(e.seq, e.action == QByteArrayView("audit.export") ? QStringLiteral("audit.export") : QString())) {
            // Checkpoints are append-only like the entries: one that was signed and is gone
            // hides whatever was rewritten before it.
            failure = broken(e.seq, QStringLiteral("checkpoint_missing"),
                             QStringLiteral("The signed checkpoint at entry %1 is missing: checkpoints were deleted.").arg(e.seq));
            return false;
        }
        if (fourEyesOff)
            ++withoutSecondPerson;
        previous.resize(e.hash.size()); // the same size every time: no allocation
        std::memcpy(previous.data(), e.hash.data(), std::size_t(e.hash.size()));
        ++expected;
        return true;
    };
    // Rows are checked on a second thread while this one reads the next ones (and reports the
    // progress of reading, which the checking follows closely).
    auto read = [&](qint64 rows) {
        if (progress && rows % 10000 == 0 && !progress(rows, total.value())) {
            cancelled = true;
            return false;
        }
        return true;
    };
    if (auto s = checkRowsWhileReading(store, visit, read); !s)
        return s.error();
    if (cancelled)
        return Error::refused(QStringLiteral("Verification was cancelled.")).withCode(ErrorCode::Cancelled);
    if (missingSeq) {
        auto later = store.bySeq(*missingSeq);
        if (!later)
            return later.error();
        if (later.value())
            return broken(*missingSeq, QStringLiteral("reordered"),
                          QStringLiteral("Entry %1 is out of place: entries were reordered.").arg(*missingSeq));
        return broken(*missingSeq, QStringLiteral("deleted"), QStringLiteral("Entry %1 was deleted.").arg(*missingSeq));
    }
    if (failure)
        return *failure;

    const qint64 last = expected - 1;
    for (const auto &c : checkpoints.value()) {
        if (c.seq > last && !crypto::ed25519Verify(publicKey, checkpointMessage(c.seq, c.hash), QByteArray::fromBase64(c.signature.toLatin1())))
            return broken(c.seq, QStringLiteral("bad_signature"),
                          QStringLiteral("The checkpoint for entry %1 has a bad signature.").arg(c.seq));
        if (c.seq > last)
            return broken(last + 1, QStringLiteral("truncated"),
                          QStringLiteral("The log ends at entry %1 but a checkpoint exists for entry %2: newest entries were deleted.")
                              .arg(last)
                              .arg(c.seq));
    }
    if (anchor) {
        if (!crypto::ed25519Verify(publicKey, checkpointMessage(anchor->seq, anchor->hash), QByteArray::fromBase64(anchor->signature.toLatin1())))
            return broken(anchor->seq, QStringLiteral("bad_signature"),
                          QStringLiteral("The anchor's checkpoint signature is not this installation's."));
        if (anchor->seq > last)
            return broken(last + 1, QStringLiteral("truncated"),
                          QStringLiteral("The log ends at entry %1 but the anchor export recorded entry %2: newest entries were deleted.")
                              .arg(last)
                              .arg(anchor->seq));
        auto at = store.bySeq(anchor->seq);
        if (!at)
            return at.error();
        if (!at.value() || at.value()->hash != anchor->hash)
            return broken(anchor->seq, QStringLiteral("edited"),
                          QStringLiteral("Entry %1 no longer matches the anchor export: the log was rewritten.").arg(anchor->seq));
    }
    VerifyResult ok;
    ok.entries = last;
    ok.checkpoints = checkpoints->size();
    ok.withoutSecondPerson = withoutSecondPerson;
    const QString anchored = anchor ? QStringLiteral(", and it still holds the anchor export's entry %1").arg(anchor->seq) : QString();
    if (ok.checkpoints == 0)
        // Say what was checked: a chain no signature anchors yet could have been rewritten whole.
        ok.message = anchor ? QStringLiteral("The hash chain of %1 entries is unbroken%2. No signed checkpoint is due yet (the first "
                                             "comes at entry 1000 or at the next export).")
                                  .arg(last)
                                  .arg(anchored)
                            : QStringLiteral("The hash chain of %1 entries is unbroken. No signed checkpoint is due yet (the first comes "
                                             "at entry 1000 or at the first export), so nothing anchors the chain: export the trail to "
                                             "anchor it.")
                                  .arg(last);
    else
        ok.message = QStringLiteral("The audit trail is intact: %1 entries chained, %2 signed checkpoints verified, none missing%3.")
                         .arg(last)
                         .arg(ok.checkpoints)
                         .arg(anchored);
    if (withoutSecondPerson > 0)
        ok.message += QStringLiteral(" %1 grants or approvals were made without a second person (entries with \"four_eyes\": false): "
                                     "their four eyes rest on one person.")
                          .arg(withoutSecondPerson);
    return ok;
}

} // namespace rd::audit
