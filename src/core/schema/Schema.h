// Dialect-neutral description of a database schema, as read from a live database. Names and shapes
// follow SQLAlchemy's inspector (get_columns, get_pk_constraint, get_foreign_keys, get_indexes,
// get_unique_constraints, get_check_constraints) so the two can be compared directly.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace retort {

struct Column
{
    QString name;
    QString type;            ///< as the database reports it: "VARCHAR(50)", "character varying(50)", "int(11)"
    bool nullable = true;
    QString defaultValue;    ///< server default expression, empty when none
    bool primaryKey = false;
    bool autoincrement = false;   ///< SERIAL/IDENTITY, AUTO_INCREMENT, SQLite INTEGER PRIMARY KEY ... AUTOINCREMENT
    QString comment;
};

struct ForeignKey
{
    QString name;            ///< empty when the engine keeps no name (SQLite without CONSTRAINT)
    QStringList columns;
    QString referredSchema;  ///< empty: the table's own schema
    QString referredTable;
    QStringList referredColumns;
    QString onDelete;        ///< "CASCADE", "SET NULL", …; empty for the engine's default (NO ACTION / RESTRICT)
    QString onUpdate;
};

struct Index
{
    QString name;
    QStringList columns;     ///< column names; an expression part is empty here and listed in expressions
    QStringList expressions; ///< parallel to columns: the SQL of expression parts, empty for plain columns
    bool unique = false;
    bool backsConstraint = false;   ///< the index a UNIQUE constraint created (PostgreSQL, MySQL)
};

struct UniqueConstraint
{
    QString name;            ///< empty when unnamed (SQLite)
    QStringList columns;
};

struct CheckConstraint
{
    QString name;            ///< empty when unnamed
    QString sqltext;         ///< the condition, as the engine gives it back
};

struct Table
{
    QString name;
    QList<Column> columns;
    QString definition;      ///< CREATE TABLE text when the engine stores it (SQLite), else empty
    QString comment;
    QString primaryKeyName;
    QStringList primaryKeyColumns;   ///< in the key's order
    QList<ForeignKey> foreignKeys;
    QList<Index> indexes;    ///< without the primary key's index
    QList<UniqueConstraint> uniqueConstraints;
    QList<CheckConstraint> checkConstraints;

    const Column *column(const QString &columnName) const
    {
        for (const Column &c : columns) {
            if (c.name == columnName)
                return &c;
        }
        return nullptr;
    }
};

struct EnumType
{
    QString name;
    QStringList values;
};

struct Schema
{
    QString name;            ///< schema / database name ("main", "public", the MySQL database)
    QList<Table> tables;     ///< sorted by name
    QStringList views;       ///< sorted; listed, not described
    QList<EnumType> enums;   ///< PostgreSQL enum types of the schema

    const Table *table(const QString &tableName) const
    {
        for (const Table &t : tables) {
            if (t.name == tableName)
                return &t;
        }
        return nullptr;
    }
};

} // namespace retort
