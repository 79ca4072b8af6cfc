// Backups of a live database before a migration, and putting one back. One provider per engine:
// SQLite — VACUUM INTO a consistent copy, checked with PRAGMA integrity_check; PostgreSQL —
// pg_dump -Fc, checked with pg_restore --list; MySQL/MariaDB — mariadb-dump/mysqldump
// --single-transaction --routines --triggers, checked for a complete dump. Every check also makes
// sure each live table is in the backup. Passwords reach the tools through a 0600 file, never the
// command line. Each backup has a metadata file next to it (BACKUP.retort.json) saying where it
// came from. All calls block: run them off the GUI thread.
#pragma once

#include "Result.h"
#include "connection/Connection.h"

#include <QDateTime>
#include <QStringList>

#include <functional>

namespace retort {

struct BackupInfo
{
    QString path;              ///< the backup file
    Dialect dialect = Dialect::SQLite;
    QString url;               ///< the database's URL, password masked
    QString source;            ///< what identifies the database: "host:port/db" or the SQLite file's path
    QStringList revisions;     ///< the version rows when the backup was taken
    QDateTime created;         ///< UTC
    qint64 size = 0;           ///< bytes
    QString sha256;            ///< of the backup file
    QString tool;              ///< "pg_dump (PostgreSQL) 15.18", "VACUUM INTO (SQLite 3.40.1)"
    QStringList tables;        ///< the tables the backup holds

    QString metadataPath() const { return path + QStringLiteral(".retort.json"); }
    /// "2026-12-01 20:31 UTC, 1.2 MB, at revision 1a2b3c" for prompts.
    QString summary() const;
};

/// Called while a tool works with the bytes written so far; returning false cancels.
using BackupProgress = std::function<bool(qint64 bytes)>;

/// Folder for backups when the user names none: ~/.local/share/retort/backups.
QString defaultBackupFolder();
/// A fresh file name in folder (the default folder when empty): "<database>-<UTC time>-<revision>.<ext>".
QString defaultBackupPath(const Connection &connection, const QStringList &revisions, const QString &folder = {});

/// Takes a backup of the connection's database into path (a file that must not exist yet; empty:
/// defaultBackupPath), checks it, and writes its metadata. The file appears only once complete and
/// checked; on any failure (missing tool, full disk, failed check) nothing is left behind.
Result<BackupInfo> createBackup(const Connection &connection, const QStringList &revisions, const QString &path = {},
                                const BackupProgress &progress = {});

/// Reads a backup's metadata file (path is the backup itself).
Result<BackupInfo> readBackupInfo(const QString &path);

/// Checks that the backup file is intact: its SHA-256 matches the metadata and the engine's own
/// check passes.
Status verifyBackup(const BackupInfo &backup);

/// Refuses a restore into a database other than the one the backup came from.
Status checkRestoreTarget(const Connection &connection, const BackupInfo &backup);

/// Puts the backup back into the connection's database: afterwards it holds exactly the backup's
/// tables and rows (tables created since are dropped). PostgreSQL restores in one transaction and
/// SQLite in one step; MySQL/MariaDB run the dump's statements, which commit one by one.
Status restoreBackup(const Connection &connection, const BackupInfo &backup, const BackupProgress &progress = {});

/// What identifies a database in a backup's metadata: "host:port/db", or the SQLite file's path.
QString backupSource(const DatabaseUrl &url);

/// The backups of url's database found in folders (each read once, not searched below), newest
/// first. A backup is a file with Retort's metadata next to it; links, and metadata without its file,
/// are passed over, and unreadable metadata is named in problems (file: why).
QList<BackupInfo> findBackups(const DatabaseUrl &url, const QStringList &folders, QStringList *problems = nullptr);

/// Every backup of the connection's database: in the default folder and in every folder its run log
/// says a run backed up into (versionSchema: where an earlier log may be); folders (when given) gets
/// the folders searched, the default first.
QList<BackupInfo> findDatabaseBackups(const Connection &connection, const QString &versionSchema, QStringList *folders = nullptr,
                                      QStringList *problems = nullptr);

/// Deletes a backup file and its metadata; refuses a link, or a file with no Retort metadata.
Status deleteBackup(const QString &path);

/// The tables of the connection's database (schema-qualified on PostgreSQL outside the search path's first schema).
Result<QStringList> liveTableNames(const Connection &connection);

} // namespace retort
