// Syntax tree for the subset of Python that configuration files, models and revision scripts use.
// Every node keeps its exact source span; constructs the parser does not model become Unknown
// nodes with their span, never a guess.
#pragma once

#include "python/SourceSpan.h"

#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <vector>

namespace retort {

struct PyExpr;
using PyExprPtr = std::shared_ptr<const PyExpr>;

struct PyKeywordArg
{
    QString name;            ///< empty for **kwargs
    PyExprPtr value;
    SourceSpan span;
};

struct PyExpr
{
    enum class Kind {
        Name,          ///< text = identifier
        Attribute,     ///< children[0].text
        Call,          ///< children[0] = callee, children[1..] = positional args; keywords
        String,        ///< text = decoded value (adjacent literals joined); isComputed for f-strings
        Bytes,         ///< text = decoded value
        Number,        ///< text = source text
        None, True, False, Ellipsis,
        Tuple, List, Set,///< children = elements
        Dict,          ///< children = key0, value0, key1, value1, … (a null key stands for **mapping)
        Subscript,     ///< children[0] = value, children[1] = index (a Tuple for a[x, y])
        Slice,         ///< children = lower, upper, step (null when absent)
        UnaryOp,       ///< text = operator ("-", "+", "~", "not"); children[0]
        BinaryOp,      ///< text = operator; children[0], children[1]
        BoolOp,        ///< text = "and"/"or"; children
        Compare,       ///< text = operators joined by spaces; children = operands
        IfExp,         ///< children = body, test, orelse
        Lambda,        ///< children[0] = body
        Starred,       ///< text = "*" or "**"; children[0]
        NamedExpr,     ///< children = target, value
        Unknown,       ///< text = what it is ("comprehension", "await", …)
    };
    PyExpr() = default;
    PyExpr(const PyExpr &) = default;
    PyExpr(PyExpr &&) = default;
    PyExpr &operator=(const PyExpr &) = default;
    PyExpr &operator=(PyExpr &&) = default;
    /// Frees the subtree without recursion, however deep it is.
    ~PyExpr();

    Kind kind = Kind::Unknown;
    SourceSpan span;
    QString text;
    bool isComputed = false;   ///< String built at run time (f-string)
    /// An f-string whose fields are plain names ("ix_{table}_{column!s}"): the literal pieces around the
    /// fields (one more than children, which hold the fields as Name/Attribute nodes). Empty for an
    /// f-string with anything else in a field (a call, a format spec, !r).
    QStringList formatPieces;
    std::vector<PyExprPtr> children;
    std::vector<PyKeywordArg> keywords;

    const PyExpr *child(size_t i) const { return i < children.size() ? children[i].get() : nullptr; }
    bool isName(QStringView name) const { return kind == Kind::Name && text == name; }
    /// "a.b.c" for a chain of attributes on a name; empty otherwise.
    QString dottedName() const;
    /// The keyword argument called name, or null.
    const PyExpr *keyword(QStringView name) const;
};

struct PyImportName
{
    QString name;            ///< "sqlalchemy" or "sqlalchemy.dialects"; for from-imports the imported name
    QString asName;          ///< empty when no "as"
    SourceSpan span;
};

struct PyStmt;
using PyStmtList = std::vector<std::shared_ptr<const PyStmt>>;

/// One clause after a try block: "except [Type [as name]]:", "else:" or "finally:".
struct PyTryClause
{
    enum class Kind { Except, Else, Finally };
    Kind kind = Kind::Except;
    PyExprPtr type;          ///< Except: the exception (a name, a tuple of names); null for a bare except
    QString name;            ///< Except: the "as" name
    PyStmtList body;
    SourceSpan span;         ///< the clause's first line
};

struct PyStmt
{
    enum class Kind {
        Expr, Assign, AnnAssign, AugAssign, FunctionDef, ClassDef, Import, ImportFrom, With, If, For, While, Try,
        Return, Pass, Break, Continue, Raise, Global, Nonlocal, Del, Assert, Match, Unknown,
    };
    Kind kind = Kind::Unknown;
    SourceSpan span;                     ///< the whole statement, including its block
    std::vector<PyExprPtr> targets;      ///< Assign: a = b = value; AugAssign/AnnAssign: one; For: one
    PyExprPtr value;                     ///< Assign/AnnAssign/AugAssign/Expr/Return value; If/While test; For iterable
    PyExprPtr annotation;                ///< AnnAssign; FunctionDef return annotation
    QString name;                        ///< FunctionDef/ClassDef name; ImportFrom module (with leading dots); AugAssign operator
    std::vector<PyExprPtr> bases;        ///< ClassDef bases; With: the context expressions
    std::vector<PyKeywordArg> keywords;  ///< ClassDef keywords (metaclass=…)
    std::vector<PyExprPtr> decorators;
    QStringList parameters;              ///< FunctionDef parameter names as written ("*args", "**kw", "x")
    std::vector<PyExprPtr> parameterDefaults;   ///< FunctionDef: parallel to parameters, null where none
    QStringList withNames;               ///< With: the "as" names (empty string when none), parallel to bases
    std::vector<PyImportName> imports;
    PyStmtList body;
    PyStmtList orelse;                   ///< If/For/While/Try: else branch (elif is a nested If); Try: except/finally bodies
    std::vector<PyTryClause> clauses;    ///< Try: its clauses in order (their bodies are in orelse too)
};

struct PySyntaxError
{
    QString message;
    SourceSpan span;
    bool readerLimit = false;   ///< a limit of Retort's reader (nesting depth), not necessarily Python's
};

struct PyModule
{
    PyStmtList body;
    std::vector<PySyntaxError> errors;   ///< empty when the file parsed cleanly
    QString docstring;                   ///< the module docstring, as Python sees __doc__ (empty when none)
    bool hasDocstring = false;
};

/// Calls visit for every expression under statements (depth first, outer before inner).
void visitPyExpressions(const PyStmtList &statements, const std::function<void(const PyExpr &)> &visit);

/// Parses source. Never throws and never fails: problems are listed in PyModule::errors, and the
/// statements around them are still parsed.
PyModule parsePython(const QString &source);

} // namespace retort
