// One input, every reader of what a project hands Retort: a revision file, env.py, alembic.ini,
// pyproject.toml, instance/config.py and database URLs, as parts of one input separated by kPart
// lines. Each part goes through its reader on its own, then all of them are written into a project
// folder that is opened, its history loaded, its revisions read into operations and its models read,
// as every command does. Any crash, sanitizer report or hang is a bug: bad input must end in errors
// and diagnostics.
#include "connection/DatabaseUrl.h"
#include "runner/MigrationRunner.h"
#include "migrations/ProjectHistory.h"
#include "models/ModelReader.h"
#include "ops/OpReader.h"
#include "project/DatabaseUrlSource.h"
#include "project/IniFile.h"
#include "project/Project.h"
#include "project/TomlSubset.h"
#include "python/PyModuleValues.h"
#include "python/PySource.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstddef>
#include <cstdint>

using namespace retort;

namespace {

const QByteArray kPart = QByteArrayLiteral("\n#--retort-fuzz-part--\n");

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(bytes);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static QTemporaryDir dir;
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    QList<QByteArray> parts;
    for (qsizetype from = 0;;) {
        const qsizetype at = input.indexOf(kPart, from);
        parts << input.mid(from, at < 0 ? -1 : at - from);
        if (at < 0)
            break;
        from = at + kPart.size();
    }
    while (parts.size() < 6)
        parts << QByteArray();
    const QByteArray &revision = parts[0];
    const QByteArray &envPy = parts[1];
    const QByteArray &ini = parts[2];
    const QByteArray &pyproject = parts[3];
    const QByteArray &config = parts[4];
    const QByteArray &urls = parts[5];

    // Each reader on its own part.
    const PyModule module = parsePythonSource(revision);
    (void)moduleAssignments(module);
    (void)readRevisionFileOperations(revision);
    (void)readRevisionFile(QStringLiteral("fuzz.py"), revision);
    (void)IniFile::parse(QString::fromUtf8(ini), QStringLiteral("alembic.ini"), dir.path());
    (void)readTomlTable(QString::fromUtf8(pyproject), QStringLiteral("tool.alembic"), QStringLiteral("pyproject.toml"));
    for (const QByteArray &line : urls.split('\n')) {
        const Result<DatabaseUrl> url = DatabaseUrl::parse(QString::fromUtf8(line));
        if (url) {
            (void)url->toDisplayString();
            (void)url->redact(QString::fromUtf8(line));
            (void)url->serverLabel();
        }
        (void)DatabaseUrl::redactCredentials(QString::fromUtf8(line));
    }

    // All of them as one project, opened as a command opens it.
    const QString root = dir.path();
    QDir(root).mkpath(QStringLiteral("versions"));
    QDir(root).mkpath(QStringLiteral("instance"));
    writeFile(root + QStringLiteral("/versions/fuzz.py"), revision);
    writeFile(root + QStringLiteral("/env.py"), envPy);
    writeFile(root + QStringLiteral("/alembic.ini"), ini);
    writeFile(root + QStringLiteral("/pyproject.toml"), pyproject);
    writeFile(root + QStringLiteral("/instance/config.py"), config);
    writeFile(root + QStringLiteral("/models.py"), revision);
    if (Result<Project> project = Project::open(root)) {
        ProjectHistory history = ProjectHistory::load(*project);
        RevisionOperationSource source(history.graph);
        (void)revisionsNeedingPython(source);
        (void)resolveDatabaseUrl(&*project, DatabaseUrlInputs{});
    }
    (void)readModelFiles(root, {root + QStringLiteral("/models.py")}, {root}, FlaskNaming::V3);
    return 0;
}
