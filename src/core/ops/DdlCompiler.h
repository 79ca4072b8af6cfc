// Operations to SQL for one dialect, as Alembic with SQLAlchemy 1.4 emits it (same statements, same
// order, same text where Alembic's output is valid), with two kinds of deliberate difference: what
// Alembic gets wrong is refused or fixed (unnamed constraints in SQLite batch mode, MySQL ALTERs
// that would drop a default or nullability, PostgreSQL enum types left behind), and SQLite batch
// mode rebuilds the table from the live database it is given.
#pragma once

#include "Result.h"
#include "connection/DatabaseUrl.h"
#include "ops/Operation.h"

#include <QHash>
#include <QSet>

namespace retort {

/// One statement to run, with the script line it comes from.
struct SqlStatement
{
    SqlStatement() = default;
    SqlStatement(QString text, int scriptLine, QString noteText = {}, QString enumName = {})
        : sql(std::move(text)), line(scriptLine), note(std::move(noteText)), droppedEnum(std::move(enumName)) {}

    QString sql;
    int line = 0;
    QString note;        ///< what the statement does beyond the script, for plans ("drops enum type x")
    QString droppedEnum; ///< set on the DROP TYPE Retort adds after a drop_table on PostgreSQL
};

/// A table as it is in the database, for SQLite's batch rebuild.
struct TableModel
{
    QString name;
    QList<ColumnDef> columns;          ///< types are raw SQL (SqlType::isRawSql)
    QList<ConstraintDef> constraints;  ///< primary key, foreign keys, unique and check constraints
    QList<IndexDef> indexes;           ///< explicit indexes (not those behind constraints)
    QHash<QString, QString> indexSql;  ///< index name -> its CREATE INDEX text as stored
    QString problem;                   ///< set when the table cannot be rebuilt faithfully (and why)
    bool reflected = false;            ///< read from the database (PostgreSQL/MySQL); false for copy_from
    QString comment;                   ///< the table's comment (PostgreSQL, MySQL)
    QHash<QString, QString> ownedSequences;   ///< PostgreSQL: SERIAL column -> the sequence its default takes
    QStringList tableOptions;          ///< MySQL: "ENGINE=InnoDB", "DEFAULT CHARSET=utf8mb4", "COLLATE=…"
};

/// What the compiler may ask about the database it compiles for. The online runner answers from the
/// live database; offline, answers come from the operations already compiled in the same run.
class SchemaOracle
{
public:
    virtual ~SchemaOracle() = default;
    /// The whole table (batch rebuilds); an error when it cannot be read or rebuilt faithfully.
    virtual Result<TableModel> table(const QString &name, const QString &schema) = 0;
    /// Column facts for MySQL's MODIFY/CHANGE: empty when unknown.
    struct ColumnFacts { bool nullable = true; std::optional<QString> defaultSql; };
    virtual std::optional<ColumnFacts> column(const QString &table, const QString &schema, const QString &column) = 0;
    /// PostgreSQL enum types used by this table's columns and by no other table.
    virtual QStringList enumTypesOnlyUsedBy(const QString &table, const QString &schema) = 0;
    /// Whether a PostgreSQL enum type exists.
    virtual bool enumTypeExists(const QString &name) = 0;
};

class DdlCompiler
{
public:
    /// mariadb: quote MariaDB's reserved words instead of MySQL's (only when connected to MariaDB).
    explicit DdlCompiler(Dialect dialect, bool mariadb = false);

    Dialect dialect() const { return m_dialect; }
    /// Whether the engine rolls back DDL with the transaction (PostgreSQL and SQLite do).
    bool transactionalDdl() const { return m_dialect != Dialect::MySQL; }

    /// The statements for one operation. oracle may be null (offline without a model): operations
    /// that need the live schema then fail with a sentence that says so.
    Result<QList<SqlStatement>> compile(const Operation &op, SchemaOracle *oracle) const;

    QString quote(const QString &identifier) const;
    QString quoteTable(const QString &table, const QString &schema) const;
    QString literal(const QString &text) const;
    /// The SQL type, or an error for a type the dialect cannot store.
    Result<QString> typeSql(const SqlType &type) const;
    /// A server default as the DEFAULT clause writes it.
    QString defaultSql(const ServerDefault &d) const;
    /// The CHECK a column's type adds (Boolean or non-native Enum with create_constraint=True).
    std::optional<ConstraintDef> typeCheck(const ColumnDef &column) const;
    /// create_table's constraints in SQLAlchemy's order: the primary key, those given, then what each
    /// column implies (unique=True, its type's CHECK, its ForeignKey).
    QList<ConstraintDef> tableConstraints(const Operation &createTable) const;
    /// create_table's indexes (index=True and those given), sorted by name as SQLAlchemy emits them.
    static QList<IndexDef> tableIndexes(const Operation &createTable);
    /// Whether a batch_alter_table block rebuilds its table (move and copy) on this dialect rather than
    /// running ALTER statements: recreate="always", or on SQLite what ALTER TABLE cannot do.
    static bool batchRebuilds(const Operation &batch, Dialect dialect);

private:
    struct BatchRebuild;
    Result<QString> columnSpec(const ColumnDef &column, bool autoincrementColumn) const;
    QString constraintSql(const ConstraintDef &c) const;
    /// CREATE/DROP SEQUENCE and SCHEMA as SQLAlchemy 1.4 writes them (on every dialect: SQLite and MySQL
    /// refuse them when they run, as they do under Alembic).
    QString ddlElementSql(const DdlElement &element) const;
    /// A text() with literal parameters: each :name written as the literal the driver would bind.
    Result<QList<SqlStatement>> boundTextSql(const Operation &op) const;
    QString indexSql(const IndexDef &index, const QString &schema, bool ifNotExists) const;
    Result<QList<SqlStatement>> createTable(const Operation &op, SchemaOracle *oracle) const;
    Result<QList<SqlStatement>> alterColumn(const Operation &op) const;
    Result<QList<SqlStatement>> mysqlAlterColumn(const Operation &op, SchemaOracle *oracle) const;
    Result<QList<SqlStatement>> batch(const Operation &op, SchemaOracle *oracle) const;
    Result<QList<SqlStatement>> rebuild(const Operation &op, SchemaOracle *oracle) const;
    Result<QList<SqlStatement>> bulkInsert(const Operation &op) const;
    QString valueLiteral(const QVariant &value) const;
    QString statementSql(const CoreStatement &statement) const;
    QString conditionSql(const SqlCondition &condition, const QString &table) const;
    Result<QList<SqlStatement>> enumTypesFor(const QList<ColumnDef> &columns, SchemaOracle *oracle, bool onlyMissing) const;

    Dialect m_dialect;
    bool m_mariadb;
};

} // namespace retort
