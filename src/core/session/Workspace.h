// Opening a project and its database in one call, for both front ends: the demo copy or a
// project folder, the URL from its sources, then a snapshot of the database.
#pragma once

#include "compare/ProjectComparison.h"
#include "migrations/LaneLayout.h"
#include "migrations/Problem.h"
#include "migrations/ProjectHistory.h"
#include "ops/Operation.h"
#include "project/DatabaseUrlSource.h"
#include "project/Project.h"
#include "runner/Simulation.h"
#include "session/DatabaseSnapshot.h"

#include <functional>
#include <memory>
#include <optional>

namespace retort {

struct WorkspaceRequest
{
    QString projectDir;            ///< the folder to open; ignored when openDemo
    QString iniPath;               ///< alembic -c: the ini file (default: found in projectDir)
    QString section;               ///< alembic -n: its section (default: alembic)
    bool openDemo = false;         ///< open (and on first use create) the demo copy in demoDir
    QString demoDir;               ///< where the user's demo copy lives
    DatabaseUrlInputs urlInputs;
};

/// What could be loaded; later parts are empty when an earlier step failed (error says why).
/// The project's revision history, ready to draw: the graph, its lanes, and per revision whether it
/// needs Python (the first construct Retort cannot run, upgrade or downgrade).
struct HistoryLayout
{
    ProjectHistory history;
    LaneLayout lanes;
    QVector<std::optional<NeedsPython>> needsPython;
};

/// Multi-database projects: where each other bind's database stands.
struct BindState
{
    QString bind;
    QString urlDisplay;          ///< without the password
    QStringList revisions;       ///< its version rows
    QString error;               ///< when it could not be read
};

struct Workspace
{
    std::optional<Project> project;
    std::optional<HistoryLayout> history;   ///< when the project has a script folder
    std::optional<ResolvedDatabaseUrl> url;
    std::optional<DatabaseSnapshot> snapshot;
    /// The project's models next to the snapshot's tables (with a project and a snapshot).
    std::shared_ptr<const ProjectComparison> comparison;
    std::optional<Error> error;
    /// Multi-database projects: the binds other than the one shown (read, never created).
    QList<BindState> otherBinds;
    /// A database with tables and no revision recorded: the revisions whose schema its tables come
    /// closest to, closest first (identifyRevision); empty otherwise.
    QList<RevisionMatch> identified;
};

/// Blocking; call it off the GUI thread. progress gets short sentences as work proceeds.
Workspace loadWorkspace(const WorkspaceRequest &request, const std::function<void(const QString &)> &progress = {});

} // namespace retort
