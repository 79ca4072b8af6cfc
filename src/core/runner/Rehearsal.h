// A rehearsal: the plan run for real on a scratch copy of an SQLite database, to show what the
// revisions that need a live connection would execute (Alembic's offline mode cannot print them).
// The copy is made with VACUUM INTO from a read of the live file, which is never written; revisions
// that need Python run through a worker connected to the copy. The copy is deleted afterwards.
#pragma once

#include "Result.h"
#include "connection/Connection.h"
#include "runner/MigrationRunner.h"
#include "runner/PythonInterpreter.h"

namespace retort {

class Project;

struct RehearsalSettings
{
    VersionTableName versionTable;
    InterpreterChoice python;           ///< runs the revisions that need Python
    qint64 maxDatabaseBytes = 512ll * 1024 * 1024;   ///< a larger file is not copied for a preview
};

/// The statements every step of the plan ran on the copy, as a script whose first line says it is a
/// rehearsal; where the rehearsal stopped, a comment says why. An error when no copy could be made.
Result<QString> rehearseOnCopy(const Connection &live, const Project &project, RevisionOperationSource &source,
                               const MigrationPlan &plan, const RehearsalSettings &settings);

} // namespace retort
