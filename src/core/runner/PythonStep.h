// One revision that needs Python, run through the worker inside the runner's guarantees (see
// runMigration): the version-table change and the run-log row in its transaction, on SQLite the lock's
// write transaction handed to the worker for the revision, and a failure reported as a native one.
// Internal to runner/.
#pragma once

#include "runner/MigrationRunner.h"

namespace retort {

class MigrationLock;
class PythonWorker;

struct PythonStepContext
{
    const Connection &connection;
    PythonWorker &worker;
    MigrationLock *lock;
    const RevisionScript &script;
    const MigrationStep &step;
    int index;
    int count;
    const QStringList &rowsNow;
    bool createVersionTable;
    const VersionTableName &versionTable;
    const RunObserver &observer;
    const StepCommitStatements &beforeCommit;
    QString function = {};   ///< the function to run (multi-database projects: upgrade_<bind>); empty: upgrade/downgrade
};

Status runPythonStep(const PythonStepContext &context);

} // namespace retort
