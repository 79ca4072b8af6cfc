// Project discovery and where the database URL comes from: --url, RETORT_DATABASE_URL,
// instance/config.py (read, never run), alembic.ini — each with the base folder for relative SQLite paths.
#include "project/DatabaseUrlSource.h"
#include "project/IniFile.h"
#include "project/Project.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace retort;

namespace {

void writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
}

const QByteArray kIni = "[alembic]\nscript_location = %(here)s/alembic\nsqlalchemy.url = sqlite:///from_ini.db\n";

} // namespace

class tst_Project : public QObject
{
    Q_OBJECT
private slots:
    void readsIniLikeConfigParser();
    void reportsIniSyntaxErrors();
    void opensAlembicIniProject();
    void opensFlaskMigrateProject();
    void opensBareScriptDirectory();
    void refusesFoldersWithoutProject();
    void reportsMissingScriptLocation();
    void scriptLocationAsPackageResource();
    void urlOrder();
    void computedConfigFallsBackToIni();
    void placeholderUrlIsNotUsed();
    void noUrlAnywhere();
    void badUrlNamesItsSource();
};

void tst_Project::readsIniLikeConfigParser()
{
    const QString text = QStringLiteral(
        "# comment\n[alembic]\nScript_Location: %(here)s/migr\nversion_locations = %(here)s/a\n    %(here)s/b\n"
        "; another comment\nfile_template = %%(rev)s_%%(slug)s\nempty =\n\n[other]\nkey=value with = sign\n");
    const Result<IniFile> ini = IniFile::parse(text, QStringLiteral("alembic.ini"), QStringLiteral("/proj"));
    QVERIFY(ini.ok());
    QCOMPARE(ini->value(QStringLiteral("alembic"), QStringLiteral("script_location")), QStringLiteral("/proj/migr"));
    QCOMPARE(ini->value(QStringLiteral("alembic"), QStringLiteral("version_locations")), QStringLiteral("/proj/a\n/proj/b"));
    QCOMPARE(ini->value(QStringLiteral("alembic"), QStringLiteral("file_template")), QStringLiteral("%(rev)s_%(slug)s"));
    QCOMPARE(ini->value(QStringLiteral("alembic"), QStringLiteral("empty")), QString());
    QVERIFY(ini->contains(QStringLiteral("alembic"), QStringLiteral("empty")));
    QCOMPARE(ini->value(QStringLiteral("other"), QStringLiteral("key")), QStringLiteral("value with = sign"));
    QCOMPARE(ini->line(QStringLiteral("alembic"), QStringLiteral("version_locations")), 4);
}

void tst_Project::reportsIniSyntaxErrors()
{
    const Result<IniFile> noSection = IniFile::parse(QStringLiteral("key = 1\n"), QStringLiteral("a.ini"), QStringLiteral("/"));
    QVERIFY(!noSection.ok());
    QCOMPARE(noSection.error().line, 1);
    QVERIFY(noSection.error().toString().startsWith(QLatin1String("a.ini:1: ")));
    const Result<IniFile> badLine = IniFile::parse(QStringLiteral("[a]\nx = 1\n=nokey\n"), QStringLiteral("b.ini"), QStringLiteral("/"));
    QVERIFY(!badLine.ok());
    QCOMPARE(badLine.error().line, 3);
}

void tst_Project::opensAlembicIniProject()
{
    QTemporaryDir dir;
    writeFile(dir.filePath("alembic.ini"), kIni);
    writeFile(dir.filePath("alembic/env.py"), "");
    writeFile(dir.filePath("instance/config.py"), "SQLALCHEMY_DATABASE_URI = 'sqlite:///app.db'\n");
    const Result<Project> project = Project::open(dir.path());
    QVERIFY2(project.ok(), qPrintable(project.ok() ? QString() : project.error().toString()));
    QCOMPARE(project->scriptLocation(), QDir(dir.path()).filePath("alembic"));
    QCOMPARE(project->instanceConfigPath(), QDir(dir.path()).filePath("instance/config.py"));
}

void tst_Project::opensFlaskMigrateProject()
{
    QTemporaryDir dir;
    writeFile(dir.filePath("migrations/alembic.ini"), "[alembic]\n# template used to generate migration files\n");
    writeFile(dir.filePath("migrations/env.py"), "");
    writeFile(dir.filePath("instance/config.py"), "SQLALCHEMY_DATABASE_URI = 'sqlite:///app.db'\n");
    // Opened at the app folder and at the migrations folder itself: the same project either way.
    for (const QString &open : {dir.path(), dir.filePath("migrations")}) {
        const Result<Project> project = Project::open(open);
        QVERIFY2(project.ok(), qPrintable(open));
        QCOMPARE(project->scriptLocation(), QDir(dir.path()).filePath("migrations"));
        QCOMPARE(project->instanceConfigPath(), QDir(dir.path()).filePath("instance/config.py"));
    }
}

