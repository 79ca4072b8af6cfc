// The open-a-project sequence. Each step that fails stops the sequence and keeps what came before.
#include "session/Workspace.h"

#include "demo/DemoProject.h"
#include "runner/MigrationProject.h"

namespace retort {

Workspace loadWorkspace(const WorkspaceRequest &request, const std::function<void(const QString &)> &progress)
{
    Workspace workspace;
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
        MigrationProject opened(*workspace.project);
        HistoryLayout view;
        view.history = opened.history();
        view.lanes = layoutLanes(view.history.graph);
        view.needsPython = revisionsNeedingPython(opened.operations());
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
    if (workspace.project) {
        if (progress)
            progress(QStringLiteral("Comparing the models with the database …"));
        workspace.comparison = std::make_shared<const ProjectComparison>(
            compareProjectWithSchema(*workspace.project, workspace.snapshot->schema, url->url.dialect()));
    }
    return workspace;
}

} // namespace retort
