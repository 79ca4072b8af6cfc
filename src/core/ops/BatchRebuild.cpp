// Batch mode's "move and copy": the table is rebuilt as Alembic's ApplyBatchImpl rebuilds it (new
// table, copy, drop, rename), with Alembic's column order and CASTs. SQLite needs it for most changes
// (ALTER TABLE cannot make them); PostgreSQL and MySQL only with recreate="always", where Retort also
// keeps what Alembic's rebuild loses or trips on (see serverStatements()).
#include "ops/DdlSupport.h"

#include "sql/Identifiers.h"
#include "sql/NamingTemplates.h"

#include <QRegularExpression>

namespace retort {

using namespace ddl;

namespace {

// SQLAlchemy's _type_affinity of a type as written (sa.BigInteger) or as SQLite declares it (BIGINT,
// VARCHAR(40), a name SQLite's own affinity rules place).
QString typeAffinity(const SqlType &type)
{
    const QString name = type.name.section(QLatin1Char('('), 0, 0).trimmed().toUpper();
    static const QHash<QString, QString> known = {
        {QStringLiteral("INTEGER"), QStringLiteral("Integer")}, {QStringLiteral("INT"), QStringLiteral("Integer")},
        {QStringLiteral("BIGINT"), QStringLiteral("Integer")}, {QStringLiteral("BIGINTEGER"), QStringLiteral("Integer")},
        {QStringLiteral("SMALLINT"), QStringLiteral("Integer")}, {QStringLiteral("SMALLINTEGER"), QStringLiteral("Integer")},
        {QStringLiteral("STRING"), QStringLiteral("String")}, {QStringLiteral("VARCHAR"), QStringLiteral("String")},
        {QStringLiteral("NVARCHAR"), QStringLiteral("String")}, {QStringLiteral("CHAR"), QStringLiteral("String")},
        {QStringLiteral("NCHAR"), QStringLiteral("String")}, {QStringLiteral("TEXT"), QStringLiteral("String")},
        {QStringLiteral("UNICODE"), QStringLiteral("String")}, {QStringLiteral("UNICODETEXT"), QStringLiteral("String")},
        {QStringLiteral("ENUM"), QStringLiteral("String")}, {QStringLiteral("CLOB"), QStringLiteral("String")},
        {QStringLiteral("NUMERIC"), QStringLiteral("Numeric")}, {QStringLiteral("DECIMAL"), QStringLiteral("Numeric")},
        {QStringLiteral("FLOAT"), QStringLiteral("Numeric")}, {QStringLiteral("REAL"), QStringLiteral("Numeric")},
        {QStringLiteral("DOUBLE"), QStringLiteral("Numeric")}, {QStringLiteral("DOUBLE_PRECISION"), QStringLiteral("Numeric")},
        {QStringLiteral("BOOLEAN"), QStringLiteral("Boolean")}, {QStringLiteral("DATE"), QStringLiteral("Date")},
        {QStringLiteral("DATETIME"), QStringLiteral("DateTime")}, {QStringLiteral("TIMESTAMP"), QStringLiteral("DateTime")},
        {QStringLiteral("TIME"), QStringLiteral("Time")}, {QStringLiteral("BLOB"), QStringLiteral("Binary")},
        {QStringLiteral("LARGEBINARY"), QStringLiteral("Binary")}, {QStringLiteral("JSON"), QStringLiteral("JSON")},
        {QStringLiteral("INTERVAL"), QStringLiteral("Interval")}};
    const auto it = known.constFind(name);
    if (it != known.constEnd())
        return *it;
    if (!type.isRawSql)
        return name;   // a type of its own (UUID, ARRAY…): its own affinity
    // SQLite's affinity rules, as SQLAlchemy's SQLite reflection applies them to names it does not know.
    if (name.contains(QLatin1String("INT")))
        return QStringLiteral("Integer");
    if (name.contains(QLatin1String("CHAR")) || name.contains(QLatin1String("CLOB")) || name.contains(QLatin1String("TEXT")))
        return QStringLiteral("String");
    if (name.isEmpty() || name.contains(QLatin1String("BLOB")))
        return QStringLiteral("Null");
    return QStringLiteral("Numeric");
}

} // namespace

// One batch rebuild: the table as it is, changed operation by operation, with what the copy
// needs (column order, which old column feeds each new one, which need a CAST). Each handler answers
// a sentence when the change cannot be made, as Alembic would refuse it.
struct DdlCompiler::BatchRebuild
{
    BatchRebuild(const DdlCompiler &c, const Operation &o, TableModel m) : compiler(c), op(o), model(std::move(m))
    {
        for (const ColumnDef &column : std::as_const(model.columns)) {
            newOrder << column.name;
            transfer.insert(column.name, column.name);
        }
        existingOrdering = newOrder;
        for (const ConstraintDef &k : std::as_const(model.constraints)) {
            if (!k.name.isEmpty())
                namedBefore.insert(k.name);
        }
    }

