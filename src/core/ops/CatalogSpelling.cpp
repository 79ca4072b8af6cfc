// How each engine's catalog spells what a revision wrote: types as information_schema and
// format_type() report them, and MariaDB's checks with their column names in backquotes.
#include "ops/CatalogSpelling.h"

#include <QHash>

#include <algorithm>

namespace retort {

namespace {

bool sameName(const QString &a, const QString &b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

} // namespace

QString catalogTypeName(Dialect dialect, const QString &ddlType, bool mariadb)
{
    const QString text = ddlType.trimmed();
    if (dialect == Dialect::SQLite || text.isEmpty())
        return text;
    if (text.endsWith(QLatin1String("[]"))) {
        QString item = text;
        while (item.endsWith(QLatin1String("[]")))
            item.chop(2);   // PostgreSQL keeps no dimensions: integer[][] is integer[]
        return catalogTypeName(dialect, item, mariadb) + QStringLiteral("[]");
    }
    if (text.startsWith(QLatin1Char('"')))
        return text;   // a quoted enum type name: format_type() keeps the quotes
    QString base = text;
    QString args;
    QString after;
    const qsizetype open = text.indexOf(QLatin1Char('('));
    if (open >= 0) {
        const qsizetype close = text.lastIndexOf(QLatin1Char(')'));
        base = text.left(open).trimmed();
        args = text.mid(open + 1, (close < open ? text.size() : close) - open - 1).trimmed();
        after = close < open ? QString() : text.mid(close + 1).trimmed();
    }
    const QString upper = base.toUpper();
    const QString withArgs = args.isEmpty() ? QString() : QLatin1Char('(') + args + QLatin1Char(')');
    if (dialect == Dialect::PostgreSQL) {
        static const QHash<QString, QString> names = {
            {QStringLiteral("INTEGER"), QStringLiteral("integer")}, {QStringLiteral("INT"), QStringLiteral("integer")},
            {QStringLiteral("SERIAL"), QStringLiteral("integer")}, {QStringLiteral("BIGINT"), QStringLiteral("bigint")},
            {QStringLiteral("BIGSERIAL"), QStringLiteral("bigint")}, {QStringLiteral("SMALLINT"), QStringLiteral("smallint")},
            {QStringLiteral("SMALLSERIAL"), QStringLiteral("smallint")}, {QStringLiteral("TEXT"), QStringLiteral("text")},
            {QStringLiteral("BOOLEAN"), QStringLiteral("boolean")}, {QStringLiteral("DATE"), QStringLiteral("date")},
            {QStringLiteral("REAL"), QStringLiteral("real")}, {QStringLiteral("DOUBLE PRECISION"), QStringLiteral("double precision")},
            {QStringLiteral("BYTEA"), QStringLiteral("bytea")}, {QStringLiteral("JSON"), QStringLiteral("json")},
            {QStringLiteral("JSONB"), QStringLiteral("jsonb")}, {QStringLiteral("UUID"), QStringLiteral("uuid")},
            {QStringLiteral("INET"), QStringLiteral("inet")}, {QStringLiteral("CIDR"), QStringLiteral("cidr")},
            {QStringLiteral("MONEY"), QStringLiteral("money")}, {QStringLiteral("TSVECTOR"), QStringLiteral("tsvector")},
            {QStringLiteral("INTERVAL"), QStringLiteral("interval")}, {QStringLiteral("MACADDR"), QStringLiteral("macaddr")},
            {QStringLiteral("XML"), QStringLiteral("xml")}, {QStringLiteral("OID"), QStringLiteral("oid")},
        };
        if (upper == QLatin1String("VARCHAR") || upper == QLatin1String("CHARACTER VARYING"))
            return QStringLiteral("character varying") + withArgs;
        if (upper == QLatin1String("CHAR") || upper == QLatin1String("CHARACTER"))
            return QStringLiteral("character") + (args.isEmpty() ? QStringLiteral("(1)") : withArgs);
        if (upper == QLatin1String("NUMERIC") || upper == QLatin1String("DECIMAL"))
            return QStringLiteral("numeric") + withArgs.simplified().remove(QLatin1Char(' ')).replace(QLatin1Char(','), QStringLiteral(","));
        if (upper == QLatin1String("FLOAT"))
            return args.isEmpty() || args.toInt() > 24 ? QStringLiteral("double precision") : QStringLiteral("real");
        const QString whole = (base + QLatin1Char(' ') + after).simplified().toUpper();
        for (const QString &kind : {QStringLiteral("TIMESTAMP"), QStringLiteral("TIME")}) {
            if (upper == kind || upper.startsWith(kind + QLatin1Char(' '))) {
                const bool tz = whole.contains(QLatin1String("WITH TIME ZONE")) && !whole.contains(QLatin1String("WITHOUT"));
                return kind.toLower() + withArgs + (tz ? QStringLiteral(" with time zone") : QStringLiteral(" without time zone"));
            }
        }
        const QString mapped = names.value(upper);
        if (!mapped.isEmpty())
            return mapped + withArgs;
        return text;   // an enum or extension type, by its name
    }
    // MySQL and MariaDB: COLUMN_TYPE, lower case; MariaDB keeps the integers' display widths.
    static const QHash<QString, std::pair<QString, QString>> ints = {
        {QStringLiteral("TINYINT"), {QStringLiteral("tinyint"), QStringLiteral("(4)")}},
        {QStringLiteral("SMALLINT"), {QStringLiteral("smallint"), QStringLiteral("(6)")}},
        {QStringLiteral("MEDIUMINT"), {QStringLiteral("mediumint"), QStringLiteral("(9)")}},
        {QStringLiteral("INTEGER"), {QStringLiteral("int"), QStringLiteral("(11)")}},
        {QStringLiteral("INT"), {QStringLiteral("int"), QStringLiteral("(11)")}},
        {QStringLiteral("BIGINT"), {QStringLiteral("bigint"), QStringLiteral("(20)")}},
    };
    const bool isUnsigned = after.contains(QLatin1String("UNSIGNED"), Qt::CaseInsensitive)
                            || base.contains(QLatin1String(" UNSIGNED"), Qt::CaseInsensitive);
    const QString plainBase = QString(upper).remove(QStringLiteral(" UNSIGNED")).trimmed();
    if (plainBase == QLatin1String("BOOL") || plainBase == QLatin1String("BOOLEAN"))
        return QStringLiteral("tinyint(1)");
    if (ints.contains(plainBase)) {
        const auto &[name, width] = ints.value(plainBase);
        QString w = withArgs;
        if (w.isEmpty() && mariadb)
            w = isUnsigned && plainBase != QLatin1String("BIGINT") ? QStringLiteral("(%1)").arg(width.mid(1).chopped(1).toInt() - 1) : width;
        return name + w + (isUnsigned ? QStringLiteral(" unsigned") : QString());
    }
    if (plainBase == QLatin1String("NUMERIC") || plainBase == QLatin1String("DECIMAL"))
        return QStringLiteral("decimal") + (args.isEmpty() ? QStringLiteral("(10,0)") : QString(withArgs).remove(QLatin1Char(' ')));
    if (plainBase == QLatin1String("ENUM") || plainBase == QLatin1String("SET"))
        return plainBase.toLower() + QLatin1Char('(') + args + QLatin1Char(')');
    if (plainBase == QLatin1String("JSON") && mariadb)
        return QStringLiteral("longtext");
    // COLUMN_TYPE leaves out CHARACTER SET and COLLATE.
    QString rest = after.toLower();
    rest = rest.left(std::min(rest.indexOf(QLatin1String("character set")) < 0 ? rest.size() : rest.indexOf(QLatin1String("character set")),
                              rest.indexOf(QLatin1String("collate")) < 0 ? rest.size() : rest.indexOf(QLatin1String("collate")))).trimmed();
    QString out = plainBase.toLower();
    for (const QString &cut : {QStringLiteral(" character set"), QStringLiteral(" collate")}) {
        if (out.contains(cut))
            out = out.left(out.indexOf(cut));
    }
    out += withArgs;
    if (!rest.isEmpty())
        out += QLatin1Char(' ') + rest;
    return out;
}

QString backquoteColumns(const QString &sql, const Table &t)
{
    QString out;
    qsizetype i = 0;
    while (i < sql.size()) {
        const QChar ch = sql.at(i);
        if (ch == QLatin1Char('\'') || ch == QLatin1Char('`') || ch == QLatin1Char('"')) {
            qsizetype end = sql.indexOf(ch, i + 1);
            end = end < 0 ? sql.size() : end + 1;
            out += sql.mid(i, end - i);
            i = end;
            continue;
        }
        if (ch.isLetter() || ch == QLatin1Char('_')) {
            qsizetype end = i;
            while (end < sql.size() && (sql.at(end).isLetterOrNumber() || sql.at(end) == QLatin1Char('_')))
                ++end;
            const QString word = sql.mid(i, end - i);
            const bool column = std::any_of(t.columns.cbegin(), t.columns.cend(), [&](const Column &c) { return sameName(c.name, word); });
            const bool call = end < sql.size() && sql.at(end) == QLatin1Char('(');
            out += column && !call ? QLatin1Char('`') + word + QLatin1Char('`') : word;
            i = end;
            continue;
        }
        out += ch;
        ++i;
    }
    return out;
}

} // namespace retort
