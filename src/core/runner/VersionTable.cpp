// Reading and stamping alembic_version. Statements are Alembic's own (see MigrationPlan); the table
// is created with Alembic's DDL so that alembic and Retort can share it.
#include "runner/VersionTable.h"

#include "project/Project.h"

#include "sql/Identifiers.h"

#include <QSqlDriver>
#include <QSqlQuery>

namespace retort {


Result<bool> tableExists(const Connection &connection, const QString &table, const QString &schema)
{
    QSqlDatabase db = connection.database();
    if (schema.isEmpty() || connection.dialect() == Dialect::SQLite)
        return db.tables(QSql::Tables).contains(table);
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?"));
    query.addBindValue(schema);
    query.addBindValue(table);
    if (!query.exec())
        return connection.queryError(QStringLiteral("Could not look for the table %1").arg(table), query.lastError());
    return query.next();
}

QString versionTableDdl(Dialect dialect, const QString &table, const QString &schema)
{
    return QStringLiteral("CREATE TABLE %1 (\n\tversion_num VARCHAR(32) NOT NULL, \n\tCONSTRAINT %2 PRIMARY KEY "
                          "(version_num)\n)").arg(quoteQualified(dialect, table, schema), quoteIdentifier(dialect, table + QStringLiteral("_pkc")));
}

bool execVersionChange(QSqlQuery &query, Dialect dialect, const VersionChange &change, const QString &table, const QString &schema,
                       QString *sql)
{
    QStringList values;
    *sql = change.boundSql(dialect, table, schema, &values);
    if (!query.prepare(*sql))
        return false;
    for (const QString &value : values)
        query.addBindValue(value);
    return query.exec();
}

VersionTableName VersionTableName::of(const Project &project)
{
    return VersionTableName{project.versionTable(), project.versionTableSchema()};
}

Result<VersionTableState> readVersionTable(const Connection &connection, const VersionTableName &name)
{
    const QString &table = name.table;
    const QString &schema = name.schema;
    VersionTableState state;
    Result<bool> exists = tableExists(connection, table, schema);
    if (!exists)
        return exists.error();
    state.exists = exists.value();
    if (!state.exists)
        return state;
    const QString sql = QStringLiteral("SELECT version_num FROM %1").arg(quoteQualified(connection.dialect(), table, schema));
    QSqlQuery query(connection.database());
    if (!query.exec(sql))
        return connection.queryError(QStringLiteral("Could not read the version table %1").arg(table), query.lastError(), sql);
    while (query.next())
        state.revisions << query.value(0).toString();
    state.revisions.sort();
    return state;
}

Status writeStamp(const Connection &connection, const MigrationPlan &plan, const VersionTableName &name)
{
    const QString &table = name.table;
    const QString &schema = name.schema;
    QSqlDatabase db = connection.database();
    Result<bool> exists = tableExists(connection, table, schema);
    if (!exists)
        return exists.error();
    if (!db.transaction())
        return connection.queryError(QStringLiteral("Could not start a transaction"), db.lastError());
    // Checks what the last statement did; on any surprise nothing of the stamp stays.
    const auto check = [&](const QSqlQuery &query, bool ok, const QString &sql, int expectedRows, const QString &what) -> Status {
        if (!ok) {
            Error e = connection.queryError(QStringLiteral("Writing the version table failed"), query.lastError(), sql);
            db.rollback();
            return e;
        }
        if (expectedRows >= 0 && query.numRowsAffected() != expectedRows) {
            Error e = makeError(QStringLiteral("Online migration expected to match one row when %1 in '%2'; %3 found; nothing "
                                               "was changed.").arg(what, table, QString::number(query.numRowsAffected())));
            e.sql = sql;
            db.rollback();
            return e;
        }
        return Status();
    };
    const auto run = [&](const QString &sql) -> Status {
        QSqlQuery query(db);
        return check(query, query.exec(sql), sql, -1, QString());
    };
    if (!exists.value()) {
        if (Status problem = run(versionTableDdl(connection.dialect(), table, schema)); !problem)
            return problem;
    }
    if (plan.purge) {
        if (Status problem = run(QStringLiteral("DELETE FROM %1").arg(quoteQualified(connection.dialect(), table, schema))); !problem)
            return problem;
    }
    for (const MigrationStep &step : plan.steps) {
        for (const VersionChange &change : step.versionChanges) {
            const int expected = change.kind == VersionChange::Kind::Insert ? -1 : 1;
            const QString what = change.kind == VersionChange::Kind::Update
                                     ? QStringLiteral("updating '%1' to '%2'").arg(change.from, change.to)
                                     : QStringLiteral("deleting '%1'").arg(change.from);
            QSqlQuery query(db);
            QString sql;
            const bool ok = execVersionChange(query, connection.dialect(), change, table, schema, &sql);
            if (Status problem = check(query, ok, sql, expected, what); !problem)
                return problem;
        }
    }
    if (!db.commit())
        return connection.queryError(QStringLiteral("Could not commit the version table"), db.lastError());
    return Status();
}

} // namespace retort
