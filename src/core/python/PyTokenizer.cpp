// Python tokenizer: a hand-written scanner over QString following the Python 3 lexical rules.
#include "python/PyTokenizer.h"

#include <algorithm>

#include <QStringView>
#include <QVector>

#include <QHash>
#include <QSet>

namespace retort {

namespace {

// ASCII, nearly every character of real code, is decided without Qt's Unicode tables.
bool isIdentifierStart(QChar c)
{
    const char16_t u = c.unicode();
    if (u < 128)
        return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_';
    return c.isLetter();
}

bool isIdentifierChar(QChar c)
{
    const char16_t u = c.unicode();
    if (u < 128)
        return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_';
    const QChar::Category category = c.category();
    return c.isLetterOrNumber() || category == QChar::Mark_NonSpacing || category == QChar::Mark_SpacingCombining;
}

bool isStringPrefix(QStringView word)
{
    const QString lower = word.toString().toLower();
    static const char *prefixes[] = {"r", "u", "b", "f", "br", "rb", "fr", "rf"};
    for (const char *p : prefixes) {
        if (lower == QLatin1String(p))
            return true;
    }
    return false;
}

class Scanner
{
public:
    explicit Scanner(const QString &source) : m_src(source) {}

    QList<PyToken> run()
    {
        m_tokens.reserve(m_src.size() / 4 + 16);
        m_indents = {0};
        m_altIndents = {0};
        bool atLineStart = true;
        while (m_pos < m_src.size()) {
            if (atLineStart && m_depth == 0) {
                // A blank or comment-only line is consumed whole; the next line starts a line again.
                if (handleIndentation())
                    continue;
                atLineStart = false;
            }
            const QChar c = m_src.at(m_pos);
            if (c == QLatin1Char('\n') || c == QLatin1Char('\r')) {
                const int start = m_pos;
                consumeNewline();
                if (m_depth > 0 && startsDefinitionAtColumnZero()) {
                    // Inside brackets a definition at column 0 cannot be a continuation: report the
                    // bracket and end the statement, so that what follows is read on its own.
                    const int open = m_openBrackets.isEmpty() ? start : m_openBrackets.first();
                    emitAt(PyToken::Kind::Error, QStringLiteral("'%1' was never closed").arg(m_src.at(open)), open, 1,
                           m_openLines.isEmpty() ? m_line : m_openLines.first(), 1);
                    m_depth = 0;
                    m_openBrackets.clear();
                    m_openLines.clear();
                    emitAt(PyToken::Kind::Newline, QStringLiteral("\n"), start, 1, m_line - 1, m_lastLineLength);
                    atLineStart = true;
                    continue;
                }
                if (m_depth == 0 && !m_tokens.isEmpty() && m_tokens.last().kind != PyToken::Kind::Newline
                    && m_tokens.last().kind != PyToken::Kind::Indent && m_tokens.last().kind != PyToken::Kind::Dedent)
                    emitAt(PyToken::Kind::Newline, QStringLiteral("\n"), start, 1, m_line - 1, m_lastLineLength);
                if (m_depth == 0)
                    atLineStart = true;
                continue;
            }
            if (c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\f')) {
                ++m_pos;
                continue;
            }
            if (c == QLatin1Char('#')) {
                skipComment();
                continue;
            }
            if (c == QLatin1Char('\\')) {
                const int next = m_pos + 1;
                if (next < m_src.size() && (m_src.at(next) == QLatin1Char('\n') || m_src.at(next) == QLatin1Char('\r'))) {
                    m_pos = next;
                    consumeNewline();
                    continue;
                }
                error(QStringLiteral("unexpected character after line continuation"), m_pos, 1);
                ++m_pos;
                continue;
            }
            if (isIdentifierStart(c)) {
                scanNameOrPrefixedString();
                continue;
            }
            if (c.isDigit() || (c == QLatin1Char('.') && m_pos + 1 < m_src.size() && m_src.at(m_pos + 1).isDigit())) {
                scanNumber();
                continue;
            }
            if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
                scanString(m_pos);
                continue;
            }
            scanOperator();
        }
        if (!m_tokens.isEmpty() && m_tokens.last().kind != PyToken::Kind::Newline
            && m_tokens.last().kind != PyToken::Kind::Dedent && m_tokens.last().kind != PyToken::Kind::Indent)
            emitAt(PyToken::Kind::Newline, QString(), m_pos, 0, m_line, column(m_pos));
        while (m_indents.size() > 1) {
            m_indents.removeLast();
            m_altIndents.removeLast();
            emitAt(PyToken::Kind::Dedent, QString(), m_pos, 0, m_line, column(m_pos));
        }
        emitAt(PyToken::Kind::EndMarker, QString(), m_pos, 0, m_line, column(m_pos));
        return m_tokens;
    }

private:
    int column(int pos) const { return pos - m_lineStart + 1; }

