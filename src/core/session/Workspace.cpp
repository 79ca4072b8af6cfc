// The open-a-project sequence. Each step that fails stops the sequence and keeps what came before.
#include "session/Workspace.h"

#include "demo/DemoProject.h"
#include "runner/MigrationProject.h"
#include "runner/RunLog.h"
#include "runner/Simulation.h"

#include <algorithm>

namespace retort {

Workspace loadWorkspace(const WorkspaceRequest &request, const std::function<void(const QString &)> &progress)
{
    Workspace workspace;
    std::unique_ptr<MigrationProject> migration;
    QString projectDir = request.projectDir;
    if (request.openDemo) {
        if (progress)
            progress(QStringLiteral("Preparing the demo project …"));
        Result<QString> demoDir = demo::prepareUserDemo(request.demoDir);
        if (!demoDir) {
            workspace.error = demoDir.error();
            return workspace;
        }
        projectDir = demoDir.value();
    }

    if (!projectDir.isEmpty()) {
        Result<Project> project = request.openDemo ? Project::open(projectDir) : Project::open(projectDir, request.iniPath, request.section);
        if (!project) {
            workspace.error = project.error();
            return workspace;
        }
        workspace.project = project.value();
        if (progress)
            progress(QStringLiteral("Reading the revision history …"));
        migration = std::make_unique<MigrationProject>(*workspace.project);
        HistoryLayout view;
        view.history = migration->history();
        view.lanes = layoutLanes(view.history.graph);
        view.needsPython = revisionsNeedingPython(migration->operations());
        workspace.history = std::move(view);
    }

    const Project *projectPtr = workspace.project ? &*workspace.project : nullptr;
    Result<ResolvedDatabaseUrl> url = resolveDatabaseUrl(projectPtr, request.urlInputs);
    if (!url) {
        workspace.error = url.error();
        return workspace;
    }
    workspace.url = url.value();

    Result<DatabaseSnapshot> snapshot = readDatabaseSnapshot(url->url, Connection::Options(), progress);
    if (!snapshot) {
        workspace.error = snapshot.error();
        return workspace;
    }
    workspace.snapshot = std::move(snapshot).value();
    if (workspace.project && workspace.project->multiDatabase() && request.urlInputs.commandLineUrl.isEmpty()
        && request.urlInputs.environmentUrl.isEmpty()) {
        Result<QStringList> binds = bindNames(*workspace.project);
        for (const QString &bind : binds ? *binds : QStringList()) {
            if (bind.isEmpty())
                continue;
            BindState state;
            state.bind = bind;
            DatabaseUrlInputs inputs = request.urlInputs;
            inputs.bind = bind;
            Result<ResolvedDatabaseUrl> bindUrl = resolveDatabaseUrl(&*workspace.project, inputs);
            if (!bindUrl) {
                state.error = bindUrl.error().toString();
            } else {
                state.urlDisplay = bindUrl->url.toDisplayString();
                Result<std::unique_ptr<Connection>> c = Connection::open(bindUrl->url);
                Result<VersionTableState> rows = c ? readVersionTable(**c, VersionTableName::of(*workspace.project))
                                                   : Result<VersionTableState>(c.error());
                if (rows)
                    state.revisions = rows->revisions;
                else
                    state.error = rows.error().toString();
            }
            workspace.otherBinds << state;
        }
    }
    // Tables and no revision recorded: which revision the tables are, computed without a database.
    if (migration && workspace.snapshot->versions.revisions.isEmpty()) {
        const QString versionTable = migration->versionTable().table;
        const bool hasTables = std::any_of(workspace.snapshot->schema.tables.cbegin(), workspace.snapshot->schema.tables.cend(),
                                           [&](const Table &t) { return t.name != versionTable && t.name != runlog::kTable; });
        if (hasTables) {
            if (progress)
                progress(QStringLiteral("Looking for the revision the tables match …"));
            workspace.identified = identifyRevision(migration->operations(), workspace.snapshot->schema, versionTable,
                                                   workspace.url->url.dialect());
        }
    }
    if (workspace.project) {
        if (progress)
            progress(QStringLiteral("Comparing the models with the database …"));
        workspace.comparison = std::make_shared<const ProjectComparison>(
            compareProjectWithSchema(*workspace.project, workspace.snapshot->schema, url->url.dialect()));
    }
    return workspace;
}

} // namespace retort
