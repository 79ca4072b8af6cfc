// Reads literal values assigned at the top level of a Python module (configuration files, revision
// headers) without running it. A value computed at run time is reported as such, never guessed.
#pragma once

#include "python/PyTokenizer.h"

#include <QString>

namespace retort {

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
