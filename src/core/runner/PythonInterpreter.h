// The Python that runs a project's revisions that need Python (issue 17's bridge), chosen the way
// the user expects and without running anything: --python, then RETORT_PYTHON, then the choice the
// window remembers for the project, then the project's virtualenv ($VIRTUAL_ENV, or .venv/, venv/,
// env/ in the project folder or a parent up to the repository root), else python3 on PATH.
// Choosing never starts a process: the worker (runner/PythonWorker) starts it for a plan that contains
// a revision that needs Python, after showing which, and first checks its Alembic and SQLAlchemy.
#pragma once

#include "Result.h"
#include "project/Project.h"

#include <QProcessEnvironment>

namespace retort {

struct InterpreterRequest
{
    QString explicitPath;     ///< retort-cli --python PATH
    QString projectChoice;    ///< the interpreter the window remembers for the project
};

struct InterpreterChoice
{
    QString path;             ///< absolute path of the interpreter to start
    QString source;           ///< why this one: "--python", "RETORT_PYTHON", "the project's virtualenv (.venv)", …
};

/// Finds the interpreter; never runs it. An explicit choice that is not an executable file is an
/// error that says which option named it. Virtualenv folders that are links are not followed.
Result<InterpreterChoice> chooseInterpreter(const Project &project, const InterpreterRequest &request,
                                            const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

} // namespace retort
