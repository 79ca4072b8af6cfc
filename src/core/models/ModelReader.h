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

/// Reads entryFiles and the project modules they import (searched under searchRoots).
ModelSet readModelFiles(const QString &projectRoot, const QStringList &entryFiles, const QStringList &searchRoots,
                        FlaskNaming naming);

/// Finds and reads the project's models.
ModelSet readProjectModels(const Project &project, const ModelReaderOptions &options = {});

/// Reads the models in options.modelPaths (files or folders, relative to root) without an Alembic
/// project: imports resolve from root, where a declared Flask-SQLAlchemy version is also looked for.
ModelSet readModelPaths(const QString &root, const ModelReaderOptions &options);

} // namespace retort
