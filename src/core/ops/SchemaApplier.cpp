// Operations applied to an in-memory schema. The names engines give unnamed keys and constraints,
// the indexes they add behind them, and what DROP COLUMN takes with it follow each engine's rules:
//   PostgreSQL  <table>_pkey, <table>_<cols>_key (unique, with its index), <table>_<cols>_fkey;
//               a dropped column takes the indexes and constraints that use it.
//   MySQL       PRIMARY, a unique constraint is an index named after its first column, a foreign key
//               <table>_ibfk_<n> with an index of its own unless one already leads with its columns;
//               a dropped column leaves the indexes that use it with their other columns.
//   SQLite      unnamed unless the revision names them.
#include "ops/SchemaApplier.h"

#include "ops/CatalogSpelling.h"

#include "connection/DbapiError.h"
#include "ops/DdlSupport.h"
#include "sql/SqlScript.h"

#include <QRegularExpression>

#include <algorithm>

namespace retort {

using namespace ddl;

namespace {

Error opError(const Operation &op, const QString &message)
{
    Error e = makeError(message);
    e.line = op.line;
    return e;
}

QString indexKey(const QString &table, const QString &index)
{
    return table.toLower() + QLatin1Char('\x1f') + index.toLower();
}

QString keyOf(const QString &table, const QString &schema)
{
    return schema.isEmpty() ? table : schema + QLatin1Char('.') + table;
}

bool sameName(const QString &a, const QString &b)
{
    // Case folding is one code unit to one here: names of different lengths never match (and most
    // names differ in length, which makes a scan of a large schema cheap).
    return a.size() == b.size() && a.compare(b, Qt::CaseInsensitive) == 0;
}

void renameIn(QStringList *names, const QString &from, const QString &to)
{
    for (QString &n : *names) {
        if (sameName(n, from))
            n = to;
    }
}

bool containsName(const QStringList &names, const QString &name)
{
    return std::any_of(names.cbegin(), names.cend(), [&](const QString &n) { return sameName(n, name); });
}

} // namespace

SchemaApplier::SchemaApplier(Dialect dialect, bool mariadb) : m_compiler(dialect, mariadb), m_mariadb(mariadb) {}

SchemaApplier SchemaApplier::subset(const QStringList &tableNames) const
{
    SchemaApplier out(dialect(), m_mariadb);
    out.m_enums = m_enums;
    out.m_mysqlForeignKeys = m_mysqlForeignKeys;
    out.m_foreignKeyIndexes = m_foreignKeyIndexes;
    QSet<const Table *> taken;
    for (const QString &name : tableNames) {
        const Table *t = const_cast<SchemaApplier *>(this)->find(name, QString());
        if (t && !taken.contains(t)) {
            taken.insert(t);
            out.m_tables << *t;
            ++out.m_foldedNames[t->name.toLower()];
        }
    }
    out.m_positionsValid = false;
    return out;
}

const Table *SchemaApplier::table(const QString &table, const QString &schema) const
{
    return const_cast<SchemaApplier *>(this)->find(table, schema);
}

Table *SchemaApplier::find(const QString &table, const QString &schema)
{
    const QString key = keyOf(table, schema);
    // By name through the positions (rebuilt after a drop or a rename), so a schema of thousands of
    // tables is not scanned for every operation.
    if (!m_positionsValid) {
        m_positions.clear();
        for (int i = 0; i < m_tables.size(); ++i)
            m_positions.insert(m_tables.at(i).name, i);
        m_positionsValid = true;
    }
    if (const auto it = m_positions.constFind(key); it != m_positions.constEnd() && it.value() < m_tables.size()
        && m_tables.at(it.value()).name == key)
        return &m_tables[it.value()];
    // Another spelling of a name the schema has: the scan without case, only when there is one (a
    // table about to be created is looked for first, and a schema may hold thousands).
    if (!m_foldedNames.contains(key.toLower()))
        return nullptr;
    for (Table &t : m_tables) {
        if (sameName(t.name, key))
            return &t;
    }
    return nullptr;
}

void SchemaApplier::forgetName(const QString &name)
{
    const auto it = m_foldedNames.find(name.toLower());
    if (it != m_foldedNames.end() && --it.value() <= 0)
        m_foldedNames.erase(it);
}

Result<Column> SchemaApplier::columnOf(const Operation &op, const ColumnDef &c, bool autoincrement) const
{
    const Dialect d = dialect();
    Column out;
    out.name = c.name;
    out.nullable = c.isNullable();
    out.primaryKey = c.primaryKey;
    out.comment = c.comment;
    const SqlType &type = onDialect(c.type, d);
    if (!c.hasType) {
        // sa.Column('x', sa.ForeignKey('t.id')): the referenced column's type.
        for (const ForeignKeyRef &fk : c.foreignKeys) {
            const QString target = fk.target.section(QLatin1Char('.'), 0, -2);
            const QString column = fk.target.section(QLatin1Char('.'), -1);
            for (const Table &t : m_tables) {
                if (sameName(t.name, target)) {
                    if (const Column *ref = t.column(column))
                        out.type = ref->type;
                }
            }
        }
        if (out.type.isEmpty())
            return opError(op, QStringLiteral("column %1 takes its type from a foreign key whose column is not there").arg(c.name));
    } else if (d == Dialect::PostgreSQL && isNativePgEnum(type)) {
        out.type = type.enumName;
    } else {
        Result<QString> sql = m_compiler.typeSql(type);
        if (!sql)
            return opError(op, QStringLiteral("column %1: %2").arg(c.name, sql.error().message));
        out.type = catalogTypeName(d, *sql, m_mariadb);
    }
    if (c.serverDefault)
        out.defaultValue = catalogDefault(*c.serverDefault, out.type);
    // A sa.Sequence() default keeps SERIAL and AUTO_INCREMENT off, unless it is optional.
    if (autoincrement && d != Dialect::SQLite && (c.sequence.isEmpty() || c.sequenceOptional)) {
        out.autoincrement = true;
        if (d == Dialect::PostgreSQL && !c.identity)
            out.defaultValue = QStringLiteral("nextval('%1_%2_seq'::regclass)").arg(op.table, c.name);
    }
    if (c.identity && d == Dialect::PostgreSQL)
        out.autoincrement = true;
    if (!c.computed.isEmpty())
        out.defaultValue = d == Dialect::PostgreSQL ? c.computed : QString();   // PostgreSQL reports the expression
    return out;
}

void SchemaApplier::jsonCheck(Table &t, const ColumnDef &c) const
{
    // MariaDB's JSON is LONGTEXT with a CHECK named after the column.
    if (m_mariadb && c.hasType && onDialect(c.type, dialect()).name.compare(QLatin1String("JSON"), Qt::CaseInsensitive) == 0)
        t.checkConstraints << CheckConstraint{c.name, QStringLiteral("json_valid(`%1`)").arg(c.name)};
}

QString SchemaApplier::catalogDefault(const ServerDefault &d, const QString &columnType) const
{
    const QString sql = m_compiler.defaultSql(d);
    static const QRegularExpression quoted(QStringLiteral("^'(?:[^']|'')*'$"));
    const bool literal = d.kind == ServerDefault::Kind::Literal || (d.kind == ServerDefault::Kind::Text && quoted.match(sql).hasMatch());
    const QString text = d.kind == ServerDefault::Kind::Literal ? d.text
                       : literal ? sql.mid(1, sql.size() - 2).replace(QLatin1String("''"), QLatin1String("'")) : QString();
    if (dialect() == Dialect::MySQL) {
        // MariaDB gives defaults back as expressions: numbers unquoted, booleans as 0 and 1.
        if (d.kind == ServerDefault::Kind::True || d.kind == ServerDefault::Kind::False)
            return d.kind == ServerDefault::Kind::True ? QStringLiteral("1") : QStringLiteral("0");
        if (d.kind == ServerDefault::Kind::Function && (d.text.compare(QLatin1String("now"), Qt::CaseInsensitive) == 0
                                                        || d.text.compare(QLatin1String("current_timestamp"), Qt::CaseInsensitive) == 0))
            return m_mariadb ? QStringLiteral("current_timestamp()") : QStringLiteral("CURRENT_TIMESTAMP");
        static const QRegularExpression number(QStringLiteral("^-?[0-9]+(\\.[0-9]+)?$"));
        static const QRegularExpression numericType(QStringLiteral("^(tinyint|smallint|mediumint|int|bigint|float|double|decimal)"));
        if (literal && numericType.match(columnType).hasMatch() && number.match(text).hasMatch())
            return text;
        static const QRegularExpression now(QStringLiteral("^(current_timestamp|now)(\\(\\s*([0-9]*)\\s*\\))?$"), QRegularExpression::CaseInsensitiveOption);
        if (const QRegularExpressionMatch m = now.match(sql); m_mariadb && m.hasMatch())
            return QStringLiteral("current_timestamp(%1)").arg(m.captured(3));
        return sql;
    }
    if (dialect() != Dialect::PostgreSQL || !literal)
        return sql;

    // pg_get_expr() writes a constant with its type, except integers, booleans and numbers in a
    // plain numeric; the type without its length.
    static const QRegularExpression digits(QStringLiteral("^[0-9]+$"));
    if (columnType == QLatin1String("integer") && digits.match(text).hasMatch())
        return text;
    if (columnType == QLatin1String("boolean"))
        return text.startsWith(QLatin1Char('t'), Qt::CaseInsensitive) || text == QLatin1String("1") ? QStringLiteral("true")
                                                                                                       : QStringLiteral("false");
    QString type = columnType;
    if (type.startsWith(QLatin1String("numeric")))
        type = QStringLiteral("numeric");
    if (type.startsWith(QLatin1String("character varying")))
        type = QStringLiteral("character varying");
    else if (type.startsWith(QLatin1String("character")))
        type = QStringLiteral("bpchar");
    return sql + QStringLiteral("::") + type;
}

QString SchemaApplier::uniqueName(const Table &t, const QStringList &columns) const
{
    const Dialect d = dialect();
    if (d == Dialect::SQLite)
        return {};
    if (d == Dialect::PostgreSQL)
        return QStringLiteral("%1_%2_key").arg(t.name.section(QLatin1Char('.'), -1), columns.join(QLatin1Char('_')));
    // MySQL: the first column's name, then _2, _3 … while taken.
    const auto taken = [&](const QString &name) {
        return std::any_of(t.indexes.cbegin(), t.indexes.cend(), [&](const Index &i) { return sameName(i.name, name); });
    };
    QString name = columns.value(0);
    for (int n = 2; taken(name); ++n)
        name = QStringLiteral("%1_%2").arg(columns.value(0)).arg(n);
    return name;
}

QString SchemaApplier::foreignKeyName(const Table &t, const ConstraintDef &k) const
{
    if (!k.name.isEmpty())
        return k.name;
    if (dialect() == Dialect::PostgreSQL)
        return QStringLiteral("%1_%2_fkey").arg(t.name.section(QLatin1Char('.'), -1), k.columns.join(QLatin1Char('_')));
    return {};
}

void SchemaApplier::addIndex(Table &t, const IndexDef &index)
{
    Index i;
    i.name = index.name;
    i.unique = index.unique;
    for (int n = 0; n < index.expressions.size(); ++n) {
        const bool expression = index.isExpression.value(n, false);
        i.columns << (expression ? QString() : index.expressions.at(n));
        i.expressions << (expression ? index.expressions.at(n) : QString());
    }
    addIndex(t, i);
    if (dialect() == Dialect::MySQL && i.unique)
        t.uniqueConstraints << UniqueConstraint{i.name, i.columns};
}

void SchemaApplier::addIndex(Table &t, const Index &index)
{
    if (dialect() == Dialect::MySQL) {
        // InnoDB drops the index it made for a foreign key once another index leads with its columns.
        t.indexes.removeIf([&](const Index &old) {
            if (!m_foreignKeyIndexes.contains(indexKey(t.name, old.name)) || old.columns.size() > index.columns.size())
                return false;
            for (int n = 0; n < old.columns.size(); ++n) {
                if (!sameName(old.columns.at(n), index.columns.at(n)))
                    return false;
            }
            m_foreignKeyIndexes.remove(indexKey(t.name, old.name));
            return true;
        });
    }
    t.indexes << index;
}

Status SchemaApplier::addConstraint(Table &t, const Operation &op, const ConstraintDef &k)
{
    const Dialect d = dialect();
    for (const QString &c : k.columns) {
        if (!t.column(c) && !std::any_of(t.columns.cbegin(), t.columns.cend(), [&](const Column &x) { return sameName(x.name, c); }))
            return opError(op, QStringLiteral("table %1 has no column %2").arg(t.name, c));
    }
    switch (k.kind) {
    case ConstraintDef::Kind::PrimaryKey:
        t.primaryKeyColumns = k.columns;
        t.primaryKeyName = d == Dialect::PostgreSQL ? (k.name.isEmpty() ? t.name.section(QLatin1Char('.'), -1) + QStringLiteral("_pkey") : k.name)
                         : d == Dialect::MySQL ? QStringLiteral("PRIMARY") : k.name;
        for (Column &c : t.columns) {
            if (containsName(k.columns, c.name)) {
                c.primaryKey = true;
                c.nullable = false;
            }
        }
        return Status();
    case ConstraintDef::Kind::ForeignKey: {
        ForeignKey f;
        f.name = foreignKeyName(t, k);
        if (d == Dialect::MySQL && f.name.isEmpty())
            f.name = QStringLiteral("%1_ibfk_%2").arg(t.name).arg(++m_mysqlForeignKeys[t.name.toLower()]);
        f.columns = k.columns;
        QString refTable = k.refTable;
        f.referredSchema = k.refSchema;
        if (refTable.contains(QLatin1Char('.')) && f.referredSchema.isEmpty()) {
            f.referredSchema = refTable.section(QLatin1Char('.'), 0, -2);
            refTable = refTable.section(QLatin1Char('.'), -1);
        }
        f.referredTable = refTable;
        f.referredColumns = k.refColumns;
        f.onDelete = k.ondelete.toUpper();
        f.onUpdate = k.onupdate.toUpper();
        t.foreignKeys << f;
        if (d == Dialect::MySQL) {
            // InnoDB indexes a foreign key's columns unless an index (or the primary key) leads with them.
            const auto leads = [&](const QStringList &columns) {
                if (columns.size() < k.columns.size())
                    return false;
                for (int n = 0; n < k.columns.size(); ++n) {
                    if (!sameName(columns.at(n), k.columns.at(n)))
                        return false;
                }
                return true;
            };
            bool covered = leads(t.primaryKeyColumns);
            for (const Index &i : std::as_const(t.indexes))
                covered = covered || leads(i.columns);
            if (!covered) {
                // Named after the constraint when the revision names it, else after its first column.
                Index i;
                i.name = k.name.isEmpty() ? uniqueName(t, {k.columns.value(0)}) : k.name;
                i.columns = k.columns;
                i.expressions = QStringList(k.columns.size(), QString());
                t.indexes << i;
                m_foreignKeyIndexes.insert(indexKey(t.name, i.name));
            }
        }
        return Status();
    }
    case ConstraintDef::Kind::Unique: {
        UniqueConstraint u;
        u.name = k.name.isEmpty() ? uniqueName(t, k.columns) : k.name;
        u.columns = k.columns;
        t.uniqueConstraints << u;
        if (d != Dialect::SQLite) {
            // MySQL keeps one object for both (its catalog cannot tell them apart).
            Index i;
            i.name = u.name;
            i.columns = k.columns;
            i.expressions = QStringList(k.columns.size(), QString());
            i.unique = true;
            i.backsConstraint = d == Dialect::PostgreSQL;
            addIndex(t, i);
        }
        return Status();
    }
    case ConstraintDef::Kind::Check:
        t.checkConstraints << CheckConstraint{k.name, k.sqltext};
        return Status();
    }
    return Status();
}

Status SchemaApplier::createTable(const Operation &op)
{
    if (find(op.table, op.schema)) {
        if (op.ifNotExists)
            return Status();
        return engineError(op, Failure::DuplicateTable, keyOf(op.table, op.schema));
    }
    const Dialect d = dialect();
    Table t;
    t.name = keyOf(op.table, op.schema);
    t.comment = op.comment;
    const int autoinc = autoincrementColumn(op.columns, op.constraints);
    for (int i = 0; i < op.columns.size(); ++i) {
        const ColumnDef &c = op.columns.at(i);
        Result<Column> column = columnOf(op, c, i == autoinc);
        if (!column)
            return column.error();
        t.columns << *column;
        jsonCheck(t, c);
        if (d == Dialect::PostgreSQL && c.hasType && isNativePgEnum(onDialect(c.type, d))) {
            const SqlType &e = onDialect(c.type, d);
            if (std::none_of(m_enums.cbegin(), m_enums.cend(), [&](const EnumType &x) { return x.name == e.enumName; }))
                m_enums << EnumType{e.enumName, e.enumValues};
        }
    }
    const QList<ConstraintDef> constraints = m_compiler.tableConstraints(op);
    const QList<IndexDef> indexes = DdlCompiler::tableIndexes(op);
    // Explicit indexes come after the table, so MySQL's foreign keys get their own index first.
    for (const ConstraintDef &k : std::as_const(constraints)) {
        if (Status s = addConstraint(t, op, k); !s)
            return s;
    }
    for (const IndexDef &i : std::as_const(indexes))
        addIndex(t, i);
    m_tables << t;
    ++m_foldedNames[t.name.toLower()];
    if (m_positionsValid)
        m_positions.insert(t.name, int(m_tables.size()) - 1);
    return Status();
}

Status SchemaApplier::addColumn(Table &t, const Operation &op, const ColumnDef &c)
{
    if (std::any_of(t.columns.cbegin(), t.columns.cend(), [&](const Column &x) { return sameName(x.name, c.name); })) {
        if (op.ifNotExists)
            return Status();
        return engineError(op, Failure::DuplicateColumn, c.name, t.name);
    }
    Result<Column> column = columnOf(op, c, false);
    if (!column)
        return column.error();
    t.columns << *column;
    jsonCheck(t, c);
    if (c.primaryKey) {
        t.primaryKeyColumns << c.name;
        if (dialect() == Dialect::MySQL)
            t.primaryKeyName = QStringLiteral("PRIMARY");
    }
    if (c.unique && !c.index) {
        if (Status s = addConstraint(t, op, ConstraintDef::make(ConstraintDef::Kind::Unique, c.uniqueName, {c.name})); !s)
            return s;
    }
    if (std::optional<ConstraintDef> check = m_compiler.typeCheck(c))
        t.checkConstraints << CheckConstraint{check->name, check->sqltext};
    for (const ForeignKeyRef &fk : c.foreignKeys) {
        if (Status s = addConstraint(t, op, foreignKeyOf(c.name, fk)); !s)
            return s;
    }
    return Status();
}

Status SchemaApplier::alterColumn(Table &t, const Operation &op)
{
    Column *column = nullptr;
    for (Column &c : t.columns) {
        if (sameName(c.name, op.name))
            column = &c;
    }
    if (!column)
        return engineError(op, Failure::MissingColumn, op.name, t.name);
    if (op.nullable)
        column->nullable = *op.nullable;
    if (op.type) {
        ColumnDef def;
        def.name = column->name;
        def.type = *op.type;
        Result<Column> typed = columnOf(op, def, false);
        if (!typed)
            return typed.error();
        column->type = typed->type;
        if (dialect() == Dialect::PostgreSQL && isNativePgEnum(onDialect(*op.type, dialect()))) {
            const SqlType &e = onDialect(*op.type, dialect());
            if (std::none_of(m_enums.cbegin(), m_enums.cend(), [&](const EnumType &x) { return x.name == e.enumName; }))
                m_enums << EnumType{e.enumName, e.enumValues};
        }
    }
    if (op.serverDefault)
        column->defaultValue = *op.serverDefault ? catalogDefault(**op.serverDefault, column->type) : QString();
    if (op.columnComment)
        column->comment = *op.columnComment;
    if (!op.newName.isEmpty() && op.newName != column->name) {
        const QString from = column->name;
        column->name = op.newName;
        renameIn(&t.primaryKeyColumns, from, op.newName);
        for (Index &i : t.indexes) {
            renameIn(&i.columns, from, op.newName);
            for (QString &e : i.expressions)
                e.replace(QRegularExpression(QStringLiteral("\\b%1\\b").arg(QRegularExpression::escape(from))), op.newName);
        }
        for (ForeignKey &f : t.foreignKeys)
            renameIn(&f.columns, from, op.newName);
        for (UniqueConstraint &u : t.uniqueConstraints)
            renameIn(&u.columns, from, op.newName);
        for (Table &other : m_tables) {
            for (ForeignKey &f : other.foreignKeys) {
                if (sameName(f.referredTable, t.name))
                    renameIn(&f.referredColumns, from, op.newName);
            }
        }
    }
    return Status();
}

void SchemaApplier::dropColumnEverywhere(Table &t, const QString &column)
{
    t.columns.removeIf([&](const Column &c) { return sameName(c.name, column); });
    if (containsName(t.primaryKeyColumns, column)) {
        t.primaryKeyColumns.clear();
        t.primaryKeyName.clear();
    }
    t.foreignKeys.removeIf([&](const ForeignKey &f) { return containsName(f.columns, column); });
    t.checkConstraints.removeIf([&](const CheckConstraint &c) {
        return c.sqltext.contains(QRegularExpression(QStringLiteral("\\b%1\\b").arg(QRegularExpression::escape(column)),
                                                     QRegularExpression::CaseInsensitiveOption));
    });
    if (dialect() == Dialect::MySQL) {
        // MySQL takes the column out of its indexes and drops an index only when it has none left.
        for (Index &i : t.indexes) {
            for (qsizetype n = i.columns.size() - 1; n >= 0; --n) {
                if (sameName(i.columns.at(n), column)) {
                    i.columns.removeAt(n);
                    i.expressions.removeAt(n);
                }
            }
        }
        t.indexes.removeIf([](const Index &i) { return i.columns.isEmpty(); });
        for (UniqueConstraint &u : t.uniqueConstraints) {
            for (qsizetype n = u.columns.size() - 1; n >= 0; --n) {
                if (sameName(u.columns.at(n), column))
                    u.columns.removeAt(n);
            }
        }
        t.uniqueConstraints.removeIf([](const UniqueConstraint &u) { return u.columns.isEmpty(); });
        return;
    }
    t.indexes.removeIf([&](const Index &i) { return containsName(i.columns, column); });
    t.uniqueConstraints.removeIf([&](const UniqueConstraint &u) { return containsName(u.columns, column); });
}

Status SchemaApplier::dropConstraint(const Operation &op, Table *t)
{
    if (!t)
        return engineError(op, Failure::MissingTable, keyOf(op.table, op.schema));
    const QString &name = op.name;
    const qsizetype before = t->foreignKeys.size() + t->uniqueConstraints.size() + t->checkConstraints.size();
    t->foreignKeys.removeIf([&](const ForeignKey &f) { return sameName(f.name, name); });
    t->uniqueConstraints.removeIf([&](const UniqueConstraint &u) { return sameName(u.name, name); });
    t->checkConstraints.removeIf([&](const CheckConstraint &c) { return sameName(c.name, name); });
    const qsizetype after = t->foreignKeys.size() + t->uniqueConstraints.size() + t->checkConstraints.size();
    // A unique constraint's index goes with it; MySQL keeps a foreign key's index.
    const bool removedUnique = t->indexes.removeIf([&](const Index &i) {
        return (i.backsConstraint || (dialect() == Dialect::MySQL && i.unique)) && sameName(i.name, name);
    }) > 0;
    if (after < before || removedUnique)
        return Status();
    if (op.constraintType == ConstraintType::Primary || sameName(t->primaryKeyName, name)
        || (dialect() == Dialect::MySQL && sameName(name, QStringLiteral("PRIMARY")))) {
        for (Column &c : t->columns)
            c.primaryKey = false;
        t->primaryKeyColumns.clear();
        t->primaryKeyName.clear();
        return Status();
    }
    if (op.ifExists)
        return Status();
    return opError(op, QStringLiteral("table %1 has no constraint %2").arg(t->name, name));
}

Status SchemaApplier::executeText(const Operation &op, const QString &statement)
{
    const sql::StatementKind kind = sql::classifyStatement(statement, dialect());
    if (kind == sql::StatementKind::Query || kind == sql::StatementKind::DataChange)
        return Status();
    const QString text = statement.simplified();
    // A new or renamed enum value (PostgreSQL has no other way to change an enum type).
    static const QRegularExpression addValue(QStringLiteral("^ALTER\\s+TYPE\\s+\"?([A-Za-z0-9_]+)\"?\\s+ADD\\s+VALUE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?'((?:[^']|'')*)'"
                                                            "(?:\\s+(BEFORE|AFTER)\\s+'((?:[^']|'')*)')?\\s*$"),
                                             QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression renameValue(QStringLiteral("^ALTER\\s+TYPE\\s+\"?([A-Za-z0-9_]+)\"?\\s+RENAME\\s+VALUE\\s+'((?:[^']|'')*)'\\s+TO\\s+'((?:[^']|'')*)'\\s*$"),
                                                QRegularExpression::CaseInsensitiveOption);
    if (dialect() == Dialect::PostgreSQL) {
        const auto unquote = [](QString v) { return v.replace(QLatin1String("''"), QLatin1String("'")); };
        if (const QRegularExpressionMatch m = addValue.match(text); m.hasMatch()) {
            for (EnumType &e : m_enums) {
                if (e.name != m.captured(1))
                    continue;
                const QString value = unquote(m.captured(2));
                if (e.values.contains(value))
                    return Status();
                qsizetype at = e.values.size();
                if (!m.captured(3).isEmpty()) {
                    const qsizetype other = e.values.indexOf(unquote(m.captured(4)));
                    if (other >= 0)
                        at = m.captured(3).compare(QLatin1String("BEFORE"), Qt::CaseInsensitive) == 0 ? other : other + 1;
                }
                e.values.insert(at, value);
                return Status();
            }
        }
        if (const QRegularExpressionMatch m = renameValue.match(text); m.hasMatch()) {
            for (EnumType &e : m_enums) {
                if (e.name == m.captured(1) && e.values.contains(unquote(m.captured(2)))) {
                    e.values.replace(e.values.indexOf(unquote(m.captured(2))), unquote(m.captured(3)));
                    return Status();
                }
            }
        }
    }
    // Statements that leave tables, columns, keys and indexes as they are.
    static const QRegularExpression harmless(QStringLiteral("^(CREATE\\s+(OR\\s+REPLACE\\s+)?(EXTENSION|SEQUENCE|FUNCTION|PROCEDURE|SCHEMA)|"
                                                            "DROP\\s+(EXTENSION|SEQUENCE|FUNCTION|PROCEDURE)|ALTER\\s+SEQUENCE|GRANT|REVOKE|"
                                                            "VACUUM|ANALYZE|SET|RESET|BEGIN|COMMIT|START\\s+TRANSACTION|PRAGMA\\s+foreign_keys)\\b"),
                                             QRegularExpression::CaseInsensitiveOption);
    if (harmless.match(text).hasMatch())
        return Status();
    return opError(op, QStringLiteral("op.execute() runs SQL whose effect on the schema is not computed without a database: %1")
                           .arg(text.left(80)));
}

Error SchemaApplier::engineError(const Operation &op, Failure failure, const QString &name, const QString &table)
{
    // The error the engine would raise, with its code and the text its driver gives (what a revision's
    // except clause tests), so that try blocks decide as they do when the revision runs. Per failure:
    // SQLite, PostgreSQL, MySQL; %1 the name, %2 the table.
    struct Refusal
    {
        const char *code;
        const char *text;
    };
    static const Refusal refusals[][3] = {   // in the order of Failure
        {{"1", "duplicate column name: %1"}, {"42701", "column \"%1\" of relation \"%2\" already exists"},
         {"1060", "Duplicate column name '%1'"}},
        {{"1", "table %1 already exists"}, {"42P07", "relation \"%1\" already exists"}, {"1050", "Table '%1' already exists"}},
        {{"1", "index %1 already exists"}, {"42P07", "relation \"%1\" already exists"}, {"1061", "Duplicate key name '%1'"}},
        {{"1", "no such table: %1"}, {"42P01", "relation \"%1\" does not exist"}, {"1146", "Table '%1' doesn't exist"}},
        {{"1", "no such column: \"%1\""}, {"42703", "column \"%1\" of relation \"%2\" does not exist"},
         {"1091", "Can't DROP COLUMN `%1`; check that it exists"}},
        {{"1", "no such index: %1"}, {"42704", "index \"%1\" does not exist"}, {"1091", "Can't DROP INDEX `%1`; check that it exists"}},
    };
    const Refusal &r = refusals[int(failure)][dialect() == Dialect::SQLite ? 0 : dialect() == Dialect::PostgreSQL ? 1 : 2];
    QString text = QString::fromLatin1(r.text).replace(QLatin1String("%1"), name).replace(QLatin1String("%2"), table);
    m_failure = EngineFailure{QString::fromLatin1(r.code), text};
    return opError(op, QStringLiteral("the database would refuse it: %1").arg(text));
}

Status SchemaApplier::apply(const OperationList &ops)
{
    const TryHandler *skipping = nullptr;
    for (const Operation &op : ops) {
        if (skipping && op.tryHandler.get() == skipping)
            continue;   // the rest of a try block whose failure its except clause caught
        skipping = nullptr;
        m_failure.reset();
        Status s = apply(op);
        if (s)
            continue;
        if (op.tryHandler && m_failure) {
            const TryHandler::Clause *clause = op.tryHandler->catching(dbapiErrorClass(dialect(), m_failure->code));
            QStringList printed;
            if (clause && !TryHandler::handle(*clause, m_failure->text, &printed)) {
                skipping = op.tryHandler.get();
                continue;
            }
        }
        return s;
    }
    return Status();
}

Status SchemaApplier::apply(const Operation &op)
{
    if (!op.runsOn(dialectKey(dialect())))
        return Status();
    using K = Operation::Kind;
    if (op.kind == K::CreateTable)
        return createTable(op);
    if (op.kind == K::Execute) {
        if (op.statement || op.ddl)
            return Status();   // rows, sequences and schemas: no table changes
        for (const sql::StatementSpan &span : sql::splitStatements(op.sql, dialect())) {
            if (Status s = executeText(op, span.text); !s)
                return s;
        }
        return Status();
    }
    if (op.kind == K::BulkInsert || op.kind == K::Message)
        return Status();
    if (op.kind == K::DropIndex && op.table.isEmpty()) {
        for (Table &t : m_tables) {
            if (t.indexes.removeIf([&](const Index &i) { return sameName(i.name, op.name); }) > 0)
                return Status();
        }
        return op.ifExists ? Status() : engineError(op, Failure::MissingIndex, op.name);
    }
    Table *t = find(op.table, op.schema);
    if (!t) {
        if (op.ifExists)
            return Status();
        return engineError(op, Failure::MissingTable, keyOf(op.table, op.schema));
    }
    switch (op.kind) {
    case K::DropTable: {
        const QString name = t->name;
        m_tables.removeIf([&](const Table &x) { return x.name == name; });
        forgetName(name);
        m_positionsValid = false;   // the tables after it moved up
        if (dialect() == Dialect::PostgreSQL) {
            // Retort drops the enum types only this table used (DdlCompiler does, Alembic leaves them).
            m_enums.removeIf([&](const EnumType &e) {
                return std::none_of(m_tables.cbegin(), m_tables.cend(), [&](const Table &x) {
                    return std::any_of(x.columns.cbegin(), x.columns.cend(), [&](const Column &c) { return c.type == e.name; });
                });
            });
        }
        return Status();
    }
    case K::RenameTable: {
        const QString from = t->name;
        const QString to = keyOf(op.newName, op.schema);
        t->name = to;
        forgetName(from);
        ++m_foldedNames[to.toLower()];
        m_positionsValid = false;
        for (Table &other : m_tables) {
            for (ForeignKey &f : other.foreignKeys) {
                if (sameName(f.referredTable, from))
                    f.referredTable = op.newName;
            }
        }
        return Status();
    }
    case K::AddColumn:
        return addColumn(*t, op, op.columns.first());
    case K::DropColumn:
        if (!std::any_of(t->columns.cbegin(), t->columns.cend(), [&](const Column &c) { return sameName(c.name, op.name); }))
            return op.ifExists ? Status() : engineError(op, Failure::MissingColumn, op.name, t->name);
        dropColumnEverywhere(*t, op.name);
        return Status();
    case K::AlterColumn:
        return alterColumn(*t, op);
    case K::CreateIndex: {
        IndexDef index = op.indexes.first();
        if (std::any_of(t->indexes.cbegin(), t->indexes.cend(), [&](const Index &i) { return sameName(i.name, index.name); }))
            return op.ifNotExists ? Status() : engineError(op, Failure::DuplicateIndex, index.name, t->name);
        addIndex(*t, index);
        return Status();
    }
    case K::DropIndex:
        if (t->indexes.removeIf([&](const Index &i) { return sameName(i.name, op.name); }) == 0 && !op.ifExists)
            return engineError(op, Failure::MissingIndex, op.name, t->name);
        if (dialect() == Dialect::MySQL)
            t->uniqueConstraints.removeIf([&](const UniqueConstraint &u) { return sameName(u.name, op.name); });
        return Status();
    case K::CreateConstraint:
        return addConstraint(*t, op, op.constraints.first());
    case K::DropConstraint:
        return dropConstraint(op, t);
    case K::CreateTableComment:
        t->comment = op.comment;
        return Status();
    case K::DropTableComment:
        t->comment.clear();
        return Status();
    case K::Batch: {
        OperationList inner = op.batch;
        for (Operation &o : inner) {
            o.table = op.table;
            o.schema = op.schema;
            if (o.kind == K::CreateIndex && !o.indexes.isEmpty())
                o.indexes.first().table = op.table;
        }
        if (Status s = apply(inner); !s)
            return s;
        // PostgreSQL, rebuilt by Alembic's move and copy: the copy was made as _alembic_tmp_<table>, so a
        // SERIAL column's sequence carries that name.
        if (dialect() == Dialect::PostgreSQL && op.recreate == BatchRecreate::Always) {
            if (Table *rebuilt = find(op.table, op.schema)) {
                const QString from = QStringLiteral("nextval('%1_").arg(op.table);
                for (Column &c : rebuilt->columns) {
                    if (c.defaultValue.startsWith(from))
                        c.defaultValue.replace(0, from.size(), QStringLiteral("nextval('_alembic_tmp_%1_").arg(op.table));
                }
            }
        }
        return Status();
    }
    case K::CreateTable:
    case K::Execute:
    case K::BulkInsert:
    case K::Message:
        break;
    }
    return Status();
}

Schema SchemaApplier::schema() const
{
    Schema out;
    out.tables = m_tables;
    std::sort(out.tables.begin(), out.tables.end(), [](const Table &a, const Table &b) { return a.name < b.name; });
    const auto byName = [](const auto &a, const auto &b) { return a.name < b.name; };
    for (Table &t : out.tables) {
        std::stable_sort(t.indexes.begin(), t.indexes.end(), byName);
        std::stable_sort(t.foreignKeys.begin(), t.foreignKeys.end(), byName);
        std::stable_sort(t.uniqueConstraints.begin(), t.uniqueConstraints.end(), byName);
        std::stable_sort(t.checkConstraints.begin(), t.checkConstraints.end(), byName);
        for (Column &c : t.columns)
            c.primaryKey = containsName(t.primaryKeyColumns, c.name);
        if (m_mariadb) {
            // MariaDB keeps a CHECK with the table's column names in backquotes.
            for (CheckConstraint &k : t.checkConstraints)
                k.sqltext = backquoteColumns(k.sqltext, t);
        }
    }
    out.enums = m_enums;
    std::sort(out.enums.begin(), out.enums.end(), [](const EnumType &a, const EnumType &b) { return a.name < b.name; });
    return out;
}

} // namespace retort
