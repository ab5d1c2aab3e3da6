#pragma once

#include "common/Result.h"

#include <QHash>
#include <QString>

namespace rd::storage {

class Database;

// SQL of the policy table: key -> value text.
class PolicyStore final {
public:
    explicit PolicyStore(Database &database) : m_database(database) {}

    Result<QHash<QString, QString>> values();
    Status set(const QString &key, const QString &value);

private:
    Database &m_database;
};

} // namespace rd::storage
