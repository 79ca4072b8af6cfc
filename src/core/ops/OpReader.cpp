// Interpreter for the declarative subset of Alembic revision bodies. Each call is bound to its
// signature (keyword and positional styles, including the names Alembic 0.7 used), every argument
// must be a literal or a SQLAlchemy construct from the known list, and the first thing outside
// that subset ends the reading with its span and a reason. Internally a failure is thrown as
// Unsupported and caught at the function boundary: the reader is a recursive evaluator and the
// first failure ends it, so threading a Result through every level would only add noise.
#include "ops/OpReader.h"

#include "ops/OpBindings.h"
#include "python/PySource.h"

#include <functional>

namespace retort {

namespace {

using EK = PyExpr::Kind;
using SK = PyStmt::Kind;

// Reads upgrade() and downgrade() statement by statement: op.* calls (bound in OpBindings.cpp),
// assignments of their results and of SQLAlchemy values, and batch_alter_table blocks.
class Reader
{
public:
    explicit Reader(const PyModule &module, const RevisionNameResolver &resolver = {})
        : m_module(module), m_sa(module, optionsWith(resolver))
    {
        findRebinding(module.body);
    }

    static SaExpressionOptions optionsWith(const RevisionNameResolver &resolver)
    {
        SaExpressionOptions options;
        options.resolve = resolver;
        return options;
    }

    // Alembic calls whatever the module's names upgrade and downgrade are bound to when it has run, and
    // the revision's op is whatever 'op' is then. Retort reads the def bodies and alembic's op: any
    // other binding of these names (upgrade, downgrade = downgrade, upgrade; op = something) means the
    // file does not run as it reads, so only Python may run it.
    void findRebinding(const PyStmtList &statements)
    {
        static const QStringList watched{QStringLiteral("upgrade"), QStringLiteral("downgrade"), QStringLiteral("op")};
        const auto rebound = [this](const QString &name, const SourceSpan &span) {
            if (!m_rebinding)
                m_rebinding = Unsupported{span, QStringLiteral("the module binds '%1' to something other than %2, so "
                                                               "Alembic may not run what the file appears to say")
                                                    .arg(name, name == QLatin1String("op") ? QStringLiteral("alembic's op")
                                                                                            : QStringLiteral("its def"))};
        };
        std::function<void(const PyExpr *, const SourceSpan &)> target = [&](const PyExpr *e, const SourceSpan &span) {
            if (!e)
                return;
            if (e->kind == EK::Name && watched.contains(e->text))
                rebound(e->text, span);
            else if (e->kind == EK::Tuple || e->kind == EK::List || e->kind == EK::Starred)
                for (const PyExprPtr &c : e->children)
                    target(c.get(), span);
        };
        for (const auto &stmt : statements) {
            switch (stmt->kind) {
            case SK::Assign: case SK::AugAssign: case SK::AnnAssign: case SK::For: case SK::Del:
                for (const PyExprPtr &t : stmt->targets)
                    target(t.get(), stmt->span);
                break;
            case SK::FunctionDef:
                if (stmt->name == QLatin1String("op"))
                    rebound(stmt->name, stmt->span);
                break;
            case SK::ClassDef:
                if (watched.contains(stmt->name))
                    rebound(stmt->name, stmt->span);
                break;
            case SK::Import:
                for (const PyImportName &i : stmt->imports) {
                    const QString bound = i.asName.isEmpty() ? i.name.section(QLatin1Char('.'), 0, 0) : i.asName;
                    if (watched.contains(bound))
                        rebound(bound, stmt->span);
                }
                break;
            case SK::ImportFrom:
                for (const PyImportName &i : stmt->imports) {
                    const QString bound = i.asName.isEmpty() ? i.name : i.asName;
                    const bool alembicOp = bound == QLatin1String("op") && i.name == QLatin1String("op")
                                           && stmt->name == QLatin1String("alembic");
                    if (watched.contains(bound) && !alembicOp)
                        rebound(bound, stmt->span);
                }
                break;
            case SK::With:
                for (const QString &name : stmt->withNames) {
                    if (watched.contains(name))
                        rebound(name, stmt->span);
                }
                break;
            default:
                break;
            }
            // Module-level blocks bind module names too; function bodies bind their own (unless global).
            if (stmt->kind != SK::FunctionDef && stmt->kind != SK::ClassDef) {
                findRebinding(stmt->body);
                findRebinding(stmt->orelse);
            } else if (stmt->kind == SK::FunctionDef) {
                findGlobalRebinding(stmt->body);
            }
        }
    }

    // 'global upgrade' (or op, downgrade) inside a function makes its assignments module bindings.
    void findGlobalRebinding(const PyStmtList &statements)
    {
        for (const auto &stmt : statements) {
            if (stmt->kind == SK::Global) {
                for (const PyImportName &declared : stmt->imports) {
                    const QString &name = declared.name;
                    if ((name == QLatin1String("upgrade") || name == QLatin1String("downgrade") || name == QLatin1String("op"))
                        && !m_rebinding)
                        m_rebinding = Unsupported{stmt->span, QStringLiteral("a function declares '%1' global and may "
                                                                             "rebind it when it runs").arg(name)};
                }
            }
            findGlobalRebinding(stmt->body);
            findGlobalRebinding(stmt->orelse);
        }
    }

