// Where a project's SQLAlchemy models are and which Flask-SQLAlchemy it declares: files and facts
// about the project, found without reading the models themselves (models/ModelReader reads them).
#pragma once

#include "project/Project.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace retort {

struct ModelSource
{
    QString file;            ///< relative to the project folder
    int line = 0;
    int column = 0;
};

struct ModelDiagnostic
{
    enum class Severity { Warning, Error };
    Severity severity = Severity::Warning;
    ModelSource source;
    QString message;         ///< what could not be read, and what was assumed or skipped

    QString toString() const
    {
        return QStringLiteral("%1:%2: %3").arg(source.file).arg(source.line).arg(message);
    }
};

/// Which table names Flask-SQLAlchemy generates for models without __tablename__.
enum class FlaskNaming { V3, V2 };

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

/// Folders Python would search for the project's absolute imports when Alembic runs env.py: the
/// project folder, alembic.ini's folder and its prepend_sys_path, the script location's parent.
QStringList modelSearchRoots(const Project &project);

/// path itself when it is a file, else the .py files under it (sorted, __pycache__ left out).
QStringList pythonFilesUnder(const QString &path);

} // namespace retort
