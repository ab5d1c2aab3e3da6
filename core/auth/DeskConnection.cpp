#include "auth/DeskConnection.h"

#include "crypto/KeyStore.h"
#include "storage/Database.h"
#include "storage/KeyCheck.h"

namespace rd::auth {

Result<Desk> openDesk(const QString &locationText, const QString &keyDir, const QByteArray &password)
{
    auto location = storage::DatabaseLocation::parse(locationText);
    if (!location)
        return location.error();
    storage::Database::Options options;
    options.mode = storage::Database::OpenMode::MustExist;
    options.password = password;
    auto database = storage::Database::open(location.value(), options);
    if (!database)
        return database.error();
    auto keys = crypto::KeyStore::open(keyDir);
    if (!keys)
        return keys.error();
    if (auto match = storage::checkKeysMatch(*database.value(), keys.value()); !match)
        return match.error();
    Desk desk;
    desk.database = database.value();
    desk.keys = std::make_shared<const crypto::KeyStore>(std::move(keys.value()));
    desk.location = location->describe();
    desk.keyDir = keyDir;
    return desk;
}

Status checkDesk(const Desk &desk)
{
    if (!desk.database)
        return Error::storage(QStringLiteral("No database is open."));
    return desk.database->checkIntegrity();
}

} // namespace rd::auth
