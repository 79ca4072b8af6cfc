// Interpreter for the declarative subset of Alembic revision bodies. Each call is bound to its
// signature (keyword and positional styles, including the names Alembic 0.7 used), every argument
// must be a literal or a SQLAlchemy construct from the known list, and the first thing outside
// that subset ends the reading with its span and a reason. Internally a failure is thrown as
// Unsupported and caught at the function boundary: the reader is a recursive evaluator and the
// first failure ends it, so threading a Result through every level would only add noise.
#include "ops/OpReader.h"

#include "python/PySource.h"
#include "ops/SaExpression.h"

#include "python/PyModuleValues.h"

#include <QHash>
#include <QSet>

#include <tuple>
#include <utility>

namespace retort {

namespace {

using EK = PyExpr::Kind;
using SK = PyStmt::Kind;

struct Unsupported
{
    SourceSpan span;
    QString reason;
};

[[noreturn]] void fail(const SourceSpan &span, const QString &reason)
{
    throw Unsupported{span, reason};
}

using TableValue = SaTableValue;
using Value = SaValue;

const char *kindName(Value::Kind k)
{
    switch (k) {
    case Value::Kind::None: return "None";
    case Value::Kind::Bool: return "a boolean";
    case Value::Kind::Int: return "an integer";
    case Value::Kind::Float: return "a number";
    case Value::Kind::String: return "a string";
    case Value::Kind::List: return "a list";
    case Value::Kind::Dict: return "a dict";
    case Value::Kind::Type: return "a type";
    case Value::Kind::Column: return "a Column";
    case Value::Kind::Constraint: return "a constraint";
    case Value::Kind::Index: return "an Index";
    case Value::Kind::ForeignKey: return "a ForeignKey";
    case Value::Kind::Default: return "a SQL expression";
    case Value::Kind::Table: return "a table";
    case Value::Kind::MetaData: return "a MetaData";
    case Value::Kind::ColumnRef: return "a column reference";
    case Value::Kind::Condition: return "a condition";
    case Value::Kind::Statement: return "a SQLAlchemy Core statement";
    }
    return "a value";
}

// Modules whose import cannot change what a revision does to the schema.
bool isHarmlessModule(const QString &module)
{
    static const QSet<QString> stdlib = {
        QStringLiteral("__future__"), QStringLiteral("typing"), QStringLiteral("typing_extensions"),
        QStringLiteral("datetime"), QStringLiteral("decimal"), QStringLiteral("enum"), QStringLiteral("uuid"),
        QStringLiteral("json"), QStringLiteral("re"), QStringLiteral("logging"), QStringLiteral("collections"),
    };
    const QString top = module.section(QLatin1Char('.'), 0, 0);
    return top == QLatin1String("alembic") || top == QLatin1String("sqlalchemy") || stdlib.contains(top);
}

// "sqlalchemy.sql.expression.text" -> "sa.text"; "sqlalchemy.dialects.postgresql.UUID" -> "postgresql.UUID".
QString canonicalName(const QString &qualified)
{
    static const QStringList saPrefixes = {
        QStringLiteral("sqlalchemy.sql.sqltypes."), QStringLiteral("sqlalchemy.sql.expression."),
        QStringLiteral("sqlalchemy.sql.schema."), QStringLiteral("sqlalchemy.sql.functions."),
        QStringLiteral("sqlalchemy.sql.elements."), QStringLiteral("sqlalchemy.sql."),
        QStringLiteral("sqlalchemy.types."), QStringLiteral("sqlalchemy.schema."), QStringLiteral("sqlalchemy."),
    };
    for (const QString &dialect : {QStringLiteral("postgresql"), QStringLiteral("mysql"), QStringLiteral("sqlite")}) {
        const QString prefix = QStringLiteral("sqlalchemy.dialects.") + dialect;
        if (qualified == prefix || qualified.startsWith(prefix + QLatin1Char('.')))
            return dialect + qualified.mid(prefix.size());
    }
    if (qualified == QLatin1String("sqlalchemy"))
        return QStringLiteral("sa");
    for (const QString &p : saPrefixes) {
        if (qualified.startsWith(p))
            return QStringLiteral("sa.") + qualified.mid(p.size());
    }
    if (qualified == QLatin1String("alembic.op") || qualified.startsWith(QLatin1String("alembic.op.")))
        return QStringLiteral("op") + qualified.mid(10);
    return qualified;
}

qlonglong parseInt(const PyExpr &e, bool *ok)
{
    QString t = e.text;
    t.remove(QLatin1Char('_'));
    if (t.startsWith(QLatin1String("0x"), Qt::CaseInsensitive))
        return t.mid(2).toLongLong(ok, 16);
    if (t.startsWith(QLatin1String("0o"), Qt::CaseInsensitive))
        return t.mid(2).toLongLong(ok, 8);
    if (t.startsWith(QLatin1String("0b"), Qt::CaseInsensitive))
        return t.mid(2).toLongLong(ok, 2);
    return t.toLongLong(ok, 10);
}

// Python's "%" formatting and ':name' in op.execute() strings: Alembic wraps a string in text(), which
// reads ':name' as a bind parameter and fails without a value. Returns the SQL with "\:" unescaped.
QString textClauseSql(const QString &sql, const SourceSpan &span)
{
    QString out;
    out.reserve(sql.size());
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const QChar c = sql.at(i);
        if (c == QLatin1Char('\\') && i + 1 < sql.size() && sql.at(i + 1) == QLatin1Char(':')) {
            out += QLatin1Char(':');
            ++i;
            continue;
        }
        if (c == QLatin1Char(':') && i + 1 < sql.size() && (sql.at(i + 1).isLetterOrNumber() || sql.at(i + 1) == QLatin1Char('_'))) {
            const QChar before = i > 0 ? sql.at(i - 1) : QChar();
            const bool afterColonOrWord = before == QLatin1Char(':') || before.isLetterOrNumber() || before == QLatin1Char('_');
            qsizetype end = i + 1;
            while (end < sql.size() && (sql.at(end).isLetterOrNumber() || sql.at(end) == QLatin1Char('_')))
                ++end;
            const bool followedByColon = end < sql.size() && sql.at(end) == QLatin1Char(':');
            if (!afterColonOrWord && !followedByColon)
                fail(span, QStringLiteral("the SQL contains '%1', which SQLAlchemy's text() reads as a bind parameter "
                                          "that has no value here (write \\%1 for a literal colon)")
                               .arg(sql.mid(i, end - i)));
        }
        out += c;
    }
    return out;
}

class Reader
{
public:
    explicit Reader(const PyModule &module, SaExpressionOptions options = {})
        : m_module(module), m_options(std::move(options))
    {
        m_moduleValues = moduleAssignments(module);
        for (const auto &stmt : module.body) {
            if (stmt->kind == SK::Import) {
                for (const PyImportName &i : stmt->imports) {
                    noteImport(i.name, i.span);
                    if (!i.asName.isEmpty())
                        m_imports.insert(i.asName, i.name);
                    else
                        m_imports.insert(i.name.section(QLatin1Char('.'), 0, 0), i.name.section(QLatin1Char('.'), 0, 0));
                }
            } else if (stmt->kind == SK::ImportFrom) {
                noteImport(stmt->name, stmt->span);
                for (const PyImportName &i : stmt->imports) {
                    if (i.name == QLatin1String("*")) {
                        if (!m_badImport)
                            m_badImport = Unsupported{stmt->span, QStringLiteral("'from %1 import *' hides which names the "
                                                                                "revision uses").arg(stmt->name)};
                        continue;
                    }
                    m_imports.insert(i.asName.isEmpty() ? i.name : i.asName, stmt->name + QLatin1Char('.') + i.name);
                }
            }
        }
        for (auto it = m_options.aliases.constBegin(); it != m_options.aliases.constEnd(); ++it)
            m_imports.insert(it.key(), it.value());
        findRebinding(module.body);
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
            if (m_badImport)
                throw *m_badImport;
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
            m_locals.clear();
            m_batchNames.clear();
            for (const auto &stmt : function->body)
                statement(*stmt, &result.operations, nullptr);
        } catch (const Unsupported &u) {
            result.operations.clear();
            result.needsPython = NeedsPython{u.span.line, u.span.column, u.span.length, u.reason};
        }
        return result;
    }

    Value evaluate(const PyExpr &e) { return eval(e); }
    /// CHECK constraints given as Column arguments since the last call.
    QList<ConstraintDef> takeColumnChecks() { return std::exchange(m_columnChecks, {}); }
    QString qualifiedName(const PyExpr &e) const { return calleeName(e); }

private:
    void noteImport(const QString &module, const SourceSpan &span)
    {
        if (m_badImport || isHarmlessModule(module) || m_options.modelColumns)
            return;
        m_badImport = Unsupported{span, module.startsWith(QLatin1Char('.'))
                                            ? QStringLiteral("imports application code (%1); Retort does not run it").arg(module)
                                            : QStringLiteral("imports %1, which is not part of Alembic or SQLAlchemy; "
                                                             "Retort does not run it").arg(module)};
    }

