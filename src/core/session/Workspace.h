// Opening a project and its database in one call, for both front ends: the demo copy or a
// project folder, the URL from its sources, then a snapshot of the database.
#pragma once

#include "project/DatabaseUrlSource.h"
#include "project/Project.h"
#include "session/DatabaseSnapshot.h"

#include <functional>
#include <optional>

namespace retort {

struct WorkspaceRequest
{
    QString projectDir;            ///< the folder to open; ignored when openDemo
    bool openDemo = false;         ///< open (and on first use create) the demo copy in demoDir
    QString demoDir;               ///< where the user's demo copy lives
    DatabaseUrlInputs urlInputs;
};

/// What could be loaded; later parts are empty when an earlier step failed (error says why).
struct Workspace
{
    std::optional<Project> project;
    std::optional<ResolvedDatabaseUrl> url;
    std::optional<DatabaseSnapshot> snapshot;
    std::optional<Error> error;
};

/// Blocking; call it off the GUI thread. progress gets short sentences as work proceeds.
Workspace loadWorkspace(const WorkspaceRequest &request, const std::function<void(const QString &)> &progress = {});

} // namespace retort
