// The scratch SQLite database of previews, locked down through the library QSQLITE itself links.
#include "connection/SqliteSandbox.h"

#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

#include <cstring>

namespace retort {

namespace {

// PRAGMAs a replay may need: reading the schema of the scratch database, and the foreign-key switch
// that batch rebuilds turn off and on. None of them names a file or changes how one is written.
bool pragmaAllowed(const char *name)
{
    static const char *const readOnly[] = {"table_info", "table_xinfo", "index_list", "index_info", "index_xinfo",
                                           "foreign_key_list", "foreign_key_check", "schema_version", "user_version",
                                           "table_list", "collation_list", "function_list", "pragma_list",
                                           "compile_options", "encoding", "integrity_check", "quick_check"};
    for (const char *allowed : readOnly) {
        if (sqlite3_stricmp(name, allowed) == 0)
            return true;
    }
    // Setting these changes only the scratch connection's behaviour.
    static const char *const settings[] = {"foreign_keys", "legacy_alter_table", "defer_foreign_keys",
                                           "recursive_triggers", "case_sensitive_like"};
    for (const char *allowed : settings) {
        if (sqlite3_stricmp(name, allowed) == 0)
            return true;
    }
    return false;
}

int authorize(void *, int action, const char *a, const char *b, const char *database, const char *)
{
    switch (action) {
    case SQLITE_ATTACH:
    case SQLITE_DETACH:
        return SQLITE_DENY;
    case SQLITE_PRAGMA:
        return a && pragmaAllowed(a) ? SQLITE_OK : SQLITE_DENY;
    case SQLITE_ALTER_TABLE:
        // Here the database is the first argument (the last one names the column of a DROP COLUMN).
        return a && (std::strcmp(a, "main") == 0 || std::strcmp(a, "temp") == 0) ? SQLITE_OK : SQLITE_DENY;
    case SQLITE_FUNCTION:
        // b is the function's name.
        return b && sqlite3_stricmp(b, "load_extension") == 0 ? SQLITE_DENY : SQLITE_OK;
    default:
        break;
    }
    // Anything that names a database other than the scratch one and its temp schema.
    if (database && std::strcmp(database, "main") != 0 && std::strcmp(database, "temp") != 0)
        return SQLITE_DENY;
    return SQLITE_OK;
}

} // namespace

Result<std::unique_ptr<SqliteSandbox>> SqliteSandbox::open(const QString &purpose, int budgetMs)
{
    Result<std::unique_ptr<Connection>> opened =
        Connection::open(*DatabaseUrl::parse(QStringLiteral("sqlite://")), Connection::Options{false, 10, purpose});
    if (!opened)
        return opened.error();
    std::unique_ptr<SqliteSandbox> sandbox(new SqliteSandbox);
    sandbox->m_connection = std::move(opened.value());
    sandbox->m_budgetMs = budgetMs;
    const QVariant handle = sandbox->m_connection->database().driver()->handle();
    if (qstrcmp(handle.typeName(), "sqlite3*") != 0 || !*static_cast<sqlite3 *const *>(handle.data()))
        return makeError(QStringLiteral("The SQLite driver gave no handle to lock the scratch database down with; "
                                        "Retort does not replay statements without it."));
    sqlite3 *db = *static_cast<sqlite3 *const *>(handle.data());
    int off = 0;
    int on = 1;
    const bool ok = sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0) >= 0
                    && sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, &on) == SQLITE_OK
                    && sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, &off) == SQLITE_OK
                    && sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &off) == SQLITE_OK
                    && sqlite3_enable_load_extension(db, 0) == SQLITE_OK
                    && sqlite3_set_authorizer(db, authorize, nullptr) == SQLITE_OK;
    if (!ok || sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, -1) != 0)
        return makeError(QStringLiteral("Could not lock the scratch SQLite database down: %1.")
                             .arg(QString::fromUtf8(sqlite3_errmsg(db))));
    sandbox->m_clock.start();
    sqlite3_progress_handler(db, 1000, &SqliteSandbox::progress, sandbox.get());
    return sandbox;
}

SqliteSandbox::~SqliteSandbox()
{
    // The handler points at this object: take it away before the connection outlives it anywhere.
    if (m_connection) {
        const QVariant handle = m_connection->database().driver()->handle();
        if (qstrcmp(handle.typeName(), "sqlite3*") == 0 && *static_cast<sqlite3 *const *>(handle.data()))
            sqlite3_progress_handler(*static_cast<sqlite3 *const *>(handle.data()), 0, nullptr, nullptr);
    }
}

int SqliteSandbox::progress(void *self)
{
    const auto *sandbox = static_cast<const SqliteSandbox *>(self);
    return sandbox->m_clock.elapsed() > sandbox->m_budgetMs ? 1 : 0;
}

bool isSandboxRefusal(const QSqlError &error)
{
    return error.nativeErrorCode() == QString::number(SQLITE_AUTH);
}

bool isSandboxTimeout(const QSqlError &error)
{
    return error.nativeErrorCode() == QString::number(SQLITE_INTERRUPT);
}

} // namespace retort
