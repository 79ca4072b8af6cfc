// Post-write hooks, as alembic/script/write_hooks.py runs them.
#include "migrations/PostWriteHooks.h"

#include <QDir>
#include <QProcess>
#include <QRegularExpression>

namespace retort {

namespace {

const QString kToken = QStringLiteral("REVISION_SCRIPT_FILENAME");

// Runs the console_scripts entry point named by the first argument with the rest as its arguments,
// as Alembic does with `python -c "import module; module.attr()" options…`.
const char *const kEntryPointRunner = R"(import sys
from importlib import metadata
name = sys.argv.pop(1)
points = metadata.entry_points()
group = points.select(group="console_scripts") if hasattr(points, "select") else points.get("console_scripts", [])
found = [p for p in group if p.name == name]
if not found:
    sys.exit("Could not find entrypoint console_scripts.%s" % name)
sys.exit(found[0].load()())
)";

QString quotedForDisplay(const QString &word)
{
    static const QRegularExpression plain(QStringLiteral(R"(^[A-Za-z0-9_./=:,+@%-]+$)"));
    if (plain.match(word).hasMatch())
        return word;
    return QLatin1Char('\'') + QString(word).replace(QLatin1Char('\''), QStringLiteral("'\"'\"'")) + QLatin1Char('\'');
}

} // namespace

Result<QStringList> splitShellWords(const QString &text)
{
    QStringList words;
    QString word;
    bool inWord = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isSpace()) {
            if (inWord)
                words << word;
            word.clear();
            inWord = false;
        } else if (c == QLatin1Char('\'')) {
            const qsizetype end = text.indexOf(QLatin1Char('\''), i + 1);
            if (end < 0)
                return makeError(QStringLiteral("No closing quotation"));
            word += QStringView(text).mid(i + 1, end - i - 1);
            i = end;
            inWord = true;
        } else if (c == QLatin1Char('"')) {
            qsizetype j = i + 1;
            for (; j < text.size() && text.at(j) != QLatin1Char('"'); ++j) {
                // Inside double quotes a backslash escapes only \ and " (shlex's escapedquotes).
                if (text.at(j) == QLatin1Char('\\') && j + 1 < text.size()
                    && (text.at(j + 1) == QLatin1Char('\\') || text.at(j + 1) == QLatin1Char('"')))
                    ++j;
                word += text.at(j);
            }
            if (j >= text.size())
                return makeError(QStringLiteral("No closing quotation"));
            i = j;
            inWord = true;
        } else if (c == QLatin1Char('\\')) {
            if (i + 1 >= text.size())
                return makeError(QStringLiteral("No escaped character"));
            word += text.at(++i);
            inWord = true;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord)
        words << word;
    return words;
}

Result<QList<HookCommand>> postWriteHookCommands(const Project &project, const QString &path, const QString &python)
{
    const RevisionFileSettings &settings = project.revisionFileSettings();
    QList<HookCommand> commands;
    for (const PostWriteHook &hook : settings.hooks) {
        const auto bad = [&](const QString &message) {
            Error e = makeError(message);
            e.file = settings.settingsFile;
            e.line = hook.line;
            return e;
        };
        QString options = hook.options;
        if (!options.contains(kToken))
            options = kToken + QLatin1Char(' ') + options;
        Result<QStringList> words = splitShellWords(options);
        if (!words)
            return bad(QStringLiteral("The options of post write hook '%1' cannot be split: %2.").arg(hook.name, words.error().message));
        for (QString &w : words.value())
            w.replace(kToken, path);
        HookCommand c;
        c.name = hook.name;
        c.workingDir = hook.cwd.isEmpty() ? project.rootDir() : QDir(project.rootDir()).absoluteFilePath(hook.cwd);
        QStringList shown;
        if (hook.type.isEmpty())
            return bad(QStringLiteral("Key %1.type is required for post write hook '%1'").arg(hook.name));
        if (hook.type == QLatin1String("console_scripts")) {
            if (hook.entrypoint.isEmpty())
                return bad(QStringLiteral("Key %1.entrypoint is required for post write hook '%1'").arg(hook.name));
            if (python.isEmpty())
                return bad(QStringLiteral("Post write hook '%1' runs the console script %2 of the project's Python, and no Python "
                                          "was found; choose one with --python or RETORT_PYTHON.").arg(hook.name, hook.entrypoint));
            c.program = python;
            c.arguments = QStringList{QStringLiteral("-c"), QString::fromUtf8(kEntryPointRunner), hook.entrypoint} + *words;
            shown << hook.entrypoint;
            c.display = QStringLiteral("(console script of %1) ").arg(python);
        } else if (hook.type == QLatin1String("exec")) {
            if (hook.executable.isEmpty())
                return bad(QStringLiteral("Key %1.executable is required for post write hook '%1'").arg(hook.name));
            c.program = hook.executable;
            c.arguments = *words;
            shown << hook.executable;
        } else {
            return bad(QStringLiteral("No formatter with name '%1' registered (post write hook '%2'; Alembic knows console_scripts "
                                      "and exec)").arg(hook.type, hook.name));
        }
        for (const QString &w : std::as_const(*words))
            shown << quotedForDisplay(w);
        c.display += shown.join(QLatin1Char(' '));
        commands << c;
    }
    return commands;
}

HookResult runPostWriteHook(const HookCommand &command, int timeoutMs)
{
    HookResult r;
    r.name = command.name;
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setWorkingDirectory(command.workingDir);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(command.program, command.arguments);
    if (!process.waitForStarted(30000)) {
        r.error = QStringLiteral("could not start %1: %2").arg(command.program, process.errorString());
        return r;
    }
    r.started = true;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        r.output = QString::fromLocal8Bit(process.readAll());
        r.error = QStringLiteral("it did not finish within %1 s and was stopped").arg(timeoutMs / 1000);
        return r;
    }
    r.output = QString::fromLocal8Bit(process.readAll());
    if (process.exitStatus() == QProcess::CrashExit)
        r.error = QStringLiteral("it was killed by a signal");
    r.exitCode = process.exitCode();
    return r;
}

} // namespace retort
