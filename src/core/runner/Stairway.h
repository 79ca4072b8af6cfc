// The stairway check: on a scratch SQLite database, every revision is upgraded, downgraded and
// upgraded again, one at a time in upgrade order, and the schema read after each move: a downgrade
// must give back the schema from before its upgrade, and the upgrade after it the same schema again
// (pytest-alembic's up-down consistency, as one command). Never the user's database.
#pragma once

#include "Result.h"
#include "connection/DatabaseUrl.h"
#include "runner/MigrationRunner.h"

#include <QDateTime>

#include <functional>
#include <optional>

namespace retort {

struct StairwayStep
{
    enum class Outcome {
        Ok,
        UpgradeFails,       ///< the upgrade fails (detail: the error); the check stops there
        DowngradeFails,     ///< the downgrade fails (detail: the error); rolled back, the check goes on
        NotRestored,        ///< after the downgrade the schema differs from before the upgrade (detail: how)
        UpgradeDiffers,     ///< upgraded again, the schema differs from the first upgrade (detail: how)
        NeedsPython,        ///< a direction needs the project's Python: not run here (detail: why)
        BranchStep,         ///< up only: the step starts or ends with several heads, so no single downgrade undoes it
    };
    QString revision;
    QString title;          ///< "upgrade a -> b"
    Outcome outcome = Outcome::Ok;
    QString detail;

    bool problem() const { return outcome != Outcome::Ok && outcome != Outcome::BranchStep && outcome != Outcome::NeedsPython; }
    QString outcomeText() const;
};

/// Called after each revision with its result, its index and the count; returning false stops the check.
using StairwayProgress = std::function<bool(const StairwayStep &step, int index, int count)>;

/// Runs the check on a scratch SQLite file of its own (removed afterwards), or with server (a
/// PostgreSQL or MySQL/MariaDB URL) on a database it creates next to server's for the purpose
/// (<database>_stairway_<random>; the user must be allowed to create one) and drops afterwards;
/// server's own database is only used to create and drop it. Fails only when the scratch database
/// or the plan cannot be made; what each revision does is in the steps.
Result<QList<StairwayStep>> runStairway(RevisionOperationSource &source, const VersionTableName &versionTable = {},
                                        const StairwayProgress &progress = {}, const std::optional<DatabaseUrl> &server = {});

/// Where runStairway runs with server: "on a scratch SQLite database", "on a scratch database next to
/// postgresql://app:***@db/app" (no password).
QString stairwayPlace(const std::optional<DatabaseUrl> &server);

/// A project's last stairway check, kept so that the window and the command line show it again.
struct StairwayRecord
{
    QDateTime finished;          ///< UTC
    bool stopped = false;        ///< the user stopped it before the last revision
    QString where;               ///< "on a scratch SQLite database", "on a scratch database next to …"
    QList<StairwayStep> steps;
};

/// Where a project's record is kept: ~/.local/share/retort/stairway/<SHA-256 of its folder>.json
/// (outside the project: Retort writes nothing into it for this).
QString stairwayRecordPath(const QString &projectDir);
Status saveStairwayRecord(const QString &projectDir, const StairwayRecord &record);
/// The record, or nothing when none was kept (or it cannot be read: it is then checked anew).
std::optional<StairwayRecord> loadStairwayRecord(const QString &projectDir);

} // namespace retort
