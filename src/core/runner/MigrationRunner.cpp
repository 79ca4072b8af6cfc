// The runner. Per revision: (SQLite) foreign keys off outside the transaction, BEGIN where DDL is
// transactional, each operation compiled against the live schema and run, the version-table change,
// (SQLite) PRAGMA foreign_key_check, COMMIT, foreign keys restored. Any failure rolls back what the
// engine can and stops with a report of where the database now stands.
// The --sql script is OfflineSql.cpp's.
#include "runner/MigrationRunner.h"

#include "runner/ConventionNames.h"
#include "runner/MigrationLock.h"
#include "runner/PythonStep.h"
#include "runner/PythonWorker.h"
#include "runner/RevisionCompile.h"
#include "runner/VersionTable.h"
#include "connection/DbapiError.h"
#include "ops/OpReader.h"
#include "ops/SchemaOracles.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>

namespace retort {

namespace {

// pysqlite (and QSQLITE, silently) run only the first statement of a string.
bool hasSecondStatement(const QString &sql)
{
    static const QRegularExpression trigger(QStringLiteral(R"(^\s*CREATE\s+(TEMP\s+|TEMPORARY\s+)?TRIGGER\b)"),
                                            QRegularExpression::CaseInsensitiveOption);
    if (trigger.match(sql).hasMatch())
        return false;
    QChar quote;
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const QChar c = sql.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            quote = c;
        } else if (c == QLatin1Char('-') && sql.mid(i, 2) == QLatin1String("--")) {
            i = sql.indexOf(QLatin1Char('\n'), i);
            if (i < 0)
                return false;
        } else if (c == QLatin1Char(';')) {
            QString rest = sql.mid(i + 1);
            rest.remove(QRegularExpression(QStringLiteral(R"(--[^\n]*)")));
            rest.remove(QLatin1Char(';'));
            return !rest.trimmed().isEmpty();
        }
    }
    return false;
}

// Retort's own statements before a native revision's commit (the run-log row).
Status execBound(const Connection &connection, const QList<BoundStatement> &statements)
{
    for (const BoundStatement &statement : statements) {
        QSqlQuery query(connection.database());
        query.prepare(statement.sql);
        for (const QVariant &value : statement.values)
            query.addBindValue(value);
        if (!query.exec())
            return connection.queryError(QStringLiteral("Could not write to the run log retort_log"), query.lastError(), statement.sql);
        if (statement.expectedRows >= 0 && query.numRowsAffected() != statement.expectedRows) {
            Error e = makeError(QStringLiteral("A statement of Retort's changed %1 rows instead of %2").arg(query.numRowsAffected())
                                    .arg(statement.expectedRows));
            e.sql = statement.sql;
            return e;
        }
    }
    return Status();
}

} // namespace

const OperationsRead &RevisionOperationSource::operations(int revision, bool upgrade)
{
    const auto key = std::make_pair(revision, upgrade);
    const auto it = m_cache.find(key);
    if (it != m_cache.end())
        return it->second;
    const QString path = m_graph.scriptOf(revision).path;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        OperationsRead failed;
        failed.needsPython = NeedsPython{0, 0, 0, QStringLiteral("the file cannot be read (%1)").arg(file.errorString())};
        m_cache[std::make_pair(revision, true)] = failed;
        m_cache[std::make_pair(revision, false)] = failed;
        return m_cache[key];
    }
    RevisionOperations ops = readRevisionFileOperations(file.readAll(), functionName(true), functionName(false), m_resolver);
    checkNamingConvention(&ops.upgrade);
    checkNamingConvention(&ops.downgrade);
    m_cache[std::make_pair(revision, true)] = ops.upgrade;
    m_cache[std::make_pair(revision, false)] = ops.downgrade;
    return m_cache[key];
}

void RevisionOperationSource::selectBind(const QString &bind)
{
    m_bind = bind;
    m_cache.clear();
}

QString RevisionOperationSource::functionName(bool upgrade) const
{
    const QString base = upgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade");
    return m_bind ? base + QLatin1Char('_') + *m_bind : base;
}

