// The names a project's naming convention gives what a revision leaves unnamed. Alembic builds its
// operations' MetaData with target_metadata's naming_convention, so op.create_unique_constraint(None, …),
// sa.Column(..., unique=True) in create_table and op.create_index(None, …) get the names SQLAlchemy's
// naming events make, and a %(constraint_name)s template rewrites names given without op.f().
#pragma once

#include "ops/Operation.h"
#include "project/NamingConvention.h"

namespace retort {

/// Names the operations as SQLAlchemy would under the project's readable convention. Where SQLAlchemy
/// would raise instead (an unnamed constraint under a %(constraint_name)s template, an index with no
/// "ix" template), read->needsPython says so, marked as failing in Alembic too. Constructs whose names
/// Retort does not work out (the CHECK of a Boolean/Enum type under a "ck" template, unique=True or
/// index=True on op.add_column) are left for Python.
void nameByConvention(const NamingConventionUse &use, OperationsRead *read);

/// What a project without a naming_convention has: SQLAlchemy's {"ix": "ix_%(column_0_label)s"}.
NamingConventionUse sqlalchemyDefaultConvention();

} // namespace retort
