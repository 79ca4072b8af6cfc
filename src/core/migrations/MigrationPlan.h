// What an upgrade, downgrade or stamp does, step by step, and how each step changes the version
// table — computed from the revision graph and the table's current rows, as Alembic computes it.
#pragma once

#include "Result.h"
#include "connection/DatabaseUrl.h"
#include "migrations/RevisionGraph.h"

#include <QStringList>

#include <functional>

namespace retort {

struct VersionChange
{
    enum class Kind { Insert, Update, Delete };
    Kind kind = Kind::Insert;
    QString from;   ///< Update/Delete: the row changed or removed
    QString to;     ///< Insert/Update: the new row

    /// The statement as Alembic prints it in --sql output: the table's name quoted as the dialect needs
    /// (optionally schema-qualified), the ids as escaped literals. For showing, never for running.
    QString sql(Dialect dialect, const QString &table = QStringLiteral("alembic_version"), const QString &schema = {}) const;
    /// The same statement with the ids as bind parameters (?), for running; their values, in order.
    QString boundSql(Dialect dialect, const QString &table, const QString &schema, QStringList *values) const;

private:
    QString render(Dialect dialect, const QString &table, const QString &schema,
                   const std::function<QString(const QString &)> &value) const;
};

struct MigrationStep
{
    bool upgrade = true;
    bool stamp = false;
    int revision = -1;              ///< graph index of the revision run (-1 for stamp steps)
    QStringList fromRevisions;      ///< without dependencies, for messages ("a, b -> c")
    QStringList toRevisions;
    QString doc;                    ///< first paragraph of the revision's docstring
    QList<VersionChange> versionChanges;
    QStringList rowsAfter;          ///< the version table after this step, sorted

    /// "upgrade a, b -> c, doc" like Alembic's "Running upgrade …" log line.
    QString describe() const;
    /// "upgrade a, b -> c", for reports.
    QString title() const;
};

/// Version rows for reports: "a, b", or "base (no rows)".
QString versionRowsText(const QStringList &rows);

struct MigrationPlan
{
    enum class Kind { Upgrade, Downgrade, Stamp };
    Kind kind = Kind::Upgrade;
    QString target;
    QStringList rowsBefore;         ///< sorted
    QStringList rowsAfter;          ///< sorted
    QList<MigrationStep> steps;
    bool purge = false;             ///< stamp --purge: the table is emptied first
};

/// Plans against graph. Errors carry Alembic's own wording where Alembic refuses.
Result<MigrationPlan> planUpgrade(const RevisionGraph &graph, const QStringList &currentRows, const QString &target);
Result<MigrationPlan> planDowngrade(const RevisionGraph &graph, const QStringList &currentRows, const QString &target);
Result<MigrationPlan> planStamp(const RevisionGraph &graph, const QStringList &currentRows, const QStringList &targets,
                                bool purge);

/// The revisions `alembic history -r base:head` lists, newest first (base and head as typed; empty
/// means "base" and "heads").
Result<QVector<int>> historyRevisions(const RevisionGraph &graph, const QString &base, const QString &head);

/// The revisions `alembic current` shows for these version rows; rows not in the scripts are an error.
Result<QVector<int>> currentRevisions(const RevisionGraph &graph, const QStringList &rows);

/// The revisions `alembic show` shows for an identifier.
Result<QVector<int>> resolveRevisions(const RevisionGraph &graph, const QString &identifier);

} // namespace retort
