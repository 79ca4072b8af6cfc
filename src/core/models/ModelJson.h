// ModelSet -> JSON for `retort-cli models --json`, and a SQLAlchemy type in SQLAlchemy's spelling.
#pragma once

#include "models/Model.h"

#include <QJsonObject>

namespace retort {

/// "String(80)", "Numeric(10, 2)", "DateTime(timezone=True)", "Enum('a', 'b', name='kind')",
/// "postgresql.UUID": the type as SQLAlchemy's repr() writes it, without default arguments.
QString sqlTypeText(const SqlType &type);

/// A server default as written in Python: "'0'", "text('now()')", "func.now()", "true()".
QString serverDefaultText(const ServerDefault &d);

QJsonObject modelSetToJson(const ModelSet &set);

} // namespace retort