    OperationsRead read(const QString &functionName)
    {
        OperationsRead result;
        const PyStmt *function = nullptr;
        for (const auto &stmt : m_module.body) {
            if (stmt->kind == SK::FunctionDef && stmt->name == functionName)
                function = stmt.get();
        }
        try {
            if (!m_module.errors.empty())
                fail(m_module.errors.front().span, (m_module.errors.front().readerLimit ? QStringLiteral("Retort cannot read the file: %1")
                                                                                        : QStringLiteral("the file has a Python syntax error: %1"))
                                                       .arg(m_module.errors.front().message));
            if (m_sa.importProblem())
                throw *m_sa.importProblem();
            if (m_rebinding)
                throw *m_rebinding;
            if (!function)
                fail(SourceSpan{}, QStringLiteral("the file defines no %1() function").arg(functionName));
            if (!function->decorators.empty())
                fail(function->decorators.front()->span, QStringLiteral("%1() is decorated").arg(functionName));
            for (const QString &p : function->parameters) {
                if (!p.startsWith(QLatin1Char('*')))
                    fail(function->span, QStringLiteral("%1() takes parameters (%2)").arg(functionName, p));
            }
            m_sa.clearLocals();
            for (const auto &stmt : function->body)
                statement(*stmt, &result.operations, nullptr);
            result.inertImports = m_sa.unreachedImports();
        } catch (const Unsupported &u) {
            result.operations.clear();
            result.needsPython = NeedsPython{u.span.line, u.span.column, u.span.length, u.reason, u.failsInAlembic};
        }
        return result;
    }


private:
        void statement(const PyStmt &stmt, OperationList *ops, const Operation *batch)
    {
        switch (stmt.kind) {
        case SK::Pass:
            return;
        case SK::Expr:
            if (stmt.value->kind == EK::String || stmt.value->kind == EK::Ellipsis)
                return;   // docstring or "..."
            if (stmt.value->kind != EK::Call)
                fail(stmt.span, QStringLiteral("an expression statement that is not a call"));
            if (connectionExecute(*stmt.value, ops))
                return;
            if (isMessageCall(*stmt.value)) {   // print("Adding id column"), logger.info(...)
                Operation message;
                message.kind = Operation::Kind::Message;
                message.line = stmt.span.line;
                QStringList parts;
                for (size_t a = 1; a < stmt.value->children.size(); ++a)
                    parts << printedText(*stmt.value->children[a]);
                message.message = parts.join(QLatin1Char(' '));
                ops->push_back(std::move(message));
                return;
            }
            refuseLiveConnection(*stmt.value);
            bindOperation(m_sa, *stmt.value, ops, batch);
            return;
        case SK::AnnAssign:   // bind: Connection = op.get_bind(); a local's annotation is never evaluated
            if (!stmt.value)
                return;
            [[fallthrough]];
        case SK::Assign: {
            if (m_dialectScope.size() != kAllDialects.size())
                fail(stmt.span, QStringLiteral("an assignment inside a branch on the dialect (what it binds depends on the "
                                               "database)"));
            if (stmt.targets.size() != 1 || stmt.targets[0]->kind != EK::Name)
                fail(stmt.span, QStringLiteral("an assignment to something other than one plain name"));
            const PyExpr &value = *stmt.value;
            SaValue v;
            if ((value.kind == EK::Call && !isGetBind(value) && !isGetContext(value)) || value.kind == EK::Attribute)
                refuseLiveConnection(value);   // rows = op.get_bind().execute(…).fetchall(), op.get_context().connection
            if (isGetBind(value))
                v.kind = SaValue::Kind::Connection;   // conn = op.get_bind(): only conn.execute(...) of known SQL is read
            else if (isGetContext(value))
                v.kind = SaValue::Kind::Context;      // ctx = op.get_context(): only ctx.dialect.name and ctx.autocommit_block()
            else if (value.kind == EK::Call && m_sa.calleeName(*value.children[0]).startsWith(QLatin1String("op.")))
                v = bindOperation(m_sa, value, ops, batch);   // t = op.create_table(...)
            else
                v = m_sa.eval(value);
            m_sa.setLocal(stmt.targets[0]->text, v);
            return;
        }
        case SK::With: {
            if (stmt.bases.size() == 1 && isAutocommitBlock(*stmt.bases[0])) {
                autocommitBlock(stmt, ops, batch);
                return;
            }
            if (batch)
                fail(stmt.span, QStringLiteral("a batch_alter_table block inside another"));
            if (stmt.bases.size() != 1 || stmt.withNames.value(0).isEmpty())
                fail(stmt.span, QStringLiteral("a 'with' block other than 'with op.batch_alter_table(...) as batch_op'"));
            const PyExpr &context = *stmt.bases[0];
            if (context.kind != EK::Call || m_sa.calleeName(*context.children[0]) != QLatin1String("op.batch_alter_table"))
                fail(context.span, QStringLiteral("a 'with' block other than 'with op.batch_alter_table(...) as batch_op'"));
            Operation op = bindBatchAlterTable(m_sa, context);
            const QString name = stmt.withNames[0];
            m_sa.enterBatch(name);
            for (const auto &inner : stmt.body)
                statement(*inner, &op.batch, &op);
            m_sa.leaveBatch(name);
            ops->push_back(std::move(op));
            return;
        }
        case SK::If:
            dialectBranch(stmt, ops, batch);
            return;
        case SK::For:
            forLoop(stmt, ops, batch);
            return;
        case SK::While: fail(stmt.span, QStringLiteral("a loop ('while') runs Python code"));
        case SK::Try:
            tryBlock(stmt, ops, batch);
            return;
        case SK::Import:
        case SK::ImportFrom: fail(stmt.span, QStringLiteral("an import inside the function"));
        case SK::FunctionDef: fail(stmt.span, QStringLiteral("a nested function definition"));
        case SK::ClassDef: fail(stmt.span, QStringLiteral("a class definition"));
        case SK::Return: fail(stmt.span, QStringLiteral("a 'return' statement"));
        case SK::Raise: fail(stmt.span, QStringLiteral("the function raises an exception"));
        default: fail(stmt.span, QStringLiteral("a Python statement Retort does not interpret"));
        }
    }

