// Preview, lock, re-plan, back up, run, log, and read back where the database stands.
#include "runner/SafeMigration.h"

#include "runner/VersionTable.h"
#include "ops/DdlCompiler.h"
#include "data/TableRows.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace retort {

namespace {

QString failureBehaviourOf(Dialect dialect)
{
    switch (dialect) {
    case Dialect::PostgreSQL:
        return QStringLiteral("PostgreSQL runs each revision in its own transaction: a failing statement rolls its revision "
                              "back, and the revisions before it stay applied.");
    case Dialect::SQLite:
        return QStringLiteral("SQLite runs the whole migration in one transaction, each revision in a savepoint: a failing "
                              "statement rolls its revision back, and the revisions before it stay applied.");
    case Dialect::MySQL:
        return QStringLiteral("MySQL/MariaDB commit every DDL statement at once: a failing statement leaves the statements "
                              "before it in that revision applied, and the version table at the last completed revision.");
    }
    return {};
}

bool samePlan(const MigrationPlan &a, const MigrationPlan &b)
{
    if (a.steps.size() != b.steps.size() || a.rowsBefore != b.rowsBefore)
        return false;
    for (int i = 0; i < a.steps.size(); ++i) {
        const MigrationStep &x = a.steps.at(i);
        const MigrationStep &y = b.steps.at(i);
        if (x.revision != y.revision || x.upgrade != y.upgrade || x.versionChanges.size() != y.versionChanges.size())
            return false;
        for (int k = 0; k < x.versionChanges.size(); ++k) {
            const VersionChange &c = x.versionChanges.at(k);
            const VersionChange &d = y.versionChanges.at(k);
            if (c.kind != d.kind || c.from != d.from || c.to != d.to)
                return false;
        }
    }
    return true;
}

bool connectionAlive(const Connection &connection)
{
    if (!connection.database().isOpen())
        return false;
    QSqlQuery q(connection.database());
    return q.exec(QStringLiteral("SELECT 1")) && q.next();
}

// Rows of the log and the version table after a failure: over the run's own connection when it
// still answers, else over a fresh one.
struct Aftermath
{
    const Connection *connection = nullptr;
    std::unique_ptr<Connection> fresh;
    QString error;
};

Aftermath connectionForAftermath(const Connection &connection)
{
    Aftermath a;
    if (connectionAlive(connection)) {
        a.connection = &connection;
        return a;
    }
    Connection::Options options;
    options.purpose = QStringLiteral("recovery");
    Result<std::unique_ptr<Connection>> opened = Connection::open(connection.url(), options);
    if (opened) {
        a.fresh = std::move(opened.value());
        a.connection = a.fresh.get();
    } else {
        a.error = opened.error().toString();
    }
    return a;
}

} // namespace

QString DroppedObject::describe() const
{
    return column.isEmpty() ? QStringLiteral("table %1").arg(table) : QStringLiteral("column %1.%2").arg(table, column);
}

