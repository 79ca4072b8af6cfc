// One function of one revision checked operation by operation against the schema just before each
// operation (the linter's rules about operations), the operations applied to that schema as they go.
// lintHistory (MigrationLint.cpp) walks the history with it.
#pragma once

#include "lint/MigrationLint.h"
#include "ops/Operation.h"

namespace retort {

class SchemaApplier;
struct RevisionScript;

/// Checks ops, the upgrade() (or downgrade()) of script, for dialect and appends the findings to out
/// (null: none are kept); neutral: the rules for every engine too. Applies ops to state; false when
/// one could not be applied, so the schema after them is not known.
bool lintOperations(const LintOptions &options, Dialect dialect, bool neutral, const RevisionScript &script, bool upgrade,
                    const OperationList &ops, SchemaApplier &state, QList<LintFinding> *out);

/// Whether an operation changes the schema (SQL text that does included).
bool isSchemaOperation(const Operation &op);

/// A finding of a rule of the catalogue, with the rule's severity, engine, reason and safer way.
LintFinding lintFinding(const QString &ruleId, const RevisionScript *script, const QString &file, int line, const QString &message);

} // namespace retort
