#include "demo/DemoService.h"

#include "audit/AuditLog.h"
#include "model/Role.h"
#include "common/Clock.h"
#include "crypto/SecretBytes.h"
#include "demo/DemoCases.h"

#include <QBuffer>

namespace rd::demo {

DemoService::DemoService(storage::Database &database, const crypto::KeyStore &keys) : m_database(database), m_keys(keys) {}

Result<importer::ImportStats> DemoService::populate(const auth::Session &session, const DemoOptions &options,
                                                    const importer::ImportProgressFn &progress)
{
    if (auto s = audit::AuditLog(m_database, m_keys, SystemClock::instance()).require(session, auth::Permission::RunDemo, QStringLiteral("demo")); !s)
        return s.error();
    QList<DemoCall> calls;
    // The callers' codes are plaintext: wiped on every way out, import failure and cancel included.
    struct Wipe {
        QList<DemoCall> &calls;
        ~Wipe() { wipeCalls(calls); }
    } wipeOnReturn{calls};
    auto world = DemoWorld::generate(options, &calls);
    if (!world)
        return world.error();
    // The export holds plaintext codes like a real one; it never touches the disk.
    QBuffer buffer(&world.value());
    buffer.open(QIODevice::ReadOnly);
    importer::Importer importer(m_database, m_keys);
    auto stats = importer.importDevice(session, buffer, QStringLiteral("demo world"), progress);
    buffer.close();
    crypto::cleanse(world.value());
    if (!stats)
        return stats;
    // Cases in every state, on top of the platform data.
    auto cases = openDemoCases(m_database, m_keys, SystemClock::instance(), calls);
    if (!cases)
        return cases.error();
    return stats;
}

} // namespace rd::demo
