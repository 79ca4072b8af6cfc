// The per-engine halves of Backup.cpp: each writes its backup to a file and checks it, and restores.
#pragma once

#include "runner/Backup.h"

namespace retort::backup {

/// Writes the backup to partialPath (which the caller renames once checked) and fills info->tool
/// and info->tables. The check (engine's own plus every live table present) runs here too.
Status sqliteDump(const Connection &connection, const QString &partialPath, BackupInfo *info, const BackupProgress &progress);
Status postgresDump(const Connection &connection, const QString &partialPath, BackupInfo *info, const BackupProgress &progress);
Status mysqlDump(const Connection &connection, const QString &partialPath, BackupInfo *info, const BackupProgress &progress);

/// The engine's own check of a finished backup file; fills tables with what it holds.
Status sqliteCheck(const QString &path, QStringList *tables);
Status postgresCheck(const QString &path, QStringList *tables);
Status mysqlCheck(const QString &path, QStringList *tables);

Status sqliteRestore(const Connection &connection, const BackupInfo &backup);
Status postgresRestore(const Connection &connection, const BackupInfo &backup, const BackupProgress &progress);
Status mysqlRestore(const Connection &connection, const BackupInfo &backup, const BackupProgress &progress);

struct ToolCall;

/// Runs a dump tool (call writes call.watchFile), records its --version as info->tool, then checks
/// the file with check and that every live table is in it.
Status runDump(const ToolCall &call, const Connection &connection, const QStringList &live, BackupInfo *info,
               Status (*check)(const QString &, QStringList *), const BackupProgress &progress);

/// "the backup lacks tables a, b" when a live table is missing from the backup's list.
Status requireAllTables(const QStringList &live, const QStringList &inBackup, const QString &what);

} // namespace retort::backup