    // for table in ("project", "project_template"): … — a loop over a collection written in the revision (a
    // tuple or list, a module-level constant of one, a dict or its .items()/.keys()/.values()) runs its
    // body once per item with the names bound to it, as Python would. A loop over anything else (rows of a
    // query, a range, what a function returns) decides at run time.
    void forLoop(const PyStmt &stmt, OperationList *ops, const Operation *batch)
    {
        static const QString runtime = QStringLiteral("a loop ('for') over something other than a literal collection runs Python code");
        if (!stmt.orelse.empty())
            fail(stmt.span, QStringLiteral("a loop with an 'else' clause runs Python code"));
        if (m_dialectScope.size() != kAllDialects.size())
            fail(stmt.span, QStringLiteral("a loop inside a branch on the dialect (what it binds depends on the database)"));
        const PyExpr &iterable = *stmt.value;
        if (iterable.kind == EK::Call || iterable.kind == EK::Attribute)
            refuseLiveConnection(iterable);   // for row in conn.execute(…)
        std::vector<SaValue> items;
        bool reverse = false;
        try {
            QString view;   // d.items(), d.keys(), d.values()
            const PyExpr *collection = &iterable;
            if (iterable.kind == EK::Call && iterable.children.size() == 2 && iterable.keywords.empty()
                && iterable.children[0]->isName(u"reversed") && m_sa.nameOrigin(*iterable.children[0]) == SaEvaluator::NameOrigin::Unknown) {
                reverse = true;   // reversed(KINDS): the builtin, unless the file binds the name
                collection = iterable.children[1].get();
            } else if (iterable.kind == EK::Call && iterable.children.size() == 1 && iterable.keywords.empty()
                && iterable.children[0]->kind == EK::Attribute && iterable.children[0]->child(0)) {
                view = iterable.children[0]->text;
                collection = iterable.children[0]->child(0);
                if (view != QLatin1String("items") && view != QLatin1String("keys") && view != QLatin1String("values"))
                    fail(iterable.span, runtime);
            } else if (iterable.kind == EK::Call) {
                fail(iterable.span, runtime);
            }
            const SaValue value = m_sa.eval(*collection);
            if (value.kind == SaValue::Kind::List && view.isEmpty()) {
                items = value.items;
            } else if (value.kind == SaValue::Kind::Dict) {
                for (const auto &[key, item] : value.dict) {
                    SaValue k;
                    k.kind = SaValue::Kind::String;
                    k.scalar = key;
                    k.span = item.span;
                    if (view == QLatin1String("items")) {
                        SaValue pair;
                        pair.kind = SaValue::Kind::List;
                        pair.span = item.span;
                        pair.items = {k, item};
                        items.push_back(pair);
                    } else {
                        items.push_back(view == QLatin1String("values") ? item : k);
                    }
                }
            } else {
                fail(iterable.span, runtime);
            }
        } catch (const Unsupported &u) {
            if (u.failsInAlembic || u.reason == runtime)
                throw;
            fail(stmt.span, runtime + QStringLiteral(" (%1)").arg(u.reason));
        }
        if (reverse)
            std::reverse(items.begin(), items.end());
        const PyExpr &target = *stmt.targets.front();
        QStringList names;
        if (target.kind == EK::Name) {
            names << target.text;
        } else if (target.kind == EK::Tuple || target.kind == EK::List) {
            for (const PyExprPtr &part : target.children) {
                if (part->kind != EK::Name)
                    fail(target.span, QStringLiteral("a loop that unpacks into something other than plain names"));
                names << part->text;
            }
        } else {
            fail(target.span, QStringLiteral("a loop that binds something other than plain names"));
        }
        for (const SaValue &item : items) {
            if (target.kind == EK::Name) {
                m_sa.setLocal(names.first(), item);
            } else {
                if (item.kind != SaValue::Kind::List || item.items.size() != size_t(names.size()))
                    failEverywhere(item.span, QStringLiteral("an item of the loop does not unpack into %1 names (Python raises "
                                                             "ValueError)").arg(names.size()));
                for (qsizetype i = 0; i < names.size(); ++i)
                    m_sa.setLocal(names.at(i), item.items.at(size_t(i)));
            }
            for (const auto &s : stmt.body)
                statement(*s, ops, batch);
        }
    }

    // if op.get_context().dialect.name == "postgresql": … elif … in ("mysql", "sqlite"): … else: …
    // The dialect is known before anything runs, so each branch's operations are kept with the dialects
    // they run on (compiled for those only, online and in --sql alike, as Alembic decides them).
    // Any other condition decides at run time and needs Python.
    void dialectBranch(const PyStmt &stmt, OperationList *ops, const Operation *batch)
    {
        const std::optional<QStringList> when = dialectTest(*stmt.value);
        if (!when)
            fail(stmt.span, QStringLiteral("a condition ('if') decides at run time what runs"));
        if (batch)
            fail(stmt.span, QStringLiteral("a branch on the dialect inside a batch_alter_table block"));
        QStringList otherwise;
        for (const QString &d : m_dialectScope) {
            if (!when->contains(d))
                otherwise << d;
        }
        const QStringList outer = m_dialectScope;
        const auto branch = [&](const PyStmtList &body, const QStringList &scope) {
            QStringList inner;
            for (const QString &d : outer) {
                if (scope.contains(d))
                    inner << d;
            }
            m_dialectScope = inner;
            OperationList read;
            for (const auto &s : body)
                statement(*s, &read, batch);
            if (inner.isEmpty())
                return;   // a branch for another engine (oracle, mssql): nothing of it runs here
            for (Operation &op : read) {
                if (op.onlyOn.isEmpty() && inner.size() != kAllDialects.size())
                    op.onlyOn = inner;   // a nested branch has narrowed it already
                ops->push_back(std::move(op));
            }
        };
        branch(stmt.body, *when);
        branch(stmt.orelse, otherwise);
        m_dialectScope = outer;
    }

