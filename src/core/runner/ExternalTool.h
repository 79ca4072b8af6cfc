// Running the engines' own client tools (pg_dump, pg_restore, psql, mariadb-dump, mariadb) for
// backups: found on PATH, given credentials through a private 0600 file in a 0700 folder, their
// stderr kept (redacted) for the error message, their output file watched for progress.
#pragma once

#include "Result.h"
#include "connection/DatabaseUrl.h"
#include "runner/Backup.h"

#include <QProcessEnvironment>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>
#include <optional>

namespace retort::backup {

/// The first of names found on PATH; the error names the Debian package to install.
Result<QString> findTool(const QStringList &names, const QString &debianPackage);

struct ToolRun
{
    int exitCode = 0;
    QString stdErr;      ///< redacted
    QByteArray stdOut;   ///< only when asked for
};

struct ToolCall
{
    ToolCall(QString programPath, QStringList args) : program(std::move(programPath)), arguments(std::move(args)) {}
    QString program;
    QStringList arguments;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    QString stdinFile;          ///< fed to the tool's standard input when set
    bool captureStdout = false;
    QString watchFile;          ///< its size is reported to progress while the tool runs
};

/// Runs the tool to the end (or until progress returns false). A tool that cannot start, crashes or
/// exits non-zero is an error whose detail is its stderr.
Result<ToolRun> runTool(const ToolCall &call, const DatabaseUrl &url, const BackupProgress &progress = {});

/// A private folder (QTemporaryDir makes it 0700) holding the credentials the tools read, removed with this object.
class CredentialFiles
{
public:
    bool isValid() const { return m_dir.isValid(); }
    /// Writes a PGPASSFILE for url and sets PGHOST/PGPORT/PGUSER/PGDATABASE/PGSSL* in env.
    Status preparePostgres(const DatabaseUrl &url, QProcessEnvironment *env);
    /// Writes a MySQL option file for url; returns the --defaults-file=… argument (which must come first).
    Result<QString> prepareMysql(const DatabaseUrl &url);
    QString path(const QString &name) const { return m_dir.filePath(name); }

private:
    QTemporaryDir m_dir;
};

/// Size of a file, 0 when missing.
qint64 fileSize(const QString &path);
/// SHA-256 of a file as lowercase hex, or an error.
Result<QString> fileSha256(const QString &path);

} // namespace retort::backup
