// Client tools for backups. Credentials never go on a command line (other users can read it in
// ps); they go into files only the current user can read, deleted when the work is done.
#include "runner/ExternalTool.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

namespace retort::backup {

Result<QString> findTool(const QStringList &names, const QString &debianPackage)
{
    for (const QString &name : names) {
        const QString found = QStandardPaths::findExecutable(name);
        if (!found.isEmpty())
            return found;
    }
    return makeError(QStringLiteral("%1 was not found on PATH; install it (Debian: apt install %2) to take and restore "
                                    "backups of this database, or run without a backup.")
                         .arg(names.first(), debianPackage));
}

qint64 fileSize(const QString &path)
{
    const QFileInfo info(path);
    return info.exists() ? info.size() : 0;
}

Result<QString> fileSha256(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("Cannot read %1: %2.").arg(path, file.errorString()));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return makeError(QStringLiteral("Cannot read %1: %2.").arg(path, file.errorString()));
    return QString::fromLatin1(hash.result().toHex());
}

Result<ToolRun> runTool(const ToolCall &call, const DatabaseUrl &url, const BackupProgress &progress)
{
    QProcess process;
    QProcessEnvironment env = call.environment;
    // Inherited passwords would override the file Retort wrote, or leak into the tool.
    env.remove(QStringLiteral("PGPASSWORD"));
    env.remove(QStringLiteral("MYSQL_PWD"));
    process.setProcessEnvironment(env);
    if (!call.stdinFile.isEmpty())
        process.setStandardInputFile(call.stdinFile);
    else
        process.setStandardInputFile(QProcess::nullDevice());
    if (!call.captureStdout)
        process.setStandardOutputFile(QProcess::nullDevice());
    process.start(call.program, call.arguments);
    const QString name = QFileInfo(call.program).fileName();
    if (!process.waitForStarted(30000))
        return makeError(QStringLiteral("%1 could not be started: %2.").arg(name, process.errorString()));
    ToolRun run;
    while (!process.waitForFinished(250)) {
        if (process.state() == QProcess::NotRunning)
            break;
        if (call.captureStdout)
            run.stdOut += process.readAllStandardOutput();
        if (progress && !progress(fileSize(call.watchFile))) {
            process.kill();
            process.waitForFinished(10000);
            return makeError(QStringLiteral("%1 was cancelled.").arg(name));
        }
    }
    if (call.captureStdout)
        run.stdOut += process.readAllStandardOutput();
    run.stdErr = url.redact(QString::fromLocal8Bit(process.readAllStandardError()).trimmed());
    run.exitCode = process.exitCode();
    if (process.exitStatus() != QProcess::NormalExit)
        return makeError(QStringLiteral("%1 crashed.").arg(name), run.stdErr);
    if (run.exitCode != 0) {
        // The tool's first line is usually the whole story ("pg_dump: error: ...").
        const QString first = run.stdErr.section(QLatin1Char('\n'), 0, 0);
        return makeError(QStringLiteral("%1 failed (exit %2)%3").arg(name).arg(run.exitCode)
                             .arg(first.isEmpty() ? QStringLiteral(".") : QStringLiteral(": ") + first),
                         run.stdErr);
    }
    return run;
}

namespace {

Status writePrivateFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return makeError(QStringLiteral("Cannot write a credentials file for the backup tool: %1.").arg(file.errorString()));
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (file.write(content) != content.size() || !file.flush())
        return makeError(QStringLiteral("Cannot write a credentials file for the backup tool: %1.").arg(file.errorString()));
    return Status();
}

QString pgPassEscape(QString text)
{
    return text.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char(':'), QStringLiteral("\\:"));
}

QString mysqlOptionValue(QString text)
{
    text.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + text + QLatin1Char('"');
}

// A line break in a value would start a new line of the option file (mariadb's plugin-dir=, a second
// pgpass entry) or a new environment assignment: refused, whatever part of the URL it is in.
Status refuseLineBreaks(const DatabaseUrl &url)
{
    const auto bad = [](const QString &v) {
        return v.contains(QLatin1Char('\n')) || v.contains(QLatin1Char('\r')) || v.contains(QChar(0));
    };
    QList<std::pair<QString, QString>> parts{{QStringLiteral("host"), url.host()}, {QStringLiteral("user name"), url.username()},
                                             {QStringLiteral("password"), url.password()}, {QStringLiteral("database name"), url.database()}};
    for (const auto &item : url.query())
        parts.append({QStringLiteral("option '%1'").arg(item.first), item.second});
    for (const auto &part : parts) {
        if (bad(part.second))
            return makeError(QStringLiteral("The URL's %1 contains a line break or NUL character, which the backup tool's "
                                            "option file cannot hold safely; Retort refuses to pass it on.").arg(part.first));
    }
    return Status();
}

} // namespace