void tst_Project::opensBareScriptDirectory()
{
    QTemporaryDir dir;
    writeFile(dir.filePath("env.py"), "");
    writeFile(dir.filePath("versions/.keep"), "");
    const Result<Project> project = Project::open(dir.path());
    QVERIFY(project.ok());
    QCOMPARE(project->scriptLocation(), QDir::cleanPath(dir.path()));
    QVERIFY(project->iniPath().isEmpty());
}

void tst_Project::refusesFoldersWithoutProject()
{
    QTemporaryDir dir;
    const Result<Project> project = Project::open(dir.path());
    QVERIFY(!project.ok());
    QVERIFY(project.error().message.contains(QLatin1String("No Alembic project")));
    const Result<Project> missing = Project::open(dir.filePath("nope"));
    QVERIFY(!missing.ok());
    QVERIFY(missing.error().message.contains(QLatin1String("does not exist")));
}

void tst_Project::reportsMissingScriptLocation()
{
    QTemporaryDir dir;
    writeFile(dir.filePath("alembic.ini"), "[alembic]\n\nscript_location = gone\n");
    const Result<Project> project = Project::open(dir.path());
    QVERIFY(!project.ok());
    QCOMPARE(project.error().line, 3);
    QVERIFY(project.error().toString().contains(QLatin1String("alembic.ini:3: The script_location folder")));
}

// script_location = "package:folder", as Alembic resolves it through importlib (which imports the
// package): Retort finds the package's folder without importing it, and only inside the project.
void tst_Project::scriptLocationAsPackageResource()
{
    QTemporaryDir dir;
    // a src/ layout with the ini inside the package, as Netflix's dispatch has it
    writeFile(dir.filePath("src/shop/__init__.py"), "");
    writeFile(dir.filePath("src/shop/database/revisions/core/env.py"), "");
    writeFile(dir.filePath("src/shop/database/revisions/tenant/env.py"), "");
    writeFile(dir.filePath("src/shop/alembic.ini"),
              "[core]\nscript_location = shop:database/revisions/core\n[tenant]\nscript_location = shop:database:revisions:tenant\n"
              "[elsewhere]\nscript_location = os:path\n[outside]\nscript_location = other:migrations\n");
    writeFile(dir.filePath("other/migrations/env.py"), "");   // beside the project, not in it
    const QString package = dir.filePath("src/shop");
    Result<Project> core = Project::open(package, {}, QStringLiteral("core"));
    QVERIFY2(core, qPrintable(core ? QString() : core.error().toString()));
    QCOMPARE(core->scriptLocation(), QFileInfo(dir.filePath("src/shop/database/revisions/core")).canonicalFilePath());
    Result<Project> tenant = Project::open(package, {}, QStringLiteral("tenant"));
    QVERIFY2(tenant, qPrintable(tenant ? QString() : tenant.error().toString()));
    QCOMPARE(tenant->scriptLocation(), QFileInfo(dir.filePath("src/shop/database/revisions/tenant")).canonicalFilePath());
    // A package Retort would have to import to find (the standard library's os): a clear error, with the line.
    Result<Project> elsewhere = Project::open(package, {}, QStringLiteral("elsewhere"));
    QVERIFY(!elsewhere);
    QCOMPARE(elsewhere.error().line, 6);
    QVERIFY2(elsewhere.error().message.contains(QLatin1String("Retort does not import the package")),
             qPrintable(elsewhere.error().message));
    // A resource that resolves outside the folder opened as the project is refused.
    Result<Project> outside = Project::open(package, {}, QStringLiteral("outside"));
    QVERIFY(!outside);
    QVERIFY2(outside.error().message.contains(QLatin1String("outside the project folder")), qPrintable(outside.error().message));
}

