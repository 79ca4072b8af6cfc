// SQLAlchemy constructs written as Python writes them: a type as its repr() spells it, a server
// default as written in a model, and a string literal.
#pragma once

#include "sql/Vocabulary.h"

namespace retort {

/// 'text' with backslashes, quotes, newlines, carriage returns and tabs escaped, as Python's repr().
QString pyStringLiteral(const QString &text);

/// How a type is written: as SQLAlchemy's repr() shows it (for people), or as a revision script
/// writes it (Alembic's render: keyword arguments, "sa." before generic types, empty parentheses).
enum class TypeTextStyle { Repr, Revision };

/// Repr: "String(80)", "Numeric(10, 2)", "DateTime(timezone=True)", "Enum('a', 'b', name='kind')",
/// "postgresql.UUID", without default arguments. Revision: "sa.String(length=80)",
/// "mysql.INTEGER(display_width=11, unsigned=True)", "sa.Float(precision=53)", "sa.Integer()".
QString sqlTypeText(const SqlType &type, TypeTextStyle style = TypeTextStyle::Repr);

/// A server default as written in Python: "'0'", "text('now()')", "func.now()", "true()".
QString serverDefaultText(const ServerDefault &d);

} // namespace retort