    using Refusal = std::optional<QString>;

    const DdlCompiler &compiler;
    const Operation &op;
    TableModel model;
    QStringList newOrder;                       // the rebuilt table's columns
    QHash<QString, QString> transfer;           // new name -> old column it is copied from
    QSet<QString> typeChanged;                  // copied through CAST
    // Alembic's batch column order: the existing columns (less the dropped ones) and, for each added
    // column, "after the last existing column at the time it was added" (ApplyBatchImpl's
    // existing_ordering and add_col_ordering), then its layered topological sort.
    QStringList existingOrdering;
    QList<QPair<QString, QString>> addColOrdering;
    QList<IndexDef> newIndexes;
    QList<SqlStatement> early;                  // op.execute() inside the batch runs before the rebuild
    QSet<QString> namedBefore;                  // the table's named constraints before the batch

    int columnIndex(const QString &name) const
    {
        for (int i = 0; i < model.columns.size(); ++i) {
            if (model.columns.at(i).name == name)
                return i;
        }
        return -1;
    }

    static bool references(const QString &sqltext, const QString &column)
    {
        return QRegularExpression(QStringLiteral("(^|[^A-Za-z0-9_])\"?%1\"?([^A-Za-z0-9_]|$)").arg(QRegularExpression::escape(column)))
            .match(sqltext).hasMatch();
    }

    void renameEverywhere(const QString &from, const QString &to)
    {
        for (ConstraintDef &k : model.constraints)
            k.columns.replaceInStrings(QRegularExpression(QStringLiteral("^%1$").arg(QRegularExpression::escape(from))), to);
        for (IndexDef &i : model.indexes) {
            for (qsizetype p = 0; p < i.expressions.size(); ++p) {
                if (!i.isExpression.value(p) && i.expressions.at(p) == from) {
                    i.expressions[p] = to;
                    model.indexSql.remove(i.name);   // rebuilt from its columns
                }
            }
        }
    }

    Refusal apply(const Operation &inner)
    {
        switch (inner.kind) {
        case Operation::Kind::AddColumn: return addColumn(inner);
        case Operation::Kind::DropColumn: return dropColumn(inner);
        case Operation::Kind::AlterColumn: return alterColumn(inner);
        case Operation::Kind::CreateConstraint: return createConstraint(inner);
        case Operation::Kind::DropConstraint: return dropConstraint(inner);
        case Operation::Kind::CreateIndex: {
            IndexDef x = inner.indexes.first();
            x.table = op.table;
            newIndexes << x;
            return std::nullopt;
        }
        case Operation::Kind::DropIndex: return dropIndex(inner);
        case Operation::Kind::Execute: {
            // Alembic runs these at once, before the rebuild.
            const Result<QList<SqlStatement>> statements = compiler.compile(inner, nullptr);
            if (!statements)
                return statements.error().message;
            early << *statements;
            return std::nullopt;
        }
        case Operation::Kind::CreateTableComment:
            model.comment = inner.comment;   // kept on the servers; SQLite stores no comments
            return std::nullopt;
        case Operation::Kind::DropTableComment:
            model.comment.clear();
            return std::nullopt;
        default:
            return QStringLiteral("%1 is not allowed inside batch_alter_table").arg(inner.describe());
        }
    }

    Refusal addColumn(const Operation &inner)
    {
        ColumnDef c = inner.columns.first();
        if (columnIndex(c.name) >= 0)
            return QStringLiteral("table '%1' already has a column '%2'").arg(op.table, c.name);
        if (std::optional<ConstraintDef> check = compiler.typeCheck(c))
            model.constraints << *check;
        for (const ForeignKeyRef &fk : c.foreignKeys)
            model.constraints << foreignKeyOf(c.name, fk);
        c.foreignKeys.clear();
        model.columns << c;
        if (!existingOrdering.isEmpty())
            addColOrdering << qMakePair(existingOrdering.last(), c.name);
        newOrder << c.name;
        return std::nullopt;
    }

