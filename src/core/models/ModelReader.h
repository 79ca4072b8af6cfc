// Reads SQLAlchemy and Flask-SQLAlchemy models without running Python: the tables SQLAlchemy would
// put in its MetaData, with the file and line of every class, column, constraint and index. What
// cannot be known without running the application (a computed __tablename__, a column a function
// builds, a type from another package) is reported as a diagnostic that says what was assumed or
// skipped; it is never guessed.
#pragma once

#include "models/Model.h"
#include "project/Project.h"

#include <optional>

namespace retort {

struct ModelReaderOptions
{
    std::optional<FlaskNaming> flaskNaming;   ///< empty: the project's declared Flask-SQLAlchemy version, else 3.x
    QStringList modelPaths;                   ///< files or package folders to read (empty: found from the project)
};

/// The files to read: the configured paths ([tool.retort] models in pyproject.toml, or [retort]
/// models in alembic.ini), else the module env.py takes target_metadata from, else the project's
/// Python files that define models. how says which, for messages.
struct ModelFiles
{
    QStringList files;          ///< absolute paths
    QString how;
    QList<ModelDiagnostic> diagnostics;
};
ModelFiles findModelFiles(const Project &project);

/// Flask-SQLAlchemy's version as the project declares it (requirements*.txt, pyproject.toml,
/// Pipfile, setup.cfg, setup.py): the naming rule it implies and the place that says so.
std::optional<std::pair<FlaskNaming, QString>> declaredFlaskNaming(const QString &projectRoot);

/// The file Python would import as dotted ("app.models": app/models.py or app/models/__init__.py)
/// from the first of searchRoots that has it; empty when none has.
QString pythonModuleFile(const QStringList &searchRoots, const QString &dotted);

/// Reads entryFiles and the project modules they import (searched under searchRoots).
ModelSet readModelFiles(const QString &projectRoot, const QStringList &entryFiles, const QStringList &searchRoots,
                        FlaskNaming naming);

/// Finds and reads the project's models.
ModelSet readProjectModels(const Project &project, const ModelReaderOptions &options = {});

} // namespace retort
