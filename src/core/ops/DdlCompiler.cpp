// SQL text per dialect. Statement shapes, clause order and spacing follow SQLAlchemy 1.4's DDL
// compiler and Alembic 1.8's ddl/*.py, checked against their offline output by the tests; the
// CREATE TABLE layout keeps SQLAlchemy's "\n\t" item separators (the offline writer turns tabs into
// four spaces, as Alembic does).
#include "ops/DdlCompiler.h"

#include "sql/Identifiers.h"

#include <QLocale>
#include <QRegularExpression>

namespace retort {

namespace {

Error compileError(const Operation &op, const QString &message)
{
    Error e = makeError(message);
    e.line = op.line;
    return e;
}

bool isIntegerType(const SqlType &t)
{
    static const QSet<QString> names = {QStringLiteral("Integer"), QStringLiteral("BigInteger"), QStringLiteral("SmallInteger"),
                                        QStringLiteral("INTEGER"), QStringLiteral("INT"), QStringLiteral("BIGINT"),
                                        QStringLiteral("SMALLINT"), QStringLiteral("TINYINT"), QStringLiteral("MEDIUMINT")};
    if (t.module == QLatin1String("raw"))
        return t.name.compare(QLatin1String("INTEGER"), Qt::CaseInsensitive) == 0;
    return names.contains(t.name);
}

bool isDateTimeType(const SqlType &t)
{
    return t.name == QLatin1String("DateTime") || t.name == QLatin1String("DATETIME") || t.name == QLatin1String("TIMESTAMP");
}

bool isEnum(const SqlType &t)
{
    return t.name == QLatin1String("Enum") || t.name == QLatin1String("ENUM");
}

// A PostgreSQL enum type Retort must create for this type (native Enum with a name).
bool isNativePgEnum(const SqlType &t)
{
    if (!isEnum(t) || t.module == QLatin1String("mysql"))
        return false;
    return t.nativeEnum && t.createType && !t.enumName.isEmpty();
}

ConstraintDef foreignKeyOf(const QString &column, const ForeignKeyRef &fk)
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

} // namespace

// The CHECK a Boolean or non-native Enum column carries with create_constraint=True.
std::optional<ConstraintDef> DdlCompiler::typeCheck(const ColumnDef &c) const
{
    const SqlType &t = c.type;
    if (!t.createConstraint || !t.module.isEmpty())
        return std::nullopt;
    ConstraintDef k;
    k.kind = ConstraintDef::Kind::Check;
    k.name = t.enumName;
    if (t.name == QLatin1String("Boolean")) {
        if (m_dialect == Dialect::PostgreSQL)
            return std::nullopt;   // a native boolean needs no check
        k.sqltext = QStringLiteral("%1 IN (0, 1)").arg(quote(c.name));
        return k;
    }
    if (t.name == QLatin1String("Enum")) {
        if (t.nativeEnum && m_dialect != Dialect::SQLite)
            return std::nullopt;   // the native type restricts the values
        QStringList values;
        for (const QString &v : t.enumValues)
            values << literal(v);
        k.sqltext = QStringLiteral("%1 IN (%2)").arg(quote(c.name), values.join(QStringLiteral(", ")));
        return k;
    }
    return std::nullopt;
}

DdlCompiler::DdlCompiler(Dialect dialect, bool mariadb) : m_dialect(dialect), m_mariadb(mariadb) {}

QString DdlCompiler::quote(const QString &identifier) const
{
    return quoteIdentifier(m_dialect, identifier, m_mariadb);
}

QString DdlCompiler::quoteTable(const QString &table, const QString &schema) const
{
    return quoteQualified(m_dialect, table, schema, m_mariadb);
}

QString DdlCompiler::literal(const QString &text) const
{
    return sqlStringLiteral(m_dialect, text);
}

Result<QString> DdlCompiler::typeSql(const SqlType &t) const
{
    const bool pg = m_dialect == Dialect::PostgreSQL;
    const bool my = m_dialect == Dialect::MySQL;
    const auto withLength = [&](const QString &base) {
        return t.length ? QStringLiteral("%1(%2)").arg(base).arg(*t.length) : base;
    };
    const auto numeric = [&](const QString &base) {
        if (t.precision && t.scale)
            return QStringLiteral("%1(%2, %3)").arg(base).arg(*t.precision).arg(*t.scale);
        if (t.precision)
            return QStringLiteral("%1(%2)").arg(base).arg(*t.precision);
        return base;
    };
    const QString &n = t.name;
    if (t.module == QLatin1String("raw"))
        return n;

    if (t.module == QLatin1String("postgresql")) {
        if (n == QLatin1String("ARRAY")) {
            if (!pg)
                return makeError(QStringLiteral("postgresql.ARRAY cannot be stored in %1").arg(dialectDisplayName(m_dialect)));
            const Result<QString> item = typeSql(t.itemType.front());
            if (!item)
                return item;
            return *item + QStringLiteral("[]");
        }
        if (n == QLatin1String("ENUM")) {
            if (pg)
                return quote(t.enumName);
        } else if (n == QLatin1String("TIMESTAMP") || n == QLatin1String("TIME")) {
            if (pg) {
                const QString precision = t.fsp ? QStringLiteral("(%1)").arg(*t.fsp) : QString();
                return n + precision + (t.timezone ? QStringLiteral(" WITH TIME ZONE") : QStringLiteral(" WITHOUT TIME ZONE"));
            }
            return n;
        } else if (n == QLatin1String("DOUBLE_PRECISION")) {
            if (pg)
                return QStringLiteral("DOUBLE PRECISION");
        } else if (n == QLatin1String("BYTEA") && pg) {
            return n;
        } else if (QSet<QString>{QStringLiteral("UUID"), QStringLiteral("JSONB"), QStringLiteral("INET"), QStringLiteral("CIDR"),
                                 QStringLiteral("INTERVAL"), QStringLiteral("MONEY"), QStringLiteral("TSVECTOR"),
                                 QStringLiteral("BYTEA")}.contains(n)) {
            if (pg)
                return n;
            return makeError(QStringLiteral("postgresql.%1 cannot be stored in %2 (SQLAlchemy cannot render it either)")
                                 .arg(n, dialectDisplayName(m_dialect)));
        }
        // the generic uppercase names fall through
    }
    if (t.module == QLatin1String("mysql")) {
        const QString unsignedSuffix = t.isUnsigned && my ? QStringLiteral(" UNSIGNED") : QString();
        if (QSet<QString>{QStringLiteral("INTEGER"), QStringLiteral("SMALLINT"), QStringLiteral("BIGINT")}.contains(n))
            return (my ? withLength(n) : n) + unsignedSuffix;
        if (n == QLatin1String("TINYINT") || n == QLatin1String("MEDIUMINT")) {
            if (my)
                return withLength(n) + unsignedSuffix;
        } else if (n == QLatin1String("DATETIME") || n == QLatin1String("TIMESTAMP") || n == QLatin1String("TIME")) {
            if (my)
                return t.fsp ? QStringLiteral("%1(%2)").arg(n).arg(*t.fsp) : n;
            if (n == QLatin1String("TIME") || n == QLatin1String("TIMESTAMP"))
                return pg ? n + QStringLiteral(" WITHOUT TIME ZONE") : n;
            return n;
        } else if (n == QLatin1String("ENUM")) {
            if (my) {
                QStringList values;
                for (const QString &v : t.enumValues)
                    values << literal(v);
                return QStringLiteral("ENUM(%1)").arg(values.join(QLatin1Char(',')));
            }
        } else if (n == QLatin1String("DOUBLE") || n == QLatin1String("FLOAT") || n == QLatin1String("DECIMAL")
                   || n == QLatin1String("NUMERIC")) {
            if (my || n == QLatin1String("DECIMAL") || n == QLatin1String("NUMERIC"))
                return numeric(n);
        } else if (n == QLatin1String("BIT")) {
            if (my)
                return withLength(n);
        } else if (QSet<QString>{QStringLiteral("TINYTEXT"), QStringLiteral("MEDIUMTEXT"), QStringLiteral("LONGTEXT"),
                                 QStringLiteral("LONGBLOB"), QStringLiteral("MEDIUMBLOB"), QStringLiteral("YEAR")}.contains(n)) {
            if (my)
                return n;
        }
        if (!QSet<QString>{QStringLiteral("VARCHAR"), QStringLiteral("CHAR"), QStringLiteral("TEXT"), QStringLiteral("DATE"),
                           QStringLiteral("BLOB"), QStringLiteral("JSON")}.contains(n))
            return makeError(QStringLiteral("mysql.%1 cannot be stored in %2 (SQLAlchemy cannot render it either)")
                                 .arg(n, dialectDisplayName(m_dialect)));
    }

    if (n == QLatin1String("Integer") || n == QLatin1String("INTEGER") || n == QLatin1String("INT"))
        return QStringLiteral("INTEGER");
    if (n == QLatin1String("BigInteger") || n == QLatin1String("BIGINT"))
        return QStringLiteral("BIGINT");
    if (n == QLatin1String("SmallInteger") || n == QLatin1String("SMALLINT"))
        return QStringLiteral("SMALLINT");
    if (n == QLatin1String("String") || n == QLatin1String("Unicode") || n == QLatin1String("VARCHAR")) {
        if (my && !t.length)
            return makeError(QStringLiteral("VARCHAR requires a length on MySQL (SQLAlchemy refuses it too); give String a length"));
        return withLength(QStringLiteral("VARCHAR"));
    }
    if (n == QLatin1String("NVARCHAR") || n == QLatin1String("NCHAR"))
        return withLength(my ? QStringLiteral("NATIONAL ") + n.mid(1) : n);
    if (n == QLatin1String("CHAR"))
        return withLength(n);
    if (n == QLatin1String("Text") || n == QLatin1String("UnicodeText") || n == QLatin1String("TEXT"))
        return withLength(QStringLiteral("TEXT"));
    if (n == QLatin1String("CLOB"))
        return withLength(n);
    if (n == QLatin1String("Boolean") || n == QLatin1String("BOOLEAN"))
        return my ? QStringLiteral("BOOL") : QStringLiteral("BOOLEAN");
    if (n == QLatin1String("DateTime"))
        return pg ? (t.timezone ? QStringLiteral("TIMESTAMP WITH TIME ZONE") : QStringLiteral("TIMESTAMP WITHOUT TIME ZONE"))
                  : QStringLiteral("DATETIME");
    if (n == QLatin1String("DATETIME"))
        return n;
    if (n == QLatin1String("TIMESTAMP"))
        return pg ? (t.timezone ? QStringLiteral("TIMESTAMP WITH TIME ZONE") : QStringLiteral("TIMESTAMP WITHOUT TIME ZONE")) : n;
    if (n == QLatin1String("Date") || n == QLatin1String("DATE"))
        return QStringLiteral("DATE");
    if (n == QLatin1String("Time") || n == QLatin1String("TIME"))
        return pg ? (t.timezone ? QStringLiteral("TIME WITH TIME ZONE") : QStringLiteral("TIME WITHOUT TIME ZONE"))
                  : QStringLiteral("TIME");
    if (n == QLatin1String("Interval"))
        return pg ? QStringLiteral("INTERVAL") : QStringLiteral("DATETIME");
    if (n == QLatin1String("Numeric") || n == QLatin1String("NUMERIC"))
        return numeric(QStringLiteral("NUMERIC"));
    if (n == QLatin1String("DECIMAL"))
        return numeric(n);
    if (n == QLatin1String("Float") || n == QLatin1String("FLOAT"))
        return (m_dialect == Dialect::SQLite) ? QStringLiteral("FLOAT") : withLength(QStringLiteral("FLOAT"));
    if (n == QLatin1String("REAL"))
        return n;
    if (n == QLatin1String("JSON"))
        return n;
    if (n == QLatin1String("LargeBinary") || n == QLatin1String("PickleType"))
        return pg ? QStringLiteral("BYTEA") : my ? withLength(QStringLiteral("BLOB")) : QStringLiteral("BLOB");
    if (n == QLatin1String("BLOB"))
        return my ? withLength(n) : n;
    if (n == QLatin1String("BINARY") || n == QLatin1String("VARBINARY"))
        return withLength(n);
    if (isEnum(t)) {
        if (pg && t.nativeEnum) {
            if (t.enumName.isEmpty())
                return makeError(QStringLiteral("PostgreSQL requires a name for the ENUM type (SQLAlchemy refuses it too); "
                                                "give sa.Enum a name="));
            return quote(t.enumName);
        }
        if (my && t.nativeEnum) {
            QStringList values;
            for (const QString &v : t.enumValues)
                values << literal(v);
            return QStringLiteral("ENUM(%1)").arg(values.join(QLatin1Char(',')));
        }
        qsizetype longest = 0;
        for (const QString &v : t.enumValues)
            longest = std::max(longest, v.size());
        return QStringLiteral("VARCHAR(%1)").arg(longest);
    }
    return makeError(QStringLiteral("%1%2 cannot be stored in %3").arg(t.module.isEmpty() ? QString() : t.module + QLatin1Char('.'),
                                                                         n, dialectDisplayName(m_dialect)));
}

QString DdlCompiler::defaultSql(const ServerDefault &d) const
{
    switch (d.kind) {
    case ServerDefault::Kind::Literal:
        return literal(d.text);
    case ServerDefault::Kind::Text:
        return d.text;
    case ServerDefault::Kind::True:
        return m_dialect == Dialect::SQLite ? QStringLiteral("(1)") : QStringLiteral("true");
    case ServerDefault::Kind::False:
        return m_dialect == Dialect::SQLite ? QStringLiteral("(0)") : QStringLiteral("false");
    case ServerDefault::Kind::Function: {
        static const QSet<QString> ansi = {QStringLiteral("current_timestamp"), QStringLiteral("current_date"),
                                           QStringLiteral("current_time"), QStringLiteral("localtime"),
                                           QStringLiteral("localtimestamp"), QStringLiteral("current_user"),
                                           QStringLiteral("session_user"), QStringLiteral("user")};
        QString sql;
        if (d.text == QLatin1String("now") && m_dialect == Dialect::SQLite)
            sql = QStringLiteral("CURRENT_TIMESTAMP");
        else if (ansi.contains(d.text.toLower()))
            sql = d.text.toUpper();
        else
            sql = d.text + QStringLiteral("()");
        // SQLite needs an expression default in parentheses (SQLAlchemy adds them).
        return m_dialect == Dialect::SQLite ? QLatin1Char('(') + sql + QLatin1Char(')') : sql;
    }
    }
    return {};
}

Result<QString> DdlCompiler::columnSpec(const ColumnDef &c, bool autoincrementColumn) const
{
    Result<QString> type = typeSql(c.type);
    if (!type)
        return Error{QStringLiteral("Column %1: %2").arg(c.name, type.error().message), {}, {}, 0, {}};
    QString typeText = *type;
    const bool pgSerial = m_dialect == Dialect::PostgreSQL && autoincrementColumn;
    if (pgSerial) {
        typeText = c.type.name == QLatin1String("BigInteger") || c.type.name == QLatin1String("BIGINT") ? QStringLiteral("BIGSERIAL")
                   : c.type.name == QLatin1String("SmallInteger") || c.type.name == QLatin1String("SMALLINT")
                       ? QStringLiteral("SMALLSERIAL") : QStringLiteral("SERIAL");
    }
    QString spec = quote(c.name) + QLatin1Char(' ') + typeText;
    if (m_dialect == Dialect::MySQL) {
        if (!c.isNullable())
            spec += QStringLiteral(" NOT NULL");
        else if (c.type.name == QLatin1String("TIMESTAMP"))
            spec += QStringLiteral(" NULL");
        if (!c.comment.isEmpty())
            spec += QStringLiteral(" COMMENT ") + literal(c.comment);
        if (autoincrementColumn && !c.serverDefault)
            spec += QStringLiteral(" AUTO_INCREMENT");
        else if (c.serverDefault)
            spec += QStringLiteral(" DEFAULT ") + defaultSql(*c.serverDefault);
        return spec;
    }
    if (c.serverDefault && !pgSerial)
        spec += QStringLiteral(" DEFAULT ") + defaultSql(*c.serverDefault);
    if (!c.isNullable())
        spec += QStringLiteral(" NOT NULL");
    return spec;
}

QString DdlCompiler::constraintSql(const ConstraintDef &c) const
{
    const auto columns = [this](const QStringList &names) {
        QStringList quoted;
        for (const QString &n : names)
            quoted << quote(n);
        return quoted.join(QStringLiteral(", "));
    };
    QString sql = c.name.isEmpty() ? QString() : QStringLiteral("CONSTRAINT %1 ").arg(quote(c.name));
    switch (c.kind) {
    case ConstraintDef::Kind::PrimaryKey:
        sql += QStringLiteral("PRIMARY KEY (%1)").arg(columns(c.columns));
        break;
    case ConstraintDef::Kind::Unique:
        sql += QStringLiteral("UNIQUE (%1)").arg(columns(c.columns));
        break;
    case ConstraintDef::Kind::Check:
        sql += QStringLiteral("CHECK (%1)").arg(c.sqltext);
        break;
    case ConstraintDef::Kind::ForeignKey: {
        const QString schema = c.refSchema.isEmpty() && c.refTable.contains(QLatin1Char('.')) ? c.refTable.section(QLatin1Char('.'), 0, -2)
                                                                                            : c.refSchema;
        const QString table = c.refTable.section(QLatin1Char('.'), -1);
        sql += QStringLiteral("FOREIGN KEY(%1) REFERENCES %2 (%3)").arg(columns(c.columns), quoteTable(table, schema),
                                                                        columns(c.refColumns));
        if (!c.match.isEmpty())
            sql += QStringLiteral(" MATCH ") + c.match;
        if (!c.ondelete.isEmpty())
            sql += QStringLiteral(" ON DELETE ") + c.ondelete;
        if (!c.onupdate.isEmpty())
            sql += QStringLiteral(" ON UPDATE ") + c.onupdate;
        break;
    }
    }
    if (c.deferrable)
        sql += *c.deferrable ? QStringLiteral(" DEFERRABLE") : QStringLiteral(" NOT DEFERRABLE");
    if (!c.initially.isEmpty())
        sql += QStringLiteral(" INITIALLY ") + c.initially;
    return sql;
}

QString DdlCompiler::indexSql(const IndexDef &index, const QString &schema, bool ifNotExists) const
{
    QStringList parts;
    for (qsizetype i = 0; i < index.expressions.size(); ++i)
        parts << (index.isExpression.value(i) ? index.expressions.at(i) : quote(index.expressions.at(i)));
    QString sql = QStringLiteral("CREATE %1INDEX %2%3 ON %4 ")
                      .arg(index.unique ? QStringLiteral("UNIQUE ") : QString(),
                           ifNotExists ? QStringLiteral("IF NOT EXISTS ") : QString(),
                           m_dialect == Dialect::PostgreSQL || schema.isEmpty() ? quote(index.name) : quoteTable(index.name, schema),
                           quoteTable(index.table, schema));
    if (m_dialect == Dialect::PostgreSQL && !index.postgresqlUsing.isEmpty())
        sql += QStringLiteral("USING %1 ").arg(index.postgresqlUsing);
    sql += QStringLiteral("(%1)").arg(parts.join(QStringLiteral(", ")));
    if (m_dialect == Dialect::PostgreSQL && !index.postgresqlWhere.isEmpty())
        sql += QStringLiteral(" WHERE ") + index.postgresqlWhere;
    return sql;
}

// The column SQLAlchemy makes autoincrement: the single integer primary key column, unless it says otherwise.
static int autoincrementColumn(const QList<ColumnDef> &columns, const QList<ConstraintDef> &constraints)
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
        if (!isNativePgEnum(c.type) || seen.contains(c.type.enumName))
            continue;
        seen.insert(c.type.enumName);
        if (onlyMissing && oracle && oracle->enumTypeExists(c.type.enumName))
            continue;
        QStringList values;
        for (const QString &v : c.type.enumValues)
            values << literal(v);
        SqlStatement s;
        s.sql = QStringLiteral("CREATE TYPE %1 AS ENUM (%2)").arg(quote(c.type.enumName), values.join(QStringLiteral(", ")));
        if (onlyMissing)
            s.note = QStringLiteral("creates enum type %1, which Alembic's add_column would not").arg(c.type.enumName);
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
    QStringList pkColumns;
    for (int i = 0; i < op.columns.size(); ++i) {
        const ColumnDef &c = op.columns.at(i);
        const Result<QString> spec = columnSpec(c, i == autoinc);
        if (!spec)
            return compileError(op, spec.error().message);
        items << *spec;
        if (c.primaryKey)
            pkColumns << c.name;
    }
    // SQLAlchemy's order is creation order: the primary key, then the constraints passed to
    // create_table (built before the table), then what each column implies as it is attached, in
    // column order: unique=True, its type's CHECK (Boolean/Enum with create_constraint), its ForeignKey.
    QList<ConstraintDef> constraints;
    for (const ConstraintDef &k : op.constraints) {
        if (k.kind == ConstraintDef::Kind::PrimaryKey)
            constraints << k;
    }
    if (constraints.isEmpty() && !pkColumns.isEmpty())
        constraints << ConstraintDef::make(ConstraintDef::Kind::PrimaryKey, {}, pkColumns);
    for (const ConstraintDef &k : op.constraints) {
        if (k.kind != ConstraintDef::Kind::PrimaryKey)
            constraints << k;
    }
    for (const ColumnDef &c : op.columns) {
        if (c.unique && !c.index)
            constraints << ConstraintDef::make(ConstraintDef::Kind::Unique, {}, {c.name});
        if (std::optional<ConstraintDef> check = typeCheck(c))
            constraints << *check;
        for (const ForeignKeyRef &fk : c.foreignKeys)
            constraints << foreignKeyOf(c.name, fk);
    }
    for (const ConstraintDef &k : std::as_const(constraints))
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
    QList<IndexDef> indexes;
    for (const ColumnDef &c : op.columns) {
        if (c.index) {
            IndexDef index;
            index.name = QStringLiteral("ix_%1_%2").arg(op.table, c.name);
            index.table = op.table;
            index.expressions = QStringList{c.name};
            index.isExpression = QList<bool>{false};
            index.unique = c.unique;
            indexes << index;
        }
    }
    // SQLAlchemy emits a table's indexes sorted by name.
    for (const IndexDef &i : op.indexes)
        indexes << i;
    std::stable_sort(indexes.begin(), indexes.end(), [](const IndexDef &a, const IndexDef &b) { return a.name < b.name; });
    for (const IndexDef &i : std::as_const(indexes))
        out << SqlStatement{indexSql(i, op.schema, false), op.line, {}};
    return out;
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

QString DdlCompiler::conditionSql(const SqlCondition &c, const QString &table) const
{
    const QString column = table + QLatin1Char('.') + quote(c.column);
    switch (c.kind) {
    case SqlCondition::Kind::Compare:
        return QStringLiteral("%1 %2 %3").arg(column, c.op, valueLiteral(c.value));
    case SqlCondition::Kind::IsNull:
        return column + QStringLiteral(" IS NULL");
    case SqlCondition::Kind::IsNotNull:
        return column + QStringLiteral(" IS NOT NULL");
    case SqlCondition::Kind::Like:
        return QStringLiteral("%1 LIKE %2").arg(column, valueLiteral(c.value));
    case SqlCondition::Kind::In: {
        QStringList values;
        for (const QVariant &v : c.values)
            values << valueLiteral(v);
        return QStringLiteral("%1 IN (%2)").arg(column, values.join(QStringLiteral(", ")));
    }
    case SqlCondition::Kind::And:
    case SqlCondition::Kind::Or: {
        QStringList parts;
        for (const SqlCondition &child : c.children) {
            const QString text = conditionSql(child, table);
            // OR binds looser than AND: SQLAlchemy parenthesizes it inside AND.
            parts << (c.kind == SqlCondition::Kind::And && child.kind == SqlCondition::Kind::Or && child.children.size() > 1
                          ? QLatin1Char('(') + text + QLatin1Char(')') : text);
        }
        return parts.join(c.kind == SqlCondition::Kind::And ? QStringLiteral(" AND ") : QStringLiteral(" OR "));
    }
    }
    return {};
}

QString DdlCompiler::statementSql(const CoreStatement &st) const
{
    const QString table = quoteTable(st.table, st.schema);
    // SQLAlchemy writes SET and VALUES in the order of the table's columns.
    QList<QPair<QString, QVariant>> values = st.values;
    std::stable_sort(values.begin(), values.end(), [&st](const auto &a, const auto &b) {
        return st.tableColumns.indexOf(a.first) < st.tableColumns.indexOf(b.first);
    });
    QString sql;
    switch (st.kind) {
    case CoreStatement::Kind::Update: {
        QStringList sets;
        for (const auto &[name, value] : std::as_const(values))
            sets << quote(name) + QLatin1Char('=') + valueLiteral(value);
        sql = QStringLiteral("UPDATE %1 SET %2").arg(table, sets.join(QStringLiteral(", ")));
        break;
    }
    case CoreStatement::Kind::Insert: {
        QStringList names;
        QStringList literals;
        for (const auto &[name, value] : std::as_const(values)) {
            names << quote(name);
            literals << valueLiteral(value);
        }
        return QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)").arg(table, names.join(QStringLiteral(", ")),
                                                                    literals.join(QStringLiteral(", ")));
    }
    case CoreStatement::Kind::Delete:
        sql = QStringLiteral("DELETE FROM %1").arg(table);
        break;
    }
    if (st.where)
        sql += QStringLiteral(" WHERE ") + conditionSql(*st.where, table);
    return sql;
}

