// What the units of the DDL compiler share (DdlCompiler.cpp, DdlClauses.cpp, BatchRebuild.cpp).
// Internal to core/ops.
#pragma once

#include "ops/DdlCompiler.h"

namespace retort::ddl {

inline Error compileError(const Operation &op, const QString &message)
{
    Error e = makeError(message);
    e.line = op.line;
    return e;
}

/// The type a column has on this dialect: its with_variant() for the dialect, or itself.
inline const SqlType &onDialect(const SqlType &t, Dialect dialect)
{
    for (const auto &[name, variant] : t.variants) {
        if (name == dialectKey(dialect))
            return variant;
    }
    return t;
}

inline bool isEnum(const SqlType &t)
{
    return t.name == QLatin1String("Enum") || t.name == QLatin1String("ENUM");
}

// A PostgreSQL enum type Retort must create for this type (native Enum with a name).
inline bool isNativePgEnum(const SqlType &t)
{
    if (!isEnum(t) || t.module == QLatin1String("mysql"))
        return false;
    return t.nativeEnum && t.createType && !t.enumName.isEmpty();
}

// The index a column's index=True makes (SQLAlchemy's default name ix_<table>_<column>, or the convention's).
inline IndexDef indexOfColumn(const QString &table, const ColumnDef &c)
{
    IndexDef index;
    index.name = c.indexName.isEmpty() ? QStringLiteral("ix_%1_%2").arg(table, c.name) : c.indexName;
    index.table = table;
    index.expressions = QStringList{c.name};
    index.isExpression = QList<bool>{false};
    index.unique = c.unique;
    return index;
}

/// The column SQLAlchemy makes the table's autoincrement column (SERIAL, AUTO_INCREMENT), or -1.
int autoincrementColumn(const QList<ColumnDef> &columns, const QList<ConstraintDef> &constraints);

inline ConstraintDef foreignKeyOf(const QString &column, const ForeignKeyRef &fk)
{
    ConstraintDef k;
    k.kind = ConstraintDef::Kind::ForeignKey;
    k.name = fk.name;
    k.columns = QStringList{column};
    k.refTable = fk.target.section(QLatin1Char('.'), 0, -2);
    k.refColumns = QStringList{fk.target.section(QLatin1Char('.'), -1)};
    k.ondelete = fk.ondelete;
    k.onupdate = fk.onupdate;
    k.initially = fk.initially;
    k.match = fk.match;
    k.deferrable = fk.deferrable;
    return k;
}

} // namespace retort::ddl
