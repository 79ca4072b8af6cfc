// SQLAlchemy types and server defaults in SQLAlchemy's spelling, and Python string literals.
#include "sql/TypeText.h"

namespace retort {

QString pyStringLiteral(const QString &s)
{
    QString escaped;
    escaped.reserve(s.size() + 2);
    for (const QChar c : s) {
        switch (c.unicode()) {
        case '\\': escaped += QLatin1String("\\\\"); break;
        case '\'': escaped += QLatin1String("\\'"); break;
        case '\n': escaped += QLatin1String("\\n"); break;
        case '\r': escaped += QLatin1String("\\r"); break;
        case '\t': escaped += QLatin1String("\\t"); break;
        default: escaped += c; break;
        }
    }
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

QString sqlTypeText(const SqlType &t, TypeTextStyle style)
{
    const bool revision = style == TypeTextStyle::Revision;
    if (t.name.isEmpty() && !revision)
        return QStringLiteral("NullType");
    QStringList args;
    const bool enumType = t.name == QLatin1String("Enum") || t.name == QLatin1String("ENUM");
    if (t.name == QLatin1String("SET") && t.module == QLatin1String("mysql")) {
        for (const QString &v : t.enumValues)   // mysql.SET("a", "b"): its values, as it is written
            args << pyStringLiteral(v);
    } else if (enumType) {
        for (const QString &v : t.enumValues)
            args << pyStringLiteral(v);
        if (!t.enumName.isEmpty())
            args << QStringLiteral("name=") + pyStringLiteral(t.enumName);
        if (!t.nativeEnum)
            args << QStringLiteral("native_enum=False");
    } else {
        const auto numbered = [revision](const char *keyword, int n) {
            return revision ? QStringLiteral("%1=%2").arg(QLatin1String(keyword)).arg(n) : QString::number(n);
        };
        if (t.length) {
            const bool mysqlInt = t.module == QLatin1String("mysql") && t.name.endsWith(QLatin1String("INT"));
            const bool floatType = t.name.startsWith(QLatin1String("Float")) || t.name == QLatin1String("FLOAT");
            args << numbered(mysqlInt ? "display_width" : floatType ? "precision" : "length", *t.length);
        }
        if (t.precision)
            args << numbered("precision", *t.precision);
        if (t.scale)
            args << numbered("scale", *t.scale);
        if (t.fsp)
            args << QStringLiteral("fsp=%1").arg(*t.fsp);
        if (t.timezone)
            args << QStringLiteral("timezone=True");
        if (t.isUnsigned)
            args << QStringLiteral("unsigned=True");
        for (const SqlType &item : t.itemType)
            args << sqlTypeText(item, style);
    }
    if (revision) {
        const QString prefix = t.module.isEmpty() ? QStringLiteral("sa.") : t.module + QLatin1Char('.');
        return prefix + (t.name.isEmpty() ? QStringLiteral("NullType") : t.name) + QLatin1Char('(') + args.join(QStringLiteral(", "))
               + QLatin1Char(')');
    }
    const QString name = t.module.isEmpty() ? t.name : t.module + QLatin1Char('.') + t.name;
    return args.isEmpty() ? name : QStringLiteral("%1(%2)").arg(name, args.join(QStringLiteral(", ")));
}

QString serverDefaultText(const ServerDefault &d)
{
    switch (d.kind) {
    case ServerDefault::Kind::Literal: return pyStringLiteral(d.text);
    case ServerDefault::Kind::Text: return QStringLiteral("text(%1)").arg(pyStringLiteral(d.text));
    case ServerDefault::Kind::Function: return QStringLiteral("func.%1()").arg(d.text);
    case ServerDefault::Kind::True: return QStringLiteral("true()");
    case ServerDefault::Kind::False: return QStringLiteral("false()");
    }
    return {};
}

} // namespace retort
