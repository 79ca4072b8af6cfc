// Catalog queries per dialect. Each returns one row per column, ordered by table and position,
// so the whole schema arrives in a single round trip.
#include "schema/SchemaReader.h"

#include <QSqlQuery>
#include <QSqlRecord>

namespace retort {

namespace {

QString catalogQuery(Dialect dialect)
{
    switch (dialect) {
    case Dialect::SQLite:
        // pragma_table_info() as a table-valued function needs SQLite 3.16; Debian 12 has 3.40.
        return QStringLiteral(
            "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, m.sql "
            "FROM sqlite_schema AS m JOIN pragma_table_info(m.name) AS p "
            "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
            "ORDER BY m.name, p.cid");
    case Dialect::PostgreSQL:
        return QStringLiteral(
            "SELECT c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, "
            "pg_catalog.pg_get_expr(d.adbin, d.adrelid), "
            "EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid AND i.indisprimary "
            "        AND a.attnum = ANY (i.indkey)), current_schema() "
            "FROM pg_catalog.pg_class c "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
            "LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum "
            "WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() "
            "ORDER BY c.relname, a.attnum");
    case Dialect::MySQL:
        return QStringLiteral(
            "SELECT c.TABLE_NAME, c.COLUMN_NAME, c.COLUMN_TYPE, c.IS_NULLABLE = 'NO', c.COLUMN_DEFAULT, "
            "c.COLUMN_KEY = 'PRI', DATABASE() "
            "FROM information_schema.COLUMNS c "
            "JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME "
            "WHERE c.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE' "
            "ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION");
    }
    return {};
}

bool toBool(const QVariant &v)
{
    // Drivers report booleans as bool, int or "t"/"f" strings depending on the engine.
    if (v.typeId() == QMetaType::QString)
        return v.toString() == QLatin1String("t") || v.toString() == QLatin1String("1")
               || v.toString().compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
    return v.toInt() != 0 || v.toBool();
}

} // namespace

Result<Schema> readLiveSchema(const Connection &connection)
{
    const QString sql = catalogQuery(connection.dialect());
    QSqlQuery query(connection.database());
    query.setForwardOnly(true);
    if (!query.exec(sql))
        return connection.queryError(QStringLiteral("Could not read the list of tables"), query.lastError(), sql);

    Schema schema;
    schema.name = connection.dialect() == Dialect::SQLite ? QStringLiteral("main") : QString();
    while (query.next()) {
        const QString tableName = query.value(0).toString();
        if (schema.tables.isEmpty() || schema.tables.last().name != tableName) {
            Table table;
            table.name = tableName;
            if (connection.dialect() == Dialect::SQLite)
                table.definition = query.value(6).toString();
            schema.tables.append(table);
        }
        if (connection.dialect() != Dialect::SQLite && schema.name.isEmpty())
            schema.name = query.value(6).toString();
        Column column;
        column.name = query.value(1).toString();
        column.type = query.value(2).toString();
        column.nullable = !toBool(query.value(3));
        column.defaultValue = query.value(4).isNull() ? QString() : query.value(4).toString();
        column.primaryKey = toBool(query.value(5));
        if (column.primaryKey && connection.dialect() == Dialect::SQLite)
            column.nullable = column.nullable && column.type.compare(QLatin1String("INTEGER"), Qt::CaseInsensitive) != 0;
        schema.tables.last().columns.append(column);
    }
    if (query.lastError().isValid())
        return connection.queryError(QStringLiteral("Reading the list of tables failed"), query.lastError(), sql);
    return schema;
}

} // namespace retort
