// op.* and batch_op.* calls bound from Alembic's signatures (OpBindings.cpp). Internal to core/ops.
#pragma once

#include "ops/SaEvaluator.h"

namespace retort {

/// Binds one op.* / batch_op.* call and appends its Operation to ops (batch: the enclosing
/// batch_alter_table, which names the table). Returns the call's value: a table for
/// op.create_table(), a string for op.f(), None otherwise. Fails (throws Unsupported) outside the subset.
SaValue bindOperation(SaEvaluator &sa, const PyExpr &call, OperationList *ops, const Operation *batch);
/// The Batch operation of 'with op.batch_alter_table(...) as batch_op', without its body.
Operation bindBatchAlterTable(SaEvaluator &sa, const PyExpr &call);

} // namespace retort