QList<DroppedObject> droppedObjects(RevisionOperationSource &source, const MigrationPlan &plan)
{
    static const QRegularExpression rawDrop(QStringLiteral(R"re(\bDROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?[`"]?([A-Za-z0-9_$.]+)[`"]?)re"),
                                            QRegularExpression::CaseInsensitiveOption);
    QList<DroppedObject> drops;
    for (const MigrationStep &step : plan.steps) {
        if (step.stamp || step.revision < 0)
            continue;
        const QString revision = source.graph().scriptOf(step.revision).revision;
        const OperationsRead &read = source.operations(step.revision, step.upgrade);
        std::function<void(const Operation &, const QString &)> visit = [&](const Operation &op, const QString &table) {
            switch (op.kind) {
            case Operation::Kind::DropTable:
                drops << DroppedObject{op.table, {}, revision, op.line};
                break;
            case Operation::Kind::DropColumn:
                drops << DroppedObject{op.table.isEmpty() ? table : op.table, op.name, revision, op.line};
                break;
            case Operation::Kind::Batch:
                for (const Operation &inner : op.batch)
                    visit(inner, op.table);
                break;
            case Operation::Kind::Execute: {
                QRegularExpressionMatchIterator it = rawDrop.globalMatch(op.sql);
                while (it.hasNext())
                    drops << DroppedObject{it.next().captured(1), {}, revision, op.line};
                break;
            }
            default:
                break;
            }
        };
        for (const Operation &op : read.operations)
            visit(op, {});
    }
    return drops;
}

namespace {

// The DELETE and UPDATE statements of the plan's native revisions, as the engine gets them.
QList<DataChange> dataChangesOf(RevisionOperationSource &source, const MigrationPlan &plan, Dialect dialect, bool mariadb)
{
    static const QRegularExpression changing(QStringLiteral(R"(^\s*(DELETE\s+FROM|UPDATE)\s+([`"]?[A-Za-z0-9_$.]+[`"]?))"),
                                             QRegularExpression::CaseInsensitiveOption);
    const DdlCompiler compiler(dialect, mariadb);
    QList<DataChange> changes;
    for (const MigrationStep &step : plan.steps) {
        if (step.stamp || step.revision < 0)
            continue;
        const OperationsRead &read = source.operations(step.revision, step.upgrade);
        if (read.needsPython)
            continue;
        const QString revision = source.graph().scriptOf(step.revision).revision;
        for (const Operation &op : read.operations) {
            if (op.kind != Operation::Kind::Execute || !op.runsOn(dialectKey(dialect)))
                continue;
            const Result<QList<SqlStatement>> statements = compiler.compile(op, nullptr);
            if (!statements)
                continue;
            for (const SqlStatement &s : *statements) {
                const QRegularExpressionMatch m = changing.match(s.sql);
                if (m.hasMatch())
                    changes << DataChange{s.sql.trimmed(), m.captured(2), revision, op.line, std::nullopt, {}};
            }
        }
    }
    return changes;
}

// The WHERE condition of a DELETE/UPDATE at the top level (outside quotes and parentheses); empty
// optional when the statement has a part a count cannot follow (FROM/JOIN/USING/RETURNING/ORDER/LIMIT).
std::optional<QString> topLevelCondition(const QString &sql, bool *hasWhere)
{
    *hasWhere = false;
    QChar quote;
    int depth = 0;
    static const QRegularExpression keyword(QStringLiteral(R"(^(WHERE|FROM|JOIN|USING|RETURNING|ORDER|LIMIT)\b)"),
                                            QRegularExpression::CaseInsensitiveOption);
    const qsizetype firstWord = sql.indexOf(QLatin1Char(' '));   // past DELETE / UPDATE
    for (qsizetype i = firstWord + 1; i < sql.size(); ++i) {
        const QChar c = sql.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == QLatin1Char('\'') || c == QLatin1Char('"') || c == QLatin1Char('`')) {
            quote = c;
            continue;
        }
        depth += c == QLatin1Char('(') ? 1 : c == QLatin1Char(')') ? -1 : 0;
        if (depth != 0 || (i > 0 && (sql.at(i - 1).isLetterOrNumber() || sql.at(i - 1) == QLatin1Char('_'))))
            continue;
        const QRegularExpressionMatch m = keyword.match(QStringView(sql).mid(i));
        if (!m.hasMatch())
            continue;
        const QString word = m.captured(1).toUpper();
        if (word == QLatin1String("FROM") && sql.left(i).trimmed().compare(QLatin1String("DELETE"), Qt::CaseInsensitive) == 0)
            continue;   // DELETE FROM t: the statement's own FROM
        if (word != QLatin1String("WHERE"))
            return std::nullopt;
        *hasWhere = true;
        QString rest = sql.mid(i + 5).trimmed();
        bool nested = false;
        if (topLevelCondition(QStringLiteral("X ") + rest, &nested) == std::nullopt)
            return std::nullopt;   // ORDER BY/LIMIT/RETURNING after the WHERE
        if (rest.endsWith(QLatin1Char(';')))
            rest.chop(1);
        return rest;
    }
    return QString();
}

// Only columns, literals, operators and AND/OR/NOT/IN/IS/NULL/LIKE/BETWEEN: no call, no subquery.
bool isPlainPredicate(const QString &condition)
{
    QString unquoted;
    QChar quote;
    for (const QChar c : condition) {
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == QLatin1Char('\''))
            quote = c;
        else
            unquoted += c;
    }
    if (unquoted.contains(QLatin1Char(';')) || unquoted.contains(QLatin1String("--")) || unquoted.contains(QLatin1String("/*")))
        return false;
    static const QRegularExpression call(QStringLiteral(R"(([A-Za-z_][A-Za-z0-9_$]*)\s*\()"));
    QRegularExpressionMatchIterator it = call.globalMatch(unquoted);
    while (it.hasNext()) {
        const QString word = it.next().captured(1).toUpper();
        if (word != QLatin1String("IN") && word != QLatin1String("AND") && word != QLatin1String("OR") && word != QLatin1String("NOT"))
            return false;
    }
    static const QRegularExpression select(QStringLiteral(R"(\bSELECT\b)"), QRegularExpression::CaseInsensitiveOption);
    return !select.match(unquoted).hasMatch();
}

} // namespace

