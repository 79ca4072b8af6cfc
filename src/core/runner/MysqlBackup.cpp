// MySQL/MariaDB backups with the client's own dump tool (mariadb-dump, or mysqldump): one consistent
// snapshot (--single-transaction) with routines and triggers, checked for its closing
// "-- Dump completed" line and for every table. A restore drops the tables and views created since
// the backup, then runs the dump; MySQL commits each DDL statement as it goes, so a restore that
// fails half-way is reported as such.
#include "runner/BackupProviders.h"

#include "ops/DdlCompiler.h"
#include "runner/ExternalTool.h"

#include <QFile>
#include <QRegularExpression>
#include <QSqlQuery>

namespace retort::backup {

namespace {

const QString kClientPackage = QStringLiteral("mariadb-client");

// The tables and views a dump creates, from the comments mysqldump writes before each.
Status scanDump(const QString &path, QStringList *tables, QStringList *views)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("Cannot read the dump %1: %2.").arg(path, file.errorString()));
    static const QRegularExpression table(QStringLiteral("^-- Table structure for table `((?:[^`]|``)+)`"));
    static const QRegularExpression view(QStringLiteral("^-- (?:Temporary table|Final view) structure for view `((?:[^`]|``)+)`"));
    bool completed = false;
    bool sawHeader = false;
    while (!file.atEnd()) {
        const QByteArray raw = file.readLine(1 << 20);
        if (!raw.startsWith("--"))
            continue;
        const QString text = QString::fromUtf8(raw).trimmed();
        sawHeader = sawHeader || text.contains(QLatin1String("dump"), Qt::CaseInsensitive);
        completed = text.startsWith(QLatin1String("-- Dump completed"));
        QRegularExpressionMatch m = table.match(text);
        if (m.hasMatch()) {
            *tables << m.captured(1).replace(QStringLiteral("``"), QStringLiteral("`"));
            continue;
        }
        m = view.match(text);
        if (m.hasMatch() && views) {
            const QString name = m.captured(1).replace(QStringLiteral("``"), QStringLiteral("`"));
            if (!views->contains(name))
                *views << name;
        }
    }
    if (!sawHeader)
        return makeError(QStringLiteral("%1 is not a mysqldump/mariadb-dump file.").arg(path));
    if (!completed)
        return makeError(QStringLiteral("%1 is incomplete: it does not end with the dump tool's \"-- Dump completed\" line.").arg(path));
    tables->sort();
    return Status();
}

} // namespace

Status mysqlCheck(const QString &path, QStringList *tables)
{
    tables->clear();
    return scanDump(path, tables, nullptr);
}

Status mysqlDump(const Connection &connection, const QString &partialPath, BackupInfo *info, const BackupProgress &progress)
{
    Result<QStringList> live = liveTableNames(connection);
    if (!live)
        return live.error();
    Result<QString> tool = findTool({QStringLiteral("mariadb-dump"), QStringLiteral("mysqldump")}, kClientPackage);
    if (!tool)
        return tool.error();
    CredentialFiles credentials;
    Result<QString> defaults = credentials.prepareMysql(connection.url());
    if (!defaults)
        return defaults.error();
    ToolCall call{*tool, {*defaults, QStringLiteral("--single-transaction"), QStringLiteral("--routines"), QStringLiteral("--triggers"),
                          QStringLiteral("--hex-blob"), QStringLiteral("--no-tablespaces"),
                          QStringLiteral("--result-file=") + partialPath, QStringLiteral("--"), connection.url().database()}};
    call.watchFile = partialPath;
    return runDump(call, connection, *live, info, mysqlCheck, progress);
}

Status mysqlRestore(const Connection &connection, const BackupInfo &backup, const BackupProgress &progress)
{
    QStringList tables;
    QStringList views;
    if (Status problem = scanDump(backup.path, &tables, &views); !problem)
        return problem;
    Result<QString> tool = findTool({QStringLiteral("mariadb"), QStringLiteral("mysql")}, kClientPackage);
    if (!tool)
        return tool.error();

    // Tables and views created since the backup go first; the dump replaces the rest itself.
    QSqlQuery q(connection.database());
    const QString listSql = QStringLiteral("SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = DATABASE()");
    if (!q.exec(listSql))
        return connection.queryError(QStringLiteral("Could not list the tables before the restore"), q.lastError(), listSql);
    const DdlCompiler dialect(Dialect::MySQL, connection.serverVersion().contains(QLatin1String("MariaDB")));
    const auto quote = [&dialect](const QString &name) { return dialect.quote(name); };
    QStringList drops;
    while (q.next()) {
        const QString name = q.value(0).toString();
        const bool isView = q.value(1).toString() == QLatin1String("VIEW");
        if (isView ? !views.contains(name) : !tables.contains(name))
            drops << QStringLiteral("DROP %1 IF EXISTS %2").arg(isView ? QStringLiteral("VIEW") : QStringLiteral("TABLE"), quote(name));
    }
    q.finish();
    if (!drops.isEmpty()) {
        q.exec(QStringLiteral("SET FOREIGN_KEY_CHECKS = 0"));
        for (const QString &sql : std::as_const(drops)) {
            if (!q.exec(sql)) {
                q.exec(QStringLiteral("SET FOREIGN_KEY_CHECKS = 1"));
                return connection.queryError(QStringLiteral("Could not drop a table created since the backup"), q.lastError(), sql);
            }
        }
        q.exec(QStringLiteral("SET FOREIGN_KEY_CHECKS = 1"));
    }

    CredentialFiles credentials;
    Result<QString> defaults = credentials.prepareMysql(connection.url());
    if (!defaults)
        return defaults.error();
    // --sandbox: a dump is SQL, and the client's own commands in it (\! shell, \. source, system) are refused.
    ToolCall call{*tool, {*defaults, QStringLiteral("--batch"), QStringLiteral("--sandbox"),
                          QStringLiteral("--database=") + connection.url().database()}};
    call.stdinFile = backup.path;
    Result<ToolRun> run = runTool(call, connection.url(), progress);
    if (!run) {
        Error e = run.error();
        e.message = QStringLiteral("The restore failed part-way (%1 commits each statement, so some tables may already be "
                                   "restored; run the restore again): %2").arg(dialectDisplayName(Dialect::MySQL), e.message);
        return e;
    }
    return Status();
}

} // namespace retort::backup
