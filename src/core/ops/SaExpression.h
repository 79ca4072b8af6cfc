// The SQLAlchemy constructs of one Python module, evaluated without running Python: the same
// interpreter that reads revision scripts, offered to readers of other files (models.py). A value is
// a literal, a type, a Column, a constraint, an index, a ForeignKey, a server default or a column
// reference; anything else is an error with its span and a reason, never a guess.
#pragma once

#include "ops/Operation.h"
#include "python/PyAst.h"

#include <QHash>

#include <functional>
#include <memory>
#include <optional>
#include <variant>

namespace retort {

struct SaTableValue
{
    QString name;
    QString schema;
    QList<ColumnDef> columns;
};

struct SaValue
{
    enum class Kind { None, Bool, Int, Float, String, List, Dict, Type, Column, Constraint, Index, ForeignKey,
                      Default, Table, MetaData, ColumnRef, Condition, Statement,
                      Connection,     ///< what op.get_bind() returned, in a revision
                      Context,        ///< what op.get_context() returned: its dialect.name and autocommit_block()
                      Sequence,       ///< sa.Sequence(...): a column's default, or what CreateSequence() takes
                      Ddl,            ///< sa.schema.CreateSequence(...) and the like
                      PyScalar,       ///< datetime.date(…), decimal.Decimal(…), uuid.UUID(…): scalar holds a PyScalar
                      BoundText };    ///< text("… :x …").bindparams(x=…): serverDefault.text as written, parameters
    Kind kind = Kind::None;
    QVariant scalar;                                  ///< Bool, Int, Float, String
    bool converted = false;                           ///< String made by op.f()
    std::vector<SaValue> items;                       ///< List (and tuples)
    std::vector<std::pair<QString, SaValue>> dict;    ///< Dict with string keys
    SqlType type;
    ColumnDef column;
    ConstraintDef constraint;
    IndexDef index;
    ForeignKeyRef foreignKey;
    ServerDefault serverDefault;
    SaTableValue table;             ///< also the table of a ColumnRef
    QString columnRef;              ///< ColumnRef: the column's name in table
    SqlCondition condition;
    CoreStatement statement;
    DdlElement ddl;                 ///< Ddl; Sequence keeps its name, schema, options and optional here
    QVariantMap parameters;         ///< BoundText
    SourceSpan span;

    bool isString() const { return kind == Kind::String; }
    QString string() const { return scalar.toString(); }
};

struct SaEvaluationError
{
    SourceSpan span;
    QString reason;
};

struct SaExpressionOptions
{
    /// Local names that stand for a module: {"db", "sqlalchemy"} makes db.Column mean sa.Column.
    QHash<QString, QString> aliases;
    /// Columns as models write them: the name may come later (from the attribute), the type may come
    /// first, mapped_column() is a Column, and default=/onupdate= may be any Python.
    bool modelColumns = false;
    /// Asked for a name or attribute the module does not define as a literal (a class attribute such
    /// as User.id, a name imported from another file). qualified is the import-resolved dotted name,
    /// empty for the file's own values and for names it does not import.
    std::function<std::optional<SaValue>(const PyExpr &expr, const QString &qualified)> resolve;
};

class SaExpressionReader
{
public:
    SaExpressionReader(const PyModule &module, SaExpressionOptions options);
    ~SaExpressionReader();
    SaExpressionReader(const SaExpressionReader &) = delete;
    SaExpressionReader &operator=(const SaExpressionReader &) = delete;

    std::variant<SaValue, SaEvaluationError> evaluate(const PyExpr &expression);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace retort
