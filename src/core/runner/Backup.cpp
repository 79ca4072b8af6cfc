// What every engine's backup shares: file naming, the write-to-partial-then-rename rule, metadata,
// and the checks before a restore. The engines' own work is in the *Backup.cpp files.
#include "runner/Backup.h"

#include "runner/BackupProviders.h"
#include "runner/ExternalTool.h"
#include "runner/PrivateFile.h"
#include "runner/RunLog.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>
#include <QStandardPaths>

namespace retort {

QString backupSource(const DatabaseUrl &url)
{
    if (url.dialect() == Dialect::SQLite) {
        const QFileInfo file(url.database());
        return file.exists() ? file.canonicalFilePath() : file.absoluteFilePath();
    }
    return url.serverLabel() + QLatin1Char('/') + url.database();
}

namespace {

QString sizeText(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat);
}

Status writeMetadata(const BackupInfo &info)
{
    QJsonObject o;
    o.insert(QStringLiteral("format"), QStringLiteral("retort-backup-1"));
    o.insert(QStringLiteral("dialect"), dialectKey(info.dialect));
    o.insert(QStringLiteral("url"), info.url);
    o.insert(QStringLiteral("source"), info.source);
    o.insert(QStringLiteral("revisions"), QJsonArray::fromStringList(info.revisions));
    o.insert(QStringLiteral("created"), info.created.toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("size"), double(info.size));
    o.insert(QStringLiteral("sha256"), info.sha256);
    o.insert(QStringLiteral("tool"), info.tool);
    o.insert(QStringLiteral("tables"), QJsonArray::fromStringList(info.tables));
    o.insert(QStringLiteral("file"), QFileInfo(info.path).fileName());
    return backup::writeNewPrivateFile(info.metadataPath(), QJsonDocument(o).toJson(QJsonDocument::Indented));
}

QStringList stringList(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &v : value.toArray())
        out << v.toString();
    return out;
}

} // namespace

QString BackupInfo::summary() const
{
    return QStringLiteral("%1, %2, at %3").arg(created.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")), sizeText(size),
                                               revisions.isEmpty() ? QStringLiteral("base (no revision)")
                                                                   : QStringLiteral("revision ") + revisions.join(QStringLiteral(", ")));
}

QString defaultBackupFolder()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)).filePath(QStringLiteral("retort/backups"));
}

QString defaultBackupPath(const Connection &connection, const QStringList &revisions, const QString &folder)
{
    const DatabaseUrl &url = connection.url();
    QString base = url.dialect() == Dialect::SQLite ? QFileInfo(url.database()).completeBaseName() : url.database();
    base.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]")), QStringLiteral("_"));
    if (base.isEmpty())
        base = QStringLiteral("database");
    const QString extension = url.dialect() == Dialect::SQLite ? QStringLiteral("sqlite")
                              : url.dialect() == Dialect::PostgreSQL ? QStringLiteral("dump") : QStringLiteral("sql");
    const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    const QString at = revisions.isEmpty() ? QStringLiteral("base") : revisions.join(QLatin1Char('+')).left(40);
    const QDir dir(folder.isEmpty() ? defaultBackupFolder() : folder);
    QString name = QStringLiteral("%1-%2-%3.%4").arg(base, stamp, at, extension);
    for (int n = 2; QFileInfo::exists(dir.filePath(name)); ++n)
        name = QStringLiteral("%1-%2-%3-%4.%5").arg(base, stamp, at, QString::number(n), extension);
    return dir.filePath(name);
}

Result<QStringList> liveTableNames(const Connection &connection)
{
    QSqlQuery q(connection.database());
    QString sql;
    switch (connection.dialect()) {
    case Dialect::SQLite:
        sql = QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
        break;
    case Dialect::PostgreSQL:
        sql = QStringLiteral("SELECT schemaname || '.' || tablename FROM pg_catalog.pg_tables "
                             "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND schemaname NOT LIKE 'pg\\_%'");
        break;
    case Dialect::MySQL:
        sql = QStringLiteral("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() "
                             "AND table_type = 'BASE TABLE'");
        break;
    }
    if (!q.exec(sql))
        return connection.queryError(QStringLiteral("Could not list the tables to back up"), q.lastError(), sql);
    QStringList names;
    while (q.next())
        names << q.value(0).toString();
    names.sort();
    return names;
}

