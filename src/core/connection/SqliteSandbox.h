// An in-memory SQLite database that can reach no file: the scratch copy on which previews replay a
// project's statements (offline SQL, the plan dialog, a revision's SQL pane). Whatever a revision
// says (ATTACH, VACUUM INTO, a file-writing PRAGMA, load_extension), it stays inside this memory.
#pragma once

#include "connection/Connection.h"

#include <memory>

namespace retort {

/// Opens ":memory:" in the calling thread and locks it down before anything runs on it: no attached
/// databases (so neither ATTACH nor VACUUM INTO), SQLite's defensive mode, no extension loading, no
/// untrusted schema functions, and an authorizer that refuses ATTACH, DETACH, every PRAGMA that is
/// not a plain read of the schema, and load_extension(). A refused statement fails with SQLite's
/// "not authorized" error, which callers show as the statement failing on the copy.
Result<std::unique_ptr<Connection>> openSqliteSandbox(const QString &purpose);

/// True when a statement failed because the sandbox's authorizer refused it (SQLITE_AUTH).
bool isSandboxRefusal(const QSqlError &error);

} // namespace retort
