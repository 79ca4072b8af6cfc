// Writes new revision files as `alembic revision` / `alembic merge` do: a 12-hex-digit id, the
// file name from the project's file_template (every token Alembic knows: rev, slug, epoch, year,
// month, day, hour, minute, second, with Python's %-format flags, widths and precisions), the slug
// cut at truncate_slug_length, the date in the project's timezone, the text rendered from the
// project's script.py.mako and written in its output_encoding. Only the standard template's ${…}
// expressions are rendered; a template using other Mako features is refused rather than rendered
// wrongly. Post-write hooks are run by migrations/PostWriteHooks.
#pragma once

#include "Result.h"
#include "migrations/RevisionGraph.h"
#include "project/Project.h"

#include <QDateTime>

namespace retort {

struct NewRevision
{
    QString message;
    QStringList downRevisions;   ///< empty for a new base
    QString upgradeBody;         ///< lines of upgrade(), without indentation; empty: pass
    QString downgradeBody;
    QString imports;             ///< extra import lines
    QString revisionId;          ///< --rev-id; empty: a fresh random one
    QStringList branchLabels;    ///< --branch-label
    QStringList dependsOn;       ///< --depends-on, resolved (full ids, or branch labels kept as given)
    QString versionPath;         ///< --version-path; empty: the version folder (or the down revision's)
};

/// A fresh revision id (12 lowercase hex digits) not yet in graph.
QString newRevisionId(const RevisionGraph &graph);

/// The file name Alembic gives a revision made at createDate under settings ("<rev>_<slug>.py" by
/// default). A template that Python could not format, or whose name would leave the version folder,
/// is an error naming its line.
Result<QString> revisionFileName(const RevisionFileSettings &settings, const QString &revision, const QString &message,
                                  const QDateTime &createDate);
/// The default template's name: "<rev>_<slug>.py", the slug cut at 40 characters.
QString revisionFileName(const QString &revision, const QString &message);

/// Now, in the settings' timezone (local time when none); an unknown timezone is an error.
Result<QDateTime> revisionCreateDate(const RevisionFileSettings &settings);
/// The date as Python's str(datetime) prints it (the Create Date line): microseconds, and the UTC
/// offset when the date is in a timezone.
QString pythonDateText(const QDateTime &date, bool withOffset);

/// A revision rendered but not yet on disk, for review before it is saved.
struct RenderedRevision
{
    QString id;
    QString path;       ///< where it goes: the project's first version location
    QString text;
    QString encoding = QStringLiteral("utf-8");   ///< the project's output_encoding
};

/// Renders the revision's file text as writeRevision would write it.
Result<RenderedRevision> renderRevision(const Project &project, const RevisionGraph &graph, const NewRevision &revision);

/// Writes text to path in encoding (a new file only; never overwrites); returns the path. Text the
/// encoding cannot hold is an error, and nothing is written.
Result<QString> saveRevisionFile(const QString &path, const QString &text, const QString &encoding = QStringLiteral("utf-8"));

/// Renders and writes the revision into the project's first version location; returns the file's path.
/// Never overwrites a file.
Result<QString> writeRevision(const Project &project, const RevisionGraph &graph, const NewRevision &revision);

/// `alembic merge -m MESSAGE heads`: a revision whose down_revision is every head.
Result<QString> writeMergeOfHeads(const Project &project, const RevisionGraph &graph, const QString &message);

/// `alembic merge -m MESSAGE [--rev-id ID] [--branch-label L] REVISIONS…`: "heads" stands for every
/// head, other identifiers resolve as Alembic resolves them. Nothing is written on error.
Result<RenderedRevision> renderMerge(const Project &project, const RevisionGraph &graph, const QStringList &revisions,
                                     const NewRevision &options);

/// Where a new revision file goes, as Alembic decides: versionPath when given (one of the version
/// locations), else the only version location, else the folder of the first down revision's file.
Result<QString> versionFolderFor(const Project &project, const RevisionGraph &graph, const NewRevision &revision);

} // namespace retort
