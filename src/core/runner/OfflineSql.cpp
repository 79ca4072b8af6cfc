// The --sql script: a plan's statements as Alembic's offline mode prints them, each revision compiled
// against what the script has done so far (a scratch SQLite copy, or the replayed operations), and the
// revisions that need Python through the project's interpreter in Alembic's offline mode.
#include "runner/MigrationRunner.h"

#include "runner/PythonWorker.h"
#include "runner/RevisionCompile.h"
#include "runner/VersionTable.h"
#include "connection/DbapiError.h"
#include "connection/SqliteSandbox.h"
#include "ops/SchemaOracles.h"

#include <QFileInfo>
#include <QSqlQuery>

namespace retort {

Result<QString> offlineSql(Dialect dialect, RevisionOperationSource &source, const MigrationPlan &plan,
                           const VersionTableName &versionTable, const MigrationPlan *replay, bool warnOnly, PythonWorker *python,
                           const ScratchInspector &inspect)
{
    if (Status notRunnable = checkRunnable(source, plan, python != nullptr || warnOnly); !notRunnable)
        return notRunnable.error();
    if (replay) {
        if (Status notRunnable = checkRunnable(source, *replay, python != nullptr || warnOnly); !notRunnable)
            return notRunnable.error();
    }
    const DdlCompiler compiler(dialect);
    ReplayedSchemaOracle replayed;

    // SQLite: a scratch in-memory database follows the script, so batch rebuilds can read tables.
    std::unique_ptr<SqliteSandbox> scratch;
    std::unique_ptr<LiveSchemaOracle> scratchOracle;
    if (dialect == Dialect::SQLite) {
        Result<std::unique_ptr<SqliteSandbox>> opened = SqliteSandbox::open(QStringLiteral("offline-replay"));
        if (!opened)
            return opened.error();
        scratch = std::move(opened.value());
        scratchOracle = std::make_unique<LiveSchemaOracle>(scratch->connection());
    }
    SchemaOracle *oracle = scratchOracle ? static_cast<SchemaOracle *>(scratchOracle.get()) : &replayed;

    QString out;
    bool sandboxRefused = false;
    // Prints one statement (when print) and replays it on SQLite's scratch copy.
    const auto emitStatement = [&](const SqlStatement &s, const MigrationStep &step, const RevisionScript &script,
                                   bool print, const TryHandler *tolerated = nullptr) -> Status {
        if (print && !s.note.isEmpty())
            out += QStringLiteral("-- Retort: %1\n").arg(s.note);
        if (print)
            out += QString(s.sql).replace(QLatin1Char('\t'), QStringLiteral("    ")).trimmed() + QStringLiteral(";\n\n");
        if (!scratch)
            return Status();
        QSqlQuery query(scratch->connection().database());
        if (query.exec(s.sql))
            return Status();
        if (isSandboxTimeout(query.lastError())) {
            Error e = makeError(QStringLiteral("%1: replaying the script on a scratch copy took more than %2 s, "
                                               "so Retort stopped (a statement that never ends, such as an "
                                               "endless recursive query?)")
                                    .arg(step.title()).arg(scratch->budgetMs() / 1000));
            e.sql = s.sql;
            e.file = script.path;
            e.line = s.line;
            return e;
        }
        // The sandbox refused it (it reaches for a file or another database): Alembic's
        // --sql prints it without running it, and so does Retort, saying why.
        if (isSandboxRefusal(query.lastError())) {
            if (print)
                out += QStringLiteral("-- Retort: not replayed on the scratch copy (it would reach outside it): %1\n\n")
                           .arg(query.lastError().databaseText().simplified());
            sandboxRefused = true;
            return Status();
        }
        // After a refused statement the copy no longer follows the script, so a failure
        // says nothing about the real database.
        if (sandboxRefused) {
            if (print)
                out += QStringLiteral("-- Retort: on the scratch copy this statement fails after one that was not "
                                      "replayed: %1\n\n").arg(query.lastError().databaseText().simplified());
            return Status();
        }
        if (print && warnOnly) {
            out += QStringLiteral("-- Retort: on a copy of the schema this statement fails: %1\n\n")
                       .arg(query.lastError().text().simplified());
            return Status();
        }
        // Alembic prints the statements of a try block as they are; when one fails, the revision's
        // except clause catches it in a run, but a script run by hand stops there.
        if (tolerated && tolerated->catching(dbapiErrorClass(Dialect::SQLite, query.lastError()))) {
            if (print)
                out += QStringLiteral("-- Retort: on a copy of the schema the statement above fails (%1); the revision's "
                                      "try/except at line %2 catches that in a run, but a script stops there\n\n")
                           .arg(query.lastError().databaseText().simplified()).arg(tolerated->line);
            return Status();
        }
        Error e = makeError(QStringLiteral("%1: the statement fails on SQLite, so the script would stop here")
                                .arg(step.title()), query.lastError().text());
        e.sql = s.sql;
        e.file = script.path;
        e.line = s.line;
        return e;
    };
    // A revision that needs Python: its statements from Alembic's offline mode, through the worker.
    const auto pythonStep = [&](const MigrationStep &step, const RevisionScript &script, bool print) -> Status {
        if (!print && !scratch)
            return Status();   // the replay below a range only matters to SQLite's scratch copy
        if (!python) {
            // A preview without the project's Python (warnOnly): say where its statements will come from.
            if (print)
                out += QStringLiteral("-- Retort: revision %1 runs through the project's Python; its statements show as it runs, "
                                      "or here when asked for (Alembic's offline mode)\n\n").arg(script.revision);
            sandboxRefused = true;
            return Status();
        }
        Result<QStringList> statements = python->offlineStatements(script.path, step.upgrade,
                                                                   source.bound() ? source.functionName(step.upgrade) : QString());
        if (!statements && !print) {
            sandboxRefused = true;   // the scratch copy no longer follows what the database would hold
            return Status();
        }
        if (!statements) {
            if (print && warnOnly) {
                out += QStringLiteral("-- Retort: revision %1 runs through the project's Python, and %2 (%3:%4)\n\n")
                           .arg(script.revision, statements.error().message, QFileInfo(statements.error().file).fileName())
                           .arg(statements.error().line);
                sandboxRefused = true;   // the copy no longer follows the script
                return Status();
            }
            Error e = statements.error();
            e.message = QStringLiteral("%1: revision %2 runs through the project's Python, and %3").arg(step.title(), script.revision, e.message);
            return e;
        }
        for (QString text : std::as_const(*statements)) {
            text = text.trimmed();
            if (text.endsWith(QLatin1Char(';')))
                text.chop(1);
            SqlStatement statement;
            statement.sql = text;
            if (Status problem = emitStatement(statement, step, script, print); !problem)
                return problem;
        }
        return Status();
    };
    const auto compileStep = [&](const MigrationStep &step, bool print) -> Status {
        const RevisionScript &script = source.graph().scriptOf(step.revision);
        const OperationsRead &read = source.operations(step.revision, step.upgrade);
        if (read.needsPython)
            return pythonStep(step, script, print);
        const OperationList &ops = read.operations;
        const QSet<QString> scriptDrops = typesDroppedByScript(ops);
        // An autocommit_block: Alembic's --sql ends the transaction before it and begins one after it
        // where DDL is transactional (PostgreSQL).
        int inAutocommit = 0;
        const auto switchAutocommit = [&](int block) {
            if (dialect != Dialect::PostgreSQL || block == inAutocommit)
                return;
            if (inAutocommit && print)
                out += QStringLiteral("BEGIN;\n\n");
            if (block && print)
                out += QStringLiteral("-- Retort: the autocommit_block at line %1 commits what ran before it and runs outside a "
                                      "transaction: from here a failure cannot roll the revision back\nCOMMIT;\n\n").arg(block);
            inAutocommit = block;
        };
        for (const Operation &op : ops) {
            switchAutocommit(op.autocommitBlock);
            Result<QList<SqlStatement>> statements = compileInRevision(compiler, op, oracle, scriptDrops);
            if (!statements && warnOnly && dialect != Dialect::SQLite && op.kind == Operation::Kind::Batch
                && op.recreate == BatchRecreate::Always && !op.batchCopyFrom) {
                // A preview: the rebuild's statements follow the live table as the run finds it.
                if (print)
                    out += QStringLiteral("-- Retort: batch_alter_table(recreate=\"always\") at line %1 rebuilds table '%2' from the "
                                          "table as the run finds it; its statements show as it runs\n\n").arg(op.line).arg(op.table);
                continue;
            }
            if (!statements) {
                Error e = statements.error();
                e.message = QStringLiteral("%1: %2").arg(step.title(), e.message);
                e.file = script.path;
                return e;
            }
            if (op.kind == Operation::Kind::Message && print && op.runsOn(dialectKey(dialect)))
                out += QStringLiteral("-- Retort: the revision prints: %1\n\n").arg(op.message.simplified());
            for (const SqlStatement &s : *statements) {
                if (Status problem = emitStatement(s, step, script, print, op.tryHandler.get()); !problem)
                    return problem;
            }
            replayed.apply(op);
        }
        switchAutocommit(0);
        return Status();
    };

    if (replay) {
        for (const MigrationStep &step : replay->steps) {
            if (Status problem = compileStep(step, false); !problem)
                return problem.error();
        }
    }
    if (dialect == Dialect::PostgreSQL)
        out += QStringLiteral("BEGIN;\n\n");
    const auto emitSql = [&out](const QString &sql) {
        out += QString(sql).replace(QLatin1Char('\t'), QStringLiteral("    ")).trimmed() + QStringLiteral(";\n\n");
    };
    if (plan.rowsBefore.isEmpty() && plan.kind != MigrationPlan::Kind::Downgrade)
        emitSql(versionTableDdl(dialect, versionTable.table, versionTable.schema));
    for (const MigrationStep &step : plan.steps) {
        // A stamp runs no revision: only its version-table change, as Alembic's offline stamp prints it.
        out += step.stamp ? QStringLiteral("-- Running stamp_revision %1 -> %2\n\n")
                                .arg(step.fromRevisions.join(QStringLiteral(", ")), step.toRevisions.join(QStringLiteral(", ")))
                          : QStringLiteral("-- Running %1\n\n").arg(step.title());
        if (!step.stamp) {
            if (Status problem = compileStep(step, true); !problem)
                return problem.error();
        }
        for (const VersionChange &change : step.versionChanges) {
            QString sql = change.sql(dialect, versionTable.table, versionTable.schema);
            // Alembic 1.8 with SQLAlchemy 1.4 prints this on PostgreSQL; kept so scripts compare equal.
            if (dialect == Dialect::PostgreSQL && change.kind == VersionChange::Kind::Insert)
                sql += QStringLiteral(" RETURNING %1.version_num").arg(compiler.quote(versionTable.table));
            emitSql(sql);
        }
        if (inspect && scratch && !sandboxRefused) {
            if (Status inspected = inspect(scratch->connection(), int(&step - plan.steps.constData())); !inspected)
                return inspected.error();
        }
    }
    if (plan.kind == MigrationPlan::Kind::Downgrade && plan.rowsAfter.isEmpty())
        emitSql(QStringLiteral("DROP TABLE %1").arg(compiler.quoteTable(versionTable.table, versionTable.schema)));
    if (dialect == Dialect::PostgreSQL)
        out += QStringLiteral("COMMIT;\n\n");
    if (inspect && scratch) {
        if (sandboxRefused)
            return makeError(QStringLiteral("A statement of the plan reaches outside a scratch copy, so the copy does not follow it."));
        if (Status inspected = inspect(scratch->connection(), -1); !inspected)
            return inspected.error();
    }
    return out;
}

Result<QString> offlineSqlFrom(Dialect dialect, RevisionOperationSource &source, const MigrationPlan &plan,
                               const VersionTableName &versionTable, bool warnOnly, PythonWorker *python)
{
    if (plan.rowsBefore.isEmpty())
        return offlineSql(dialect, source, plan, versionTable, nullptr, warnOnly, python);
    MigrationPlan replay;
    QStringList rows;
    for (const QString &row : plan.rowsBefore) {
        Result<MigrationPlan> part = planUpgrade(source.graph(), rows, row);
        if (!part)
            return part.error();
        replay.steps << part->steps;
        rows = part->rowsAfter;
    }
    return offlineSql(dialect, source, plan, versionTable, &replay, warnOnly, python);
}

Result<QString> revisionSql(Dialect dialect, RevisionOperationSource &source, int revision, const VersionTableName &versionTable)
{
    const QString id = source.graph().at(revision).id;
    // The plan up to the revision ends with its own step; the steps before it are the replay.
    Result<MigrationPlan> full = planUpgrade(source.graph(), {}, id);
    if (!full)
        return full.error();
    if (full->steps.isEmpty() || full->steps.constLast().revision != revision)
        return makeError(QStringLiteral("Revision %1 has no upgrade step of its own.").arg(id));
    MigrationPlan replay = *full;
    replay.steps.removeLast();
    MigrationPlan one = *full;
    one.steps = {full->steps.constLast()};
    one.rowsBefore = replay.steps.isEmpty() ? QStringList() : replay.steps.constLast().rowsAfter;
    return offlineSql(dialect, source, one, versionTable, &replay);
}

} // namespace retort
