// The schema at a revision without touching a database: the revisions' native operations run on a
// scratch in-memory SQLite database (the offline script's replay), and the result read back. Names
// of tables and columns carry over to every engine; types and defaults are SQLite's, so comparisons
// with a live server's schema stay with names.
#pragma once

#include "Result.h"
#include "runner/MigrationRunner.h"
#include "schema/Schema.h"

namespace retort {

/// The schema an empty database has after an upgrade to targets (revision ids; empty: base). Fails
/// when a revision needs Python, a statement does not run on SQLite, or one reaches outside the copy.
Result<Schema> simulatedSchema(RevisionOperationSource &source, const QStringList &targets,
                               const VersionTableName &versionTable = {});

/// Where the live schema and the schema at a revision differ in the names of tables, columns and
/// plain (not unique) indexes, case-insensitive; the version table, Retort's log and the indexes
/// behind constraints left out. One sentence each, naming revision.
QStringList schemaNameDifferences(const Schema &live, const Schema &atRevision, const QString &revision,
                                  const QString &versionTable = QStringLiteral("alembic_version"));

/// How closely a database matches one revision's schema.
struct RevisionMatch
{
    QString revision;
    QStringList differences;   ///< empty: it matches exactly
};

/// Which revision a database is: every revision's computed schema next to live, the closest first
/// (fewest differences; among equals, the newer revision first). Revisions whose schema cannot be
/// computed (one on the way needs Python) are named in unknown with the reason.
QList<RevisionMatch> identifyRevision(RevisionOperationSource &source, const Schema &live, const QString &versionTable,
                                      QStringList *unknown = nullptr);

} // namespace retort