    void emitAt(PyToken::Kind kind, const QString &text, int offset, int length, int line, int col)
    {
        PyToken t;
        t.kind = kind;
        t.text = text;
        t.span = SourceSpan{offset, length, line, col};
        m_tokens.append(t);
    }

    void emitToken(PyToken::Kind kind, int start)
    {
        emitAt(kind, m_src.mid(start, m_pos - start), start, m_pos - start, m_tokenLine, start - m_tokenLineStart + 1);
    }

    void error(const QString &message, int start, int length)
    {
        emitAt(PyToken::Kind::Error, message, start, length, m_line, column(start));
    }

    void consumeNewline()
    {
        m_lastLineLength = m_pos - m_lineStart + 1;
        if (m_src.at(m_pos) == QLatin1Char('\r') && m_pos + 1 < m_src.size() && m_src.at(m_pos + 1) == QLatin1Char('\n'))
            ++m_pos;
        ++m_pos;
        ++m_line;
        m_lineStart = m_pos;
    }

    void skipComment()
    {
        while (m_pos < m_src.size() && m_src.at(m_pos) != QLatin1Char('\n') && m_src.at(m_pos) != QLatin1Char('\r'))
            ++m_pos;
    }

    // Measures the indentation of a new logical line; returns true when the line was blank or a comment.
    bool handleIndentation()
    {
        // As CPython: the width with tabs to multiples of 8, and again with a tab as one column; when
        // the two disagree about the block structure, the file mixes tabs and spaces (TabError).
        int width = 0;
        int altWidth = 0;
        int p = m_pos;
        while (p < m_src.size()) {
            const QChar c = m_src.at(p);
            if (c == QLatin1Char(' ')) {
                ++width;
                ++altWidth;
            } else if (c == QLatin1Char('\t')) {
                width = (width / 8 + 1) * 8;
                ++altWidth;
            } else if (c == QLatin1Char('\f')) {
                width = 0;
                altWidth = 0;
            } else {
                break;
            }
            ++p;
        }
        m_pos = p;
        if (p >= m_src.size())
            return true;
        const QChar c = m_src.at(p);
        if (c == QLatin1Char('#')) {
            skipComment();
            if (m_pos < m_src.size())
                consumeNewline();
            return true;
        }
        if (c == QLatin1Char('\n') || c == QLatin1Char('\r')) {
            consumeNewline();
            return true;
        }
        const auto tabError = [&]() {
            error(QStringLiteral("inconsistent use of tabs and spaces in indentation"), m_lineStart, p - m_lineStart);
        };
        if (width > m_indents.last()) {
            if (altWidth <= m_altIndents.last())
                tabError();
            m_indents.append(width);
            m_altIndents.append(altWidth);
            emitAt(PyToken::Kind::Indent, QString(), m_lineStart, p - m_lineStart, m_line, 1);
        } else {
            while (width < m_indents.last()) {
                m_indents.removeLast();
                m_altIndents.removeLast();
                emitAt(PyToken::Kind::Dedent, QString(), p, 0, m_line, column(p));
            }
            if (width != m_indents.last())
                error(QStringLiteral("unindent does not match any outer indentation level"), m_lineStart, p - m_lineStart);
            else if (altWidth != m_altIndents.last())
                tabError();
        }
        return false;
    }

