// A Python source file's bytes as Python reads them (PEP 263): UTF-8 (a BOM allowed) unless a coding
// declaration on one of the first two lines names another encoding; never a NUL byte. What Python
// refuses to import is reported with its line, so it is never read silently as something else.
#pragma once

#include "python/PyAst.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace retort {

struct PySourceText
{
    QString text;                          ///< the decoded text (invalid bytes replaced when there is an error)
    std::optional<PySyntaxError> error;    ///< what Python would refuse the file for
};

PySourceText decodePythonSource(const QByteArray &bytes);

/// decodePythonSource, then parsePython; a decoding error comes first in PyModule::errors.
PyModule parsePythonSource(const QByteArray &bytes);

} // namespace retort