QString DdlCompiler::valueLiteral(const QVariant &value) const
{
    if (!value.isValid() || value.isNull())
        return QStringLiteral("NULL");
    switch (value.typeId()) {
    case QMetaType::Bool:
        if (m_dialect == Dialect::SQLite)
            return value.toBool() ? QStringLiteral("1") : QStringLiteral("0");
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QMetaType::LongLong:
    case QMetaType::Int:
        return QString::number(value.toLongLong());
    case QMetaType::Double: {
        // Python's repr of a float: shortest round-trip form, always with a decimal point.
        QString text = QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
        if (!text.contains(QLatin1Char('.')) && !text.contains(QLatin1Char('e')) && !text.contains(QLatin1String("inf"))
            && !text.contains(QLatin1String("nan")))
            text += QStringLiteral(".0");
        return text;
    }
    default:
        return literal(value.toString());
    }
}

Result<QList<SqlStatement>> DdlCompiler::compile(const Operation &op, SchemaOracle *oracle) const
{
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
        return one(QStringLiteral("DROP INDEX %1%2").arg(ifExists, op.schema.isEmpty() ? quote(op.name) : quoteTable(op.name, op.schema)));
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
        return one(op.statement ? statementSql(*op.statement) : op.sql);
    case Operation::Kind::BulkInsert:
        return bulkInsert(op);
    case Operation::Kind::Batch:
        return batch(op, oracle);
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

Result<QList<SqlStatement>> DdlCompiler::batch(const Operation &op, SchemaOracle *oracle) const
{
    bool recreate = op.recreate == BatchRecreate::Always;
    if (op.recreate == BatchRecreate::Auto && m_dialect == Dialect::SQLite) {
        for (const Operation &inner : op.batch) {
            if (inner.kind == Operation::Kind::AddColumn) {
                const ColumnDef &c = inner.columns.first();
                if (c.serverDefault && c.serverDefault->kind != ServerDefault::Kind::Literal)
                    recreate = true;
            } else if (inner.kind != Operation::Kind::CreateIndex && inner.kind != Operation::Kind::DropIndex
                       && inner.kind != Operation::Kind::Execute) {
                recreate = true;
            }
        }
    }
    if (recreate && m_dialect != Dialect::SQLite)
        return compileError(op, QStringLiteral("recreate='always' rebuilds the table from a reflected copy; Retort does this "
                                               "on SQLite only so far"));
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
    return sqliteRebuild(op, oracle);
}

// One SQLite batch rebuild: the table as it is, changed operation by operation, with what the copy
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
        case Operation::Kind::Execute:
            early << SqlStatement{inner.sql, inner.line, {}};   // Alembic runs these at once, before the rebuild
            return std::nullopt;
        case Operation::Kind::CreateTableComment:
        case Operation::Kind::DropTableComment:
            return std::nullopt;   // SQLite stores no comments
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
            c.type = *inner.type;
            typeChanged.insert(inner.newName.isEmpty() ? inner.name : inner.newName);
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
            return QStringLiteral("Constraint must have a name: SQLite batch mode can only add named constraints "
                                  "(Alembic raises ValueError here); give it a name");
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
                model.constraints.removeAt(x);
                found = true;
            }
        }
        if (!found)
            return QStringLiteral("table '%1' has no constraint named '%2'. SQLite stores many constraints without a "
                                  "name (Alembic cannot drop those either); look at the table's CREATE statement")
                .arg(op.table, inner.name);
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

    // CREATE the new table under a temporary name, copy, drop, rename, and put the indexes back.
    Result<QList<SqlStatement>> statements() const
    {
        QList<SqlStatement> out = early;
        const QString temp = QStringLiteral("_alembic_tmp_") + op.table.left(50 - 13);
        QList<ColumnDef> columns;
        for (const QString &name : columnOrder())
            columns << model.columns.at(columnIndex(name));
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
        for (const ConstraintDef &k : std::as_const(constraints))
            items << compiler.constraintSql(k);
        out << SqlStatement{QStringLiteral("CREATE TABLE %1 (\n\t%2\n)").arg(compiler.quote(temp), items.join(QStringLiteral(", \n\t"))),
                            op.line, {}};

        QStringList into;
        QStringList from;
        for (const ColumnDef &c : std::as_const(columns)) {
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
        out << SqlStatement{QStringLiteral("INSERT INTO %1 (%2) SELECT %3 \nFROM %4")
                                .arg(compiler.quote(temp), into.join(QStringLiteral(", ")), from.join(QStringLiteral(", ")),
                                     compiler.quote(op.table)),
                            op.line, {}};
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
};

Result<QList<SqlStatement>> DdlCompiler::sqliteRebuild(const Operation &op, SchemaOracle *oracle) const
{
    if (!oracle)
        return compileError(op, QStringLiteral("batch mode on SQLite rebuilds table '%1' from the database, and there is no "
                                               "database here (offline SQL needs a starting point Retort can replay)").arg(op.table));
    Result<TableModel> live = oracle->table(op.table, op.schema);
    if (!live)
        return compileError(op, live.error().message);
    if (!live->problem.isEmpty())
        return compileError(op, live->problem);
    BatchRebuild rebuild(*this, op, *live);
    for (const Operation &inner : op.batch) {
        if (const BatchRebuild::Refusal refused = rebuild.apply(inner))
            return compileError(inner, *refused);
    }
    return rebuild.statements();
}

} // namespace retort