    // --- statements --------------------------------------------------------------------------

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
            opCall(*stmt.value, ops, batch);
            return;
        case SK::Assign: {
            if (stmt.targets.size() != 1 || stmt.targets[0]->kind != EK::Name)
                fail(stmt.span, QStringLiteral("an assignment to something other than one plain name"));
            const PyExpr &value = *stmt.value;
            Value v;
            if (value.kind == EK::Call && calleeName(*value.children[0]).startsWith(QLatin1String("op.")))
                v = opCall(value, ops, batch);   // t = op.create_table(...)
            else
                v = eval(value);
            m_locals.insert(stmt.targets[0]->text, v);
            return;
        }
        case SK::With: {
            if (batch)
                fail(stmt.span, QStringLiteral("a batch_alter_table block inside another"));
            if (stmt.bases.size() != 1 || stmt.withNames.value(0).isEmpty())
                fail(stmt.span, QStringLiteral("a 'with' block other than 'with op.batch_alter_table(...) as batch_op'"));
            const PyExpr &context = *stmt.bases[0];
            if (context.kind != EK::Call || calleeName(*context.children[0]) != QLatin1String("op.batch_alter_table"))
                fail(context.span, QStringLiteral("a 'with' block other than 'with op.batch_alter_table(...) as batch_op'"));
            Operation op = batchAlterTable(context);
            const QString name = stmt.withNames[0];
            m_batchNames.insert(name);
            for (const auto &inner : stmt.body)
                statement(*inner, &op.batch, &op);
            m_batchNames.remove(name);
            ops->push_back(std::move(op));
            return;
        }
        case SK::If: fail(stmt.span, QStringLiteral("a condition ('if') decides at run time what runs"));
        case SK::For: fail(stmt.span, QStringLiteral("a loop ('for') runs Python code"));
        case SK::While: fail(stmt.span, QStringLiteral("a loop ('while') runs Python code"));
        case SK::Try: fail(stmt.span, QStringLiteral("a 'try' block decides at run time what runs"));
        case SK::Import:
        case SK::ImportFrom: fail(stmt.span, QStringLiteral("an import inside the function"));
        case SK::FunctionDef: fail(stmt.span, QStringLiteral("a nested function definition"));
        case SK::ClassDef: fail(stmt.span, QStringLiteral("a class definition"));
        case SK::Return: fail(stmt.span, QStringLiteral("a 'return' statement"));
        case SK::Raise: fail(stmt.span, QStringLiteral("the function raises an exception"));
        default: fail(stmt.span, QStringLiteral("a Python statement Retort does not interpret"));
        }
    }

    QString calleeName(const PyExpr &callee) const
    {
        const QString dotted = callee.dottedName();
        if (dotted.isEmpty())
            return {};
        const QString head = dotted.section(QLatin1Char('.'), 0, 0);
        const QString rest = dotted.mid(head.size());
        if (m_batchNames.contains(head))
            return QStringLiteral("batch") + rest;
        if (m_locals.contains(head) || (!m_imports.contains(head) && m_moduleValues.contains(head)))
            return QStringLiteral("local:") + dotted;
        const auto it = m_imports.constFind(head);
        if (it == m_imports.constEnd())
            return QStringLiteral("unknown:") + dotted;
        return canonicalName(it.value() + rest);
    }

    // --- op.* and batch_op.* -----------------------------------------------------------------

    struct Args
    {
        QHash<QString, const PyExpr *> named;
        std::vector<const PyExpr *> rest;
        const PyExpr *get(const char *name) const { return named.value(QString::fromLatin1(name), nullptr); }
        bool has(const char *name) const { return named.contains(QString::fromLatin1(name)); }
    };

    // Binds call arguments to a signature. positional: names in order; keywordOnly: further names;
    // aliases: "old=new" pairs for the names Alembic 0.7 used; varargs: extra positionals allowed.
    Args bind(const PyExpr &call, const QString &function, const QStringList &positional, const QStringList &keywordOnly,
              bool varargs = false, const QStringList &aliases = {}) const
    {
        Args args;
        for (size_t i = 1; i < call.children.size(); ++i) {
            const PyExpr *a = call.children[i].get();
            if (a->kind == EK::Starred)
                fail(a->span, QStringLiteral("arguments unpacked with * in %1()").arg(function));
            const size_t index = i - 1;
            if (index < size_t(positional.size()))
                args.named.insert(positional.at(qsizetype(index)), a);
            else if (varargs)
                args.rest.push_back(a);
            else
                fail(a->span, QStringLiteral("too many positional arguments to %1()").arg(function));
        }
        for (const PyKeywordArg &k : call.keywords) {
            if (k.name.isEmpty())
                fail(k.span, QStringLiteral("keyword arguments unpacked with ** in %1()").arg(function));
            QString name = k.name;
            // Alembic 0.7's argument names, where the signature does not use the name itself.
            if (!positional.contains(name) && !keywordOnly.contains(name)) {
                for (const QString &alias : aliases) {
                    if (alias.section(QLatin1Char('='), 0, 0) == name)
                        name = alias.section(QLatin1Char('='), 1);
                }
            }
            if (!positional.contains(name) && !keywordOnly.contains(name))
                fail(k.span, QStringLiteral("%1() argument '%2' is not supported").arg(function, k.name));
            if (args.named.contains(name))
                fail(k.span, QStringLiteral("%1() got '%2' twice").arg(function, name));
            args.named.insert(name, k.value.get());
        }
        return args;
    }

    // A "table.column" string, or a column reference (User.id in a model) turned into one.
    QString columnTarget(const Args &a, const char *name, const PyExpr &call, const QString &function)
    {
        const PyExpr *e = a.get(name);
        if (e && m_options.modelColumns) {
            const Value v = eval(*e);
            if (v.kind == Value::Kind::ColumnRef)
                return v.table.name + QLatin1Char('.') + v.columnRef;
            if (v.isString())
                return v.string();
        }
        return requireString(a, name, call, function);
    }

    QString requireString(const Args &a, const char *name, const PyExpr &call, const QString &function)
    {
        const PyExpr *e = a.get(name);
        if (!e)
            fail(call.span, QStringLiteral("%1() needs %2").arg(function, QString::fromLatin1(name)));
        const Value v = eval(*e);
        if (!v.isString())
            fail(e->span, QStringLiteral("%1 of %2() must be a string, not %3").arg(QString::fromLatin1(name), function,
                                                                                     QString::fromLatin1(kindName(v.kind))));
        return v.string();
    }

    // A string argument (or a name, and whether it came through op.f(): naming conventions skip those);
    // None or absent give an empty string.
    std::pair<QString, bool> nameArg(const Args &a, const char *name)
    {
        const PyExpr *e = a.get(name);
        if (!e)
            return {};
        const Value v = eval(*e);
        if (v.kind == Value::Kind::None)
            return {};
        if (!v.isString())
            fail(e->span, QStringLiteral("%1 must be a string or None").arg(QString::fromLatin1(name)));
        return {v.string(), v.converted};
    }

    QString optionalString(const Args &a, const char *name)
    {
        return nameArg(a, name).first;
    }

    bool optionalBool(const Args &a, const char *name, bool fallback = false)
    {
        const PyExpr *e = a.get(name);
        if (!e)
            return fallback;
        const Value v = eval(*e);
        if (v.kind == Value::Kind::None)
            return fallback;
        if (v.kind != Value::Kind::Bool)
            fail(e->span, QStringLiteral("%1 must be True or False").arg(QString::fromLatin1(name)));
        return v.scalar.toBool();
    }

    std::optional<bool> triBool(const Args &a, const char *name)
    {
        const PyExpr *e = a.get(name);
        if (!e)
            return std::nullopt;
        const Value v = eval(*e);
        if (v.kind == Value::Kind::None)
            return std::nullopt;
        if (v.kind != Value::Kind::Bool)
            fail(e->span, QStringLiteral("%1 must be True, False or None").arg(QString::fromLatin1(name)));
        return v.scalar.toBool();
    }

    QStringList stringList(const PyExpr &e, const QString &what)
    {
        const Value v = eval(e);
        if (v.isString())
            return {v.string()};
        if (v.kind != Value::Kind::List)
            fail(e.span, QStringLiteral("%1 must be a list of column names").arg(what));
        QStringList out;
        for (const Value &item : v.items) {
            if (!item.isString())
                fail(item.span, QStringLiteral("%1 must be a list of column names").arg(what));
            out << item.string();
        }
        return out;
    }

    // server_default: a string, sa.text(), sa.func.x(), sa.true()/false().
    ServerDefault serverDefaultOf(const PyExpr &e)
    {
        const Value v = eval(e);
        if (v.isString())
            return ServerDefault{ServerDefault::Kind::Literal, v.string()};
        if (v.kind == Value::Kind::Default)
            return v.serverDefault;
        fail(e.span, QStringLiteral("a server default must be a string, sa.text(), sa.func.…() or sa.true()/sa.false(), "
                                    "not %1").arg(QString::fromLatin1(kindName(v.kind))));
    }

    SqlType typeOf(const PyExpr &e, const QString &what)
    {
        const Value v = eval(e);
        if (v.kind != Value::Kind::Type)
            fail(e.span, QStringLiteral("%1 must be a SQLAlchemy type, not %2").arg(what, QString::fromLatin1(kindName(v.kind))));
        return v.type;
    }

    Value opCall(const PyExpr &call, OperationList *ops, const Operation *batch)
    {
        const QString callee = calleeName(*call.children[0]);
        const bool isBatch = callee.startsWith(QLatin1String("batch."));
        if (!callee.startsWith(QLatin1String("op.")) && !isBatch) {
            if (callee.startsWith(QLatin1String("local:")))
                fail(call.span, QStringLiteral("a method call on a local value (%1) runs Python code").arg(callee.mid(6)));
            fail(call.span, QStringLiteral("a call to %1, which is not an Alembic operation")
                                .arg(call.children[0]->dottedName().isEmpty() ? QStringLiteral("an expression")
                                                                              : call.children[0]->dottedName()));
        }
        const QString fn = callee.section(QLatin1Char('.'), 1);
        const QString display = (isBatch ? QStringLiteral("batch_op.") : QStringLiteral("op.")) + fn;
        if (isBatch && !batch)
            fail(call.span, QStringLiteral("%1 outside its 'with' block").arg(display));

        Operation op;
        op.line = call.span.line;
        if (batch) {
            op.table = batch->table;
            op.schema = batch->schema;
        }
        // batch_op.* drop the table (and schema) arguments; everything else keeps its name.
        const auto sig = [&](QStringList positional, QStringList keywordOnly) {
            if (isBatch) {
                positional.removeAll(QStringLiteral("table_name"));
                keywordOnly.removeAll(QStringLiteral("schema"));
            }
            return std::make_pair(positional, keywordOnly);
        };
        const QStringList oldNames = {QStringLiteral("name=constraint_name"), QStringLiteral("tablename=table_name"),
                                      QStringLiteral("type=type_"), QStringLiteral("source=source_table"),
                                      QStringLiteral("referent=referent_table"), QStringLiteral("cols=columns"),
                                      QStringLiteral("local_cols=columns")};
        const auto bindOp = [&](QStringList positional, QStringList keywordOnly, bool varargs = false) {
            const auto [p, k] = sig(std::move(positional), std::move(keywordOnly));
            return bind(call, display, p, k, varargs, oldNames);
        };
        const auto tableAndSchema = [&](const Args &a) {
            if (!isBatch) {
                op.table = requireString(a, "table_name", call, display);
                op.schema = optionalString(a, "schema");
            }
        };

        if (fn == QLatin1String("f") || fn == QLatin1String("inline_literal")) {
            return eval(call);
        } else if (fn == QLatin1String("create_table") && !isBatch) {
            const Args a = bind(call, display, {QStringLiteral("table_name")},
                                {QStringLiteral("schema"), QStringLiteral("if_not_exists"), QStringLiteral("comment"),
                                 QStringLiteral("mysql_engine"), QStringLiteral("mysql_charset"),
                                 QStringLiteral("mysql_default_charset"), QStringLiteral("mysql_collate"),
                                 QStringLiteral("info")}, true);
            op.kind = Operation::Kind::CreateTable;
            op.table = requireString(a, "table_name", call, display);
            op.schema = optionalString(a, "schema");
            op.ifNotExists = optionalBool(a, "if_not_exists");
            op.comment = optionalString(a, "comment");
            // SQLAlchemy's spelling: the option name upper-cased, '_' as ' ', joined by '=' (COLLATE by a space).
            for (const char *option : {"mysql_engine", "mysql_charset", "mysql_default_charset", "mysql_collate"}) {
                const QString value = optionalString(a, option);
                if (value.isEmpty())
                    continue;
                const QString name = QString::fromLatin1(option).mid(6).toUpper().replace(QLatin1Char('_'), QLatin1Char(' '));
                op.mysqlOptions << name + (name == QLatin1String("COLLATE") ? QStringLiteral(" ") : QStringLiteral("=")) + value;
            }
            for (const PyExpr *item : a.rest) {
                Value v = eval(*item);
                if (v.kind == Value::Kind::Column) {
                    op.columns.append(v.column);
                } else if (v.kind == Value::Kind::Constraint) {
                    op.constraints.append(v.constraint);
                } else if (v.kind == Value::Kind::Index) {
                    v.index.table = op.table;
                    op.indexes.append(v.index);
                } else {
                    fail(item->span, QStringLiteral("create_table() takes Columns and constraints, not %1")
                                         .arg(QString::fromLatin1(kindName(v.kind))));
                }
            }
            for (const ColumnDef &c : std::as_const(op.columns)) {
                if (!c.hasType)
                    fail(call.span, QStringLiteral("column '%1' has no type (SQLAlchemy would copy it from the referenced "
                                                   "column, which Retort does not do)").arg(c.name));
            }
        } else if (fn == QLatin1String("drop_table") && !isBatch) {
            const Args a = bindOp({QStringLiteral("table_name")}, {QStringLiteral("schema"), QStringLiteral("if_exists")});
            op.kind = Operation::Kind::DropTable;
            tableAndSchema(a);
            op.ifExists = optionalBool(a, "if_exists");
        } else if (fn == QLatin1String("rename_table") && !isBatch) {
            const Args a = bind(call, display, {QStringLiteral("old_table_name"), QStringLiteral("new_table_name"),
                                                QStringLiteral("schema")}, {});
            op.kind = Operation::Kind::RenameTable;
            op.table = requireString(a, "old_table_name", call, display);
            op.newName = requireString(a, "new_table_name", call, display);
            op.schema = optionalString(a, "schema");
        } else if (fn == QLatin1String("add_column")) {
            const Args a = bindOp({QStringLiteral("table_name"), QStringLiteral("column"), QStringLiteral("schema")},
                                  {QStringLiteral("if_not_exists")});
            op.kind = Operation::Kind::AddColumn;
            tableAndSchema(a);
            const PyExpr *column = a.get("column");
            if (!column)
                fail(call.span, QStringLiteral("%1() needs a column").arg(display));
            const Value v = eval(*column);
            if (v.kind != Value::Kind::Column)
                fail(column->span, QStringLiteral("%1() takes a Column").arg(display));
            if (!v.column.hasType)
                fail(column->span, QStringLiteral("column '%1' has no type").arg(v.column.name));
            op.columns.append(v.column);
            op.ifNotExists = optionalBool(a, "if_not_exists");
        } else if (fn == QLatin1String("drop_column")) {
            const Args a = bindOp({QStringLiteral("table_name"), QStringLiteral("column_name"), QStringLiteral("schema")},
                                  {QStringLiteral("if_exists"), QStringLiteral("existing_type"),
                                   QStringLiteral("mssql_drop_check"), QStringLiteral("mssql_drop_default"),
                                   QStringLiteral("mssql_drop_foreign_key")});
            op.kind = Operation::Kind::DropColumn;
            tableAndSchema(a);
            op.name = requireString(a, "column_name", call, display);
            op.ifExists = optionalBool(a, "if_exists");
            if (const PyExpr *t = a.get("existing_type"))
                op.existingType = typeOf(*t, QStringLiteral("existing_type"));
        } else if (fn == QLatin1String("alter_column")) {
            const Args a = bindOp({QStringLiteral("table_name"), QStringLiteral("column_name")},
                                  {QStringLiteral("nullable"), QStringLiteral("comment"), QStringLiteral("server_default"),
                                   QStringLiteral("new_column_name"), QStringLiteral("type_"), QStringLiteral("existing_type"),
                                   QStringLiteral("existing_server_default"), QStringLiteral("existing_nullable"),
                                   QStringLiteral("existing_comment"), QStringLiteral("schema"), QStringLiteral("postgresql_using"),
                                   QStringLiteral("autoincrement"), QStringLiteral("existing_autoincrement")});
            op.kind = Operation::Kind::AlterColumn;
            tableAndSchema(a);
            op.name = requireString(a, "column_name", call, display);
            op.nullable = triBool(a, "nullable");
            op.existingNullable = triBool(a, "existing_nullable");
            op.autoincrement = triBool(a, "autoincrement");
            op.existingAutoincrement = triBool(a, "existing_autoincrement");
            op.newName = optionalString(a, "new_column_name");
            op.postgresqlUsing = optionalString(a, "postgresql_using");
            op.existingComment = optionalString(a, "existing_comment");
            if (const PyExpr *t = a.get("type_"))
                op.type = typeOf(*t, QStringLiteral("type_"));
            if (const PyExpr *t = a.get("existing_type"))
                op.existingType = typeOf(*t, QStringLiteral("existing_type"));
            if (const PyExpr *d = a.get("server_default")) {
                if (d->kind == EK::False)
                    ;   // "not given"
                else if (d->kind == EK::None)
                    op.serverDefault = std::optional<ServerDefault>();
                else
                    op.serverDefault = std::optional<ServerDefault>(serverDefaultOf(*d));
            }
            if (const PyExpr *d = a.get("existing_server_default")) {
                if (d->kind != EK::False && d->kind != EK::None)
                    op.existingServerDefault = serverDefaultOf(*d);
            }
            if (const PyExpr *c = a.get("comment")) {
                if (c->kind == EK::False)
                    ;
                else if (c->kind == EK::None)
                    op.columnComment = QString();
                else
                    op.columnComment = optionalString(a, "comment");
            }
        } else if (fn == QLatin1String("create_index")) {
            const Args a = bindOp({QStringLiteral("index_name"), QStringLiteral("table_name"), QStringLiteral("columns"),
                                   QStringLiteral("schema"), QStringLiteral("unique")},
                                  {QStringLiteral("if_not_exists"), QStringLiteral("postgresql_where"),
                                   QStringLiteral("postgresql_using")});
            op.kind = Operation::Kind::CreateIndex;
            tableAndSchema(a);
            IndexDef index;
            std::tie(index.name, index.nameConverted) = nameArg(a, "index_name");
            if (index.name.isEmpty())
                fail(call.span, QStringLiteral("%1() needs an index name").arg(display));
            index.table = op.table;
            index.unique = optionalBool(a, "unique");
            const PyExpr *columns = a.get("columns");
            if (!columns)
                fail(call.span, QStringLiteral("%1() needs columns").arg(display));
            indexParts(eval(*columns), &index);
            if (const PyExpr *w = a.get("postgresql_where"))
                index.postgresqlWhere = sqlText(*w, QStringLiteral("postgresql_where"));
            index.postgresqlUsing = optionalString(a, "postgresql_using");
            op.ifNotExists = optionalBool(a, "if_not_exists");
            op.indexes.append(index);
        } else if (fn == QLatin1String("drop_index")) {
            const Args a = bindOp({QStringLiteral("index_name"), QStringLiteral("table_name"), QStringLiteral("schema")},
                                  {QStringLiteral("if_exists")});
            op.kind = Operation::Kind::DropIndex;
            if (!isBatch) {
                op.table = optionalString(a, "table_name");
                op.schema = optionalString(a, "schema");
            }
            std::tie(op.name, op.nameConverted) = nameArg(a, "index_name");
            if (op.name.isEmpty())
                fail(call.span, QStringLiteral("%1() needs an index name").arg(display));
            op.ifExists = optionalBool(a, "if_exists");
        } else if (fn == QLatin1String("create_unique_constraint") || fn == QLatin1String("create_primary_key")) {
            const Args a = bindOp({QStringLiteral("constraint_name"), QStringLiteral("table_name"), QStringLiteral("columns"),
                                   QStringLiteral("schema")},
                                  fn == QLatin1String("create_unique_constraint")
                                      ? QStringList{QStringLiteral("deferrable"), QStringLiteral("initially")} : QStringList{});
            op.kind = Operation::Kind::CreateConstraint;
            tableAndSchema(a);
            ConstraintDef c;
            c.kind = fn == QLatin1String("create_primary_key") ? ConstraintDef::Kind::PrimaryKey : ConstraintDef::Kind::Unique;
            std::tie(c.name, c.nameConverted) = nameArg(a, "constraint_name");
            const PyExpr *columns = a.get("columns");
            if (!columns)
                fail(call.span, QStringLiteral("%1() needs columns").arg(display));
            c.columns = stringList(*columns, QStringLiteral("columns"));
            c.deferrable = triBool(a, "deferrable");
            c.initially = optionalString(a, "initially");
            op.constraints.append(c);
        } else if (fn == QLatin1String("create_foreign_key")) {
            const Args a = bindOp(isBatch ? QStringList{QStringLiteral("constraint_name"), QStringLiteral("referent_table"),
                                                        QStringLiteral("local_cols"), QStringLiteral("remote_cols")}
                                          : QStringList{QStringLiteral("constraint_name"), QStringLiteral("source_table"),
                                                        QStringLiteral("referent_table"), QStringLiteral("local_cols"),
                                                        QStringLiteral("remote_cols")},
                                  {QStringLiteral("onupdate"), QStringLiteral("ondelete"), QStringLiteral("deferrable"),
                                   QStringLiteral("initially"), QStringLiteral("match"), QStringLiteral("source_schema"),
                                   QStringLiteral("referent_schema")});
            op.kind = Operation::Kind::CreateConstraint;
            if (!isBatch) {
                op.table = requireString(a, "source_table", call, display);
                op.schema = optionalString(a, "source_schema");
            }
            ConstraintDef c;
            c.kind = ConstraintDef::Kind::ForeignKey;
            std::tie(c.name, c.nameConverted) = nameArg(a, "constraint_name");
            c.refTable = requireString(a, "referent_table", call, display);
            c.refSchema = optionalString(a, "referent_schema");
            if (!a.get("local_cols") || !a.get("remote_cols"))
                fail(call.span, QStringLiteral("%1() needs local_cols and remote_cols").arg(display));
            c.columns = stringList(*a.get("local_cols"), QStringLiteral("local_cols"));
            c.refColumns = stringList(*a.get("remote_cols"), QStringLiteral("remote_cols"));
            c.ondelete = optionalString(a, "ondelete");
            c.onupdate = optionalString(a, "onupdate");
            c.initially = optionalString(a, "initially");
            c.match = optionalString(a, "match");
            c.deferrable = triBool(a, "deferrable");
            op.constraints.append(c);
        } else if (fn == QLatin1String("create_check_constraint")) {
            const Args a = bindOp({QStringLiteral("constraint_name"), QStringLiteral("table_name"), QStringLiteral("condition"),
                                   QStringLiteral("schema")}, {});
            op.kind = Operation::Kind::CreateConstraint;
            tableAndSchema(a);
            ConstraintDef c;
            c.kind = ConstraintDef::Kind::Check;
            std::tie(c.name, c.nameConverted) = nameArg(a, "constraint_name");
            const PyExpr *condition = a.get("condition");
            if (!condition)
                fail(call.span, QStringLiteral("%1() needs a condition").arg(display));
            c.sqltext = sqlText(*condition, QStringLiteral("condition"));
            op.constraints.append(c);
        } else if (fn == QLatin1String("drop_constraint")) {
            const Args a = bindOp({QStringLiteral("constraint_name"), QStringLiteral("table_name"), QStringLiteral("type_"),
                                   QStringLiteral("schema")}, {QStringLiteral("if_exists")});
            op.kind = Operation::Kind::DropConstraint;
            tableAndSchema(a);
            std::tie(op.name, op.nameConverted) = nameArg(a, "constraint_name");
            op.constraintType = optionalString(a, "type_");
            op.ifExists = optionalBool(a, "if_exists");
            if (op.name.isEmpty())
                fail(call.span, QStringLiteral("%1(None, …) drops an unnamed constraint, which cannot be found by name "
                                               "(Alembic fails here too); give the constraint's real name").arg(display));
            static const QStringList types = {QStringLiteral("foreignkey"), QStringLiteral("primary"),
                                              QStringLiteral("unique"), QStringLiteral("check")};
            if (!op.constraintType.isEmpty() && !types.contains(op.constraintType))
                fail(call.span, QStringLiteral("type_='%1' is not one of foreignkey, primary, unique, check").arg(op.constraintType));
        } else if (fn == QLatin1String("create_table_comment")) {
            const Args a = bindOp({QStringLiteral("table_name"), QStringLiteral("comment")},
                                  {QStringLiteral("existing_comment"), QStringLiteral("schema")});
            op.kind = Operation::Kind::CreateTableComment;
            tableAndSchema(a);
            op.comment = requireString(a, "comment", call, display);
        } else if (fn == QLatin1String("drop_table_comment")) {
            const Args a = bindOp({QStringLiteral("table_name")}, {QStringLiteral("existing_comment"), QStringLiteral("schema")});
            op.kind = Operation::Kind::DropTableComment;
            tableAndSchema(a);
        } else if (fn == QLatin1String("execute")) {
            const Args a = bind(call, display, {QStringLiteral("sqltext")}, {QStringLiteral("execution_options")});
            op.kind = Operation::Kind::Execute;
            if (!a.get("sqltext"))
                fail(call.span, QStringLiteral("%1() needs SQL").arg(display));
            if (a.get("execution_options"))
                fail(a.get("execution_options")->span, QStringLiteral("execution_options change how Python runs the statement"));
            const Value statement = eval(*a.get("sqltext"));
            if (statement.kind == Value::Kind::Statement)
                op.statement = statement.statement;
            else
                op.sql = sqlText(*a.get("sqltext"), QStringLiteral("the statement"));
        } else if (fn == QLatin1String("bulk_insert") && !isBatch) {
            const Args a = bind(call, display, {QStringLiteral("table"), QStringLiteral("rows"), QStringLiteral("multiinsert")}, {});
            op.kind = Operation::Kind::BulkInsert;
            bulkInsert(a, call, &op);
        } else if (fn == QLatin1String("get_bind") || fn == QLatin1String("get_context")) {
            fail(call.span, QStringLiteral("op.%1() hands a live connection to Python code").arg(fn));
        } else if (fn == QLatin1String("batch_alter_table")) {
            fail(call.span, QStringLiteral("op.batch_alter_table() outside a 'with' block"));
        } else {
            fail(call.span, QStringLiteral("%1() is not an operation Retort runs").arg(display));
        }

        if (op.kind == Operation::Kind::CreateTable) {
            Value table;
            table.kind = Value::Kind::Table;
            table.table = TableValue{op.table, op.schema, op.columns};
            ops->push_back(std::move(op));
            return table;
        }
        ops->push_back(std::move(op));
        return Value();
    }

    Operation batchAlterTable(const PyExpr &call)
    {
        const Args a = bind(call, QStringLiteral("op.batch_alter_table"), {QStringLiteral("table_name"), QStringLiteral("schema"),
                                                                        QStringLiteral("recreate")}, {});
        Operation op;
        op.kind = Operation::Kind::Batch;
        op.line = call.span.line;
        op.table = requireString(a, "table_name", call, QStringLiteral("op.batch_alter_table"));
        op.schema = optionalString(a, "schema");
        if (a.has("recreate")) {
            op.recreate = requireString(a, "recreate", call, QStringLiteral("op.batch_alter_table"));
            if (op.recreate != QLatin1String("auto") && op.recreate != QLatin1String("always") && op.recreate != QLatin1String("never"))
                fail(a.get("recreate")->span, QStringLiteral("recreate must be 'auto', 'always' or 'never'"));
        }
        return op;
    }

    void indexParts(const Value &columns, IndexDef *index)
    {
        const std::vector<Value> parts = columns.kind == Value::Kind::List ? columns.items : std::vector<Value>{columns};
        for (const Value &part : parts) {
            if (part.isString()) {
                index->expressions << part.string();
                index->isExpression << false;
            } else if (part.kind == Value::Kind::ColumnRef && m_options.modelColumns) {
                index->expressions << part.columnRef;
                index->isExpression << false;
                index->table = part.table.name;
            } else if (part.kind == Value::Kind::Default && part.serverDefault.kind == ServerDefault::Kind::Text) {
                index->expressions << part.serverDefault.text;
                index->isExpression << true;
            } else {
                fail(part.span, QStringLiteral("index columns must be names or sa.text(...)"));
            }
        }
        if (index->expressions.isEmpty())
            fail(columns.span, QStringLiteral("an index without columns"));
    }

    QString sqlText(const PyExpr &e, const QString &what)
    {
        const Value v = eval(e);
        if (v.isString())
            return textClauseSql(v.string(), e.span);
        if (v.kind == Value::Kind::Default && v.serverDefault.kind == ServerDefault::Kind::Text)
            return v.serverDefault.text;
        fail(e.span, QStringLiteral("%1 must be a string or sa.text(...); a SQLAlchemy expression object needs Python to "
                                    "compile").arg(what));
    }

    void bulkInsert(const Args &a, const PyExpr &call, Operation *op)
    {
        const PyExpr *tableExpr = a.get("table");
        const PyExpr *rowsExpr = a.get("rows");
        if (!tableExpr || !rowsExpr)
            fail(call.span, QStringLiteral("op.bulk_insert() needs a table and rows"));
        const Value table = eval(*tableExpr);
        if (table.kind != Value::Kind::Table)
            fail(tableExpr->span, QStringLiteral("op.bulk_insert() needs a table made with sa.table() or sa.Table()"));
        op->table = table.table.name;
        op->schema = table.table.schema;
        op->columns = table.table.columns;
        op->multiInsert = optionalBool(a, "multiinsert", true);
        const Value rows = eval(*rowsExpr);
        if (rows.kind != Value::Kind::List)
            fail(rowsExpr->span, QStringLiteral("op.bulk_insert() rows must be a literal list of dicts"));
        for (const Value &row : rows.items) {
            if (row.kind != Value::Kind::Dict)
                fail(row.span, QStringLiteral("each row of op.bulk_insert() must be a literal dict"));
            QVariantMap values;
            for (const auto &[key, value] : row.dict) {
                bool known = false;
                for (const ColumnDef &c : std::as_const(op->columns))
                    known = known || c.name == key;
                if (!known)
                    fail(value.span, QStringLiteral("the row names column '%1', which table '%2' does not list")
                                         .arg(key, op->table));
                switch (value.kind) {
                case Value::Kind::None: values.insert(key, QVariant()); break;
                case Value::Kind::Bool:
                case Value::Kind::Int:
                case Value::Kind::Float:
                case Value::Kind::String: values.insert(key, value.scalar); break;
                default:
                    fail(value.span, QStringLiteral("row values must be literals (numbers, strings, True/False, None)"));
                }
            }
            op->rows.append(values);
        }
    }

    // --- expressions -------------------------------------------------------------------------

    Value eval(const PyExpr &e)
    {
        Value v;
        v.span = e.span;
        switch (e.kind) {
        case EK::None: v.kind = Value::Kind::None; return v;
        case EK::True:
        case EK::False: v.kind = Value::Kind::Bool; v.scalar = e.kind == EK::True; return v;
        case EK::String:
            if (e.isComputed)
                fail(e.span, QStringLiteral("an f-string is computed when Python runs"));
            v.kind = Value::Kind::String;
            v.scalar = e.text;
            return v;
        case EK::Number: {
            bool ok = false;
            const qlonglong i = parseInt(e, &ok);
            if (ok) {
                v.kind = Value::Kind::Int;
                v.scalar = i;
                return v;
            }
            QString t = e.text;
            t.remove(QLatin1Char('_'));
            const double d = t.toDouble(&ok);
            if (!ok)
                fail(e.span, QStringLiteral("a number Retort cannot read (%1)").arg(e.text));
            v.kind = Value::Kind::Float;
            v.scalar = d;
            return v;
        }
        case EK::UnaryOp:
            if (e.text == QLatin1String("-") && e.child(0) && e.child(0)->kind == EK::Number) {
                Value n = eval(*e.child(0));
                n.span = e.span;
                n.scalar = n.kind == Value::Kind::Int ? QVariant(-n.scalar.toLongLong()) : QVariant(-n.scalar.toDouble());
                return n;
            }
            fail(e.span, QStringLiteral("an expression computed when Python runs"));
        case EK::Tuple:
        case EK::List:
            v.kind = Value::Kind::List;
            for (const PyExprPtr &c : e.children)
                v.items.push_back(eval(*c));
            return v;
        case EK::Dict:
            v.kind = Value::Kind::Dict;
            for (size_t i = 0; i + 1 < e.children.size(); i += 2) {
                if (!e.children[i] || e.children[i]->kind != EK::String || e.children[i]->isComputed)
                    fail(e.span, QStringLiteral("dict keys must be plain strings"));
                v.dict.emplace_back(e.children[i]->text, eval(*e.children[i + 1]));
            }
            return v;
        case EK::Compare:
            return comparison(e);
        case EK::BinaryOp:
            if (e.text == QLatin1String("&") || e.text == QLatin1String("|"))
                return junction(e.text == QLatin1String("&") ? SqlCondition::Kind::And : SqlCondition::Kind::Or,
                                {e.child(0), e.child(1)}, e.span);
            fail(e.span, QStringLiteral("an expression computed when Python runs"));
        case EK::Name:
        case EK::Attribute:
            if (std::optional<Value> column = columnReference(e))
                return *column;
            return reference(e);
        case EK::Call:
            return construct(e);
        default:
            fail(e.span, QStringLiteral("an expression computed when Python runs"));
        }
    }

    // A bare name: a local, a module-level literal, or a SQLAlchemy type class used without a call.
    Value reference(const PyExpr &e)
    {
        const QString dotted = e.dottedName();
        if (e.kind == EK::Name) {
            const auto local = m_locals.constFind(e.text);
            if (local != m_locals.constEnd()) {
                Value v = local.value();
                v.span = e.span;
                return v;
            }
            if (!m_imports.contains(e.text)) {
                const auto it = m_moduleValues.constFind(e.text);
                if (it == m_moduleValues.constEnd()) {
                    if (std::optional<Value> resolved = resolved_(e, calleeName(e)))
                        return *resolved;
                    fail(e.span, QStringLiteral("the name '%1' is not defined in the file").arg(e.text));
                }
                if (it->conditional)
                    fail(e.span, QStringLiteral("'%1' is assigned inside a condition").arg(e.text));
                if (m_evaluating.contains(e.text))
                    fail(e.span, QStringLiteral("'%1' refers to itself").arg(e.text));
                m_evaluating.insert(e.text);
                Value v = eval(*it->value);
                m_evaluating.remove(e.text);
                v.span = e.span;
                return v;
            }
        }
        const QString callee = calleeName(e);
        if (callee.startsWith(QLatin1String("local:")))
            fail(e.span, QStringLiteral("an attribute of a local value (%1)").arg(dotted.isEmpty() ? QStringLiteral("?") : dotted));
        if (std::optional<Value> t = typeConstruct(callee, nullptr, e)) {
            return *t;
        }
        if (std::optional<Value> resolved = resolved_(e, callee))
            return *resolved;
        fail(e.span, QStringLiteral("'%1' is not something Retort can evaluate").arg(dotted.isEmpty() ? callee : dotted));
    }

    std::optional<Value> resolved_(const PyExpr &e, const QString &qualified)
    {
        if (!m_options.resolve)
            return std::nullopt;
        std::optional<Value> v = m_options.resolve(e, qualified);
        if (v)
            v->span = e.span;
        return v;
    }

    Value construct(const PyExpr &call)
    {
        if (std::optional<Value> result = methodCall(call))
            return *result;
        const QString callee = calleeName(*call.children[0]);
        const QString shown = call.children[0]->dottedName().isEmpty() ? callee : call.children[0]->dottedName();
        Value v;
        v.span = call.span;
        if (callee == QLatin1String("op.f") || callee == QLatin1String("batch.f")) {
            const Args a = bind(call, shown, {QStringLiteral("name")}, {});
            v.kind = Value::Kind::String;
            v.scalar = requireString(a, "name", call, shown);
            v.converted = true;
            return v;
        }
        if (callee == QLatin1String("op.inline_literal")) {
            const Args a = bind(call, shown, {QStringLiteral("value"), QStringLiteral("type_")}, {});
            if (!a.get("value"))
                fail(call.span, QStringLiteral("op.inline_literal() needs a value"));
            return eval(*a.get("value"));
        }
        if (callee.startsWith(QLatin1String("op.")) || callee.startsWith(QLatin1String("batch.")))
            fail(call.span, QStringLiteral("%1() used as a value").arg(shown));
        if (callee == QLatin1String("sa.text") || callee == QLatin1String("sa.literal_column")) {
            const Args a = bind(call, shown, {QStringLiteral("text")}, {});
            const PyExpr *t = a.get("text");
            if (!t)
                fail(call.span, QStringLiteral("%1() needs text").arg(shown));
            const Value s = eval(*t);
            if (!s.isString())
                fail(t->span, QStringLiteral("%1() needs a string").arg(shown));
            v.kind = Value::Kind::Default;
            v.serverDefault = ServerDefault{ServerDefault::Kind::Text, callee == QLatin1String("sa.text")
                                                                          ? textClauseSql(s.string(), t->span) : s.string()};
            return v;
        }
        if (callee == QLatin1String("sa.true") || callee == QLatin1String("sa.false")) {
            bind(call, shown, {}, {});
            v.kind = Value::Kind::Default;
            v.serverDefault.kind = callee == QLatin1String("sa.true") ? ServerDefault::Kind::True : ServerDefault::Kind::False;
            return v;
        }
        if (callee.startsWith(QLatin1String("sa.func."))) {
            if (call.children.size() > 1 || !call.keywords.empty())
                fail(call.span, QStringLiteral("SQL functions with arguments (%1) are not supported").arg(shown));
            v.kind = Value::Kind::Default;
            v.serverDefault = ServerDefault{ServerDefault::Kind::Function, callee.mid(8)};
            return v;
        }
        if (callee == QLatin1String("sa.update") || callee == QLatin1String("sa.insert") || callee == QLatin1String("sa.delete")) {
            const Args a = bind(call, shown, {QStringLiteral("table")}, {});
            if (!a.get("table"))
                fail(call.span, QStringLiteral("%1() needs a table").arg(shown));
            const Value table = eval(*a.get("table"));
            if (table.kind != Value::Kind::Table)
                fail(call.span, QStringLiteral("%1() needs a table made with sa.table()").arg(shown));
            return statementOf(table, callee.mid(3), call.span);
        }
        if (callee == QLatin1String("sa.and_") || callee == QLatin1String("sa.or_")) {
            std::vector<const PyExpr *> parts;
            for (size_t i = 1; i < call.children.size(); ++i)
                parts.push_back(call.children[i].get());
            if (!call.keywords.empty() || parts.empty())
                fail(call.span, QStringLiteral("%1() takes conditions").arg(shown));
            return junction(callee == QLatin1String("sa.and_") ? SqlCondition::Kind::And : SqlCondition::Kind::Or, parts, call.span);
        }
        if (callee == QLatin1String("sa.Column")
            || (m_options.modelColumns && (callee == QLatin1String("sa.orm.mapped_column")
                                           || callee == QLatin1String("sa.mapped_column"))))
            return column(call, shown);
        if (callee == QLatin1String("sa.column")) {
            const Args a = bind(call, shown, {QStringLiteral("text"), QStringLiteral("type_")}, {});
            v.kind = Value::Kind::Column;
            v.column.name = requireString(a, "text", call, shown);
            v.column.hasType = a.has("type_");
            if (v.column.hasType)
                v.column.type = typeOf(*a.get("type_"), QStringLiteral("the column type"));
            return v;
        }
        if (callee == QLatin1String("sa.ForeignKey")) {
            const Args a = bind(call, shown, {QStringLiteral("column")},
                                {QStringLiteral("name"), QStringLiteral("ondelete"), QStringLiteral("onupdate"),
                                 QStringLiteral("deferrable"), QStringLiteral("initially"), QStringLiteral("match"),
                                 QStringLiteral("use_alter"), QStringLiteral("link_to_name")});
            v.kind = Value::Kind::ForeignKey;
            v.foreignKey.target = columnTarget(a, "column", call, shown);
            if (v.foreignKey.target.count(QLatin1Char('.')) < 1)
                fail(call.span, QStringLiteral("ForeignKey('%1') must name 'table.column'").arg(v.foreignKey.target));
            std::tie(v.foreignKey.name, v.foreignKey.nameConverted) = nameArg(a, "name");
            v.foreignKey.ondelete = optionalString(a, "ondelete");
            v.foreignKey.onupdate = optionalString(a, "onupdate");
            v.foreignKey.initially = optionalString(a, "initially");
            v.foreignKey.match = optionalString(a, "match");
            v.foreignKey.deferrable = triBool(a, "deferrable");
            return v;
        }
        if (callee == QLatin1String("sa.PrimaryKeyConstraint") || callee == QLatin1String("sa.UniqueConstraint")) {
            const Args a = bind(call, shown, {}, {QStringLiteral("name"), QStringLiteral("deferrable"), QStringLiteral("initially")},
                                true);
            v.kind = Value::Kind::Constraint;
            v.constraint.kind = callee == QLatin1String("sa.UniqueConstraint") ? ConstraintDef::Kind::Unique
                                                                               : ConstraintDef::Kind::PrimaryKey;
            std::tie(v.constraint.name, v.constraint.nameConverted) = nameArg(a, "name");
            v.constraint.deferrable = triBool(a, "deferrable");
            v.constraint.initially = optionalString(a, "initially");
            for (const PyExpr *c : a.rest) {
                const Value s = eval(*c);
                if (s.kind == Value::Kind::ColumnRef && m_options.modelColumns) {
                    v.constraint.columns << s.columnRef;
                    v.constraint.refTable = s.table.name;   // the table the columns belong to, for module-level constraints
                    continue;
                }
                if (!s.isString())
                    fail(c->span, QStringLiteral("%1 takes column names").arg(shown));
                v.constraint.columns << s.string();
            }
            return v;
        }
        if (callee == QLatin1String("sa.ForeignKeyConstraint")) {
            const Args a = bind(call, shown, {QStringLiteral("columns"), QStringLiteral("refcolumns")},
                                {QStringLiteral("name"), QStringLiteral("ondelete"), QStringLiteral("onupdate"),
                                 QStringLiteral("deferrable"), QStringLiteral("initially"), QStringLiteral("match"),
                                 QStringLiteral("use_alter"), QStringLiteral("link_to_name")});
            v.kind = Value::Kind::Constraint;
            v.constraint.kind = ConstraintDef::Kind::ForeignKey;
            if (!a.get("columns") || !a.get("refcolumns"))
                fail(call.span, QStringLiteral("%1 needs columns and refcolumns").arg(shown));
            v.constraint.columns = stringList(*a.get("columns"), QStringLiteral("columns"));
            const QStringList refs = stringList(*a.get("refcolumns"), QStringLiteral("refcolumns"));
            for (const QString &r : refs) {
                const qsizetype dot = r.lastIndexOf(QLatin1Char('.'));
                if (dot <= 0)
                    fail(a.get("refcolumns")->span, QStringLiteral("refcolumns must be 'table.column', not '%1'").arg(r));
                const QString table = r.left(dot);
                if (!v.constraint.refTable.isEmpty() && v.constraint.refTable != table)
                    fail(a.get("refcolumns")->span, QStringLiteral("refcolumns name more than one table"));
                v.constraint.refTable = table;
                v.constraint.refColumns << r.mid(dot + 1);
            }
            if (v.constraint.columns.size() != v.constraint.refColumns.size())
                fail(call.span, QStringLiteral("%1 has %2 columns but %3 refcolumns").arg(shown)
                                    .arg(v.constraint.columns.size()).arg(v.constraint.refColumns.size()));
            std::tie(v.constraint.name, v.constraint.nameConverted) = nameArg(a, "name");
            v.constraint.ondelete = optionalString(a, "ondelete");
            v.constraint.onupdate = optionalString(a, "onupdate");
            v.constraint.initially = optionalString(a, "initially");
            v.constraint.match = optionalString(a, "match");
            v.constraint.deferrable = triBool(a, "deferrable");
            return v;
        }
        if (callee == QLatin1String("sa.CheckConstraint")) {
            const Args a = bind(call, shown, {QStringLiteral("sqltext"), QStringLiteral("name")},
                                {QStringLiteral("deferrable"), QStringLiteral("initially")});
            v.kind = Value::Kind::Constraint;
            v.constraint.kind = ConstraintDef::Kind::Check;
            if (!a.get("sqltext"))
                fail(call.span, QStringLiteral("%1 needs a condition").arg(shown));
            v.constraint.sqltext = sqlText(*a.get("sqltext"), QStringLiteral("the condition"));
            std::tie(v.constraint.name, v.constraint.nameConverted) = nameArg(a, "name");
            return v;
        }
        if (callee == QLatin1String("sa.Index")) {
            const Args a = bind(call, shown, {QStringLiteral("name")},
                                {QStringLiteral("unique"), QStringLiteral("postgresql_where"), QStringLiteral("postgresql_using")},
                                true);
            v.kind = Value::Kind::Index;
            std::tie(v.index.name, v.index.nameConverted) = nameArg(a, "name");
            if (v.index.name.isEmpty())
                fail(call.span, QStringLiteral("an Index needs a name"));
            v.index.unique = optionalBool(a, "unique");
            Value parts;
            parts.kind = Value::Kind::List;
            parts.span = call.span;
            for (const PyExpr *p : a.rest)
                parts.items.push_back(eval(*p));
            indexParts(parts, &v.index);
            if (const PyExpr *w = a.get("postgresql_where"))
                v.index.postgresqlWhere = sqlText(*w, QStringLiteral("postgresql_where"));
            v.index.postgresqlUsing = optionalString(a, "postgresql_using");
            return v;
        }
        if (callee == QLatin1String("sa.MetaData")) {
            bind(call, shown, {}, {});
            v.kind = Value::Kind::MetaData;
            return v;
        }
        if (callee == QLatin1String("sa.table") || callee == QLatin1String("sa.Table")) {
            const bool core = callee == QLatin1String("sa.Table");
            const Args a = bind(call, shown, core ? QStringList{QStringLiteral("name"), QStringLiteral("metadata")}
                                                  : QStringList{QStringLiteral("name")},
                                {QStringLiteral("schema")}, true);
            v.kind = Value::Kind::Table;
            v.table.name = requireString(a, "name", call, shown);
            v.table.schema = optionalString(a, "schema");
            if (core && (!a.get("metadata") || eval(*a.get("metadata")).kind != Value::Kind::MetaData))
                fail(call.span, QStringLiteral("sa.Table() needs a MetaData() as its second argument"));
            for (const PyExpr *c : a.rest) {
                const Value col = eval(*c);
                if (col.kind != Value::Kind::Column)
                    fail(c->span, QStringLiteral("%1() takes columns").arg(shown));
                v.table.columns.append(col.column);
            }
            return v;
        }
        if (std::optional<Value> t = typeConstruct(callee, &call, call))
            return *t;
        if (std::optional<Value> resolved = resolved_(call, callee))
            return *resolved;
        if (callee.startsWith(QLatin1String("local:")))
            fail(call.span, QStringLiteral("a call on a local value (%1) runs Python code").arg(shown));
        if (callee.isEmpty())
            fail(call.span, QStringLiteral("a method called on the result of another call (a SQLAlchemy Core statement?) "
                                           "needs Python to compile"));
        if (callee.startsWith(QLatin1String("unknown:")))
            fail(call.span, QStringLiteral("a call to %1, which the file does not import from SQLAlchemy or Alembic").arg(shown));
        fail(call.span, QStringLiteral("%1() is not a construct Retort interprets").arg(shown));
    }

    // --- SQLAlchemy Core statements: t.update().where(t.c.x == op.inline_literal(1)).values({...})

    // A literal usable as a statement value.
    QVariant literalOf(const Value &v, const SourceSpan &span)
    {
        switch (v.kind) {
        case Value::Kind::None: return QVariant();
        case Value::Kind::Bool:
        case Value::Kind::Int:
        case Value::Kind::Float:
        case Value::Kind::String: return v.scalar;
        default:
            fail(span, QStringLiteral("statement values must be literals (or op.inline_literal()), not %1")
                           .arg(QString::fromLatin1(kindName(v.kind))));
        }
    }

    // Table.c.name where the table is a value Retort holds.
    std::optional<Value> columnReference(const PyExpr &e)
    {
        if (e.kind != EK::Attribute || !e.child(0) || e.child(0)->kind != EK::Attribute || e.child(0)->text != QLatin1String("c"))
            return std::nullopt;
        const PyExpr *tableExpr = e.child(0)->child(0);
        if (!tableExpr || tableExpr->kind != EK::Name || m_imports.contains(tableExpr->text))
            return std::nullopt;
        const Value table = eval(*tableExpr);
        if (table.kind != Value::Kind::Table)
            fail(e.span, QStringLiteral("'%1' is not a table").arg(tableExpr->text));
        bool known = table.table.columns.isEmpty();
        for (const ColumnDef &c : table.table.columns)
            known = known || c.name == e.text;
        if (!known)
            fail(e.span, QStringLiteral("table '%1' lists no column '%2'").arg(table.table.name, e.text));
        Value v;
        v.kind = Value::Kind::ColumnRef;
        v.span = e.span;
        v.table = table.table;
        v.columnRef = e.text;
        return v;
    }

    Value statementOf(const Value &table, const QString &kind, const SourceSpan &span)
    {
        Value v;
        v.kind = Value::Kind::Statement;
        v.span = span;
        CoreStatement &st = v.statement;
        st.kind = kind == QLatin1String("update") ? CoreStatement::Kind::Update
                  : kind == QLatin1String("insert") ? CoreStatement::Kind::Insert : CoreStatement::Kind::Delete;
        st.table = table.table.name;
        st.schema = table.table.schema;
        for (const ColumnDef &c : table.table.columns)
            st.tableColumns << c.name;
        return v;
    }

    Value comparison(const PyExpr &e)
    {
        static const QHash<QString, QString> operators = {
            {QStringLiteral("=="), QStringLiteral("=")}, {QStringLiteral("!="), QStringLiteral("!=")},
            {QStringLiteral("<"), QStringLiteral("<")}, {QStringLiteral("<="), QStringLiteral("<=")},
            {QStringLiteral(">"), QStringLiteral(">")}, {QStringLiteral(">="), QStringLiteral(">=")}};
        if (e.children.size() != 2 || !operators.contains(e.text))
            fail(e.span, QStringLiteral("a comparison Retort does not interpret (%1)").arg(e.text));
        const Value left = eval(*e.children[0]);
        if (left.kind != Value::Kind::ColumnRef)
            fail(e.span, QStringLiteral("a comparison must start with a column (table.c.name)"));
        const Value right = eval(*e.children[1]);
        Value v;
        v.kind = Value::Kind::Condition;
        v.span = e.span;
        v.condition.column = left.columnRef;
        if (right.kind == Value::Kind::None && (e.text == QLatin1String("==") || e.text == QLatin1String("!="))) {
            v.condition.kind = e.text == QLatin1String("==") ? SqlCondition::Kind::IsNull : SqlCondition::Kind::IsNotNull;
            return v;
        }
        v.condition.kind = SqlCondition::Kind::Compare;
        v.condition.op = operators.value(e.text);
        v.condition.value = literalOf(right, e.children[1]->span);
        return v;
    }

    Value junction(SqlCondition::Kind kind, const std::vector<const PyExpr *> &parts, const SourceSpan &span)
    {
        Value v;
        v.kind = Value::Kind::Condition;
        v.span = span;
        v.condition.kind = kind;
        for (const PyExpr *p : parts) {
            if (!p)
                fail(span, QStringLiteral("an incomplete condition"));
            const Value c = eval(*p);
            if (c.kind != Value::Kind::Condition)
                fail(p->span, QStringLiteral("and_/or_ take conditions, not %1").arg(QString::fromLatin1(kindName(c.kind))));
            v.condition.children.push_back(c.condition);
        }
        return v;
    }

    // A method called on a table, a statement or a column reference; nullopt when the callee is not one.
    std::optional<Value> methodCall(const PyExpr &call)
    {
        const PyExpr *callee = call.child(0);
        if (!callee || callee->kind != EK::Attribute || !callee->child(0))
            return std::nullopt;
        const PyExpr *baseExpr = callee->child(0);
        const bool chained = baseExpr->kind == EK::Call;
        const bool local = baseExpr->kind == EK::Name && !m_imports.contains(baseExpr->text) && !m_batchNames.contains(baseExpr->text)
                           && (m_locals.contains(baseExpr->text) || m_moduleValues.contains(baseExpr->text));
        const bool column = baseExpr->kind == EK::Attribute && baseExpr->child(0) && baseExpr->child(0)->text == QLatin1String("c");
        if (!chained && !local && !column)
            return std::nullopt;
        const Value base = eval(*baseExpr);
        const QString method = callee->text;
        const auto singleArgument = [&]() -> const PyExpr & {
            if (call.children.size() != 2 || !call.keywords.empty())
                fail(call.span, QStringLiteral(".%1() takes one argument here").arg(method));
            return *call.children[1];
        };
        if (base.kind == Value::Kind::Table) {
            if ((method == QLatin1String("update") || method == QLatin1String("insert") || method == QLatin1String("delete"))
                && call.children.size() == 1 && call.keywords.empty())
                return statementOf(base, method, call.span);
        } else if (base.kind == Value::Kind::Statement) {
            Value v = base;
            v.span = call.span;
            CoreStatement &st = v.statement;
            if (method == QLatin1String("where") && st.kind != CoreStatement::Kind::Insert) {
                std::vector<const PyExpr *> parts;
                for (size_t i = 1; i < call.children.size(); ++i)
                    parts.push_back(call.children[i].get());
                // A second where() adds to the first with AND, as SQLAlchemy does.
                Value condition = junction(SqlCondition::Kind::And, parts, call.span);
                if (st.where)
                    condition.condition.children.insert(condition.condition.children.begin(), *st.where);
                st.where = condition.condition.children.size() == 1 ? condition.condition.children.front() : condition.condition;
                return v;
            }
            if (method == QLatin1String("values") && st.kind != CoreStatement::Kind::Delete) {
                QList<QPair<QString, QVariant>> values;
                if (call.children.size() == 2 && call.keywords.empty()) {
                    const Value dict = eval(*call.children[1]);
                    if (dict.kind != Value::Kind::Dict)
                        fail(call.children[1]->span, QStringLiteral(".values() takes a dict of column names"));
                    for (const auto &[key, value] : dict.dict)
                        values << qMakePair(key, literalOf(value, value.span));
                } else if (call.children.size() == 1) {
                    for (const PyKeywordArg &k : call.keywords) {
                        if (k.name.isEmpty())
                            fail(k.span, QStringLiteral("values unpacked with ** need Python"));
                        values << qMakePair(k.name, literalOf(eval(*k.value), k.span));
                    }
                } else {
                    fail(call.span, QStringLiteral(".values() takes a dict or keyword arguments"));
                }
                for (const auto &[name, value] : std::as_const(values)) {
                    Q_UNUSED(value);
                    if (!st.tableColumns.isEmpty() && !st.tableColumns.contains(name))
                        fail(call.span, QStringLiteral("Unconsumed column names: %1 (table '%2' does not list it)").arg(name, st.table));
                }
                st.values << values;
                return v;
            }
        } else if (base.kind == Value::Kind::ColumnRef) {
            Value v;
            v.kind = Value::Kind::Condition;
            v.span = call.span;
            v.condition.column = base.columnRef;
            if (method == QLatin1String("is_") || method == QLatin1String("isnot") || method == QLatin1String("is_not")) {
                if (eval(singleArgument()).kind != Value::Kind::None)
                    fail(call.span, QStringLiteral(".%1() is read with None only").arg(method));
                v.condition.kind = method == QLatin1String("is_") ? SqlCondition::Kind::IsNull : SqlCondition::Kind::IsNotNull;
                return v;
            }
            if (method == QLatin1String("in_")) {
                const Value list = eval(singleArgument());
                if (list.kind != Value::Kind::List || list.items.empty())
                    fail(call.span, QStringLiteral(".in_() takes a non-empty literal list"));
                v.condition.kind = SqlCondition::Kind::In;
                for (const Value &item : list.items)
                    v.condition.values << literalOf(item, item.span);
                return v;
            }
            if (method == QLatin1String("like")) {
                v.condition.kind = SqlCondition::Kind::Like;
                v.condition.value = literalOf(eval(singleArgument()), call.span);
                return v;
            }
        }
        fail(call.span, QStringLiteral(".%1() on %2 is not something Retort interprets")
                            .arg(method, QString::fromLatin1(kindName(base.kind))));
    }

    Value column(const PyExpr &call, const QString &shown)
    {
        QStringList keywords{QStringLiteral("name"), QStringLiteral("type_"), QStringLiteral("primary_key"),
                             QStringLiteral("nullable"), QStringLiteral("server_default"),
                             QStringLiteral("default"), QStringLiteral("onupdate"),
                             QStringLiteral("autoincrement"), QStringLiteral("comment"),
                             QStringLiteral("unique"), QStringLiteral("index"), QStringLiteral("key"),
                             QStringLiteral("info"), QStringLiteral("doc")};
        // Python-side arguments of Column()/mapped_column() in a model: they never reach the DDL.
        static const QStringList pythonSide{QStringLiteral("default"), QStringLiteral("onupdate"), QStringLiteral("info"),
                                            QStringLiteral("doc"), QStringLiteral("key"), QStringLiteral("init"),
                                            QStringLiteral("repr"), QStringLiteral("default_factory"),
                                            QStringLiteral("compare"), QStringLiteral("kw_only"), QStringLiteral("hash"),
                                            QStringLiteral("insert_default"), QStringLiteral("sort_order"),
                                            QStringLiteral("deferred"), QStringLiteral("deferred_group"),
                                            QStringLiteral("deferred_raiseload"), QStringLiteral("active_history"),
                                            QStringLiteral("use_existing_column"), QStringLiteral("system"),
                                            QStringLiteral("quote"), QStringLiteral("dataclass_metadata")};
        if (m_options.modelColumns)
            keywords << pythonSide;
        const Args a = bind(call, shown, {}, keywords, true);
        Value v;
        v.kind = Value::Kind::Column;
        v.span = call.span;
        ColumnDef &c = v.column;
        c.hasType = false;
        size_t i = 0;
        if (a.has("name")) {
            c.name = requireString(a, "name", call, shown);
        } else if (!a.rest.empty()) {
            const Value name = eval(*a.rest[0]);
            if (name.isString()) {
                c.name = name.string();
                i = 1;
            } else if (!m_options.modelColumns) {
                fail(a.rest[0]->span, QStringLiteral("the first argument of a Column must be its name"));
            }
        }
        if (c.name.isEmpty() && !m_options.modelColumns)
            fail(call.span, QStringLiteral("a Column without a name"));
        if (const PyExpr *t = a.get("type_")) {
            c.type = typeOf(*t, QStringLiteral("type_"));
            c.hasType = true;
        }
        for (; i < a.rest.size(); ++i) {
            const Value item = eval(*a.rest[i]);
            if (item.kind == Value::Kind::Type && !c.hasType) {
                c.type = item.type;
                c.hasType = true;
            } else if (item.kind == Value::Kind::ForeignKey) {
                c.foreignKeys.append(item.foreignKey);
            } else if (item.kind == Value::Kind::Constraint && item.constraint.kind == ConstraintDef::Kind::Check
                       && m_options.modelColumns) {
                m_columnChecks.append(item.constraint);   // Column(..., CheckConstraint("x > 0")): a table-level CHECK
            } else {
                fail(a.rest[i]->span, QStringLiteral("Column '%1' takes %2 as an argument, which Retort does not interpret")
                                          .arg(c.name, QString::fromLatin1(kindName(item.kind))));
            }
        }
        c.primaryKey = optionalBool(a, "primary_key");
        c.nullable = triBool(a, "nullable");
        c.unique = optionalBool(a, "unique");
        c.index = optionalBool(a, "index");
        c.comment = optionalString(a, "comment");
        if (const PyExpr *d = a.get("server_default")) {
            if (d->kind != EK::None)
                c.serverDefault = serverDefaultOf(*d);
        }
        if (const PyExpr *ai = a.get("autoincrement")) {
            const Value av = eval(*ai);
            if (av.kind == Value::Kind::Bool)
                c.autoincrement = av.scalar.toBool();
            else if (!(av.isString() && av.string() == QLatin1String("auto")))
                fail(ai->span, QStringLiteral("autoincrement must be True, False or 'auto'"));
        }
        // default= and onupdate= are applied by Python when it inserts; they never reach the DDL.
        // A model may pass any Python there (a function, a lambda), so they are only checked in revisions.
        if (!m_options.modelColumns) {
            for (const char *argument : {"default", "onupdate"}) {
                if (const PyExpr *d = a.get(argument))
                    eval(*d);
            }
        }
        return v;
    }

    // A SQLAlchemy type, called (call != nullptr) or referenced as a class.
    std::optional<Value> typeConstruct(const QString &callee, const PyExpr *call, const PyExpr &where)
    {
        QString module;
        QString name;
        if (callee.startsWith(QLatin1String("sa."))) {
            name = callee.mid(3);
        } else if (callee.startsWith(QLatin1String("postgresql.")) || callee.startsWith(QLatin1String("mysql."))
                   || callee.startsWith(QLatin1String("sqlite."))) {
            module = callee.section(QLatin1Char('.'), 0, 0);
            name = callee.section(QLatin1Char('.'), 1);
        } else {
            return std::nullopt;
        }
        // argument names each type accepts; "*" = enum values as varargs
        static const QHash<QString, QStringList> generic = {
            {QStringLiteral("Integer"), {}}, {QStringLiteral("BigInteger"), {}}, {QStringLiteral("SmallInteger"), {}},
            {QStringLiteral("String"), {QStringLiteral("length")}}, {QStringLiteral("Unicode"), {QStringLiteral("length")}},
            {QStringLiteral("Uuid"), {QStringLiteral("as_uuid"), QStringLiteral("native_uuid")}},
            {QStringLiteral("Double"), {QStringLiteral("precision"), QStringLiteral("asdecimal"),
                                        QStringLiteral("decimal_return_scale")}},
            {QStringLiteral("Text"), {QStringLiteral("length")}}, {QStringLiteral("UnicodeText"), {QStringLiteral("length")}},
            {QStringLiteral("Boolean"), {QStringLiteral("create_constraint"), QStringLiteral("name")}},
            {QStringLiteral("DateTime"), {QStringLiteral("timezone")}}, {QStringLiteral("Date"), {}},
            {QStringLiteral("Time"), {QStringLiteral("timezone")}}, {QStringLiteral("Interval"), {}},
            {QStringLiteral("Numeric"), {QStringLiteral("precision"), QStringLiteral("scale"), QStringLiteral("asdecimal"),
                                         QStringLiteral("decimal_return_scale")}},
            {QStringLiteral("Float"), {QStringLiteral("precision"), QStringLiteral("asdecimal"),
                                       QStringLiteral("decimal_return_scale")}},
            {QStringLiteral("Enum"), {QStringLiteral("*"), QStringLiteral("name"), QStringLiteral("native_enum"),
                                      QStringLiteral("create_constraint"), QStringLiteral("validate_strings")}},
            {QStringLiteral("JSON"), {QStringLiteral("none_as_null")}},
            {QStringLiteral("LargeBinary"), {QStringLiteral("length")}}, {QStringLiteral("PickleType"), {}},
            {QStringLiteral("INTEGER"), {}}, {QStringLiteral("INT"), {}}, {QStringLiteral("BIGINT"), {}},
            {QStringLiteral("SMALLINT"), {}},
            {QStringLiteral("VARCHAR"), {QStringLiteral("length")}}, {QStringLiteral("NVARCHAR"), {QStringLiteral("length")}},
            {QStringLiteral("CHAR"), {QStringLiteral("length")}}, {QStringLiteral("NCHAR"), {QStringLiteral("length")}},
            {QStringLiteral("TEXT"), {QStringLiteral("length")}}, {QStringLiteral("CLOB"), {QStringLiteral("length")}},
            {QStringLiteral("BOOLEAN"), {QStringLiteral("create_constraint"), QStringLiteral("name")}},
            {QStringLiteral("DATETIME"), {QStringLiteral("timezone")}}, {QStringLiteral("DATE"), {}},
            {QStringLiteral("TIME"), {QStringLiteral("timezone")}}, {QStringLiteral("TIMESTAMP"), {QStringLiteral("timezone")}},
            {QStringLiteral("NUMERIC"), {QStringLiteral("precision"), QStringLiteral("scale"), QStringLiteral("asdecimal")}},
            {QStringLiteral("DECIMAL"), {QStringLiteral("precision"), QStringLiteral("scale"), QStringLiteral("asdecimal")}},
            {QStringLiteral("FLOAT"), {QStringLiteral("precision"), QStringLiteral("asdecimal")}},
            {QStringLiteral("REAL"), {}}, {QStringLiteral("BLOB"), {QStringLiteral("length")}},
            {QStringLiteral("BINARY"), {QStringLiteral("length")}}, {QStringLiteral("VARBINARY"), {QStringLiteral("length")}},
        };
        static const QHash<QString, QStringList> postgresql = {
            {QStringLiteral("UUID"), {QStringLiteral("as_uuid")}}, {QStringLiteral("JSONB"), {QStringLiteral("none_as_null")}},
            {QStringLiteral("JSON"), {QStringLiteral("none_as_null")}}, {QStringLiteral("ARRAY"), {QStringLiteral("item_type")}},
            {QStringLiteral("ENUM"), {QStringLiteral("*"), QStringLiteral("name"), QStringLiteral("create_type")}},
            {QStringLiteral("TIMESTAMP"), {QStringLiteral("timezone"), QStringLiteral("precision")}},
            {QStringLiteral("TIME"), {QStringLiteral("timezone"), QStringLiteral("precision")}},
            {QStringLiteral("INET"), {}}, {QStringLiteral("CIDR"), {}}, {QStringLiteral("BYTEA"), {QStringLiteral("length")}},
            {QStringLiteral("DOUBLE_PRECISION"), {QStringLiteral("precision"), QStringLiteral("asdecimal")}},
            {QStringLiteral("INTERVAL"), {}}, {QStringLiteral("MONEY"), {}}, {QStringLiteral("TSVECTOR"), {}},
            {QStringLiteral("INTEGER"), {}}, {QStringLiteral("BIGINT"), {}}, {QStringLiteral("SMALLINT"), {}},
            {QStringLiteral("VARCHAR"), {QStringLiteral("length")}}, {QStringLiteral("CHAR"), {QStringLiteral("length")}},
            {QStringLiteral("TEXT"), {}}, {QStringLiteral("BOOLEAN"), {}}, {QStringLiteral("DATE"), {}},
            {QStringLiteral("NUMERIC"), {QStringLiteral("precision"), QStringLiteral("scale"), QStringLiteral("asdecimal")}},
            {QStringLiteral("REAL"), {}},
        };
        static const QHash<QString, QStringList> mysql = {
            {QStringLiteral("INTEGER"), {QStringLiteral("display_width"), QStringLiteral("unsigned")}},
            {QStringLiteral("TINYINT"), {QStringLiteral("display_width"), QStringLiteral("unsigned")}},
            {QStringLiteral("SMALLINT"), {QStringLiteral("display_width"), QStringLiteral("unsigned")}},
            {QStringLiteral("MEDIUMINT"), {QStringLiteral("display_width"), QStringLiteral("unsigned")}},
            {QStringLiteral("BIGINT"), {QStringLiteral("display_width"), QStringLiteral("unsigned")}},
            {QStringLiteral("VARCHAR"), {QStringLiteral("length")}}, {QStringLiteral("CHAR"), {QStringLiteral("length")}},
            {QStringLiteral("TEXT"), {}}, {QStringLiteral("TINYTEXT"), {}}, {QStringLiteral("MEDIUMTEXT"), {}},
            {QStringLiteral("LONGTEXT"), {}},
            {QStringLiteral("DATETIME"), {QStringLiteral("fsp"), QStringLiteral("timezone")}},
            {QStringLiteral("TIMESTAMP"), {QStringLiteral("fsp"), QStringLiteral("timezone")}},
            {QStringLiteral("TIME"), {QStringLiteral("fsp"), QStringLiteral("timezone")}}, {QStringLiteral("DATE"), {}},
            {QStringLiteral("DOUBLE"), {QStringLiteral("precision"), QStringLiteral("scale"), QStringLiteral("asdecimal")}},
            {QStringLiteral("FLOAT"), {QStringLiteral("precision"), QStringLiteral("scale"), QStringLiteral("asdecimal")}},
            {QStringLiteral("DECIMAL"), {QStringLiteral("precision"), QStringLiteral("scale"), QStringLiteral("asdecimal")}},
            {QStringLiteral("NUMERIC"), {QStringLiteral("precision"), QStringLiteral("scale"), QStringLiteral("asdecimal")}},
            {QStringLiteral("BIT"), {QStringLiteral("length")}}, {QStringLiteral("BLOB"), {}}, {QStringLiteral("LONGBLOB"), {}},
            {QStringLiteral("MEDIUMBLOB"), {}}, {QStringLiteral("JSON"), {}}, {QStringLiteral("YEAR"), {}},
            {QStringLiteral("ENUM"), {QStringLiteral("*")}},
        };
        const QHash<QString, QStringList> &known = module.isEmpty() ? generic
                                                   : module == QLatin1String("postgresql") ? postgresql
                                                   : module == QLatin1String("mysql") ? mysql
                                                                                      : QHash<QString, QStringList>();
        const auto it = known.constFind(name);
        if (it == known.constEnd()) {
            // An attribute of sqlalchemy that is not a type we know: let the caller report it.
            if (module.isEmpty() && !name.isEmpty() && name.at(0).isUpper())
                fail(where.span, QStringLiteral("%1 is a type or construct Retort does not know").arg(callee));
            if (!module.isEmpty())
                fail(where.span, QStringLiteral("%1 is a dialect type Retort does not know").arg(callee));
            return std::nullopt;
        }
        Value v;
        v.kind = Value::Kind::Type;
        v.span = where.span;
        SqlType &t = v.type;
        t.name = name;
        t.module = module;
        if (!call)
            return v;

        QStringList params = it.value();
        const bool enumValues = params.contains(QStringLiteral("*"));
        params.removeAll(QStringLiteral("*"));
        // Positional order: enums take values; others their documented first parameters.
        const QStringList positional = enumValues ? QStringList{} : params;
        const Args a = bind(*call, callee, positional, params, enumValues);
        const auto intArg = [&](const char *n) -> std::optional<int> {
            const PyExpr *e = a.get(n);
            if (!e)
                return std::nullopt;
            const Value iv = eval(*e);
            if (iv.kind == Value::Kind::None)
                return std::nullopt;
            if (iv.kind != Value::Kind::Int)
                fail(e->span, QStringLiteral("%1 of %2 must be an integer").arg(QString::fromLatin1(n), callee));
            return int(iv.scalar.toLongLong());
        };
        if (a.has("length"))
            t.length = intArg("length");
        if (a.has("display_width"))
            t.length = intArg("display_width");
        if (a.has("precision") && (name == QLatin1String("Float") || name == QLatin1String("FLOAT")) && module.isEmpty())
            t.length = intArg("precision");
        else
            t.precision = intArg("precision");
        t.scale = intArg("scale");
        t.fsp = a.has("fsp") ? intArg("fsp") : module == QLatin1String("postgresql") ? intArg("precision") : std::nullopt;
        if (module == QLatin1String("postgresql") && (name == QLatin1String("TIMESTAMP") || name == QLatin1String("TIME")))
            t.precision.reset();
        t.timezone = optionalBool(a, "timezone");
        t.isUnsigned = optionalBool(a, "unsigned");
        t.createConstraint = optionalBool(a, "create_constraint");
        t.nativeEnum = optionalBool(a, "native_enum", true);
        t.createType = optionalBool(a, "create_type", true);
        t.enumName = optionalString(a, "name");
        for (const PyExpr *e : a.rest) {
            const Value s = eval(*e);
            if (s.kind == Value::Kind::Type && !s.type.enumValues.isEmpty() && m_options.modelColumns) {
                t.enumValues << s.type.enumValues;   // a Python enum class the model reader resolved
                if (t.enumName.isEmpty())
                    t.enumName = s.type.enumName;
                continue;
            }
            if (!s.isString())
                fail(e->span, QStringLiteral("enum values must be strings (a Python enum class needs Python)"));
            t.enumValues << s.string();
        }
        if (const PyExpr *item = a.get("item_type"))
            t.itemType.push_back(typeOf(*item, QStringLiteral("the ARRAY item type")));
        if (name == QLatin1String("ARRAY") && t.itemType.empty())
            fail(call->span, QStringLiteral("ARRAY needs an item type"));
        for (const char *ignored : {"asdecimal", "decimal_return_scale", "none_as_null", "as_uuid", "validate_strings",
                                    "native_uuid"}) {
            if (const PyExpr *e = a.get(ignored))
                eval(*e);   // Python-side behaviour; checked to be a literal only
        }
        if ((name == QLatin1String("Enum") || name == QLatin1String("ENUM")) && t.enumValues.isEmpty())
            fail(call->span, QStringLiteral("an Enum without literal values (a Python enum class needs Python)"));
        return v;
    }

    const PyModule &m_module;
    SaExpressionOptions m_options;
    QList<ConstraintDef> m_columnChecks;
    QHash<QString, PyAssignment> m_moduleValues;
    QHash<QString, QString> m_imports;     ///< local name -> qualified name
    std::optional<Unsupported> m_rebinding;
    std::optional<Unsupported> m_badImport;
    QHash<QString, Value> m_locals;
    QSet<QString> m_batchNames;
    QSet<QString> m_evaluating;
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
    Reader reader(module);
    RevisionOperations ops;
    ops.upgrade = reader.read(QStringLiteral("upgrade"));
    ops.downgrade = reader.read(QStringLiteral("downgrade"));
    return ops;
}

