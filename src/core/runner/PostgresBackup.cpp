// PostgreSQL backups with the server's own tools: pg_dump's custom format (compressed, restorable
// object by object), checked by reading its table of contents back with pg_restore --list. A restore
// pipes pg_restore --clean into one psql transaction that first drops what was created since the
// backup, so the database ends up exactly as backed up, or unchanged if anything fails.
#include "runner/BackupProviders.h"

#include "ops/DdlCompiler.h"
#include "runner/ExternalTool.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>

namespace retort::backup {

namespace {

const QString kClientPackage = QStringLiteral("postgresql-client");

struct TocEntry
{
    QString type;     ///< TABLE, VIEW, MATERIALIZED VIEW, SEQUENCE, TYPE, DOMAIN
    QString name;     ///< schema.name
};

// "216; 1259 16387 TABLE public engine owner" → (TABLE, public.engine)
QList<TocEntry> parseToc(const QByteArray &listing)
{
    // Longer type names first: "TABLE DATA public engine" is data, not a table named "public".
    static const QRegularExpression line(QStringLiteral(
        R"(^\d+; \d+ \d+ (TABLE DATA|MATERIALIZED VIEW DATA|SEQUENCE SET|SEQUENCE OWNED BY|TABLE|VIEW|MATERIALIZED VIEW|SEQUENCE|TYPE|DOMAIN) (\S+) (\S+) )"));
    QList<TocEntry> entries;
    for (const QString &text : QString::fromUtf8(listing).split(QLatin1Char('\n'))) {
        const QRegularExpressionMatch m = line.match(text + QLatin1Char(' '));
        if (m.hasMatch() && !m.captured(1).endsWith(QLatin1String(" DATA")) && !m.captured(1).startsWith(QLatin1String("SEQUENCE ")))
            entries << TocEntry{m.captured(1), m.captured(2) + QLatin1Char('.') + m.captured(3)};
    }
    return entries;
}

Result<QList<TocEntry>> readToc(const QString &path)
{
    Result<QString> tool = findTool({QStringLiteral("pg_restore")}, kClientPackage);
    if (!tool)
        return tool.error();
    ToolCall call{*tool, {QStringLiteral("--list"), QStringLiteral("--"), path}};
    call.captureStdout = true;
    Result<ToolRun> run = runTool(call, DatabaseUrl());
    if (!run)
        return makeError(QStringLiteral("%1 is not a readable pg_dump archive: %2").arg(path, run.error().message), run.error().detail);
    if (!run->stdOut.contains(";     dbname:"))
        return makeError(QStringLiteral("%1 is not a complete pg_dump archive.").arg(path));
    return parseToc(run->stdOut);
}

// "schema.name" from the catalog, quoted as the dialect quotes identifiers.
QString quoteQualified(const QString &qualified)
{
    return DdlCompiler(Dialect::PostgreSQL).quoteTable(qualified.section(QLatin1Char('.'), 1), qualified.section(QLatin1Char('.'), 0, 0));
}

} // namespace

Status postgresCheck(const QString &path, QStringList *tables)
{
    Result<QList<TocEntry>> toc = readToc(path);
    if (!toc)
        return toc.error();
    tables->clear();
    for (const TocEntry &e : *toc) {
        if (e.type == QLatin1String("TABLE"))
            *tables << e.name;
    }
    tables->sort();
    return Status();
}

Status postgresDump(const Connection &connection, const QString &partialPath, BackupInfo *info, const BackupProgress &progress)
{
    Result<QStringList> live = liveTableNames(connection);
    if (!live)
        return live.error();
    Result<QString> tool = findTool({QStringLiteral("pg_dump")}, kClientPackage);
    if (!tool)
        return tool.error();
    CredentialFiles credentials;
    ToolCall call{*tool, {QStringLiteral("--format=custom"), QStringLiteral("--no-password"), QStringLiteral("--file=") + partialPath}};
    if (Status problem = credentials.preparePostgres(connection.url(), &call.environment); !problem)
        return problem;
    call.watchFile = partialPath;
    return runDump(call, connection, *live, info, postgresCheck, progress);
}

Status postgresRestore(const Connection &connection, const BackupInfo &backup, const BackupProgress &progress)
{
    Result<QList<TocEntry>> toc = readToc(backup.path);
    if (!toc)
        return toc.error();
    QSet<QString> inBackup;
    for (const TocEntry &e : *toc)
        inBackup.insert(e.type + QLatin1Char(' ') + e.name);

    // What exists now but not in the backup: created since, dropped first (CASCADE takes dependants).
    const QString objectsSql = QStringLiteral(
        "SELECT CASE c.relkind WHEN 'r' THEN 'TABLE' WHEN 'p' THEN 'TABLE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' "
        "ELSE 'SEQUENCE' END, n.nspname || '.' || c.relname "
        "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
        "AND n.nspname NOT LIKE 'pg\\_%' AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend d "
        "WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))) "
        "UNION ALL SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, n.nspname || '.' || t.typname "
        "FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
        "WHERE t.typtype IN ('e', 'd', 'r') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'");
    QSqlQuery q(connection.database());
    if (!q.exec(objectsSql))
        return connection.queryError(QStringLiteral("Could not list the database's objects before the restore"), q.lastError());
    QStringList prelude;
    while (q.next()) {
        const QString type = q.value(0).toString();
        const QString name = q.value(1).toString();
        if (!inBackup.contains(type + QLatin1Char(' ') + name))
            prelude << QStringLiteral("DROP %1 IF EXISTS %2 CASCADE;").arg(type, quoteQualified(name));
    }
    q.finish();

    Result<QString> restoreTool = findTool({QStringLiteral("pg_restore")}, kClientPackage);
    if (!restoreTool)
        return restoreTool.error();
    Result<QString> psqlTool = findTool({QStringLiteral("psql")}, kClientPackage);
    if (!psqlTool)
        return psqlTool.error();
    CredentialFiles credentials;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("PGPASSWORD"));
    if (Status problem = credentials.preparePostgres(connection.url(), &env); !problem)
        return problem;
    const QString preludeFile = credentials.path(QStringLiteral("prelude.sql"));
    {
        QFile file(preludeFile);
        if (!file.open(QIODevice::WriteOnly) || file.write((prelude.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8()) < 0)
            return makeError(QStringLiteral("Cannot write the restore script: %1.").arg(file.errorString()));
    }

    // pg_restore writes the script, psql runs it (after the drops) as one transaction.
    QProcess producer;
    QProcess consumer;
    producer.setProcessEnvironment(env);
    consumer.setProcessEnvironment(env);
    producer.setStandardOutputProcess(&consumer);
    consumer.setStandardOutputFile(QProcess::nullDevice());
    producer.start(*restoreTool, {QStringLiteral("--clean"), QStringLiteral("--if-exists"), QStringLiteral("--no-owner"),
                                  QStringLiteral("--no-privileges"), QStringLiteral("--file=-"), QStringLiteral("--"), backup.path});
    consumer.start(*psqlTool, {QStringLiteral("--no-psqlrc"), QStringLiteral("--quiet"), QStringLiteral("--no-password"),
                               QStringLiteral("--set=ON_ERROR_STOP=1"), QStringLiteral("--single-transaction"),
                               QStringLiteral("--file=") + preludeFile, QStringLiteral("--file=-")});
    if (!producer.waitForStarted(30000) || !consumer.waitForStarted(30000)) {
        producer.kill();
        consumer.kill();
        return makeError(QStringLiteral("pg_restore or psql could not be started: %1.").arg(producer.errorString()));
    }
    while (!consumer.waitForFinished(250)) {
        if (consumer.state() == QProcess::NotRunning)
            break;
        if (progress && !progress(0)) {
            // Killing psql mid-transaction rolls the whole restore back on the server.
            consumer.kill();
            producer.kill();
            consumer.waitForFinished(10000);
            producer.waitForFinished(10000);
            return makeError(QStringLiteral("The restore was cancelled; the database was not changed."));
        }
    }
    producer.waitForFinished(30000);
    const QString producerErr = connection.url().redact(QString::fromLocal8Bit(producer.readAllStandardError()).trimmed());
    const QString consumerErr = connection.url().redact(QString::fromLocal8Bit(consumer.readAllStandardError()).trimmed());
    if (consumer.exitStatus() != QProcess::NormalExit || consumer.exitCode() != 0 || producer.exitCode() != 0) {
        const QString detail = (consumerErr + QLatin1Char('\n') + producerErr).trimmed();
        return makeError(QStringLiteral("The restore failed and was rolled back; the database is as it was before the restore: %1")
                             .arg(detail.section(QLatin1Char('\n'), 0, 0)),
                         detail);
    }
    return Status();
}

} // namespace retort::backup