    // X.dialect.name == "postgresql" (or !=, in, not in a tuple or list of names), X being
    // op.get_context(), op.get_bind(), context.get_context() or a connection from op.get_bind().
    // The dialects where it is true; empty optional for any other test.
    std::optional<QStringList> dialectTest(const PyExpr &test)
    {
        if (test.kind != EK::Compare || test.children.size() != 2)
            return std::nullopt;
        const PyExpr &left = *test.children[0];
        if (left.kind != EK::Attribute || left.text != QLatin1String("name") || !left.child(0)
            || left.child(0)->kind != EK::Attribute || left.child(0)->text != QLatin1String("dialect"))
            return std::nullopt;
        const PyExpr *source = left.child(0)->child(0);
        bool connection = source && (isGetBind(*source) || isGetContext(*source));
        if (!connection && source && source->kind == EK::Name && m_sa.nameOrigin(*source) == SaEvaluator::NameOrigin::Local)
            connection = m_sa.eval(*source).kind == SaValue::Kind::Connection || m_sa.eval(*source).kind == SaValue::Kind::Context;
        if (!connection)
            return std::nullopt;
        QStringList names;
        const PyExpr &right = *test.children[1];
        if (right.kind == EK::String && !right.isComputed) {
            names << right.text;
        } else if (right.kind == EK::Tuple || right.kind == EK::List || right.kind == EK::Set) {
            for (const PyExprPtr &item : right.children) {
                if (item->kind != EK::String || item->isComputed)
                    return std::nullopt;
                names << item->text;
            }
        } else {
            return std::nullopt;
        }
        if (names.contains(QStringLiteral("mariadb")))
            return std::nullopt;   // SQLAlchemy names MariaDB by the URL's backend: not known from the dialect alone
        const bool equal = test.text == QLatin1String("==") || test.text == QLatin1String("in");
        if (!equal && test.text != QLatin1String("!=") && test.text != QLatin1String("not in"))
            return std::nullopt;
        QStringList result;
        for (const QString &d : kAllDialects) {
            if (names.contains(d) == equal)
                result << d;
        }
        return result;
    }

    // with op.get_context().autocommit_block(): Alembic commits the transaction so far, runs the block
    // outside any transaction (CREATE INDEX CONCURRENTLY, ALTER TYPE … ADD VALUE), then begins a new one.
    bool isAutocommitBlock(const PyExpr &e)
    {
        if (e.kind != EK::Call || e.children.size() != 1 || !e.keywords.empty())
            return false;
        const PyExpr &callee = *e.children[0];
        if (callee.kind != EK::Attribute || callee.text != QLatin1String("autocommit_block") || !callee.child(0))
            return false;
        const PyExpr &context = *callee.child(0);
        return isGetContext(context)
               || (context.kind == EK::Name && m_sa.nameOrigin(context) == SaEvaluator::NameOrigin::Local
                   && m_sa.eval(context).kind == SaValue::Kind::Context);
    }

    void autocommitBlock(const PyStmt &stmt, OperationList *ops, const Operation *batch)
    {
        if (batch)
            fail(stmt.span, QStringLiteral("an autocommit_block inside a batch_alter_table block"));
        if (m_inTry)
            fail(stmt.span, QStringLiteral("an autocommit_block inside a 'try' block"));
        if (m_autocommitLine)
            fail(stmt.span, QStringLiteral("an autocommit_block inside another"));
        if (!stmt.withNames.value(0).isEmpty())
            fail(stmt.span, QStringLiteral("an autocommit_block bound with 'as' (it yields nothing Retort reads)"));
        OperationList inner;
        m_autocommitLine = stmt.span.line;
        for (const auto &s : stmt.body)
            statement(*s, &inner, nullptr);
        m_autocommitLine = 0;
        for (Operation &op : inner) {
            op.autocommitBlock = stmt.span.line;
            ops->push_back(std::move(op));
        }
    }

    bool isGetContext(const PyExpr &e) const
    {
        if (e.kind != EK::Call || e.children.size() != 1 || !e.keywords.empty())
            return false;
        const QString callee = m_sa.calleeName(*e.children[0]);
        return callee == QLatin1String("op.get_context") || callee == QLatin1String("alembic.context.get_context");
    }