void RevisionOperationSource::checkNamingConvention(OperationsRead *read) const
{
    if (read->needsPython)
        return;
    if (!m_convention) {
        static const NamingConventionUse fallback = sqlalchemyDefaultConvention();
        nameByConvention(fallback, read);
        return;
    }
    const NamingConventionUse &use = *m_convention;
    if (use.readable) {
        nameByConvention(use, read);
        return;
    }
    // What SQLAlchemy would name by the convention: unnamed constraints of the kinds it covers, and
    // names not wrapped in op.f() when a template uses %(constraint_name)s.
    const auto decided = [&use](const QString &name, bool converted, const char *kind) {
        if (name.isEmpty())
            return use.namesUnnamed(QString::fromLatin1(kind));
        return use.renamesNamed(QString::fromLatin1(kind)) && !converted;
    };
    static const char *kinds[] = {"pk", "fk", "uq", "ck"};
    std::function<QString(const Operation &)> firstDecided = [&](const Operation &op) -> QString {
        for (const ConstraintDef &k : op.constraints) {
            if (decided(k.name, k.nameConverted, kinds[int(k.kind)]))
                return k.name.isEmpty() ? QStringLiteral("an unnamed %1 constraint").arg(QString::fromLatin1(kinds[int(k.kind)]))
                                        : QStringLiteral("constraint '%1'").arg(k.name);
        }
        for (const IndexDef &i : op.indexes) {
            if (decided(i.name, i.nameConverted, "ix"))
                return QStringLiteral("index '%1'").arg(i.name);
        }
        bool explicitPk = false;
        for (const ConstraintDef &k : op.constraints)
            explicitPk = explicitPk || k.kind == ConstraintDef::Kind::PrimaryKey;
        for (const ColumnDef &c : op.columns) {
            if (c.primaryKey && !explicitPk && op.kind == Operation::Kind::CreateTable && use.namesUnnamed(QStringLiteral("pk")))
                return QStringLiteral("the unnamed primary key");
            if (c.unique && !c.index && use.namesUnnamed(QStringLiteral("uq")))
                return QStringLiteral("the unnamed unique constraint of column '%1'").arg(c.name);
            if (c.index)
                return QStringLiteral("the index of column '%1'").arg(c.name);
            if (c.type.createConstraint && use.namesUnnamed(QStringLiteral("ck")))
                return QStringLiteral("the CHECK constraint of column '%1'").arg(c.name);
            for (const ForeignKeyRef &fk : c.foreignKeys) {
                if (decided(fk.name, fk.nameConverted, "fk"))
                    return QStringLiteral("the foreign key of column '%1'").arg(c.name);
            }
        }
        // drop_constraint without type_ makes a plain Constraint, which no convention key names (SQLAlchemy's
        // _get_convention looks the class up): its name is kept.
        static const char *dropKinds[] = {"", "fk", "pk", "uq", "ck"};   // ConstraintType's order
        const QString dropKind = op.kind == Operation::Kind::DropIndex ? QStringLiteral("ix")
                                                                       : QString::fromLatin1(dropKinds[int(op.constraintType)]);
        const bool typed = op.kind == Operation::Kind::DropIndex || op.constraintType != ConstraintType::Unspecified;
        if ((op.kind == Operation::Kind::DropConstraint || op.kind == Operation::Kind::DropIndex) && typed
            && use.renamesNamed(dropKind) && !op.nameConverted)
            return QStringLiteral("'%1'").arg(op.name);
        for (const Operation &inner : op.batch) {
            const QString found = firstDecided(inner);
            if (!found.isEmpty())
                return found;
        }
        return {};
    };
    for (const Operation &op : read->operations) {
        const QString what = firstDecided(op);
        if (what.isEmpty())
            continue;
        read->needsPython = NeedsPython{op.line, 0, 0,
                                        QStringLiteral("the project sets a naming_convention (%1:%2), which decides the name of "
                                                       "%3; Retort does not apply it yet (writing the name with op.f('…') "
                                                       "makes the revision runnable)")
                                            .arg(use.path).arg(use.line).arg(what)};
        read->operations.clear();
        return;
    }
}

