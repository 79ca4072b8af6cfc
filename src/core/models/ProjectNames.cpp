#include "models/ProjectNames.h"

#include "models/ModelReading.h"

namespace retort {

ProjectNames::ProjectNames(const QString &projectRoot, const QStringList &searchRoots)
    : m_reading(std::make_unique<modelscan::ModelReading>(projectRoot, searchRoots, FlaskNaming::V3))
{
}

ProjectNames::~ProjectNames() = default;

std::optional<SaValue> ProjectNames::resolve(const PyExpr &use, const QString &qualified)
{
    return m_reading->resolveQualified(use, qualified);
}

} // namespace retort
