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
    explicit Reader(const PyModule &module) : m_module(module), m_sa(module, {}) { findRebinding(module.body); }

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
        } catch (const Unsupported &u) {
            result.operations.clear();
            result.needsPython = NeedsPython{u.span.line, u.span.column, u.span.length, u.reason};
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
            refuseLiveConnection(*stmt.value);
            bindOperation(m_sa, *stmt.value, ops, batch);
            return;
        case SK::Assign: {
            if (stmt.targets.size() != 1 || stmt.targets[0]->kind != EK::Name)
                fail(stmt.span, QStringLiteral("an assignment to something other than one plain name"));
            const PyExpr &value = *stmt.value;
            SaValue v;
            if (isGetBind(value))
                v.kind = SaValue::Kind::Connection;   // conn = op.get_bind(): only conn.execute(...) of known SQL is read
            else if (value.kind == EK::Call && m_sa.calleeName(*value.children[0]).startsWith(QLatin1String("op.")))
                v = bindOperation(m_sa, value, ops, batch);   // t = op.create_table(...)
            else
                v = m_sa.eval(value);
            m_sa.setLocal(stmt.targets[0]->text, v);
            return;
        }
        case SK::With: {
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
        if (call.children.size() != 2 || !call.keywords.empty())
            fail(call.span, QStringLiteral("%1.execute() with parameters: Python binds them when it runs")
                                .arg(isGetBind(target) ? QStringLiteral("op.get_bind()") : target.text));
        const SaValue statement = m_sa.eval(*call.children[1]);
        Operation op;
        op.kind = Operation::Kind::Execute;
        op.line = call.span.line;
        if (statement.kind == SaValue::Kind::Statement)
            op.statement = statement.statement;
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
