// SQLAlchemy's vocabulary as data: types, server defaults, columns, foreign keys, constraints and
// indexes, as revisions (ops/), models (models/) and the live schema (schema/) all speak it. This
// folder is the bottom of core: it includes nothing from the other folders but connection's Dialect.
#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>
#include <utility>
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
    std::optional<int> dimensions;   ///< ARRAY(dimensions=): PostgreSQL writes one [] per dimension
    /// What the type becomes on one dialect: with_variant(), and the types that load another type per
    /// dialect (sqlalchemy_utils' UUIDType is UUID on PostgreSQL, BINARY(16) or CHAR(32) elsewhere).
    std::vector<std::pair<QString, SqlType>> variants;
    QString charset;                 ///< mysql string types: CHARACTER SET
    QString collation;               ///< mysql string types: COLLATE
    bool isRawSql = false;           ///< name is SQL text as the database declared it (a SQLite column read for a batch rebuild), written as is
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
    /// default= (a Python-side default): never in the DDL, but SQLAlchemy fills it into inserts that
    /// leave the column out (op.bulk_insert() on the table op.create_table() returned).
    bool pythonDefault = false;
    /// sa.Computed("a + b", persisted=…): GENERATED ALWAYS AS (…) [STORED|VIRTUAL].
    QString computed;
    std::optional<bool> computedPersisted;
    /// sa.Identity(...): PostgreSQL's GENERATED {ALWAYS|BY DEFAULT} AS IDENTITY (options as SQLAlchemy
    /// writes them, "INCREMENT BY 2 START WITH 5"); other engines leave it out, as SQLAlchemy 1.4 does.
    bool identity = false;
    bool identityAlways = false;
    QString identityOptions;
    /// sa.Sequence("x_seq") as the column's default: not in CREATE TABLE (Alembic creates no sequence),
    /// but it keeps PostgreSQL's SERIAL and MariaDB's AUTO_INCREMENT off unless optional=True.
    QString sequence;
    bool sequenceOptional = false;
    /// The names a naming convention gives what unique=True and index=True make (empty: SQLAlchemy's
    /// defaults, an unnamed UNIQUE and ix_<table>_<column>).
    QString uniqueName;
    QString indexName;

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
    QHash<QString, QString> postgresqlOps;   ///< postgresql_ops: column -> operator class
    QStringList postgresqlInclude;           ///< postgresql_include: INCLUDE (…) columns
    bool postgresqlConcurrently = false;     ///< postgresql_concurrently: CREATE INDEX CONCURRENTLY
    QString mysqlPrefix;                     ///< mysql_prefix: "FULLTEXT", "SPATIAL"
    QHash<QString, int> mysqlLength;         ///< mysql_length per column
    std::optional<int> mysqlLengthAll;       ///< mysql_length=N: every column
};

/// A value of Python's standard library in a revision's rows: datetime.date(2023, 6, 30),
/// datetime.datetime(…), datetime.time(…), decimal.Decimal("1.50"), uuid.UUID("…").
struct PyScalar
{
    enum class Kind { Date, DateTime, Time, Decimal, Uuid };
    Kind kind = Kind::Date;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, microsecond = 0;
    QString text;                    ///< Decimal: the digits as written ("1.50"); Uuid: lower case, with hyphens

    /// Python's str(): "2023-06-30 12:05:07", ".600000" only when there are microseconds.
    QString pythonText() const;
    /// SQLAlchemy's SQLite storage format: microseconds always ("2023-06-30 12:05:07.000000").
    QString sqliteText() const;
    static QVariant variant(const PyScalar &value);
    static const PyScalar *from(const QVariant &value);   ///< null when value holds something else
};

} // namespace retort

Q_DECLARE_METATYPE(retort::PyScalar)