    // try: <operations> except <database errors> [as e]: <handler>
    // Alembic runs the operations and, when one raises an error a clause names, its handler, then goes
    // on after the block. Retort does the same with the DB-API class the driver would raise (see
    // dbapiErrorClass) and the error's text. The handler may print or log, decide on the error's text
    // ('if "already exists" in str(e.orig).lower():') and re-raise; anything else in it needs Python.
    void tryBlock(const PyStmt &stmt, OperationList *ops, const Operation *batch)
    {
        if (batch)
            fail(stmt.span, QStringLiteral("a 'try' block inside a batch_alter_table block"));
        if (m_inTry)
            fail(stmt.span, QStringLiteral("a 'try' block inside another"));
        auto handler = std::make_shared<TryHandler>();
        handler->line = stmt.span.line;
        for (const PyTryClause &clause : stmt.clauses) {
            if (clause.kind != PyTryClause::Kind::Except)
                fail(clause.span, QStringLiteral("a 'try' block with an '%1' clause")
                                      .arg(clause.kind == PyTryClause::Kind::Else ? QStringLiteral("else") : QStringLiteral("finally")));
            TryHandler::Clause read;
            read.line = clause.span.line;
            read.catches = exceptionClasses(clause);
            m_errorTextNames.clear();
            read.steps = handlerSteps(clause.body, clause.name);
            m_errorTextNames.clear();
            handler->clauses << read;
        }
        OperationList inner;
        m_inTry = true;
        for (const auto &s : stmt.body)
            statement(*s, &inner, nullptr);
        m_inTry = false;
        for (Operation &op : inner) {
            op.tryHandler = handler;
            ops->push_back(std::move(op));
        }
    }

    // The DB-API classes an except clause catches: "DatabaseError" for every database error, nothing
    // for Python's own errors (a statement never raises KeyError).
    QStringList exceptionClasses(const PyTryClause &clause) const
    {
        if (!clause.type)
            return {QStringLiteral("DatabaseError")};   // a bare except
        std::vector<const PyExpr *> names;
        if (clause.type->kind == EK::Tuple) {
            for (const PyExprPtr &c : clause.type->children)
                names.push_back(c.get());
        } else {
            names.push_back(clause.type.get());
        }
        static const QStringList dbapi = {QStringLiteral("OperationalError"), QStringLiteral("ProgrammingError"),
                                          QStringLiteral("InternalError"), QStringLiteral("IntegrityError"),
                                          QStringLiteral("DataError"), QStringLiteral("NotSupportedError"),
                                          QStringLiteral("DatabaseError")};
        static const QStringList everything = {QStringLiteral("Exception"), QStringLiteral("BaseException")};
        static const QStringList everySqlalchemyError = {QStringLiteral("sa.exc.DBAPIError"), QStringLiteral("sa.exc.SQLAlchemyError"),
                                                         QStringLiteral("sa.exc.StatementError")};
        static const QStringList pythonOnly = {QStringLiteral("KeyError"), QStringLiteral("ValueError"), QStringLiteral("TypeError"),
                                               QStringLiteral("AttributeError"), QStringLiteral("IndexError"),
                                               QStringLiteral("NameError"), QStringLiteral("LookupError"),
                                               QStringLiteral("ImportError"), QStringLiteral("ModuleNotFoundError")};
        QStringList caught;
        for (const PyExpr *e : names) {
            const QString written = e->dottedName();
            const auto origin = m_sa.nameOrigin(*e);
            const QString canonical = m_sa.calleeName(*e);
            if (origin == SaEvaluator::NameOrigin::Unknown && everything.contains(written)) {
                caught << QStringLiteral("DatabaseError");
            } else if (origin == SaEvaluator::NameOrigin::Unknown && pythonOnly.contains(written)) {
                continue;
            } else if (canonical.startsWith(QLatin1String("sa.exc.")) && dbapi.contains(canonical.mid(7))) {
                caught << canonical.mid(7);
            } else if (everySqlalchemyError.contains(canonical)) {
                caught << QStringLiteral("DatabaseError");
            } else {
                fail(e->span, QStringLiteral("except %1: Retort cannot tell which database errors it catches")
                                  .arg(written.isEmpty() ? QStringLiteral("(an expression)") : written));
            }
        }
        return caught;
    }

    // An except handler Retort can stand for: messages (print, logging), 'pass', a bare 'raise', and
    // if/else on the error's text. Anything that acts (an operation, a call) needs Python.
    std::vector<TryHandler::Step> handlerSteps(const PyStmtList &body, const QString &errorName)
    {
        std::vector<TryHandler::Step> steps;
        for (const auto &statement : body) {
            const PyStmt &s = *statement;
            TryHandler::Step step;
            if (s.kind == SK::Pass || (s.kind == SK::Expr && s.value->kind == EK::String))
                continue;
            if (s.kind == SK::Assign && s.targets.size() == 1 && s.targets[0]->kind == EK::Name
                && errorText(*s.value, errorName)) {
                // msg = str(e.orig).lower(): the error's text under a name the conditions below use
                m_errorTextNames.insert(s.targets[0]->text, *errorText(*s.value, errorName));
                continue;
            }
            if (s.kind == SK::Raise && !s.value) {
                step.kind = TryHandler::Step::Kind::Raise;
            } else if (s.kind == SK::Expr && s.value->kind == EK::Call && isMessageCall(*s.value)) {
                QStringList parts;
                for (size_t a = 1; a < s.value->children.size(); ++a)
                    parts << messageText(*s.value->children[a], errorName);
                step.message = parts.join(QLatin1Char(' '));
            } else if (s.kind == SK::If) {
                step.kind = TryHandler::Step::Kind::If;
                errorTextCondition(*s.value, errorName, &step);
                step.then = handlerSteps(s.body, errorName);
                step.otherwise = handlerSteps(s.orelse, errorName);
            } else {
                fail(s.span, s.kind == SK::Raise ? QStringLiteral("the except handler raises an error of its own")
                                                 : QStringLiteral("the except handler runs Python code"));
            }
            steps.push_back(std::move(step));
        }
        return steps;
    }