void tst_Project::urlOrder()
{
    QTemporaryDir dir;
    writeFile(dir.filePath("alembic.ini"), kIni);
    writeFile(dir.filePath("alembic/env.py"), "");
    writeFile(dir.filePath("instance/config.py"), "import os\n\nSQLALCHEMY_DATABASE_URI = 'sqlite:///spaceship.db'\n");
    const Project project = Project::open(dir.path()).value();
    DatabaseUrlInputs inputs;
    inputs.workingDirectory = QStringLiteral("/work");

    // 4. alembic.ini only when nothing else says: relative to the ini's folder.
    {
        Project iniOnly = Project::open(dir.path()).value();
        QFile::remove(dir.filePath("instance/config.py"));
        iniOnly = Project::open(dir.path()).value();
        const Result<ResolvedDatabaseUrl> r = resolveDatabaseUrl(&iniOnly, inputs);
        QVERIFY(r.ok());
        QCOMPARE(r->url.database(), QDir(dir.path()).filePath("from_ini.db"));
        QCOMPARE(r->source, QStringLiteral("alembic.ini:3"));
        writeFile(dir.filePath("instance/config.py"), "import os\n\nSQLALCHEMY_DATABASE_URI = 'sqlite:///spaceship.db'\n");
    }
    // 3. instance/config.py beats alembic.ini; relative to the instance folder (Flask-SQLAlchemy 3).
    Result<ResolvedDatabaseUrl> r = resolveDatabaseUrl(&project, inputs);
    QVERIFY(r.ok());
    QCOMPARE(r->url.database(), QDir(dir.path()).filePath("instance/spaceship.db"));
    QCOMPARE(r->source, QStringLiteral("instance/config.py:3"));
    // 2. The environment beats the project; relative to the working directory.
    inputs.environmentUrl = QStringLiteral("sqlite:///env.db");
    r = resolveDatabaseUrl(&project, inputs);
    QCOMPARE(r->url.database(), QStringLiteral("/work/env.db"));
    QCOMPARE(r->source, QStringLiteral("RETORT_DATABASE_URL"));
    // 1. --url beats everything.
    inputs.commandLineUrl = QStringLiteral("postgresql://u:pw@h/db");
    r = resolveDatabaseUrl(&project, inputs);
    QCOMPARE(r->url.dialect(), Dialect::PostgreSQL);
    QCOMPARE(r->source, QStringLiteral("--url"));
}

void tst_Project::computedConfigFallsBackToIni()
{
    QTemporaryDir dir;
    writeFile(dir.filePath("alembic.ini"), kIni);
    writeFile(dir.filePath("alembic/env.py"), "");
    writeFile(dir.filePath("instance/config.py"), "import os\nSQLALCHEMY_DATABASE_URI = os.environ['DATABASE_URL']\n");
    const Project project = Project::open(dir.path()).value();
    const Result<ResolvedDatabaseUrl> r = resolveDatabaseUrl(&project, DatabaseUrlInputs());
    QVERIFY(r.ok());
    QCOMPARE(r->source, QStringLiteral("alembic.ini:3"));
    QCOMPARE(r->notes.size(), 1);
    QVERIFY2(r->notes.first().contains(QLatin1String("instance/config.py:2: SQLALCHEMY_DATABASE_URI is computed")),
             qPrintable(r->notes.first()));
    QVERIFY(r->notes.first().contains(QLatin1String("os.environ['DATABASE_URL']")));
}

void tst_Project::placeholderUrlIsNotUsed()
{
    QTemporaryDir dir;
    writeFile(dir.filePath("alembic.ini"), "[alembic]\nscript_location = alembic\nsqlalchemy.url = driver://user:pass@localhost/dbname\n");
    writeFile(dir.filePath("alembic/env.py"), "");
    const Project project = Project::open(dir.path()).value();
    const Result<ResolvedDatabaseUrl> r = resolveDatabaseUrl(&project, DatabaseUrlInputs());
    QVERIFY(!r.ok());
    QVERIFY(r.error().detail.contains(QLatin1String("placeholder")));
}

void tst_Project::noUrlAnywhere()
{
    const Result<ResolvedDatabaseUrl> r = resolveDatabaseUrl(nullptr, DatabaseUrlInputs());
    QVERIFY(!r.ok());
    QVERIFY(r.error().message.contains(QLatin1String("pass --url")));
}

void tst_Project::badUrlNamesItsSource()
{
    QTemporaryDir dir;
    writeFile(dir.filePath("alembic/env.py"), "");
    writeFile(dir.filePath("alembic.ini"), "[alembic]\nscript_location = alembic\n");
    writeFile(dir.filePath("instance/config.py"), "\n\nSQLALCHEMY_DATABASE_URI = 'oracle://scott:tiger@h/x'\n");
    const Project project = Project::open(dir.path()).value();
    const Result<ResolvedDatabaseUrl> r = resolveDatabaseUrl(&project, DatabaseUrlInputs());
    QVERIFY(!r.ok());
    QCOMPARE(r.error().line, 3);
    QVERIFY(r.error().file.endsWith(QLatin1String("instance/config.py")));
    QVERIFY(!r.error().toString().contains(QLatin1String("tiger")));
    DatabaseUrlInputs env;
    env.environmentUrl = QStringLiteral("nonsense");
    const Result<ResolvedDatabaseUrl> fromEnv = resolveDatabaseUrl(&project, env);
    QVERIFY(!fromEnv.ok());
    QVERIFY(fromEnv.error().message.startsWith(QLatin1String("RETORT_DATABASE_URL: ")));
}

QTEST_GUILESS_MAIN(tst_Project)
#include "tst_Project.moc"