void countDataChanges(const DatabaseUrl &url, QList<DataChange> *changes)
{
    if (changes->isEmpty())
        return;
    Result<std::unique_ptr<Connection>> opened = openReadOnly(url, QStringLiteral("count"), 5);
    if (!opened) {
        for (DataChange &c : *changes)
            c.notCounted = QStringLiteral("no read-only connection to count with");
        return;
    }
    const Connection &connection = **opened;
    {
        // A count that takes long is abandoned rather than waited for.
        QSqlQuery limit(connection.database());
        if (connection.dialect() == Dialect::PostgreSQL)
            limit.exec(QStringLiteral("SET statement_timeout = 3000"));
        else if (connection.dialect() == Dialect::MySQL)
            limit.exec(connection.serverVersion().contains(QLatin1String("MariaDB")) ? QStringLiteral("SET SESSION max_statement_time = 3")
                                                                                     : QStringLiteral("SET SESSION max_execution_time = 3000"));
    }
    for (DataChange &c : *changes) {
        bool hasWhere = false;
        const std::optional<QString> condition = topLevelCondition(c.sql, &hasWhere);
        if (!condition) {
            c.notCounted = QStringLiteral("the statement's form is not one Retort counts");
            continue;
        }
        if (hasWhere && !isPlainPredicate(*condition)) {
            c.notCounted = QStringLiteral("its condition calls functions or holds a subquery, which Retort does not run before you do");
            continue;
        }
        const QString count = QStringLiteral("SELECT COUNT(*) FROM %1%2").arg(c.table, hasWhere ? QStringLiteral(" WHERE ") + *condition : QString());
        QSqlQuery q(connection.database());
        if (!q.exec(count) || !q.next()) {
            c.notCounted = QStringLiteral("counting failed (%1)").arg(q.lastError().databaseText().simplified().left(160));
            continue;
        }
        c.rows = q.value(0).toLongLong();
    }
}

Result<MigrationPreview> previewMigration(const Connection &connection, RevisionOperationSource &source,
                                          const VersionTableName &versionTable, bool upgrade, const QString &target,
                                          bool withPython)
{
    Result<VersionTableState> state = readVersionTable(connection, versionTable);
    if (!state)
        return state.error();
    Result<MigrationPlan> plan = upgrade ? planUpgrade(source.graph(), state->revisions, target)
                                         : planDowngrade(source.graph(), state->revisions, target);
    if (!plan)
        return plan.error();
    if (Status notRunnable = checkRunnable(source, *plan, withPython); !notRunnable)
        return notRunnable.error();
    if (Status refused = checkCompiles(source, *plan, connection.dialect(), connection.serverVersion().contains(QLatin1String("MariaDB"))); !refused)
        return refused.error();
    MigrationPreview preview;
    preview.upgrade = upgrade;
    preview.target = target;
    preview.plan = *plan;
    preview.drops = droppedObjects(source, *plan);
    preview.dataChanges = dataChangesOf(source, *plan, connection.dialect(), connection.serverVersion().contains(QLatin1String("MariaDB")));
    preview.failureBehaviour = failureBehaviourOf(connection.dialect());
    preview.lockHolder = MigrationLock::holder(connection, versionTable.table);
    preview.pythonSteps = stepsNeedingPython(source, *plan);
    return preview;
}

Result<StampPreview> previewStamp(const Connection &connection, const RevisionGraph &graph, const VersionTableName &versionTable,
                                  const QStringList &targets, bool purge)
{
    Result<VersionTableState> state = readVersionTable(connection, versionTable);
    if (!state)
        return state.error();
    Result<MigrationPlan> plan = planStamp(graph, state->revisions, targets, purge);
    if (!plan)
        return plan.error();
    StampPreview out;
    out.preview.upgrade = true;
    out.preview.target = targets.join(QLatin1Char(' '));
    out.preview.plan = *plan;
    out.preview.failureBehaviour = QStringLiteral("A stamp changes only the version table, in one transaction, and runs no migration.");
    out.preview.lockHolder = MigrationLock::holder(connection, versionTable.table);
    QStringList sql;
    for (const MigrationStep &step : plan->steps) {
        for (const VersionChange &change : step.versionChanges)
            sql << change.sql(connection.dialect(), versionTable.table, versionTable.schema) + QLatin1Char(';');
    }
    out.sql = sql.join(QLatin1Char('\n'));
    return out;
}