Status CredentialFiles::preparePostgres(const DatabaseUrl &url, QProcessEnvironment *env)
{
    if (Status problem = refuseLineBreaks(url); !problem)
        return problem;
    if (!m_dir.isValid())
        return makeError(QStringLiteral("Cannot create a private folder for the backup tool's credentials: %1.").arg(m_dir.errorString()));
    const QString passFile = path(QStringLiteral("pgpass"));
    if (Status problem = writePrivateFile(passFile, QStringLiteral("*:*:*:*:%1\n").arg(pgPassEscape(url.password())).toUtf8()); !problem)
        return problem;
    env->insert(QStringLiteral("PGPASSFILE"), passFile);
    const QString host = url.queryValue(QStringLiteral("host")).isEmpty() ? url.host() : url.queryValue(QStringLiteral("host"));
    if (!host.isEmpty())
        env->insert(QStringLiteral("PGHOST"), host);
    const QString port = url.queryValue(QStringLiteral("port")).isEmpty() ? (url.port() ? QString::number(url.port()) : QString())
                                                                          : url.queryValue(QStringLiteral("port"));
    if (!port.isEmpty())
        env->insert(QStringLiteral("PGPORT"), port);
    if (!url.username().isEmpty())
        env->insert(QStringLiteral("PGUSER"), url.username());
    env->insert(QStringLiteral("PGDATABASE"), url.database());
    static const char *const mapped[][2] = {
        {"sslmode", "PGSSLMODE"},         {"sslrootcert", "PGSSLROOTCERT"}, {"sslcert", "PGSSLCERT"},
        {"sslkey", "PGSSLKEY"},           {"sslcrl", "PGSSLCRL"},           {"connect_timeout", "PGCONNECT_TIMEOUT"},
        {"options", "PGOPTIONS"},         {"service", "PGSERVICE"},         {"target_session_attrs", "PGTARGETSESSIONATTRS"},
    };
    for (const auto &m : mapped) {
        const QString value = url.queryValue(QLatin1String(m[0]));
        if (!value.isEmpty())
            env->insert(QLatin1String(m[1]), value);
    }
    env->insert(QStringLiteral("PGAPPNAME"), QStringLiteral("retort-backup"));
    return Status();
}

Result<QString> CredentialFiles::prepareMysql(const DatabaseUrl &url)
{
    if (Status problem = refuseLineBreaks(url); !problem)
        return problem.error();
    if (!m_dir.isValid())
        return makeError(QStringLiteral("Cannot create a private folder for the backup tool's credentials: %1.").arg(m_dir.errorString()));
    QStringList lines{QStringLiteral("[client]")};
    const QString socket = url.queryValue(QStringLiteral("unix_socket"));
    if (!socket.isEmpty())
        lines << QStringLiteral("socket=") + mysqlOptionValue(socket);
    else if (!url.host().isEmpty())
        lines << QStringLiteral("host=") + mysqlOptionValue(url.host());
    if (url.port())
        lines << QStringLiteral("port=%1").arg(url.port());
    if (!url.username().isEmpty())
        lines << QStringLiteral("user=") + mysqlOptionValue(url.username());
    if (url.hasPassword())
        lines << QStringLiteral("password=") + mysqlOptionValue(url.password());
    static const char *const mapped[][2] = {
        {"ssl_ca", "ssl-ca"}, {"ssl_cert", "ssl-cert"}, {"ssl_key", "ssl-key"}, {"ssl_capath", "ssl-capath"}, {"ssl_cipher", "ssl-cipher"},
    };
    for (const auto &m : mapped) {
        const QString value = url.queryValue(QLatin1String(m[0]));
        if (!value.isEmpty())
            lines << QLatin1String(m[1]) + QLatin1Char('=') + mysqlOptionValue(value);
    }
    lines << QStringLiteral("default-character-set=utf8mb4");
    const QString file = path(QStringLiteral("client.cnf"));
    if (Status problem = writePrivateFile(file, (lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8()); !problem)
        return problem.error();
    return QStringLiteral("--defaults-file=") + file;
}

} // namespace retort::backup