    // "text" in str(e.orig).lower(), "text" in str(e), "a" in … or "b" in …, not in.
    void errorTextCondition(const PyExpr &test, const QString &errorName, TryHandler::Step *step)
    {
        const auto unsupported = [&test] {
            fail(test.span, QStringLiteral("the except handler decides on something other than the error's text"));
        };
        if (test.kind == EK::BoolOp && test.text == QLatin1String("or")) {
            for (const PyExprPtr &part : test.children) {
                TryHandler::Step one;
                errorTextCondition(*part, errorName, &one);
                if (one.negate)
                    unsupported();
                step->anyOf << one.anyOf;
            }
            return;
        }
        if (test.kind != EK::Compare || test.children.size() != 2
            || (test.text != QLatin1String("in") && test.text != QLatin1String("not in")))
            unsupported();
        const PyExpr &needle = *test.children[0];
        if (needle.kind != EK::String || needle.isComputed)
            unsupported();
        const std::optional<bool> lowercase = errorText(*test.children[1], errorName);
        if (!lowercase)
            unsupported();
        step->anyOf << TryHandler::Step::Needle{needle.text, *lowercase};
        step->negate = test.text == QLatin1String("not in");
    }

    // str(e) / str(e.orig), optionally .lower(), or a name the handler gave it: whether it is lowered;
    // empty for anything else.
    std::optional<bool> errorText(const PyExpr &e, const QString &errorName) const
    {
        const PyExpr *haystack = &e;
        bool lowercase = false;
        if (haystack->kind == EK::Call && haystack->children.size() == 1 && haystack->children[0]->kind == EK::Attribute
            && haystack->children[0]->text == QLatin1String("lower")) {
            lowercase = true;
            haystack = haystack->children[0]->child(0);
        }
        if (haystack && haystack->kind == EK::Name && m_errorTextNames.contains(haystack->text))
            return lowercase || m_errorTextNames.value(haystack->text);
        const bool isStr = haystack && haystack->kind == EK::Call && haystack->children.size() == 2
                           && haystack->children[0]->isName(u"str") && haystack->keywords.empty();
        const QString of = isStr ? haystack->children[1]->dottedName() : QString();
        if (errorName.isEmpty() || (of != errorName && of != errorName + QStringLiteral(".orig")))
            return std::nullopt;
        return lowercase;
    }

    // print(...), logging.info(...), log.warning(...) with a module-level log = logging.getLogger(...).
    bool isMessageCall(const PyExpr &call) const
    {
        const PyExpr &callee = *call.children[0];
        if (!call.keywords.empty() && !(call.keywords.size() == 1 && call.keywords[0].name == QLatin1String("exc_info")))
            return false;
        for (size_t a = 1; a < call.children.size(); ++a) {
            if (!isInert(*call.children[a]))
                return false;
        }
        if (callee.isName(u"print") && m_sa.nameOrigin(callee) == SaEvaluator::NameOrigin::Unknown)
            return true;
        static const QStringList levels = {QStringLiteral("debug"), QStringLiteral("info"), QStringLiteral("warning"),
                                           QStringLiteral("warn"), QStringLiteral("error"), QStringLiteral("exception"),
                                           QStringLiteral("critical")};
        if (callee.kind != EK::Attribute || !levels.contains(callee.text) || !callee.child(0) || callee.child(0)->kind != EK::Name)
            return false;
        const PyExpr &logger = *callee.child(0);
        const QString loggerName = m_sa.calleeName(logger);
        if (loggerName == QLatin1String("logging") || loggerName == QLatin1String("loguru.logger"))
            return true;
        const QHash<QString, PyAssignment> &assignments = m_sa.moduleValues();
        const auto assigned = assignments.constFind(logger.text);
        return assigned != assignments.constEnd() && !assigned->conditional && assigned->value->kind == EK::Call
               && m_sa.calleeName(*assigned->value->children[0]) == QLatin1String("logging.getLogger");
    }

    // What a message argument may be: literals, names (the error), their attributes, str()/repr() of
    // them, and % or + between them. Nothing that calls into the application.
    static bool isInert(const PyExpr &e)
    {
        switch (e.kind) {
        case EK::String: case EK::Number: case EK::None: case EK::True: case EK::False: case EK::Name:
            return true;
        case EK::Attribute:
            return e.child(0) && isInert(*e.child(0));
        case EK::Tuple:
            for (const PyExprPtr &c : e.children) {
                if (!c || !isInert(*c))
                    return false;
            }
            return true;
        case EK::BinaryOp:
            return (e.text == QLatin1String("%") || e.text == QLatin1String("+")) && e.child(0) && e.child(1)
                   && isInert(*e.child(0)) && isInert(*e.child(1));
        case EK::Call:
            return e.children.size() == 2 && e.keywords.empty()
                   && (e.children[0]->isName(u"str") || e.children[0]->isName(u"repr")) && isInert(*e.children[1]);
        default:
            return false;
        }
    }

    // What print() shows of an argument: a literal, or an f-string of names whose values are known.
    QString printedText(const PyExpr &e)
    {
        if (e.kind == EK::String && !e.formatPieces.isEmpty()) {
            try {
                const SaValue v = m_sa.eval(e);
                if (v.kind == SaValue::Kind::String)
                    return v.string();
            } catch (const Unsupported &) {
                // shown as <a value>, as any other value computed when Python runs
            }
        }
        return messageText(e, QString());
    }

