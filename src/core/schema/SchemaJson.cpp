// Schema → JSON. Key names follow SQLAlchemy's inspector where one exists ("nullable", "default").
#include "schema/SchemaJson.h"

#include <QJsonArray>

namespace retort {

QJsonObject schemaToJson(const Schema &schema)
{
    QJsonArray tables;
    for (const Table &table : schema.tables) {
        QJsonArray columns;
        for (const Column &column : table.columns) {
            columns.append(QJsonObject{
                {QStringLiteral("name"), column.name},
                {QStringLiteral("type"), column.type},
                {QStringLiteral("nullable"), column.nullable},
                {QStringLiteral("default"), column.defaultValue.isEmpty() ? QJsonValue() : QJsonValue(column.defaultValue)},
                {QStringLiteral("primary_key"), column.primaryKey},
            });
        }
        tables.append(QJsonObject{{QStringLiteral("name"), table.name}, {QStringLiteral("columns"), columns}});
    }
    return QJsonObject{{QStringLiteral("name"), schema.name}, {QStringLiteral("tables"), tables}};
}

} // namespace retort
