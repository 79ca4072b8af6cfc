// Copying the demo project and seeding its database. Runs in a few milliseconds; callers may
// still run it off the GUI thread together with the first connection.
#include "demo/DemoProject.h"

#include "connection/Connection.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>

#ifndef RETORT_SOURCE_DEMO_DIR
#define RETORT_SOURCE_DEMO_DIR ""
#endif

namespace retort::demo {

namespace {

bool isDemoProject(const QString &dir)
{
    return !dir.isEmpty() && QFileInfo::exists(QDir(dir).filePath(QStringLiteral("alembic.ini")));
}

Status copyTree(const QString &from, const QString &to)
{
    QDirIterator it(from, QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden, QDirIterator::Subdirectories);
    const QDir source(from);
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo info = it.fileInfo();
        const QString relative = source.relativeFilePath(path);
        if (relative.contains(QLatin1String("__pycache__")) || info.suffix() == QLatin1String("db")
            || info.suffix() == QLatin1String("pyc"))
            continue;
        const QString target = QDir(to).filePath(relative);
        if (info.isDir()) {
            if (!QDir().mkpath(target))
                return makeError(QStringLiteral("Cannot create the folder '%1'.").arg(target));
            continue;
        }
        if (QFileInfo::exists(target))
            continue;
        QDir().mkpath(QFileInfo(target).absolutePath());
        if (!QFile::copy(path, target))
            return makeError(QStringLiteral("Cannot copy the demo file '%1' to '%2'.").arg(path, target));
        // Installed files are read-only; the user's copy must be editable.
        QFile::setPermissions(target, QFile::permissions(target) | QFileDevice::WriteOwner);
    }
    return Status();
}

Status seedDatabase(const QString &path)
{
    const QStringList statements = seedStatements();
    if (statements.isEmpty())
        return makeError(QStringLiteral("The demo seed SQL is missing from this build."));
    Result<DatabaseUrl> url = DatabaseUrl::parse(QStringLiteral("sqlite:///") + path);
    if (!url)
        return url.error();
    Connection::Options options;
    options.createSqliteFile = true;
    options.purpose = QStringLiteral("demo-seed");
    Result<std::unique_ptr<Connection>> connection = Connection::open(*url, options);
    if (!connection)
        return connection.error();
    QSqlDatabase db = (*connection)->database();
    db.transaction();
    for (const QString &sql : statements) {
        QSqlQuery query(db);
        if (!query.exec(sql)) {
            Error e = (*connection)->queryError(QStringLiteral("Creating the demo database failed"), query.lastError(), sql);
            db.rollback();
            return e;
        }
    }
    if (!db.commit())
        return (*connection)->queryError(QStringLiteral("Creating the demo database failed"), db.lastError());
    return Status();
}

} // namespace

QString shippedDemoDir()
{
    const QString fromEnv = qEnvironmentVariable("RETORT_DEMO_DIR");
    if (isDemoProject(fromEnv))
        return QDir::cleanPath(fromEnv);
    if (QCoreApplication::instance()) {
        const QString installed = QDir(QCoreApplication::applicationDirPath())
                                      .filePath(QStringLiteral("../share/retort/demo"));
        if (isDemoProject(installed))
            return QDir::cleanPath(installed);
    }
    const QString source = QString::fromUtf8(RETORT_SOURCE_DEMO_DIR);
    if (isDemoProject(source))
        return QDir::cleanPath(source);
    return {};
}

QStringList seedStatements()
{
    QFile file(QStringLiteral(":/retort/demo/DemoSeed.sql"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QStringList statements;
    QString current;
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        if (line.trimmed().startsWith(QLatin1String("--")))
            continue;
        current += line + QLatin1Char('\n');
        if (line.trimmed().endsWith(QLatin1Char(';'))) {
            QString statement = current.trimmed();
            statement.chop(1);
            statements << statement;
            current.clear();
        }
    }
    return statements;
}

Result<QString> prepareUserDemo(const QString &targetDir)
{
    const QString shipped = shippedDemoDir();
    if (shipped.isEmpty())
        return makeError(QStringLiteral("The demo project is not installed (looked in RETORT_DEMO_DIR, "
                                        "share/retort/demo and the source tree)."));
    if (!QDir().mkpath(targetDir))
        return makeError(QStringLiteral("Cannot create the folder '%1'.").arg(targetDir));
    if (Status problem = copyTree(shipped, targetDir); !problem)
        return problem.error();

    const QString dbPath = QDir(targetDir).filePath(QStringLiteral("instance/spaceship.db"));
    if (QFileInfo::exists(dbPath))
        return QDir::cleanPath(targetDir);

    // Build the database under a temporary name so an interrupted first start never leaves half a demo.
    const QString partial = dbPath + QStringLiteral(".partial");
    QFile::remove(partial);
    if (Status problem = seedDatabase(partial); !problem) {
        QFile::remove(partial);
        return problem.error();
    }
    if (!QFile::rename(partial, dbPath))
        return makeError(QStringLiteral("Cannot move the demo database into place at '%1'.").arg(dbPath));
    return QDir::cleanPath(targetDir);
}

} // namespace retort::demo
