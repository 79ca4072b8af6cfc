// Whether the project's own code gives SQLAlchemy a naming_convention. Alembic's operations take it
// from target_metadata, so it decides the names of constraints a revision leaves unnamed; Retort
// does not evaluate the application, so it has to know when that is the case.
#pragma once

#include "project/Project.h"

#include <QHash>

#include <optional>

namespace retort {

struct NamingConventionUse
{
    QString path;                    ///< relative to the project folder
    int line = 0;
    bool readable = false;           ///< the convention is a literal dict Retort could read
    bool renamesNamedConstraints = true;   ///< a template uses %(constraint_name)s (assumed when not readable)
    QStringList keys;                ///< readable: the kinds it names ("pk", "fk", "uq", "ck", "ix")
    QStringList renamingKeys;        ///< readable: the kinds whose template uses %(constraint_name)s
    QHash<QString, QString> templates;   ///< readable: kind -> template

    /// Whether an unnamed constraint of this kind ("pk", "fk", "uq", "ck", "ix") gets its name from it.
    bool namesUnnamed(const QString &kind) const { return !readable || keys.contains(kind) || kind == QLatin1String("ix"); }
    /// Whether a name given without op.f() to a constraint of this kind (empty: of a kind not known)
    /// goes through the convention: only where that kind's template uses %(constraint_name)s.
    bool renamesNamed(const QString &kind) const
    {
        return renamesNamedConstraints && (!readable || kind.isEmpty() || renamingKeys.contains(kind));
    }
};

/// The first `naming_convention=` (or `naming_convention = …`) in the project's Python files outside
/// its revision folders, virtual environments and hidden folders; empty when there is none.
std::optional<NamingConventionUse> findNamingConvention(const Project &project);

} // namespace retort