    Refusal dropColumn(const Operation &inner)
    {
        const int i = columnIndex(inner.name);
        if (i < 0)
            return QStringLiteral("table '%1' has no column '%2'").arg(op.table, inner.name);
        model.columns.removeAt(i);
        newOrder.removeAll(inner.name);
        existingOrdering.removeAll(inner.name);
        transfer.remove(inner.name);
        // Like PostgreSQL's DROP COLUMN: constraints and indexes on the column go with it.
        for (qsizetype k = model.constraints.size() - 1; k >= 0; --k) {
            const ConstraintDef &c = model.constraints.at(k);
            if (c.columns.contains(inner.name) || (c.kind == ConstraintDef::Kind::Check && references(c.sqltext, inner.name)))
                model.constraints.removeAt(k);
        }
        for (qsizetype k = model.indexes.size() - 1; k >= 0; --k) {
            const IndexDef &x = model.indexes.at(k);
            bool uses = false;
            for (qsizetype p = 0; p < x.expressions.size(); ++p)
                uses = uses || (x.isExpression.value(p) ? references(x.expressions.at(p), inner.name) : x.expressions.at(p) == inner.name);
            if (uses)
                model.indexes.removeAt(k);
        }
        return std::nullopt;
    }

    Refusal alterColumn(const Operation &inner)
    {
        const int i = columnIndex(inner.name);
        if (i < 0)
            return QStringLiteral("table '%1' has no column '%2'").arg(op.table, inner.name);
        ColumnDef &c = model.columns[i];
        if (inner.type) {
            // Alembic's SQLite cast_for_batch_migrate: a CAST only where the type's affinity changes (and not
            // into JSON); INTEGER to BIGINT copies the values as they are.
            const QString before = typeAffinity(c.type);
            const QString after = typeAffinity(*inner.type);
            if (before != after && after != QLatin1String("JSON"))
                typeChanged.insert(inner.newName.isEmpty() ? inner.name : inner.newName);
            c.type = *inner.type;
        }
        if (inner.nullable)
            c.nullable = *inner.nullable;
        if (inner.serverDefault)
            c.serverDefault = *inner.serverDefault;
        if (inner.newName.isEmpty() || inner.newName == inner.name)
            return std::nullopt;
        for (const ConstraintDef &k : std::as_const(model.constraints)) {
            if (k.kind == ConstraintDef::Kind::Check && references(k.sqltext, inner.name))
                return QStringLiteral("renaming '%1' would need the CHECK constraint %2 rewritten; Retort does not "
                                      "rewrite SQL").arg(inner.name, k.name.isEmpty() ? QStringLiteral("(unnamed)") : k.name);
        }
        for (const IndexDef &x : std::as_const(model.indexes)) {
            for (qsizetype p = 0; p < x.expressions.size(); ++p) {
                if (x.isExpression.value(p) && references(x.expressions.at(p), inner.name))
                    return QStringLiteral("renaming '%1' would need the expression index %2 rewritten").arg(inner.name, x.name);
            }
        }
        renameEverywhere(inner.name, inner.newName);
        c.name = inner.newName;
        newOrder.replace(newOrder.indexOf(inner.name), inner.newName);
        if (const qsizetype e = existingOrdering.indexOf(inner.name); e >= 0)
            existingOrdering.replace(e, inner.newName);
        for (auto &pair : addColOrdering) {
            if (pair.first == inner.name)
                pair.first = inner.newName;
        }
        transfer.insert(inner.newName, transfer.take(inner.name));
        return std::nullopt;
    }

    Refusal createConstraint(const Operation &inner)
    {
        const ConstraintDef &k = inner.constraints.first();
        if (k.name.isEmpty())
            return QStringLiteral("Constraint must have a name: batch mode can only add named constraints when it "
                                  "rebuilds the table (Alembic raises ValueError here); give it a name");
        if (k.kind == ConstraintDef::Kind::PrimaryKey) {
            for (qsizetype x = model.constraints.size() - 1; x >= 0; --x) {
                if (model.constraints.at(x).kind == ConstraintDef::Kind::PrimaryKey)
                    model.constraints.removeAt(x);
            }
            for (ColumnDef &c : model.columns)
                c.primaryKey = k.columns.contains(c.name);
        }
        model.constraints << k;
        return std::nullopt;
    }

