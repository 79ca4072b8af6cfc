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

/// Where the live schema and the schema at a revision differ in the names of tables and columns
/// (case-insensitive; the version table and Retort's log left out), one sentence each, naming revision.
QStringList schemaNameDifferences(const Schema &live, const Schema &atRevision, const QString &revision,
                                  const QString &versionTable = QStringLiteral("alembic_version"));

} // namespace retort
