// The types catalogs report, in SQLAlchemy's reflected vocabulary (what its inspector returns).
#include "schema/ReflectedType.h"

#include <QHash>
#include <QRegularExpression>

#include <optional>

namespace retort {

SqlType reflectedType(Dialect dialect, const QString &reported, const QList<EnumType> &enums)
{
    SqlType t;
    QString text = reported.trimmed();
    if (dialect == Dialect::PostgreSQL && text.endsWith(QLatin1String("[]"))) {
        t.name = QStringLiteral("ARRAY");
        t.itemType.push_back(reflectedType(dialect, text.chopped(2), enums));
        return t;
    }
    if (text.contains(QLatin1String(" unsigned"), Qt::CaseInsensitive)) {
        t.isUnsigned = true;
        text.remove(QRegularExpression(QStringLiteral("\\s+unsigned(\\s+zerofill)?"), QRegularExpression::CaseInsensitiveOption));
    }
    QString base = text;
    QString args;
    const qsizetype open = text.indexOf(QLatin1Char('('));
    QString after;
    if (open >= 0) {
        const qsizetype close = text.indexOf(QLatin1Char(')'), open);
        base = text.left(open).trimmed();
        args = text.mid(open + 1, (close < 0 ? text.size() : close) - open - 1);
        after = close < 0 ? QString() : text.mid(close + 1).trimmed();
    }
    const QString lower = (base + (after.isEmpty() ? QString() : QLatin1Char(' ') + after)).toLower();
    const QStringList numbers = args.split(QLatin1Char(','), Qt::SkipEmptyParts);
    const auto number = [&](int i) -> std::optional<int> {
        bool ok = false;
        const int v = numbers.value(i).trimmed().toInt(&ok);
        return ok ? std::optional<int>(v) : std::nullopt;
    };
    static const QHash<QString, QString> pg = {
        {QStringLiteral("integer"), QStringLiteral("INTEGER")}, {QStringLiteral("bigint"), QStringLiteral("BIGINT")},
        {QStringLiteral("smallint"), QStringLiteral("SMALLINT")}, {QStringLiteral("character varying"), QStringLiteral("VARCHAR")},
        {QStringLiteral("character"), QStringLiteral("CHAR")}, {QStringLiteral("text"), QStringLiteral("TEXT")},
        {QStringLiteral("boolean"), QStringLiteral("BOOLEAN")}, {QStringLiteral("date"), QStringLiteral("DATE")},
        {QStringLiteral("numeric"), QStringLiteral("NUMERIC")}, {QStringLiteral("double precision"), QStringLiteral("DOUBLE_PRECISION")},
        {QStringLiteral("real"), QStringLiteral("REAL")}, {QStringLiteral("uuid"), QStringLiteral("UUID")},
        {QStringLiteral("json"), QStringLiteral("JSON")}, {QStringLiteral("jsonb"), QStringLiteral("JSONB")},
        {QStringLiteral("bytea"), QStringLiteral("BYTEA")}, {QStringLiteral("interval"), QStringLiteral("INTERVAL")},
        {QStringLiteral("inet"), QStringLiteral("INET")}, {QStringLiteral("cidr"), QStringLiteral("CIDR")},
        {QStringLiteral("money"), QStringLiteral("MONEY")}, {QStringLiteral("tsvector"), QStringLiteral("TSVECTOR")},
    };
    if (dialect == Dialect::PostgreSQL) {
        if (lower.startsWith(QLatin1String("timestamp")) || lower.startsWith(QLatin1String("time"))) {
            t.name = lower.startsWith(QLatin1String("timestamp")) ? QStringLiteral("TIMESTAMP") : QStringLiteral("TIME");
            t.timezone = lower.contains(QLatin1String("with time zone"));
            return t;
        }
        const QString name = pg.value(lower);
        if (!name.isEmpty()) {
            t.name = name;
            if (name == QLatin1String("VARCHAR") || name == QLatin1String("CHAR"))
                t.length = number(0);
            else if (name == QLatin1String("DOUBLE_PRECISION"))
                t.length = 53;   // float8's binary precision, as SQLAlchemy reflects it
            else if (name == QLatin1String("NUMERIC")) {
                t.precision = number(0);
                t.scale = number(1);
            }
            return t;
        }
        for (const EnumType &e : enums) {
            if (e.name == base || QLatin1Char('"') + e.name + QLatin1Char('"') == base) {
                t.name = QStringLiteral("ENUM");
                t.enumName = e.name;
                t.enumValues = e.values;
                return t;
            }
        }
        t.name = base.toUpper();
        return t;
    }
    const QString upper = base.toUpper();
    if (dialect == Dialect::MySQL) {
        if (upper == QLatin1String("ENUM") || upper == QLatin1String("SET")) {
            t.name = upper;
            static const QRegularExpression value(QStringLiteral("'((?:[^']|'')*)'"));
            for (QRegularExpressionMatchIterator it = value.globalMatch(text); it.hasNext();)
                t.enumValues << it.next().captured(1).replace(QLatin1String("''"), QLatin1String("'"));
            return t;
        }
        static const QHash<QString, QString> names = {{QStringLiteral("INT"), QStringLiteral("INTEGER")},
                                                      {QStringLiteral("DEC"), QStringLiteral("DECIMAL")}};
        t.name = names.value(upper, upper);
        static const QStringList ints = {QStringLiteral("TINYINT"), QStringLiteral("SMALLINT"), QStringLiteral("MEDIUMINT"),
                                         QStringLiteral("INTEGER"), QStringLiteral("BIGINT")};
        if (t.name == QLatin1String("TINYINT"))
            t.length = number(0);   // display width: TINYINT(1) is how MySQL stores BOOLEAN
        else if (ints.contains(t.name))
            ;   // the display width carries no meaning
        else if (t.name == QLatin1String("DECIMAL") || t.name == QLatin1String("NUMERIC") || t.name == QLatin1String("DOUBLE")
                 || t.name == QLatin1String("FLOAT")) {
            t.precision = number(0);
            t.scale = number(1);
        } else if (t.name == QLatin1String("DATETIME") || t.name == QLatin1String("TIMESTAMP") || t.name == QLatin1String("TIME")) {
            t.fsp = number(0);
        } else {
            t.length = number(0);
        }
        return t;
    }
    // SQLite: the declared type, as SQLAlchemy's ischema_names read it.
    t.name = upper.isEmpty() ? QStringLiteral("NULL") : upper;
    static const QHash<QString, QString> sqliteNames = {{QStringLiteral("INT"), QStringLiteral("INTEGER")},
                                                        {QStringLiteral("BOOL"), QStringLiteral("BOOLEAN")},
                                                        {QStringLiteral("DOUBLE"), QStringLiteral("FLOAT")},
                                                        {QStringLiteral("DOUBLE PRECISION"), QStringLiteral("FLOAT")}};
    t.name = sqliteNames.value(t.name, t.name);
    if (t.name == QLatin1String("NUMERIC") || t.name == QLatin1String("DECIMAL")) {
        t.precision = number(0);
        t.scale = number(1);
    } else if (t.name == QLatin1String("FLOAT") || t.name == QLatin1String("REAL")) {
        t.length = number(0);
    } else {
        t.length = number(0);
    }
    return t;
}

} // namespace retort
