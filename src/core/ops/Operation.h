// What an Alembic revision's upgrade() or downgrade() does, as data: the op.* and batch_op.* calls
// with their SQLAlchemy constructs, read from the script without running it (OpReader) and turned
// into SQL per dialect (DdlCompiler). Nothing here is dialect-specific.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>
#include <vector>

namespace retort {

/// A SQLAlchemy type as written: `sa.String(length=50)`, `sa.VARCHAR(length=10)`, `postgresql.UUID()`.
struct SqlType
{
    QString name;                    ///< the class name as SQLAlchemy spells it ("String", "VARCHAR", "UUID")
    QString module;                  ///< "" for sqlalchemy, "postgresql" or "mysql" for dialect types
    std::optional<int> length;       ///< String/VARCHAR/CHAR length, mysql display_width, Float precision
    std::optional<int> precision;    ///< Numeric
    std::optional<int> scale;
    std::optional<int> fsp;          ///< mysql.DATETIME(fsp=)
    bool timezone = false;           ///< DateTime/TIMESTAMP/TIME
    bool isUnsigned = false;         ///< mysql integer types
    QStringList enumValues;          ///< Enum
    QString enumName;                ///< Enum(name=)
    bool nativeEnum = true;          ///< Enum(native_enum=)
    bool createConstraint = false;   ///< Boolean/Enum(create_constraint=True)
    bool createType = true;          ///< postgresql.ENUM(create_type=)
    std::vector<SqlType> itemType;   ///< postgresql.ARRAY(item) (one element)
};

/// A server_default: a string literal, raw SQL (sa.text), a SQL function (sa.func.now()), or true/false.
struct ServerDefault
{
    enum class Kind { Literal, Text, Function, True, False };
    Kind kind = Kind::Literal;
    QString text;                    ///< the literal, the SQL text, or the function name
};

struct ForeignKeyRef
{
    QString target;                  ///< "table.column" or "schema.table.column"
    QString name;
    bool nameConverted = false;      ///< given through op.f(): naming conventions leave it alone
    QString ondelete, onupdate, initially, match;
    std::optional<bool> deferrable;
};

struct ColumnDef
{
    QString name;
    SqlType type;
    bool hasType = true;             ///< sa.Column('x', sa.ForeignKey(...)) takes its type from the referenced column
    std::optional<bool> nullable;    ///< empty: SQLAlchemy's default (false for primary keys, else true)
    bool primaryKey = false;
    std::optional<bool> autoincrement;   ///< empty: "auto"
    std::optional<ServerDefault> serverDefault;
    QString comment;
    bool unique = false;
    bool index = false;
    QList<ForeignKeyRef> foreignKeys;

    bool isNullable() const { return nullable.value_or(!primaryKey); }
};

struct ConstraintDef
{
    enum class Kind { PrimaryKey, ForeignKey, Unique, Check };
    Kind kind = Kind::PrimaryKey;
    QString name;                    ///< empty when unnamed
    bool nameConverted = false;      ///< given through op.f()
    QStringList columns;             ///< local columns
    QString refTable;                ///< ForeignKey: referred table (possibly "schema.table")
    QString refSchema;
    QStringList refColumns;
    QString ondelete, onupdate, initially, match;
    std::optional<bool> deferrable;
    QString sqltext;                 ///< Check: the condition

    static ConstraintDef make(Kind kind, QString name, QStringList columns, QString sqltext = {})
    {
        ConstraintDef c;
        c.kind = kind;
        c.name = std::move(name);
        c.columns = std::move(columns);
        c.sqltext = std::move(sqltext);
        return c;
    }
};

struct IndexDef
{
    QString name;
    bool nameConverted = false;      ///< given through op.f()
    QString table;
    QStringList expressions;         ///< column names, or SQL text for functional parts
    QList<bool> isExpression;        ///< parallel to expressions
    bool unique = false;
    QString postgresqlWhere;
    QString postgresqlUsing;
};

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
    QString constraintType;          ///< DropConstraint type_: foreignkey, primary, unique, check (empty: not given)

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
    QString recreate = QStringLiteral("auto");   ///< auto, always, never
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