QVector<std::optional<NeedsPython>> revisionsNeedingPython(RevisionOperationSource &source)
{
    QVector<std::optional<NeedsPython>> result(source.graph().size());
    for (int i = 0; i < source.graph().size(); ++i) {
        for (const bool upgrade : {true, false}) {
            const OperationsRead &ops = source.operations(i, upgrade);
            if (ops.needsPython && !result[i]) {
                result[i] = *ops.needsPython;
                result[i]->reason = (upgrade ? QStringLiteral("upgrade(): ") : QStringLiteral("downgrade(): ")) + result[i]->reason;
            }
        }
    }
    return result;
}

QList<std::pair<int, NeedsPython>> stepsNeedingPython(RevisionOperationSource &source, const MigrationPlan &plan)
{
    QList<std::pair<int, NeedsPython>> steps;
    for (int i = 0; i < plan.steps.size(); ++i) {
        const MigrationStep &step = plan.steps.at(i);
        if (step.stamp || step.revision < 0)
            continue;
        const OperationsRead &ops = source.operations(step.revision, step.upgrade);
        if (ops.needsPython)
            steps.append({i, *ops.needsPython});
    }
    return steps;
}

Status checkRunnable(RevisionOperationSource &source, const MigrationPlan &plan, bool withPython)
{
    const QList<std::pair<int, NeedsPython>> python = stepsNeedingPython(source, plan);
    for (const auto &[index, reason] : python) {
        if (!reason.failsInAlembic)
            continue;   // no Python would run this one either: refuse it before anything runs
        const MigrationStep &step = plan.steps.at(index);
        const RevisionScript &script = source.graph().scriptOf(step.revision);
        Error e = makeError(QStringLiteral("Revision %1 cannot %2: %3. Nothing was run.")
                                .arg(script.revision, step.upgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade"),
                                     reason.reason));
        e.file = script.path;
        e.line = reason.line;
        return e;
    }
    if (withPython || python.isEmpty())
        return Status();
    const MigrationStep &step = plan.steps.at(python.first().first);
    const RevisionScript &script = source.graph().scriptOf(step.revision);
    Error e = makeError(QStringLiteral("Revision %1 needs Python to %2: %3. Nothing was run; run it through the project's "
                                       "Python (choose the interpreter with --python or RETORT_PYTHON), or rewrite it "
                                       "with op.* calls.")
                            .arg(script.revision, step.upgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade"),
                                 python.first().second.reason));
    e.file = script.path;
    e.line = python.first().second.line;
    return e;
}

Status checkCompiles(RevisionOperationSource &source, const MigrationPlan &plan, Dialect dialect, bool mariadb)
{
    const DdlCompiler compiler(dialect, mariadb);
    // Compiled without a schema oracle: what asks the live database (MySQL alter_column's
    // existing column, SQLite's batch rebuilds) is left for the run itself.
    std::function<Status(const Operation &)> check = [&](const Operation &op) -> Status {
        if (op.kind == Operation::Kind::AlterColumn && dialect == Dialect::MySQL)
            return Status();
        if (op.kind == Operation::Kind::Batch) {
            if (dialect == Dialect::SQLite)
                return Status();
            if (op.recreate == BatchRecreate::Always && !op.batchCopyFrom)
                return Status();   // rebuilt from the live table when the run reaches it
            if (op.recreate == BatchRecreate::Always) {
                Result<QList<SqlStatement>> compiled = compiler.compile(op, nullptr);
                return compiled ? Status() : Status(compiled.error());
            }
            for (const Operation &inner : op.batch) {
                if (Status problem = check(inner); !problem)
                    return problem;
            }
            return Status();
        }
        Result<QList<SqlStatement>> compiled = compiler.compile(op, nullptr);
        return compiled ? Status() : Status(compiled.error());
    };
    for (const MigrationStep &step : plan.steps) {
        if (step.stamp || step.revision < 0)
            continue;
        const RevisionScript &script = source.graph().scriptOf(step.revision);
        const OperationsRead &read = source.operations(step.revision, step.upgrade);
        if (read.needsPython)
            continue;   // Alembic itself decides, when the worker runs it
        for (const Operation &op : read.operations) {
            Status problem = check(op);
            if (problem.ok())
                continue;
            Error e = problem.error();
            e.message = QStringLiteral("Revision %1 cannot %2 on %3: %4. Nothing was run.")
                            .arg(script.revision, step.upgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade"),
                                 dialectDisplayName(dialect), e.message);
            e.file = script.path;
            e.line = op.line;
            return e;
        }
    }
    return Status();
}

