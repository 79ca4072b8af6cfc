// The clauses of SQLAlchemy's DDL per dialect: types, defaults, column specifications, constraints,
// indexes, and the WHERE/SET/VALUES of Core statements with their literals.
#include "ops/DdlSupport.h"

#include "sql/Identifiers.h"

#include <QLocale>
#include <QRegularExpression>

namespace retort {

using namespace ddl;

std::optional<ConstraintDef> DdlCompiler::typeCheck(const ColumnDef &c) const
{
    const SqlType &t = onDialect(c.type, m_dialect);
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
    if (t.isRawSql)
        return n;
    for (const auto &[dialect, variant] : t.variants) {
        if (dialect == dialectKey(m_dialect))
            return typeSql(variant);
    }
    if (n == QLatin1String("ARRAY")) {   // sa.ARRAY and postgresql.ARRAY
        if (!pg)
            return makeError(QStringLiteral("%1ARRAY cannot be stored in %2 (SQLAlchemy cannot render it either)")
                                 .arg(t.module.isEmpty() ? QStringLiteral("sa.") : t.module + QLatin1Char('.'),
                                      dialectDisplayName(m_dialect)));
        const Result<QString> item = typeSql(t.itemType.front());
        if (!item)
            return item;
        return *item + QStringLiteral("[]").repeated(t.dimensions.value_or(1));
    }

    if (t.module == QLatin1String("postgresql")) {
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
                                 QStringLiteral("CITEXT"),
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
        } else if (n == QLatin1String("ENUM") || n == QLatin1String("SET")) {
            if (my) {
                QStringList values;
                for (const QString &v : t.enumValues)
                    values << literal(v);
                return QStringLiteral("%1(%2)").arg(n, values.join(QLatin1Char(',')));
            }
            if (n == QLatin1String("SET"))
                return makeError(QStringLiteral("mysql.SET cannot be stored in %1 (SQLAlchemy cannot render it either)")
                                     .arg(dialectDisplayName(m_dialect)));
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
        if (my && (!t.charset.isEmpty() || !t.collation.isEmpty())) {
            // SQLAlchemy's _extend_string: the base type, then CHARACTER SET and COLLATE
            SqlType base = t;
            base.charset.clear();
            base.collation.clear();
            Result<QString> text = typeSql(base);
            if (!text)
                return text;
            QString out = *text;
            if (!t.charset.isEmpty())
                out += QStringLiteral(" CHARACTER SET ") + t.charset;
            if (!t.collation.isEmpty())
                out += QStringLiteral(" COLLATE ") + t.collation;
            return out;
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
    // SQLAlchemy 2.0's generic names.
    if (n == QLatin1String("Uuid"))
        return pg ? QStringLiteral("UUID") : QStringLiteral("CHAR(32)");
    if (n == QLatin1String("UUID"))
        return n;
    if (n == QLatin1String("Double") || n == QLatin1String("DOUBLE"))
        return pg ? QStringLiteral("DOUBLE PRECISION") : QStringLiteral("DOUBLE");
    if (n == QLatin1String("DOUBLE_PRECISION"))
        return QStringLiteral("DOUBLE PRECISION");
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
    QString generated;
    if (!c.computed.isEmpty()) {
        if (m_dialect == Dialect::PostgreSQL && c.computedPersisted == false)
            return Error{QStringLiteral("Column %1: PostgreSQL computed columns are always stored; sa.Computed(persisted=False) "
                                        "fails in SQLAlchemy too").arg(c.name), {}, {}, 0, {}};
        generated = QStringLiteral("GENERATED ALWAYS AS (%1)").arg(c.computed);
        if (m_dialect == Dialect::PostgreSQL || c.computedPersisted == true)
            generated += QStringLiteral(" STORED");
        else if (c.computedPersisted == false)
            generated += QStringLiteral(" VIRTUAL");
    }
    const bool pgIdentity = m_dialect == Dialect::PostgreSQL && c.identity;
    // A non-optional sa.Sequence stands in for SERIAL (and, where sequences exist, for AUTO_INCREMENT).
    const bool ownSequence = !c.sequence.isEmpty() && !c.sequenceOptional;
    const bool pgSerial = m_dialect == Dialect::PostgreSQL && autoincrementColumn && !pgIdentity && !ownSequence;
    if (pgSerial) {
        typeText = c.type.name == QLatin1String("BigInteger") || c.type.name == QLatin1String("BIGINT") ? QStringLiteral("BIGSERIAL")
                   : c.type.name == QLatin1String("SmallInteger") || c.type.name == QLatin1String("SMALLINT")
                       ? QStringLiteral("SMALLSERIAL") : QStringLiteral("SERIAL");
    }
    QString spec = quote(c.name) + QLatin1Char(' ') + typeText;
    if (m_dialect == Dialect::MySQL) {
        if (!generated.isEmpty())
            spec += QLatin1Char(' ') + generated;
        if (!c.isNullable())
            spec += QStringLiteral(" NOT NULL");
        else if (c.type.name == QLatin1String("TIMESTAMP"))
            spec += QStringLiteral(" NULL");
        if (!c.comment.isEmpty())
            spec += QStringLiteral(" COMMENT ") + literal(c.comment);
        if (autoincrementColumn && !c.serverDefault && !(m_mariadb && ownSequence))
            spec += QStringLiteral(" AUTO_INCREMENT");
        else if (c.serverDefault)
            spec += QStringLiteral(" DEFAULT ") + defaultSql(*c.serverDefault);
        return spec;
    }
    if (c.serverDefault && !pgSerial)
        spec += QStringLiteral(" DEFAULT ") + defaultSql(*c.serverDefault);
    if (m_dialect == Dialect::PostgreSQL) {
        if (!generated.isEmpty())
            spec += QLatin1Char(' ') + generated;
        if (pgIdentity) {
            spec += QStringLiteral(" GENERATED %1 AS IDENTITY").arg(c.identityAlways ? QStringLiteral("ALWAYS") : QStringLiteral("BY DEFAULT"));
            if (!c.identityOptions.isEmpty())
                spec += QStringLiteral(" (%1)").arg(c.identityOptions);
            if (c.isNullable())
                spec += QStringLiteral(" NULL");
            return spec;
        }
    }
    if (!c.isNullable())
        spec += QStringLiteral(" NOT NULL");
    if (m_dialect == Dialect::SQLite && !generated.isEmpty())
        spec += QLatin1Char(' ') + generated;
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

Result<QList<SqlStatement>> DdlCompiler::boundTextSql(const Operation &op) const
{
    QString refused;
    const QString sql = bindTextParameters(op.sql, [&](const QString &name) {
        const QVariant value = op.sqlParameters.value(name);
        const PyScalar *scalar = PyScalar::from(value);
        if (!scalar || !op.driverBound)
            return valueLiteral(value);
        // Untyped, a date reaches the driver as a Python value: sqlite3 stores Python's str() of it.
        if (m_dialect == Dialect::SQLite && scalar->kind == PyScalar::Kind::Time)
            refused = name;
        return literal(scalar->pythonText());
    });
    if (!refused.isEmpty())
        return compileError(op, QStringLiteral("parameter ':%1' is a datetime.time, which Python's sqlite3 cannot bind "
                                               "(Alembic fails here too)").arg(refused));
    const QString note = op.driverBound
                             ? QStringLiteral("Alembic's --sql writes NULL for the parameters of conn.execute(); these are the "
                                              "values a run binds")
                             : QString();
    return QList<SqlStatement>{SqlStatement{sql, op.line, note}};
}

QString DdlCompiler::ddlElementSql(const DdlElement &element) const
{
    switch (element.kind) {
    case DdlElement::Kind::CreateSequence:
        return QStringLiteral("CREATE SEQUENCE %1%2").arg(quoteTable(element.name, element.schema),
                                                         element.options.isEmpty() ? QString() : QLatin1Char(' ') + element.options);
    case DdlElement::Kind::DropSequence:
        return QStringLiteral("DROP SEQUENCE %1").arg(quoteTable(element.name, element.schema));
    case DdlElement::Kind::CreateSchema:
        return QStringLiteral("CREATE SCHEMA %1").arg(quote(element.name));
    case DdlElement::Kind::DropSchema:
        return QStringLiteral("DROP SCHEMA %1%2").arg(quote(element.name), element.cascade ? QStringLiteral(" CASCADE") : QString());
    }
    return {};
}

QString DdlCompiler::indexSql(const IndexDef &index, const QString &schema, bool ifNotExists) const
{
    const bool pg = m_dialect == Dialect::PostgreSQL;
    const bool my = m_dialect == Dialect::MySQL;
    QStringList parts;
    for (qsizetype i = 0; i < index.expressions.size(); ++i) {
        const QString &e = index.expressions.at(i);
        QString part = index.isExpression.value(i) ? e : quote(e);
        if (my && !index.isExpression.value(i) && (index.mysqlLengthAll || index.mysqlLength.contains(e)))
            part += QStringLiteral("(%1)").arg(index.mysqlLength.value(e, index.mysqlLengthAll.value_or(0)));
        if (pg && index.postgresqlOps.contains(e))
            part += QLatin1Char(' ') + index.postgresqlOps.value(e);
        parts << part;
    }
    QString prefix = index.unique ? QStringLiteral("UNIQUE ") : QString();
    if (my && !index.mysqlPrefix.isEmpty())
        prefix += index.mysqlPrefix + QLatin1Char(' ');
    QString sql = QStringLiteral("CREATE %1INDEX %2%3 ON %4 ")
                      .arg(prefix,
                           (pg && index.postgresqlConcurrently ? QStringLiteral("CONCURRENTLY ") : QString())
                               + (ifNotExists ? QStringLiteral("IF NOT EXISTS ") : QString()),
                           m_dialect == Dialect::PostgreSQL || schema.isEmpty() ? quote(index.name) : quoteTable(index.name, schema),
                           quoteTable(index.table, schema));
    if (m_dialect == Dialect::PostgreSQL && !index.postgresqlUsing.isEmpty())
        sql += QStringLiteral("USING %1 ").arg(index.postgresqlUsing);
    sql += QStringLiteral("(%1)").arg(parts.join(QStringLiteral(", ")));
    if (pg && !index.postgresqlInclude.isEmpty()) {
        QStringList included;
        for (const QString &c : index.postgresqlInclude)
            included << quote(c);
        sql += QStringLiteral(" INCLUDE (%1)").arg(included.join(QStringLiteral(", ")));
    }
    if (m_dialect == Dialect::PostgreSQL && !index.postgresqlWhere.isEmpty())
        sql += QStringLiteral(" WHERE ") + index.postgresqlWhere;
    return sql;
}

// The column SQLAlchemy makes autoincrement: the single integer primary key column, unless it says otherwise.

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
    if (const PyScalar *scalar = PyScalar::from(value)) {
        // SQLite stores dates as the text SQLAlchemy's SQLite types write; the servers take Python's
        // str() of them (what psycopg2 and PyMySQL send) and a Decimal's digits as a number.
        if (scalar->kind == PyScalar::Kind::Decimal)
            return scalar->text;
        return literal(m_dialect == Dialect::SQLite ? scalar->sqliteText() : scalar->pythonText());
    }
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

} // namespace retort
