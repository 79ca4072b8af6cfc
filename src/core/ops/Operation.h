// What an Alembic revision's upgrade() or downgrade() does, as data: the op.* and batch_op.* calls
// with their SQLAlchemy constructs, read from the script without running it (OpReader) and turned
// into SQL per dialect (DdlCompiler). Nothing here is dialect-specific.
#pragma once

#include "sql/Vocabulary.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <functional>
#include <memory>
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

/// op.execute() of a SQLAlchemy DDL element: sa.schema.CreateSequence(sa.Sequence(...)), DropSequence,
/// CreateSchema, DropSchema.
struct DdlElement
{
    enum class Kind { CreateSequence, DropSequence, CreateSchema, DropSchema };
    Kind kind = Kind::CreateSequence;
    QString name;
    QString schema;                  ///< a sequence's schema
    QString options;                 ///< CreateSequence: "INCREMENT BY 2 START WITH 5", as SQLAlchemy 1.4 writes them
    bool cascade = false;            ///< DropSchema(cascade=True)
};

/// op.drop_constraint(type_=...): which kind of constraint; MySQL needs it to pick the statement.
enum class ConstraintType { Unspecified, ForeignKey, Primary, Unique, Check };
/// Alembic's spelling ("foreignkey", "primary", "unique", "check", "" for none); nullopt for anything else.
std::optional<ConstraintType> constraintTypeFromAlembic(const QString &text);

/// op.batch_alter_table(recreate=...): rebuild the table only where ALTER cannot do it, always, or never.
enum class BatchRecreate { Auto, Always, Never };
/// "auto", "always", "never"; nullopt for anything else.
std::optional<BatchRecreate> batchRecreateFromAlembic(const QString &text);

/// SQLAlchemy text()'s bind parameters: each :name replaced by what bound(name) returns, "\:" made ":".
QString bindTextParameters(const QString &sql, const std::function<QString(const QString &name)> &bound);
/// The :name parameters of a text(), in order of first use.
QStringList textBindNames(const QString &sql);

struct Operation;
using OperationList = std::vector<Operation>;

/// A revision's try/except around operations (revisions that tolerate a statement that fails, such as
/// a column that may exist already): which database errors its except clauses catch and what the
/// handler prints. The operations of one try block share one; a caught failure skips the rest of them.
struct TryHandler
{
    /// What an except handler does: print or log a message, re-raise (a bare 'raise'), or decide on the
    /// error's text ('if "already exists" in str(e.orig).lower():').
    struct Step
    {
        enum class Kind { Message, Raise, If };
        Kind kind = Kind::Message;
        QString message;             ///< Message: the text as written (values shown as <name>)
        /// If: the condition is true when the error text contains any of these (or none, with negate).
        struct Needle
        {
            QString text;
            bool lowercase = false;  ///< compared with the error's text lowered (str(e).lower())
        };
        QList<Needle> anyOf;
        bool negate = false;         ///< 'not in'
        std::vector<Step> then, otherwise;
    };
    struct Clause
    {
        int line = 0;                ///< of the 'except'
        QStringList catches;         ///< DB-API classes caught ("OperationalError"); "DatabaseError" catches them all
        std::vector<Step> steps;
    };
    int line = 0;                    ///< of the 'try'
    QList<Clause> clauses;           ///< in order: the first that catches the error runs

    /// The clause that catches an error of this DB-API class, or null.
    const Clause *catching(const QString &dbapiClass) const;
    /// Runs a clause's handler for an error whose text (as str(e) shows it) is errorText: what it
    /// prints, and whether it raises the error again.
    static bool handle(const Clause &clause, const QString &errorText, QStringList *printed);
};

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
        Message,   ///< print() or logging in the revision: no SQL, shown when it runs
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
    QString primaryKeyName;          ///< CreateTable: the convention's name for the columns' primary_key=True
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
    bool postgresqlConcurrently = false;   ///< DropIndex: DROP INDEX CONCURRENTLY (CreateIndex keeps it in its IndexDef)

    // Execute
    QString sql;
    std::optional<CoreStatement> statement;   ///< instead of sql for SQLAlchemy Core statements
    std::optional<DdlElement> ddl;            ///< instead of sql for SQLAlchemy DDL elements
    /// text()'s parameters with literal values (.bindparams(), conn.execute(text, {...})): sql is then
    /// the text as written, its :names replaced per dialect when compiled.
    QVariantMap sqlParameters;
    /// conn.execute(text, {...}): the values reach the driver untyped (sqlite3 then stores a datetime as
    /// Python's str() and cannot bind a time), and Alembic's --sql writes NULL for them. Without it
    /// (.bindparams()), SQLAlchemy types each value, as for bulk_insert.
    bool driverBound = false;

    // BulkInsert
    QList<QVariantMap> rows;         ///< values: null, bool, qlonglong, double, QString
    bool multiInsert = true;

    // Batch
    BatchRecreate recreate = BatchRecreate::Auto;
    OperationList batch;
    /// batch_alter_table(naming_convention=…): names the reflected table's unnamed constraints in a
    /// SQLite rebuild, so the batch can drop them by those names.
    QHash<QString, QString> batchNamingConvention;
    /// batch_alter_table(copy_from=sa.Table(…)): the table as the revision describes it, used instead of
    /// the database's copy in a SQLite rebuild (empty optional: reflect it).
    std::optional<QList<ColumnDef>> batchCopyFrom;

    // Message
    QString message;                 ///< the text as written (values shown as <name>); DropConstraint(None): why it fails

    /// Set on the operations of a try block.
    std::shared_ptr<const TryHandler> tryHandler;
    /// Inside 'if op.get_context().dialect.name == "postgresql":' and the like: the dialects
    /// ("sqlite", "postgresql", "mysql") it runs on; empty when it runs on every one.
    QStringList onlyOn;

    /// Inside 'with op.get_context().autocommit_block():' (its line): Alembic commits what ran before the
    /// block and runs it outside a transaction, where DDL is transactional (PostgreSQL).
    int autocommitBlock = 0;

    /// Whether it runs on this dialect ("sqlite", "postgresql", "mysql").
    bool runsOn(const QString &dialect) const { return onlyOn.isEmpty() || onlyOn.contains(dialect); }

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
    bool failsInAlembic = false;     ///< Alembic fails on it too: running it through Python would only fail
};

/// An import from outside Alembic and SQLAlchemy whose names the function never reaches: Alembic
/// imports it (running whatever the module does on import), Retort does not need it.
struct InertImport
{
    QString name;                    ///< the name the file binds
    QString module;                  ///< where it comes from
    int line = 0;
};

/// One function body read: either its operations or the first construct Retort cannot interpret.
struct OperationsRead
{
    OperationList operations;
    std::optional<NeedsPython> needsPython;
    std::vector<InertImport> inertImports;   ///< when read natively
};

struct RevisionOperations
{
    OperationsRead upgrade;
    OperationsRead downgrade;
};

} // namespace retort