    Refusal dropConstraint(const Operation &inner)
    {
        bool found = false;
        for (qsizetype x = model.constraints.size() - 1; x >= 0; --x) {
            if (model.constraints.at(x).name == inner.name) {
                // A dropped primary key leaves its columns plain, as Alembic's batch unsets primary_key on them.
                if (model.constraints.at(x).kind == ConstraintDef::Kind::PrimaryKey) {
                    for (ColumnDef &c : model.columns) {
                        if (model.constraints.at(x).columns.contains(c.name))
                            c.primaryKey = false;
                    }
                }
                model.constraints.removeAt(x);
                found = true;
            }
        }
        if (!found)
            return compiler.dialect() == Dialect::SQLite
                       ? QStringLiteral("table '%1' has no constraint named '%2'. SQLite stores many constraints without a "
                                        "name (Alembic cannot drop those either); look at the table's CREATE statement")
                             .arg(op.table, inner.name)
                       : QStringLiteral("table '%1' has no constraint named '%2'").arg(op.table, inner.name);
        return std::nullopt;
    }

    Refusal dropIndex(const Operation &inner)
    {
        bool found = false;
        for (qsizetype x = model.indexes.size() - 1; x >= 0; --x) {
            if (model.indexes.at(x).name == inner.name) {
                model.indexes.removeAt(x);
                found = true;
            }
        }
        for (qsizetype x = newIndexes.size() - 1; x >= 0; --x) {
            if (newIndexes.at(x).name == inner.name) {
                newIndexes.removeAt(x);
                found = true;
            }
        }
        if (!found)
            return QStringLiteral("table '%1' has no index named '%2'").arg(op.table, inner.name);
        return std::nullopt;
    }

    // Alembic's order of the rebuilt columns: pairs (col_by_idx[i - 1], existing_ordering[i]) and the
    // added columns' pairs; a column is output in the first round in which none of its predecessors is
    // still waiting, rounds in list order.
    QStringList columnOrder() const
    {
        if (addColOrdering.isEmpty())
            return newOrder;
        QHash<QString, QSet<QString>> parents;
        for (qsizetype k = 1; k < existingOrdering.size() && k < newOrder.size(); ++k) {
            if (newOrder.at(k - 1) != existingOrdering.at(k))
                parents[existingOrdering.at(k)].insert(newOrder.at(k - 1));
        }
        for (const auto &pair : std::as_const(addColOrdering)) {
            if (pair.first != pair.second)
                parents[pair.second].insert(pair.first);
        }
        QStringList todo = newOrder;
        QSet<QString> waiting(newOrder.begin(), newOrder.end());
        QStringList sorted;
        while (!waiting.isEmpty()) {
            QStringList round;
            for (const QString &name : std::as_const(todo)) {
                if (!parents.value(name).intersects(waiting))
                    round << name;
            }
            if (round.isEmpty())   // a cycle cannot happen with these pairs; keep the plain order if it does
                return newOrder;
            for (const QString &name : std::as_const(round))
                waiting.remove(name);
            todo.erase(std::remove_if(todo.begin(), todo.end(), [&](const QString &n) { return !waiting.contains(n); }), todo.end());
            sorted << round;
        }
        return sorted;
    }

    QString tempName() const { return QStringLiteral("_alembic_tmp_") + op.table.left(50 - 13); }

    QList<ColumnDef> orderedColumns() const
    {
        QList<ColumnDef> columns;
        for (const QString &name : columnOrder())
            columns << model.columns.at(columnIndex(name));
        return columns;
    }

    // INSERT INTO the new table SELECT the surviving columns FROM the old one, with a CAST where
    // the type's affinity changes (Alembic's cast_for_batch_migrate).
    Result<SqlStatement> copyStatement(const QString &temp, const QList<ColumnDef> &columns) const
    {
        QStringList into;
        QStringList from;
        for (const ColumnDef &c : columns) {
            if (!transfer.contains(c.name))
                continue;
            into << compiler.quote(c.name);
            const QString source = compiler.quote(op.table) + QLatin1Char('.') + compiler.quote(transfer.value(c.name));
            if (typeChanged.contains(c.name)) {
                const Result<QString> type = compiler.typeSql(c.type);
                if (!type)
                    return compileError(op, type.error().message);
                from << QStringLiteral("CAST(%1 AS %2)").arg(source, *type);
            } else {
                from << source;
            }
        }
        return SqlStatement{QStringLiteral("INSERT INTO %1 (%2) SELECT %3 \nFROM %4")
                                .arg(compiler.quoteTable(temp, op.schema), into.join(QStringLiteral(", ")), from.join(QStringLiteral(", ")),
                                     compiler.quoteTable(op.table, op.schema)),
                            op.line, {}};
    }

