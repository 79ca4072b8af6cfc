#include "lint/LintTypes.h"

#include <QRegularExpression>

#include <limits>

namespace retort {

namespace {

enum class Family { Other, String, Integer, Decimal, Float };

Family familyOf(const QString &base)
{
    static const QStringList strings = {"varchar", "character varying", "char", "character", "nvarchar", "nchar", "text",
                                        "tinytext", "mediumtext", "longtext", "clob", "string", "bpchar", "varchar2"};
    static const QStringList integers = {"tinyint", "smallint", "mediumint", "int", "integer", "bigint", "int2", "int4", "int8"};
    static const QStringList decimals = {"numeric", "decimal"};
    static const QStringList floats = {"real", "float", "double", "double precision", "float4", "float8"};
    if (strings.contains(base)) return Family::String;
    if (integers.contains(base)) return Family::Integer;
    if (decimals.contains(base)) return Family::Decimal;
    if (floats.contains(base)) return Family::Float;
    return Family::Other;
}

constexpr qint64 unbounded = std::numeric_limits<qint64>::max();

/// How many characters a string type holds.
qint64 capacity(const TypeShape &t, Dialect dialect)
{
    if (!t.args.isEmpty())
        return t.args.first();
    if (t.base == QLatin1String("tinytext")) return 255;
    if (t.base == QLatin1String("mediumtext")) return 16777215;
    if (t.base == QLatin1String("longtext")) return 4294967295LL;
    if (t.base == QLatin1String("text") && dialect == Dialect::MySQL) return 65535;
    if (t.base == QLatin1String("char") || t.base == QLatin1String("character")) return 1;
    return unbounded;
}

int integerBytes(const QString &base)
{
    if (base == QLatin1String("tinyint")) return 1;
    if (base == QLatin1String("smallint") || base == QLatin1String("int2")) return 2;
    if (base == QLatin1String("mediumint")) return 3;
    if (base == QLatin1String("bigint") || base == QLatin1String("int8")) return 8;
    return 4;
}

int floatBytes(const TypeShape &t)
{
    if (t.base == QLatin1String("real") || t.base == QLatin1String("float4")) return 4;
    if (t.base == QLatin1String("float") && (t.args.isEmpty() || t.args.first() <= 24)) return 4;
    return 8;
}

} // namespace

TypeShape typeShape(const QString &catalogType)
{
    TypeShape t;
    const QString text = catalogType.trimmed().toLower();
    const int paren = text.indexOf(QLatin1Char('('));
    t.base = (paren < 0 ? text : text.left(paren)).trimmed();
    // "timestamp without time zone", "int unsigned": the first words name the type
    if (t.base.endsWith(QLatin1String(" unsigned")))
        t.base.chop(9);
    if (paren >= 0) {
        static const QRegularExpression number(QStringLiteral("\\d+"));
        const int close = text.indexOf(QLatin1Char(')'), paren);
        QRegularExpressionMatchIterator it = number.globalMatch(text.mid(paren, close < 0 ? -1 : close - paren));
        while (it.hasNext())
            t.args << it.next().captured(0).toInt();
    }
    return t;
}

std::optional<QString> narrowing(const TypeShape &from, const TypeShape &to, Dialect dialect)
{
    const Family a = familyOf(from.base), b = familyOf(to.base);
    if (a == Family::String && b == Family::String) {
        const qint64 was = capacity(from, dialect), is = capacity(to, dialect);
        if (is < was)
            return was == unbounded ? QStringLiteral("values longer than %1 characters do not fit").arg(is)
                                    : QStringLiteral("the length goes from %1 to %2").arg(was).arg(is);
        return std::nullopt;
    }
    if (a == Family::Integer && b == Family::Integer) {
        if (dialect != Dialect::SQLite && integerBytes(to.base) < integerBytes(from.base))
            return QStringLiteral("large numbers no longer fit");
        return std::nullopt;
    }
    if (a == Family::Decimal && b == Family::Decimal) {
        if (to.args.isEmpty())
            return std::nullopt;
        if (from.args.isEmpty())
            return QStringLiteral("numbers of any precision become limited to %1 digits").arg(to.args.first());
        const int wasScale = from.args.value(1), isScale = to.args.value(1);
        if (isScale < wasScale)
            return QStringLiteral("digits after the point are rounded away");
        if (to.args.first() - isScale < from.args.first() - wasScale)
            return QStringLiteral("large numbers no longer fit");
        return std::nullopt;
    }
    if (a == Family::Float && b == Family::Float)
        return floatBytes(to) < floatBytes(from) ? std::optional<QString>(QStringLiteral("precision is lost")) : std::nullopt;
    if ((a == Family::Decimal || a == Family::Float) && b == Family::Integer)
        return QStringLiteral("fractions are cut off");
    if (a == Family::String && b != Family::String && b != Family::Other)
        return QStringLiteral("text that is not a number fails to convert");
    if (a == Family::String && b == Family::Other && to.base != QLatin1String("json") && to.base != QLatin1String("jsonb"))
        return QStringLiteral("text that is not a %1 fails to convert").arg(to.base);
    return std::nullopt;
}

bool postgresChangesInPlace(const TypeShape &from, const TypeShape &to)
{
    if (from.base == to.base && from.args == to.args)
        return true;
    const bool fromVarchar = from.base == QLatin1String("character varying") || from.base == QLatin1String("text");
    if (fromVarchar && to.base == QLatin1String("text"))
        return true;
    if (fromVarchar && to.base == QLatin1String("character varying"))
        return to.args.isEmpty() || (from.base == QLatin1String("character varying") && !from.args.isEmpty() && to.args.first() >= from.args.first());
    if (from.base == QLatin1String("numeric") && to.base == QLatin1String("numeric")) {
        if (to.args.isEmpty())
            return true;
        return !from.args.isEmpty() && to.args.value(1) == from.args.value(1) && to.args.first() >= from.args.first();
    }
    return false;
}

bool mysqlChangesInPlace(const TypeShape &from, const TypeShape &to)
{
    if (from.base == to.base && from.args == to.args)
        return true;
    if (from.base != QLatin1String("varchar") || to.base != QLatin1String("varchar") || from.args.isEmpty() || to.args.isEmpty())
        return false;
    // One length byte up to 255 bytes, two above (utf8mb4: four bytes a character).
    const int was = from.args.first(), is = to.args.first();
    return is >= was && (was * 4 < 256) == (is * 4 < 256);
}

QStringList enginesRefusingDefault(const QString &sql)
{
    struct Pattern
    {
        const char *regex;
        QStringList acceptedBy;
    };
    const QString sqlite = QStringLiteral("sqlite"), postgresql = QStringLiteral("postgresql"), mysql = QStringLiteral("mysql");
    static const QList<Pattern> patterns = {
        {"\\bnow\\s*\\(", {postgresql, mysql}},
        {"\\bgen_random_uuid\\s*\\(|\\buuid_generate_v\\d|::|\\bnextval\\s*\\(|\\bclock_timestamp\\s*\\(|\\btimezone\\s*\\(", {postgresql}},
        {"\\buuid\\s*\\(\\s*\\)|\\bcurdate\\s*\\(|\\butc_timestamp\\b|\\bsysdate\\s*\\(|\\bon\\s+update\\b", {mysql}},
        {"\\bdatetime\\s*\\(|\\bstrftime\\s*\\(|\\bjulianday\\s*\\(", {sqlite}},
        {"\\bgetdate\\s*\\(|\\bnewid\\s*\\(|\\bsysdatetime\\s*\\(", {}},
    };
    QStringList refusing;
    for (const Pattern &p : patterns) {
        if (!QRegularExpression(QString::fromLatin1(p.regex), QRegularExpression::CaseInsensitiveOption).match(sql).hasMatch())
            continue;
        for (const QString &engine : {sqlite, postgresql, mysql}) {
            if (!p.acceptedBy.contains(engine) && !refusing.contains(engine))
                refusing << engine;
        }
    }
    return refusing;
}

} // namespace retort
