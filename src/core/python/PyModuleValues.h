// Reads what a Python module assigns at its top level (configuration files, revision headers)
// without running it. A value computed at run time is reported as such, never guessed.
#pragma once

#include "python/PyAst.h"

#include <QHash>
#include <QString>

namespace retort {

struct PyAssignment
{
    const PyExpr *value = nullptr;   ///< points into the module the assignment came from
    int line = 0;
    bool conditional = false;        ///< assigned inside an if/try at top level
};

/// The last top-level assignment to each plain name (`name = …` or `name: T = …`).
QHash<QString, PyAssignment> moduleAssignments(const PyModule &module);

struct PyAssignedString
{
    bool found = false;     ///< the module assigns the name at top level
    bool literal = false;   ///< the last assignment is a plain string literal (value is set)
    QString value;
    int line = 0;           ///< line of the last assignment
    QString expression;     ///< source text of the assigned expression (for messages)
};

/// One name an import statement binds, as Python binds it: "import a.b" binds a (to module a),
/// "import a.b as c" binds c (to a.b), "from m import n as k" binds k (to m.n; m keeps its leading
/// dots when relative, for the reader to resolve against its own package).
struct PyImportBinding
{
    QString local;
    QString module;
    QString name;            ///< from-imports: the imported name, "*" for a star import; else empty
    SourceSpan span;

    bool isStar() const { return name == QLatin1String("*"); }
    QString qualified() const { return name.isEmpty() ? module : module + QLatin1Char('.') + name; }
};

/// The names an Import or ImportFrom statement binds (none for other statements). The revision
/// reader and the model reader both resolve names through this.
QList<PyImportBinding> importBindings(const PyStmt &stmt);

/// Finds the last top-level `name = ...` (or `name: T = ...`) in source.
PyAssignedString findModuleStringAssignment(const QString &source, const QString &name);

} // namespace retort
