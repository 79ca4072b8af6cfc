// Reads the operations of a revision script's upgrade() and downgrade() without running Python.
// Only a declarative subset is interpreted (op.* / batch_op.* calls with SQLAlchemy constructs and
// literal arguments); anything else stops the reading at that construct with its position and a
// reason, so the revision is never run on a guess.
#pragma once

#include "ops/Operation.h"
#include "ops/SaExpression.h"
#include "python/PyAst.h"

#include <functional>
#include <optional>

namespace retort {

/// Reads both functions of a revision script.
RevisionOperations readRevisionOperations(const QString &source);
/// From the file's bytes, decoded as Python decodes them (a file Python refuses needs Python, with the reason).
RevisionOperations readRevisionFileOperations(const QByteArray &bytes);
RevisionOperations readRevisionOperations(const PyModule &module);
/// The operations of two named functions (multi-database projects: upgrade_<bind>, downgrade_<bind>).
RevisionOperations readRevisionOperations(const PyModule &module, const QString &upgradeName, const QString &downgradeName);
RevisionOperations readRevisionFileOperations(const QByteArray &bytes, const QString &upgradeName, const QString &downgradeName);

/// Resolves names the revision imports from outside Alembic and SQLAlchemy (the project's own types
/// and constants: ProjectNames); without one, their use needs Python.
using RevisionNameResolver = std::function<std::optional<SaValue>(const PyExpr &use, const QString &qualified)>;
RevisionOperations readRevisionFileOperations(const QByteArray &bytes, const QString &upgradeName, const QString &downgradeName,
                                              const RevisionNameResolver &resolver);

/// Reads one top-level function (upgrade, downgrade) of a parsed module. A missing function is
/// treated as Alembic treats it: an AttributeError when run, so it needs Python.
OperationsRead readOperations(const PyModule &module, const QString &functionName);

} // namespace retort
