#include "sql/SqlDefinition.h"

namespace retort::sqldef {

QStringList definitionItems(const QString &sql)
{
    QStringList items;
    int depth = 0;
    QChar quote;
    QString current;
    bool started = false;
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const QChar c = sql.at(i);
        if (!quote.isNull()) {
            current += c;
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == QLatin1Char('\'') || c == QLatin1Char('"') || c == QLatin1Char('`')) {
            quote = c;
        } else if (c == QLatin1Char('[')) {
            quote = QLatin1Char(']');
        } else if (c == QLatin1Char('(')) {
            ++depth;
            if (depth == 1 && !started) {
                started = true;
                continue;
            }
        } else if (c == QLatin1Char(')')) {
            --depth;
            if (depth == 0) {
                items << current.trimmed();
                break;
            }
        } else if (c == QLatin1Char(',') && depth == 1) {
            items << current.trimmed();
            current.clear();
            continue;
        }
        if (started)
            current += c;
    }
    return items;
}

QString unquote(QString name)
{
    name = name.trimmed();
    if (name.size() >= 2 && ((name.startsWith(QLatin1Char('"')) && name.endsWith(QLatin1Char('"')))
                             || (name.startsWith(QLatin1Char('`')) && name.endsWith(QLatin1Char('`')))
                             || (name.startsWith(QLatin1Char('[')) && name.endsWith(QLatin1Char(']')))))
        name = name.mid(1, name.size() - 2);
    return name;
}

QStringList columnList(const QString &inside)
{
    QStringList out;
    for (const QString &part : inside.split(QLatin1Char(',')))
        out << unquote(part);
    return out;
}

QString balanced(const QString &text, qsizetype from)
{
    int depth = 0;
    QChar quote;
    for (qsizetype i = from; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == QLatin1Char('\'') || c == QLatin1Char('"'))
            quote = c;
        else if (c == QLatin1Char('('))
            ++depth;
        else if (c == QLatin1Char(')') && --depth == 0)
            return text.mid(from + 1, i - from - 1);
    }
    return {};
}

} // namespace retort::sqldef