    // SQLite: CREATE the new table under a temporary name, copy, drop, rename, and put the indexes back.
    Result<QList<SqlStatement>> statements() const
    {
        if (compiler.dialect() != Dialect::SQLite)
            return serverStatements();
        QList<SqlStatement> out = early;
        const QString temp = tempName();
        const QList<ColumnDef> columns = orderedColumns();
        QStringList items;
        for (const ColumnDef &c : std::as_const(columns)) {
            ColumnDef plain = c;
            plain.primaryKey = false;
            plain.nullable = c.isNullable();
            const Result<QString> spec = compiler.columnSpec(plain, false);
            if (!spec)
                return compileError(op, spec.error().message);
            items << *spec;
        }
        QList<ConstraintDef> constraints = model.constraints;
        bool hasPk = false;
        for (const ConstraintDef &k : std::as_const(constraints))
            hasPk = hasPk || k.kind == ConstraintDef::Kind::PrimaryKey;
        if (!hasPk) {
            QStringList pk;
            for (const ColumnDef &c : std::as_const(columns)) {
                if (c.primaryKey)
                    pk << c.name;
            }
            if (!pk.isEmpty())
                constraints.prepend(ConstraintDef::make(ConstraintDef::Kind::PrimaryKey, {}, pk));
        }
        // A self-referencing foreign key names the table's real name, which the rebuilt table takes.
        QStringList keptChecks;
        for (const ConstraintDef &k : std::as_const(constraints)) {
            items << compiler.constraintSql(k);
            if (k.kind == ConstraintDef::Kind::Check && k.name.isEmpty())
                keptChecks << k.sqltext;
        }
        // Alembic's batch skips the unnamed CHECK constraints it reflects (it cannot tell them from a type's
        // own), so they vanish from the rebuilt table; Retort keeps them, and says where that differs.
        const QString note = keptChecks.isEmpty()
                                 ? QString()
                                 : QStringLiteral("keeps the unnamed CHECK (%1), which Alembic's batch mode drops when it "
                                                  "rebuilds the table").arg(keptChecks.join(QStringLiteral("), (")));
        out << SqlStatement{QStringLiteral("CREATE TABLE %1 (\n\t%2\n)").arg(compiler.quote(temp), items.join(QStringLiteral(", \n\t"))),
                            op.line, note};

        const Result<SqlStatement> copy = copyStatement(temp, columns);
        if (!copy)
            return copy.error();
        out << *copy;
        out << SqlStatement{QStringLiteral("DROP TABLE %1").arg(compiler.quote(op.table)), op.line, {}};
        out << SqlStatement{QStringLiteral("ALTER TABLE %1 RENAME TO %2").arg(compiler.quote(temp), compiler.quote(op.table)), op.line, {}};
        for (const IndexDef &x : std::as_const(model.indexes)) {
            const QString stored = model.indexSql.value(x.name);
            out << SqlStatement{stored.isEmpty() ? compiler.indexSql(x, {}, false) : stored, op.line, {}};
        }
        for (const IndexDef &x : std::as_const(newIndexes))
            out << SqlStatement{compiler.indexSql(x, {}, false), op.line};
        return out;
    }

