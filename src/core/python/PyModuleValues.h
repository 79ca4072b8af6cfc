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

/// Finds the last top-level `name = ...` (or `name: T = ...`) in source.
PyAssignedString findModuleStringAssignment(const QString &source, const QString &name);

} // namespace retort
