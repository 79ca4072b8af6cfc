// The SQLAlchemy expression evaluator behind both the revision reader (OpReader) and the model reader
// (through SaExpressionReader): names resolved through the module's imports, literals, SQLAlchemy
// types, Column/constraint/index constructs, Core statements (sa.update(t).where(...).values(...)),
// and the argument binding every construct and op.* call uses. The first thing outside the subset
// ends the evaluation: fail() throws Unsupported with a span and a reason, and each public entry
// point (OpReader's read(), SaExpressionReader::evaluate) catches it at its boundary. The evaluator
// is a recursive descent over the AST, so a Result threaded through every level would only add noise.
//
// Internal to core/ops; the rest of core uses OpReader.h and SaExpression.h.
#pragma once

#include "ops/Operation.h"
#include "ops/SaExpression.h"
#include "python/PyModuleValues.h"

#include <QHash>
#include <QSet>

#include <optional>
#include <utility>

namespace retort {

struct Unsupported
{
    SourceSpan span;
    QString reason;
    bool failsInAlembic = false;   ///< Alembic cannot run it either (Python would only fail there)
};

[[noreturn]] void fail(const SourceSpan &span, const QString &reason);
/// Something Alembic itself fails on: no Python would run it either.
[[noreturn]] void failEverywhere(const SourceSpan &span, const QString &reason);

/// "a string", "a Column", …: what a value is, for messages.
const char *kindName(SaValue::Kind kind);

/// Python's "%" formatting and ':name' in op.execute() strings: Alembic wraps a string in text(),
/// which reads ':name' as a bind parameter and fails without a value. Returns the SQL with "\:" unescaped.
QString textClauseSql(const QString &sql, const SourceSpan &span);

class SaEvaluator
{
public:
    using Value = SaValue;

    SaEvaluator(const PyModule &module, SaExpressionOptions options);

    const PyModule &module() const { return m_module; }
    /// The module's top-level assignments (read once).
    const QHash<QString, PyAssignment> &moduleValues() const { return m_moduleValues; }
    const SaExpressionOptions &options() const { return m_options; }
    /// A 'from x import *' or an import of application code: revisions that have one need Python.
    const std::optional<Unsupported> &importProblem() const { return m_badImport; }

    /// Where the name an expression spells comes from.
    enum class NameOrigin {
        Imported,   ///< through the module's imports (or the reader's aliases)
        Batch,      ///< the batch_op of an enclosing batch_alter_table block
        Local,      ///< a local or a module-level value of the file
        Unknown,    ///< a name the file does not define or import
        NotAName,   ///< not a dotted name (a call's result, a subscript …)
    };
    NameOrigin nameOrigin(const PyExpr &expression) const;
    /// The canonical dotted name an imported or batch name refers to: "sa.Column", "op.add_column",
    /// "postgresql.UUID", "batch.add_column"; empty for every other origin.
    QString calleeName(const PyExpr &callee) const;
    Value eval(const PyExpr &e);

    // Names a revision function binds as it runs.
    void clearLocals() { m_locals.clear(); m_batchNames.clear(); m_reached.clear(); }
    /// The foreign imports nothing evaluated since clearLocals() reached.
    std::vector<InertImport> unreachedImports() const;
    void setLocal(const QString &name, const Value &value) { m_locals.insert(name, value); }
    void enterBatch(const QString &name) { m_batchNames.insert(name); }
    void leaveBatch(const QString &name) { m_batchNames.remove(name); }
    /// CHECK constraints given as Column arguments since the last call.
    QList<ConstraintDef> takeColumnChecks() { return std::exchange(m_columnChecks, {}); }

    // --- arguments (SaArguments.cpp) -----------------------------------------------------------

    struct Args
    {
        QHash<QString, const PyExpr *> named;
        std::vector<const PyExpr *> rest;
        const PyExpr *get(const char *name) const { return named.value(QString::fromLatin1(name), nullptr); }
        bool has(const char *name) const { return named.contains(QString::fromLatin1(name)); }
    };

