// SQL text per dialect. Statement shapes, clause order and spacing follow SQLAlchemy 1.4's DDL
// compiler and Alembic 1.8's ddl/*.py, checked against their offline output by the tests; the
// CREATE TABLE layout keeps SQLAlchemy's "\n\t" item separators (the offline writer turns tabs into
// four spaces, as Alembic does).
#include "ops/DdlSupport.h"

#include "sql/Identifiers.h"

#include <QLocale>
#include <QRegularExpression>

namespace retort {

using namespace ddl;

namespace {

bool isIntegerType(const SqlType &t)
{
    static const QSet<QString> names = {QStringLiteral("Integer"), QStringLiteral("BigInteger"), QStringLiteral("SmallInteger"),
                                        QStringLiteral("INTEGER"), QStringLiteral("INT"), QStringLiteral("BIGINT"),
                                        QStringLiteral("SMALLINT"), QStringLiteral("TINYINT"), QStringLiteral("MEDIUMINT")};
    if (t.isRawSql)
        return t.name.compare(QLatin1String("INTEGER"), Qt::CaseInsensitive) == 0;
    return names.contains(t.name);
}

bool isDateTimeType(const SqlType &t)
{
    return t.name == QLatin1String("DateTime") || t.name == QLatin1String("DATETIME") || t.name == QLatin1String("TIMESTAMP");
}

} // namespace

int ddl::autoincrementColumn(const QList<ColumnDef> &columns, const QList<ConstraintDef> &constraints)
{
    QStringList pk;
    for (const ColumnDef &c : columns) {
        if (c.primaryKey)
            pk << c.name;
    }
    for (const ConstraintDef &c : constraints) {
        if (c.kind == ConstraintDef::Kind::PrimaryKey)
            pk = c.columns;
    }
    if (pk.size() != 1)
        return -1;
    for (int i = 0; i < columns.size(); ++i) {
        const ColumnDef &c = columns.at(i);
        if (c.name != pk.first())
            continue;
        if (c.autoincrement == std::optional<bool>(true))
            return i;
        if (c.autoincrement == std::optional<bool>(false) || !isIntegerType(c.type) || !c.foreignKeys.isEmpty())
            return -1;
        if (c.serverDefault)
            return -1;
        for (const ConstraintDef &k : constraints) {
            if (k.kind == ConstraintDef::Kind::ForeignKey && k.columns.contains(c.name))
                return -1;
        }
        return i;
    }
    return -1;
}

Result<QList<SqlStatement>> DdlCompiler::enumTypesFor(const QList<ColumnDef> &columns, SchemaOracle *oracle,
                                                      bool onlyMissing) const
{
    QList<SqlStatement> out;
    if (m_dialect != Dialect::PostgreSQL)
        return out;
    QSet<QString> seen;
    for (const ColumnDef &c : columns) {
        const SqlType &type = onDialect(c.type, m_dialect);
        if (!isNativePgEnum(type) || seen.contains(type.enumName))
            continue;
        seen.insert(type.enumName);
        if (onlyMissing && oracle && oracle->enumTypeExists(type.enumName))
            continue;
        QStringList values;
        for (const QString &v : type.enumValues)
            values << literal(v);
        SqlStatement s;
        s.sql = QStringLiteral("CREATE TYPE %1 AS ENUM (%2)").arg(quote(type.enumName), values.join(QStringLiteral(", ")));
        if (onlyMissing)
            s.note = QStringLiteral("creates enum type %1, which Alembic's add_column would not").arg(type.enumName);
        out << s;
    }
    return out;
}

Result<QList<SqlStatement>> DdlCompiler::createTable(const Operation &op, SchemaOracle *oracle) const
{
    QList<SqlStatement> out;
    const Result<QList<SqlStatement>> enums = enumTypesFor(op.columns, oracle, false);
    if (!enums)
        return enums;
    out << *enums;

    const int autoinc = autoincrementColumn(op.columns, op.constraints);
    QStringList items;
    for (int i = 0; i < op.columns.size(); ++i) {
        const Result<QString> spec = columnSpec(op.columns.at(i), i == autoinc);
        if (!spec)
            return compileError(op, spec.error().message);
        items << *spec;
    }
    for (const ConstraintDef &k : tableConstraints(op))
        items << constraintSql(k);

    QString sql = QStringLiteral("CREATE TABLE %1%2 (\n\t%3\n)")
                      .arg(op.ifNotExists ? QStringLiteral("IF NOT EXISTS ") : QString(), quoteTable(op.table, op.schema),
                           items.join(QStringLiteral(", \n\t")));
    if (m_dialect == Dialect::MySQL) {
        // SQLAlchemy 1.4 orders these by Python set order (it varies between runs); Retort keeps the script's.
        QStringList options = op.mysqlOptions;
        if (!op.comment.isEmpty())
            options << QStringLiteral("COMMENT=") + literal(op.comment);
        sql += options.join(QLatin1Char(' '));
    }
    out << SqlStatement{sql, op.line, {}};
    if (m_dialect == Dialect::PostgreSQL) {
        if (!op.comment.isEmpty())
            out << SqlStatement{QStringLiteral("COMMENT ON TABLE %1 IS %2").arg(quoteTable(op.table, op.schema), literal(op.comment)),
                                op.line, {}};
        for (const ColumnDef &c : op.columns) {
            if (!c.comment.isEmpty())
                out << SqlStatement{QStringLiteral("COMMENT ON COLUMN %1.%2 IS %3")
                                        .arg(quoteTable(op.table, op.schema), quote(c.name), literal(c.comment)), op.line, {}};
        }
    }
    for (const IndexDef &i : tableIndexes(op))
        out << SqlStatement{indexSql(i, op.schema, false), op.line, {}};
    return out;
}

QList<ConstraintDef> DdlCompiler::tableConstraints(const Operation &op) const
{
    // SQLAlchemy's order is creation order: the primary key, then the constraints passed to
    // create_table (built before the table), then what each column implies as it is attached, in
    // column order: unique=True, its type's CHECK (Boolean/Enum with create_constraint), its ForeignKey.
    QStringList pkColumns;
    for (const ColumnDef &c : op.columns) {
        if (c.primaryKey)
            pkColumns << c.name;
    }
    QList<ConstraintDef> constraints;
    for (const ConstraintDef &k : op.constraints) {
        if (k.kind == ConstraintDef::Kind::PrimaryKey)
            constraints << k;
    }
    if (constraints.isEmpty() && !pkColumns.isEmpty())
        constraints << ConstraintDef::make(ConstraintDef::Kind::PrimaryKey, op.primaryKeyName, pkColumns);
    for (const ConstraintDef &k : op.constraints) {
        if (k.kind != ConstraintDef::Kind::PrimaryKey)
            constraints << k;
    }
    for (const ColumnDef &c : op.columns) {
        if (c.unique && !c.index)
            constraints << ConstraintDef::make(ConstraintDef::Kind::Unique, c.uniqueName, {c.name});
        if (std::optional<ConstraintDef> check = typeCheck(c))
            constraints << *check;
        for (const ForeignKeyRef &fk : c.foreignKeys)
            constraints << foreignKeyOf(c.name, fk);
    }
    return constraints;
}

QList<IndexDef> DdlCompiler::tableIndexes(const Operation &op)
{
    QList<IndexDef> indexes;
    for (const ColumnDef &c : op.columns) {
        if (c.index)
            indexes << indexOfColumn(op.table, c);
    }
    // SQLAlchemy emits a table's indexes sorted by name.
    for (const IndexDef &i : op.indexes)
        indexes << i;
    std::stable_sort(indexes.begin(), indexes.end(), [](const IndexDef &a, const IndexDef &b) { return a.name < b.name; });
    return indexes;
}

Result<QList<SqlStatement>> DdlCompiler::bulkInsert(const Operation &op) const
{
    QList<SqlStatement> out;
    for (const QVariantMap &row : op.rows) {
        QStringList names;
        QStringList values;
        for (const ColumnDef &c : op.columns) {
            if (!row.contains(c.name))
                continue;
            names << quote(c.name);
            values << valueLiteral(row.value(c.name));
        }
        out << SqlStatement{QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                                .arg(quoteTable(op.table, op.schema), names.join(QStringLiteral(", ")),
                                     values.join(QStringLiteral(", "))), op.line, {}};
    }
    return out;
}

Result<QList<SqlStatement>> DdlCompiler::compile(const Operation &op, SchemaOracle *oracle) const
{
    if (!op.runsOn(dialectKey(m_dialect)))
        return QList<SqlStatement>{};   // a branch on another dialect, as Alembic decides it
    const QString table = quoteTable(op.table, op.schema);
    const auto one = [&op](const QString &sql, const QString &note = {}) {
        return Result<QList<SqlStatement>>(QList<SqlStatement>{SqlStatement{sql, op.line, note}});
    };
    switch (op.kind) {
    case Operation::Kind::CreateTable:
        return createTable(op, oracle);
    case Operation::Kind::DropTable: {
        QList<SqlStatement> out;
        QStringList enums;
        if (m_dialect == Dialect::PostgreSQL && oracle)
            enums = oracle->enumTypesOnlyUsedBy(op.table, op.schema);
        out << SqlStatement{QStringLiteral("DROP TABLE %1%2").arg(op.ifExists ? QStringLiteral("IF EXISTS ") : QString(), table),
                            op.line, {}};
        for (const QString &e : std::as_const(enums))
            out << SqlStatement{QStringLiteral("DROP TYPE %1").arg(quote(e)), op.line,
                                QStringLiteral("drops enum type %1, which only this table used (Alembic leaves it behind)").arg(e), e};
        return out;
    }
    case Operation::Kind::RenameTable:
        return one(QStringLiteral("ALTER TABLE %1 RENAME TO %2").arg(table, quote(op.newName)));
    case Operation::Kind::AddColumn: {
        QList<SqlStatement> out;
        const Result<QList<SqlStatement>> enums = enumTypesFor(op.columns, oracle, true);
        if (!enums)
            return enums;
        out << *enums;
        const ColumnDef &c = op.columns.first();
        const Result<QString> spec = columnSpec(c, false);
        if (!spec)
            return compileError(op, spec.error().message);
        out << SqlStatement{QStringLiteral("ALTER TABLE %1 ADD COLUMN %2%3")
                                .arg(table, op.ifNotExists ? QStringLiteral("IF NOT EXISTS ") : QString(), *spec), op.line, {}};
        for (const ForeignKeyRef &fk : c.foreignKeys) {
            if (m_dialect == Dialect::SQLite)
                return compileError(op, QStringLiteral("SQLite cannot add a foreign key to an existing table; add the column "
                                                       "inside op.batch_alter_table() instead (Alembic fails here too)"));
            out << SqlStatement{QStringLiteral("ALTER TABLE %1 ADD %2").arg(table, constraintSql(foreignKeyOf(c.name, fk))), op.line, {}};
        }
        if (m_dialect == Dialect::PostgreSQL && !c.comment.isEmpty())
            out << SqlStatement{QStringLiteral("COMMENT ON COLUMN %1.%2 IS %3").arg(table, quote(c.name), literal(c.comment)),
                                op.line, {}};
        return out;
    }
    case Operation::Kind::DropColumn:
        return one(QStringLiteral("ALTER TABLE %1 DROP COLUMN %2%3")
                       .arg(table, op.ifExists ? QStringLiteral("IF EXISTS ") : QString(), quote(op.name)));
    case Operation::Kind::AlterColumn:
        if (m_dialect == Dialect::MySQL)
            return mysqlAlterColumn(op, oracle);
        return alterColumn(op);
    case Operation::Kind::CreateIndex: {
        IndexDef index = op.indexes.first();
        index.table = op.table;
        return one(indexSql(index, op.schema, op.ifNotExists));
    }
    case Operation::Kind::DropIndex: {
        const QString ifExists = op.ifExists ? QStringLiteral("IF EXISTS ") : QString();
        if (m_dialect == Dialect::MySQL) {
            if (op.table.isEmpty())
                return compileError(op, QStringLiteral("MySQL needs the table of the index: give drop_index a table_name"));
            return one(QStringLiteral("DROP INDEX %1%2 ON %3").arg(ifExists, quote(op.name), table));
        }
        const QString concurrently = m_dialect == Dialect::PostgreSQL && op.postgresqlConcurrently ? QStringLiteral("CONCURRENTLY ")
                                                                                                    : QString();
        return one(QStringLiteral("DROP INDEX %1%2").arg(concurrently + ifExists, op.schema.isEmpty() ? quote(op.name) : quoteTable(op.name, op.schema)));
    }
    case Operation::Kind::CreateConstraint: {
        const ConstraintDef &k = op.constraints.first();
        if (m_dialect == Dialect::SQLite)
            return compileError(op, QStringLiteral("SQLite cannot ALTER constraints; use op.batch_alter_table() (Alembic's "
                                                   "\"No support for ALTER of constraints in SQLite dialect\")"));
        if (k.name.isEmpty() && k.kind != ConstraintDef::Kind::PrimaryKey)
            return compileError(op, QStringLiteral("the constraint has no name, so no later revision could drop it by name; "
                                                   "give it a name"));
        return one(QStringLiteral("ALTER TABLE %1 ADD %2").arg(table, constraintSql(k)));
    }
    case Operation::Kind::DropConstraint: {
        if (op.name.isEmpty())
            return compileError(op, op.message);
        if (m_dialect == Dialect::SQLite)
            return compileError(op, QStringLiteral("SQLite cannot ALTER constraints; use op.batch_alter_table() (Alembic's "
                                                   "\"No support for ALTER of constraints in SQLite dialect\")"));
        if (m_dialect == Dialect::MySQL) {
            const ConstraintType t = op.constraintType;
            if (t == ConstraintType::Unspecified)
                return compileError(op, QStringLiteral("No generic 'DROP CONSTRAINT' in MySQL - please specify constraint type "
                                                       "(type_='foreignkey', 'unique', 'primary' or 'check')"));
            if (t == ConstraintType::ForeignKey)
                return one(QStringLiteral("ALTER TABLE %1 DROP FOREIGN KEY %2").arg(table, quote(op.name)));
            if (t == ConstraintType::Unique)
                return one(QStringLiteral("ALTER TABLE %1 DROP INDEX %2").arg(table, quote(op.name)));
            if (t == ConstraintType::Primary)
                return one(QStringLiteral("ALTER TABLE %1 DROP PRIMARY KEY").arg(table));
            return one(QStringLiteral("ALTER TABLE %1 DROP %2 %3")
                           .arg(table, m_mariadb ? QStringLiteral("CONSTRAINT") : QStringLiteral("CHECK"), quote(op.name)));
        }
        return one(QStringLiteral("ALTER TABLE %1 DROP CONSTRAINT %2%3")
                       .arg(table, op.ifExists ? QStringLiteral("IF EXISTS ") : QString(), quote(op.name)));
    }
    case Operation::Kind::CreateTableComment:
    case Operation::Kind::DropTableComment: {
        const bool drop = op.kind == Operation::Kind::DropTableComment;
        if (m_dialect == Dialect::SQLite)
            return QList<SqlStatement>{};   // SQLite has no comments; Alembic 1.8 emits invalid SQL here
        if (m_dialect == Dialect::MySQL)
            return one(QStringLiteral("ALTER TABLE %1 COMMENT %2").arg(table, drop ? QStringLiteral("''") : literal(op.comment)));
        return one(QStringLiteral("COMMENT ON TABLE %1 IS %2").arg(table, drop ? QStringLiteral("NULL") : literal(op.comment)));
    }
    case Operation::Kind::Execute:
        if (!op.sqlParameters.isEmpty() || op.driverBound)
            return boundTextSql(op);
        return one(op.statement ? statementSql(*op.statement) : op.ddl ? ddlElementSql(*op.ddl) : op.sql);
    case Operation::Kind::BulkInsert:
        return bulkInsert(op);
    case Operation::Kind::Batch:
        return batch(op, oracle);
    case Operation::Kind::Message:
        return QList<SqlStatement>{};
    }
    return QList<SqlStatement>{};
}

Result<QList<SqlStatement>> DdlCompiler::alterColumn(const Operation &op) const
{
    if (m_dialect == Dialect::SQLite) {
        if (op.nullable || op.serverDefault || op.type || op.columnComment)
            return compileError(op, QStringLiteral("SQLite cannot ALTER a column's type, nullability or default; use "
                                                   "op.batch_alter_table() (Alembic would emit SQL that SQLite rejects)"));
        if (!op.newName.isEmpty())
            return QList<SqlStatement>{SqlStatement{QStringLiteral("ALTER TABLE %1 RENAME %2 TO %3")
                                                        .arg(quoteTable(op.table, op.schema), quote(op.name), quote(op.newName)),
                                                    op.line, {}}};
        return QList<SqlStatement>{};
    }
    const QString prefix = QStringLiteral("ALTER TABLE %1 ALTER COLUMN %2 ").arg(quoteTable(op.table, op.schema), quote(op.name));
    QList<SqlStatement> out;
    if (!op.postgresqlUsing.isEmpty() && !op.type)
        return compileError(op, QStringLiteral("postgresql_using must be used with the type_ parameter"));
    if (op.type) {
        const Result<QString> type = typeSql(*op.type);
        if (!type)
            return compileError(op, type.error().message);
        QString sql = prefix + QStringLiteral("TYPE ") + *type;
        if (!op.postgresqlUsing.isEmpty())
            sql += QStringLiteral(" USING ") + op.postgresqlUsing;
        out << SqlStatement{sql, op.line, {}};
    }
    if (op.nullable)
        out << SqlStatement{prefix + (*op.nullable ? QStringLiteral("DROP NOT NULL") : QStringLiteral("SET NOT NULL")), op.line, {}};
    if (op.serverDefault) {
        out << SqlStatement{*op.serverDefault ? prefix + QStringLiteral("SET DEFAULT ") + defaultSql(**op.serverDefault)
                                              : prefix + QStringLiteral("DROP DEFAULT"), op.line, {}};
    }
    if (op.columnComment) {
        out << SqlStatement{QStringLiteral("COMMENT ON COLUMN %1.%2 IS %3")
                                .arg(quoteTable(op.table, op.schema), quote(op.name),
                                     op.columnComment->isEmpty() ? QStringLiteral("NULL") : literal(*op.columnComment)),
                            op.line, {}};
    }
    if (!op.newName.isEmpty())
        out << SqlStatement{QStringLiteral("ALTER TABLE %1 RENAME %2 TO %3").arg(quoteTable(op.table, op.schema), quote(op.name),
                                                                                quote(op.newName)), op.line, {}};
    return out;
}

Result<QList<SqlStatement>> DdlCompiler::mysqlAlterColumn(const Operation &op, SchemaOracle *oracle) const
{
    const QString table = quoteTable(op.table, op.schema);
    const std::optional<SqlType> type = op.type ? op.type : op.existingType;
    const bool functionalDefault = type && isDateTimeType(*type) && !(op.serverDefault && !*op.serverDefault);
    const bool change = !op.newName.isEmpty() || (functionalDefault && op.serverDefault);
    const bool modify = op.nullable || op.type || op.autoincrement || op.columnComment;
    if (!change && !modify) {
        if (!op.serverDefault)
            return QList<SqlStatement>{};
        const QString sql = *op.serverDefault
                                ? QStringLiteral("ALTER TABLE %1 ALTER COLUMN %2 SET DEFAULT %3").arg(table, quote(op.name),
                                                                                                      defaultSql(**op.serverDefault))
                                : QStringLiteral("ALTER TABLE %1 ALTER COLUMN %2 DROP DEFAULT").arg(table, quote(op.name));
        return QList<SqlStatement>{SqlStatement{sql, op.line, {}}};
    }
    if (!type)
        return compileError(op, QStringLiteral("All MySQL CHANGE/MODIFY COLUMN operations require the existing type: give "
                                               "alter_column an existing_type"));
    // MODIFY/CHANGE restate the whole column: what the script does not say would be lost.
    const std::optional<SchemaOracle::ColumnFacts> live = oracle ? oracle->column(op.table, op.schema, op.name) : std::nullopt;
    bool nullable = true;
    if (op.nullable)
        nullable = *op.nullable;
    else if (op.existingNullable)
        nullable = *op.existingNullable;
    else if (live)
        nullable = live->nullable;
    else
        return compileError(op, QStringLiteral("MySQL restates the whole column here and the script gives neither nullable nor "
                                               "existing_nullable, so Alembic would make '%1' NULL; say existing_nullable=")
                                    .arg(op.name));
    if (live && !op.nullable && op.existingNullable && *op.existingNullable != live->nullable)
        return compileError(op, QStringLiteral("existing_nullable=%1 but column '%2' is %3 in the database")
                                    .arg(*op.existingNullable ? QStringLiteral("True") : QStringLiteral("False"), op.name,
                                         live->nullable ? QStringLiteral("NULL") : QStringLiteral("NOT NULL")));
    QString defaultText;
    if (op.serverDefault) {
        if (*op.serverDefault)
            defaultText = defaultSql(**op.serverDefault);
    } else if (op.existingServerDefault) {
        defaultText = defaultSql(*op.existingServerDefault);
    } else if (live && live->defaultSql) {
        return compileError(op, QStringLiteral("column '%1' has the default %2 in the database, which this MODIFY would drop "
                                               "because the script gives no existing_server_default; add it")
                                    .arg(op.name, *live->defaultSql));
    }
    const Result<QString> typeText = typeSql(*type);
    if (!typeText)
        return compileError(op, typeText.error().message);
    QString spec = *typeText + (nullable ? QStringLiteral(" NULL") : QStringLiteral(" NOT NULL"));
    if (op.autoincrement.value_or(op.existingAutoincrement.value_or(false)))
        spec += QStringLiteral(" AUTO_INCREMENT");
    if (!defaultText.isEmpty())
        spec += QStringLiteral(" DEFAULT ") + defaultText;
    const QString comment = op.columnComment ? *op.columnComment : op.existingComment;
    if (!comment.isEmpty())
        spec += QStringLiteral(" COMMENT ") + literal(comment);
    const QString sql = change ? QStringLiteral("ALTER TABLE %1 CHANGE %2 %3 %4")
                                     .arg(table, quote(op.name), quote(op.newName.isEmpty() ? op.name : op.newName), spec)
                               : QStringLiteral("ALTER TABLE %1 MODIFY %2 %3").arg(table, quote(op.name), spec);
    return QList<SqlStatement>{SqlStatement{sql, op.line, {}}};
}

bool DdlCompiler::batchRebuilds(const Operation &op, Dialect dialect)
{
    if (op.recreate != BatchRecreate::Auto || dialect != Dialect::SQLite)
        return op.recreate == BatchRecreate::Always;
    for (const Operation &inner : op.batch) {
        if (inner.kind == Operation::Kind::AddColumn) {
            const ColumnDef &c = inner.columns.first();
            if (c.serverDefault && c.serverDefault->kind != ServerDefault::Kind::Literal)
                return true;
        } else if (inner.kind != Operation::Kind::CreateIndex && inner.kind != Operation::Kind::DropIndex
                   && inner.kind != Operation::Kind::Execute) {
            return true;
        }
    }
    return false;
}

Result<QList<SqlStatement>> DdlCompiler::batch(const Operation &op, SchemaOracle *oracle) const
{
    const bool recreate = batchRebuilds(op, m_dialect);
    if (!recreate) {
        QList<SqlStatement> out;
        for (const Operation &inner : op.batch) {
            const Result<QList<SqlStatement>> s = compile(inner, oracle);
            if (!s)
                return s;
            out << *s;
        }
        return out;
    }
    return rebuild(op, oracle);
}

} // namespace retort
