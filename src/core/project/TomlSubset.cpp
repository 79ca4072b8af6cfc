// A small TOML reader: enough for pyproject.toml's [tool.alembic], with multi-line arrays, basic
// and literal strings and comments.
#include "project/TomlSubset.h"

#include <QRegularExpression>

namespace retort {

namespace {

struct Cursor
{
    const QString &text;
    int pos = 0;
    int line = 1;

    bool atEnd() const { return pos >= text.size(); }
    QChar peek() const { return atEnd() ? QChar() : text.at(pos); }
    void advance()
    {
        if (!atEnd() && text.at(pos) == QLatin1Char('\n'))
            ++line;
        ++pos;
    }
    void skipSpaces(bool newlines)
    {
        while (!atEnd()) {
            const QChar c = peek();
            if (c == QLatin1Char('#')) {
                while (!atEnd() && peek() != QLatin1Char('\n'))
                    advance();
            } else if (c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\r')
                       || (newlines && c == QLatin1Char('\n'))) {
                advance();
            } else {
                break;
            }
        }
    }
};

bool readString(Cursor &c, QString *out)
{
    const QChar quote = c.peek();
    const bool literal = quote == QLatin1Char('\'');
    c.advance();
    QString value;
    while (!c.atEnd() && c.peek() != quote) {
        QChar ch = c.peek();
        if (ch == QLatin1Char('\n'))
            return false;
        if (!literal && ch == QLatin1Char('\\')) {
            c.advance();
            const QChar e = c.peek();
            if (e == QLatin1Char('n')) ch = QLatin1Char('\n');
            else if (e == QLatin1Char('t')) ch = QLatin1Char('\t');
            else ch = e;
        }
        value += ch;
        c.advance();
    }
    if (c.atEnd())
        return false;
    c.advance();
    *out = value;
    return true;
}

} // namespace

Result<TomlTable> readTomlTable(const QString &text, const QString &tableName, const QString &fileName)
{
    TomlTable table;
    Cursor c{text};
    QString current;
    const auto fail = [&](const QString &message) {
        Error e = makeError(message);
        e.file = fileName;
        e.line = c.line;
        return e;
    };
    static const QRegularExpression keyRe(QStringLiteral(R"(^[A-Za-z0-9_.-]+)"));
    while (true) {
        c.skipSpaces(true);
        if (c.atEnd())
            break;
        if (c.peek() == QLatin1Char('[')) {
            const int end = text.indexOf(QLatin1Char(']'), c.pos);
            const int nl = text.indexOf(QLatin1Char('\n'), c.pos);
            if (end < 0 || (nl >= 0 && end > nl))
                return fail(QStringLiteral("Cannot read this table header."));
            current = text.mid(c.pos + 1, end - c.pos - 1).trimmed();
            if (current.startsWith(QLatin1Char('[')))
                current = current.mid(1).trimmed();
            while (c.pos <= end)
                c.advance();
            while (!c.atEnd() && c.peek() != QLatin1Char('\n'))
                c.advance();
            continue;
        }
        const QRegularExpressionMatch key = keyRe.match(QStringView(text).mid(c.pos).toString().left(200));
        const bool inTable = current == tableName;
        if (!key.hasMatch()) {
            if (inTable)
                return fail(QStringLiteral("Cannot read this line of [%1].").arg(tableName));
            while (!c.atEnd() && c.peek() != QLatin1Char('\n'))
                c.advance();
            continue;
        }
        const QString name = key.captured(0);
        const int keyLine = c.line;
        c.pos += name.size();
        c.skipSpaces(false);
        if (c.peek() != QLatin1Char('=')) {
            if (inTable)
                return fail(QStringLiteral("Expected '=' after '%1'.").arg(name));
            while (!c.atEnd() && c.peek() != QLatin1Char('\n'))
                c.advance();
            continue;
        }
        c.advance();
        c.skipSpaces(false);
        QVariant value;
        bool understood = true;
        const QChar first = c.peek();
        if (first == QLatin1Char('"') || first == QLatin1Char('\'')) {
            QString s;
            understood = readString(c, &s);
            value = s;
        } else if (first == QLatin1Char('[')) {
            c.advance();
            QStringList items;
            while (true) {
                c.skipSpaces(true);
                if (c.peek() == QLatin1Char(']')) { c.advance(); break; }
                QString s;
                if ((c.peek() != QLatin1Char('"') && c.peek() != QLatin1Char('\'')) || !readString(c, &s)) {
                    understood = false;
                    break;
                }
                items << s;
                c.skipSpaces(true);
                if (c.peek() == QLatin1Char(',')) c.advance();
            }
            value = items;
        } else {
            int end = c.pos;
            while (end < text.size() && text.at(end) != QLatin1Char('\n') && text.at(end) != QLatin1Char('#'))
                ++end;
            const QString word = text.mid(c.pos, end - c.pos).trimmed();
            bool isInt = false;
            const qint64 number = word.toLongLong(&isInt);
            if (word == QLatin1String("true") || word == QLatin1String("false"))
                value = word == QLatin1String("true");
            else if (isInt)
                value = number;
            else
                understood = false;
            while (c.pos < end)
                c.advance();
        }
        if (!understood) {
            if (inTable)
                return fail(QStringLiteral("The value of '%1' is not a string, boolean, integer or list of strings.").arg(name));
            while (!c.atEnd() && c.peek() != QLatin1Char('\n'))
                c.advance();
            continue;
        }
        if (inTable) {
            table.values.insert(name, value);
            table.lines.insert(name, keyLine);
        }
    }
    return table;
}

} // namespace retort
