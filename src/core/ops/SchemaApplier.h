// What operations do to a schema, computed in memory for one dialect: the tables, columns, keys,
// indexes and constraints a database of that kind would have after them, with types and the names
// the engine gives what the revision leaves unnamed, as that engine's catalog reports them. No
// database is touched, so it works for any dialect on any machine and takes microseconds a revision.
#pragma once

#include "Result.h"
#include "connection/DatabaseUrl.h"
#include "ops/DdlCompiler.h"
#include "schema/Schema.h"

#include <QSet>

#include <optional>

namespace retort {

class SchemaApplier
{
public:
    /// mariadb: MySQL types as MariaDB reports them.
    explicit SchemaApplier(Dialect dialect, bool mariadb = false);

    /// Applies one operation (skipped when it does not run on this dialect). An error, with the
    /// operation's line, when its effect cannot be known without a database (SQL text that changes the
    /// schema) or when the engine would refuse it (a table or column that is not there).
    Status apply(const Operation &op);
    Status apply(const OperationList &ops);

    /// The schema so far: tables sorted by name, columns in table order, indexes by name.
    Schema schema() const;
    /// The tables so far, in the order they were made (shared, not copied, until the next operation).
    const QList<Table> &tables() const { return m_tables; }
    Dialect dialect() const { return m_compiler.dialect(); }
    /// A copy that holds only the named tables (names as tables() has them, compared without case),
    /// for trying operations on a few tables of a large schema without copying all of it.
    SchemaApplier subset(const QStringList &tableNames) const;
    /// The table of that name as the engine finds it (its case ignored where the name is not exact); null when none.
    const Table *table(const QString &table, const QString &schema) const;

private:
    Table *find(const QString &table, const QString &schema);
    void forgetName(const QString &name);   ///< a table of that name is gone (m_foldedNames)
    Status createTable(const Operation &op);
    Status addColumn(Table &t, const Operation &op, const ColumnDef &c);
    Status alterColumn(Table &t, const Operation &op);
    Status addConstraint(Table &t, const Operation &op, const ConstraintDef &k);
    Status dropConstraint(const Operation &op, Table *t);
    Status executeText(const Operation &op, const QString &statement);
    enum class Failure { DuplicateColumn, DuplicateTable, DuplicateIndex, MissingTable, MissingColumn, MissingIndex };   // keep engineError's table in this order
    Error engineError(const Operation &op, Failure failure, const QString &name, const QString &table = {});
    void addIndex(Table &t, const IndexDef &index);
    void addIndex(Table &t, const Index &index);
    void dropColumnEverywhere(Table &t, const QString &column);
    Result<Column> columnOf(const Operation &op, const ColumnDef &c, bool autoincrement) const;
    QString foreignKeyName(const Table &t, const ConstraintDef &k) const;
    QString uniqueName(const Table &t, const QStringList &columns) const;
    void jsonCheck(Table &t, const ColumnDef &c) const;
    /// A server default as the catalog gives it back.
    QString catalogDefault(const ServerDefault &d, const QString &columnType) const;

    struct EngineFailure
    {
        QString code;   ///< SQLSTATE, MySQL error number, SQLite result code
        QString text;   ///< as the driver gives it
    };
    std::optional<EngineFailure> m_failure;   ///< what the last operation's refusal would have been
    DdlCompiler m_compiler;
    bool m_mariadb;
    QList<Table> m_tables;
    QHash<QString, int> m_foldedNames;        ///< the tables' names in lower case, with how many tables have each
    QHash<QString, int> m_positions;          ///< table name -> its index in m_tables, when m_positionsValid
    bool m_positionsValid = false;
    QList<EnumType> m_enums;
    QHash<QString, int> m_mysqlForeignKeys;   ///< MySQL: table -> the last ibfk number it gave
    QSet<QString> m_foreignKeyIndexes;        ///< MySQL: the indexes InnoDB made for foreign keys (table \x1f index)
};

} // namespace retort
