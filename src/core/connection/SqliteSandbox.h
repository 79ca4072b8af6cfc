// An in-memory SQLite database that can reach no file: the scratch copy on which previews replay a
// project's statements (offline SQL, the plan dialog, a revision's SQL pane). Whatever a revision
// says (ATTACH, VACUUM INTO, a file-writing PRAGMA, load_extension), it stays inside this memory.
#pragma once

#include "connection/Connection.h"

#include <QElapsedTimer>

#include <memory>

namespace retort {

/// An in-memory database locked down before anything runs on it: no attached databases (so neither
/// ATTACH nor VACUUM INTO), SQLite's defensive mode, no extension loading, no untrusted schema
/// functions, and an authorizer that refuses ATTACH, DETACH, every PRAGMA that is not a plain read of
/// the schema or a session switch, and load_extension(). A refused statement fails with SQLite's "not
/// authorized" error (isSandboxRefusal). All statements together get a time budget: past it, each one
/// is interrupted (isSandboxTimeout), so a revision's endless query cannot hang a preview.
class SqliteSandbox
{
public:
    /// Opens the sandbox in the calling thread, which must use and destroy it.
    static Result<std::unique_ptr<SqliteSandbox>> open(const QString &purpose, int budgetMs = kDefaultBudgetMs);
    ~SqliteSandbox();
    SqliteSandbox(const SqliteSandbox &) = delete;
    SqliteSandbox &operator=(const SqliteSandbox &) = delete;

    const Connection &connection() const { return *m_connection; }
    int budgetMs() const { return m_budgetMs; }

    static constexpr int kDefaultBudgetMs = 60000;

private:
    SqliteSandbox() = default;
    static int progress(void *self);

    std::unique_ptr<Connection> m_connection;
    QElapsedTimer m_clock;
    int m_budgetMs = kDefaultBudgetMs;
};

/// True when a statement failed because the sandbox's authorizer refused it (SQLITE_AUTH).
bool isSandboxRefusal(const QSqlError &error);
/// True when a statement was interrupted because the sandbox's time budget ran out.
bool isSandboxTimeout(const QSqlError &error);

} // namespace retort