QString Operation::describe() const
{
    static const char *names[] = {"create_table", "drop_table", "rename_table", "add_column", "drop_column", "alter_column",
                                  "create_index", "drop_index", "create_constraint", "drop_constraint",
                                  "create_table_comment", "drop_table_comment", "execute", "bulk_insert",
                                  "batch_alter_table"};
    QString text = QString::fromLatin1(names[int(kind)]);
    if (kind == Kind::CreateConstraint && !constraints.isEmpty()) {
        static const char *kinds[] = {"create_primary_key", "create_foreign_key", "create_unique_constraint",
                                      "create_check_constraint"};
        text = QString::fromLatin1(kinds[int(constraints.first().kind)]);
    }
    if (kind == Kind::Execute)
        return text + QStringLiteral("(%1)").arg(sql.simplified().left(60));
    QString what = table;
    if (!name.isEmpty())
        what += QLatin1Char('.') + name;
    else if (!columns.isEmpty() && kind == Kind::AddColumn)
        what += QLatin1Char('.') + columns.first().name;
    else if (!indexes.isEmpty())
        what = indexes.first().name + QStringLiteral(" on ") + table;
    return text + QStringLiteral("(%1)").arg(what);
}

struct SaExpressionReader::Private
{
    Private(const PyModule &module, SaExpressionOptions options) : reader(module, std::move(options)) {}
    Reader reader;
};

SaExpressionReader::SaExpressionReader(const PyModule &module, SaExpressionOptions options)
    : d(std::make_unique<Private>(module, std::move(options)))
{
}

SaExpressionReader::~SaExpressionReader() = default;

std::variant<SaValue, SaEvaluationError> SaExpressionReader::evaluate(const PyExpr &expression)
{
    try {
        SaValue v = d->reader.evaluate(expression);
        const QList<ConstraintDef> checks = d->reader.takeColumnChecks();
        if (v.kind == SaValue::Kind::Column) {
            for (const ConstraintDef &c : checks) {
                SaValue check;
                check.kind = SaValue::Kind::Constraint;
                check.constraint = c;
                v.items.push_back(check);
            }
        }
        return v;
    } catch (const Unsupported &u) {
        d->reader.takeColumnChecks();
        return SaEvaluationError{u.span, u.reason};
    }
}

QString SaExpressionReader::qualifiedName(const PyExpr &expression) const
{
    return d->reader.qualifiedName(expression);
}

} // namespace retort
