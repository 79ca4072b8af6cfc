// Answers to DdlCompiler's questions about the database: from a live connection (online runs, and
// SQLite's offline replay on a scratch in-memory database), or from the operations of the run so
// far (offline PostgreSQL).
#pragma once

#include "connection/Connection.h"
#include "ops/DdlCompiler.h"

namespace retort {

/// Reads the live database through connection (which must outlive the oracle).
class LiveSchemaOracle : public SchemaOracle
{
public:
    explicit LiveSchemaOracle(const Connection &connection) : m_connection(connection) {}
    Result<TableModel> table(const QString &name, const QString &schema) override;
    std::optional<ColumnFacts> column(const QString &table, const QString &schema, const QString &column) override;
    QStringList enumTypesOnlyUsedBy(const QString &table, const QString &schema) override;
    bool enumTypeExists(const QString &name) override;

private:
    const Connection &m_connection;
};

/// Knows what the operations compiled so far created (offline runs without a database).
class ReplayedSchemaOracle : public SchemaOracle
{
public:
    Result<TableModel> table(const QString &name, const QString &schema) override;
    std::optional<ColumnFacts> column(const QString &, const QString &, const QString &) override { return std::nullopt; }
    QStringList enumTypesOnlyUsedBy(const QString &table, const QString &schema) override;
    bool enumTypeExists(const QString &name) override { return m_enums.contains(name); }

    /// Records the effect of an operation that was compiled (and printed).
    void apply(const Operation &op);

private:
    QHash<QString, QStringList> m_tableEnums;   ///< table -> enum types its columns use
    QSet<QString> m_enums;
};

/// Reads a SQLite table into a model for a batch rebuild: columns, primary key, foreign keys, unique
/// and check constraints with the names written in its CREATE TABLE, and its indexes.
Result<TableModel> readSqliteTable(const Connection &connection, const QString &table);

/// Reads a PostgreSQL or MySQL table for a batch rebuild (ServerTables.cpp); refuses a table whose
/// rebuild would lose something (triggers, IDENTITY or generated columns, partitions).
Result<TableModel> readServerTable(const Connection &connection, const QString &name, const QString &schema);

} // namespace retort
