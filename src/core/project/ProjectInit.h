// `alembic init`: a new project's alembic.ini and script folder (env.py, script.py.mako, README,
// versions/), from Retort's own templates. The files are Retort's writing, not copies of Alembic's:
// the same layout and settings, so that alembic and flask db work on the project as they would on
// one alembic init made. Nothing that exists is overwritten.
#pragma once

#include "Result.h"

#include <QStringList>

namespace retort {

struct ProjectTemplate
{
    QString name;
    QString description;
};

/// The script.py.mako of a new project (and of a project that has none): Alembic's generic layout.
QString defaultScriptTemplate();

/// The templates init knows, as list_templates prints them.
QList<ProjectTemplate> projectTemplates();

struct InitRequest
{
    QString directory;                     ///< the script folder to create (relative to workingDir)
    QString iniPath = QStringLiteral("alembic.ini");   ///< -c; relative to workingDir
    QString templateName = QStringLiteral("generic");
    bool package = false;                  ///< --package: __init__.py in the folder and in versions/
    QString workingDir;
};

/// Creates the project; lines says what was done, in Alembic's words ("Creating directory …",
/// "Generating …", "File … already exists, skipping"). A folder that exists and is not empty is an
/// error, and nothing is written then.
Result<QStringList> initProject(const InitRequest &request);

} // namespace retort
