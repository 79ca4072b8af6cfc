// Catalog queries per dialect: one per kind of object (tables, columns, constraints, indexes, …),
// each covering the whole schema, grouped by table here.
#include "schema/SchemaReader.h"

#include "sql/SqlDefinition.h"
#include "sql/Identifiers.h"

#include <QHash>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QSqlRecord>

#include <algorithm>
#include <numeric>

namespace retort {

namespace {

bool toBool(const QVariant &v)
{
    // Drivers report booleans as bool, int or "t"/"f" strings depending on the engine.
    if (v.typeId() == QMetaType::QString)
        return v.toString() == QLatin1String("t") || v.toString() == QLatin1String("1")
               || v.toString().compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
    return v.toInt() != 0 || v.toBool();
}

} // namespace

// ---- full introspection --------------------------------------------------------------------

namespace {

class Introspector
{
public:
    Introspector(const Connection &connection, const IntrospectionOptions &options, int steps)
        : m_connection(connection), m_options(options), m_steps(steps)
    {
    }

    // Runs one catalog query and hands each row to row(); the error names what was being read. After
    // the first error (or a cancel) the later queries do nothing: status() reports that first error.
    void query(const QString &what, const QString &sql, const std::function<void(const QSqlQuery &)> &row)
    {
        if (m_status)
            m_status = run(what, sql, row);
    }
    const Status &status() const { return m_status; }

    bool cancelled() const { return m_options.cancelled && m_options.cancelled(); }

private:
    Status run(const QString &what, const QString &sql, const std::function<void(const QSqlQuery &)> &row)
    {
        if (m_options.progress)
            m_options.progress(m_done, m_steps, what);
        ++m_done;
        if (cancelled())
            return makeError(QStringLiteral("Reading the schema was cancelled."));
        QSqlQuery q(m_connection.database());
        q.setForwardOnly(true);
        if (!q.exec(sql))
            return m_connection.queryError(QStringLiteral("Could not read the %1").arg(what), q.lastError(), sql);
        int rows = 0;
        while (q.next()) {
            row(q);
            if (++rows % 4096 == 0 && cancelled())
                return makeError(QStringLiteral("Reading the schema was cancelled."));
        }
        if (q.lastError().isValid())
            return m_connection.queryError(QStringLiteral("Reading the %1 failed").arg(what), q.lastError(), sql);
        return Status();
    }


    const Connection &m_connection;
    const IntrospectionOptions &m_options;
    int m_steps;
    int m_done = 0;
    Status m_status;
};

QString str(const QSqlQuery &q, int i)
{
    const QVariant v = q.value(i);
    return v.isNull() ? QString() : v.toString();
}

// Tables by name, filled in catalog order and sorted at the end.
struct TableSet
{
    QList<Table> tables;
    QHash<QString, qsizetype> index;

