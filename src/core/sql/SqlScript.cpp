#include "sql/SqlScript.h"

#include <QSet>

namespace retort::sql {

namespace {

enum class Token { Word, Symbol, Text, Name, Comment, Blank, Semicolon };

struct Lexeme
{
    Token kind;
    qsizetype start;
    qsizetype end;
};

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('$');
}

// The tokens of script, as the dialect's lexer reads them. An unterminated string, name or comment
// runs to the end of the script (the server will refuse it whole).
class Lexer
{
public:
    Lexer(const QString &script, Dialect dialect) : s(script), d(dialect) {}

    QList<Lexeme> run()
    {
        QList<Lexeme> out;
        qsizetype i = 0;
        while (i < s.size()) {
            const qsizetype start = i;
            const Token kind = next(i);
            out << Lexeme{kind, start, i};
        }
        return out;
    }

private:
    QChar at(qsizetype i) const { return i < s.size() ? s.at(i) : QChar(); }

    // Past a quoted run opened at i (the quote char q): doubled quotes stay inside; backslash
    // escapes where the dialect has them.
    qsizetype quoted(qsizetype i, QChar q, bool backslash) const
    {
        ++i;
        while (i < s.size()) {
            const QChar c = s.at(i);
            if (backslash && c == QLatin1Char('\\')) {
                i += 2;
                continue;
            }
            if (c == q) {
                if (at(i + 1) == q) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            ++i;
        }
        return s.size();
    }

    Token next(qsizetype &i) const
    {
        const QChar c = s.at(i);
        const QChar n = at(i + 1);
        const bool afterWord = i > 0 && isWordChar(s.at(i - 1));
        if (c.isSpace()) {
            while (i < s.size() && s.at(i).isSpace())
                ++i;
            return Token::Blank;
        }
        if (c == QLatin1Char(';')) {
            ++i;
            return Token::Semicolon;
        }
        // -- comments; MySQL wants a blank or control character after the dashes (else 1--1 is arithmetic).
        if (c == QLatin1Char('-') && n == QLatin1Char('-')
            && (d != Dialect::MySQL || at(i + 2).isNull() || at(i + 2).isSpace() || at(i + 2).unicode() < 32)) {
            const qsizetype eol = s.indexOf(QLatin1Char('\n'), i);
            i = eol < 0 ? s.size() : eol + 1;
            return Token::Comment;
        }
        if (c == QLatin1Char('#') && d == Dialect::MySQL) {
            const qsizetype eol = s.indexOf(QLatin1Char('\n'), i);
            i = eol < 0 ? s.size() : eol + 1;
            return Token::Comment;
        }
        if (c == QLatin1Char('/') && n == QLatin1Char('*')) {
            // PostgreSQL nests block comments; the others end at the first */.
            int depth = 0;
            while (i < s.size()) {
                if (s.at(i) == QLatin1Char('/') && at(i + 1) == QLatin1Char('*')) {
                    ++depth;
                    i += 2;
                    if (d != Dialect::PostgreSQL)
                        depth = 1;
                } else if (s.at(i) == QLatin1Char('*') && at(i + 1) == QLatin1Char('/')) {
                    i += 2;
                    if (--depth == 0)
                        break;
                } else {
                    ++i;
                }
            }
            return Token::Comment;
        }
        if (c == QLatin1Char('\'')) {
            // PostgreSQL: backslash escapes only in E'…'; MySQL: in every string (its default mode).
            const bool escapes = d == Dialect::MySQL;
            i = quoted(i, c, escapes);
            return Token::Text;
        }
        if ((c == QLatin1Char('E') || c == QLatin1Char('e')) && n == QLatin1Char('\'') && d == Dialect::PostgreSQL && !afterWord) {
            i = quoted(i + 1, n, true);
            return Token::Text;
        }
        if (c == QLatin1Char('"')) {
            // MySQL reads "…" as a string (with escapes); the others as a name.
            i = quoted(i, c, d == Dialect::MySQL);
            return d == Dialect::MySQL ? Token::Text : Token::Name;
        }
        if (c == QLatin1Char('`') && d != Dialect::PostgreSQL) {
            i = quoted(i, c, false);
            return Token::Name;
        }
        if (c == QLatin1Char('[') && d == Dialect::SQLite) {
            const qsizetype close = s.indexOf(QLatin1Char(']'), i);
            i = close < 0 ? s.size() : close + 1;
            return Token::Name;
        }
        if (c == QLatin1Char('$') && d == Dialect::PostgreSQL && !afterWord) {
            // $tag$ … $tag$ (tag empty or a name not starting with a digit); $1 is a parameter.
            qsizetype j = i + 1;
            while (j < s.size() && s.at(j) != QLatin1Char('$') && (s.at(j).isLetterOrNumber() || s.at(j) == QLatin1Char('_')))
                ++j;
            if (j < s.size() && s.at(j) == QLatin1Char('$') && !(j > i + 1 && s.at(i + 1).isDigit())) {
                const QString tag = s.mid(i, j - i + 1);
                const qsizetype close = s.indexOf(tag, j + 1);
                i = close < 0 ? s.size() : close + tag.size();
                return Token::Text;
            }
        }
        if (isWordChar(c)) {
            while (i < s.size() && isWordChar(s.at(i)))
                ++i;
            return Token::Word;
        }
        ++i;
        return Token::Symbol;
    }

    const QString &s;
    const Dialect d;
};

QString upperWord(const QString &script, const Lexeme &l)
{
    return script.mid(l.start, l.end - l.start).toUpper();
}

// The statements' token ranges: [first, last) of lexemes, split at ';' (SQLite: inside CREATE
// TRIGGER, only a ';' after END ends the statement).
QList<QPair<int, int>> statementRanges(const QString &script, const QList<Lexeme> &lexemes, Dialect dialect)
{
    QList<QPair<int, int>> ranges;
    int first = 0;
    QStringList words;   // the statement's words so far
    for (int i = 0; i < lexemes.size(); ++i) {
        const Lexeme &l = lexemes.at(i);
        if (l.kind == Token::Word)
            words << upperWord(script, l);
        if (l.kind != Token::Semicolon)
            continue;
        const bool trigger = dialect == Dialect::SQLite && words.size() >= 2 && words.at(0) == QLatin1String("CREATE")
                             && (words.at(1) == QLatin1String("TRIGGER")
                                 || (words.size() >= 3 && (words.at(1) == QLatin1String("TEMP") || words.at(1) == QLatin1String("TEMPORARY"))
                                     && words.at(2) == QLatin1String("TRIGGER")));
        if (trigger && words.contains(QLatin1String("BEGIN")) && words.constLast() != QLatin1String("END"))
            continue;
        if (trigger && !words.contains(QLatin1String("BEGIN")))
            continue;
        ranges << qMakePair(first, i);
        first = i + 1;
        words.clear();
    }
    ranges << qMakePair(first, int(lexemes.size()));
    return ranges;
}

std::optional<StatementSpan> spanOf(const QString &script, const QList<Lexeme> &lexemes, QPair<int, int> range)
{
    int a = range.first;
    int b = range.second;
    while (a < b && (lexemes.at(a).kind == Token::Blank || lexemes.at(a).kind == Token::Comment))
        ++a;
    if (a == b)
        return std::nullopt;   // blanks and comments only
    while (b > a && lexemes.at(b - 1).kind == Token::Blank)
        --b;
    StatementSpan span;
    span.start = lexemes.at(a).start;
    span.end = lexemes.at(b - 1).end;
    while (span.end > span.start && script.at(span.end - 1).isSpace())   // a line comment's newline
        --span.end;
    span.text = script.mid(span.start, span.end - span.start);
    return span;
}

} // namespace

QList<StatementSpan> splitStatements(const QString &script, Dialect dialect)
{
    const QList<Lexeme> lexemes = Lexer(script, dialect).run();
    QList<StatementSpan> out;
    for (const QPair<int, int> &range : statementRanges(script, lexemes, dialect)) {
        if (std::optional<StatementSpan> span = spanOf(script, lexemes, range))
            out << *span;
    }
    return out;
}

std::optional<StatementSpan> statementAt(const QString &script, qsizetype cursor, Dialect dialect)
{
    const QList<StatementSpan> all = splitStatements(script, dialect);
    for (const StatementSpan &span : all) {
        if (cursor >= span.start && cursor <= span.end)
            return span;
    }
    // Just after a statement's ';' on the same line (where the cursor is after typing it).
    for (qsizetype i = all.size() - 1; i >= 0; --i) {
        const StatementSpan &span = all.at(i);
        if (span.end <= cursor) {
            const QString between = script.mid(span.end, cursor - span.end);
            if (!between.contains(QLatin1Char('\n')) && between.trimmed().remove(QLatin1Char(';')).trimmed().isEmpty())
                return span;
            break;
        }
    }
    return std::nullopt;
}

StatementKind classifyStatement(const QString &statement, Dialect dialect)
{
    const QList<Lexeme> lexemes = Lexer(statement, dialect).run();
    QStringList words;
    QList<qsizetype> wordStarts;
    bool executableComment = false;
    for (const Lexeme &l : lexemes) {
        if (l.kind == Token::Word) {
            words << upperWord(statement, l);
            wordStarts << l.start;
        }
        else if (l.kind == Token::Comment && dialect == Dialect::MySQL
                 && (statement.mid(l.start, 3) == QLatin1String("/*!") || statement.mid(l.start, 4) == QLatin1String("/*M!")))
            executableComment = true;   // MySQL runs what is inside
        else if (l.kind == Token::Semicolon)
            return StatementKind::Other;   // more than one statement: never a plain query
    }
    if (words.isEmpty())
        return StatementKind::Other;
    static const QSet<QString> dataChange{QStringLiteral("INSERT"), QStringLiteral("UPDATE"), QStringLiteral("DELETE"),
                                          QStringLiteral("MERGE"), QStringLiteral("REPLACE"), QStringLiteral("UPSERT"),
                                          QStringLiteral("COPY"), QStringLiteral("LOAD")};
    static const QSet<QString> schema{QStringLiteral("CREATE"), QStringLiteral("ALTER"), QStringLiteral("DROP"), QStringLiteral("TRUNCATE"),
                                      QStringLiteral("RENAME"), QStringLiteral("COMMENT"), QStringLiteral("GRANT"), QStringLiteral("REVOKE"),
                                      QStringLiteral("REINDEX"), QStringLiteral("VACUUM"), QStringLiteral("ANALYZE"), QStringLiteral("ANALYSE"),
                                      QStringLiteral("CLUSTER"), QStringLiteral("OPTIMIZE"), QStringLiteral("REFRESH"),
                                      QStringLiteral("REPAIR"), QStringLiteral("SECURITY"), QStringLiteral("IMPORT")};
    // Words that make a reading statement write: a data-changing CTE, SELECT … INTO (a new table on
    // PostgreSQL, a file or variables on MySQL), a sequence moved on.
    static const QSet<QString> writesInQuery{QStringLiteral("INSERT"), QStringLiteral("UPDATE"), QStringLiteral("DELETE"),
                                             QStringLiteral("MERGE"), QStringLiteral("INTO"), QStringLiteral("NEXTVAL"),
                                             QStringLiteral("SETVAL"), QStringLiteral("SET_CONFIG"), QStringLiteral("OUTFILE"),
                                             QStringLiteral("DUMPFILE"), QStringLiteral("LO_IMPORT"), QStringLiteral("LO_EXPORT"),
                                             QStringLiteral("PG_TERMINATE_BACKEND"), QStringLiteral("PG_CANCEL_BACKEND"),
                                             QStringLiteral("LOAD_EXTENSION"), QStringLiteral("GET_LOCK")};
    static const QSet<QString> readingPragmas{
        QStringLiteral("TABLE_INFO"), QStringLiteral("TABLE_XINFO"), QStringLiteral("TABLE_LIST"), QStringLiteral("INDEX_LIST"),
        QStringLiteral("INDEX_INFO"), QStringLiteral("INDEX_XINFO"), QStringLiteral("FOREIGN_KEY_LIST"), QStringLiteral("FOREIGN_KEY_CHECK"),
        QStringLiteral("INTEGRITY_CHECK"), QStringLiteral("QUICK_CHECK"), QStringLiteral("DATABASE_LIST"), QStringLiteral("COMPILE_OPTIONS"),
        QStringLiteral("PAGE_COUNT"), QStringLiteral("PAGE_SIZE"), QStringLiteral("USER_VERSION"), QStringLiteral("SCHEMA_VERSION"),
        QStringLiteral("ENCODING"), QStringLiteral("FREELIST_COUNT"), QStringLiteral("COLLATION_LIST"), QStringLiteral("FUNCTION_LIST"),
        QStringLiteral("MODULE_LIST"), QStringLiteral("PRAGMA_LIST"), QStringLiteral("FOREIGN_KEYS"), QStringLiteral("JOURNAL_MODE"),
        QStringLiteral("APPLICATION_ID"), QStringLiteral("DATA_VERSION")};
    const QString &first = words.first();
    if (dataChange.contains(first))
        return StatementKind::DataChange;
    if (schema.contains(first))
        return StatementKind::Schema;
    if (first == QLatin1String("PRAGMA")) {
        const bool assigns = statement.contains(QLatin1Char('='));
        const QString name = words.value(1) == QLatin1String("MAIN") || words.value(1) == QLatin1String("TEMP") ? words.value(2)
                                                                                                                  : words.value(1);
        // A reading pragma takes a table's name in parentheses, never a value to set.
        const bool settingWithParentheses = name == QLatin1String("USER_VERSION") || name == QLatin1String("FOREIGN_KEYS")
                                            || name == QLatin1String("JOURNAL_MODE") || name == QLatin1String("APPLICATION_ID");
        if (!assigns && readingPragmas.contains(name) && !(settingWithParentheses && statement.contains(QLatin1Char('('))))
            return StatementKind::Query;
        return StatementKind::Other;
    }
    const bool reading = first == QLatin1String("SELECT") || first == QLatin1String("WITH") || first == QLatin1String("VALUES")
                         || first == QLatin1String("TABLE") || first == QLatin1String("SHOW") || first == QLatin1String("DESCRIBE")
                         || first == QLatin1String("DESC") || first == QLatin1String("EXPLAIN");
    if (!reading)
        return StatementKind::Other;
    if (first == QLatin1String("EXPLAIN") && (words.contains(QLatin1String("ANALYZE")) || words.contains(QLatin1String("ANALYSE"))))
    {
        // EXPLAIN ANALYZE runs the statement it explains: it is what that statement is.
        static const QSet<QString> starts{QStringLiteral("SELECT"), QStringLiteral("WITH"), QStringLiteral("VALUES"),
                                          QStringLiteral("TABLE"), QStringLiteral("INSERT"), QStringLiteral("UPDATE"),
                                          QStringLiteral("DELETE"), QStringLiteral("MERGE"), QStringLiteral("CREATE"),
                                          QStringLiteral("EXECUTE"), QStringLiteral("REPLACE")};
        for (qsizetype w = 1; w < words.size(); ++w) {
            if (starts.contains(words.at(w)))
                return words.at(w) == QLatin1String("EXECUTE") ? StatementKind::Other
                                                                : classifyStatement(statement.mid(wordStarts.at(w)), dialect);
        }
        return StatementKind::Other;
    }
    if (executableComment)
        return StatementKind::Other;
    for (const QString &w : std::as_const(words)) {
        if (writesInQuery.contains(w))
            return w == QLatin1String("INTO") && first != QLatin1String("WITH") ? StatementKind::Other : StatementKind::DataChange;
    }
    return StatementKind::Query;
}

QString kindName(StatementKind kind)
{
    switch (kind) {
    case StatementKind::Query: return QStringLiteral("query");
    case StatementKind::DataChange: return QStringLiteral("data change");
    case StatementKind::Schema: return QStringLiteral("schema change");
    case StatementKind::Other: return QStringLiteral("statement");
    }
    return {};
}

Result<ConsoleStatement> consoleStatement(const QString &text, Dialect dialect, bool allowWrites)
{
    const QList<StatementSpan> statements = splitStatements(text, dialect);
    if (statements.isEmpty())
        return makeError(QStringLiteral("There is no statement to run."));
    if (statements.size() > 1)
        return makeError(QStringLiteral("The text holds %1 statements; the console runs one at a time. Put the cursor in the one to run, "
                                        "or select it.").arg(statements.size()));
    ConsoleStatement out{statements.first().text, classifyStatement(statements.first().text, dialect)};
    if (!allowWrites && out.kind != StatementKind::Query)
        return makeError(QStringLiteral("The console is read-only, so this %1 was not run. Switch on \u201cAllow writes\u201d to run it.")
                             .arg(kindName(out.kind)));
    return out;
}

} // namespace retort::sql
