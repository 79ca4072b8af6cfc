// alembic.ini's [post_write_hooks]: programs run on each revision file Alembic writes (formatters
// such as black or ruff). Retort runs them the way Alembic does, on the files it writes (revision,
// merge, the window's revisions): "console_scripts" hooks call the named entry point of the project's
// Python, "exec" hooks (Alembic 1.12+) run the named program; options are split as Python's shlex
// does, with REVISION_SCRIPT_FILENAME standing for the file (put first when absent). Their commands
// are shown before they run; a hook that fails is reported and the file it ran on is kept.
#pragma once

#include "Result.h"
#include "project/Project.h"

namespace retort {

struct HookCommand
{
    QString name;            ///< the hook's name in alembic.ini
    QString program;
    QStringList arguments;
    QString workingDir;
    QString display;         ///< the command as a person reads it
};

/// The commands the project's hooks run on path (nothing is started). python: the interpreter whose
/// console scripts "console_scripts" hooks name. A hook Alembic would refuse (no type, an unknown
/// type, no entrypoint or executable, unbalanced quotes) is an error with the settings file's line.
Result<QList<HookCommand>> postWriteHookCommands(const Project &project, const QString &path, const QString &python);

struct HookResult
{
    QString name;
    bool started = false;
    int exitCode = -1;
    QString output;          ///< standard output and error, as the hook printed them
    QString error;           ///< why it did not start or did not finish

    bool ok() const { return started && exitCode == 0 && error.isEmpty(); }
};

/// Runs one hook and waits for it (at most timeoutMs; it is killed then).
HookResult runPostWriteHook(const HookCommand &command, int timeoutMs = 120000);

/// Python's shlex.split (POSIX mode, no comments); unbalanced quotes are an error.
Result<QStringList> splitShellWords(const QString &text);

} // namespace retort
