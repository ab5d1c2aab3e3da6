#include "importer/ImportRun.h"

#include "accounts/ContactProtector.h"
#include "crypto/Hash.h"
#include "crypto/KeyStore.h"
#include "crypto/Random.h"
#include "crypto/SecretBytes.h"
#include "importer/CanonicalForm.h"
#include "ledger/CodeFormat.h"
#include "ledger/CodeNormalizer.h"
#include "ledger/LedgerHasher.h"
#include "storage/AttemptStage.h"
#include "storage/ImportStore.h"

namespace rd::importer {
namespace {

// Caches of known ids are bounded so memory stays flat on huge files.
constexpr qsizetype kCacheLimit = 100000;

template<class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
// Clang before 17 does not deduce aggregate template arguments (P1816) without this guide.
template<class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

QString describeKey(const Record &record)
{
    return std::visit(Overloaded{
                          [](const AccountRecord &r) { return QStringLiteral("account \"%1\"").arg(r.id); },
                          [](const CodeSetRecord &r) { return QStringLiteral("code set \"%1\"").arg(r.id); },
                          [](const CodeUsedRecord &r) {
                              return QStringLiteral("use of code %1 of set \"%2\"").arg(r.index).arg(r.set);
                          },
                          [](const CodeSetRevokedRecord &r) { return QStringLiteral("revocation of set \"%1\"").arg(r.set); },
                          [](const DeviceRecord &r) { return QStringLiteral("device \"%1\"").arg(r.id); },
                          [](const DeviceEventRecord &r) {
                              return QStringLiteral("\"%1\" event of device \"%2\" at that time").arg(r.event, r.device);
                          },
                          [](const LoginAttemptRecord &r) { return QStringLiteral("login attempt \"%1\"").arg(r.id); },
                          [](const SecurityEventRecord &r) {
                              return QStringLiteral("\"%1\" event of account \"%2\" at that time").arg(r.event, r.account);
                          },
                          [](const IncidentRecord &r) { return QStringLiteral("incident \"%1\"").arg(r.id); },
                      },
                      record);
}

void wipe(QString &s)
{
    if (!s.isEmpty()) {
        s.detach();
        crypto::cleanse(s.data(), std::size_t(s.size()) * sizeof(QChar));
    }
    s.clear();
}

// A login_attempt's fields as stored, in the canonical form's encoding: two attempts with the same
// id are the same attempt exactly when these bytes are equal (spelling, key order, unknown fields
// and an explicit null do not matter, as they do not for the row).
QByteArray attemptContent(const LoginAttemptRecord &l)
{
    QByteArray out;
    auto text = [&out](const QString &s) {
        if (s.isNull()) {
            out.append('n');
        } else {
            out.append('s');
            canonical::appendText(out, s.utf16(), s.size());
        }
    };
    auto number = [&out](const auto &o) {
        if (!o)
            out.append('n');
        else if constexpr (std::is_same_v<std::decay_t<decltype(*o)>, double>)
            canonical::appendDouble(out, *o);
        else
            canonical::appendInteger(out, *o);
    };
    for (const QString *s : {&l.id, &l.account})
        text(*s);
    canonical::appendInteger(out, l.at);
    for (const QString *s : {&l.method, &l.outcome, &l.device, &l.ip, &l.country, &l.city, &l.reason})
        text(*s);
    number(l.lat);
    number(l.lon);
    number(l.clockSkewS);
    return out;
}

} // namespace

QString recordKey(const Record &record)
{
    const QChar sep(0x1f);
    return std::visit(
        Overloaded{
            [](const AccountRecord &r) { return QStringLiteral("account:") + r.id; },
            [](const CodeSetRecord &r) { return QStringLiteral("code_set:") + r.id; },
            [&](const CodeUsedRecord &r) { return QStringLiteral("code_used:") + r.set + sep + QString::number(r.index); },
            [](const CodeSetRevokedRecord &r) { return QStringLiteral("code_set_revoked:") + r.set; },
            [](const DeviceRecord &r) { return QStringLiteral("device:") + r.id; },
            [&](const DeviceEventRecord &r) {
                return QStringLiteral("device_event:") + r.device + sep + QString::number(r.at) + sep + r.event;
            },
            [](const LoginAttemptRecord &r) { return QStringLiteral("login_attempt:") + r.id; },
            [&](const SecurityEventRecord &r) {
                return QStringLiteral("security_event:") + r.account + sep + QString::number(r.at) + sep + r.event;
            },
            [](const IncidentRecord &r) { return QStringLiteral("incident:") + r.id; },
        },
        record);
}

void wipeCodes(Record &record)
{
    if (auto *set = std::get_if<CodeSetRecord>(&record)) {
        for (CodeEntry &entry : set->codes) {
            if (!entry.code.isEmpty()) {
                entry.code.detach();
                crypto::cleanse(entry.code.data(), std::size_t(entry.code.size()) * sizeof(QChar));
            }
        }
    }
}

ImportRun::ImportRun(storage::ImportStore &store, const crypto::KeyStore &keys, ImportStats &stats, LineFinder findLine)
    : m_store(store), m_stats(stats), m_hasher(std::make_unique<ledger::LedgerHasher>(keys.ledgerKey().view())),
      m_contacts(std::make_unique<accounts::ContactProtector>(keys.dataKey().view())),
      m_digest(std::make_unique<crypto::HmacSha256>(crypto::randomBytes(32))), m_findLine(std::move(findLine))
{
}

ImportRun::~ImportRun() = default;

Status ImportRun::remember(const Record &record, const QByteArray &canonical, int line)
{
    if (m_laterWins)
        return {};
    const auto *attempt = std::get_if<LoginAttemptRecord>(&record);
    // Keyed with a per-import random key: the index must not become a dictionary of codes.
    auto earlier = m_store.markSeen(recordKey(record), m_digest->mac(attempt ? attemptContent(*attempt) : canonical), line);
    if (!earlier)
        return earlier.error();
    if (earlier.value() != 0)
        return repeatedWithOtherContent(record, line, earlier.value());
    return {};
}

Error ImportRun::repeatedWithOtherContent(const Record &record, int line, int earlier) const
{
    if (earlier <= 0) // the file could not be read again (a pipe)
        return Error::badInput(QStringLiteral("line %1: the %2 appears earlier in the file with different content")
                                   .arg(line)
                                   .arg(describeKey(record))).withCode(ErrorCode::ImportLine);
    return Error::badInput(QStringLiteral("line %1: the %2 appears already on line %3 with different content")
                               .arg(line)
                               .arg(describeKey(record))
                               .arg(earlier)).withCode(ErrorCode::ImportLine);
}

// Where the store tells this import's attempts from older ones, a new attempt (the bulk of an
// export) is inserted without entering markSeen's index: a later line with its id meets its row.
// Attempts that meet an older row, and those that wait for their account, are remembered as
// every other record is; once one waited, new attempts are checked against the index too.
Result<bool> ImportRun::applyAttempt(const LoginAttemptRecord &l, const Record &record, int line, bool strict, bool firstReading)
{
    using Row = storage::ImportStore::AttemptRow;
    auto found = resolve(QStringLiteral("account"), QStringLiteral("account"), l.account, m_accounts,
                         &storage::ImportStore::accountExists, line, strict);
    if (!found)
        return found;
    auto sameAsRow = [&](Row row) -> Status {
        if (row != Row::ThisImportDiffers || m_laterWins)
            return {};
        const QString key = recordKey(record);
        const int earlier = m_findLine([&key](const Record &r) { return recordKey(r) == key; }, line);
        return repeatedWithOtherContent(record, line, earlier);
    };
    if (!found.value()) {
        if (firstReading) {
            if (auto s = remember(record, {}, line); !s)
                return s.error();
            m_attemptsRemembered = true;
            auto row = m_store.compareAttempt(l);
            if (!row)
                return row.error();
            if (auto s = sameAsRow(row.value()); !s)
                return s.error();
        }
        return false;
    }
    auto row = m_store.insertNewAttempt(l);
    if (!row)
        return row.error();
    Result<bool> written = false;
    switch (row.value()) {
    case Row::Absent:
        written = true;
        if (firstReading && m_attemptsRemembered) {
            if (auto s = remember(record, {}, line); !s)
                return s.error();
        }
        break;
    case Row::ThisImportSame:
        break;
    case Row::ThisImportDiffers:
        if (!m_laterWins)
            return sameAsRow(row.value()).error();
        written = m_store.writeLoginAttempt(l);
        break;
    case Row::Older:
        if (firstReading) {
            if (auto s = remember(record, {}, line); !s)
                return s.error();
        }
        written = m_store.writeLoginAttempt(l);
        break;
    }
    if (!written)
        return written.error();
    ImportStats::Count &count = m_stats.byType[QStringLiteral("login_attempt")];
    ++count.records;
    if (written.value())
        ++count.changed;
    return true;
}

Result<bool> ImportRun::known(QSet<QString> &cache, const QString &id,
                              Result<bool> (storage::ImportStore::*lookup)(const QString &))
{
    if (cache.contains(id))
        return true;
    auto found = (m_store.*lookup)(id);
    if (found && found.value()) {
        if (cache.size() >= kCacheLimit)
            cache.clear();
        cache.insert(id);
    }
    return found;
}

Result<bool> ImportRun::resolve(const QString &field, const QString &what, const QString &id, QSet<QString> &cache,
                                Result<bool> (storage::ImportStore::*lookup)(const QString &), int line, bool strict)
{
    auto found = known(cache, id, lookup);
    if (!found || found.value() || !strict)
        return found;
    return Error::badInput(QStringLiteral("line %1: field \"%2\": %3 \"%4\" is neither in the database nor %5")
                               .arg(line)
                               .arg(field, what, id, m_elsewhere)).withCode(ErrorCode::ImportLine);
}

Result<bool> ImportRun::writeAccount(const AccountRecord &a)
{
    storage::ProtectedContact email, phone;
    if (!a.email.isNull()) {
        auto enc = m_contacts->encrypt(accounts::ContactKind::Email, a.id, a.email);
        if (!enc)
            return enc.error();
        email = {enc.value(), m_contacts->fingerprint(accounts::ContactKind::Email, a.email)};
    }
    if (!a.phone.isNull()) {
        auto enc = m_contacts->encrypt(accounts::ContactKind::Phone, a.id, a.phone);
        if (!enc)
            return enc.error();
        phone = {enc.value(), m_contacts->fingerprint(accounts::ContactKind::Phone, a.phone)};
    }
    auto written = m_store.writeAccount(a, email, phone);
    if (written) {
        if (m_accounts.size() >= kCacheLimit)
            m_accounts.clear();
        m_accounts.insert(a.id);
    }
    return written;
}

Result<bool> ImportRun::writeCodeSet(const CodeSetRecord &s, int line)
{
    auto owner = m_store.setOwner(s.id);
    if (!owner)
        return owner.error();
    if (!owner->isEmpty() && owner.value() != s.account)
        return Error::badInput(QStringLiteral("line %1: field \"account\": code set \"%2\" belongs to account \"%3\"; a code set "
                                              "cannot move to another account")
                                   .arg(line)
                                   .arg(s.id, owner.value())).withCode(ErrorCode::ImportLine);
    const auto format = ledger::codeFormatFromString(s.format);
    if (!format)
        return Error::badInput(QStringLiteral("line %1: field \"format\": unknown format \"%2\"").arg(line).arg(s.format)).withCode(ErrorCode::ImportLine);
    QList<storage::StoredCode> codes;
    codes.reserve(s.codes.size());
    for (const CodeEntry &entry : s.codes) {
        storage::StoredCode stored;
        stored.index = entry.index;
        if (!entry.hash.isNull()) {
            stored.hash = entry.hash;
        } else {
            ledger::NormalizedCode normalized = ledger::normalizeCode(entry.code, *format);
            stored.hash = m_hasher->codeHash(s.id, normalized.value);
            stored.lookupTag = m_hasher->lookupTag(normalized.value);
            // A code that does not fit its set's format is kept: it is evidence of a fault.
            stored.fitsFormat = ledger::fitsFormat(*format, normalized.value);
            wipe(normalized.value);
        }
        codes.append(stored);
    }
    auto written = m_store.writeCodeSet(s, codes);
    if (written) {
        if (auto t = m_store.touchAccount(s.account); !t)
            return t.error();
        m_sets.insert(s.id);
    }
    return written;
}

Error ImportRun::repeatedAttempt(int line, int earlier, const QString &id) const
{
    LoginAttemptRecord attempt;
    attempt.id = id;
    return repeatedWithOtherContent(attempt, line, earlier);
}

Result<QList<int>> ImportRun::finishFirstReading()
{
    storage::AttemptStage *stage = m_store.attemptStage();
    if (!stage)
        return QList<int>();
    auto merged = stage->merge(m_laterWins);
    if (!merged)
        return merged.error();
    if (const auto &repeat = merged->repeat)
        return repeatedAttempt(repeat->line, repeat->earlier, repeat->id);
    if (merged->records > 0) {
        ImportStats::Count &count = m_stats.byType[QStringLiteral("login_attempt")];
        count.records += merged->records;
        count.changed += merged->changed;
    }
    return merged->waiting;
}

Error ImportRun::earliest(Error error)
{
    storage::AttemptStage *stage = m_store.attemptStage();
    if (!stage || stage->isEmpty())
        return error;
    auto repeat = stage->firstRepeat();
    if (!repeat || !*repeat)
        return error; // the error that stopped the reading, rather than one found while reporting it
    return repeatedAttempt(repeat.value()->line, repeat.value()->earlier, repeat.value()->id);
}

Result<bool> ImportRun::apply(const Record &record, int line, bool strict, const QByteArray *canonical, int order)
{
    // A first reading of an attempt goes to the stage: the same checks and writes, in one
    // statement each at the end of the reading (finishFirstReading).
    if (storage::AttemptStage *stage = m_store.attemptStage()) {
        const auto *attempt = std::get_if<LoginAttemptRecord>(&record);
        if (attempt && canonical) {
            if (auto s = stage->add(*attempt, order > 0 ? order : line); !s)
                return s.error();
            return true;
        }
        if (auto s = stage->pause(); !s)
            return s.error();
    }
    if (const auto *attempt = std::get_if<LoginAttemptRecord>(&record); attempt && m_store.tellsAttemptsApart())
        return applyAttempt(*attempt, record, line, strict, canonical != nullptr);
    if (canonical) {
        if (auto s = remember(record, *canonical, line); !s)
            return s.error();
    }
    using Store = storage::ImportStore;
    QString type;
    Result<bool> written = false;
    auto need = [&](const QString &field, const QString &what, const QString &id, QSet<QString> &cache,
                    Result<bool> (Store::*lookup)(const QString &)) -> Result<bool> {
        return resolve(field, what, id, cache, lookup, line, strict);
    };

    if (const auto *a = std::get_if<AccountRecord>(&record)) {
        type = QStringLiteral("account");
        written = writeAccount(*a);
    } else if (const auto *s = std::get_if<CodeSetRecord>(&record)) {
        type = QStringLiteral("code_set");
        auto ok = need(QStringLiteral("account"), QStringLiteral("account"), s->account, m_accounts, &Store::accountExists);
        if (!ok || !ok.value())
            return ok;
        written = writeCodeSet(*s, line);
    } else if (const auto *u = std::get_if<CodeUsedRecord>(&record)) {
        type = QStringLiteral("code_used");
        auto ok = need(QStringLiteral("set"), QStringLiteral("code set"), u->set, m_sets, &Store::codeSetExists);
        if (!ok || !ok.value())
            return ok;
        auto code = m_store.codeExists(u->set, u->index);
        if (!code)
            return code.error();
        if (!code.value() && !strict)
            return false;
        if (!code.value())
            return Error::badInput(
                       QStringLiteral("line %1: field \"index\": code set \"%2\" has no code with index %3").arg(line).arg(u->set).arg(u->index))
                .withCode(ErrorCode::ImportLine);
        written = m_store.writeCodeUsed(*u);
    } else if (const auto *r = std::get_if<CodeSetRevokedRecord>(&record)) {
        type = QStringLiteral("code_set_revoked");
        auto ok = need(QStringLiteral("set"), QStringLiteral("code set"), r->set, m_sets, &Store::codeSetExists);
        if (!ok || !ok.value())
            return ok;
        written = m_store.writeRevocation(*r);
    } else if (const auto *d = std::get_if<DeviceRecord>(&record)) {
        type = QStringLiteral("device");
        auto ok = need(QStringLiteral("account"), QStringLiteral("account"), d->account, m_accounts, &Store::accountExists);
        if (!ok || !ok.value())
            return ok;
        written = m_store.writeDevice(*d);
        if (written)
            m_devices.insert(d->id);
    } else if (const auto *e = std::get_if<DeviceEventRecord>(&record)) {
        type = QStringLiteral("device_event");
        auto ok = need(QStringLiteral("device"), QStringLiteral("device"), e->device, m_devices, &Store::deviceExists);
        if (!ok || !ok.value())
            return ok;
        written = m_store.writeDeviceEvent(*e);
    } else if (const auto *l = std::get_if<LoginAttemptRecord>(&record)) {
        type = QStringLiteral("login_attempt");
        auto ok = need(QStringLiteral("account"), QStringLiteral("account"), l->account, m_accounts, &Store::accountExists);
        if (!ok || !ok.value())
            return ok;
        written = m_store.writeLoginAttempt(*l);
    } else if (const auto *v = std::get_if<SecurityEventRecord>(&record)) {
        type = QStringLiteral("security_event");
        auto ok = need(QStringLiteral("account"), QStringLiteral("account"), v->account, m_accounts, &Store::accountExists);
        if (!ok || !ok.value())
            return ok;
        written = m_store.writeSecurityEvent(*v);
    } else if (const auto *i = std::get_if<IncidentRecord>(&record)) {
        type = QStringLiteral("incident");
        written = m_store.writeIncident(*i);
    }
    if (!written)
        return written.error();
    ImportStats::Count &count = m_stats.byType[type];
    ++count.records;
    if (written.value())
        ++count.changed;
    return true;
}

} // namespace rd::importer
