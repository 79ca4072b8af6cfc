// SQLAlchemy constructs written as Python writes them: a type as its repr() spells it, a server
// default as written in a model, and a string literal.
#pragma once

#include "sql/Vocabulary.h"

namespace retort {

/// 'text' with backslashes, quotes, newlines, carriage returns and tabs escaped, as Python's repr().
QString pyStringLiteral(const QString &text);

/// "String(80)", "Numeric(10, 2)", "DateTime(timezone=True)", "Enum('a', 'b', name='kind')",
/// "postgresql.UUID": the type as SQLAlchemy's repr() writes it, without default arguments.
QString sqlTypeText(const SqlType &type);

/// A server default as written in Python: "'0'", "text('now()')", "func.now()", "true()".
QString serverDefaultText(const ServerDefault &d);

} // namespace retort
