// The demo is a genuine Alembic project: real Alembic (Debian's python3-alembic) upgrades and downgrades it on
// SQLite, PostgreSQL and MariaDB, and the database Retort creates on first start is exactly Alembic's own
// state at the seed revision (Alembic can carry on from it).
#include "connection/Connection.h"
#include "demo/DemoProject.h"
#include "schema/SchemaReader.h"
#include "session/DatabaseSnapshot.h"
#include "TestServers.h"

#include <QDir>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace retort;
using test::ScratchDatabase;

Q_DECLARE_METATYPE(retort::Dialect)

namespace {

const QString kHead = QStringLiteral("f4d3c2b1a098");

struct Run
{
    int exitCode = -1;
    QString output;
};

// Runs Alembic the way a developer would, in the project folder.
Run alembic(const QString &projectDir, const QStringList &arguments, const QString &url = {})
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("RETORT_DATABASE_URL"));
    if (!url.isEmpty())
        env.insert(QStringLiteral("RETORT_DATABASE_URL"), url);
    env.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1"));
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(projectDir);
    process.setProcessChannelMode(QProcess::MergedChannels);
    // Debian's alembic command when installed (the reference), else the module it runs.
    if (QFile::exists(QStringLiteral("/usr/bin/alembic")))
        process.start(QStringLiteral("/usr/bin/alembic"), arguments);
    else
        process.start(QStringLiteral("/usr/bin/python3"), QStringList{QStringLiteral("-m"), QStringLiteral("alembic")} + arguments);
    Run run;
    if (!process.waitForFinished(120000)) {
        process.kill();
        run.output = QStringLiteral("timed out");
        return run;
    }
    run.exitCode = process.exitCode();
    run.output = QString::fromUtf8(process.readAll());
    return run;
}

// A fresh copy of the shipped demo folder, without any database.
QString copyDemo(const QTemporaryDir &dir)
{
    const QString target = dir.filePath(QStringLiteral("spaceship"));
    QProcess cp;
    cp.start(QStringLiteral("cp"), {QStringLiteral("-r"), demo::shippedDemoDir(), target});
    cp.waitForFinished();
    QFile::remove(QDir(target).filePath(QStringLiteral("instance/spaceship.db")));
    return target;
}

DatabaseSnapshot snapshotOf(const DatabaseUrl &url)
{
    const Result<DatabaseSnapshot> s = readDatabaseSnapshot(url, Connection::Options());
    if (!s.ok())
        qWarning() << s.error().toString();
    return s.ok() ? s.value() : DatabaseSnapshot();
}

QStringList namesOf(const Schema &schema)
{
    QStringList names;
    for (const Table &t : schema.tables)
        names << t.name;
    return names;
}

DatabaseUrl sqliteUrl(const QString &projectDir)
{
    return DatabaseUrl::parse(QStringLiteral("sqlite:///%1/instance/spaceship.db").arg(projectDir)).value();
}

} // namespace

class tst_DemoProject : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void alembicReadsTheGraph();
    void alembicUpgradesAndDowngradesSqlite();
    void seedEqualsAlembicsOwnState();
    void alembicCarriesOnFromTheSeed();
    void alembicOnServers_data();
    void alembicOnServers();
};

void tst_DemoProject::initTestCase()
{
    QVERIFY2(!demo::shippedDemoDir().isEmpty(), "the demo project is not found");
    QTemporaryDir dir;
    const Run version = alembic(dir.path(), {QStringLiteral("--version")});
    if (version.exitCode != 0) {
        const QByteArray why = "Alembic is not installed (apt-get install python3-alembic python3-flask-sqlalchemy): "
                               + version.output.toUtf8();
        if (test::inCi())
            QFAIL(why.constData());
        QSKIP(why.constData());
    }
}

void tst_DemoProject::alembicReadsTheGraph()
{
    QTemporaryDir dir;
    const QString project = copyDemo(dir);
    const Run heads = alembic(project, {QStringLiteral("heads")});
    QVERIFY2(heads.exitCode == 0, qPrintable(heads.output));
    QCOMPARE(heads.output.trimmed(), QStringLiteral("f4d3c2b1a098 (launches) (head)"));
    const Run branches = alembic(project, {QStringLiteral("branches")});
    QVERIFY2(branches.output.contains(QLatin1String("7a4e2b9c1d05 (branchpoint)")), qPrintable(branches.output));
    const Run history = alembic(project, {QStringLiteral("history")});
    QVERIFY2(history.output.contains(QLatin1String("b5c8d2e7f310, c91a4f6e2d87 -> e2f7a1c4b9d6 (launches) (mergepoint)")),
             qPrintable(history.output));
}

