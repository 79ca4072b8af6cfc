// Recursive-descent parser over the token stream of PyTokenizer, following the Python 3.11 grammar
// for the statements and expressions that models and revision scripts use. A statement that does not
// parse is recorded as a syntax error and skipped (with its indented block); parsing goes on after it.
#include "python/PyAst.h"

#include <QRegularExpression>
#include "python/PyTokenizer.h"

#include <QSet>

namespace retort {

namespace {

using Kind = PyToken::Kind;
using EK = PyExpr::Kind;
using SK = PyStmt::Kind;

struct ParseFailure
{
    QString message;
    SourceSpan span;
    bool readerLimit = false;
};

const QSet<QString> &keywords()
{
    static const QSet<QString> set{
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield"};
    return set;
}

constexpr int kMaxDepth = 120;   // deeper nesting is reported, not recursed into (keeps the stack safe)
// Chains (a + b + …, a.b.c…, f()()…) nest the tree without nesting the parser; every reader of the
// tree recurses over it, so each link counts too, against a larger budget.
constexpr int kMaxTreeDepth = 1000;

class Parser
{
public:
    explicit Parser(const QList<PyToken> &tokens) : m_t(tokens) {}

    PyModule parseModule()
    {
        PyModule module;
        while (!at(Kind::EndMarker)) {
            if (at(Kind::Newline) || at(Kind::Dedent)) {
                ++m_p;
                continue;
            }
            if (at(Kind::Indent)) {
                fail(QStringLiteral("unexpected indent"), module.errors);
                continue;
            }
            parseStatementInto(module.body, module.errors);
        }
        if (!module.body.empty()) {
            const PyStmt &first = *module.body.front();
            if (first.kind == SK::Expr && first.value && first.value->kind == EK::String && !first.value->isComputed) {
                module.docstring = first.value->text;
                module.hasDocstring = true;
            }
        }
        return module;
    }

private:
    // ---- token access -------------------------------------------------------------------------
    const PyToken &peek(int k = 0) const
    {
        const int i = qMin(m_p + k, int(m_t.size()) - 1);
        return m_t.at(i);
    }
    bool at(Kind kind) const { return peek().kind == kind; }
    bool atOp(QStringView op, int k = 0) const
    {
        const PyToken &t = peek(k);
        return t.kind == Kind::Operator && t.text.size() == op.size() && t.text == op;
    }
    // Names carry code 1 when they are keywords, so most names are rejected without a string compare.
    bool atKw(QStringView kw, int k = 0) const
    {
        const PyToken &t = peek(k);
        return t.kind == Kind::Name && t.code == 1 && t.text == kw;
    }
    const PyToken &take()
    {
        const PyToken &t = peek();
        if (t.kind == Kind::Error)
            throw ParseFailure{t.text, t.span};
        if (m_p < m_t.size() - 1)
            ++m_p;
        if (t.span.length > 0 || t.kind == Kind::Name)
            m_lastEnd = t.span.end();
        return t;
    }
    // A limit of Retort's own (Python may well accept the file), reported at the current token.
    [[noreturn]] void limitError(const QString &message) const
    {
        throw ParseFailure{message, peek().span, true};
    }
    [[noreturn]] void error(const QString &message) const
    {
        const PyToken &t = peek();
        if (t.kind == Kind::Error)
            throw ParseFailure{t.text, t.span};
        throw ParseFailure{message, t.span};
    }
    void expectOp(QStringView op)
    {
        if (!atOp(op))
            error(QStringLiteral("expected '%1'").arg(op));
        take();
    }
    void expectKw(QStringView kw)
    {
        if (!atKw(kw))
            error(QStringLiteral("expected '%1'").arg(kw));
        take();
    }
    QString expectName()
    {
        if (!at(Kind::Name) || keywords().contains(peek().text))
            error(QStringLiteral("expected a name"));
        return take().text;
    }
    SourceSpan spanFrom(const SourceSpan &start) const
    {
        SourceSpan s = start;
        s.length = qMax(0, m_lastEnd - start.offset);
        return s;
    }

    struct DepthGuard
    {
        explicit DepthGuard(Parser &p) : parser(p)
        {
            if (++parser.m_depth > kMaxDepth)
                parser.limitError(QStringLiteral("brackets, operators or blocks nested more than %1 levels deep").arg(kMaxDepth));
        }
        ~DepthGuard() { --parser.m_depth; }
        Parser &parser;
    };

    // One chain's links, counted for as long as the chain is being parsed.
    struct ChainGuard
    {
        explicit ChainGuard(Parser &p) : parser(p) {}
        ~ChainGuard() { parser.m_chainLinks -= links; }
        void link()
        {
            ++links;
            if (parser.m_depth + ++parser.m_chainLinks > kMaxTreeDepth)
                parser.limitError(QStringLiteral("an expression nested more than %1 levels deep (a chain of operators, "
                                                 "attributes, calls or subscripts)").arg(kMaxTreeDepth));
        }
        Parser &parser;
        int links = 0;
    };

    // ---- recovery -----------------------------------------------------------------------------
    void fail(const QString &message, std::vector<PySyntaxError> &errors)
    {
        errors.push_back(PySyntaxError{message, peek().span});
        skipRestOfStatement();
    }

    // Skips to the end of the logical line, and over an indented block that follows it.
    void skipRestOfStatement()
    {
        while (!at(Kind::Newline) && !at(Kind::EndMarker))
            ++m_p;
        if (at(Kind::Newline))
            ++m_p;
        if (at(Kind::Indent)) {
            int level = 0;
            do {
                if (at(Kind::Indent)) ++level;
                else if (at(Kind::Dedent)) --level;
                ++m_p;
            } while (level > 0 && !at(Kind::EndMarker));
        }
    }

    // ---- statements ---------------------------------------------------------------------------
    void parseStatementInto(PyStmtList &out, std::vector<PySyntaxError> &errors)
    {
        const int start = m_p;
        try {
            parseStatement(out, errors);
        } catch (const ParseFailure &f) {
            errors.push_back(PySyntaxError{f.message, f.span, f.readerLimit});
            if (m_p == start)
                ++m_p;
            // Resume at the next logical line (and past the block of a failed compound statement).
            m_p = qMax(m_p, start);
            skipRestOfStatement();
        }
    }

    void parseStatement(PyStmtList &out, std::vector<PySyntaxError> &errors)
    {
        const SourceSpan start = peek().span;
        std::vector<PyExprPtr> decorators;
        while (atOp(u"@")) {
            take();
            decorators.push_back(parseNamedExpr());
            if (!at(Kind::Newline))
                error(QStringLiteral("expected a new line after the decorator"));
            take();
        }
        if (atKw(u"async") && (atKw(u"def", 1) || atKw(u"for", 1) || atKw(u"with", 1)))
            take();
        if (atKw(u"def")) {
            out.push_back(parseFunction(start, std::move(decorators), errors));
            return;
        }
        if (atKw(u"class")) {
            out.push_back(parseClass(start, std::move(decorators), errors));
            return;
        }
        if (!decorators.empty())
            error(QStringLiteral("a decorator must be followed by def or class"));
        if (atKw(u"if")) { out.push_back(parseIf(start, errors)); return; }
        if (atKw(u"for")) { out.push_back(parseFor(start, errors)); return; }
        if (atKw(u"while")) { out.push_back(parseWhile(start, errors)); return; }
        if (atKw(u"try")) { out.push_back(parseTry(start, errors)); return; }
        if (atKw(u"with")) { out.push_back(parseWith(start, errors)); return; }
        if (at(Kind::Name) && peek().text == QLatin1String("match") && isMatchStatement()) {
            auto stmt = std::make_shared<PyStmt>();
            stmt->kind = SK::Match;
            while (!atOp(u":") || peek(1).kind != Kind::Newline)
                take();
            take();
            skipBlockTokens();
            stmt->span = spanFrom(start);
            out.push_back(stmt);
            return;
        }
        parseSimpleStatements(out);
    }

    bool isMatchStatement() const
    {
        // "match <subject>:" NEWLINE INDENT "case"
        int k = 1;
        while (peek(k).kind != Kind::Newline && peek(k).kind != Kind::EndMarker)
            ++k;
        return peek(k - 1).kind == Kind::Operator && peek(k - 1).text == QLatin1String(":") && peek(k + 1).kind == Kind::Indent
               && peek(k + 2).kind == Kind::Name && peek(k + 2).text == QLatin1String("case");
    }

    void skipBlockTokens()
    {
        if (at(Kind::Newline)) take();
        if (!at(Kind::Indent)) return;
        int level = 0;
        do {
            if (at(Kind::Indent)) ++level;
            else if (at(Kind::Dedent)) --level;
            if (at(Kind::Error)) error(peek().text);
            ++m_p;
        } while (level > 0 && !at(Kind::EndMarker));
    }

    PyStmtList parseSuite(std::vector<PySyntaxError> &errors)
    {
        expectOp(u":");
        PyStmtList body;
        if (!at(Kind::Newline)) {
            parseSimpleStatements(body);
            return body;
        }
        take();
        if (!at(Kind::Indent))
            error(QStringLiteral("expected an indented block"));
        take();
        while (!at(Kind::Dedent) && !at(Kind::EndMarker)) {
            if (at(Kind::Newline)) { ++m_p; continue; }
            parseStatementInto(body, errors);
        }
        if (at(Kind::Dedent))
            ++m_p;
        return body;
    }

    std::shared_ptr<PyStmt> parseFunction(const SourceSpan &start, std::vector<PyExprPtr> decorators,
                                          std::vector<PySyntaxError> &errors)
    {
        auto stmt = std::make_shared<PyStmt>();
        stmt->kind = SK::FunctionDef;
        stmt->decorators = std::move(decorators);
        expectKw(u"def");
        stmt->name = expectName();
        expectOp(u"(");
        stmt->parameters = parseParameters(u")", &stmt->parameterDefaults);
        expectOp(u")");
        if (atOp(u"->")) {
            take();
            stmt->annotation = parseTest();
        }
        stmt->body = parseSuite(errors);
        stmt->span = spanFrom(start);
        return stmt;
    }

    QStringList parseParameters(QStringView closer, std::vector<PyExprPtr> *defaults = nullptr)
    {
        QStringList names;
        while (!atOp(closer)) {
            QString prefix;
            if (atOp(u"*") || atOp(u"**") || atOp(u"/")) {
                prefix = take().text;
                if (prefix == QLatin1String("/") || atOp(u",") || atOp(closer)) {
                    names << prefix;
                    if (defaults)
                        defaults->push_back(nullptr);
                    if (atOp(u",")) take();
                    continue;
                }
            }
            names << prefix + expectName();
            if (atOp(u":") && closer != QLatin1String(":")) {
                take();
                parseTest();
            }
            PyExprPtr value;
            if (atOp(u"=")) {
                take();
                value = parseTest();
            }
            if (defaults)
                defaults->push_back(std::move(value));
            if (!atOp(u","))
                break;
            take();
        }
        return names;
    }

    std::shared_ptr<PyStmt> parseClass(const SourceSpan &start, std::vector<PyExprPtr> decorators,
                                       std::vector<PySyntaxError> &errors)
    {
        auto stmt = std::make_shared<PyStmt>();
        stmt->kind = SK::ClassDef;
        stmt->decorators = std::move(decorators);
        expectKw(u"class");
        stmt->name = expectName();
        if (atOp(u"(")) {
            take();
            std::vector<PyExprPtr> args;
            parseArguments(args, stmt->keywords);
            stmt->bases = std::move(args);
            expectOp(u")");
        }
        stmt->body = parseSuite(errors);
        stmt->span = spanFrom(start);
        return stmt;
    }

    std::shared_ptr<PyStmt> parseIf(const SourceSpan &start, std::vector<PySyntaxError> &errors)
    {
        auto stmt = std::make_shared<PyStmt>();
        stmt->kind = SK::If;
        take();   // if / elif
        stmt->value = parseNamedExpr();
        stmt->body = parseSuite(errors);
        if (atKw(u"elif")) {
            stmt->orelse.push_back(parseIf(peek().span, errors));
        } else if (atKw(u"else")) {
            take();
            stmt->orelse = parseSuite(errors);
        }
        stmt->span = spanFrom(start);
        return stmt;
    }

    // "else:" after a for/while loop.
    void parseLoopElse(PyStmt &stmt, std::vector<PySyntaxError> &errors)
    {
        if (atKw(u"else")) {
            take();
            stmt.orelse = parseSuite(errors);
        }
    }

    std::shared_ptr<PyStmt> parseFor(const SourceSpan &start, std::vector<PySyntaxError> &errors)
    {
        auto stmt = std::make_shared<PyStmt>();
        stmt->kind = SK::For;
        expectKw(u"for");
        stmt->targets.push_back(parseExpressionList(/*stopAtIn=*/true));
        expectKw(u"in");
        stmt->value = parseExpressionList();
        stmt->body = parseSuite(errors);
        parseLoopElse(*stmt, errors);
        stmt->span = spanFrom(start);
        return stmt;
    }

    std::shared_ptr<PyStmt> parseWhile(const SourceSpan &start, std::vector<PySyntaxError> &errors)
    {
        auto stmt = std::make_shared<PyStmt>();
        stmt->kind = SK::While;
        expectKw(u"while");
        stmt->value = parseNamedExpr();
        stmt->body = parseSuite(errors);
        parseLoopElse(*stmt, errors);
        stmt->span = spanFrom(start);
        return stmt;
    }

    std::shared_ptr<PyStmt> parseTry(const SourceSpan &start, std::vector<PySyntaxError> &errors)
    {
        auto stmt = std::make_shared<PyStmt>();
        stmt->kind = SK::Try;
        expectKw(u"try");
        stmt->body = parseSuite(errors);
        while (atKw(u"except") || atKw(u"else") || atKw(u"finally")) {
            PyTryClause clause;
            clause.span = peek().span;
            const QString word = take().text;
            clause.kind = word == QLatin1String("except") ? PyTryClause::Kind::Except
                          : word == QLatin1String("else") ? PyTryClause::Kind::Else
                                                          : PyTryClause::Kind::Finally;
            if (word == QLatin1String("except")) {
                if (atOp(u"*")) take();
                if (!atOp(u":")) {
                    clause.type = parseTest();
                    if (atKw(u"as")) { take(); clause.name = expectName(); }
                }
            }
            clause.body = parseSuite(errors);
            stmt->orelse.insert(stmt->orelse.end(), clause.body.begin(), clause.body.end());
            stmt->clauses.push_back(std::move(clause));
        }
        stmt->span = spanFrom(start);
        return stmt;
    }

    std::shared_ptr<PyStmt> parseWith(const SourceSpan &start, std::vector<PySyntaxError> &errors)
    {
        auto stmt = std::make_shared<PyStmt>();
        stmt->kind = SK::With;
        expectKw(u"with");
        const bool parenthesized = atOp(u"(") && withItemsAreParenthesized();
        if (parenthesized) take();
        while (true) {
            stmt->bases.push_back(parseTest());
            QString asName;
            if (atKw(u"as")) {
                take();
                const PyExprPtr target = parsePrimary();
                asName = target->kind == EK::Name ? target->text : QString();
            }
            stmt->withNames << asName;
            if (!atOp(u",")) break;
            take();
            if (parenthesized && atOp(u")")) break;
        }
        if (parenthesized) expectOp(u")");
        stmt->body = parseSuite(errors);
        stmt->span = spanFrom(start);
        return stmt;
    }

    // "with (a as b, c):" — the parenthesis closes right before the colon and holds an "as" at depth one.
    bool withItemsAreParenthesized() const
    {
        int depth = 0;
        bool sawAs = false;
        for (int k = 0; peek(k).kind != Kind::Newline && peek(k).kind != Kind::EndMarker; ++k) {
            const PyToken &t = peek(k);
            if (t.kind == Kind::Operator && (t.text == QLatin1String("(") || t.text == QLatin1String("[") || t.text == QLatin1String("{")))
                ++depth;
            else if (t.kind == Kind::Operator && (t.text == QLatin1String(")") || t.text == QLatin1String("]") || t.text == QLatin1String("}"))) {
                if (--depth == 0)
                    return sawAs && peek(k + 1).kind == Kind::Operator && peek(k + 1).text == QLatin1String(":");
            } else if (depth == 1 && t.kind == Kind::Name && t.text == QLatin1String("as"))
                sawAs = true;
        }
        return false;
    }

    void parseSimpleStatements(PyStmtList &out)
    {
        while (true) {
            out.push_back(parseSmallStatement());
            if (atOp(u";")) {
                take();
                if (at(Kind::Newline) || at(Kind::EndMarker)) break;
                continue;
            }
            break;
        }
        if (at(Kind::Newline))
            take();
        else if (!at(Kind::EndMarker))
            error(QStringLiteral("unexpected '%1'").arg(peek().text));
    }

    std::shared_ptr<PyStmt> parseSmallStatement()
    {
        auto stmt = std::make_shared<PyStmt>();
        const SourceSpan start = peek().span;
        const auto finish = [&]() {
            stmt->span = spanFrom(start);
            return stmt;
        };
        if (atKw(u"pass")) { take(); stmt->kind = SK::Pass; return finish(); }
        if (atKw(u"break")) { take(); stmt->kind = SK::Break; return finish(); }
        if (atKw(u"continue")) { take(); stmt->kind = SK::Continue; return finish(); }
        if (atKw(u"return")) {
            take();
            stmt->kind = SK::Return;
            if (!endOfSimple())
                stmt->value = parseExpressionList();
            return finish();
        }
        if (atKw(u"raise")) {
            take();
            stmt->kind = SK::Raise;
            if (!endOfSimple()) {
                stmt->value = parseTest();
                if (atKw(u"from")) { take(); parseTest(); }
            }
            return finish();
        }
        if (atKw(u"global") || atKw(u"nonlocal")) {
            stmt->kind = take().text == QLatin1String("global") ? SK::Global : SK::Nonlocal;
            do {
                if (atOp(u",")) take();
                stmt->imports.push_back(PyImportName{expectName(), QString(), peek().span});
            } while (atOp(u","));
            return finish();
        }
        if (atKw(u"del")) {
            take();
            stmt->kind = SK::Del;
            stmt->targets.push_back(parseExpressionList());
            return finish();
        }
        if (atKw(u"assert")) {
            take();
            stmt->kind = SK::Assert;
            stmt->value = parseTest();
            if (atOp(u",")) { take(); parseTest(); }
            return finish();
        }
        if (atKw(u"import")) {
            take();
            stmt->kind = SK::Import;
            do {
                if (atOp(u",")) take();
                const SourceSpan nameStart = peek().span;
                QString name = dottedModuleName();
                QString asName;
                if (atKw(u"as")) { take(); asName = expectName(); }
                stmt->imports.push_back(PyImportName{name, asName, spanFrom(nameStart)});
            } while (atOp(u","));
            return finish();
        }
        if (atKw(u"from")) {
            take();
            stmt->kind = SK::ImportFrom;
            QString module;
            while (atOp(u".") || atOp(u"...")) module += take().text;
            if (!atKw(u"import")) module += dottedModuleName();
            stmt->name = module;
            expectKw(u"import");
            if (atOp(u"*")) {
                take();
                stmt->imports.push_back(PyImportName{QStringLiteral("*"), QString(), spanFrom(start)});
                return finish();
            }
            const bool parens = atOp(u"(");
            if (parens) take();
            while (true) {
                const SourceSpan nameStart = peek().span;
                const QString name = expectName();
                QString asName;
                if (atKw(u"as")) { take(); asName = expectName(); }
                stmt->imports.push_back(PyImportName{name, asName, spanFrom(nameStart)});
                if (!atOp(u",")) break;
                take();
                if (parens && atOp(u")")) break;
            }
            if (parens) expectOp(u")");
            return finish();
        }

        // Expression statement, assignment, annotated or augmented assignment.
        PyExprPtr first = atKw(u"yield") ? parseYield() : parseStarExpressionList();
        if (atOp(u":")) {
            take();
            stmt->kind = SK::AnnAssign;
            stmt->targets.push_back(first);
            stmt->annotation = parseTest();
            if (atOp(u"=")) {
                take();
                stmt->value = parseAssignedValue();
            }
            return finish();
        }
        static const QSet<QString> augmented{"+=", "-=", "*=", "/=", "//=", "%=", "**=", ">>=", "<<=", "&=", "^=", "|=", "@="};
        if (peek().kind == Kind::Operator && augmented.contains(peek().text)) {
            stmt->kind = SK::AugAssign;
            stmt->name = take().text;
            stmt->targets.push_back(first);
            stmt->value = parseAssignedValue();
            return finish();
        }
        if (atOp(u"=")) {
            stmt->kind = SK::Assign;
            stmt->targets.push_back(first);
            while (atOp(u"=")) {
                take();
                PyExprPtr next = parseAssignedValue();
                if (atOp(u"="))
                    stmt->targets.push_back(next);
                else
                    stmt->value = next;
            }
            return finish();
        }
        stmt->kind = SK::Expr;
        stmt->value = first;
        return finish();
    }

    PyExprPtr parseAssignedValue()
    {
        if (atKw(u"yield"))
            return parseYield();
        return parseStarExpressionList();
    }

    bool endOfSimple() const
    {
        return at(Kind::Newline) || at(Kind::EndMarker) || atOp(u";");
    }

    QString dottedModuleName()
    {
        QString name = expectName();
        while (atOp(u".")) {
            take();
            name += QLatin1Char('.') + expectName();
        }
        return name;
    }

    // ---- expressions --------------------------------------------------------------------------
    std::shared_ptr<PyExpr> node(EK kind, const SourceSpan &start, QString text = {})
    {
        auto e = std::make_shared<PyExpr>();
        e->kind = kind;
        e->span = start;
        e->text = std::move(text);
        return e;
    }
    PyExprPtr finish(std::shared_ptr<PyExpr> e, const SourceSpan &start)
    {
        e->span = spanFrom(start);
        return e;
    }

    // a, b, *c  (a bare comma list becomes a Tuple)
    PyExprPtr parseStarExpressionList()
    {
        return parseExpressionList(false, true);
    }

    PyExprPtr parseExpressionList(bool stopAtIn = false, bool allowStar = true)
    {
        const SourceSpan start = peek().span;
        PyExprPtr first = parseListElement(stopAtIn, allowStar);
        if (!atOp(u","))
            return first;
        auto tuple = node(EK::Tuple, start);
        tuple->children.push_back(first);
        while (atOp(u",")) {
            take();
            if (endOfSimple() || atOp(u"=") || atOp(u")") || atOp(u":") || (stopAtIn && atKw(u"in")) || atKw(u"in"))
                break;
            tuple->children.push_back(parseListElement(stopAtIn, allowStar));
        }
        return finish(tuple, start);
    }

    PyExprPtr parseListElement(bool stopAtIn, bool allowStar)
    {
        if (allowStar && atOp(u"*")) {
            const SourceSpan start = peek().span;
            take();
            auto star = node(EK::Starred, start, QStringLiteral("*"));
            star->children.push_back(stopAtIn ? parseBitOr() : parseBitOr());
            return finish(star, start);
        }
        return stopAtIn ? parseBitOr() : parseTest();
    }

    PyExprPtr parseYield()
    {
        const SourceSpan start = peek().span;
        take();
        auto e = node(EK::Unknown, start, QStringLiteral("yield"));
        if (atKw(u"from")) take();
        if (!endOfSimple() && !atOp(u")") && !atOp(u"="))
            e->children.push_back(parseExpressionList());
        return finish(e, start);
    }

    PyExprPtr parseNamedExpr()
    {
        const SourceSpan start = peek().span;
        if (at(Kind::Name) && atOp(u":=", 1)) {
            auto e = node(EK::NamedExpr, start);
            auto target = node(EK::Name, peek().span, take().text);
            e->children.push_back(target);
            take();
            e->children.push_back(parseTest());
            return finish(e, start);
        }
        return parseTest();
    }

    // After a lone atom, these end the expression: no operator can follow.
    bool endsExpression(const PyToken &t) const
    {
        if (t.kind == Kind::Newline || t.kind == Kind::EndMarker || t.kind == Kind::Dedent)
            return true;
        if (t.kind != Kind::Operator || t.text.size() != 1)
            return false;
        const QChar c = t.text.at(0);
        return c == QLatin1Char(',') || c == QLatin1Char(')') || c == QLatin1Char(']') || c == QLatin1Char('}')
               || c == QLatin1Char('=') || c == QLatin1Char(';') || c == QLatin1Char(':');
    }

    PyExprPtr parseTest()
    {
        // Fast path for the most common expression in these files: a lone name, number or string.
        const PyToken &first = peek();
        if ((first.kind == Kind::Name && first.code == 0) || first.kind == Kind::Number) {
            if (endsExpression(peek(1)))
                return parseAtom();
        } else if (first.kind == Kind::String) {
            int k = 1;
            while (peek(k).kind == Kind::String)
                ++k;
            if (endsExpression(peek(k)))
                return parseStrings();
        }
        DepthGuard guard(*this);
        const SourceSpan start = peek().span;
        if (atKw(u"lambda")) {
            take();
            auto e = node(EK::Lambda, start);
            parseParameters(u":");
            expectOp(u":");
            e->children.push_back(parseTest());
            return finish(e, start);
        }
        PyExprPtr body = parseOr();
        if (atKw(u"if") ) {
            take();
            auto e = node(EK::IfExp, start);
            e->children.push_back(body);
            e->children.push_back(parseOr());
            expectKw(u"else");
            e->children.push_back(parseTest());
            return finish(e, start);
        }
        return body;
    }

    PyExprPtr parseBool(QStringView op, PyExprPtr (Parser::*next)())
    {
        const SourceSpan start = peek().span;
        PyExprPtr first = (this->*next)();
        if (!atKw(op))
            return first;
        auto e = node(EK::BoolOp, start, op.toString());
        e->children.push_back(first);
        while (atKw(op)) {
            take();
            e->children.push_back((this->*next)());
        }
        return finish(e, start);
    }
    PyExprPtr parseOr() { return parseBool(u"or", &Parser::parseAnd); }
    PyExprPtr parseAnd() { return parseBool(u"and", &Parser::parseNot); }

    PyExprPtr parseNot()
    {
        if (atKw(u"not")) {
            DepthGuard guard(*this);
            const SourceSpan start = peek().span;
            take();
            auto e = node(EK::UnaryOp, start, QStringLiteral("not"));
            e->children.push_back(parseNot());
            return finish(e, start);
        }
        return parseComparison();
    }

    bool atComparison(QString *op) const
    {
        const PyToken &t = peek();
        if (t.kind == Kind::Operator && t.code == 0 && t.text.size() <= 2) {
            const QString &x = t.text;
            if (x == QLatin1String("<") || x == QLatin1String(">") || x == QLatin1String("==") || x == QLatin1String(">=")
                || x == QLatin1String("<=") || x == QLatin1String("!=")) {
                *op = x;
                return true;
            }
        }
        if (atKw(u"in")) { *op = QStringLiteral("in"); return true; }
        if (atKw(u"not") && atKw(u"in", 1)) { *op = QStringLiteral("not in"); return true; }
        if (atKw(u"is")) { *op = atKw(u"not", 1) ? QStringLiteral("is not") : QStringLiteral("is"); return true; }
        return false;
    }

    PyExprPtr parseComparison()
    {
        const SourceSpan start = peek().span;
        PyExprPtr first = parseBitOr();
        QString op;
        if (!atComparison(&op))
            return first;
        auto e = node(EK::Compare, start);
        e->children.push_back(first);
        QStringList ops;
        while (atComparison(&op)) {
            take();
            if (op.contains(QLatin1Char(' '))) take();
            ops << op;
            e->children.push_back(parseBitOr());
        }
        e->text = ops.join(QLatin1Char(' '));
        return finish(e, start);
    }

    // One binary precedence level; the tokenizer classed each operator (PyToken::code), so no strings are compared.
    PyExprPtr parseBinary(quint8 level, PyExprPtr (Parser::*next)())
    {
        const SourceSpan start = peek().span;
        PyExprPtr left = (this->*next)();
        ChainGuard chain(*this);
        while (peek().kind == Kind::Operator && peek().code == level) {
            chain.link();
            auto e = node(EK::BinaryOp, start, take().text);
            e->children.push_back(left);
            e->children.push_back((this->*next)());
            left = finish(e, start);
        }
        return left;
    }
    PyExprPtr parseBitOr() { return parseBinary(1, &Parser::parseXor); }
    PyExprPtr parseXor() { return parseBinary(2, &Parser::parseBitAnd); }
    PyExprPtr parseBitAnd() { return parseBinary(3, &Parser::parseShift); }
    PyExprPtr parseShift() { return parseBinary(4, &Parser::parseArith); }
    PyExprPtr parseArith() { return parseBinary(5, &Parser::parseTerm); }
    PyExprPtr parseTerm() { return parseBinary(6, &Parser::parseFactor); }

    PyExprPtr parseFactor()
    {
        if (atOp(u"-") || atOp(u"+") || atOp(u"~")) {
            DepthGuard guard(*this);
            const SourceSpan start = peek().span;
            auto e = node(EK::UnaryOp, start, take().text);
            e->children.push_back(parseFactor());
            return finish(e, start);
        }
        return parsePower();
    }

    PyExprPtr parsePower()
    {
        const SourceSpan start = peek().span;
        PyExprPtr base;
        if (atKw(u"await")) {
            take();
            auto e = node(EK::Unknown, start, QStringLiteral("await"));
            e->children.push_back(parsePrimary());
            base = finish(e, start);
        } else {
            base = parsePrimary();
        }
        if (atOp(u"**")) {
            DepthGuard guard(*this);
            auto e = node(EK::BinaryOp, start, take().text);
            e->children.push_back(base);
            e->children.push_back(parseFactor());
            return finish(e, start);
        }
        return base;
    }

    PyExprPtr parsePrimary()
    {
        DepthGuard guard(*this);
        const SourceSpan start = peek().span;
        PyExprPtr e = parseAtom();
        ChainGuard chain(*this);
        while (true) {
            if (atOp(u".") || atOp(u"(") || atOp(u"["))
                chain.link();
            if (atOp(u".")) {
                take();
                auto attr = node(EK::Attribute, start, expectName());
                attr->children.push_back(e);
                e = finish(attr, start);
            } else if (atOp(u"(")) {
                take();
                auto call = node(EK::Call, start);
                call->children.push_back(e);
                parseArguments(call->children, call->keywords);
                expectOp(u")");
                e = finish(call, start);
            } else if (atOp(u"[")) {
                take();
                auto sub = node(EK::Subscript, start);
                sub->children.push_back(e);
                sub->children.push_back(parseSubscriptList());
                expectOp(u"]");
                e = finish(sub, start);
            } else {
                return e;
            }
        }
    }

    void parseArguments(std::vector<PyExprPtr> &positional, std::vector<PyKeywordArg> &keywordArgs)
    {
        while (!atOp(u")")) {
            const SourceSpan start = peek().span;
            if (atOp(u"**")) {
                take();
                keywordArgs.push_back(PyKeywordArg{QString(), parseTest(), spanFrom(start)});
            } else if (atOp(u"*")) {
                take();
                auto star = node(EK::Starred, start, QStringLiteral("*"));
                star->children.push_back(parseTest());
                positional.push_back(finish(star, start));
            } else if (at(Kind::Name) && atOp(u"=", 1) && !keywords().contains(peek().text)) {
                const QString name = take().text;
                take();
                keywordArgs.push_back(PyKeywordArg{name, parseTest(), spanFrom(start)});
            } else {
                PyExprPtr value = parseNamedExpr();
                if (atKw(u"for") || (atKw(u"async") && atKw(u"for", 1))) {
                    positional.push_back(skipComprehension(start, u")"));
                    return;
                }
                positional.push_back(value);
            }
            if (!atOp(u","))
                break;
            take();
        }
    }

    PyExprPtr parseSubscriptList()
    {
        const SourceSpan start = peek().span;
        PyExprPtr first = parseSubscript();
        if (!atOp(u","))
            return first;
        auto tuple = node(EK::Tuple, start);
        tuple->children.push_back(first);
        while (atOp(u",")) {
            take();
            if (atOp(u"]")) break;
            tuple->children.push_back(parseSubscript());
        }
        return finish(tuple, start);
    }

    PyExprPtr parseSubscript()
    {
        const SourceSpan start = peek().span;
        PyExprPtr lower;
        if (!atOp(u":"))
            lower = atOp(u"*") ? parseListElement(false, true) : parseNamedExpr();
        if (!atOp(u":"))
            return lower;
        auto slice = node(EK::Slice, start);
        take();
        PyExprPtr upper, step;
        if (!atOp(u"]") && !atOp(u",") && !atOp(u":")) upper = parseTest();
        if (atOp(u":")) {
            take();
            if (!atOp(u"]") && !atOp(u",")) step = parseTest();
        }
        slice->children = {lower, upper, step};
        return finish(slice, start);
    }

    // A comprehension is recorded, not modelled: everything up to the closing bracket.
    PyExprPtr skipComprehension(const SourceSpan &start, QStringView closer)
    {
        int depth = 0;
        while (!at(Kind::EndMarker)) {
            if (atOp(u"(") || atOp(u"[") || atOp(u"{")) ++depth;
            if (atOp(u")") || atOp(u"]") || atOp(u"}")) {
                if (depth == 0) break;
                --depth;
            }
            take();
        }
        if (!atOp(closer))
            error(QStringLiteral("expected '%1'").arg(closer));
        return finish(node(EK::Unknown, start, QStringLiteral("comprehension")), start);
    }

    PyExprPtr parseAtom()
    {
        const PyToken &t = peek();
        const SourceSpan start = t.span;
        switch (t.kind) {
        case Kind::Name: {
            if (t.text == QLatin1String("None")) { take(); return finish(node(EK::None, start, t.text), start); }
            if (t.text == QLatin1String("True")) { take(); return finish(node(EK::True, start, t.text), start); }
            if (t.text == QLatin1String("False")) { take(); return finish(node(EK::False, start, t.text), start); }
            if (keywords().contains(t.text))
                error(QStringLiteral("unexpected keyword '%1'").arg(t.text));
            return finish(node(EK::Name, start, take().text), start);
        }
        case Kind::Number:
            return finish(node(EK::Number, start, take().text), start);
        case Kind::String:
            return parseStrings();
        case Kind::Operator:
            if (t.text == QLatin1String("...")) { take(); return finish(node(EK::Ellipsis, start, t.text), start); }
            if (t.text == QLatin1String("(")) return parseParenthesized();
            if (t.text == QLatin1String("[")) return parseListDisplay();
            if (t.text == QLatin1String("{")) return parseDictOrSet();
            break;
        default:
            break;
        }
        if (t.kind == Kind::Newline || t.kind == Kind::EndMarker)
            error(QStringLiteral("unexpected end of line"));
        error(QStringLiteral("unexpected '%1'").arg(t.text));
    }

    // An f-string's body split into literal pieces and fields that are plain (dotted) names, with !s or
    // no conversion and no format spec; false for anything else.
    bool splitFormat(const QString &token, int q, const SourceSpan &span, QStringList *pieces, std::vector<PyExprPtr> *fields)
    {
        const QString prefix = token.left(q).toLower().remove(QLatin1Char('f'));
        const QChar quote = token.at(q);
        const int quoteLen = token.mid(q, 3) == QString(3, quote) ? 3 : 1;
        if (token.size() < q + 2 * quoteLen)
            return false;
        const QString body = token.mid(q + quoteLen, token.size() - q - 2 * quoteLen);
        const QString wrap = quoteLen == 3 ? QString(3, quote) : QString(quote);
        const auto literal = [&](const QString &raw) {
            QString decoded;
            if (!decodePyStringLiteral(prefix + wrap + raw + wrap, &decoded))
                return false;
            pieces->last() += decoded;
            return true;
        };
        static const QRegularExpression dotted(QStringLiteral(R"(^\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*(?:!s)?$)"));
        QString pending;
        for (int i = 0; i < body.size(); ++i) {
            const QChar c = body.at(i);
            if ((c == QLatin1Char('{') || c == QLatin1Char('}')) && i + 1 < body.size() && body.at(i + 1) == c) {
                pending += c;   // {{ and }} stand for one brace; kept apart from escapes
                pending += c;
                ++i;
                continue;
            }
            if (c == QLatin1Char('}'))
                return false;
            if (c != QLatin1Char('{')) {
                pending += c;
                continue;
            }
            const int close = body.indexOf(QLatin1Char('}'), i);
            if (close < 0)
                return false;
            const QRegularExpressionMatch m = dotted.match(body.mid(i + 1, close - i - 1));
            if (!m.hasMatch())
                return false;
            if (!literal(pending.replace(QStringLiteral("{{"), QStringLiteral("{")).replace(QStringLiteral("}}"), QStringLiteral("}"))))
                return false;
            pending.clear();
            const QStringList names = m.captured(1).split(QLatin1Char('.'));
            auto field = node(EK::Name, span, names.first());
            field->span = span;
            for (qsizetype n = 1; n < names.size(); ++n) {
                auto attribute = node(EK::Attribute, span, names.at(n));
                attribute->span = span;
                attribute->children.push_back(field);
                field = attribute;
            }
            fields->push_back(field);
            pieces->append(QString());
            i = close;
        }
        return literal(pending.replace(QStringLiteral("{{"), QStringLiteral("{")).replace(QStringLiteral("}}"), QStringLiteral("}")));
    }

    PyExprPtr parseStrings()
    {
        const SourceSpan start = peek().span;
        QString value;
        bool computed = false;
        bool bytes = false;
        bool readable = true;          // every f-string part split into pieces and name fields
        QStringList pieces{QString()};
        std::vector<PyExprPtr> fields;
        while (at(Kind::String)) {
            const PyToken token = take();
            const QString &text = token.text;
            QString part;
            int q = 0;
            while (q < text.size() && text.at(q) != QLatin1Char('\'') && text.at(q) != QLatin1Char('"')) ++q;
            const QString prefix = text.left(q).toLower();
            bytes = bytes || prefix.contains(QLatin1Char('b'));
            if (prefix.contains(QLatin1Char('f'))) {
                computed = true;
                readable = readable && q < text.size() && splitFormat(text, q, token.span, &pieces, &fields);
                continue;
            }
            if (!decodePyStringLiteral(text, &part)) {
                computed = true;
                readable = false;
            }
            value += part;
            pieces.last() += part;
        }
        auto e = node(bytes ? EK::Bytes : EK::String, start, computed ? QString() : value);
        e->isComputed = computed;
        if (computed && readable && !bytes) {
            e->formatPieces = pieces;
            e->children = std::move(fields);
        }
        return finish(e, start);
    }

    PyExprPtr parseParenthesized()
    {
        const SourceSpan start = peek().span;
        take();
        if (atOp(u")")) {
            take();
            return finish(node(EK::Tuple, start), start);
        }
        if (atKw(u"yield")) {
            PyExprPtr y = parseYield();
            expectOp(u")");
            return y;
        }
        PyExprPtr first = atOp(u"*") ? parseListElement(false, true) : parseNamedExpr();
        if (atKw(u"for") || (atKw(u"async") && atKw(u"for", 1))) {
            PyExprPtr comp = skipComprehension(start, u")");
            take();
            return comp;
        }
        if (atOp(u")")) {
            take();
            // A parenthesized expression keeps its own node; the span grows to include the parentheses.
            auto copy = std::make_shared<PyExpr>(*first);
            copy->span = spanFrom(start);
            return copy;
        }
        auto tuple = node(EK::Tuple, start);
        tuple->children.push_back(first);
        while (atOp(u",")) {
            take();
            if (atOp(u")")) break;
            tuple->children.push_back(atOp(u"*") ? parseListElement(false, true) : parseNamedExpr());
        }
        expectOp(u")");
        return finish(tuple, start);
    }

    PyExprPtr parseListDisplay()
    {
        const SourceSpan start = peek().span;
        take();
        auto list = node(EK::List, start);
        while (!atOp(u"]")) {
            list->children.push_back(atOp(u"*") ? parseListElement(false, true) : parseNamedExpr());
            if (atKw(u"for") || (atKw(u"async") && atKw(u"for", 1))) {
                PyExprPtr comp = skipComprehension(start, u"]");
                take();
                return comp;
            }
            if (!atOp(u",")) break;
            take();
        }
        expectOp(u"]");
        return finish(list, start);
    }

    PyExprPtr parseDictOrSet()
    {
        const SourceSpan start = peek().span;
        take();
        if (atOp(u"}")) {
            take();
            return finish(node(EK::Dict, start), start);
        }
        std::shared_ptr<PyExpr> display;
        while (!atOp(u"}")) {
            if (atOp(u"**")) {
                take();
                if (!display) display = node(EK::Dict, start);
                display->children.push_back(nullptr);
                display->children.push_back(parseBitOr());
            } else {
                PyExprPtr key = atOp(u"*") ? parseListElement(false, true) : parseTest();
                if (atOp(u":")) {
                    take();
                    if (!display) display = node(EK::Dict, start);
                    display->children.push_back(key);
                    display->children.push_back(parseTest());
                } else {
                    if (!display) display = node(EK::Set, start);
                    display->children.push_back(key);
                }
            }
            if (atKw(u"for") || (atKw(u"async") && atKw(u"for", 1))) {
                PyExprPtr comp = skipComprehension(start, u"}");
                take();
                return comp;
            }
            if (!atOp(u",")) break;
            take();
        }
        expectOp(u"}");
        return finish(display, start);
    }

    const QList<PyToken> &m_t;
    int m_p = 0;
    int m_lastEnd = 0;
    int m_depth = 0;
    int m_chainLinks = 0;
};

} // namespace

PyModule parsePython(const QString &source)
{
    const QList<PyToken> tokens = tokenizePython(source);
    Parser parser(tokens);
    return parser.parseModule();
}

} // namespace retort
