// The linter's catalogue of rules and the report in its three forms: text for people, JSON for
// scripts, SARIF 2.1.0 for code-scanning tools.
#include "lint/MigrationLint.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>

namespace retort {

QString lintSeverityName(LintSeverity severity)
{
    return severity == LintSeverity::Error ? QStringLiteral("error") : QStringLiteral("warning");
}

const QList<LintRule> &lintRules()
{
    using S = LintSeverity;
    static const QList<LintRule> rules = {
        {QStringLiteral("drop-table"), S::Error, QStringLiteral("data loss"), QStringLiteral("any"),
         QStringLiteral("drops a table"),
         QStringLiteral("every row of the table is gone, and downgrade() can give the table back but not its rows"),
         QStringLiteral("stop using the table in a release first, back it up (or rename it and drop it a release later), then drop it")},
        {QStringLiteral("drop-column"), S::Error, QStringLiteral("data loss"), QStringLiteral("any"),
         QStringLiteral("drops a column"),
         QStringLiteral("the column's values are gone, and a running application that still reads or writes the column fails"),
         QStringLiteral("remove the column from the models and deploy first, keep a copy of the values, then drop it in a later revision")},
        {QStringLiteral("narrow-type"), S::Error, QStringLiteral("data loss"), QStringLiteral("any"),
         QStringLiteral("changes a column to a type that holds less (shorter length, smaller integer, fewer digits, text to number)"),
         QStringLiteral("values that do not fit make the statement fail on a table with rows, or are cut short or turned to 0 where the engine allows it (MySQL without strict mode)"),
         QStringLiteral("check the longest value first (SELECT max(length(col))), or add a new column, copy what fits, and switch over")},
        {QStringLiteral("unbounded-dml"), S::Error, QStringLiteral("data loss"), QStringLiteral("any"),
         QStringLiteral("UPDATE or DELETE without WHERE, or TRUNCATE"),
         QStringLiteral("it changes or removes every row of the table, which is rarely what a data migration means"),
         QStringLiteral("add the WHERE clause that selects the rows meant; if every row is meant, say so with '# retort: ignore=unbounded-dml'")},
        {QStringLiteral("not-null-without-default"), S::Error, QStringLiteral("fails on a non-empty table"), QStringLiteral("any"),
         QStringLiteral("adds a NOT NULL column without a server default to a table that already exists"),
         QStringLiteral("the existing rows have no value for the column, so the ALTER fails as soon as the table has a row (SQLite refuses it even when empty)"),
         QStringLiteral("add the column nullable (or with server_default=), fill it, then make it NOT NULL in a later step")},
        {QStringLiteral("unique-on-existing"), S::Warning, QStringLiteral("fails on a non-empty table"), QStringLiteral("any"),
         QStringLiteral("adds a unique constraint, unique index or primary key to a table that already exists, without removing duplicates first"),
         QStringLiteral("if two rows already share the value the statement fails, and on PostgreSQL and MySQL it reads the whole table under a lock to find out"),
         QStringLiteral("look for duplicates first (SELECT col, count(*) … GROUP BY col HAVING count(*) > 1) and clean them in the same revision before the constraint")},
        {QStringLiteral("index-not-concurrent"), S::Warning, QStringLiteral("long lock"), QStringLiteral("postgresql"),
         QStringLiteral("CREATE INDEX on an existing PostgreSQL table without CONCURRENTLY"),
         QStringLiteral("a plain CREATE INDEX blocks every INSERT, UPDATE and DELETE on the table until the whole index is built"),
         QStringLiteral("op.create_index(..., postgresql_concurrently=True) inside 'with op.get_context().autocommit_block():'")},
        {QStringLiteral("concurrently-in-transaction"), S::Error, QStringLiteral("long lock"), QStringLiteral("postgresql"),
         QStringLiteral("CREATE or DROP INDEX CONCURRENTLY outside an autocommit block"),
         QStringLiteral("PostgreSQL refuses CONCURRENTLY inside a transaction block, and Alembic runs each revision in one: the migration fails"),
         QStringLiteral("put the call inside 'with op.get_context().autocommit_block():'")},
        {QStringLiteral("type-rewrite"), S::Warning, QStringLiteral("long lock"), QStringLiteral("postgresql"),
         QStringLiteral("ALTER COLUMN TYPE that makes PostgreSQL rewrite the table"),
         QStringLiteral("the table and its indexes are rewritten under an ACCESS EXCLUSIVE lock: nothing can read or write it until the end"),
         QStringLiteral("only widen VARCHAR, change VARCHAR to TEXT or raise NUMERIC precision in place; otherwise add a new column, backfill it in batches and swap")},
        {QStringLiteral("constraint-not-valid"), S::Warning, QStringLiteral("long lock"), QStringLiteral("postgresql"),
         QStringLiteral("adds a foreign key or check constraint to an existing PostgreSQL table in one step"),
         QStringLiteral("PostgreSQL checks every row while holding a lock that blocks writes (for a foreign key, on both tables)"),
         QStringLiteral("op.execute('ALTER TABLE t ADD CONSTRAINT c … NOT VALID'), then 'ALTER TABLE t VALIDATE CONSTRAINT c' in a later revision, which does not block writes")},
        {QStringLiteral("set-not-null"), S::Warning, QStringLiteral("long lock"), QStringLiteral("postgresql"),
         QStringLiteral("SET NOT NULL on an existing PostgreSQL column"),
         QStringLiteral("PostgreSQL scans the whole table under an ACCESS EXCLUSIVE lock, and the statement fails if one row is NULL"),
         QStringLiteral("add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL (PostgreSQL 12 uses the valid check and skips the scan)")},
        {QStringLiteral("mysql-blocking-ddl"), S::Warning, QStringLiteral("long lock"), QStringLiteral("mysql"),
         QStringLiteral("DDL that MySQL 8.0 and MariaDB 10.3+ cannot run online (ALGORITHM=COPY)"),
         QStringLiteral("changing a column's type or dropping the primary key copies the whole table, and writes wait until the copy ends"),
         QStringLiteral("widen VARCHAR within the same length-byte size only, or use an online schema change tool (pt-online-schema-change, gh-ost)")},
        {QStringLiteral("sqlite-batch-cascade"), S::Error, QStringLiteral("engine trap"), QStringLiteral("sqlite"),
         QStringLiteral("a SQLite batch rebuild of a table that other tables reference with ON DELETE CASCADE or SET NULL"),
         QStringLiteral("the rebuild drops the old table; with PRAGMA foreign_keys on (as many apps set it) that drop deletes or nulls the child rows"),
         QStringLiteral("run it with foreign keys off (Retort's runner does; for Alembic, PRAGMA foreign_keys=OFF before the transaction in env.py), or avoid the rebuild")},
        {QStringLiteral("mysql-ddl-with-data"), S::Warning, QStringLiteral("engine trap"), QStringLiteral("mysql"),
         QStringLiteral("a MySQL revision that mixes schema changes and data changes"),
         QStringLiteral("MySQL commits each DDL statement at once, so a failure half-way leaves the schema changed, the data half migrated and the version row old: it cannot be rolled back or run again"),
         QStringLiteral("split it: one revision for the schema change, one for the data")},
        {QStringLiteral("enum-value-in-transaction"), S::Error, QStringLiteral("engine trap"), QStringLiteral("postgresql"),
         QStringLiteral("ALTER TYPE … ADD VALUE in a transaction, then the new value used in the same revision"),
         QStringLiteral("PostgreSQL refuses to use an enum value added in the same transaction (\"unsafe use of new value\"), and before version 12 refuses ADD VALUE in a transaction at all"),
         QStringLiteral("add the value inside 'with op.get_context().autocommit_block():', or use it in the next revision")},
        {QStringLiteral("server-default-per-engine"), S::Warning, QStringLiteral("engine trap"), QStringLiteral("any"),
         QStringLiteral("a server_default whose SQL only some engines accept"),
         QStringLiteral("the revision works on one engine and fails on another (tests on SQLite, production on PostgreSQL)"),
         QStringLiteral("use sa.func.current_timestamp() / sa.text('CURRENT_TIMESTAMP') or a literal, or branch on op.get_context().dialect.name")},
        {QStringLiteral("downgrade-mismatch"), S::Warning, QStringLiteral("Alembic trap"), QStringLiteral("any"),
         QStringLiteral("downgrade() does not undo upgrade()"),
         QStringLiteral("after upgrade() then downgrade() the schema is not what it was: a later downgrade or a re-run of upgrade() fails, or leaves things behind"),
         QStringLiteral("make downgrade() undo each operation of upgrade(), in reverse order; check it with retort-cli stairway")},
        {QStringLiteral("unnamed-constraint"), S::Warning, QStringLiteral("Alembic trap"), QStringLiteral("any"),
         QStringLiteral("a foreign key, unique or check constraint without a name"),
         QStringLiteral("each engine invents its own name, so a later revision cannot drop it portably (op.drop_constraint needs a name; SQLite batch mode cannot drop it at all)"),
         QStringLiteral("name it, or set a naming_convention on the MetaData so every constraint gets a predictable name")},
        {QStringLiteral("imports-app-models"), S::Warning, QStringLiteral("Alembic trap"), QStringLiteral("any"),
         QStringLiteral("a revision that imports the application's own modules"),
         QStringLiteral("the revision runs against today's models, not the models of its time: when they change, the old revision breaks or does something else"),
         QStringLiteral("describe the tables the revision needs inside it (sa.table('t', sa.column('c')))")},
        {QStringLiteral("unmerged-heads"), S::Warning, QStringLiteral("Alembic trap"), QStringLiteral("any"),
         QStringLiteral("more than one head on one branch"),
         QStringLiteral("'alembic upgrade head' refuses to run with several heads, and the team's databases end up at different places"),
         QStringLiteral("retort-cli merge heads (or alembic merge heads)")},
    };
    return rules;
}

const LintRule *lintRule(const QString &id)
{
    for (const LintRule &r : lintRules()) {
        if (r.id == id)
            return &r;
    }
    return nullptr;
}

int LintReport::errorCount() const
{
    return int(std::count_if(findings.cbegin(), findings.cend(), [](const LintFinding &f) { return f.severity == LintSeverity::Error; }));
}

int LintReport::warningCount() const
{
    return int(findings.size()) - errorCount();
}

namespace {

QString relative(const QString &path, const QString &root)
{
    return root.isEmpty() ? path : QDir(root).relativeFilePath(path);
}

QString functionOf(const LintFinding &f)
{
    return f.revision.isEmpty() ? QString() : f.upgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade");
}

} // namespace

QString lintText(const LintReport &report, const QString &projectRoot)
{
    QString out;
    for (const LintFinding &f : report.findings) {
        out += QStringLiteral("%1:%2: %3 [%4] (%5) %6\n")
                   .arg(relative(f.file, projectRoot)).arg(f.line)
                   .arg(lintSeverityName(f.severity), f.rule, f.engine, f.upgrade || f.message.startsWith(QLatin1String("downgrade()")) ? f.message : QStringLiteral("downgrade(): ") + f.message);
        out += QStringLiteral("    why: %1\n    safer: %2\n").arg(f.why, f.saferWay);
    }
    out += QStringLiteral("%1 revision(s) checked: %2 error(s), %3 warning(s)")
               .arg(report.revisionsChecked).arg(report.errorCount()).arg(report.warningCount());
    if (report.silenced > 0)
        out += QStringLiteral(", %1 silenced by '# retort: ignore='").arg(report.silenced);
    out += QLatin1Char('\n');
    if (!report.notLinted.isEmpty())
        out += QStringLiteral("not checked (their operations need Python to be known): %1\n").arg(report.notLinted.join(QStringLiteral(", ")));
    return out;
}

QByteArray lintJson(const LintReport &report, const QString &projectRoot)
{
    QJsonArray findings;
    for (const LintFinding &f : report.findings) {
        findings.append(QJsonObject{{QStringLiteral("rule"), f.rule},
                                    {QStringLiteral("severity"), lintSeverityName(f.severity)},
                                    {QStringLiteral("revision"), f.revision},
                                    {QStringLiteral("function"), functionOf(f)},
                                    {QStringLiteral("file"), relative(f.file, projectRoot)},
                                    {QStringLiteral("line"), f.line},
                                    {QStringLiteral("engine"), f.engine},
                                    {QStringLiteral("message"), f.message},
                                    {QStringLiteral("why"), f.why},
                                    {QStringLiteral("safer_way"), f.saferWay}});
    }
    const QJsonObject root{{QStringLiteral("findings"), findings},
                           {QStringLiteral("errors"), report.errorCount()},
                           {QStringLiteral("warnings"), report.warningCount()},
                           {QStringLiteral("silenced"), report.silenced},
                           {QStringLiteral("revisions_checked"), report.revisionsChecked},
                           {QStringLiteral("not_checked"), QJsonArray::fromStringList(report.notLinted)}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QByteArray lintSarif(const LintReport &report, const QString &projectRoot)
{
    QJsonArray rules;
    QHash<QString, int> ruleIndex;
    for (const LintRule &r : lintRules()) {
        ruleIndex.insert(r.id, int(rules.size()));
        rules.append(QJsonObject{
            {QStringLiteral("id"), r.id},
            {QStringLiteral("shortDescription"), QJsonObject{{QStringLiteral("text"), r.summary}}},
            {QStringLiteral("fullDescription"), QJsonObject{{QStringLiteral("text"), r.why}}},
            {QStringLiteral("help"), QJsonObject{{QStringLiteral("text"), r.saferWay}}},
            {QStringLiteral("defaultConfiguration"), QJsonObject{{QStringLiteral("level"), lintSeverityName(r.severity)}}},
            {QStringLiteral("properties"), QJsonObject{{QStringLiteral("category"), r.category}, {QStringLiteral("engines"), r.engines}}}});
    }
    QJsonArray results;
    for (const LintFinding &f : report.findings) {
        const QJsonObject region{{QStringLiteral("startLine"), qMax(1, f.line)}};
        const QJsonObject physical{{QStringLiteral("artifactLocation"), QJsonObject{{QStringLiteral("uri"), relative(f.file, projectRoot)},
                                                                                     {QStringLiteral("uriBaseId"), QStringLiteral("PROJECTROOT")}}},
                                   {QStringLiteral("region"), region}};
        results.append(QJsonObject{
            {QStringLiteral("ruleId"), f.rule},
            {QStringLiteral("ruleIndex"), ruleIndex.value(f.rule)},
            {QStringLiteral("level"), lintSeverityName(f.severity)},
            {QStringLiteral("message"), QJsonObject{{QStringLiteral("text"),
                                                     QStringLiteral("%1 (%2). Why: %3. Safer: %4").arg(f.message, f.engine, f.why, f.saferWay)}}},
            {QStringLiteral("locations"), QJsonArray{QJsonObject{{QStringLiteral("physicalLocation"), physical}}}},
            {QStringLiteral("properties"), QJsonObject{{QStringLiteral("revision"), f.revision}, {QStringLiteral("engine"), f.engine}}}});
    }
    const QJsonObject driver{{QStringLiteral("name"), QStringLiteral("retort-lint")}, {QStringLiteral("rules"), rules}};
    const QJsonObject run{{QStringLiteral("tool"), QJsonObject{{QStringLiteral("driver"), driver}}},
                          {QStringLiteral("originalUriBaseIds"),
                           QJsonObject{{QStringLiteral("PROJECTROOT"),
                                        QJsonObject{{QStringLiteral("uri"), QUrl::fromLocalFile(projectRoot + QLatin1Char('/')).toString()}}}}},
                          {QStringLiteral("results"), results}};
    const QJsonObject root{{QStringLiteral("$schema"), QStringLiteral("https://json.schemastore.org/sarif-2.1.0.json")},
                           {QStringLiteral("version"), QStringLiteral("2.1.0")},
                           {QStringLiteral("runs"), QJsonArray{run}}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QSet<QString> lintIgnoredOnLine(const QString &line)
{
    static const QRegularExpression comment(QStringLiteral("#\\s*retort:\\s*ignore\\s*=\\s*([A-Za-z0-9_,\\- ]+)"));
    QSet<QString> out;
    const QRegularExpressionMatch m = comment.match(line);
    if (!m.hasMatch())
        return out;
    for (const QString &id : m.captured(1).split(QLatin1Char(','), Qt::SkipEmptyParts))
        out.insert(id.trimmed());
    return out;
}

} // namespace retort