void tst_DemoProject::alembicUpgradesAndDowngradesSqlite()
{
    QTemporaryDir dir;
    const QString project = copyDemo(dir);
    Run r = alembic(project, {QStringLiteral("upgrade"), QStringLiteral("heads")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.output));

    // Alembic found the database through instance/config.py, relative to instance/.
    DatabaseSnapshot s = snapshotOf(sqliteUrl(project));
    QCOMPARE(s.versions.revisions, QStringList{kHead});
    QCOMPARE(namesOf(s.schema), (QStringList{"alembic_version", "engine", "launch"}));
    QVERIFY(s.schema.table(QStringLiteral("engine"))->column(QStringLiteral("last_fired")));
    {
        auto c = Connection::open(sqliteUrl(project));
        QVERIFY(c.ok());
        QSqlQuery q((*c)->database());
        QVERIFY(q.exec(QStringLiteral("SELECT title FROM engine ORDER BY id")));
        QStringList titles;
        while (q.next())
            titles << q.value(0).toString();
        QCOMPARE(titles, (QStringList{"Merlin 1D", "RS-25", "Raptor 2", "Vulcain 2"}));
    }

    r = alembic(project, {QStringLiteral("downgrade"), QStringLiteral("base")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.output));
    s = snapshotOf(sqliteUrl(project));
    QVERIFY(s.versions.revisions.isEmpty());
    QCOMPARE(namesOf(s.schema), QStringList{"alembic_version"});
}

void tst_DemoProject::seedEqualsAlembicsOwnState()
{
    QTemporaryDir dir;
    const Result<QString> seeded = demo::prepareUserDemo(dir.filePath(QStringLiteral("retort")));
    QVERIFY2(seeded.ok(), qPrintable(seeded.ok() ? QString() : seeded.error().toString()));
    const QString reference = copyDemo(dir);
    const Run r = alembic(reference, {QStringLiteral("upgrade"), QString::fromLatin1(demo::kSeedRevision)});
    QVERIFY2(r.exitCode == 0, qPrintable(r.output));

    const DatabaseSnapshot ours = snapshotOf(sqliteUrl(seeded.value()));
    const DatabaseSnapshot theirs = snapshotOf(sqliteUrl(reference));
    QCOMPARE(ours.versions.revisions, QStringList{QString::fromLatin1(demo::kSeedRevision)});
    QCOMPARE(ours.versions.revisions, theirs.versions.revisions);
    QCOMPARE(namesOf(ours.schema), namesOf(theirs.schema));
    for (const Table &table : theirs.schema.tables) {
        const Table *mine = ours.schema.table(table.name);
        QVERIFY(mine);
        QCOMPARE(mine->columns.size(), table.columns.size());
        for (int i = 0; i < table.columns.size(); ++i) {
            QCOMPARE(mine->columns.at(i).name, table.columns.at(i).name);
            QCOMPARE(mine->columns.at(i).type, table.columns.at(i).type);
            QCOMPARE(mine->columns.at(i).nullable, table.columns.at(i).nullable);
            QCOMPARE(mine->columns.at(i).defaultValue, table.columns.at(i).defaultValue);
            QCOMPARE(mine->columns.at(i).primaryKey, table.columns.at(i).primaryKey);
        }
        QCOMPARE(mine->definition.simplified().remove(QLatin1Char(' ')), table.definition.simplified().remove(QLatin1Char(' ')));
    }
}

void tst_DemoProject::alembicCarriesOnFromTheSeed()
{
    QTemporaryDir dir;
    const Result<QString> seeded = demo::prepareUserDemo(dir.filePath(QStringLiteral("retort")));
    QVERIFY(seeded.ok());
    Run r = alembic(seeded.value(), {QStringLiteral("current")});
    QVERIFY2(r.output.contains(QLatin1String("7a4e2b9c1d05 (branchpoint)")), qPrintable(r.output));
    r = alembic(seeded.value(), {QStringLiteral("upgrade"), QStringLiteral("heads")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.output));
    QCOMPARE(snapshotOf(sqliteUrl(seeded.value())).versions.revisions, QStringList{kHead});
}

void tst_DemoProject::alembicOnServers_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::newRow("postgresql") << Dialect::PostgreSQL;
    QTest::newRow("mariadb") << Dialect::MySQL;
}

void tst_DemoProject::alembicOnServers()
{
    QFETCH(Dialect, dialect);
    RETORT_REQUIRE_SERVER(dialect);
    ScratchDatabase scratch(dialect);
    QVERIFY2(scratch.isValid(), qPrintable(scratch.error()));
    QTemporaryDir dir;
    const QString project = copyDemo(dir);
    // SQLAlchemy's default MySQL driver (mysqlclient) is not packaged with Alembic; PyMySQL is.
    QString url = scratch.url().toString(true);
    if (dialect == Dialect::MySQL)
        url.replace(QRegularExpression(QStringLiteral("^mysql:")), QStringLiteral("mysql+pymysql:"));

    Run r = alembic(project, {QStringLiteral("upgrade"), QStringLiteral("heads")}, url);
    QVERIFY2(r.exitCode == 0, qPrintable(r.output));
    DatabaseSnapshot s = snapshotOf(scratch.url());
    QCOMPARE(s.versions.revisions, QStringList{kHead});
    QCOMPARE(namesOf(s.schema), (QStringList{"alembic_version", "engine", "launch"}));
    QVERIFY(s.schema.table(QStringLiteral("launch"))->column(QStringLiteral("engine_id")));

    r = alembic(project, {QStringLiteral("downgrade"), QStringLiteral("base")}, url);
    QVERIFY2(r.exitCode == 0, qPrintable(r.output));
    s = snapshotOf(scratch.url());
    QVERIFY(s.versions.revisions.isEmpty());
    QCOMPARE(namesOf(s.schema), QStringList{"alembic_version"});
}

QTEST_GUILESS_MAIN(tst_DemoProject)
#include "tst_DemoProject.moc"
