// A project opened for migration work, as every front end needs it: the project's files, its
// revision history, the reader of each revision's operations (with the project's naming
// convention), and where its version table is. Opening reads files only: nothing runs and nothing
// connects. The window's tasks, the workspace loader and retort-cli all open projects through it.
#pragma once

#include "migrations/ProjectHistory.h"
#include "models/ProjectNames.h"
#include "project/Project.h"
#include "runner/MigrationRunner.h"
#include "runner/VersionTable.h"

#include <memory>

namespace retort {

class MigrationProject
{
public:
    /// Opens the project in dir and loads its history.
    static Result<std::unique_ptr<MigrationProject>> open(const QString &dir);
    /// Loads the history of a project already opened.
    explicit MigrationProject(Project project);

    MigrationProject(const MigrationProject &) = delete;
    MigrationProject &operator=(const MigrationProject &) = delete;

    const Project &project() const { return m_project; }
    const ProjectHistory &history() const { return m_history; }
    const RevisionGraph &graph() const { return m_history.graph; }
    /// upgrade() and downgrade() of each revision, read once and kept.
    RevisionOperationSource &operations() { return m_operations; }
    VersionTableName versionTable() const { return VersionTableName::of(m_project); }

private:
    Project m_project;
    ProjectHistory m_history;
    RevisionOperationSource m_operations;   // refers to m_history.graph
    std::shared_ptr<ProjectNames> m_names;  // the project's own types and constants, for the revisions
};

} // namespace retort
