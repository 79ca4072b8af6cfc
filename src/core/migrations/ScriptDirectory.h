// The revision files of a project, found and read the way Alembic finds them.
#pragma once

#include "migrations/RevisionScript.h"
#include "project/Project.h"

namespace retort {

struct ScriptDirectory
{
    QList<RevisionScript> scripts;   ///< in load order (version locations in order, file names sorted)
    QList<Problem> problems;         ///< files that could not be read, locations that do not exist

    /// Reads every revision file of project. Never fails: what cannot be read is a problem.
    static ScriptDirectory load(const Project &project);
};

} // namespace retort
