// Writes new revision files as `alembic revision` / `alembic merge` do: a 12-hex-digit id, the
// file name from Alembic's default template (<rev>_<slug>.py, slug cut at 40 characters), and the
// text rendered from the project's script.py.mako. Only the standard template's ${…} expressions are
// rendered; a template using other Mako features is refused rather than rendered wrongly.
#pragma once

#include "Result.h"
#include "migrations/RevisionGraph.h"
#include "project/Project.h"

namespace retort {

struct NewRevision
{
    QString message;
    QStringList downRevisions;   ///< empty for a new base
    QString upgradeBody;         ///< lines of upgrade(), without indentation; empty: pass
    QString downgradeBody;
    QString imports;             ///< extra import lines
};

/// A fresh revision id (12 lowercase hex digits) not yet in graph.
QString newRevisionId(const RevisionGraph &graph);

/// The file name Alembic gives a revision: "<rev>_<slug>.py".
QString revisionFileName(const QString &revision, const QString &message);

/// A revision rendered but not yet on disk, for review before it is saved.
struct RenderedRevision
{
    QString id;
    QString path;   ///< where it goes: the project's first version location
    QString text;
};

/// Renders the revision's file text as writeRevision would write it.
Result<RenderedRevision> renderRevision(const Project &project, const RevisionGraph &graph, const NewRevision &revision);

/// Writes text to path (a new file only; never overwrites); returns the path.
Result<QString> saveRevisionFile(const QString &path, const QString &text);

/// Renders and writes the revision into the project's first version location; returns the file's path.
/// Never overwrites a file.
Result<QString> writeRevision(const Project &project, const RevisionGraph &graph, const NewRevision &revision);

/// `alembic merge -m MESSAGE heads`: a revision whose down_revision is every head.
Result<QString> writeMergeOfHeads(const Project &project, const RevisionGraph &graph, const QString &message);

} // namespace retort