    void scanNameOrPrefixedString()
    {
        const int start = m_pos;
        markTokenStart();
        while (m_pos < m_src.size() && isIdentifierChar(m_src.at(m_pos)))
            ++m_pos;
        if (m_pos < m_src.size() && (m_src.at(m_pos) == QLatin1Char('"') || m_src.at(m_pos) == QLatin1Char('\''))
            && isStringPrefix(QStringView(m_src).mid(start, m_pos - start))) {
            scanString(start);
            return;
        }
        emitToken(PyToken::Kind::Name, start);
        // Sorted, for a binary search (cheaper than hashing every name of a file).
        static constexpr QStringView keywords[] = {
            u"False", u"None", u"True", u"and", u"as", u"assert", u"async", u"await", u"break", u"class", u"continue", u"def",
            u"del", u"elif", u"else", u"except", u"finally", u"for", u"from", u"global", u"if", u"import", u"in", u"is",
            u"lambda", u"nonlocal", u"not", u"or", u"pass", u"raise", u"return", u"try", u"while", u"with", u"yield"};
        const QStringView name = m_tokens.last().text;
        m_tokens.last().code = std::binary_search(std::begin(keywords), std::end(keywords), name,
                                                  [](QStringView a, QStringView b) { return a.compare(b) < 0; })
                                   ? 1 : 0;
    }

    void scanNumber()
    {
        const int start = m_pos;
        markTokenStart();
        const auto isNumberChar = [](QChar c) {
            return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('.');
        };
        while (m_pos < m_src.size()) {
            const QChar c = m_src.at(m_pos);
            if ((c == QLatin1Char('+') || c == QLatin1Char('-')) && m_pos > start) {
                const QChar prev = m_src.at(m_pos - 1).toLower();
                const bool hex = m_src.mid(start, 2).toLower() == QLatin1String("0x");
                if (prev == QLatin1Char('e') && !hex) {
                    ++m_pos;
                    continue;
                }
                break;
            }
            if (!isNumberChar(c))
                break;
            if (c == QLatin1Char('.') && m_pos + 1 < m_src.size() && m_src.at(m_pos + 1) == QLatin1Char('.'))
                break;
            ++m_pos;
        }
        emitToken(PyToken::Kind::Number, start);
    }

    void scanString(int start)
    {
        if (m_pos == start)
            markTokenStart();
        const QChar quote = m_src.at(m_pos);
        const bool triple = m_pos + 2 < m_src.size() && m_src.at(m_pos + 1) == quote && m_src.at(m_pos + 2) == quote;
        const bool raw = QStringView(m_src).mid(start, m_pos - start).contains(QLatin1Char('r'), Qt::CaseInsensitive);
        Q_UNUSED(raw);   // a backslash escapes the next character in raw strings too, as far as the end goes
        m_pos += triple ? 3 : 1;
        while (m_pos < m_src.size()) {
            const QChar c = m_src.at(m_pos);
            if (c == QLatin1Char('\\')) {
                if (m_pos + 1 < m_src.size() && m_src.at(m_pos + 1) == QLatin1Char('\r')
                    && m_pos + 2 < m_src.size() && m_src.at(m_pos + 2) == QLatin1Char('\n')) {
                    m_pos += 1;
                    consumeNewline();
                } else if (m_pos + 1 < m_src.size()
                           && (m_src.at(m_pos + 1) == QLatin1Char('\n') || m_src.at(m_pos + 1) == QLatin1Char('\r'))) {
                    m_pos += 1;
                    consumeNewline();
                } else {
                    m_pos += 2;
                }
                continue;
            }
            if (c == QLatin1Char('\n') || c == QLatin1Char('\r')) {
                if (!triple) {
                    error(QStringLiteral("unterminated string literal"), start, m_pos - start);
                    return;
                }
                consumeNewline();
                continue;
            }
            if (c == quote) {
                if (!triple) {
                    ++m_pos;
                    emitToken(PyToken::Kind::String, start);
                    return;
                }
                if (m_pos + 2 < m_src.size() && m_src.at(m_pos + 1) == quote && m_src.at(m_pos + 2) == quote) {
                    m_pos += 3;
                    emitToken(PyToken::Kind::String, start);
                    return;
                }
            }
            ++m_pos;
        }
        m_pos = qMin(m_pos, int(m_src.size()));
        PyToken t;
        t.kind = PyToken::Kind::Error;
        t.text = triple ? QStringLiteral("unterminated triple-quoted string literal")
                        : QStringLiteral("unterminated string literal");
        t.span = SourceSpan{start, m_pos - start, m_tokenLine, start - m_tokenLineStart + 1};
        m_tokens.append(t);
    }

