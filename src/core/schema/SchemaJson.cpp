// Schema → JSON. Key names follow SQLAlchemy's inspector where one exists ("nullable", "default").
#include "schema/SchemaJson.h"

#include "sql/TypeText.h"
#include "schema/ReflectedType.h"

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

namespace {

QJsonValue orNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue() : QJsonValue(s);
}

} // namespace

QJsonObject introspectionToJson(const Schema &schema, Dialect dialect)
{
    QJsonArray tables;
    for (const Table &t : schema.tables) {
        QJsonArray columns;
        for (const Column &c : t.columns) {
            columns.append(QJsonObject{{QStringLiteral("name"), c.name},
                                       {QStringLiteral("type"), c.type},
                                       {QStringLiteral("reflected_type"), sqlTypeText(reflectedType(dialect, c.type, schema.enums))},
                                       {QStringLiteral("nullable"), c.nullable},
                                       {QStringLiteral("default"), orNull(c.defaultValue)},
                                       {QStringLiteral("primary_key"), c.primaryKey},
                                       {QStringLiteral("autoincrement"), c.autoincrement},
                                       {QStringLiteral("comment"), orNull(c.comment)}});
        }
        QJsonArray fks;
        for (const ForeignKey &f : t.foreignKeys) {
            fks.append(QJsonObject{{QStringLiteral("name"), orNull(f.name)},
                                   {QStringLiteral("columns"), QJsonArray::fromStringList(f.columns)},
                                   {QStringLiteral("referred_schema"), orNull(f.referredSchema)},
                                   {QStringLiteral("referred_table"), f.referredTable},
                                   {QStringLiteral("referred_columns"), QJsonArray::fromStringList(f.referredColumns)},
                                   {QStringLiteral("ondelete"), orNull(f.onDelete)},
                                   {QStringLiteral("onupdate"), orNull(f.onUpdate)}});
        }
        QJsonArray indexes;
        for (const Index &i : t.indexes) {
            indexes.append(QJsonObject{{QStringLiteral("name"), i.name},
                                       {QStringLiteral("columns"), QJsonArray::fromStringList(i.columns)},
                                       {QStringLiteral("expressions"), QJsonArray::fromStringList(i.expressions)},
                                       {QStringLiteral("unique"), i.unique},
                                       {QStringLiteral("backs_constraint"), i.backsConstraint}});
        }
        QJsonArray uniques;
        for (const UniqueConstraint &u : t.uniqueConstraints)
            uniques.append(QJsonObject{{QStringLiteral("name"), orNull(u.name)}, {QStringLiteral("columns"), QJsonArray::fromStringList(u.columns)}});
        QJsonArray checks;
        for (const CheckConstraint &c : t.checkConstraints)
            checks.append(QJsonObject{{QStringLiteral("name"), orNull(c.name)}, {QStringLiteral("sqltext"), c.sqltext}});
        tables.append(QJsonObject{{QStringLiteral("name"), t.name},
                                  {QStringLiteral("comment"), orNull(t.comment)},
                                  {QStringLiteral("columns"), columns},
                                  {QStringLiteral("primary_key"), QJsonObject{{QStringLiteral("name"), orNull(t.primaryKeyName)},
                                                                              {QStringLiteral("columns"), QJsonArray::fromStringList(t.primaryKeyColumns)}}},
                                  {QStringLiteral("foreign_keys"), fks},
                                  {QStringLiteral("indexes"), indexes},
                                  {QStringLiteral("unique_constraints"), uniques},
                                  {QStringLiteral("check_constraints"), checks}});
    }
    QJsonArray enums;
    for (const EnumType &e : schema.enums)
        enums.append(QJsonObject{{QStringLiteral("name"), e.name}, {QStringLiteral("values"), QJsonArray::fromStringList(e.values)}});
    return QJsonObject{{QStringLiteral("schema"), schema.name},
                       {QStringLiteral("tables"), tables},
                       {QStringLiteral("views"), QJsonArray::fromStringList(schema.views)},
                       {QStringLiteral("enums"), enums}};
}

} // namespace retort
