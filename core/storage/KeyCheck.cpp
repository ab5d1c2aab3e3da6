#include "storage/KeyCheck.h"

#include "crypto/Hash.h"
#include "crypto/KeyStore.h"
#include "storage/Database.h"
#include "storage/Sql.h"

#include <QHash>

namespace rd::storage {

Status checkKeysMatch(Database &database, const crypto::KeyStore &keys)
{
    const QHash<QString, QString> expected = {
        {QStringLiteral("ledger_key_check"), QString::fromLatin1(crypto::hmacSha256(keys.ledgerKey().view(), "rd-key-check").left(16).toHex())},
        {QStringLiteral("data_key_check"), QString::fromLatin1(crypto::hmacSha256(keys.dataKey().view(), "rd-key-check").left(16).toHex())},
        {QStringLiteral("signing_key_check"), QString::fromLatin1(crypto::sha256(keys.signingPublicKey()).left(16).toHex())}};
    auto conn = database.connection();
    if (!conn)
        return conn.error();
    auto stored = exec(conn.value(), QStringLiteral("SELECT key, value FROM installation"));
    if (!stored)
        return stored.error();
    QHash<QString, QString> found;
    while (stored->next())
        found.insert(stored->value(0).toString(), stored->value(1).toString());
    stored->finish();
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        const auto have = found.constFind(it.key());
        if (have == found.cend()) {
            auto q = exec(conn.value(), QStringLiteral("INSERT INTO installation (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING"),
                          {it.key(), it.value()});
            if (!q)
                return q.error();
        } else if (have.value() != it.value()) {
            Error e = Error::storage(QStringLiteral("The key directory %1 does not belong to the database %2 (its %3 differs); use "
                                                    "the keys this database was created with.")
                                      .arg(keys.dir(), database.location().describe(), QString(it.key()).remove(QStringLiteral("_check"))
                                                                                          .replace(u'_', u' ')));
            e.field = QStringLiteral("key_dir");
            return e;
        }
    }
    return {};
}

} // namespace rd::storage
