// Text forms of revisions exactly as the alembic command prints them (history, heads, branches,
// show, current), and the graph as JSON and Graphviz DOT.
#pragma once

#include "ops/Operation.h"

#include "migrations/ProjectHistory.h"
#include "project/Project.h"

#include <QJsonObject>
#include <QSet>

namespace retort {

struct HeadOnlyFormat
{
    bool includeBranches = false;
    bool includeDoc = false;
    bool includeParents = false;
    bool treeIndicators = true;
    bool headIndicators = true;
};

/// Script._head_only: "down -> rev (labels) (head) (branchpoint) (mergepoint), doc".
QString formatRevisionLine(const RevisionGraph &graph, int revision, const HeadOnlyFormat &format, bool current = false);

/// Script.log_entry: the verbose block of "alembic show" and "-v" listings (ends with a newline).
QString formatLogEntry(const RevisionGraph &graph, int revision, bool current = false);

/// The lines of "alembic branches" for one branch point.
QString formatBranchPoint(const RevisionGraph &graph, int revision, bool verbose);

/// What "alembic history" prints for these revisions (from historyRevisions); current marks (-i).
QString historyOutput(const RevisionGraph &graph, const QVector<int> &revisions, bool verbose,
                      const QSet<QString> &current = {}, bool indicateCurrent = false);
/// What "alembic heads" prints.
QString headsOutput(const RevisionGraph &graph, bool verbose, bool resolveDependencies);
/// What "alembic branches" prints, given the history order.
QString branchesOutput(const RevisionGraph &graph, const QVector<int> &historyOrder, bool verbose);

/// {"revisions": […], "heads": […], "bases": […], "problems": […]}, paths relative to the project.
/// needsPython (by graph index, see revisionsNeedingPython) adds "needs_python" to each revision when given.
QJsonObject historyToJson(const Project &project, const ProjectHistory &history,
                          const QVector<std::optional<NeedsPython>> *needsPython = nullptr);

/// A Graphviz digraph: one node per revision, down_revision edges solid, depends_on edges dashed.
QString historyToDot(const ProjectHistory &history);

} // namespace retort
