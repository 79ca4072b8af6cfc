// Which files are revisions, as in Alembic's _load_revisions: every "*.py" in a version location
// except "__init__*" and editor lock files ".#*"; subfolders only with recursive_version_locations;
// the same real file reached twice is read once.
#include "migrations/ScriptDirectory.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

namespace retort {

namespace {

bool isRevisionFileName(const QString &name)
{
    return name.endsWith(QLatin1String(".py")) && !name.startsWith(QLatin1String("__init__"))
           && !name.startsWith(QLatin1String(".#"));
}

void collectFiles(const QString &dir, bool recursive, QStringList &out)
{
    const QDir d(dir);
    const QStringList files = d.entryList(QDir::Files | QDir::Hidden, QDir::Name);
    for (const QString &name : files) {
        if (isRevisionFileName(name))
            out << d.filePath(name);
    }
    if (!recursive)
        return;
    const QStringList subdirs = d.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &sub : subdirs) {
        if (sub != QLatin1String("__pycache__"))
            collectFiles(d.filePath(sub), true, out);
    }
}

} // namespace

ScriptDirectory ScriptDirectory::load(const Project &project)
{
    ScriptDirectory directory;
    QSet<QString> seen;
    for (const QString &location : project.versionLocations()) {
        if (!QFileInfo(location).isDir()) {
            directory.problems.append(Problem{Problem::Severity::Warning, project.configPath(), 0,
                                              QStringLiteral("The version location '%1' does not exist; Alembic skips it.")
                                                  .arg(project.relativePath(location))});
            continue;
        }
        QStringList files;
        collectFiles(location, project.recursiveVersionLocations(), files);
        for (const QString &path : files) {
            const QString real = QFileInfo(path).canonicalFilePath();
            if (seen.contains(real)) {
                directory.problems.append(Problem{Problem::Severity::Warning, path, 0,
                                                  QStringLiteral("This file is reached twice through version_locations; "
                                                                 "it is read once.")});
                continue;
            }
            seen.insert(real);
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly)) {
                directory.problems.append(Problem{Problem::Severity::Error, path, 0,
                                                  QStringLiteral("Cannot read the file: %1.").arg(file.errorString())});
                continue;
            }
            RevisionScriptRead read = readRevisionScript(path, QString::fromUtf8(file.readAll()));
            directory.problems.append(read.problems);
            if (read.script)
                directory.scripts.append(*read.script);
        }
    }
    return directory;
}

} // namespace retort