    static QString messageText(const PyExpr &e, const QString &errorName)
    {
        if (e.kind == EK::String && !e.isComputed)
            return e.text;
        const QString name = e.dottedName();
        if (!errorName.isEmpty() && (name == errorName || name.startsWith(errorName + QLatin1Char('.'))))
            return QStringLiteral("<the database error>");
        return QStringLiteral("<%1>").arg(name.isEmpty() ? QStringLiteral("a value") : name);
    }

    bool isGetBind(const PyExpr &e) const
    {
        return e.kind == EK::Call && e.children.size() == 1 && e.keywords.empty()
               && m_sa.calleeName(*e.children[0]) == QLatin1String("op.get_bind");
    }

    // op.get_context().bind.execute(...), op.get_bind().exec_driver_sql(...): say which call hands over the connection.
    void refuseLiveConnection(const PyExpr &call) const
    {
        for (const PyExpr *e = call.child(0); e; e = e->child(0)) {
            if (e->kind == EK::Call) {
                const QString callee = m_sa.calleeName(*e->children[0]);
                if (callee == QLatin1String("op.get_bind") || callee == QLatin1String("op.get_context"))
                    fail(call.span, QStringLiteral("%1() hands a live connection to Python code").arg(callee));
            } else if (e->kind != EK::Attribute) {
                return;
            }
        }
    }

    // conn.execute(SQL) or op.get_bind().execute(SQL) as a statement of its own, its result unused: the
    // same as op.execute(SQL) when SQL is known before it runs. A plain string goes to the driver as it
    // is (SQLAlchemy 1.4's exec_driver_sql: no ':name' parameters); text() and Core statements as
    // op.execute() takes them. Parameters, and any use of the result, stay with Python.
    bool connectionExecute(const PyExpr &call, OperationList *ops)
    {
        const PyExpr &callee = *call.children[0];
        if (callee.kind != EK::Attribute || callee.text != QLatin1String("execute") || !callee.child(0))
            return false;
        const PyExpr &target = *callee.child(0);
        const bool connection = isGetBind(target)
                                || (target.kind == EK::Name && m_sa.nameOrigin(target) == SaEvaluator::NameOrigin::Local
                                    && m_sa.eval(target).kind == SaValue::Kind::Connection);
        if (!connection)
            return false;
        const QString shown = isGetBind(target) ? QStringLiteral("op.get_bind()") : target.text;
        Operation op;
        op.kind = Operation::Kind::Execute;
        op.line = call.span.line;
        if (call.children.size() == 3 || (call.children.size() == 2 && !call.keywords.empty())) {
            // conn.execute(sa.text("… :x …"), {"x": 1}) or (…, x=1): literal values for the text's parameters
            if (!m_sa.isTextCall(*call.children[1]))
                fail(call.span, QStringLiteral("%1.execute() with parameters for something other than sa.text(): Python binds "
                                               "them when it runs").arg(shown));
            std::vector<std::pair<QString, const PyExpr *>> parameters;
            if (call.children.size() == 3) {
                const PyExpr &given = *call.children[2];
                if (given.kind != EK::Dict || !call.keywords.empty())
                    fail(given.span, QStringLiteral("%1.execute() parameters that are not one literal dict (a list runs the "
                                                    "statement once per row in Python)").arg(shown));
                for (size_t i = 0; i + 1 < given.children.size(); i += 2) {
                    const PyExpr *key = given.children[i].get();
                    if (!key || key->kind != EK::String || key->isComputed)
                        fail(given.span, QStringLiteral("%1.execute() parameters whose names are not literal strings").arg(shown));
                    parameters.emplace_back(key->text, given.children[i + 1].get());
                }
            }
            for (const PyKeywordArg &k : call.keywords) {
                if (k.name.isEmpty())
                    fail(call.span, QStringLiteral("%1.execute(**…) needs Python").arg(shown));
                parameters.emplace_back(k.name, k.value.get());
            }
            const SaValue bound = m_sa.boundText(*call.children[1], parameters, true, call.span);
            op.sql = bound.serverDefault.text;
            op.sqlParameters = bound.parameters;
            op.driverBound = true;
            ops->push_back(std::move(op));
            return true;
        }
        if (call.children.size() != 2 || !call.keywords.empty())
            fail(call.span, QStringLiteral("%1.execute() with these arguments: Python binds them when it runs").arg(shown));
        const SaValue statement = m_sa.eval(*call.children[1]);
        if (statement.kind == SaValue::Kind::BoundText) {
            op.sql = statement.serverDefault.text;
            op.sqlParameters = statement.parameters;
        } else if (statement.kind == SaValue::Kind::Statement)
            op.statement = statement.statement;
        else if (statement.kind == SaValue::Kind::Ddl)
            op.ddl = statement.ddl;
        else if (statement.isString() && statement.string().contains(QLatin1Char('%')))
            fail(call.children[1]->span, QStringLiteral("a '%' in SQL handed to the driver as a string: psycopg2 and PyMySQL "
                                                        "read it as a parameter marker, SQLite does not (use sa.text())"));
        else if (statement.isString())
            op.sql = statement.string();
        else if (statement.kind == SaValue::Kind::Default && statement.serverDefault.kind == ServerDefault::Kind::Text)
            op.sql = statement.serverDefault.text;
        else
            fail(call.children[1]->span, QStringLiteral("execute() takes SQL Retort cannot read here (%1)")
                                             .arg(QString::fromLatin1(kindName(statement.kind))));
        ops->push_back(std::move(op));
        return true;
    }

