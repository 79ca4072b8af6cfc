// What an Alembic revision's upgrade() or downgrade() does, as data: the op.* and batch_op.* calls
// with their SQLAlchemy constructs, read from the script without running it (OpReader) and turned
// into SQL per dialect (DdlCompiler). Nothing here is dialect-specific.
#pragma once

#include "sql/Vocabulary.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>
#include <vector>

namespace retort {

/// A WHERE condition of a SQLAlchemy Core statement: comparisons of a column with literals, joined
/// by and/or.
struct SqlCondition
{
    enum class Kind { Compare, IsNull, IsNotNull, In, Like, And, Or };
    Kind kind = Kind::Compare;
    QString column;
    QString op;                      ///< Compare: "=", "!=", "<", "<=", ">", ">="
    QVariant value;                  ///< Compare, Like
    QVariantList values;             ///< In
    std::vector<SqlCondition> children;   ///< And, Or
};

/// op.execute(table.update()/insert()/delete() …) with literal values (op.inline_literal or plain).
struct CoreStatement
{
    enum class Kind { Update, Insert, Delete };
    Kind kind = Kind::Update;
    QString table;
    QString schema;
    QStringList tableColumns;        ///< the columns sa.table() lists, in order (SQLAlchemy orders SET and VALUES by them)
    QList<QPair<QString, QVariant>> values;
    std::optional<SqlCondition> where;
};

/// op.drop_constraint(type_=...): which kind of constraint; MySQL needs it to pick the statement.
enum class ConstraintType { Unspecified, ForeignKey, Primary, Unique, Check };
/// Alembic's spelling ("foreignkey", "primary", "unique", "check", "" for none); nullopt for anything else.
std::optional<ConstraintType> constraintTypeFromAlembic(const QString &text);

/// op.batch_alter_table(recreate=...): rebuild the table only where ALTER cannot do it, always, or never.
enum class BatchRecreate { Auto, Always, Never };
/// "auto", "always", "never"; nullopt for anything else.
std::optional<BatchRecreate> batchRecreateFromAlembic(const QString &text);

struct Operation;
using OperationList = std::vector<Operation>;

struct Operation
{
    enum class Kind {
        CreateTable, DropTable, RenameTable,
        AddColumn, DropColumn, AlterColumn,
        CreateIndex, DropIndex,
        CreateConstraint, DropConstraint,
        CreateTableComment, DropTableComment,
        Execute, BulkInsert,
        Batch,
    };
    Kind kind = Kind::Execute;
    int line = 0;                    ///< of the call in the script
    QString table;
    QString schema;
    QString newName;                 ///< RenameTable; AlterColumn new_column_name
    bool ifExists = false;
    bool ifNotExists = false;

    // CreateTable
    QList<ColumnDef> columns;        ///< also AddColumn (one) and BulkInsert (the table's columns)
    QList<ConstraintDef> constraints;///< also CreateConstraint (one)
    QList<IndexDef> indexes;         ///< CreateIndex (one)
    QString comment;                 ///< table comment (CreateTable, CreateTableComment)
    QStringList mysqlOptions;        ///< table options as SQLAlchemy writes them: "ENGINE=InnoDB", "COLLATE x"

    // DropColumn, AlterColumn, DropIndex, DropConstraint
    QString name;                    ///< column, index or constraint name
    bool nameConverted = false;      ///< DropIndex/DropConstraint: the name came through op.f()
    ConstraintType constraintType = ConstraintType::Unspecified;   ///< DropConstraint type_

    // AlterColumn: "not given" is an empty optional, as False is in Alembic's signature
    std::optional<bool> nullable;
    std::optional<SqlType> type;
    std::optional<std::optional<ServerDefault>> serverDefault;   ///< set to empty: DROP DEFAULT
    std::optional<QString> columnComment;                          ///< set to empty: drop the comment
    std::optional<SqlType> existingType;
    std::optional<bool> existingNullable;
    std::optional<ServerDefault> existingServerDefault;
    QString existingComment;
    std::optional<bool> autoincrement;
    std::optional<bool> existingAutoincrement;
    QString postgresqlUsing;

    // Execute
    QString sql;
    std::optional<CoreStatement> statement;   ///< instead of sql for SQLAlchemy Core statements

    // BulkInsert
    QList<QVariantMap> rows;         ///< values: null, bool, qlonglong, double, QString
    bool multiInsert = true;

    // Batch
    BatchRecreate recreate = BatchRecreate::Auto;
    OperationList batch;

    /// "create_table('engine')" and the like, for plans and progress.
    QString describe() const;
};

/// Where a revision cannot be run without Python, and why. Retort never guesses past it.
struct NeedsPython
{
    int line = 0;
    int column = 0;
    int length = 0;                  ///< of the construct, in characters
    QString reason;
};

/// One function body read: either its operations or the first construct Retort cannot interpret.
struct OperationsRead
{
    OperationList operations;
    std::optional<NeedsPython> needsPython;
};

struct RevisionOperations
{
    OperationsRead upgrade;
    OperationsRead downgrade;
};

} // namespace retort
