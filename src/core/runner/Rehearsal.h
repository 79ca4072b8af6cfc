// A rehearsal: the plan run for real on a scratch copy, to show what the revisions that need a live
// connection would execute (Alembic's offline mode cannot print them). SQLite: a copy of the file made
// with VACUUM INTO from a read of the live file, which is never written. PostgreSQL, MySQL/MariaDB: a
// scratch database on the same server (when the user may create one) with the live one's schema and
// none of its rows, copied with the server's own dump tool, and the version rows the plan starts from.
// Revisions that need Python run through a worker connected to the copy. The copy is removed afterwards.
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
/// rehearsal (and on what); where the rehearsal stopped, a comment says why. An error when no copy
/// could be made (among others: the user may not create a database).
Result<QString> rehearseOnCopy(const Connection &live, const Project &project, RevisionOperationSource &source,
                               const MigrationPlan &plan, const RehearsalSettings &settings);

} // namespace retort
