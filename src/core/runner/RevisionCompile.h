// What the online runner (MigrationRunner.cpp) and the offline script (OfflineSql.cpp) compile alike: a
// revision's operations, less the enum types the revision drops itself.
#pragma once

#include "ops/DdlCompiler.h"

#include <QSet>

namespace retort {

/// Enum types a revision drops itself with op.execute("DROP TYPE …"), the usual workaround for Alembic
/// leaving them behind: Retort then does not drop them a second time.
QSet<QString> typesDroppedByScript(const OperationList &ops);

/// Compiles one operation of a revision, leaving out the enum drops the revision does itself.
Result<QList<SqlStatement>> compileInRevision(const DdlCompiler &compiler, const Operation &op, SchemaOracle *oracle,
                                              const QSet<QString> &scriptDrops);

} // namespace retort