    Table *get(const QString &name)
    {
        const auto it = index.constFind(name);
        return it == index.constEnd() ? nullptr : &tables[*it];
    }
    Table *add(const QString &name)
    {
        if (Table *t = get(name))
            return t;
        Table t;
        t.name = name;
        index.insert(name, tables.size());
        tables.append(t);
        return &tables.last();
    }
    QList<Table> sorted() &&
    {
        std::sort(tables.begin(), tables.end(), [](const Table &a, const Table &b) { return a.name < b.name; });
        return std::move(tables);
    }
};

// One row of a constraint query: a key column of a primary key, foreign key or unique constraint.
// Rows of one constraint come together, in key order; first says a new constraint starts.
struct KeyRow
{
    enum class Kind { PrimaryKey, ForeignKey, Unique, Other };
    Kind kind = Kind::Other;
    QString name;
    bool first = false;
    QString column;
    ForeignKey foreignKey;     ///< kind ForeignKey and first: the constraint without columns
    QString referredColumn;
};

void addKeyRow(Table *t, const KeyRow &row)
{
    switch (row.kind) {
    case KeyRow::Kind::PrimaryKey:
        t->primaryKeyColumns << row.column;
        for (Column &c : t->columns) {
            if (c.name == row.column)
                c.primaryKey = true;
        }
        return;
    case KeyRow::Kind::ForeignKey:
        if (row.first)
            t->foreignKeys.append(row.foreignKey);
        t->foreignKeys.last().columns << row.column;
        t->foreignKeys.last().referredColumns << row.referredColumn;
        return;
    case KeyRow::Kind::Unique:
        if (row.first)
            t->uniqueConstraints.append(UniqueConstraint{row.name, {}});
        t->uniqueConstraints.last().columns << row.column;
        return;
    case KeyRow::Kind::Other:
        return;
    }
}

QString pgAction(const QString &code)
{
    if (code == QLatin1String("c")) return QStringLiteral("CASCADE");
    if (code == QLatin1String("n")) return QStringLiteral("SET NULL");
    if (code == QLatin1String("d")) return QStringLiteral("SET DEFAULT");
    if (code == QLatin1String("r")) return QStringLiteral("RESTRICT");
    return {};   // a: NO ACTION, the default
}

// "CHECK ((x > 0))" -> "(x > 0)", as SQLAlchemy's inspector gives it.
QString pgCheckText(const QString &definition)
{
    static const QRegularExpression re(QStringLiteral("^CHECK *\\((.+)\\)( NOT VALID)?$"), QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch m = re.match(definition);
    return m.hasMatch() ? m.captured(1) : definition;
}

// format_type()'s text for the built-in types the columns query leaves to the client.
QString pgTypeName(uint oid, int typmod)
{
    switch (oid) {
    case 16: return QStringLiteral("boolean");
    case 17: return QStringLiteral("bytea");
    case 20: return QStringLiteral("bigint");
    case 21: return QStringLiteral("smallint");
    case 23: return QStringLiteral("integer");
    case 25: return QStringLiteral("text");
    case 700: return QStringLiteral("real");
    case 701: return QStringLiteral("double precision");
    case 1082: return QStringLiteral("date");
    case 1083: return QStringLiteral("time without time zone");
    case 1114: return QStringLiteral("timestamp without time zone");
    case 1184: return QStringLiteral("timestamp with time zone");
    case 1042: return typmod < 0 ? QStringLiteral("bpchar") : QStringLiteral("character(%1)").arg(typmod - 4);
    case 1043: return typmod < 0 ? QStringLiteral("character varying") : QStringLiteral("character varying(%1)").arg(typmod - 4);
    case 1700:
        if (typmod < 0)
            return QStringLiteral("numeric");
        return QStringLiteral("numeric(%1,%2)").arg(((typmod - 4) >> 16) & 0xffff).arg((typmod - 4) & 0xffff);
    default: return {};
    }
}

Result<Schema> introspectPostgres(const Connection &connection, const IntrospectionOptions &options)
{
    Introspector in(connection, options, 5);
    const QString ns = options.schema.isEmpty() ? QStringLiteral("current_schema()") : sqlStringLiteral(Dialect::PostgreSQL, options.schema);
    Schema schema;
    TableSet tables;
    in.query(QStringLiteral("tables"),
        QStringLiteral("SELECT c.relname, c.relkind, ds.description, n.nspname "
                       "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                       "LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = c.oid "
                       "  AND ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ds.objsubid = 0 "
                       "WHERE n.nspname = %1 AND c.relkind IN ('r', 'p', 'v', 'm') ORDER BY c.relname").arg(ns),
        [&](const QSqlQuery &q) {
            schema.name = str(q, 3);
            const QString kind = str(q, 1);
            if (kind == QLatin1String("v") || kind == QLatin1String("m")) {
                schema.views << str(q, 0);
                return;
            }
            tables.add(str(q, 0))->comment = str(q, 2);
        });
    in.query(QStringLiteral("enum types"),
        QStringLiteral("SELECT t.typname, e.enumlabel FROM pg_catalog.pg_type t "
                       "JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid "
                       "JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
                       "WHERE n.nspname = %1 ORDER BY t.typname, e.enumsortorder").arg(ns),
        [&](const QSqlQuery &q) {
            if (schema.enums.isEmpty() || schema.enums.last().name != str(q, 0))
                schema.enums.append(EnumType{str(q, 0), {}});
            schema.enums.last().values << str(q, 1);
        });
    QHash<QString, QHash<int, QString>> attributeNames;   // table -> attnum -> column, for the index keys
    // format_type() is the costliest call of the reading: the common types are named here instead.
    in.query(QStringLiteral("columns"),
        QStringLiteral("SELECT c.relname, a.attname, a.atttypid, a.atttypmod, "
                       "CASE WHEN a.atttypid IN (16, 17, 20, 21, 23, 25, 700, 701, 1042, 1043, 1082, 1700) "
                       "  OR (a.atttypid IN (1083, 1114, 1184) AND a.atttypmod = -1) THEN NULL "
                       "  ELSE pg_catalog.format_type(a.atttypid, a.atttypmod) END, "
                       "a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attidentity, ds.description, a.attnum "
                       "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                       "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
                       "LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum "
                       "LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = c.oid "
                       "  AND ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ds.objsubid = a.attnum "
                       "WHERE n.nspname = %1 AND c.relkind IN ('r', 'p') ORDER BY c.relname, a.attnum").arg(ns),
        [&](const QSqlQuery &q) {
            Table *t = tables.add(str(q, 0));
            Column c;
            c.name = str(q, 1);
            c.type = q.value(4).isNull() ? pgTypeName(q.value(2).toUInt(), q.value(3).toInt()) : str(q, 4);
            c.nullable = !toBool(q.value(5));
            c.defaultValue = str(q, 6);
            const QString identity = str(q, 7);
            c.autoincrement = !identity.isEmpty() || c.defaultValue.startsWith(QLatin1String("nextval("));
            c.comment = str(q, 8);
            attributeNames[t->name].insert(q.value(9).toInt(), c.name);
            t->columns.append(c);
        });
    // One row per constraint column, in key order.
    QString lastKey;
    in.query(QStringLiteral("constraints"),
        QStringLiteral("SELECT c.relname, con.conname, con.contype, a.attname, fn.nspname, fc.relname, fa.attname, "
                       "con.confdeltype, con.confupdtype, "
                       "CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_constraintdef(con.oid, true) END, n.nspname "
                       "FROM pg_catalog.pg_constraint con "
                       "JOIN pg_catalog.pg_class c ON c.oid = con.conrelid "
                       "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                       "LEFT JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, i) ON true "
                       "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum "
                       "LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid "
                       "LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace "
                       "LEFT JOIN pg_catalog.pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = con.confkey[k.i] "
                       "WHERE n.nspname = %1 AND con.contype IN ('p', 'f', 'u', 'c') AND c.relkind IN ('r', 'p') "
                       "ORDER BY c.relname, con.conname, k.i").arg(ns),
        [&](const QSqlQuery &q) {
            Table *t = tables.get(str(q, 0));
            if (!t)
                return;
            const QString name = str(q, 1);
            const QString type = str(q, 2);
            const QString key = str(q, 0) + QLatin1Char('\x1f') + name;
            const bool first = key != lastKey;
            lastKey = key;
            KeyRow row;
            row.name = name;
            row.first = first;
            row.column = str(q, 3);
            if (type == QLatin1String("p")) {
                t->primaryKeyName = name;
                row.kind = KeyRow::Kind::PrimaryKey;
            } else if (type == QLatin1String("f")) {
                row.kind = KeyRow::Kind::ForeignKey;
                row.foreignKey = ForeignKey{name, {}, str(q, 4) == str(q, 10) ? QString() : str(q, 4), str(q, 5), {},
                                            pgAction(str(q, 7)), pgAction(str(q, 8))};
                row.referredColumn = str(q, 6);
            } else if (type == QLatin1String("u")) {
                row.kind = KeyRow::Kind::Unique;
            }
            addKeyRow(t, row);
            if (type == QLatin1String("c") && first) {                t->checkConstraints.append(CheckConstraint{name, pgCheckText(str(q, 9))});
            }
        });
    lastKey.clear();
    // One row per index; key columns by attnum (names from the columns query), expression parts
    // from the index definition, which only expression indexes need.
    in.query(QStringLiteral("indexes"),
        QStringLiteral("SELECT t.relname, i.relname, ix.indisunique, ix.indkey::text, "
                       "CASE WHEN ix.indexprs IS NOT NULL THEN pg_catalog.pg_get_indexdef(ix.indexrelid) END, "
                       "bc.conindid IS NOT NULL, ix.indnkeyatts "
                       "FROM pg_catalog.pg_index ix "
                       "JOIN pg_catalog.pg_class t ON t.oid = ix.indrelid "
                       "JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid "
                       "JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace "
                       "LEFT JOIN (SELECT DISTINCT conindid FROM pg_catalog.pg_constraint WHERE contype IN ('u', 'p', 'x')) bc "
                       "  ON bc.conindid = ix.indexrelid "
                       "WHERE n.nspname = %1 AND NOT ix.indisprimary AND t.relkind IN ('r', 'p') "
                       "ORDER BY t.relname, i.relname").arg(ns),
        [&](const QSqlQuery &q) {
            Table *t = tables.get(str(q, 0));
            if (!t)
                return;
            Index index;
            index.name = str(q, 1);
            index.unique = toBool(q.value(2));
            index.backsConstraint = toBool(q.value(5));
            const QStringList keys = str(q, 3).split(QLatin1Char(' '), Qt::SkipEmptyParts);
            const int keyCount = q.value(6).toInt();
            QStringList parts;
            if (!q.value(4).isNull()) {
                // "CREATE INDEX ix ON public.t USING btree (lower(name), id)": the items of the last list
                const QString def = str(q, 4);
                const qsizetype using_ = def.indexOf(QLatin1String(" USING "));
                const qsizetype open = def.indexOf(QLatin1Char('('), using_ < 0 ? 0 : using_);
                if (open >= 0)
                    parts = sqldef::definitionItems(QStringLiteral("x (") + sqldef::balanced(def, open) + QLatin1Char(')'));
            }
            const QHash<int, QString> &names = attributeNames[t->name];
            for (int k = 0; k < keyCount && k < keys.size(); ++k) {
                const int attnum = keys.at(k).toInt();
                index.columns << (attnum > 0 ? names.value(attnum) : QString());
                index.expressions << (attnum > 0 ? QString() : parts.value(k));
            }
            t->indexes.append(index);
        });
    if (schema.name.isEmpty())
        schema.name = options.schema;
    if (!in.status())
        return in.status().error();
    schema.tables = std::move(tables).sorted();
    return schema;
}

// Rows of a catalog query ordered by table, name and the numeric position in column positionAt.
void sortRows(std::vector<QStringList> *rows, int positionAt)
{
    std::sort(rows->begin(), rows->end(), [positionAt](const QStringList &a, const QStringList &b) {
        if (a.at(0) != b.at(0))
            return a.at(0) < b.at(0);
        if (a.at(1) != b.at(1))
            return a.at(1) < b.at(1);
        return a.at(positionAt).toInt() < b.at(positionAt).toInt();
    });
}

QString mysqlAction(const QString &rule)
{
    // RESTRICT and NO ACTION are the same, and the default, in InnoDB; SHOW CREATE TABLE omits them.
    return rule == QLatin1String("RESTRICT") || rule == QLatin1String("NO ACTION") ? QString() : rule;
}

Result<Schema> introspectMysql(const Connection &connection, const IntrospectionOptions &options)
{
    Introspector in(connection, options, 6);
    const QString db = options.schema.isEmpty() ? QStringLiteral("DATABASE()") : sqlStringLiteral(Dialect::MySQL, options.schema);
    Schema schema;
    TableSet tables;
    in.query(QStringLiteral("tables"),
        QStringLiteral("SELECT TABLE_NAME, TABLE_TYPE, TABLE_COMMENT, TABLE_SCHEMA FROM information_schema.TABLES "
                       "WHERE TABLE_SCHEMA = %1 ORDER BY TABLE_NAME").arg(db),
        [&](const QSqlQuery &q) {
            schema.name = str(q, 3);
            if (str(q, 1) == QLatin1String("VIEW") || str(q, 1) == QLatin1String("SYSTEM VIEW")) {
                schema.views << str(q, 0);
                return;
            }
            if (str(q, 1) == QLatin1String("SEQUENCE"))
                return;   // MariaDB lists a sequence as a table; SQLAlchemy's inspector leaves it out
            tables.add(str(q, 0))->comment = str(q, 2);
        });
    QHash<QString, QVector<int>> ordinals;
    in.query(QStringLiteral("columns"),
        // No ORDER BY here or below: sorting 100,000 catalog rows costs MariaDB more than reading them;
        // the rows are put in order here.
        QStringLiteral("SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, COLUMN_KEY, EXTRA, "
                       "COLUMN_COMMENT, ORDINAL_POSITION FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = %1").arg(db),
        [&](const QSqlQuery &q) {
            Table *t = tables.get(str(q, 0));
            if (!t)
                return;
            Column c;
            c.name = str(q, 1);
            c.type = str(q, 2);
            c.nullable = str(q, 3) == QLatin1String("YES");
            c.defaultValue = str(q, 4);
            if (c.defaultValue == QLatin1String("NULL"))
                c.defaultValue.clear();   // MariaDB spells "no default" on a nullable column as NULL
            c.autoincrement = str(q, 6).contains(QLatin1String("auto_increment"), Qt::CaseInsensitive);
            c.comment = str(q, 7);
            t->columns.append(c);
            ordinals[t->name] << q.value(8).toInt();
        });
    for (Table &t : tables.tables) {
        const QVector<int> &order = ordinals[t.name];
        if (std::is_sorted(order.begin(), order.end()))
            continue;
        QVector<int> index(order.size());
        std::iota(index.begin(), index.end(), 0);
        std::sort(index.begin(), index.end(), [&](int a, int b) { return order[a] < order[b]; });
        QList<Column> sorted;
        for (int i : std::as_const(index))
            sorted << t.columns.at(i);
        t.columns = sorted;
    }
    // The foreign keys' rules first, joined to the key columns here: a join of information_schema
    // views is evaluated table by table on MariaDB (34 s on 5,000 tables). The constraint type follows
    // from the key columns themselves (PRIMARY; a referenced table; else UNIQUE), which saves reading
    // TABLE_CONSTRAINTS, another pass over every table.
    QHash<QString, std::pair<QString, QString>> rules;     // table \x1f name -> (delete, update)
    in.query(QStringLiteral("foreign key rules"),
        QStringLiteral("SELECT TABLE_NAME, CONSTRAINT_NAME, DELETE_RULE, UPDATE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS "
                       "WHERE CONSTRAINT_SCHEMA = %1").arg(db),
        [&](const QSqlQuery &q) { rules.insert(str(q, 0) + QLatin1Char('\x1f') + str(q, 1), {str(q, 2), str(q, 3)}); });
    std::vector<QStringList> keyRows;
    in.query(QStringLiteral("constraints"),
        QStringLiteral("SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, "
                       "REFERENCED_COLUMN_NAME, ORDINAL_POSITION FROM information_schema.KEY_COLUMN_USAGE "
                       "WHERE TABLE_SCHEMA = %1").arg(db),
        [&](const QSqlQuery &q) {
            keyRows.push_back({str(q, 0), str(q, 1), str(q, 2), str(q, 3), str(q, 4), str(q, 5), str(q, 6)});
        });
    sortRows(&keyRows, 6);
    QString lastKey;
    for (const QStringList &r : keyRows) {
        Table *t = tables.get(r.at(0));
        if (!t)
            continue;
        const QString &name = r.at(1);
        const QString key = r.at(0) + QLatin1Char('\x1f') + name;
        const bool first = key != lastKey;
        lastKey = key;
        KeyRow row;
        row.name = name;
        row.first = first;
        row.column = r.at(2);
        if (name == QLatin1String("PRIMARY")) {
            row.kind = KeyRow::Kind::PrimaryKey;
        } else if (!r.at(4).isEmpty()) {
            row.kind = KeyRow::Kind::ForeignKey;
            const auto rule = rules.value(key);
            row.foreignKey = ForeignKey{name, {}, r.at(3) == schema.name ? QString() : r.at(3), r.at(4), {},
                                        mysqlAction(rule.first), mysqlAction(rule.second)};
            row.referredColumn = r.at(5);
        } else {
            row.kind = KeyRow::Kind::Unique;
        }
        addKeyRow(t, row);
    }
    // CHECK constraints: MariaDB lists column-level ones (named after the column) and table-level ones.
    in.query(QStringLiteral("check constraints"),
        QStringLiteral("SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "
                       "WHERE CONSTRAINT_SCHEMA = %1 ORDER BY TABLE_NAME, CONSTRAINT_NAME").arg(db),
        [&](const QSqlQuery &q) {
            if (Table *t = tables.get(str(q, 0)))
                t->checkConstraints.append(CheckConstraint{str(q, 1), str(q, 2)});
        });
    std::vector<QStringList> indexRows;
    in.query(QStringLiteral("indexes"),
        QStringLiteral("SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SEQ_IN_INDEX FROM information_schema.STATISTICS "
                       "WHERE TABLE_SCHEMA = %1 AND INDEX_NAME <> 'PRIMARY'").arg(db),
        [&](const QSqlQuery &q) { indexRows.push_back({str(q, 0), str(q, 1), str(q, 2), str(q, 3), str(q, 4)}); });
    sortRows(&indexRows, 4);
    lastKey.clear();
    for (const QStringList &r : indexRows) {
        Table *t = tables.get(r.at(0));
        if (!t)
            continue;
        const QString key = r.at(0) + QLatin1Char('\x1f') + r.at(1);
        if (key != lastKey) {
            Index index;
            index.name = r.at(1);
            // MySQL keeps one object for both: a UNIQUE constraint is a unique index of the same
            // name. It is listed as both, as SQLAlchemy's inspector lists it.
            index.unique = r.at(2) == QLatin1String("0");
            t->indexes.append(index);
        }
        lastKey = key;
        t->indexes.last().columns << r.at(3);
        t->indexes.last().expressions << QString();
    }

    if (!in.status())
        return in.status().error();
    schema.tables = std::move(tables).sorted();
    return schema;
}

// SQLite keeps constraint names and CHECK conditions only in the CREATE TABLE text; this walks its
// top-level items the way SQLAlchemy's SQLite dialect does.
using sqldef::balanced;
using sqldef::unquote;

void readSqliteDefinition(Table *t)
{
    static const QRegularExpression constraintName(QStringLiteral("^CONSTRAINT\\s+(\"[^\"]+\"|`[^`]+`|\\[[^\\]]+\\]|\\S+)\\s+"),
                                                   QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression fk(QStringLiteral("^FOREIGN\\s+KEY\\s*\\(([^)]*)\\)\\s*REFERENCES\\s+(\"[^\"]+\"|`[^`]+`|\\S+?)\\s*\\(([^)]*)\\)"),
                                       QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression unique(QStringLiteral("^UNIQUE\\s*\\(([^)]*)\\)"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression check(QStringLiteral("^CHECK\\s*\\("), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression inlineCheck(QStringLiteral("(?:CONSTRAINT\\s+(\"[^\"]+\"|\\S+)\\s+)?CHECK\\s*\\("),
                                                QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression inlineUnique(QStringLiteral("\\bUNIQUE\\b"), QRegularExpression::CaseInsensitiveOption);
    QList<UniqueConstraint> uniques;
    const auto startsWith = [](const QString &text, const char *word) {
        return text.startsWith(QLatin1String(word), Qt::CaseInsensitive);
    };
    for (QString part : sqldef::definitionItems(t->definition)) {
        QString name;
        bool named = false;
        if (startsWith(part, "CONSTRAINT")) {
            const QRegularExpressionMatch n = constraintName.match(part);
            if (n.hasMatch()) {
                named = true;
                name = unquote(n.captured(1));
                part = part.mid(n.capturedEnd());
            }
        }
        if (startsWith(part, "FOREIGN")) {
            if (const QRegularExpressionMatch f = fk.match(part); f.hasMatch()) {
                const QStringList columns = sqldef::columnList(f.captured(1));
                for (ForeignKey &key : t->foreignKeys) {
                    if (key.columns == columns && key.referredTable.compare(unquote(f.captured(2)), Qt::CaseInsensitive) == 0
                        && key.name.isEmpty())
                        key.name = name;
                }
            }
        } else if (startsWith(part, "UNIQUE")) {
            if (const QRegularExpressionMatch u = unique.match(part); u.hasMatch())
                uniques.append(UniqueConstraint{name, sqldef::columnList(u.captured(1))});
        } else if (startsWith(part, "CHECK") && check.match(part).hasMatch()) {
            t->checkConstraints.append(CheckConstraint{name, balanced(part, part.indexOf(QLatin1Char('('))).trimmed()});
        } else if (!named && !startsWith(part, "PRIMARY")) {
            // a column definition: inline CHECK and UNIQUE (the keyword tests first: most columns have neither)
            if (part.contains(QLatin1String("CHECK"), Qt::CaseInsensitive)) {
                for (QRegularExpressionMatchIterator it = inlineCheck.globalMatch(part); it.hasNext();) {
                    const QRegularExpressionMatch c = it.next();
                    t->checkConstraints.append(CheckConstraint{unquote(c.captured(1)),
                                                               balanced(part, c.capturedEnd() - 1).trimmed()});
                }
            }
            if (part.contains(QLatin1String("UNIQUE"), Qt::CaseInsensitive) && inlineUnique.match(part).hasMatch()) {
                qsizetype end = 0;
                while (end < part.size() && !part.at(end).isSpace())
                    ++end;
                uniques.append(UniqueConstraint{QString(), {unquote(part.left(end))}});
            }
        }
    }
    t->uniqueConstraints = uniques;
}

Result<Schema> introspectSqlite(const Connection &connection, const IntrospectionOptions &options)
{
    Introspector in(connection, options, 4);
    const QString db = options.schema.isEmpty() ? QStringLiteral("main") : options.schema;
    const QString master = QStringLiteral("\"%1\".sqlite_schema").arg(QString(db).replace(QLatin1Char('"'), QLatin1String("\"\"")));
    const QString pragmaSchema = sqlStringLiteral(Dialect::SQLite, db);
    Schema schema;
    schema.name = db;
    TableSet tables;
    in.query(QStringLiteral("tables"),
        QStringLiteral("SELECT name, type, sql FROM %1 WHERE type IN ('table', 'view') "
                       "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").arg(master),
        [&](const QSqlQuery &q) {
            if (str(q, 1) == QLatin1String("view")) {
                schema.views << str(q, 0);
                return;
            }
            tables.add(str(q, 0))->definition = str(q, 2);
        });
    in.query(QStringLiteral("columns"),
        QStringLiteral("SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk FROM %1 AS m "
                       "JOIN pragma_table_info(m.name, %2) AS p WHERE m.type = 'table' "
                       "AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").arg(master, pragmaSchema),   // rows come in cid order
        [&](const QSqlQuery &q) {
            Table *t = tables.get(str(q, 0));
            if (!t)
                return;
            Column c;
            c.name = str(q, 1);
            c.type = str(q, 2);
            c.nullable = !toBool(q.value(3));
            c.defaultValue = str(q, 4);
            const int pk = q.value(5).toInt();
            c.primaryKey = pk > 0;
            if (pk > 0) {
                while (t->primaryKeyColumns.size() < pk)
                    t->primaryKeyColumns << QString();
                t->primaryKeyColumns[pk - 1] = c.name;
            }
            t->columns.append(c);
        });
    QString lastKey;
    in.query(QStringLiteral("foreign keys"),
        QStringLiteral("SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_delete, f.on_update FROM %1 AS m "
                       "JOIN pragma_foreign_key_list(m.name, %2) AS f WHERE m.type = 'table' "
                       "ORDER BY m.name, f.id, f.seq").arg(master, pragmaSchema),
        [&](const QSqlQuery &q) {
            Table *t = tables.get(str(q, 0));
            if (!t)
                return;
            const QString key = str(q, 0) + QLatin1Char('\x1f') + str(q, 1);
            if (key != lastKey) {
                ForeignKey fk;
                fk.referredTable = str(q, 2);
                fk.onDelete = str(q, 5) == QLatin1String("NO ACTION") ? QString() : str(q, 5);
                fk.onUpdate = str(q, 6) == QLatin1String("NO ACTION") ? QString() : str(q, 6);
                t->foreignKeys.append(fk);
            }
            lastKey = key;
            t->foreignKeys.last().columns << str(q, 3);
            t->foreignKeys.last().referredColumns << str(q, 4);
        });
    lastKey.clear();
    in.query(QStringLiteral("indexes"),
        QStringLiteral("SELECT m.name, il.name, il.\"unique\", il.origin, ii.name FROM %1 AS m "
                       "JOIN pragma_index_list(m.name, %2) AS il JOIN pragma_index_xinfo(il.name, %2) AS ii "
                       "WHERE m.type = 'table' AND ii.key = 1").arg(master, pragmaSchema),   // each index's rows in seqno order
        [&](const QSqlQuery &q) {
            Table *t = tables.get(str(q, 0));
            if (!t || str(q, 3) == QLatin1String("pk"))
                return;
            const QString key = str(q, 0) + QLatin1Char('\x1f') + str(q, 1);
            if (key != lastKey) {
                Index index;
                index.name = str(q, 1);
                index.unique = toBool(q.value(2));
                index.backsConstraint = str(q, 3) == QLatin1String("u");
                t->indexes.append(index);
            }
            lastKey = key;
            t->indexes.last().columns << str(q, 4);
            t->indexes.last().expressions << QString();
        });
    if (!in.status())
        return in.status().error();
    schema.tables = std::move(tables).sorted();
    for (Table &t : schema.tables) {
        readSqliteDefinition(&t);
        // INTEGER PRIMARY KEY is the rowid: never NULL, and assigned by SQLite.
        if (t.primaryKeyColumns.size() == 1) {
            for (Column &c : t.columns) {
                if (c.primaryKey && c.type.compare(QLatin1String("INTEGER"), Qt::CaseInsensitive) == 0) {
                    c.nullable = false;
                    c.autoincrement = true;
                }
            }
        }
    }
    return schema;
}

} // namespace

Result<Schema> introspectSchema(const Connection &connection, const IntrospectionOptions &options)
{
    switch (connection.dialect()) {
    case Dialect::SQLite: return introspectSqlite(connection, options);
    case Dialect::PostgreSQL: return introspectPostgres(connection, options);
    case Dialect::MySQL: return introspectMysql(connection, options);
    }
    return makeError(QStringLiteral("Unknown database engine."));
}

} // namespace retort
