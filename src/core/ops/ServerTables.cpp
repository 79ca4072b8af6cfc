// A PostgreSQL or MySQL table read for batch_alter_table(recreate="always"): what SQLAlchemy's
// reflection gives Alembic (columns, keys, constraints, indexes), plus what a rebuild must carry over
// that reflection leaves out (PostgreSQL's index definitions as stored, the sequence behind a SERIAL,
// MySQL's table options), and a refusal for what a rebuild would silently lose (triggers, IDENTITY and
// generated columns, partitions, inheritance).
#include "ops/SchemaOracles.h"

#include "schema/ReflectedType.h"
#include "schema/SchemaReader.h"

#include <QRegularExpression>
#include <QSqlQuery>

namespace retort {

namespace {

// What the catalogs say beyond the introspection: an error text, or empty.
QString readPostgresExtras(const Connection &connection, const QString &table, const QString &schema, TableModel *model,
                           QSet<QString> *computedOrIdentity)
{
    QSqlQuery q(connection.database());
    const auto run = [&](const QString &sql) {
        q.prepare(sql);
        q.addBindValue(table);
        q.addBindValue(schema);
        return q.exec();
    };
    const QString relation = QStringLiteral("c.relname = ? AND n.nspname = COALESCE(NULLIF(?, ''), current_schema())");
    if (!run(QStringLiteral("SELECT c.relkind, c.relhassubclass, c.relispartition, "
                            "EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid), "
                            "EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal), "
                            "EXISTS (SELECT 1 FROM pg_catalog.pg_policy p WHERE p.polrelid = c.oid), c.relrowsecurity "
                            "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE ") + relation))
        return q.lastError().text();
    if (!q.next())
        return QStringLiteral("table '%1' does not exist").arg(table);
    if (q.value(0).toString() != QLatin1String("r") || q.value(1).toBool() || q.value(2).toBool() || q.value(3).toBool())
        return QStringLiteral("table '%1' is partitioned or inherits (or is inherited); a rebuild would not recreate that").arg(table);
    if (q.value(4).toBool())
        return QStringLiteral("table '%1' has triggers, which a rebuild would drop with the old table").arg(table);
    if (q.value(5).toBool() || q.value(6).toBool())
        return QStringLiteral("table '%1' has row-level security, which a rebuild would drop with the old table").arg(table);

    if (!run(QStringLiteral("SELECT a.attname FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
                            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE a.attnum > 0 AND NOT a.attisdropped "
                            "AND (a.attidentity <> '' OR a.attgenerated <> '') AND ") + relation))
        return q.lastError().text();
    while (q.next())
        computedOrIdentity->insert(q.value(0).toString());

    // Indexes as PostgreSQL stores them: partial, expression, operator-class and INCLUDE indexes come back whole.
    if (!run(QStringLiteral("SELECT i.relname, pg_catalog.pg_get_indexdef(x.indexrelid) FROM pg_catalog.pg_index x "
                            "JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid JOIN pg_catalog.pg_class c ON c.oid = x.indrelid "
                            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                            "WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = x.indexrelid) AND ")
             + relation))
        return q.lastError().text();
    while (q.next())
        model->indexSql.insert(q.value(0).toString(), q.value(1).toString());
    return {};
}

QString readMysqlExtras(const Connection &connection, const QString &table, const QString &schema, TableModel *model)
{
    QSqlQuery q(connection.database());
    const auto run = [&](const QString &sql) {
        q.prepare(sql);
        q.addBindValue(schema);
        q.addBindValue(table);
        return q.exec();
    };
    const QString relation = QStringLiteral("TABLE_SCHEMA = COALESCE(NULLIF(?, ''), DATABASE()) AND ");
    if (!run(QStringLiteral("SELECT ENGINE, TABLE_COLLATION, CREATE_OPTIONS FROM information_schema.TABLES WHERE ") + relation
             + QStringLiteral("TABLE_NAME = ?")))
        return q.lastError().text();
    if (!q.next())
        return QStringLiteral("table '%1' does not exist").arg(table);
    if (q.value(2).toString().contains(QLatin1String("partitioned")))
        return QStringLiteral("table '%1' is partitioned; a rebuild would not recreate that").arg(table);
    const QString collation = q.value(1).toString();
    QStringList options;
    if (!q.value(0).toString().isEmpty())
        options << QStringLiteral("ENGINE=") + q.value(0).toString();
    if (!collation.isEmpty())
        options << QStringLiteral("DEFAULT CHARSET=") + collation.section(QLatin1Char('_'), 0, 0)
                << QStringLiteral("COLLATE=") + collation;
    model->tableOptions = options;

    if (!run(QStringLiteral("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = "
                            "COALESCE(NULLIF(?, ''), DATABASE()) AND EVENT_OBJECT_TABLE = ?")))
        return q.lastError().text();
    if (q.next() && q.value(0).toInt() > 0)
        return QStringLiteral("table '%1' has triggers, which a rebuild would drop with the old table").arg(table);
    if (!run(QStringLiteral("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE ") + relation
             + QStringLiteral("TABLE_NAME = ? AND (EXTRA LIKE '%VIRTUAL%' OR EXTRA LIKE '%PERSISTENT%' OR EXTRA LIKE '%STORED%' "
                              "OR EXTRA LIKE '%on update%')")))
        return q.lastError().text();
    if (q.next())
        return QStringLiteral("column '%1' is generated or has ON UPDATE; Retort does not rebuild those yet").arg(q.value(0).toString());

    // Prefix lengths and FULLTEXT/SPATIAL, which the introspection's index list does not carry.
    if (!run(QStringLiteral("SELECT INDEX_NAME, COLUMN_NAME, SUB_PART, INDEX_TYPE FROM information_schema.STATISTICS WHERE ")
             + relation + QStringLiteral("TABLE_NAME = ? ORDER BY INDEX_NAME, SEQ_IN_INDEX")))
        return q.lastError().text();
    while (q.next()) {
        for (IndexDef &x : model->indexes) {
            if (x.name != q.value(0).toString())
                continue;
            if (!q.value(2).isNull())
                x.mysqlLength.insert(q.value(1).toString(), q.value(2).toInt());
            const QString type = q.value(3).toString();
            if (type == QLatin1String("FULLTEXT") || type == QLatin1String("SPATIAL"))
                x.mysqlPrefix = type;
        }
    }
    return {};
}

} // namespace

Result<TableModel> readServerTable(const Connection &connection, const QString &name, const QString &schema)
{
    IntrospectionOptions options;
    options.schema = schema;
    const Result<Schema> read = introspectSchema(connection, options);
    if (!read)
        return read.error();
    const Table *table = read->table(name);
    if (!table)
        return makeError(QStringLiteral("Table '%1' does not exist, so batch mode cannot rebuild it.").arg(name));
    const Dialect dialect = connection.dialect();

    TableModel model;
    model.name = name;
    model.comment = table->comment;
    model.reflected = true;
    for (const Column &c : table->columns) {
        ColumnDef column;
        column.name = c.name;
        column.type = reflectedType(dialect, c.type, read->enums);
        column.nullable = c.nullable;
        column.primaryKey = c.primaryKey;
        column.autoincrement = c.autoincrement;
        column.comment = c.comment;
        if (!c.defaultValue.isEmpty() && !(dialect == Dialect::MySQL && c.autoincrement))
            column.serverDefault = ServerDefault{ServerDefault::Kind::Text, c.defaultValue};
        if (dialect == Dialect::PostgreSQL && c.autoincrement) {
            // The sequence behind a SERIAL: the rebuilt table keeps using it (see DdlCompiler's rebuild).
            static const QRegularExpression nextval(QStringLiteral(R"(^nextval\('((?:[^']|'')+)'::regclass\)$)"));
            const QRegularExpressionMatch m = nextval.match(c.defaultValue);
            if (m.hasMatch())
                model.ownedSequences.insert(c.name, m.captured(1).replace(QStringLiteral("''"), QStringLiteral("'")));
        }
        model.columns << column;
    }
    if (!table->primaryKeyColumns.isEmpty()) {
        // MySQL calls every primary key PRIMARY; SQLAlchemy reflects it without a name.
        model.constraints << ConstraintDef::make(ConstraintDef::Kind::PrimaryKey,
                                                 dialect == Dialect::MySQL ? QString() : table->primaryKeyName,
                                                 table->primaryKeyColumns);
    }
    for (const ForeignKey &fk : table->foreignKeys) {
        ConstraintDef k = ConstraintDef::make(ConstraintDef::Kind::ForeignKey, fk.name, fk.columns);
        k.refTable = fk.referredSchema.isEmpty() ? fk.referredTable : fk.referredSchema + QLatin1Char('.') + fk.referredTable;
        k.refSchema = fk.referredSchema;
        k.refColumns = fk.referredColumns;
        k.ondelete = fk.onDelete;
        k.onupdate = fk.onUpdate;
        model.constraints << k;
    }
    for (const UniqueConstraint &u : table->uniqueConstraints)
        model.constraints << ConstraintDef::make(ConstraintDef::Kind::Unique, u.name, u.columns);
    for (const CheckConstraint &k : table->checkConstraints)
        model.constraints << ConstraintDef::make(ConstraintDef::Kind::Check, k.name, {}, k.sqltext);
    QSet<QString> uniqueNames;
    for (const UniqueConstraint &u : table->uniqueConstraints)
        uniqueNames.insert(u.name);
    for (const Index &x : table->indexes) {
        if (x.backsConstraint || uniqueNames.contains(x.name))   // MySQL lists a UNIQUE key both ways
            continue;
        IndexDef index;
        index.name = x.name;
        index.table = name;
        index.unique = x.unique;
        for (qsizetype i = 0; i < x.columns.size(); ++i) {
            const bool expression = !x.expressions.value(i).isEmpty();
            index.expressions << (expression ? x.expressions.at(i) : x.columns.at(i));
            index.isExpression << expression;
        }
        model.indexes << index;
    }

    QString problem;
    if (dialect == Dialect::PostgreSQL) {
        QSet<QString> special;
        problem = readPostgresExtras(connection, name, schema, &model, &special);
        if (problem.isEmpty() && !special.isEmpty())
            problem = QStringLiteral("column '%1' is an IDENTITY or generated column; Retort does not rebuild those yet")
                          .arg(*special.constBegin());
    } else {
        problem = readMysqlExtras(connection, name, schema, &model);
    }
    if (!problem.isEmpty())
        return makeError(QStringLiteral("Cannot rebuild table '%1' for batch_alter_table(recreate='always'): %2.").arg(name, problem));
    return model;
}

} // namespace retort
