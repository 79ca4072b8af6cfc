// The Python step: the request, the worker's statements as run events, and the failure report.
#include "runner/PythonStep.h"

#include "runner/MigrationLock.h"
#include "runner/PythonWorker.h"
#include "runner/VersionTable.h"
#include "ops/DdlCompiler.h"

#include <QRegularExpression>

namespace retort {

bool isReadOnlyStatement(const QString &sql)
{
    static const QRegularExpression reading(QStringLiteral(R"(^\s*(SELECT|SHOW|DESCRIBE|DESC|EXPLAIN|PRAGMA)\b)"),
                                            QRegularExpression::CaseInsensitiveOption);
    return reading.match(sql).hasMatch() && !sql.contains(QLatin1String("PRAGMA foreign_keys ="), Qt::CaseInsensitive);
}

// One revision through the project's Python: its statements reported as the worker runs them, the
// version-table change and the run-log row in its transaction, and on failure the same report as a
// native revision's (where the database stands, file:line, the statement and the driver's words).
Status runPythonStep(const PythonStepContext &c)
{
    const Dialect dialect = c.connection.dialect();
    const VersionTableName &vt = c.versionTable;
    PythonStepRequest request;
    request.path = c.script.path;
    request.revision = c.script.revision;
    request.upgrade = c.step.upgrade;
    request.function = c.function;
    if (c.createVersionTable)
        request.before << BoundStatement{versionTableDdl(dialect, vt.table, vt.schema), {}, -1};
    QList<BoundStatement> versionStatements;
    for (const VersionChange &change : c.step.versionChanges) {
        QStringList values;
        const QString sql = change.boundSql(dialect, vt.table, vt.schema, &values);
        QVariantList bound;
        for (const QString &v : values)
            bound << v;
        versionStatements << BoundStatement{sql, bound, change.kind == VersionChange::Kind::Insert ? -1 : 1};
    }
    const QList<BoundStatement> logRow = c.beforeCommit ? c.beforeCommit(c.index) : QList<BoundStatement>();
    // Inside one transaction the run-log row goes first, so that the worker can send it with the
    // version-table change in one round trip; where each statement commits at once (MySQL) it goes
    // last, so that it never claims a revision whose version change failed.
    request.after = dialect == Dialect::MySQL ? versionStatements + logRow : logRow + versionStatements;
    request.foreignKeyCheck = dialect == Dialect::SQLite;

    if (c.lock) {
        if (Status handed = c.lock->handOver(); !handed)
            return handed;
    }
    QStringList applied;
    const std::optional<PythonStepFailure> failure = c.worker.runStep(request, [&](const QString &sql, int line) {
        if (!isReadOnlyStatement(sql))
            applied << sql.simplified();
        if (c.observer)
            c.observer(RunEvent{RunEvent::Kind::Statement, c.index, c.count, &c.step, sql.trimmed(), line, {}, true});
    });
    const Status takenBack = c.lock ? c.lock->takeBack() : Status();
    if (!failure) {
        if (takenBack.ok())
            return Status();
        Error e = takenBack.error();
        e.message = QStringLiteral("%1 completed and the version table is at %2, but %3")
                        .arg(c.step.title(), versionRowsText(c.step.rowsAfter), e.message);
        return e;
    }

    const PythonStepFailure &f = *failure;
    const DatabaseUrl &url = c.connection.url();
    QString what;
    if (f.workerDied)
        what = f.message;
    else if (f.stage == QLatin1String("load"))
        what = QStringLiteral("Python could not load the revision file (%1)").arg(f.message);
    else if (f.stage == QLatin1String("version"))
        what = QStringLiteral("the version table or the run log could not be updated (%1)").arg(f.message);
    else if (f.stage == QLatin1String("foreign keys"))
        what = f.message.section(QStringLiteral(": "), 1).section(QStringLiteral(": "), 0, 0);
    else if (f.stage == QLatin1String("commit"))
        what = QStringLiteral("the commit failed (%1)").arg(f.message);
    else if (f.stage == QLatin1String("begin"))
        what = QStringLiteral("the transaction could not start (%1)").arg(f.message);
    else if (!f.sql.isEmpty())
        what = QStringLiteral("the database refused a statement");
    else
        what = QStringLiteral("the revision raised %1").arg(f.message);
    if (!f.sql.isEmpty() && !applied.isEmpty() && applied.constLast() == f.sql.simplified())
        applied.removeLast();

    Error e;
    if (DdlCompiler(dialect).transactionalDdl()) {
        e.message = QStringLiteral("%1 failed: %2. Everything this revision did was rolled back; the version table is at %3.")
                        .arg(c.step.title(), what, versionRowsText(c.rowsNow));
    } else {
        e.message = QStringLiteral("%1 failed: %2. %3 does not roll back DDL: %4 of this revision's statements were applied%5; "
                                   "the version table is still at %6. Restore a backup, or finish the revision by hand and run "
                                   "stamp.")
                        .arg(c.step.title(), what, dialectDisplayName(dialect), QString::number(applied.size()),
                             applied.isEmpty() ? QString() : QStringLiteral(" (") + applied.join(QStringLiteral("; ")) + QLatin1Char(')'),
                             versionRowsText(c.rowsNow));
    }
    if (!takenBack.ok())
        e.message += QLatin1Char(' ') + takenBack.error().message;
    e.message = url.redact(e.message);
    const QStringList trace = f.traceback.trimmed().split(QLatin1Char('\n'));
    e.detail = url.redact(!f.detail.isEmpty() ? f.detail : trace.mid(std::max<qsizetype>(0, trace.size() - 6)).join(QLatin1Char('\n')));
    e.sql = f.sql.trimmed();
    e.file = !f.file.isEmpty() ? f.file : c.script.path;
    e.line = f.line;
    return e;
}

} // namespace retort
