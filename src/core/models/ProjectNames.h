// Names a revision imports from the project's own modules, read the way the model reader reads them
// (without importing anything): a TypeDecorator is the type its impl or load_dialect_impl() gives on
// each dialect, a module-level literal is its value, a Python enum is its members' names. Revisions
// that use such names then run without Python; anything else from the project still needs it.
#pragma once

#include "ops/SaExpression.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace retort {

namespace modelscan {
class ModelReading;
}

class ProjectNames
{
public:
    /// projectRoot: modules outside it are never read; searchRoots: where imports are looked for.
    ProjectNames(const QString &projectRoot, const QStringList &searchRoots);
    ~ProjectNames();
    ProjectNames(const ProjectNames &) = delete;
    ProjectNames &operator=(const ProjectNames &) = delete;

    /// For SaExpressionOptions::resolve: use is the revision's expression (a name or a call of one),
    /// qualified the dotted name its imports give it.
    std::optional<SaValue> resolve(const PyExpr &use, const QString &qualified);

private:
    std::unique_ptr<modelscan::ModelReading> m_reading;
};

} // namespace retort