MigrationOutcome runSafeMigration(const Connection &connection, RevisionOperationSource &source, const VersionTableName &versionTable,
                                  const MigrationPreview &confirmed, const MigrationOptions &options)
{
    MigrationOutcome out;
    RunLogEntry run = runlog::startRun(confirmed.upgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade"), confirmed.target);
    out.runId = run.runId;
    QElapsedTimer total;
    total.start();
    const auto stage = [&](const QString &text) {
        if (options.stage)
            options.stage(text);
    };

    // 1. The run log's place (on SQLite its file is attached before the lock's transaction begins),
    // the lock, then the plan again from the version table as it is now.
    Result<RunLogPlace> logPlace = runlog::open(connection, versionTable.schema, true);
    if (!logPlace) {
        out.error = logPlace.error();
        return out;
    }
    RunLogPlace &place = logPlace.value();
    Result<std::unique_ptr<MigrationLock>> lock = MigrationLock::acquire(connection, versionTable.table, options.lockTimeoutSeconds,
                                                                         options.waiting);
    if (!lock) {
        out.error = lock.error();
        return out;
    }
    MigrationLock &held = **lock;
    const auto giveUp = [&](const Error &error) {
        held.release(false);
        out.error = error;
        return out;
    };
    Result<VersionTableState> state = readVersionTable(connection, versionTable);
    if (!state)
        return giveUp(state.error());
    out.rowsBefore = state->revisions;
    out.rowsAfter = state->revisions;
    Result<MigrationPlan> plan = confirmed.upgrade ? planUpgrade(source.graph(), state->revisions, confirmed.target)
                                                   : planDowngrade(source.graph(), state->revisions, confirmed.target);
    if (!plan)
        return giveUp(plan.error());
    if (plan->steps.isEmpty()) {
        out.nothingToDo = true;
        held.release(true);
        return out;
    }
    if (!samePlan(*plan, confirmed.plan))
        return giveUp(makeError(QStringLiteral("The database changed after the plan was made: it was at %1 and is now at %2. "
                                               "Nothing was changed; look at the new plan and run again.")
                                    .arg(versionRowsText(confirmed.plan.rowsBefore), versionRowsText(state->revisions))));
    if (Status notRunnable = checkRunnable(source, *plan, bool(options.startPython)); !notRunnable)
        return giveUp(notRunnable.error());
    run.fromRevisions = state->revisions;
    // A run that stops before its first revision says so in the log.
    const auto notStarted = [&](Error e) {
        e.message += QStringLiteral(" Nothing was migrated.");
        run.outcome = runlog::kNotStarted;
        run.message = e.toString();
        run.durationMs = total.elapsed();
        run.toRevisions = state->revisions;
        if (runlog::ensureTable(connection, place, versionTable.schema).ok())
            runlog::append(connection, run, place);
        out.runLogNotice = place.notice;
        held.release(true);
        out.error = e;
        return out;
    };

    // 2. The project's Python, when a revision of the plan needs it: started before the backup, so
    // that an interpreter without Alembic or an env.py that fails stops the run before anything.
    std::unique_ptr<PythonWorker> python;
    if (!stepsNeedingPython(source, *plan).isEmpty()) {
        stage(QStringLiteral("Starting Python"));
        Result<std::unique_ptr<PythonWorker>> started = options.startPython();
        if (!started)
            return notStarted(started.error());
        python = std::move(started.value());
        if (options.pythonStarted)
            options.pythonStarted(*python);
    }

    // 3. The backup, taken under the lock so that it is exactly what the migration starts from.
    if (options.backup) {
        stage(QStringLiteral("Backing up the database"));
        Result<BackupInfo> backup = createBackup(connection, state->revisions, options.backupPath, options.backupProgress);
        if (!backup)
            return notStarted(backup.error());
        out.backup = *backup;
        run.backupPath = backup->path;
        if (options.backupFinished)
            options.backupFinished(*backup);
    }
    if (Status problem = runlog::ensureTable(connection, place, versionTable.schema); !problem)
        return giveUp(problem.error());
    out.runLogNotice = place.notice;
    if (options.envIncludesSchemas && place.separate && place.file.isEmpty())
        out.runLogNotice = runlog::includeSchemasNotice(place);
    if (python && !place.file.isEmpty())
        python->attachSqlite(place.schema, place.file);

    // 4. The run; each completed step is logged inside its own transaction.
    QVector<QString> shas(plan->steps.size());
    for (int i = 0; i < plan->steps.size(); ++i) {
        shas[i] = runlog::scriptSha256(source.graph().scriptOf(plan->steps.at(i).revision).path);
    }
    int currentStep = -1;
    QStringList statementsOfStep;
    QElapsedTimer stepTimer;
    QDateTime stepStarted;
    const RunObserver observer = [&](const RunEvent &event) {
        if (event.kind == RunEvent::Kind::StepStarted) {
            currentStep = event.stepIndex;
            statementsOfStep.clear();
            stepTimer.start();
            stepStarted = QDateTime::currentDateTimeUtc();
        } else if (event.kind == RunEvent::Kind::Statement && !isReadOnlyStatement(event.sql)) {
            statementsOfStep << event.sql;
        } else if (event.kind == RunEvent::Kind::StepFinished) {
            out.stepsCompleted = event.stepIndex + 1;
        } else if (event.kind == RunEvent::Kind::Caught) {
            // The log keeps the statement, marked as the one that failed and was caught.
            if (!statementsOfStep.isEmpty() && statementsOfStep.last() == event.sql)
                statementsOfStep.last() = QStringLiteral("-- failed and caught by the revision's try/except:\n-- ") + event.sql;
            out.caught << QStringLiteral("%1: %2").arg(event.step->title(), event.note);
        }
        if (options.observer)
            options.observer(event);
    };
    const auto stepEntry = [&](int index, const QString &outcome, const QString &message) {
        const MigrationStep &step = plan->steps.at(index);
        RunLogEntry e = run;
        e.step = index + 1;
        e.startedAt = stepStarted.isValid() ? stepStarted : QDateTime::currentDateTimeUtc();
        e.fromRevisions = index == 0 ? plan->rowsBefore : plan->steps.at(index - 1).rowsAfter;
        e.toRevisions = outcome == runlog::kOk ? step.rowsAfter : e.fromRevisions;
        e.revision = source.graph().scriptOf(step.revision).revision;
        e.durationMs = stepTimer.isValid() ? stepTimer.elapsed() : 0;
        e.outcome = outcome;
        e.message = message;
        e.scriptSha256 = shas.at(index);
        e.statements = statementsOfStep;
        return e;
    };
    const StepCommitStatements logStep = [&](int index) {
        return QList<BoundStatement>{runlog::appendStatement(connection.dialect(), stepEntry(index, runlog::kOk, {}), place)};
    };
    stage(QStringLiteral("Migrating"));
    const Status problem = runMigration(connection, source, *plan,
                                        RunSettings{versionTable, observer, &held, logStep, options.cancelRequested, python.get()});
    if (python)
        python->stop();

    if (problem.ok()) {
        run.step = 0;
        run.toRevisions = plan->rowsAfter;
        run.durationMs = total.elapsed();
        run.outcome = runlog::kOk;
        runlog::append(connection, run, place);
        if (Status released = held.release(true); !released) {
            out.error = released.error();
            out.stepsCompleted = 0;
        }
        out.rowsAfter = plan->rowsAfter;
        Result<VersionTableState> after = readVersionTable(connection, versionTable);
        if (after)
            out.rowsAfter = after->revisions;
        return out;
    }

    // 5. Failure (or a cancel between revisions): log it, release the lock, and read back where the database stands.
    out.error = problem.error();
    out.cancelled = problem.error().message.startsWith(kRunCancelled);
    const bool transactional = DdlCompiler(connection.dialect()).transactionalDdl();
    if (!transactional) {
        out.appliedOfFailedStep = statementsOfStep;
        if (!statementsOfStep.isEmpty() && statementsOfStep.constLast() == problem.error().sql)
            out.appliedOfFailedStep.removeLast();
    }
    Aftermath after = connectionForAftermath(connection);
    if (after.fresh && !place.file.isEmpty()) {
        if (!runlog::open(*after.connection, versionTable.schema, true))
            after.connection = nullptr;
    }
    if (after.connection) {
        if (currentStep >= 0 && currentStep >= out.stepsCompleted) {
            const QString outcome = transactional ? runlog::kRolledBack
                                    : out.appliedOfFailedStep.isEmpty() ? runlog::kFailed : runlog::kPartial;
            runlog::append(*after.connection, stepEntry(currentStep, outcome, problem.error().toString()), place);
        }
        Result<VersionTableState> rows = readVersionTable(*after.connection, versionTable);
        if (rows) {
            out.rowsAfter = rows->revisions;
        } else {
            out.rowsKnown = false;
        }
        run.step = 0;
        run.toRevisions = out.rowsAfter;
        run.durationMs = total.elapsed();
        run.outcome = out.cancelled ? runlog::kCancelled : runlog::kFailed;
        run.message = problem.error().toString();
        runlog::append(*after.connection, run, place);
    } else {
        out.rowsKnown = false;
    }
    // SQLite: the commit keeps the revisions that completed (and the log rows). If it fails they are
    // gone too: say so, and read the rows again.
    if (const Status released = held.release(true); !released) {
        out.error->message += QStringLiteral(" Committing the revisions that completed failed as well (%1), so none of "
                                             "this run was kept.").arg(released.error().toString());
        out.stepsCompleted = 0;
        Result<VersionTableState> rows = readVersionTable(connection, versionTable);
        out.rowsKnown = rows.ok();
        if (rows)
            out.rowsAfter = rows->revisions;
    }
    return out;
}

RestoreOutcome restoreWithLog(const Connection &connection, const BackupInfo &backup, const VersionTableName &versionTable,
                              int lockTimeoutSeconds, const MigrationLock::WaitObserver &waiting)
{
    RestoreOutcome out;
    if (Status problem = checkRestoreTarget(connection, backup); !problem) {
        out.error = problem.error();
        return out;
    }
    RunLogEntry run = runlog::startRun(QStringLiteral("restore"), backup.path);
    run.backupPath = backup.path;
    QElapsedTimer timer;
    timer.start();
    Result<VersionTableState> before = readVersionTable(connection, versionTable);
    run.fromRevisions = before ? before->revisions : QStringList();
    // The log of what happened since the backup must survive the restore.
    Result<QList<RunLogEntry>> logBefore = runlog::readAll(connection, versionTable.schema);

    // SQLite's backup API takes the write lock itself; the servers' restores run under the migration lock.
    std::unique_ptr<MigrationLock> lock;
    if (connection.dialect() != Dialect::SQLite) {
        Result<std::unique_ptr<MigrationLock>> taken = MigrationLock::acquire(connection, versionTable.table, lockTimeoutSeconds, waiting);
        if (!taken) {
            out.error = taken.error();
            return out;
        }
        lock = std::move(taken.value());
    }
    const Status problem = restoreBackup(connection, backup);
    if (lock)
        lock->release(true);

    Aftermath after = connectionForAftermath(connection);
    if (!after.connection) {
        out.error = !problem.ok() ? problem.error() : makeError(QStringLiteral("The restore finished but the database no longer answers: %1").arg(after.error));
        return out;
    }
    const Connection &c = *after.connection;
    Result<RunLogPlace> place = runlog::open(c, versionTable.schema, true);
    if (place && runlog::ensureTable(c, place.value(), versionTable.schema).ok()) {
        if (logBefore) {
            Result<QList<RunLogEntry>> logAfter = runlog::readAll(c, versionTable.schema);
            QSet<QString> present;
            if (logAfter) {
                for (const RunLogEntry &e : *logAfter)
                    present.insert(e.runId + QLatin1Char('/') + QString::number(e.step));
            }
            for (const RunLogEntry &e : *logBefore) {
                if (!present.contains(e.runId + QLatin1Char('/') + QString::number(e.step)))
                    runlog::append(c, e, *place);
            }
        }
        Result<VersionTableState> now = readVersionTable(c, versionTable);
        out.rowsAfter = now ? now->revisions : QStringList();
        run.toRevisions = out.rowsAfter;
        run.durationMs = timer.elapsed();
        run.outcome = !problem.ok() ? runlog::kFailed : runlog::kOk;
        run.message = !problem.ok() ? problem.error().toString() : QStringLiteral("restored %1").arg(backup.summary());
        runlog::append(c, run, *place);
    }
    if (!problem.ok())
        out.error = problem.error();
    return out;
}

} // namespace retort
