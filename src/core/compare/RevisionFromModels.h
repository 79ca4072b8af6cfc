// `alembic revision [--autogenerate]` as one call for both front ends: the head to build on, the
// models compared with the database (which must be at the heads), the operations rendered into the
// project's template. The file is rendered, not written: the window shows it for review first.
#pragma once

#include "compare/ProjectComparison.h"
#include "migrations/ProjectHistory.h"
#include "migrations/RevisionWriter.h"

namespace retort {

struct RevisionRequest
{
    QString message;
    QString head;                 ///< the revision to build on; empty: the single head (refused when there are several)
    bool autogenerate = false;    ///< compare the models with connection's database (needs a connection)
    /// op.batch_alter_table blocks; empty: batchModeFor() decides (the same for every front end).
    std::optional<bool> batch;
    ProjectComparisonOptions comparison;   ///< requireAtHeads is always on for autogenerate
    QString revisionId;           ///< --rev-id
    QString branchLabel;          ///< --branch-label
    QStringList dependsOn;        ///< --depends-on, as typed (ids, partial ids, branch labels)
    bool splice = false;          ///< --splice: head may be a revision that is not a head
    QString versionPath;          ///< --version-path
};

struct PreparedRevision
{
    RenderedRevision file;
    QStringList detected;                 ///< Alembic's "Detected …" line of every operation
    QStringList notes;                    ///< what the author must look at
    QList<ModelDiagnostic> diagnostics;   ///< what the model reader could not follow
    int operations = 0;
    bool batch = false;                   ///< written in batch mode
};

/// Whether a revision for project on dialect is written in batch mode when the user does not say:
/// when env.py asks for it (render_as_batch=True), and always on SQLite, whose ALTER TABLE cannot
/// change a column or a constraint (Flask-Migrate's advice for SQLite projects).
bool batchModeFor(const Project &project, Dialect dialect);

/// connection may be null when !request.autogenerate.
Result<PreparedRevision> prepareRevision(const Project &project, const ProjectHistory &history, const Connection *connection,
                                         const RevisionRequest &request);

} // namespace retort
