// Loading = finding and reading the files, then building the graph; neither step can fail outright.
#include "migrations/ProjectHistory.h"

namespace retort {

int ProjectHistory::errorCount() const
{
    int n = 0;
    for (const Problem &p : problems)
        n += p.isError();
    return n;
}

ProjectHistory ProjectHistory::load(const Project &project)
{
    ScriptDirectory directory = ScriptDirectory::load(project);
    ProjectHistory history;
    history.problems = directory.problems;
    history.graph = RevisionGraph::build(directory.scripts, &history.problems);
    return history;
}

} // namespace retort
