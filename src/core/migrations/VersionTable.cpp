// Reading alembic_version; the table name is quoted by the driver, never glued in raw.
#include "migrations/VersionTable.h"

#include <QSqlDriver>
#include <QSqlQuery>

namespace retort {

Result<VersionTableState> readVersionTable(const Connection &connection, const QString &table)
{
    QSqlDatabase db = connection.database();
    VersionTableState state;
    const QStringList tables = db.tables(QSql::Tables);
    state.exists = tables.contains(table);
    if (!state.exists)
        return state;
    const QString sql = QStringLiteral("SELECT version_num FROM %1")
                            .arg(db.driver()->escapeIdentifier(table, QSqlDriver::TableName));
    QSqlQuery query(db);
    if (!query.exec(sql))
        return connection.queryError(QStringLiteral("Could not read the version table %1").arg(table),
                                     query.lastError(), sql);
    while (query.next())
        state.revisions << query.value(0).toString();
    state.revisions.sort();
    return state;
}

} // namespace retort
