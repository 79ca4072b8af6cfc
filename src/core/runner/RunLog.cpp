// retort_log: portable columns only (text timestamps in ISO 8601 UTC, no sequences), so rows can be
// copied back after a restore and read by any SQL client.
#include "runner/RunLog.h"

#include "runner/VersionTable.h"
#include "ops/DdlCompiler.h"
#include "runner/ExternalTool.h"
#include "sql/Identifiers.h"

#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QSysInfo>
#include <QUuid>

#include <pwd.h>
#include <unistd.h>

namespace retort::runlog {

namespace {

QString qualified(Dialect dialect, const QString &schema)
{
    return DdlCompiler(dialect).quoteTable(kTable, schema);
}

QString qualified(const Connection &connection, const QString &schema)
{
    return qualified(connection.dialect(), schema);
}

QString osUserName()
{
    if (const passwd *pw = getpwuid(geteuid()))
        return QString::fromLocal8Bit(pw->pw_name);
    return qEnvironmentVariable("USER", QStringLiteral("uid %1").arg(geteuid()));
}

const QString kSqliteAlias = QStringLiteral("retort");

// The columns every version of the log has (an earlier log moves with these), and the one added later.
const char *const kColumns = "run_id, step, started_at, os_user, host, command, target, from_revisions, to_revisions, revision, "
                             "duration_ms, outcome, message, backup_path, script_sha256, retort_version";
const QString kStatementsColumn = QStringLiteral("statements");
// MySQL's TEXT holds 65,535 bytes: the statements kept stay below, on every engine alike.
constexpr qsizetype kStatementsBytes = 60000;

// The statements as a JSON array, cut after about kStatementsBytes with a comment saying how many more there were.
QString statementsJson(const QStringList &statements)
{
    QJsonArray kept;
    qsizetype bytes = 2;
    for (qsizetype i = 0; i < statements.size(); ++i) {
        const qsizetype size = statements.at(i).toUtf8().size() + 4;
        if (bytes + size > kStatementsBytes - 100) {
            kept.append(QStringLiteral("-- … %1 more statement(s) not kept in the run log").arg(statements.size() - i));
            break;
        }
        bytes += size;
        kept.append(statements.at(i));
    }
    QByteArray json = QJsonDocument(kept).toJson(QJsonDocument::Compact);
    // JSON escapes can grow the text past the limit: then keep fewer.
    while (json.size() > kStatementsBytes && kept.size() > 1) {
        const qsizetype dropped = statements.size() - (kept.size() - 2);
        kept.removeAt(kept.size() - 1);
        kept.replace(kept.size() - 1, QStringLiteral("-- … %1 more statement(s) not kept in the run log").arg(dropped));
        json = QJsonDocument(kept).toJson(QJsonDocument::Compact);
    }
    return QString::fromUtf8(json);
}

QStringList statementsFrom(const QVariant &value)
{
    QStringList out;
    for (const QJsonValue &v : QJsonDocument::fromJson(value.toString().toUtf8()).array())
        out << v.toString();
    return out;
}

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

QString separateSchema(const Connection &connection)
{
    switch (connection.dialect()) {
    case Dialect::PostgreSQL:
        return QStringLiteral("retort_log");
    case Dialect::MySQL:
        // Database names are at most 64 characters.
        return connection.url().database().left(64 - 7) + QStringLiteral("_retort");
    case Dialect::SQLite:
        return sqliteLogFile(connection).isEmpty() ? QString() : kSqliteAlias;
    }
    return {};
}

QString sqliteLogFile(const Connection &connection)
{
    if (connection.dialect() != Dialect::SQLite)
        return {};
    const QString database = connection.database().databaseName();
    if (database.isEmpty() || database == QLatin1String(":memory:") || database.startsWith(QLatin1String("file:")))
        return {};
    return QFileInfo(database).absoluteFilePath() + QStringLiteral("-retort");
}

namespace {

// SQLite: the log's file attached as "retort" (once per connection).
Status attachSqliteLog(const Connection &connection, const QString &file)
{
    const QFileInfo info(file);
    if (info.isSymLink() || (info.exists() && !info.isFile()))
        return makeError(QStringLiteral("The run log %1 is not a plain file (a link or a folder); Retort does not follow it. "
                                        "Move it away and run again.").arg(file));
    QSqlQuery q(connection.database());
    if (!q.exec(QStringLiteral("PRAGMA database_list")))
        return connection.queryError(QStringLiteral("Could not list the attached databases"), q.lastError());
    while (q.next()) {
        if (q.value(1).toString() == kSqliteAlias) {
            if (QFileInfo(q.value(2).toString()) == info)
                return Status();
            return makeError(QStringLiteral("Another database is attached as \"%1\" (%2); the run log %3 cannot be attached.")
                                 .arg(kSqliteAlias, q.value(2).toString(), file));
        }
    }
    q.finish();
    if (!q.prepare(QStringLiteral("ATTACH DATABASE ? AS %1").arg(kSqliteAlias)))
        return connection.queryError(QStringLiteral("Could not attach the run log %1").arg(file), q.lastError());
    q.addBindValue(file);
    if (!q.exec())
        return connection.queryError(QStringLiteral("Could not attach the run log %1").arg(file), q.lastError());
    return Status();
}

bool sqliteAttached(const Connection &connection)
{
    QSqlQuery q(connection.database());
    if (!q.exec(QStringLiteral("PRAGMA database_list")))
        return false;
    while (q.next()) {
        if (q.value(1).toString() == kSqliteAlias)
            return true;
    }
    return false;
}

// Whether the log table is at place.
Result<bool> tableAt(const Connection &connection, const RunLogPlace &place)
{
    if (connection.dialect() == Dialect::SQLite && !place.schema.isEmpty()) {
        if (!sqliteAttached(connection))
            return false;
        QSqlQuery q(connection.database());
        const QString sql = QStringLiteral("SELECT 1 FROM %1.sqlite_master WHERE type = 'table' AND name = '%2'").arg(kSqliteAlias, kTable);
        if (!q.exec(sql))
            return connection.queryError(QStringLiteral("Could not look for the run log"), q.lastError(), sql);
        return q.next();
    }
    return tableExists(connection, kTable, place.schema);
}

QString createTableSql(Dialect dialect, const QString &schema)
{
    return QStringLiteral("CREATE TABLE %1 (run_id VARCHAR(36) NOT NULL, step INTEGER NOT NULL, started_at VARCHAR(32) NOT NULL, "
                          "os_user VARCHAR(255), host VARCHAR(255), command VARCHAR(16) NOT NULL, target TEXT, from_revisions TEXT, "
                          "to_revisions TEXT, revision VARCHAR(32), duration_ms BIGINT, outcome VARCHAR(32) NOT NULL, message TEXT, "
                          "backup_path TEXT, script_sha256 VARCHAR(64), retort_version VARCHAR(32), statements TEXT, PRIMARY KEY (run_id, step))%2")
        .arg(qualified(dialect, schema), dialect == Dialect::MySQL ? QStringLiteral(" DEFAULT CHARSET=utf8mb4") : QString());
}

// Runs statements in order; the error names the first that fails.
Status execAll(const Connection &connection, const QStringList &statements, const QString &what)
{
    for (const QString &sql : statements) {
        QSqlQuery q(connection.database());
        if (!q.exec(sql))
            return connection.queryError(what, q.lastError(), sql);
    }
    return Status();
}

// PostgreSQL: whether the schema exists; MySQL: whether the database does.
Result<bool> schemaExists(const Connection &connection, const QString &schema)
{
    QSqlQuery q(connection.database());
    q.prepare(QStringLiteral("SELECT 1 FROM information_schema.schemata WHERE schema_name = ?"));
    q.addBindValue(schema);
    if (!q.exec())
        return connection.queryError(QStringLiteral("Could not look for the schema %1").arg(schema), q.lastError());
    return q.next();
}

// PostgreSQL: a schema on the search path ("$user" resolving to it, or named) would receive the
// application's own unqualified tables: such a place is never made.
Status checkSearchPath(const Connection &connection, const QString &schema)
{
    QSqlQuery q(connection.database());
    if (!q.exec(QStringLiteral("SELECT current_user, current_setting('search_path')")) || !q.next())
        return connection.queryError(QStringLiteral("Could not read the search path"), q.lastError());
    const QString user = q.value(0).toString();
    for (QString entry : q.value(1).toString().split(QLatin1Char(','))) {
        entry = entry.trimmed();
        if (entry.startsWith(QLatin1Char('"')) && entry.endsWith(QLatin1Char('"')) && entry.size() > 1)
            entry = entry.mid(1, entry.size() - 2);
        if (entry == schema || (entry == QLatin1String("$user") && user == schema))
            return makeError(QStringLiteral("a schema %1 would be on the search path").arg(schema),
                             QStringLiteral("the search path is %1").arg(q.value(1).toString()));
    }
    return Status();
}

// Where the log stays when its own place cannot be made: next to the version table, with a notice.
void fallBack(RunLogPlace &place, const QString &versionSchema, const Connection &connection, const Error &why)
{
    const bool postgres = connection.dialect() == Dialect::PostgreSQL;
    const QString wanted = place.schema;
    place.schema = versionSchema;
    place.file.clear();
    place.separate = false;
    place.notice = QStringLiteral("The run log stays in the table %1 among the application's tables: Retort could not make %2 %3 "
                                  "for it (%4). The project's autogenerate will propose to drop it unless env.py leaves it out:\n%5\n"
                                  "Or have a DBA create it (%6), and Retort moves the log there on its next run.")
                       .arg(kTable, postgres ? QStringLiteral("the schema") : QStringLiteral("the database"),
                            quoteIdentifier(connection.dialect(), wanted), why.detail.isEmpty() ? why.message : why.detail,
                            includeNameSnippet(),
                            postgres ? QStringLiteral("CREATE SCHEMA %1 AUTHORIZATION %2").arg(quoteIdentifier(connection.dialect(), wanted),
                                                                                             quoteIdentifier(connection.dialect(), connection.url().username()))
                                     : QStringLiteral("CREATE DATABASE %1; GRANT ALL ON %1.* TO '%2'").arg(quoteIdentifier(connection.dialect(), wanted),
                                                                                                        connection.url().username()));
}

} // namespace

QString includeNameSnippet()
{
    return QStringLiteral("    def include_name(name, type_, parent_names):\n"
                          "        return not (type_ == \"table\" and name == \"%1\")\n"
                          "    context.configure(..., include_name=include_name)").arg(kTable);
}

QString includeSchemasNotice(const RunLogPlace &place)
{
    return QStringLiteral("env.py sets include_schemas=True, so the project's autogenerate also compares %1, where Retort keeps its "
                          "run log, and would propose to drop its table. Leave it out in env.py:\n"
                          "    def include_name(name, type_, parent_names):\n"
                          "        return not (type_ == \"schema\" and name == \"%1\")\n"
                          "    context.configure(..., include_name=include_name)").arg(place.schema);
}

Result<RunLogPlace> open(const Connection &connection, const QString &versionSchema, bool forWriting)
{
    RunLogPlace place;
    place.schema = separateSchema(connection);
    place.separate = !place.schema.isEmpty();
    if (!place.separate) {
        place.schema = versionSchema;   // an in-memory SQLite database: nobody runs autogenerate on it
        return place;
    }
    if (connection.dialect() == Dialect::SQLite) {
        place.file = sqliteLogFile(connection);
        if (forWriting || QFileInfo::exists(place.file) || QFileInfo(place.file).isSymLink()) {
            if (Status attached = attachSqliteLog(connection, place.file); !attached)
                return attached.error();
        }
    }
    return place;
}

namespace {

// Whether the log table at place has the statements column (a log made before 0.9 has not).
Result<bool> hasStatementsColumn(const Connection &connection, const RunLogPlace &place)
{
    QSqlQuery q(connection.database());
    const QString sql = QStringLiteral("SELECT * FROM %1 WHERE 1 = 0").arg(qualified(connection, place.schema));
    if (!q.exec(sql))
        return connection.queryError(QStringLiteral("Could not read the run log retort_log"), q.lastError(), sql);
    return q.record().indexOf(kStatementsColumn) >= 0;
}

Status ensureTablePlace(const Connection &connection, RunLogPlace &place, const QString &versionSchema)
{
    const Dialect dialect = connection.dialect();
    const RunLogPlace legacy{versionSchema, {}, false, {}};
    Result<bool> here = tableAt(connection, place);
    if (!here)
        return here.error();
    const auto createHere = [&] {
        return execAll(connection, {createTableSql(dialect, place.schema)}, QStringLiteral("Could not create the run log table retort_log"));
    };
    if (!place.separate)
        return *here ? Status() : createHere();
    Result<bool> old = tableAt(connection, legacy);
    if (!old)
        return old.error();
    // The log stays where it was (or is made there), and the place's notice says why.
    const auto stayBehind = [&](const Error &why) {
        fallBack(place, versionSchema, connection, why);
        return *old ? Status() : createHere();
    };
    if (*here && !*old)
        return Status();

    // The place, the table and the move of an earlier log: one transaction on PostgreSQL (and inside
    // the lock's on SQLite); MySQL commits each statement of DDL by itself, and the move repeats
    // harmlessly if it is interrupted. Only a place the server refuses to make falls back.
    QStringList statements;
    if (!*here) {
        if (dialect != Dialect::SQLite) {
            Result<bool> exists = schemaExists(connection, place.schema);
            if (!exists)
                return exists.error();
            if (!*exists && dialect == Dialect::PostgreSQL) {
                if (Status onPath = checkSearchPath(connection, place.schema); !onPath)
                    return stayBehind(onPath.error());
            }
            if (!*exists)
                statements << (dialect == Dialect::PostgreSQL
                                   ? QStringLiteral("CREATE SCHEMA %1").arg(quoteIdentifier(dialect, place.schema))
                                   : QStringLiteral("CREATE DATABASE %1 DEFAULT CHARACTER SET utf8mb4").arg(quoteIdentifier(dialect, place.schema)));
        }
        statements << createTableSql(dialect, place.schema);
    }
    QStringList move;
    if (*old) {
        // Rows already moved (an interrupted move on MySQL) are skipped by the primary key.
        const QString insert = dialect == Dialect::MySQL ? QStringLiteral("INSERT IGNORE INTO")
                               : dialect == Dialect::SQLite ? QStringLiteral("INSERT OR IGNORE INTO")
                                                            : QStringLiteral("INSERT INTO");
        move << QStringLiteral("%1 %2 (%4) SELECT %4 FROM %3%5")
                    .arg(insert, qualified(dialect, place.schema), qualified(dialect, legacy.schema), QLatin1String(kColumns),
                         dialect == Dialect::PostgreSQL ? QStringLiteral(" ON CONFLICT DO NOTHING") : QString())
             << QStringLiteral("DROP TABLE %1").arg(qualified(dialect, legacy.schema));
    }
    QSqlDatabase db = connection.database();
    const bool ownTransaction = dialect == Dialect::PostgreSQL;
    if (ownTransaction && !db.transaction())
        return connection.queryError(QStringLiteral("Could not begin a transaction for the run log"), db.lastError());
    const auto finish = [&](Status done) {
        if (ownTransaction) {
            if (done.ok() && !db.commit())
                done = connection.queryError(QStringLiteral("Could not commit the run log's place"), db.lastError());
            if (!done.ok())
                db.rollback();
        }
        return done;
    };
    if (Status made = execAll(connection, statements, QStringLiteral("Could not make the run log's place %1").arg(place.schema));
        !made.ok()) {
        finish(made);
        if (dialect == Dialect::SQLite)
            return made;
        return stayBehind(made.error());   // the server refused (no right to create a schema or a database)
    }
    return finish(execAll(connection, move, QStringLiteral("Could not move the run log to %1").arg(place.schema)));
}

} // namespace

Status ensureTable(const Connection &connection, RunLogPlace &place, const QString &versionSchema)
{
    if (Status made = ensureTablePlace(connection, place, versionSchema); !made)
        return made;
    Result<bool> has = hasStatementsColumn(connection, place);
    if (!has)
        return has.error();
    if (*has)
        return Status();
    return execAll(connection, {QStringLiteral("ALTER TABLE %1 ADD COLUMN %2 TEXT").arg(qualified(connection, place.schema), kStatementsColumn)},
                   QStringLiteral("Could not add the statements column to the run log"));
}

BoundStatement appendStatement(Dialect dialect, const RunLogEntry &e, const RunLogPlace &place)
{
    BoundStatement s;
    s.sql = QStringLiteral("INSERT INTO %1 (%2, %3) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .arg(qualified(dialect, place.schema), QLatin1String(kColumns), kStatementsColumn);
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
                e.retortVersion,
                e.statements.isEmpty() ? nullText : QVariant(statementsJson(e.statements))};
    return s;
}

Status append(const Connection &connection, const RunLogEntry &e, const RunLogPlace &place)
{
    const BoundStatement s = appendStatement(connection.dialect(), e, place);
    QSqlQuery q(connection.database());
    q.prepare(s.sql);
    for (const QVariant &value : s.values)
        q.addBindValue(value);
    if (!q.exec())
        return connection.queryError(QStringLiteral("Could not write to the run log retort_log"), q.lastError(), s.sql);
    return Status();
}

Result<QList<RunLogEntry>> readAll(const Connection &connection, const QString &versionSchema)
{
    QList<RunLogEntry> entries;
    Result<RunLogPlace> place = open(connection, versionSchema, false);
    if (!place)
        return place.error();
    Result<bool> there = tableAt(connection, *place);
    if (!there)
        return there.error();
    if (!*there) {
        // Not moved yet: where an earlier version kept it, if anywhere.
        place = RunLogPlace{versionSchema, {}, false, {}};
        there = tableAt(connection, *place);
        if (!there)
            return there.error();
        if (!*there)
            return entries;
    }
    Result<bool> withStatements = hasStatementsColumn(connection, *place);
    if (!withStatements)
        return withStatements.error();
    QSqlQuery q(connection.database());
    q.setForwardOnly(true);
    const QString sql = QStringLiteral("SELECT %1%2 FROM %3 ORDER BY started_at, run_id, step")
                            .arg(QLatin1String(kColumns), *withStatements ? QStringLiteral(", ") + kStatementsColumn : QString(),
                                 qualified(connection, place->schema));
    if (!q.exec(sql))
        return connection.queryError(QStringLiteral("Could not read the run log retort_log"), q.lastError(), sql);
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
        if (*withStatements)
            e.statements = statementsFrom(q.value(16));
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
