// retort_log: portable columns only (text timestamps in ISO 8601 UTC, no sequences), so rows can be
// copied back after a restore and read by any SQL client.
#include "runner/RunLog.h"

#include "runner/VersionTable.h"
#include "ops/DdlCompiler.h"
#include "runner/ExternalTool.h"

#include <QHash>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QSysInfo>
#include <QUuid>

#include <pwd.h>
#include <unistd.h>

namespace retort::runlog {

namespace {

QString qualified(const Connection &connection, const QString &schema)
{
    return DdlCompiler(connection.dialect()).quoteTable(kTable, schema);
}

QString osUserName()
{
    if (const passwd *pw = getpwuid(geteuid()))
        return QString::fromLocal8Bit(pw->pw_name);
    return qEnvironmentVariable("USER", QStringLiteral("uid %1").arg(geteuid()));
}

const char *const kColumns = "run_id, step, started_at, os_user, host, command, target, from_revisions, to_revisions, revision, "
                             "duration_ms, outcome, message, backup_path, script_sha256, retort_version";

} // namespace

QString scriptSha256(const QString &path)
{
    Result<QString> sha = backup::fileSha256(path);
    return sha ? *sha : QString();
}

RunLogEntry startRun(const QString &command, const QString &target)
{
    RunLogEntry e;
    e.runId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    e.startedAt = QDateTime::currentDateTimeUtc();
    e.osUser = osUserName();
    e.host = QSysInfo::machineHostName();
    e.command = command;
    e.target = target;
    e.retortVersion = QStringLiteral(RETORT_VERSION);
    return e;
}

Status ensureTable(const Connection &connection, const QString &schema)
{
    // Looked up first rather than CREATE … IF NOT EXISTS, which makes PostgreSQL print a NOTICE.
    Result<bool> exists = tableExists(connection, kTable, schema);
    if (!exists)
        return exists.error();
    if (*exists)
        return Status();
    const bool mysql = connection.dialect() == Dialect::MySQL;
    const QString sql = QStringLiteral(
        "CREATE TABLE %1 (run_id VARCHAR(36) NOT NULL, step INTEGER NOT NULL, started_at VARCHAR(32) NOT NULL, "
        "os_user VARCHAR(255), host VARCHAR(255), command VARCHAR(16) NOT NULL, target %2, from_revisions %2, to_revisions %2, "
        "revision VARCHAR(32), duration_ms BIGINT, outcome VARCHAR(32) NOT NULL, message %2, backup_path %2, "
        "script_sha256 VARCHAR(64), retort_version VARCHAR(32), PRIMARY KEY (run_id, step))%3")
                            .arg(qualified(connection, schema), QStringLiteral("TEXT"),
                                 mysql ? QStringLiteral(" DEFAULT CHARSET=utf8mb4") : QString());
    QSqlQuery q(connection.database());
    if (!q.exec(sql))
        return connection.queryError(QStringLiteral("Could not create the run log table retort_log"), q.lastError(), sql);
    return Status();
}

BoundStatement appendStatement(Dialect dialect, const RunLogEntry &e, const QString &schema)
{
    BoundStatement s;
    s.sql = QStringLiteral("INSERT INTO %1 (%2) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .arg(DdlCompiler(dialect).quoteTable(kTable, schema), QLatin1String(kColumns));
    const QVariant nullText{QMetaType(QMetaType::QString)};
    const auto text = [&](const QString &v) { return v.isNull() ? nullText : QVariant(v); };
    s.values = {e.runId,
                e.step,
                e.startedAt.toString(Qt::ISODateWithMs),
                text(e.osUser),
                text(e.host),
                e.command,
                text(e.target),
                e.fromRevisions.join(QLatin1Char(' ')),
                e.toRevisions.join(QLatin1Char(' ')),
                e.revision.isEmpty() ? nullText : QVariant(e.revision),
                e.durationMs,
                e.outcome,
                text(e.message),
                text(e.backupPath),
                e.scriptSha256.isEmpty() ? nullText : QVariant(e.scriptSha256),
                e.retortVersion};
    return s;
}

Status append(const Connection &connection, const RunLogEntry &e, const QString &schema)
{
    const BoundStatement s = appendStatement(connection.dialect(), e, schema);
    QSqlQuery q(connection.database());
    q.prepare(s.sql);
    for (const QVariant &value : s.values)
        q.addBindValue(value);
    if (!q.exec())
        return connection.queryError(QStringLiteral("Could not write to the run log retort_log"), q.lastError(), s.sql);
    return Status();
}

Result<QList<RunLogEntry>> readAll(const Connection &connection, const QString &schema)
{
    QSqlQuery q(connection.database());
    const QString sql = QStringLiteral("SELECT %1 FROM %2 ORDER BY started_at, run_id, step")
                            .arg(QLatin1String(kColumns), qualified(connection, schema));
    QList<RunLogEntry> entries;
    if (!q.exec(sql)) {
        // A missing table is an empty log; anything else is an error.
        Result<bool> exists = tableExists(connection, kTable, schema);
        if (exists && !*exists)
            return entries;
        return connection.queryError(QStringLiteral("Could not read the run log retort_log"), q.lastError(), sql);
    }
    const auto list = [](const QVariant &v) { return v.toString().split(QLatin1Char(' '), Qt::SkipEmptyParts); };
    while (q.next()) {
        RunLogEntry e;
        e.runId = q.value(0).toString();
        e.step = q.value(1).toInt();
        e.startedAt = QDateTime::fromString(q.value(2).toString(), Qt::ISODateWithMs);
        e.osUser = q.value(3).toString();
        e.host = q.value(4).toString();
        e.command = q.value(5).toString();
        e.target = q.value(6).toString();
        e.fromRevisions = list(q.value(7));
        e.toRevisions = list(q.value(8));
        e.revision = q.value(9).toString();
        e.durationMs = q.value(10).toLongLong();
        e.outcome = q.value(11).toString();
        e.message = q.value(12).toString();
        e.backupPath = q.value(13).toString();
        e.scriptSha256 = q.value(14).toString();
        e.retortVersion = q.value(15).toString();
        entries << e;
    }
    return entries;
}

QList<ChangedScript> changedScripts(const QList<RunLogEntry> &log, const std::function<QString(const QString &)> &currentSha256)
{
    // The last successful step for each revision decides whether it is applied now.
    QHash<QString, const RunLogEntry *> last;
    QStringList order;
    for (const RunLogEntry &e : log) {
        if (e.step == 0 || e.revision.isEmpty() || e.outcome != kOk)
            continue;
        if (!last.contains(e.revision))
            order << e.revision;
        last[e.revision] = &e;
    }
    QList<ChangedScript> changed;
    for (const QString &revision : std::as_const(order)) {
        const RunLogEntry *e = last.value(revision);
        if (e->command != QLatin1String("upgrade") || e->scriptSha256.isEmpty())
            continue;
        const QString now = currentSha256(revision);
        if (!now.isEmpty() && now != e->scriptSha256)
            changed << ChangedScript{revision, e->scriptSha256, e->startedAt};
    }
    return changed;
}

} // namespace retort::runlog
