#pragma once

#include "storage/DatabaseLocation.h"

#include <QString>

namespace rd::storage {

// Everything that differs between SQLite and PostgreSQL lives here and nowhere else.
class SqlDialect final {
public:
    explicit SqlDialect(Backend backend) : m_backend(backend) {}

    Backend backend() const { return m_backend; }
    QString driverName() const;
    // Fills {{BLOB}}, {{INT64}}, {{REAL}}, {{AUTO_ID}} placeholders in migration text.
    QString expand(QString sql) const;
    // Statements that open a transaction holding the write lock on table before anything is
    // read, so that appends to one chain are serialized across processes.
    QStringList beginSerializedWrite(const QString &table) const;

private:
    Backend m_backend;
};

} // namespace rd::storage
