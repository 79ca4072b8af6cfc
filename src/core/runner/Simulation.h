// The schema at a revision without touching a database, two ways: for SQLite, the revisions' native
// operations run on a scratch in-memory SQLite database (the offline script's replay) and the result
// is read back; for every dialect, the operations are applied to a schema in memory (SchemaApplier),
// with that engine's types and the names it gives what revisions leave unnamed. Comparisons with a
// live database go by names, which carry over between the two.
#pragma once

#include "Result.h"
#include "runner/MigrationRunner.h"
#include "schema/Schema.h"

namespace retort {

/// The schema an empty database has after an upgrade to targets (revision ids; empty: base). Fails
/// when a revision needs Python, a statement does not run on SQLite, or one reaches outside the copy.
/// With python (a worker started for Alembic's offline mode on SQLite), the revisions that need Python
/// run through it and their statements run on the scratch copy; without it they stop the replay.
Result<Schema> simulatedSchema(RevisionOperationSource &source, const QStringList &targets,
                               const VersionTableName &versionTable = {}, PythonWorker *python = nullptr);

/// The upgrade from an empty database to targets, one after the other.
Result<MigrationPlan> planFromBase(const RevisionGraph &graph, const QStringList &targets);

/// The revisions of the upgrade to targets that need Python, in upgrade order, with the error that
/// names the first (file:line) and says the schema from it on is not known without running it.
struct PythonRevisions
{
    QStringList revisions;
    Error first;
};
/// Nothing when none does (or the plan cannot be made: computing the schema then says why).
std::optional<PythonRevisions> revisionsNeedingPython(RevisionOperationSource &source, const QStringList &targets);

/// The schema an empty database of this dialect has after an upgrade to targets, computed in memory
/// (no database, no scratch copy). Fails, naming the revision with file:line, when a revision needs
/// Python or runs SQL text that changes the schema.
Result<Schema> appliedSchema(RevisionOperationSource &source, const QStringList &targets, Dialect dialect,
                             const VersionTableName &versionTable = {}, bool mariadb = false);

/// simulatedSchema() for SQLite, appliedSchema() for the other dialects.
Result<Schema> schemaAtRevisions(RevisionOperationSource &source, const QStringList &targets, Dialect dialect,
                                 const VersionTableName &versionTable = {}, bool mariadb = false);

/// Where the live schema and the schema at a revision differ in the names of tables, columns and
/// plain (not unique) indexes, case-insensitive; the version table, Retort's log and the indexes
/// behind constraints left out. One sentence each, naming revision.
QStringList schemaNameDifferences(const Schema &live, const Schema &atRevision, const QString &revision,
                                  const QString &versionTable = QStringLiteral("alembic_version"));

/// Whether a stamp to rows (empty: base) leaves the version table telling the truth: the live tables
/// next to the schema at rows, compared by name.
struct StampCheck
{
    QStringList differences;   ///< empty when the tables match (or could not be compared: see unknown)
    QString unknown;           ///< why the schema at rows could not be computed or read; empty when compared
};
StampCheck checkStamp(const Connection &connection, RevisionOperationSource &source, const QStringList &rows,
                      const VersionTableName &versionTable);

/// One difference between two schemas, and the revisions whose operations touch its table.
struct SchemaChange
{
    QString table;
    QString text;                 ///< "+ column crew_size INTEGER NULL", "- index ix_a (a)", "~ column a: …"
    QStringList causes;           ///< "b5c8d2e7f310 (alembic/versions/b5c8_index.py:20)", upgrades first
};

/// Everything that differs between two computed (or read) schemas, table by table in name order:
/// tables, columns (type, nullability, default), the primary key, indexes, foreign keys, unique and
/// check constraints.
QList<SchemaChange> diffSchemas(const Schema &from, const Schema &to);

/// schema-diff: the schemas at from and at to (revision ids, labels, heads; "base" for none) on
/// dialect, computed as schemaAtRevisions does, their differences, and for each the revisions between the two
/// (in to's history and not in from's, and the other way round, whose downgrades undo them) whose
/// operations touch its table, with file:line.
/// With python, both schemas come from the SQLite replay with the revisions that need Python run
/// through it (as simulatedSchema does).
Result<QList<SchemaChange>> schemaChangesBetween(RevisionOperationSource &source, const QString &from, const QString &to,
                                                 const VersionTableName &versionTable = {}, Dialect dialect = Dialect::SQLite,
                                                 bool mariadb = false, PythonWorker *python = nullptr);

/// The changes as retort-cli schema-diff prints them: each table, its changes, and "by" lines with the
/// files shown relative to rootDir.
QString schemaChangesText(const QList<SchemaChange> &changes, const QString &rootDir);

/// How closely a database matches one revision's schema.
struct RevisionMatch
{
    QString revision;
    QStringList differences;   ///< empty: it matches exactly
};

/// Which revision a database of dialect is: the revisions' computed schemas next to live, the
/// closest first (fewest differences; among equals, the newer revision first). One replay of the
/// history in memory finds the revisions whose tables come closest and compares only those in full,
/// so the list holds the closest revisions, not all. When a revision runs SQL text that changes the
/// schema, the replay runs on a scratch SQLite copy instead; when the history cannot be replayed as a
/// whole (a revision needs Python), every revision is compared on its own, and those whose schema
/// cannot be computed are named in unknown with the reason.
QList<RevisionMatch> identifyRevision(RevisionOperationSource &source, const Schema &live, const QString &versionTable,
                                      Dialect dialect, QStringList *unknown = nullptr);

} // namespace retort