    // Longest operator at the current position (maximal munch), 0 when there is none.
    int operatorLength() const
    {
        const QChar c0 = m_src.at(m_pos);
        const QChar c1 = m_pos + 1 < m_src.size() ? m_src.at(m_pos + 1) : QChar();
        const QChar c2 = m_pos + 2 < m_src.size() ? m_src.at(m_pos + 2) : QChar();
        switch (c0.unicode()) {
        case '(': case ')': case '[': case ']': case '{': case '}': case ',': case ';': case '~':
            return 1;
        case '.': return c1 == QLatin1Char('.') && c2 == QLatin1Char('.') ? 3 : 1;
        case ':': case '=': return c1 == QLatin1Char('=') ? 2 : 1;
        case '!': return c1 == QLatin1Char('=') ? 2 : 0;
        case '-': return c1 == QLatin1Char('>') || c1 == QLatin1Char('=') ? 2 : 1;
        case '+': case '%': case '&': case '|': case '^': case '@': return c1 == QLatin1Char('=') ? 2 : 1;
        case '*': case '/': case '<': case '>':
            if (c1 == c0 && !(c0 == QLatin1Char('<') && c1 == QLatin1Char('>')))
                return c2 == QLatin1Char('=') ? 3 : 2;
            return c1 == QLatin1Char('=') ? 2 : 1;
        default:
            return 0;
        }
    }

    static quint8 binaryClass(QStringView op)
    {
        if (op == u"|") return 1;
        if (op == u"^") return 2;
        if (op == u"&") return 3;
        if (op == u"<<" || op == u">>") return 4;
        if (op == u"+" || op == u"-") return 5;
        if (op == u"*" || op == u"/" || op == u"//" || op == u"%" || op == u"@") return 6;
        return 0;
    }

    void scanOperator()
    {
        const int start = m_pos;
        markTokenStart();
        const int length = operatorLength();
        if (length == 0) {
            error(QStringLiteral("invalid character '%1'").arg(m_src.at(m_pos)), m_pos, 1);
            ++m_pos;
            return;
        }
        const QStringView text = QStringView(m_src).mid(m_pos, length);
        m_pos += length;
        if (length == 1) {
            const QChar c = text.at(0);
            if (c == QLatin1Char('(') || c == QLatin1Char('[') || c == QLatin1Char('{')) {
                ++m_depth;
                m_openBrackets.append(start);
                m_openLines.append(m_line);
            } else if ((c == QLatin1Char(')') || c == QLatin1Char(']') || c == QLatin1Char('}')) && m_depth > 0) {
                --m_depth;
                m_openBrackets.removeLast();
                m_openLines.removeLast();
            }
        }
        // Operator texts are interned: every "(" shares one string instead of allocating its own.
        thread_local QHash<quint32, QString> interned;
        quint32 key = 0;
        for (const QChar ch : text)
            key = (key << 8) | (ch.unicode() & 0xff);
        auto it = interned.constFind(key);
        if (it == interned.constEnd())
            it = interned.insert(key, text.toString());
        const QString shared = *it;
        emitAt(PyToken::Kind::Operator, shared, start, length, m_tokenLine, start - m_tokenLineStart + 1);
        m_tokens.last().code = binaryClass(text);
    }

    bool startsDefinitionAtColumnZero() const
    {
        static const char *words[] = {"def ", "class ", "import ", "from ", "async def ", "@"};
        const QStringView rest = QStringView(m_src).mid(m_pos);
        for (const char *w : words) {
            if (rest.startsWith(QLatin1String(w)))
                return true;
        }
        return false;
    }

