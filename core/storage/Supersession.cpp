#include "storage/Supersession.h"

namespace rd::storage {

QString supersessionUpdateSql(const QString &scope)
{
    const QString next = QStringLiteral(
        "FROM code_sets n WHERE n.account_id = code_sets.account_id AND (n.generated_at > code_sets.generated_at OR "
        "(n.generated_at = code_sets.generated_at AND n.id > code_sets.id)) ORDER BY n.generated_at, n.id LIMIT 1");
    const QString nextAt = QStringLiteral("(SELECT n.generated_at %1)").arg(next);
    const QString nextId = QStringLiteral("(SELECT n.id %1)").arg(next);
    return QStringLiteral("UPDATE code_sets SET superseded_at = %1, superseded_by = %2 WHERE (%3) AND "
                          "(superseded_at IS DISTINCT FROM %1 OR superseded_by IS DISTINCT FROM %2)")
        .arg(nextAt, nextId, scope);
}

} // namespace rd::storage