Status runMigration(const Connection &connection, RevisionOperationSource &source, const MigrationPlan &plan,
                    const RunSettings &settings)
{
    const VersionTableName &versionTable = settings.versionTable;
    const RunObserver &observer = settings.observer;
    MigrationLock *lock = settings.lock;
    const StepCommitStatements &beforeCommit = settings.beforeCommit;
    const std::function<bool()> &cancelRequested = settings.cancelRequested;
    if (Status notRunnable = checkRunnable(source, plan, settings.python != nullptr); !notRunnable)
        return notRunnable;
    const Dialect dialect = connection.dialect();
    const bool mariadb = connection.serverVersion().contains(QLatin1String("MariaDB"));
    if (Status refused = checkCompiles(source, plan, dialect, mariadb); !refused)
        return refused;
    const DdlCompiler compiler(dialect, mariadb);
    LiveSchemaOracle oracle(connection);
    QSqlDatabase db = connection.database();
    const bool transactional = compiler.transactionalDdl();
    const bool savepoints = lock && lock->holdsTransaction();   // SQLite under the migration lock

    Result<bool> exists = tableExists(connection, versionTable.table, versionTable.schema);
    if (!exists)
        return exists.error();
    bool createVersionTable = !*exists;

    const auto exec = [&](const QString &sql) -> std::optional<QSqlError> {
        QSqlQuery query(db);
        if (!query.exec(sql))
            return query.lastError();
        return std::nullopt;
    };
    const auto pragmaValue = [&](const QString &pragma) {
        QSqlQuery query(db);
        return query.exec(QStringLiteral("PRAGMA ") + pragma) && query.next() ? query.value(0).toInt() : 0;
    };

    QStringList rowsNow = plan.rowsBefore;
    for (int i = 0; i < plan.steps.size(); ++i) {
        const MigrationStep &step = plan.steps.at(i);
        if (cancelRequested && cancelRequested())
            return makeError(QStringLiteral("%1 after %2 of %3 revisions, before %4; the version table is at %5.")
                                 .arg(kRunCancelled).arg(i).arg(plan.steps.size()).arg(step.title(), versionRowsText(rowsNow)));
        const RevisionScript &script = source.graph().scriptOf(step.revision);
        const OperationsRead &ops = source.operations(step.revision, step.upgrade);
        if (observer)
            observer(RunEvent{RunEvent::Kind::StepStarted, i, int(plan.steps.size()), &step, {}, 0, {}, ops.needsPython.has_value()});
        if (ops.needsPython) {
            if (Status problem = runPythonStep(PythonStepContext{connection, *settings.python, lock, script, step, i,
                                                                 int(plan.steps.size()), rowsNow, createVersionTable,
                                                                 versionTable, observer, beforeCommit,
                                                                 source.bound() ? source.functionName(step.upgrade) : QString()});
                !problem)
                return problem;
            createVersionTable = false;
            rowsNow = step.rowsAfter;
            if (observer)
                observer(RunEvent{RunEvent::Kind::StepFinished, i, int(plan.steps.size()), &step, {}, 0, {}, true});
            continue;
        }

        // Foreign keys off outside the transaction (the lock did it for the whole run when it holds one).
        const bool foreignKeysWereOn = !savepoints && dialect == Dialect::SQLite && pragmaValue(QStringLiteral("foreign_keys")) == 1;
        if (foreignKeysWereOn)
            exec(QStringLiteral("PRAGMA foreign_keys = OFF"));
        const auto restoreForeignKeys = [&] {
            if (foreignKeysWereOn)
                exec(QStringLiteral("PRAGMA foreign_keys = ON"));
        };
        const auto begin = [&]() -> bool {
            if (savepoints)
                return !exec(QStringLiteral("SAVEPOINT retort_revision"));
            return db.transaction();
        };
        const auto commit = [&]() -> bool {
            if (savepoints)
                return !exec(QStringLiteral("RELEASE SAVEPOINT retort_revision"));
            return db.commit();
        };
        const auto rollback = [&] {
            if (savepoints) {
                exec(QStringLiteral("ROLLBACK TO SAVEPOINT retort_revision"));
                exec(QStringLiteral("RELEASE SAVEPOINT retort_revision"));
            } else {
                db.rollback();
            }
        };
        if (transactional && !begin()) {
            restoreForeignKeys();
            return connection.queryError(QStringLiteral("Could not start a transaction for %1").arg(step.title()), db.lastError());
        }

        QStringList applied;
        // PostgreSQL runs an autocommit_block as Alembic does: COMMIT before it, its statements outside a
        // transaction, BEGIN after it. (MySQL commits each DDL statement anyway; SQLite keeps the revision
        // in its transaction, which under Retort's lock spans the run.)
        const bool autocommits = transactional && !savepoints && dialect == Dialect::PostgreSQL;
        int inAutocommit = 0;        // the line of the autocommit block running now
        int autocommitLine = 0;      // of the last one entered
        QStringList committed;       // this revision's statements an autocommit block committed
        // Stops the run: rolls back where possible and says where the database stands.
        const auto failStep = [&](const QString &what, const QString &driverText, const QString &sql, int line) -> Error {
            if (transactional && db.isOpen() && !inAutocommit)
                rollback();
            restoreForeignKeys();
            Error e;
            const QStringList kept = committed + (inAutocommit ? applied : QStringList());
            if (autocommitLine && !kept.isEmpty()) {
                e.message = QStringLiteral("%1 failed: %2. The revision's autocommit_block at line %3 committed %4 of its "
                                           "statements (%5)%6; the version table is still at %7. Restore a backup, or finish "
                                           "the revision by hand and run stamp.")
                                .arg(step.title(), what).arg(autocommitLine).arg(kept.size())
                                .arg(kept.join(QStringLiteral("; ")),
                                     inAutocommit ? QString() : QStringLiteral(", and what ran after the block was rolled back"),
                                     versionRowsText(rowsNow));
            } else if (transactional) {
                e.message = QStringLiteral("%1 failed: %2. Everything this revision did was rolled back; the version table "
                                           "is at %3.").arg(step.title(), what, versionRowsText(rowsNow));
            } else {
                e.message = QStringLiteral("%1 failed: %2. %3 does not roll back DDL: %4 of this revision's statements were "
                                           "applied%5; the version table is still at %6. Restore a backup, or finish the "
                                           "revision by hand and run stamp.")
                                .arg(step.title(), what, dialectDisplayName(dialect), QString::number(applied.size()),
                                     applied.isEmpty() ? QString() : QStringLiteral(" (") + applied.join(QStringLiteral("; ")) + QLatin1Char(')'),
                                     versionRowsText(rowsNow));
            }
            e.detail = driverText;
            e.sql = sql;
            e.file = script.path;
            e.line = line;
            return e;
        };

        if (createVersionTable) {
            const QString ddl = versionTableDdl(dialect, versionTable.table, versionTable.schema);
            if (const std::optional<QSqlError> error = exec(ddl))
                return failStep(QStringLiteral("the version table could not be created"), error->text(), ddl, 0);
            createVersionTable = false;
        }

        const QSet<QString> scriptDrops = typesDroppedByScript(ops.operations);
        const TryHandler *skipping = nullptr;   // the try block whose failure was caught: the rest of it does not run
        // Leaves or enters an autocommit block: what ran so far is committed, or a new transaction begins.
        const auto switchAutocommit = [&](int block) -> std::optional<Error> {
            if (!autocommits || block == inAutocommit)
                return std::nullopt;
            if (inAutocommit) {
                committed << applied;
                applied.clear();
                if (observer)
                    observer(RunEvent{RunEvent::Kind::Statement, i, int(plan.steps.size()), &step, QStringLiteral("BEGIN"),
                                      inAutocommit, QStringLiteral("after the autocommit_block, a new transaction"), false});
                const int left = inAutocommit;
                inAutocommit = 0;
                if (!begin())
                    return failStep(QStringLiteral("could not begin a transaction after the autocommit_block at line %1")
                                        .arg(left), db.lastError().text(), {}, left);
            }
            if (block) {
                if (observer)
                    observer(RunEvent{RunEvent::Kind::Statement, i, int(plan.steps.size()), &step, QStringLiteral("COMMIT"), block,
                                      QStringLiteral("the autocommit_block at line %1 commits what ran before it and runs "
                                                     "outside a transaction").arg(block), false});
                if (!commit())
                    return failStep(QStringLiteral("the commit before the autocommit_block at line %1 failed").arg(block),
                                    db.lastError().text(), {}, block);
                committed << applied;
                applied.clear();
                inAutocommit = autocommitLine = block;
            }
            return std::nullopt;
        };
        for (const Operation &op : ops.operations) {
            if (skipping && op.tryHandler.get() == skipping)
                continue;
            skipping = nullptr;
            if (std::optional<Error> failed = switchAutocommit(op.autocommitBlock))
                return *failed;
            if (op.kind == Operation::Kind::Message) {
                if (observer && op.runsOn(dialectKey(dialect)))
                    observer(RunEvent{RunEvent::Kind::Message, i, int(plan.steps.size()), &step, {}, op.line, op.message, false});
                continue;
            }
            const Result<QList<SqlStatement>> statements = compileInRevision(compiler, op, &oracle, scriptDrops);
            if (!statements)
                return failStep(statements.error().message, statements.error().detail, {}, op.line);
            // In a try block on SQLite each operation is all or nothing, so a caught failure in the middle of a
            // batch rebuild leaves no half-built table (Alembic would leave its _alembic_tmp_ table behind).
            const bool guarded = op.tryHandler && dialect == Dialect::SQLite && transactional;
            if (guarded && exec(QStringLiteral("SAVEPOINT retort_try")))
                return failStep(QStringLiteral("could not set a savepoint for the try block at line %1").arg(op.tryHandler->line),
                                db.lastError().text(), {}, op.line);
            for (const SqlStatement &statement : *statements) {
                if (observer)
                    observer(RunEvent{RunEvent::Kind::Statement, i, int(plan.steps.size()), &step, statement.sql, statement.line,
                                      statement.note, false});
                if (dialect == Dialect::SQLite && hasSecondStatement(statement.sql))
                    return failStep(QStringLiteral("You can only execute one statement at a time (SQLite runs one statement "
                                                   "per call, as Python's sqlite3 does); split it into several op.execute() calls"),
                                    {}, statement.sql, statement.line);
                const std::optional<QSqlError> error = exec(statement.sql);
                if (!error) {
                    applied << statement.sql.simplified();
                    continue;
                }
                const QString detail = connection.queryError(QString(), *error).detail;
                const QString errorClass = dbapiErrorClass(dialect, *error);
                const TryHandler::Clause *clause = op.tryHandler ? op.tryHandler->catching(errorClass) : nullptr;
                if (!clause)
                    return failStep(QStringLiteral("the database refused a statement"), detail, statement.sql, statement.line);
                // What str(e) / str(e.orig) holds: the server's message, and for SQLAlchemy's wrapper the SQL too.
                QStringList output;
                const bool reraises = TryHandler::handle(*clause, error->databaseText() + QStringLiteral("\n[SQL: ")
                                                                      + statement.sql + QLatin1Char(']'), &output);
                const QString printed = output.isEmpty() ? QString()
                                                         : QStringLiteral(" Its handler prints: %1").arg(output.join(QStringLiteral(" / ")));
                if (reraises)
                    return failStep(QStringLiteral("the database refused a statement, and the revision's except clause at line "
                                                   "%1 raises it again.%2").arg(clause->line).arg(printed),
                                    detail, statement.sql, statement.line);
                if (dialect == Dialect::PostgreSQL && !inAutocommit)
                    return failStep(QStringLiteral("the database refused a statement. The revision's except clause at line %1 "
                                                   "catches this %2, but PostgreSQL aborts the transaction at a failed "
                                                   "statement, so under Alembic the next statement fails too")
                                        .arg(clause->line).arg(errorClass),
                                    detail, statement.sql, statement.line);
                if (guarded) {
                    exec(QStringLiteral("ROLLBACK TO SAVEPOINT retort_try"));
                    exec(QStringLiteral("RELEASE SAVEPOINT retort_try"));
                }
                if (observer)
                    observer(RunEvent{RunEvent::Kind::Caught, i, int(plan.steps.size()), &step, statement.sql, statement.line,
                                      QStringLiteral("%1 (%2), caught by the revision's except clause at line %3; the rest of "
                                                     "the try block at line %4 is skipped and the revision goes on.%5")
                                          .arg(errorClass, detail.simplified()).arg(clause->line).arg(op.tryHandler->line)
                                          .arg(printed),
                                      false});
                skipping = op.tryHandler.get();
                break;
            }
            if (guarded && !skipping && exec(QStringLiteral("RELEASE SAVEPOINT retort_try")))
                return failStep(QStringLiteral("could not release the savepoint of the try block at line %1").arg(op.tryHandler->line),
                                db.lastError().text(), {}, op.line);
        }
        if (std::optional<Error> failed = switchAutocommit(0))
            return *failed;
        for (const VersionChange &change : step.versionChanges) {
            QSqlQuery query(db);
            QString sql;
            if (!execVersionChange(query, dialect, change, versionTable.table, versionTable.schema, &sql))
                return failStep(QStringLiteral("the version table could not be updated"),
                                connection.queryError(QString(), query.lastError()).detail, sql, 0);
            if (change.kind != VersionChange::Kind::Insert && query.numRowsAffected() != 1)
                return failStep(QStringLiteral("the version table changed under Retort: %1 rows matched '%2'")
                                    .arg(query.numRowsAffected()).arg(change.from), {}, sql, 0);
        }
        if (dialect == Dialect::SQLite) {
            QSqlQuery check(db);
            if (check.exec(QStringLiteral("PRAGMA foreign_key_check")) && check.next()) {
                const QString detail = QStringLiteral("row %1 of table %2 refers to a missing row of %3")
                                           .arg(check.value(1).toString(), check.value(0).toString(), check.value(2).toString());
                return failStep(QStringLiteral("the revision would leave rows that break foreign keys"), detail,
                                QStringLiteral("PRAGMA foreign_key_check"), 0);
            }
        }
        if (beforeCommit) {
            if (Status problem = execBound(connection, beforeCommit(i)); !problem) {
                if (transactional)
                    return failStep(problem.error().message, problem.error().detail, problem.error().sql, 0);
                // Without transactions the revision is complete and recorded already: say only what is missing.
                Error e = problem.error();
                e.message = QStringLiteral("%1 completed and the version table is at %2, but %3")
                                .arg(step.title(), versionRowsText(step.rowsAfter), problem.error().message);
                return e;
            }
        }
        if (transactional && !commit())
            return failStep(QStringLiteral("the commit failed"), db.lastError().text(), {}, 0);
        restoreForeignKeys();
        rowsNow = step.rowsAfter;
        if (observer)
            observer(RunEvent{RunEvent::Kind::StepFinished, i, int(plan.steps.size()), &step, {}, 0, {}, false});
    }
    return Status();
}

} // namespace retort