    void markTokenStart()
    {
        m_tokenLine = m_line;
        m_tokenLineStart = m_lineStart;
    }

    const QString &m_src;
    QList<PyToken> m_tokens;
    QList<int> m_indents;
    QList<int> m_altIndents;   ///< the same levels measured with a tab as one column
    int m_pos = 0;
    int m_line = 1;
    int m_lineStart = 0;
    int m_lastLineLength = 0;
    int m_tokenLine = 1;
    int m_tokenLineStart = 0;
    int m_depth = 0;
    QVector<int> m_openBrackets;   // offsets of the open brackets, outermost first
    QVector<int> m_openLines;
};

bool appendEscape(QStringView body, int &i, QString &out)
{
    // body[i] is the character after the backslash.
    const QChar c = body.at(i);
    switch (c.unicode()) {
    case '\n': return true;                 // line continuation inside the string
    case '\\': out += QLatin1Char('\\'); return true;
    case '\'': out += QLatin1Char('\''); return true;
    case '"': out += QLatin1Char('"'); return true;
    case 'a': out += QChar(7); return true;
    case 'b': out += QChar(8); return true;
    case 'f': out += QChar(12); return true;
    case 'n': out += QLatin1Char('\n'); return true;
    case 'r': out += QLatin1Char('\r'); return true;
    case 't': out += QLatin1Char('\t'); return true;
    case 'v': out += QChar(11); return true;
    case 'x': case 'u': case 'U': {
        const int digits = c == QLatin1Char('x') ? 2 : (c == QLatin1Char('u') ? 4 : 8);
        if (i + digits >= body.size())
            return false;
        bool ok = false;
        const uint code = body.mid(i + 1, digits).toUInt(&ok, 16);
        if (!ok || body.mid(i + 1, digits).size() != digits)
            return false;
        if (code > 0xFFFF) {
            const char32_t cp = char32_t(code);
            out += QString::fromUcs4(&cp, 1);
        } else {
            out += QChar(ushort(code));
        }
        i += digits;
        return true;
    }
    default:
        if (c >= QLatin1Char('0') && c <= QLatin1Char('7')) {
            int len = 1;
            while (len < 3 && i + len < body.size() && body.at(i + len) >= QLatin1Char('0') && body.at(i + len) <= QLatin1Char('7'))
                ++len;
            out += QChar(ushort(body.mid(i, len).toUInt(nullptr, 8)));
            i += len - 1;
            return true;
        }
        // Unknown escapes keep the backslash, as Python does.
        out += QLatin1Char('\\');
        out += c;
        return true;
    }
}

} // namespace

QList<PyToken> tokenizePython(const QString &source)
{
    return Scanner(source).run();
}

bool decodePyStringLiteral(const QString &tokenText, QString *value)
{
    int q = 0;
    while (q < tokenText.size() && tokenText.at(q) != QLatin1Char('"') && tokenText.at(q) != QLatin1Char('\''))
        ++q;
    const QString prefix = tokenText.left(q).toLower();
    if (prefix.contains(QLatin1Char('f')) || q >= tokenText.size())
        return false;
    const bool raw = prefix.contains(QLatin1Char('r'));
    const QChar quote = tokenText.at(q);
    const bool triple = tokenText.mid(q, 3) == QString(3, quote);
    const int quoteLen = triple ? 3 : 1;
    if (tokenText.size() < q + 2 * quoteLen)
        return false;
    QString body = tokenText.mid(q + quoteLen, tokenText.size() - q - 2 * quoteLen);
    if (body.contains(QLatin1Char('\r')))
        body.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    if (raw || !body.contains(QLatin1Char('\\'))) {
        *value = body;
        return true;
    }
    QString out;
    out.reserve(body.size());
    const QStringView view(body);
    for (int i = 0; i < view.size(); ++i) {
        if (view.at(i) == QLatin1Char('\\') && i + 1 < view.size()) {
            ++i;
            if (!appendEscape(view, i, out))
                return false;
        } else {
            out += view.at(i);
        }
    }
    *value = out;
    return true;
}

} // namespace retort