Result<BackupInfo> createBackup(const Connection &connection, const QStringList &revisions, const QString &requestedPath,
                                const BackupProgress &progress)
{
    const DatabaseUrl &url = connection.url();
    if (url.dialect() == Dialect::SQLite && url.isSqliteMemory())
        return makeError(QStringLiteral("An in-memory SQLite database cannot be backed up to a file."));
    BackupInfo info;
    info.path = QFileInfo(requestedPath.isEmpty() ? defaultBackupPath(connection, revisions) : requestedPath).absoluteFilePath();
    info.dialect = url.dialect();
    info.url = url.toDisplayString();
    info.source = backupSource(url);
    info.revisions = revisions;
    info.created = QDateTime::currentDateTimeUtc();

    // Backups hold every row: the folder Retort makes is 0700 and every file 0600, created where nothing
    // stood (a planted link is refused, never written through) and moved into place without replacing.
    const QFileInfo target(info.path);
    for (const QString &taken : {info.path, info.metadataPath()}) {
        if (backup::entryExists(taken))
            return makeError(QStringLiteral("%1 already exists; Retort never overwrites a backup or its metadata. Name another file.")
                                 .arg(taken));
    }
    if (Status problem = backup::makePrivateFolder(target.absolutePath()); !problem)
        return problem.error();
    const QString partial = info.path + QStringLiteral(".partial");
    QFile::remove(partial);   // a crashed run's leftover (or a link): removed, never followed
    if (Status problem = backup::createPrivateFile(partial); !problem) {
        Error e = problem.error();
        e.message = QStringLiteral("The backup of %1 failed: %2").arg(info.url, e.message);
        return e;
    }

    Status problem;
    switch (url.dialect()) {
    case Dialect::SQLite: problem = backup::sqliteDump(connection, partial, &info, progress); break;
    case Dialect::PostgreSQL: problem = backup::postgresDump(connection, partial, &info, progress); break;
    case Dialect::MySQL: problem = backup::mysqlDump(connection, partial, &info, progress); break;
    }
    if (problem.ok()) {
        Result<QString> sha = backup::fileSha256(partial);
        if (!sha)
            problem = sha.error();
        else
            info.sha256 = *sha;
        info.size = backup::fileSize(partial);
    }
    bool renamed = false;
    if (problem.ok()) {
        problem = backup::moveWithoutReplacing(partial, info.path);
        renamed = problem.ok();
    }
    if (problem.ok())
        problem = writeMetadata(info);
    if (!problem.ok()) {
        QFile::remove(partial);
        if (renamed)
            QFile::remove(info.path);   // a backup without metadata cannot be restored safely
        Error e = problem.error();
        e.message = QStringLiteral("The backup of %1 failed: %2").arg(info.url, e.message);
        return e;
    }
    return info;
}

Result<BackupInfo> readBackupInfo(const QString &path)
{
    BackupInfo info;
    info.path = QFileInfo(path).absoluteFilePath();
    if (!QFileInfo(info.path).isFile())
        return makeError(QStringLiteral("There is no backup file at %1.").arg(info.path));
    QFile file(info.metadataPath());
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("%1 has no Retort metadata next to it (%2), so Retort cannot tell which database it "
                                        "belongs to.").arg(info.path, QFileInfo(info.metadataPath()).fileName()));
    QJsonParseError parseError;
    const QJsonObject o = QJsonDocument::fromJson(file.readAll(), &parseError).object();
    if (parseError.error != QJsonParseError::NoError || o.value(QStringLiteral("format")).toString() != QLatin1String("retort-backup-1"))
        return makeError(QStringLiteral("The metadata file %1 is damaged or not Retort's.").arg(info.metadataPath()));
    const QString dialect = o.value(QStringLiteral("dialect")).toString();
    if (dialect == QLatin1String("sqlite")) info.dialect = Dialect::SQLite;
    else if (dialect == QLatin1String("postgresql")) info.dialect = Dialect::PostgreSQL;
    else if (dialect == QLatin1String("mysql")) info.dialect = Dialect::MySQL;
    else return makeError(QStringLiteral("The metadata file %1 names an unknown engine '%2'.").arg(info.metadataPath(), dialect));
    info.url = o.value(QStringLiteral("url")).toString();
    info.source = o.value(QStringLiteral("source")).toString();
    info.revisions = stringList(o.value(QStringLiteral("revisions")));
    info.created = QDateTime::fromString(o.value(QStringLiteral("created")).toString(), Qt::ISODateWithMs);
    info.size = qint64(o.value(QStringLiteral("size")).toDouble());
    info.sha256 = o.value(QStringLiteral("sha256")).toString();
    info.tool = o.value(QStringLiteral("tool")).toString();
    info.tables = stringList(o.value(QStringLiteral("tables")));
    return info;
}

Status verifyBackup(const BackupInfo &backup)
{
    Result<QString> sha = backup::fileSha256(backup.path);
    if (!sha)
        return sha.error();
    if (*sha != backup.sha256)
        return makeError(QStringLiteral("The backup %1 has changed since it was taken (its SHA-256 no longer matches the "
                                        "metadata); Retort will not restore it.").arg(backup.path));
    QStringList tables;
    Status problem;
    switch (backup.dialect) {
    case Dialect::SQLite: problem = backup::sqliteCheck(backup.path, &tables); break;
    case Dialect::PostgreSQL: problem = backup::postgresCheck(backup.path, &tables); break;
    case Dialect::MySQL: problem = backup::mysqlCheck(backup.path, &tables); break;
    }
    if (!problem.ok())
        return problem;
    return backup::requireAllTables(backup.tables, tables, backup.path);
}