    // PostgreSQL and MySQL (recreate="always"): Alembic's steps, with three differences a DBA would ask for.
    // - A SERIAL column keeps its sequence. Alembic's copy declares a new SERIAL, whose sequence starts at 1
    //   again, so the next insert collides with a copied id; Retort gives the copy the old default and hands
    //   the sequence over (OWNED BY) before the old table goes. A copy_from table's SERIAL is new, so its
    //   sequence is set past the copied ids.
    // - Foreign keys are added after the rename: MySQL's constraint names are unique per database (Alembic's
    //   copy fails there with errno 121), and a self-referencing key would tie the copy to the old table.
    // - The table's comment stays.
    Result<QList<SqlStatement>> serverStatements() const
    {
        const bool postgres = compiler.dialect() == Dialect::PostgreSQL;
        const QString table = compiler.quoteTable(op.table, op.schema);
        const QString temp = tempName();
        QList<SqlStatement> out = early;
        const auto add = [&](const QString &sql, const QString &note = {}) { out << SqlStatement{sql, op.line, note}; };

        QList<ConstraintDef> constraints;
        QList<ConstraintDef> foreignKeys;
        bool hasPk = false;
        for (const ConstraintDef &k : std::as_const(model.constraints)) {
            hasPk = hasPk || k.kind == ConstraintDef::Kind::PrimaryKey;
            (k.kind == ConstraintDef::Kind::ForeignKey ? foreignKeys : constraints) << k;
        }
        Operation create;
        create.kind = Operation::Kind::CreateTable;
        create.line = op.line;
        create.table = temp;
        create.schema = op.schema;
        create.mysqlOptions = model.tableOptions;
        if (!postgres)
            create.comment = model.comment;
        QStringList pk;
        for (ColumnDef c : orderedColumns()) {
            if (c.primaryKey)
                pk << c.name;
            c.nullable = c.isNullable();
            c.primaryKey = false;
            c.type.createType = false;   // a PostgreSQL enum type the table uses exists already
            if (postgres && model.reflected)
                c.autoincrement = false;   // its SERIAL is the reflected nextval() default
            create.columns << c;
        }
        if (!hasPk && !pk.isEmpty())
            constraints.prepend(ConstraintDef::make(ConstraintDef::Kind::PrimaryKey, {}, pk));
        create.constraints = constraints;

        // PostgreSQL's constraint names are index names too: Alembic drops the old ones first (prep_table_for_batch).
        // Foreign keys go first: a self-referencing one depends on the primary key's index.
        if (postgres) {
            for (const QList<ConstraintDef> *group : {&foreignKeys, &constraints}) {
                for (const ConstraintDef &k : *group) {
                    if (namedBefore.contains(k.name))
                        add(QStringLiteral("ALTER TABLE %1 DROP CONSTRAINT %2").arg(table, compiler.quote(k.name)));
                }
            }
        }
        const Result<QList<SqlStatement>> created = compiler.createTable(create, nullptr);
        if (!created)
            return created;
        out << *created;
        const Result<SqlStatement> copy = copyStatement(temp, create.columns);
        if (!copy)
            return copy.error();
        out << *copy;
        for (const ColumnDef &c : std::as_const(create.columns)) {
            const QString sequence = model.ownedSequences.value(transfer.value(c.name));
            if (!sequence.isEmpty() && c.serverDefault && c.serverDefault->text.contains(sequence))
                add(QStringLiteral("ALTER SEQUENCE %1 OWNED BY %2.%3").arg(sequence, compiler.quoteTable(temp, op.schema), compiler.quote(c.name)),
                    QStringLiteral("keeps the table's sequence; Alembic's copy takes a new SERIAL whose ids restart at 1"));
        }
        add(QStringLiteral("DROP TABLE %1").arg(table));
        add(QStringLiteral("ALTER TABLE %1 RENAME TO %2").arg(compiler.quoteTable(temp, op.schema), compiler.quote(op.table)));
        if (postgres && !model.reflected) {
            const int serial = autoincrementColumn(create.columns, create.constraints);
            if (serial >= 0 && create.columns.at(serial).sequence.isEmpty() && !create.columns.at(serial).identity) {
                const QString column = create.columns.at(serial).name;
                add(QStringLiteral("SELECT setval(pg_get_serial_sequence(%1, %2), COALESCE(MAX(%3), 0) + 1, false) FROM %4")
                        .arg(compiler.literal(table), compiler.literal(column), compiler.quote(column), table),
                    QStringLiteral("moves the new SERIAL past the copied ids, which Alembic's copy leaves at 1"));
            }
        }
        if (postgres && !model.comment.isEmpty())
            add(QStringLiteral("COMMENT ON TABLE %1 IS %2").arg(table, compiler.literal(model.comment)));
        // Indexes first: MySQL then backs a foreign key with the index it had rather than making one.
        for (const IndexDef &x : std::as_const(model.indexes)) {
            const QString stored = model.indexSql.value(x.name);
            add(stored.isEmpty() ? compiler.indexSql(x, op.schema, false) : stored);
        }
        for (const IndexDef &x : std::as_const(newIndexes))
            add(compiler.indexSql(x, op.schema, false));
        for (const ConstraintDef &k : std::as_const(foreignKeys))
            add(QStringLiteral("ALTER TABLE %1 ADD %2").arg(table, compiler.constraintSql(k)),
                postgres ? QStringLiteral("adds the foreign key after the copy, so that a self-referencing one names the new table")
                         : QStringLiteral("adds the foreign key after the copy; Alembic declares it in the copy's CREATE TABLE, which "
                                          "MySQL refuses (key names are unique per database)"));
        return out;
    }
};

namespace {

// batch_alter_table(naming_convention=…): SQLAlchemy names the reflected table's unnamed constraints as
// it attaches them (the primary key too). Alembic's batch skips unnamed reflected CHECK constraints,
// and reflection raises where a template needs %(constraint_name)s of an unnamed one.
std::optional<QString> nameReflected(TableModel *table, const QHash<QString, QString> &templates)
{
    NamingConventionTemplates convention;
    convention.templates = templates;
    convention.isDefault = false;
    bool hasPk = false;
    for (const ConstraintDef &k : std::as_const(table->constraints))
        hasPk = hasPk || k.kind == ConstraintDef::Kind::PrimaryKey;
    if (!hasPk) {
        QStringList pk;
        for (const ColumnDef &c : std::as_const(table->columns)) {
            if (c.primaryKey)
                pk << c.name;
        }
        if (!pk.isEmpty())
            table->constraints.prepend(ConstraintDef::make(ConstraintDef::Kind::PrimaryKey, {}, pk));
    }
    static const char *kinds[] = {"pk", "fk", "uq", "ck"};   // ConstraintDef::Kind's order
    for (ConstraintDef &k : table->constraints) {
        if (!k.name.isEmpty())
            continue;
        ConventionSubject subject{QString::fromLatin1(kinds[int(k.kind)]), {}, k.columns, k.refTable, k.refColumns,
                                  table->name, {}, {}};
        QString problem;
        const std::optional<QString> named = conventionName(subject, convention, &problem);
        if (!problem.isEmpty())
            return QStringLiteral("the batch's naming_convention cannot name a reflected constraint of table '%1': %2 "
                                  "(Alembic fails here too)").arg(table->name, problem);
        if (named)
            k.name = *named;
    }
    return std::nullopt;
}

// batch_alter_table(copy_from=Table(…)): the table as Alembic builds it from that Table instead of
// reflecting it: its columns, the primary key, unique=True and foreign keys of its columns, index=True.
TableModel copiedTable(const Operation &op)
{
    TableModel model;
    model.name = op.table;
    for (ColumnDef c : *op.batchCopyFrom) {
        if (c.unique && !c.index)
            model.constraints << ConstraintDef::make(ConstraintDef::Kind::Unique, c.uniqueName, {c.name});
        for (const ForeignKeyRef &fk : std::as_const(c.foreignKeys))
            model.constraints << foreignKeyOf(c.name, fk);
        if (c.index)
            model.indexes << indexOfColumn(op.table, c);
        c.unique = false;
        c.index = false;
        c.foreignKeys.clear();
        model.columns << c;
    }
    return model;
}

} // namespace

Result<QList<SqlStatement>> DdlCompiler::rebuild(const Operation &op, SchemaOracle *oracle) const
{
    if (op.batchCopyFrom) {
        BatchRebuild rebuild(*this, op, copiedTable(op));
        for (const Operation &inner : op.batch) {
            if (const BatchRebuild::Refusal refused = rebuild.apply(inner))
                return compileError(inner, *refused);
        }
        return rebuild.statements();
    }
    if (!oracle)
        return compileError(op, QStringLiteral("batch mode rebuilds table '%1' from the database, and there is no database "
                                               "here (offline SQL needs copy_from=, or on SQLite a starting point Retort can "
                                               "replay)").arg(op.table));
    Result<TableModel> live = oracle->table(op.table, op.schema);
    if (!live)
        return compileError(op, live.error().message);
    if (!live->problem.isEmpty())
        return compileError(op, live->problem);
    TableModel reflected = *live;
    if (!op.batchNamingConvention.isEmpty()) {
        if (std::optional<QString> refused = nameReflected(&reflected, op.batchNamingConvention))
            return compileError(op, *refused);
    }
    BatchRebuild rebuild(*this, op, std::move(reflected));
    for (const Operation &inner : op.batch) {
        if (const BatchRebuild::Refusal refused = rebuild.apply(inner))
            return compileError(inner, *refused);
    }
    return rebuild.statements();
}

} // namespace retort
