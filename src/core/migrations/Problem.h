// A problem found while reading a project: where it is and one sentence about it.
#pragma once

#include <QString>

namespace retort {

struct Problem
{
    enum class Severity { Error, Warning };
    Severity severity = Severity::Error;
    QString path;       ///< absolute path of the file (empty when not about one file)
    int line = 0;       ///< 1-based, 0 when unknown
    QString message;

    bool isError() const { return severity == Severity::Error; }
    static QString severityName(Severity s) { return s == Severity::Error ? QStringLiteral("error") : QStringLiteral("warning"); }
};

} // namespace retort