    /// Binds call arguments to a signature. positional: names in order; keywordOnly: further names;
    /// varargs: extra positionals allowed; aliases: "old=new" pairs for the names Alembic 0.7 used.
    Args bind(const PyExpr &call, const QString &function, const QStringList &positional,
              const QStringList &keywordOnly, bool varargs = false, const QStringList &aliases = {}) const;
    QString requireString(const Args &a, const char *name, const PyExpr &call, const QString &function);
    /// A string argument (or a name, and whether it came through op.f(): naming conventions skip
    /// those); None or absent give an empty string.
    std::pair<QString, bool> nameArg(const Args &a, const char *name);
    QString optionalString(const Args &a, const char *name);
    bool optionalBool(const Args &a, const char *name, bool fallback = false);
    std::optional<bool> triBool(const Args &a, const char *name);
    QStringList stringList(const PyExpr &e, const QString &what);
    /// server_default: a string, sa.text(), sa.func.x(), sa.true()/false().
    ServerDefault serverDefaultOf(const PyExpr &e);
    SqlType typeOf(const PyExpr &e, const QString &what);
    /// A string (read as text() reads it) or sa.text(...).
    QString sqlText(const PyExpr &e, const QString &what);
    void indexParts(const Value &columns, IndexDef *index);
    /// postgresql_where/using/ops/include and mysql_prefix/length of create_index() and Index().
    void indexOptions(const Args &a, IndexDef *index);
    /// SQLAlchemy's get_identity_options: sa.Identity's and sa.Sequence's options, in its order.
    static QStringList identityOptionNames();
    /// datetime.date/datetime/time(…), decimal.Decimal("…"), uuid.UUID("…") with literal arguments, and
    /// str() of them; empty for any other call.
    std::optional<Value> standardLibraryValue(const PyExpr &call, const QString &callee, const QString &shown);
    /// sa.text("… :x …") with literal values for its parameters (.bindparams(x=…), or the parameters
    /// of conn.execute(text, {…}), where names the text does not use are ignored).
    Value boundText(const PyExpr &textCall, const std::vector<std::pair<QString, const PyExpr *>> &parameters,
                    bool ignoreUnused, const SourceSpan &span);
    /// Whether e is a call of sa.text().
    bool isTextCall(const PyExpr &e) const;
    QString identityOptions(const Args &a, const QString &construct, bool defaultStart);
    static QStringList indexOptionNames();
    /// ondelete, onupdate, initially, match and deferrable of a foreign key (ForeignKeyRef or ConstraintDef).
    template <typename ForeignKey>
    void referentialOptions(const Args &a, ForeignKey *fk)
    {
        fk->ondelete = optionalString(a, "ondelete");
        fk->onupdate = optionalString(a, "onupdate");
        fk->initially = optionalString(a, "initially");
        fk->match = optionalString(a, "match");
        fk->deferrable = triBool(a, "deferrable");
    }

private:
    /// A name bound by an import from outside Alembic, SQLAlchemy and the harmless standard modules
    /// ends the reading where the functions use it (an import nobody uses is inert).
    void checkForeign(const PyExpr &expression) const;
    /// A foreign name the options' resolver knows (a type or constant from the project's own modules).
    std::optional<Value> projectName(const PyExpr &name, const PyExpr &use);
    std::pair<NameOrigin, QString> resolveName(const PyExpr &expression) const;
    /// A "table.column" string, or a column reference (User.id in a model) turned into one.
    QString columnTarget(const Args &a, const char *name, const PyExpr &call, const QString &function);

    // --- names and constructs (SaEvaluator.cpp) ------------------------------------------------
    Value reference(const PyExpr &e);
    std::optional<Value> resolveExternal(const PyExpr &e, const QString &qualified);
    Value construct(const PyExpr &call);
    std::optional<Value> indexExpression(const PyExpr &call);

    // --- SQLAlchemy Core statements (SaStatements.cpp) -----------------------------------------
    QVariant literalOf(const Value &v, const SourceSpan &span);
    std::optional<Value> columnReference(const PyExpr &e);
    Value statementOf(const Value &table, const QString &kind, const SourceSpan &span);
    Value comparison(const PyExpr &e);
    Value junction(SqlCondition::Kind kind, const std::vector<const PyExpr *> &parts, const SourceSpan &span);
    std::optional<Value> methodCall(const PyExpr &call);

    // --- columns and types (SaTypes.cpp) -------------------------------------------------------
    Value column(const PyExpr &call, const QString &shown);
    std::optional<Value> typeConstruct(const QString &callee, const PyExpr *call, const PyExpr &where);
    std::optional<Value> utilsType(const QString &callee, const PyExpr *call, const PyExpr &where);

    const PyModule &m_module;
    SaExpressionOptions m_options;
    QList<ConstraintDef> m_columnChecks;
    QHash<QString, PyAssignment> m_moduleValues;
    QHash<QString, QString> m_imports;     ///< local name -> qualified name
    std::optional<Unsupported> m_badImport;
    struct ForeignImport
    {
        QString module;
        int line = 0;
    };
    QHash<QString, ForeignImport> m_foreignImports;   ///< local name -> where it comes from
    QSet<QString> m_reached;                          ///< foreign names resolved through the options' resolver
    QHash<QString, Value> m_locals;
    QSet<QString> m_batchNames;
    QSet<QString> m_evaluating;
};

} // namespace retort
