#include "runner/MigrationProject.h"

#include "project/ModelFiles.h"

namespace retort {

Result<std::unique_ptr<MigrationProject>> MigrationProject::open(const QString &dir)
{
    Result<Project> project = Project::open(dir);
    if (!project)
        return project.error();
    return std::make_unique<MigrationProject>(std::move(project).value());
}

MigrationProject::MigrationProject(Project project)
    : m_project(std::move(project)),
      m_history(ProjectHistory::load(m_project)),
      m_operations(m_history.graph, findNamingConvention(m_project)),
      m_names(std::make_shared<ProjectNames>(m_project.rootDir(), modelSearchRoots(m_project)))
{
    m_operations.setNameResolver([names = m_names](const PyExpr &use, const QString &qualified) {
        return names->resolve(use, qualified);
    });
}

} // namespace retort
