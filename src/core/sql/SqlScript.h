// SQL text as the SQL console needs it: split into statements the way each engine's own lexer sees
// them (strings with their escapes, quoted names, comments, PostgreSQL's dollar quotes and nested
// comments, SQLite's trigger bodies), the statement under the cursor, and what a statement does: a
// query that only reads, or something that writes (data, schema, session). The console runs one
// statement at a time and, in its read-only mode, only queries; where this splitter and the server
// could disagree, the disagreement makes more statements here, never fewer, so text that would run
// two statements on the server is refused, not run.
#pragma once

#include "Result.h"
#include "connection/DatabaseUrl.h"

#include <QList>
#include <QString>

#include <optional>

namespace retort::sql {

struct StatementSpan
{
    qsizetype start = 0;   ///< first character of the statement (after leading blanks)
    qsizetype end = 0;     ///< one past its last character, before the ';'
    QString text;          ///< text.mid(start, end - start): the statement without its ';'
};

/// The statements of a script, in order; empty statements (only blanks, comments or ';') are left out.
QList<StatementSpan> splitStatements(const QString &script, Dialect dialect);

/// The statement the cursor (a character offset) is in, or the one that ends just before it on the
/// same line; nothing when the cursor is in blank space between statements.
std::optional<StatementSpan> statementAt(const QString &script, qsizetype cursor, Dialect dialect);

enum class StatementKind {
    Query,        ///< reads only: SELECT, WITH … SELECT, VALUES, SHOW, EXPLAIN (without ANALYZE), reading PRAGMAs
    DataChange,   ///< INSERT, UPDATE, DELETE, MERGE, REPLACE, COPY, a WITH that changes rows, SELECT … INTO
    Schema,       ///< CREATE, ALTER, DROP, TRUNCATE, RENAME, COMMENT, GRANT, REVOKE, VACUUM, …
    Other,        ///< transactions, SET, ATTACH, CALL, DO, writing PRAGMAs, anything not known
};

/// What one statement does (its first word, and for queries, nothing in them that writes).
StatementKind classifyStatement(const QString &statement, Dialect dialect);
/// "query", "data change", "schema change", "statement" for messages.
QString kindName(StatementKind kind);

/// What the console would run of text: its one statement and what it does, or why it runs none (no
/// statement, several, or, read-only, anything but a query). The window asks before it sends, and the
/// console's session checks again, with this one rule.
struct ConsoleStatement
{
    QString sql;
    StatementKind kind = StatementKind::Query;
};
Result<ConsoleStatement> consoleStatement(const QString &text, Dialect dialect, bool allowWrites);

} // namespace retort::sql
