// Tokenizer for the subset of Python that configuration files, models and revision scripts use.
// It never fails hard: anything it cannot read becomes an Error token carrying a message and its span.
#pragma once

#include "python/SourceSpan.h"

#include <QList>
#include <QString>

namespace retort {

struct PyToken
{
    enum class Kind { Name, Number, String, Operator, Newline, Indent, Dedent, EndMarker, Error };
    Kind kind = Kind::EndMarker;
    /// Operators: the binary precedence class (1 "|", 2 "^", 3 "&", 4 shifts, 5 "+ -", 6 "* / // % @"), else 0.
    /// Names: 1 when the name is a Python keyword, else 0. Lets the parser decide without comparing strings.
    quint8 code = 0;
    QString text;       ///< the source text of the token (for Error: the message)
    SourceSpan span;

    bool is(Kind k, QStringView t) const { return kind == k && text == t; }
    bool isOperator(QStringView t) const { return is(Kind::Operator, t); }
    bool isName(QStringView t) const { return is(Kind::Name, t); }
};

/// Splits Python source into tokens, following the language's rules for indentation,
/// bracket nesting, line continuation and string prefixes. Comments are dropped.
QList<PyToken> tokenizePython(const QString &source);

/// The value of a string literal token: prefixes, quotes and escapes handled.
/// Returns false for f-strings (their value is computed at run time) and bytes with non-ASCII escapes.
bool decodePyStringLiteral(const QString &tokenText, QString *value);

} // namespace retort
