// Dialect-neutral description of a database schema, as read from a live database.
#pragma once

#include <QList>
#include <QString>

namespace retort {

struct Column
{
    QString name;
    QString type;            ///< as the database reports it: "VARCHAR(50)", "integer", "int(11)"
    bool nullable = true;
    QString defaultValue;    ///< server default expression, empty when none
    bool primaryKey = false;
};

struct Table
{
    QString name;
    QList<Column> columns;
    QString definition;      ///< CREATE TABLE text when the engine stores it (SQLite), else empty

    const Column *column(const QString &columnName) const
    {
        for (const Column &c : columns) {
            if (c.name == columnName)
                return &c;
        }
        return nullptr;
    }
};

struct Schema
{
    QString name;            ///< schema / database name ("main", "public", the MySQL database)
    QList<Table> tables;     ///< sorted by name

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
