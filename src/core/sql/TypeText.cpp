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

QString sqlTypeText(const SqlType &t)
{
    if (t.name.isEmpty())
        return QStringLiteral("NullType");
    QStringList args;
    const bool enumType = t.name == QLatin1String("Enum") || t.name == QLatin1String("ENUM");
    if (enumType) {
        for (const QString &v : t.enumValues)
            args << pyStringLiteral(v);
        if (!t.enumName.isEmpty())
            args << QStringLiteral("name=") + pyStringLiteral(t.enumName);
        if (!t.nativeEnum)
            args << QStringLiteral("native_enum=False");
    } else {
        if (t.length)
            args << QString::number(*t.length);
        if (t.precision)
            args << QString::number(*t.precision);
        if (t.scale)
            args << QString::number(*t.scale);
        if (t.fsp)
            args << QStringLiteral("fsp=%1").arg(*t.fsp);
        if (t.timezone)
            args << QStringLiteral("timezone=True");
        if (t.isUnsigned)
            args << QStringLiteral("unsigned=True");
        for (const SqlType &item : t.itemType)
            args << sqlTypeText(item);
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
