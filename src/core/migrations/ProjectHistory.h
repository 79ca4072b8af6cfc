// A project's revision history in one value: its scripts, the graph and every problem found.
#pragma once

#include "migrations/RevisionGraph.h"
#include "migrations/ScriptDirectory.h"

namespace retort {

struct ProjectHistory
{
    RevisionGraph graph;
    QList<Problem> problems;     ///< file problems first, then graph problems

    int errorCount() const;
    static ProjectHistory load(const Project &project);
};

} // namespace retort
