// SQLite backups through the library itself (the same libsqlite3 QSQLITE uses): VACUUM INTO writes
// a consistent, compact copy while other connections go on reading; the online backup API puts a
// copy back page by page under one exclusive lock, so a reader never sees half a database.
#include "runner/BackupProviders.h"

#include "runner/ExternalTool.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QThread>

#include <sqlite3.h>

namespace retort::backup {

namespace {

// An sqlite3 handle that closes itself.
class Handle
{
public:
    Handle() = default;
    ~Handle()
    {
        if (m_db)
            sqlite3_close_v2(m_db);
    }
    Handle(const Handle &) = delete;
    Handle &operator=(const Handle &) = delete;

    Status open(const QString &path, bool writable)
    {
        const int flags = writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
        if (sqlite3_open_v2(path.toUtf8().constData(), &m_db, flags, nullptr) != SQLITE_OK)
            return makeError(QStringLiteral("Cannot open %1: %2.").arg(path, error()));
        sqlite3_busy_timeout(m_db, 10000);
        return Status();
    }
    sqlite3 *get() const { return m_db; }
    QString error() const { return m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QStringLiteral("out of memory"); }

private:
    sqlite3 *m_db = nullptr;
};

// Runs a statement that returns text rows; collects the first column.
Result<QStringList> textRows(const Handle &db, const char *sql)
{
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(db.get(), sql, -1, &stmt, nullptr) != SQLITE_OK)
        return makeError(db.error());
    QStringList rows;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        rows << QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)));
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
        return makeError(db.error());
    return rows;
}

struct ProgressState
{
    const BackupProgress *progress = nullptr;
    QString watched;
    QElapsedTimer sinceReport;
};

int progressHandler(void *context)
{
    auto *state = static_cast<ProgressState *>(context);
    if (state->sinceReport.elapsed() < 250)
        return 0;
    state->sinceReport.restart();
    return (*state->progress)(fileSize(state->watched)) ? 0 : 1;
}

} // namespace

Status sqliteCheck(const QString &path, QStringList *tables)
{
    Handle db;
    if (Status problem = db.open(path, false); !problem)
        return problem;
    Result<QStringList> integrity = textRows(db, "PRAGMA integrity_check");
    if (!integrity)
        return makeError(QStringLiteral("%1 is not a readable SQLite database: %2").arg(path, integrity.error().message));
    if (*integrity != QStringList{QStringLiteral("ok")})
        return makeError(QStringLiteral("%1 fails PRAGMA integrity_check: %2").arg(path, integrity->join(QStringLiteral("; ")).left(500)));
    Result<QStringList> names = textRows(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
    if (!names)
        return names.error();
    *tables = *names;
    tables->sort();
    return Status();
}

Status sqliteDump(const Connection &connection, const QString &partialPath, BackupInfo *info, const BackupProgress &progress)
{
    Result<QStringList> live = liveTableNames(connection);
    if (!live)
        return live.error();
    Handle db;
    if (Status problem = db.open(connection.url().database(), false); !problem)
        return problem;
    ProgressState state{&progress, partialPath, {}};
    state.sinceReport.start();
    if (progress)
        sqlite3_progress_handler(db.get(), 10000, progressHandler, &state);
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(db.get(), "VACUUM INTO ?", -1, &stmt, nullptr) != SQLITE_OK)
        return makeError(QStringLiteral("VACUUM INTO is not available: %1.").arg(db.error()));
    const QByteArray target = partialPath.toUtf8();
    sqlite3_bind_text(stmt, 1, target.constData(), int(target.size()), SQLITE_TRANSIENT);
    const int rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) {
        if (rc == SQLITE_INTERRUPT)
            return makeError(QStringLiteral("the backup was cancelled."));
        return makeError(QStringLiteral("SQLite could not write %1: %2.").arg(partialPath, db.error()));
    }
    info->tool = QStringLiteral("VACUUM INTO (SQLite %1)").arg(QString::fromLatin1(sqlite3_libversion()));
    if (Status problem = sqliteCheck(partialPath, &info->tables); !problem)
        return problem;
    return requireAllTables(*live, info->tables, QStringLiteral("The copy"));
}

Status sqliteRestore(const Connection &connection, const BackupInfo &backup)
{
    Handle source;
    if (Status problem = source.open(backup.path, false); !problem)
        return problem;
    Handle target;
    if (Status problem = target.open(connection.url().database(), true); !problem)
        return problem;
    sqlite3_backup *copy = sqlite3_backup_init(target.get(), "main", source.get(), "main");
    if (!copy)
        return makeError(QStringLiteral("SQLite cannot restore into %1: %2.").arg(connection.url().database(), target.error()));
    // Another connection writing keeps the database busy: wait for it, then copy everything at once.
    const QDeadlineTimer deadline(30000);
    int rc;
    while ((rc = sqlite3_backup_step(copy, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        if (deadline.hasExpired())
            break;
        QThread::msleep(100);
    }
    sqlite3_backup_finish(copy);
    if (rc != SQLITE_DONE)
        return makeError(QStringLiteral("SQLite could not restore %1 into %2: %3. The database was not changed.")
                             .arg(backup.path, connection.url().database(), target.error()));
    Result<QStringList> integrity = textRows(target, "PRAGMA integrity_check");
    if (!integrity || *integrity != QStringList{QStringLiteral("ok")})
        return makeError(QStringLiteral("The restored database fails PRAGMA integrity_check; the backup file %1 is unchanged.")
                             .arg(backup.path));
    return Status();
}

} // namespace retort::backup