    const PyModule &m_module;
    SaEvaluator m_sa;
    std::optional<Unsupported> m_rebinding;
    bool m_inTry = false;
    int m_autocommitLine = 0;     ///< of the autocommit_block being read
    QHash<QString, bool> m_errorTextNames;   ///< in an except handler: names holding the error's text (lowered?)
    static inline const QStringList kAllDialects = {QStringLiteral("sqlite"), QStringLiteral("postgresql"), QStringLiteral("mysql")};
    QStringList m_dialectScope = kAllDialects;   ///< the dialects the statement being read runs on
};

} // namespace

OperationsRead readOperations(const PyModule &module, const QString &functionName)
{
    Reader reader(module);
    return reader.read(functionName);
}

RevisionOperations readRevisionOperations(const QString &source)
{
    return readRevisionOperations(parsePython(source));
}

RevisionOperations readRevisionFileOperations(const QByteArray &bytes)
{
    return readRevisionOperations(parsePythonSource(bytes));
}

RevisionOperations readRevisionOperations(const PyModule &module)
{
    return readRevisionOperations(module, QStringLiteral("upgrade"), QStringLiteral("downgrade"));
}

RevisionOperations readRevisionOperations(const PyModule &module, const QString &upgradeName, const QString &downgradeName)
{
    Reader reader(module);
    RevisionOperations ops;
    ops.upgrade = reader.read(upgradeName);
    ops.downgrade = reader.read(downgradeName);
    return ops;
}

RevisionOperations readRevisionFileOperations(const QByteArray &bytes, const QString &upgradeName, const QString &downgradeName)
{
    return readRevisionOperations(parsePythonSource(bytes), upgradeName, downgradeName);
}

RevisionOperations readRevisionFileOperations(const QByteArray &bytes, const QString &upgradeName, const QString &downgradeName,
                                              const RevisionNameResolver &resolver)
{
    const PyModule module = parsePythonSource(bytes);
    Reader reader(module, resolver);
    RevisionOperations ops;
    ops.upgrade = reader.read(upgradeName);
    ops.downgrade = reader.read(downgradeName);
    return ops;
}

const TryHandler::Clause *TryHandler::catching(const QString &dbapiClass) const
{
    for (const Clause &clause : clauses) {
        if (clause.catches.contains(dbapiClass) || clause.catches.contains(QStringLiteral("DatabaseError")))
            return &clause;
    }
    return nullptr;
}

namespace {

bool runHandlerSteps(const std::vector<TryHandler::Step> &steps, const QString &errorText, QStringList *printed)
{
    for (const TryHandler::Step &step : steps) {
        switch (step.kind) {
        case TryHandler::Step::Kind::Message:
            printed->append(step.message);
            break;
        case TryHandler::Step::Kind::Raise:
            return true;
        case TryHandler::Step::Kind::If: {
            bool found = false;
            for (const TryHandler::Step::Needle &needle : step.anyOf)
                found = found || (needle.lowercase ? errorText.toLower() : errorText).contains(needle.text);
            if (runHandlerSteps(found != step.negate ? step.then : step.otherwise, errorText, printed))
                return true;
            break;
        }
        }
    }
    return false;
}

} // namespace

bool TryHandler::handle(const Clause &clause, const QString &errorText, QStringList *printed)
{
    return runHandlerSteps(clause.steps, errorText, printed);
}

QString Operation::describe() const
{
    static const char *names[] = {"create_table", "drop_table", "rename_table", "add_column", "drop_column", "alter_column",
                                  "create_index", "drop_index", "create_constraint", "drop_constraint",
                                  "create_table_comment", "drop_table_comment", "execute", "bulk_insert",
                                  "batch_alter_table", "message"};
    QString text = QString::fromLatin1(names[int(kind)]);
    if (kind == Kind::CreateConstraint && !constraints.isEmpty()) {
        static const char *kinds[] = {"create_primary_key", "create_foreign_key", "create_unique_constraint",
                                      "create_check_constraint"};
        text = QString::fromLatin1(kinds[int(constraints.first().kind)]);
    }
    if (kind == Kind::Execute)
        return text + QStringLiteral("(%1)").arg(sql.simplified().left(60));
    if (kind == Kind::Message)
        return text + QStringLiteral("(%1)").arg(message.simplified().left(60));
    QString what = table;
    if (!name.isEmpty())
        what += QLatin1Char('.') + name;
    else if (!columns.isEmpty() && kind == Kind::AddColumn)
        what += QLatin1Char('.') + columns.first().name;
    else if (!indexes.isEmpty())
        what = indexes.first().name + QStringLiteral(" on ") + table;
    return text + QStringLiteral("(%1)").arg(what);
}

std::optional<ConstraintType> constraintTypeFromAlembic(const QString &text)
{
    static const QHash<QString, ConstraintType> types = {
        {QString(), ConstraintType::Unspecified}, {QStringLiteral("foreignkey"), ConstraintType::ForeignKey},
        {QStringLiteral("primary"), ConstraintType::Primary}, {QStringLiteral("unique"), ConstraintType::Unique},
        {QStringLiteral("check"), ConstraintType::Check}};
    const auto it = types.constFind(text);
    return it == types.constEnd() ? std::nullopt : std::optional<ConstraintType>(*it);
}

std::optional<BatchRecreate> batchRecreateFromAlembic(const QString &text)
{
    if (text == QLatin1String("auto"))
        return BatchRecreate::Auto;
    if (text == QLatin1String("always"))
        return BatchRecreate::Always;
    if (text == QLatin1String("never"))
        return BatchRecreate::Never;
    return std::nullopt;
}

} // namespace retort
