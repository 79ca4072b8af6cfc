// Which files are revisions, as in Alembic's _load_revisions: every "*.py" in a version location
// except "__init__*" and editor lock files ".#*"; subfolders only with recursive_version_locations;
// the same real file reached twice is read once.
#include "migrations/ScriptDirectory.h"

#include "models/ProjectNames.h"
#include "project/ModelFiles.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QThread>

#include <atomic>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>
#include <thread>
#include <vector>

namespace retort {

namespace {

bool isRevisionFileName(const QString &name)
{
    return name.endsWith(QLatin1String(".py")) && !name.startsWith(QLatin1String("__init__"))
           && !name.startsWith(QLatin1String(".#"));
}

// Reads a whole file with plain POSIX calls: on a 10,000-file project QFile's extra stat calls per
// file cost more than the parsing.
bool readWholeFile(const QString &path, QByteArray *data, QString *error)
{
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
    char buffer[16384];
    data->clear();
    while (true) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            *error = QString::fromLocal8Bit(std::strerror(errno));
            ::close(fd);
            return false;
        }
        if (n == 0)
            break;
        data->append(buffer, n);
    }
    ::close(fd);
    return true;
}

struct FoundFile
{
    QString path;        // as listed
    QString identity;    // the real path, for telling duplicates apart
};

// Lists revision files sorted by name. The real path is the folder's real path plus the name, except
// for symbolic links, which are resolved: only they can make one file appear twice.
// How many folders a recursive walk enters before it stops (a version location of "/" would walk the disk).
constexpr int kMaxFolders = 10000;

struct Walk
{
    bool recursive = false;
    int folders = 0;
    QList<Problem> *problems = nullptr;
};

void collectFiles(const QString &dir, Walk &walk, QList<FoundFile> &out)
{
    if (++walk.folders > kMaxFolders) {
        if (walk.folders == kMaxFolders + 1)
            walk.problems->append(Problem{Problem::Severity::Error, dir, 0,
                                          QStringLiteral("recursive_version_locations: stopped after %1 folders; the revisions "
                                                         "beyond this folder were not read.").arg(kMaxFolders)});
        return;
    }
    const QString realDir = QFileInfo(dir).canonicalFilePath();
    QStringList names;
    QStringList subdirs;
    QSet<QString> links;
    QDirIterator it(dir, QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden);
    while (it.hasNext()) {
        it.next();
        const QFileInfo info = it.fileInfo();
        if (info.isDir()) {
            // Like os.walk in Alembic, a linked folder is not entered: a link to itself or to "/" would
            // never end.
            if (info.isSymLink()) {
                if (walk.recursive)
                    walk.problems->append(Problem{Problem::Severity::Warning, info.filePath(), 0,
                                                  QStringLiteral("This folder is a symbolic link; like Alembic, Retort does "
                                                                 "not look for revisions inside it.")});
            } else if (info.fileName() != QLatin1String("__pycache__")) {
                subdirs << info.fileName();
            }
        } else if (isRevisionFileName(info.fileName())) {
            names << info.fileName();
            if (info.isSymLink())
                links.insert(info.fileName());
        }
    }
    names.sort();
    const QDir d(dir);
    for (const QString &name : names) {
        const QString path = d.filePath(name);
        out.append(FoundFile{path, links.contains(name) ? QFileInfo(path).canonicalFilePath() : realDir + QLatin1Char('/') + name});
    }
    if (!walk.recursive)
        return;
    subdirs.sort();
    for (const QString &sub : subdirs)
        collectFiles(d.filePath(sub), walk, out);
}

} // namespace

ScriptDirectory ScriptDirectory::load(const Project &project)
{
    ScriptDirectory directory;
    QSet<QString> seen;
    QStringList paths;
    for (const QString &location : project.versionLocations()) {
        if (!QFileInfo(location).isDir()) {
            directory.problems.append(Problem{Problem::Severity::Warning, project.configPath(), 0,
                                              QStringLiteral("The version location '%1' does not exist; Alembic skips it.")
                                                  .arg(project.relativePath(location))});
            continue;
        }
        QList<FoundFile> files;
        Walk walk{project.recursiveVersionLocations(), 0, &directory.problems};
        collectFiles(location, walk, files);
        for (const FoundFile &file : files) {
            if (seen.contains(file.identity)) {
                directory.problems.append(Problem{Problem::Severity::Warning, file.path, 0,
                                                  QStringLiteral("This file is reached twice through version_locations; "
                                                                 "it is read once.")});
                continue;
            }
            seen.insert(file.identity);
            paths << file.path;
        }
    }

    // Reading and parsing are independent per file: spread them over the cores, keep the order.
    std::vector<RevisionScriptRead> reads(size_t(paths.size()));
    std::atomic<int> next{0};
    const auto work = [&]() {
        for (int i = next++; i < paths.size(); i = next++) {
            QByteArray data;
            QString error;
            if (!readWholeFile(paths[i], &data, &error)) {
                reads[size_t(i)].problems.append(Problem{Problem::Severity::Error, paths[i], 0,
                                                         QStringLiteral("Cannot read the file: %1.").arg(error)});
                continue;
            }
            reads[size_t(i)] = readRevisionFile(paths[i], data);
        }
    };
    const int workers = paths.size() < 64 ? 1 : std::max(1, std::min(8, QThread::idealThreadCount()));
    std::vector<std::thread> threads;
    for (int t = 1; t < workers; ++t)
        threads.emplace_back(work);
    work();
    for (std::thread &t : threads)
        t.join();
    // Headers naming the project's constants (branch_labels = (cli.CONTRACT_BRANCH,)): read those files
    // again, one by one, with the project's modules read statically as the model reader reads them.
    std::unique_ptr<ProjectNames> projectNames;
    for (size_t i = 0; i < reads.size(); ++i) {
        if (!reads[i].namesOtherModules)
            continue;
        if (!projectNames)
            projectNames = std::make_unique<ProjectNames>(project.rootDir(), modelSearchRoots(project));
        QByteArray data;
        QString error;
        if (!readWholeFile(paths[int(i)], &data, &error))
            continue;
        reads[i] = readRevisionFile(paths[int(i)], data, [&projectNames](const PyExpr &use, const QString &qualified) {
            const std::optional<SaValue> value = projectNames->resolve(use, qualified);
            return value && value->isString() ? std::optional<QString>(value->string()) : std::nullopt;
        });
    }
    for (RevisionScriptRead &read : reads) {
        directory.problems.append(read.problems);
        if (read.script)
            directory.scripts.append(std::move(*read.script));
    }
    return directory;
}

} // namespace retort