QList<BackupInfo> findBackups(const DatabaseUrl &url, const QStringList &folders, QStringList *problems)
{
    const QString source = backupSource(url);
    const QString suffix = QStringLiteral(".retort.json");
    QList<BackupInfo> found;
    QSet<QString> seen;
    for (const QString &folder : folders) {
        const QDir dir(folder);
        const QFileInfoList metadata = dir.entryInfoList({QStringLiteral("*") + suffix}, QDir::Files | QDir::Hidden | QDir::NoSymLinks, QDir::Name);
        for (const QFileInfo &meta : metadata) {
            const QString path = meta.absoluteFilePath().chopped(suffix.size());
            const QFileInfo file(path);
            if (file.isSymLink() || !file.isFile() || seen.contains(file.canonicalFilePath()))
                continue;
            seen.insert(file.canonicalFilePath());
            Result<BackupInfo> info = readBackupInfo(path);
            if (!info) {
                if (problems)
                    *problems << info.error().toString();
                continue;
            }
            if (info->dialect == url.dialect() && info->source == source)
                found << *info;
        }
    }
    std::sort(found.begin(), found.end(), [](const BackupInfo &a, const BackupInfo &b) {
        return a.created != b.created ? a.created > b.created : a.path < b.path;
    });
    return found;
}

QList<BackupInfo> findDatabaseBackups(const Connection &connection, const QString &versionSchema, QStringList *folders,
                                      QStringList *problems)
{
    QStringList searched{defaultBackupFolder()};
    if (Result<QList<RunLogEntry>> log = runlog::readAll(connection, versionSchema)) {
        for (const RunLogEntry &e : *log) {
            if (e.step == 0 && e.command != QLatin1String("restore") && !e.backupPath.isEmpty()) {
                const QString folder = QFileInfo(e.backupPath).absolutePath();
                if (!searched.contains(folder))
                    searched << folder;
            }
        }
    } else if (problems) {
        *problems << log.error().toString();
    }
    if (folders)
        *folders = searched;
    return findBackups(connection.url(), searched, problems);
}

Status deleteBackup(const QString &path)
{
    const QFileInfo file(path);
    const QFileInfo meta(path + QStringLiteral(".retort.json"));
    if (file.isSymLink() || meta.isSymLink())
        return makeError(QStringLiteral("%1 is a link; Retort deletes only backup files it can see whole.").arg(path));
    if (!file.isFile() || !meta.isFile())
        return makeError(QStringLiteral("%1 is not a backup with Retort's metadata next to it; nothing was deleted.").arg(path));
    QFile backup(file.absoluteFilePath());
    if (!backup.remove())
        return makeError(QStringLiteral("Could not delete %1: %2").arg(path, backup.errorString()));
    QFile metadata(meta.absoluteFilePath());
    if (!metadata.remove())
        return makeError(QStringLiteral("Deleted %1 but not its metadata %2: %3").arg(path, meta.fileName(), metadata.errorString()));
    return Status();
}

Status checkRestoreTarget(const Connection &connection, const BackupInfo &backup)
{
    if (connection.dialect() != backup.dialect)
        return makeError(QStringLiteral("The backup %1 is of a %2 database; this is a %3 database.")
                             .arg(backup.path, dialectDisplayName(backup.dialect), dialectDisplayName(connection.dialect())));
    const QString here = backupSource(connection.url());
    if (here != backup.source)
        return makeError(QStringLiteral("The backup %1 was taken from %2, not from %3; Retort restores a backup only into "
                                        "the database it came from.").arg(backup.path, backup.source, here));
    return Status();
}

Status restoreBackup(const Connection &connection, const BackupInfo &backup, const BackupProgress &progress)
{
    if (Status problem = checkRestoreTarget(connection, backup); !problem)
        return problem;
    if (Status problem = verifyBackup(backup); !problem)
        return problem;
    switch (connection.dialect()) {
    case Dialect::SQLite: return backup::sqliteRestore(connection, backup);
    case Dialect::PostgreSQL: return backup::postgresRestore(connection, backup, progress);
    case Dialect::MySQL: return backup::mysqlRestore(connection, backup, progress);
    }
    return Status();
}

namespace backup {

Status runDump(const ToolCall &call, const Connection &connection, const QStringList &live, BackupInfo *info,
               Status (*check)(const QString &, QStringList *), const BackupProgress &progress)
{
    Result<ToolRun> run = runTool(call, connection.url(), progress);
    if (!run)
        return run.error();
    ToolCall version(call.program, {QStringLiteral("--version")});
    version.captureStdout = true;
    Result<ToolRun> v = runTool(version, connection.url());
    info->tool = v ? QString::fromUtf8(v->stdOut).trimmed() : QFileInfo(call.program).fileName();
    if (Status problem = check(call.watchFile, &info->tables); !problem)
        return problem;
    return requireAllTables(live, info->tables, QStringLiteral("The dump"));
}

Status requireAllTables(const QStringList &live, const QStringList &inBackup, const QString &what)
{
    QStringList missing;
    for (const QString &t : live) {
        if (!inBackup.contains(t))
            missing << t;
    }
    if (missing.isEmpty())
        return Status();
    return makeError(QStringLiteral("%1 is incomplete: it lacks the table(s) %2.").arg(what, missing.join(QStringLiteral(", "))));
}

} // namespace backup

} // namespace retort
