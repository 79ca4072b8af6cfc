// Revisions that need Python run through the project's own Python (issue 17), held to what real
// Alembic does with the same project. On real SQLite files and the test script's PostgreSQL and
// MariaDB servers, `retort-cli --python … upgrade heads` / `downgrade base` and `alembic upgrade heads`
// / `downgrade base` each migrate their own database; SQLAlchemy's inspector dumps both (schema and
// rows) and the version rows are read back: they must be equal. The test projects in
// tests/data/python follow what public Flask/Alembic projects write:
//   shop: (a) a revision importing the application's models and a helper module, (b) a data migration
//         through op.get_bind(), (c) sa.inspect(op.get_bind()) deciding, (d) a custom operation
//         registered in env.py, (e) a plugin activated by an import in env.py, (f) batch mode driven
//         from Python (a rebuild on SQLite), between declarative revisions Retort runs natively (i);
//   flask_shop: (g) a Flask-Migrate project (app factory, current_app in env.py).
// And (h): a revision that raises half-way stops the run with its file:line, rolls back what the
// engine can, and leaves the database where Alembic leaves it one revision earlier.
#include "connection/Connection.h"
#include "runner/MigrationProject.h"
#include "runner/Rehearsal.h"
#include "runner/RunLog.h"
#include "runner/VersionTable.h"
#include "TestProcesses.h"
#include "TestServers.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace retort;
using test::ScratchDatabase;

Q_DECLARE_METATYPE(retort::Dialect)

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");   // Debian's, with python3-alembic

// The project copied into dir (so that neither tool writes into the source tree).
bool copyProject(const QString &name, const QString &dir)
{
    const QString source = QStringLiteral(RETORT_SOURCE_DIR "/tests/data/python/") + name;
    QDirIterator it(source, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (path.contains(QLatin1String("__pycache__")))
            continue;
        const QString target = dir + QLatin1Char('/') + QDir(source).relativeFilePath(path);
        if (!QDir().mkpath(QFileInfo(target).path()) || !QFile::copy(path, target))
            return false;
    }
    return true;
}

// The URL SQLAlchemy needs (PyMySQL is the MySQL driver Debian packages with Alembic).
QString sqlalchemyUrl(const DatabaseUrl &url)
{
    QString text = url.toString(true);
    if (url.dialect() == Dialect::MySQL)
        text.replace(QRegularExpression(QStringLiteral("^mysql:")), QStringLiteral("mysql+pymysql:"));
    return text;
}

test::ProcessRun retortCli(const QString &dir, const QStringList &arguments, const DatabaseUrl &url, const QString &python = kPython)
{
    return test::runProgram(QStringLiteral(RETORT_CLI_PATH), QStringList{QStringLiteral("--python"), python} + arguments, dir,
                            {{QStringLiteral("RETORT_DATABASE_URL"), url.toString(true)}});
}

// Real Alembic run by the same interpreter Retort was given.
test::ProcessRun alembicWith(const QString &python, const QString &dir, const QStringList &arguments, const DatabaseUrl &url)
{
    return test::runProgram(python, QStringList{QStringLiteral("-m"), QStringLiteral("alembic")} + arguments, dir,
                            {{QStringLiteral("RETORT_DATABASE_URL"), sqlalchemyUrl(url)}});
}

// The interpreter for a row: Debian 12's python3 with its Alembic 1.8 and SQLAlchemy 1.4, or the same
// python3 with Debian 13's Alembic 1.13 and SQLAlchemy 2.0 (unpacked by tools/dev test into
// RETORT_SA20_PYTHONPATH), through a wrapper written into dir. Empty when that is not available.
QString interpreterFor(const QString &stack, const QString &dir)
{
    if (stack == QLatin1String("debian12"))
        return kPython;
    const QString site = qEnvironmentVariable("RETORT_SA20_PYTHONPATH");
    if (site.isEmpty() || !QFile::exists(site + QStringLiteral("/alembic/__init__.py")))
        return {};
    const QString wrapper = dir + QStringLiteral("/python-sa20");
    QFile f(wrapper);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(QStringLiteral("#!/bin/sh\nPYTHONPATH='%1' exec %2 \"$@\"\n").arg(site, kPython).toUtf8());
    f.close();
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return wrapper;
}

QStringList versionRows(const DatabaseUrl &url)
{
    Result<std::unique_ptr<Connection>> c = Connection::open(url);
    if (!c)
        return {QStringLiteral("<cannot connect: %1>").arg(c.error().toString())};
    Result<VersionTableState> state = readVersionTable(**c, VersionTableName{});
    return state ? state->revisions : QStringList{QStringLiteral("<%1>").arg(state.error().toString())};
}

QList<RunLogEntry> runLog(const DatabaseUrl &url)
{
    Result<std::unique_ptr<Connection>> c = Connection::open(url);
    if (!c)
        return {};
    Result<QList<RunLogEntry>> log = runlog::readAll(**c);
    return log ? *log : QList<RunLogEntry>();
}

// Schema and rows of both databases, as SQLAlchemy's inspector sees them; empty when equal.
QString schemaDifference(const QString &dir, const DatabaseUrl &ours, const DatabaseUrl &theirs)
{
    const test::ProcessRun dump = test::runProgram(kPython, {QStringLiteral(RETORT_SOURCE_DIR "/tests/ops/schema_dump.py"),
                                                             sqlalchemyUrl(ours), sqlalchemyUrl(theirs)}, dir);
    if (dump.exitCode != 0)
        return QStringLiteral("schema_dump.py failed: ") + dump.describe();
    const QStringList lines = dump.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (lines.size() != 2)
        return QStringLiteral("schema_dump.py printed %1 lines").arg(lines.size());
    const QJsonObject mine = QJsonDocument::fromJson(lines[0].toUtf8()).object();
    const QJsonObject reference = QJsonDocument::fromJson(lines[1].toUtf8()).object();
    if (mine == reference)
        return {};
    return QStringLiteral("retort:  %1\nalembic: %2").arg(lines[0], lines[1]);
}

// Adds revision s09 after s08 to a copied shop project: the docstring's title, its imports and functions
// (after the docstring and the imports, the fixed revision lines, then the functions).
bool addRevisionS09(const QString &dir, const char *file, const char *title, const char *imports, const char *functions)
{
    QFile f(dir + QStringLiteral("/alembic/versions/") + QLatin1String(file));
    return f.open(QIODevice::WriteOnly)
           && f.write(QByteArray("\"\"\"") + title + "\n\nRevision ID: s09\nRevises: s08\n\"\"\"\n" + imports + "\n\n"
                      "revision = \"s09\"\ndown_revision = \"s08\"\nbranch_labels = None\ndepends_on = None\n\n\n" + functions) > 0;
}

void dialectRows()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::newRow("sqlite") << Dialect::SQLite;
    QTest::newRow("postgresql") << Dialect::PostgreSQL;
    QTest::newRow("mariadb") << Dialect::MySQL;
}

// A row of dialectRows() that needs Debian's Flask-Migrate (flask db is the reference).
#define FLASK_MIGRATE_ON_A_SERVER()                                                                                          \
    QFETCH(Dialect, dialect);                                                                                               \
    RETORT_REQUIRE_SERVER(dialect);                                                                                         \
    if (!QFile::exists(QStringLiteral("/usr/lib/python3/dist-packages/flask_migrate/__init__.py"))) {                      \
        if (test::inCi())                                                                                                   \
            QFAIL("Debian's python3-flask-migrate is not installed (tools/dev test installs it)");                          \
        QSKIP("python3-flask-migrate is not installed");                                                                    \
    }

// A row of shopMatchesAlembic_data: the interpreter of its stack (python), the shop copied into dir,
// and two scratch databases on its engine, ours for Retort and theirs for Alembic.
#define SHOP_ON_TWO_DATABASES()                                                                                             \
    QFETCH(Dialect, dialect);                                                                                               \
    QFETCH(QString, stack);                                                                                                 \
    RETORT_REQUIRE_SERVER(dialect);                                                                                         \
    QTemporaryDir tools;                                                                                                    \
    const QString python = interpreterFor(stack, tools.path());                                                             \
    if (python.isEmpty()) {                                                                                                 \
        if (test::inCi())                                                                                                   \
            QFAIL("Debian 13's Alembic and SQLAlchemy 2.0 are not unpacked (tools/dev test sets RETORT_SA20_PYTHONPATH)");  \
        QSKIP("RETORT_SA20_PYTHONPATH is not set");                                                                         \
    }                                                                                                                       \
    QTemporaryDir dir;                                                                                                      \
    QVERIFY(copyProject(QStringLiteral("shop"), dir.path()));                                                               \
    ScratchDatabase ours(dialect);                                                                                          \
    ScratchDatabase theirs(dialect);                                                                                        \
    QVERIFY2(ours.isValid() && theirs.isValid(), qPrintable(ours.error() + theirs.error()))

} // namespace

class tst_PythonRevisions : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!QFile::exists(QStringLiteral("/usr/lib/python3/dist-packages/alembic/__init__.py"))) {
            if (test::inCi())
                QFAIL("Debian's python3-alembic is not installed (tools/dev test installs it)");
            QSKIP("python3-alembic is not installed");
        }
    }

    // (a)–(f) and (i): the shop project, up to its head and back to base, next to Alembic.
    void shopMatchesAlembic_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::addColumn<QString>("stack");
        for (const char *stack : {"debian12", "debian13"}) {
            QTest::addRow("sqlite %s", stack) << Dialect::SQLite << QString::fromLatin1(stack);
            QTest::addRow("postgresql %s", stack) << Dialect::PostgreSQL << QString::fromLatin1(stack);
            QTest::addRow("mariadb %s", stack) << Dialect::MySQL << QString::fromLatin1(stack);
        }
    }
    void shopMatchesAlembic()
    {
        SHOP_ON_TWO_DATABASES();

        const test::ProcessRun up = retortCli(dir.path(), {QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--no-backup")},
                                              ours.url(), python);
        QVERIFY2(up.exitCode == 0, qPrintable(up.describe()));
        // Nothing was written into the project: no __pycache__ next to the revisions or the app.
        QDirIterator written(dir.path(), {QStringLiteral("__pycache__")}, QDir::Dirs, QDirIterator::Subdirectories);
        QVERIFY2(!written.hasNext(), qPrintable(written.hasNext() ? written.next() : QString()));
        // The plan said which revisions run through Python, and with which interpreter.
        QVERIFY2(up.out.contains(QStringLiteral("6 of 8 revision(s) run through the project's Python: s02, s03, s04, s05, s06, s07")),
                 qPrintable(up.out));
        QVERIFY2(up.out.contains(QStringLiteral("Python: %1 (--python)\n").arg(python)), qPrintable(up.out));
        // The run checked the interpreter before anything and said what it found.
        const QString expectedStack = stack == QLatin1String("debian12") ? QStringLiteral(", Alembic 1.8.1, SQLAlchemy 1.4.46 (env.py read)\n")
                                                                         : QStringLiteral(", Alembic 1.13.2, SQLAlchemy 2.0.40 (env.py read)\n");
        QVERIFY2(up.out.contains(expectedStack), qPrintable(up.out));
        QVERIFY(up.out.indexOf(expectedStack) < up.out.indexOf(QStringLiteral("Running upgrade")));
        QVERIFY2(up.out.contains(QStringLiteral("Running upgrade s01 -> s02")) && up.out.contains(QStringLiteral("[Python]")),
                 qPrintable(up.out));
        // Statements the worker ran were shown as they ran (the data migration's UPDATEs among them).
        QVERIFY2(up.out.contains(QStringLiteral("UPDATE account SET name")), qPrintable(up.out));
        // The password never reaches the output.
        QVERIFY(!ours.url().password().isEmpty() || dialect == Dialect::SQLite);
        if (dialect != Dialect::SQLite)
            QVERIFY2(!up.out.contains(ours.url().password()) && !up.err.contains(ours.url().password()), qPrintable(up.out));

        const test::ProcessRun reference = alembicWith(python, dir.path(), {QStringLiteral("upgrade"), QStringLiteral("heads")}, theirs.url());
        QVERIFY2(reference.exitCode == 0, qPrintable(reference.describe()));
        QCOMPARE(versionRows(ours.url()), QStringList{QStringLiteral("s08")});
        QCOMPARE(versionRows(ours.url()), versionRows(theirs.url()));
        const QString afterUpgrade = schemaDifference(dir.path(), ours.url(), theirs.url());
        QVERIFY2(afterUpgrade.isEmpty(), qPrintable(afterUpgrade));

        // The run log has one row per revision, Python or not, each ok.
        QStringList logged;
        for (const RunLogEntry &e : runLog(ours.url())) {
            if (e.step > 0)
                logged << e.revision + QLatin1Char(' ') + e.outcome;
        }
        QCOMPARE(logged.size(), 8);
        QCOMPARE(logged.count(QStringLiteral("s02 ok")), 1);
        QCOMPARE(logged.filter(QStringLiteral(" ok")).size(), 8);

        const test::ProcessRun down = retortCli(dir.path(), {QStringLiteral("downgrade"), QStringLiteral("base"), QStringLiteral("--no-backup")},
                                                ours.url(), python);
        QVERIFY2(down.exitCode == 0, qPrintable(down.describe()));
        const test::ProcessRun referenceDown = alembicWith(python, dir.path(), {QStringLiteral("downgrade"), QStringLiteral("base")}, theirs.url());
        QVERIFY2(referenceDown.exitCode == 0, qPrintable(referenceDown.describe()));
        QCOMPARE(versionRows(ours.url()), QStringList());
        QCOMPARE(versionRows(theirs.url()), QStringList());
        const QString afterDowngrade = schemaDifference(dir.path(), ours.url(), theirs.url());
        QVERIFY2(afterDowngrade.isEmpty(), qPrintable(afterDowngrade));

    }

    // Issue 18, item 1: after Retort has run on a database, the project's own autogenerate (env.py
    // unchanged) proposes exactly what it proposes on a database Alembic alone migrated: nothing of
    // Retort's. A log an earlier version kept among the application's tables moves out, rows and all.
    void autogenerateSeesNothingOfRetort_data() { shopMatchesAlembic_data(); }
    void autogenerateSeesNothingOfRetort()
    {
        SHOP_ON_TWO_DATABASES();

        // The log of an earlier Retort, next to the version table, with two rows of an old run.
        const QString legacyDdl = QStringLiteral(
            "CREATE TABLE retort_log (run_id VARCHAR(36) NOT NULL, step INTEGER NOT NULL, started_at VARCHAR(32) NOT NULL, "
            "os_user VARCHAR(255), host VARCHAR(255), command VARCHAR(16) NOT NULL, target TEXT, from_revisions TEXT, "
            "to_revisions TEXT, revision VARCHAR(32), duration_ms BIGINT, outcome VARCHAR(32) NOT NULL, message TEXT, "
            "backup_path TEXT, script_sha256 VARCHAR(64), retort_version VARCHAR(32), PRIMARY KEY (run_id, step))");
        const QString oldRun = QStringLiteral("'00000000-0000-4000-8000-000000000001'");
        QCOMPARE(ours.exec({legacyDdl,
                            QStringLiteral("INSERT INTO retort_log (run_id, step, started_at, command, target, outcome) VALUES "
                                           "(%1, 0, '2026-01-02T03:04:05.000Z', 'upgrade', 'heads', 'ok')").arg(oldRun),
                            QStringLiteral("INSERT INTO retort_log (run_id, step, started_at, command, target, revision, outcome) VALUES "
                                           "(%1, 1, '2026-01-02T03:04:05.000Z', 'upgrade', 'heads', 'old1', 'rolled back')").arg(oldRun)}),
                 QString());

        const test::ProcessRun up = retortCli(dir.path(), {QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--no-backup")},
                                              ours.url(), python);
        QVERIFY2(up.exitCode == 0, qPrintable(up.describe()));
        QVERIFY2(!up.err.contains(QStringLiteral("note:")), qPrintable(up.err));   // the log got its own place: no notice
        const test::ProcessRun reference = alembicWith(python, dir.path(), {QStringLiteral("upgrade"), QStringLiteral("heads")}, theirs.url());
        QVERIFY2(reference.exitCode == 0, qPrintable(reference.describe()));

        // The old rows moved, next to this run's; nothing of Retort's is left among the tables.
        const QList<RunLogEntry> log = runLog(ours.url());
        QStringList runs;
        for (const RunLogEntry &e : log)
            runs << QStringLiteral("%1/%2 %3").arg(e.runId.left(8)).arg(e.step).arg(e.outcome);
        QVERIFY2(runs.contains(QStringLiteral("00000000/0 ok")) && runs.contains(QStringLiteral("00000000/1 rolled back")), qPrintable(runs.join(QLatin1Char(','))));
        QCOMPARE(log.size(), 2 + 1 + 8);
        const QString difference = schemaDifference(dir.path(), ours.url(), theirs.url());
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        if (dialect == Dialect::SQLite)
            QVERIFY(QFileInfo::exists(ours.url().database() + QStringLiteral("-retort")));

        // The project's own autogenerate, on each database: the same revision body.
        const auto autogenerate = [&](const DatabaseUrl &url, const QString &revId) -> QString {
            const test::ProcessRun r = alembicWith(python, dir.path(), {QStringLiteral("revision"), QStringLiteral("--autogenerate"),
                                                                        QStringLiteral("-m"), QStringLiteral("probe"),
                                                                        QStringLiteral("--rev-id"), revId}, url);
            if (r.exitCode != 0)
                return QStringLiteral("<alembic failed: %1>").arg(r.describe());
            QFile f(dir.path() + QStringLiteral("/alembic/versions/%1_probe.py").arg(revId));
            if (!f.open(QIODevice::ReadOnly))
                return QStringLiteral("<no revision file written>");
            const QString text = QString::fromUtf8(f.readAll());
            f.remove();
            // Alembic orders removed tables as a Python set does: compare the lines, sorted.
            QStringList lines = text.mid(text.indexOf(QStringLiteral("def upgrade"))).split(QLatin1Char('\n'));
            lines.sort();
            return lines.join(QLatin1Char('\n'));
        };
        const QString mine = autogenerate(ours.url(), QStringLiteral("p1"));
        const QString reference2 = autogenerate(theirs.url(), QStringLiteral("p1"));
        QVERIFY2(!mine.startsWith(QLatin1Char('<')) && mine.contains(QStringLiteral("def upgrade")), qPrintable(mine));
        QVERIFY2(!mine.contains(QStringLiteral("retort"), Qt::CaseInsensitive), qPrintable(mine));
        QCOMPARE(mine, reference2);

        // alembic check (Alembic 1.9 and later): the same verdict on both.
        if (stack == QLatin1String("debian13")) {
            const test::ProcessRun checkOurs = alembicWith(python, dir.path(), {QStringLiteral("check")}, ours.url());
            const test::ProcessRun checkTheirs = alembicWith(python, dir.path(), {QStringLiteral("check")}, theirs.url());
            QCOMPARE(checkOurs.exitCode, checkTheirs.exitCode);
            QVERIFY2(!(checkOurs.out + checkOurs.err).contains(QStringLiteral("retort"), Qt::CaseInsensitive),
                     qPrintable(checkOurs.describe()));
        }

        // Retort's own readers still find everything: the log command lists the moved run too.
        const test::ProcessRun logged = retortCli(dir.path(), {QStringLiteral("log")}, ours.url(), python);
        QVERIFY2(logged.exitCode == 0 && logged.out.contains(QStringLiteral("upgrade old1  rolled back")), qPrintable(logged.describe()));
    }

    // An env.py with include_schemas=True compares every schema, Retort's too: the run says so and
    // gives the include_name lines; with them, autogenerate proposes what it proposes on a database
    // Alembic alone migrated.
    void includeSchemasGetsTheLines_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::newRow("postgresql") << Dialect::PostgreSQL;
        QTest::newRow("mariadb") << Dialect::MySQL;
    }
    void includeSchemasGetsTheLines()
    {
        QFETCH(Dialect, dialect);
        RETORT_REQUIRE_SERVER(dialect);
        QTemporaryDir dir;
        QVERIFY(copyProject(QStringLiteral("shop"), dir.path()));
        ScratchDatabase ours(dialect);
        ScratchDatabase theirs(dialect);
        QVERIFY2(ours.isValid() && theirs.isValid(), qPrintable(ours.error() + theirs.error()));
        QFile env(dir.path() + QStringLiteral("/alembic/env.py"));
        QVERIFY(env.open(QIODevice::ReadOnly));
        QByteArray text = env.readAll();
        env.close();
        const QByteArray online = "context.configure(connection=connection, target_metadata=target_metadata)";
        QVERIFY(text.contains(online));
        text.replace(online, "context.configure(connection=connection, target_metadata=target_metadata, include_schemas=True)");
        QVERIFY(env.open(QIODevice::WriteOnly | QIODevice::Truncate) && env.write(text) > 0);
        env.close();

        const test::ProcessRun up = retortCli(dir.path(), {QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--no-backup")},
                                              ours.url());
        QVERIFY2(up.exitCode == 0, qPrintable(up.describe()));
        const QString schema = dialect == Dialect::PostgreSQL ? QStringLiteral("retort_log") : ours.url().database() + QStringLiteral("_retort");
        QVERIFY2(up.err.contains(QStringLiteral("note: env.py sets include_schemas=True")), qPrintable(up.err));
        QVERIFY2(up.err.contains(QStringLiteral("return not (type_ == \"schema\" and name == \"%1\")").arg(schema)), qPrintable(up.err));
        QVERIFY(alembicWith(kPython, dir.path(), {QStringLiteral("upgrade"), QStringLiteral("heads")}, theirs.url()).exitCode == 0);

        // The lines as the note gives them, in env.py: the same proposal on both databases. (On MariaDB
        // include_schemas compares every database the user sees, the other tests' among them.)
        if (dialect != Dialect::PostgreSQL)
            return;
        text.replace("include_schemas=True)", "include_schemas=True,\n                          include_name=include_name)");
        text.replace("if context.is_offline_mode():", QStringLiteral("def include_name(name, type_, parent_names):\n"
                                                                     "    return not (type_ == \"schema\" and name == \"%1\")\n\n\n"
                                                                     "if context.is_offline_mode():").arg(schema).toUtf8());
        QVERIFY(env.open(QIODevice::WriteOnly | QIODevice::Truncate) && env.write(text) > 0);
        env.close();
        const auto proposal = [&](const DatabaseUrl &url) -> QString {
            const test::ProcessRun r = alembicWith(kPython, dir.path(), {QStringLiteral("revision"), QStringLiteral("--autogenerate"),
                                                                         QStringLiteral("-m"), QStringLiteral("probe"),
                                                                         QStringLiteral("--rev-id"), QStringLiteral("p1")}, url);
            QFile f(dir.path() + QStringLiteral("/alembic/versions/p1_probe.py"));
            if (r.exitCode != 0 || !f.open(QIODevice::ReadOnly))
                return QStringLiteral("<alembic failed: %1>").arg(r.describe());
            QStringList lines = QString::fromUtf8(f.readAll()).section(QStringLiteral("def upgrade"), 1).split(QLatin1Char('\n'));
            f.remove();
            lines.sort();
            return lines.join(QLatin1Char('\n'));
        };
        const QString mine = proposal(ours.url());
        QVERIFY2(!mine.startsWith(QLatin1Char('<')) && !mine.contains(QStringLiteral("retort")), qPrintable(mine));
        QCOMPARE(mine, proposal(theirs.url()));
    }

    // Where the user may not create the log's own database, the log stays among the application's
    // tables and the run says so, with the env.py lines that keep autogenerate away from it.
    void runLogWithoutTheRightToCreateItsPlace()
    {
        const QByteArray socketUrl = qgetenv("RETORT_TEST_MYSQL_SOCKET_URL");
        if (socketUrl.isEmpty()) {
            if (test::inCi())
                QFAIL("RETORT_TEST_MYSQL_SOCKET_URL is not set (tools/dev test sets it)");
            QSKIP("RETORT_TEST_MYSQL_SOCKET_URL is not set");
        }
        Result<DatabaseUrl> url = DatabaseUrl::parse(QString::fromUtf8(socketUrl));
        QVERIFY(url);
        QTemporaryDir dir;
        QVERIFY(copyProject(QStringLiteral("shop"), dir.path()));
        // Only s01 (native), on the shared database, which is left as it was found.
        const auto cleanUp = [&] {
            Result<std::unique_ptr<Connection>> c = Connection::open(*url);
            if (c) {
                QSqlQuery q((*c)->database());
                for (const char *table : {"event", "account", "alembic_version", "retort_log"})
                    q.exec(QStringLiteral("DROP TABLE IF EXISTS ") + QLatin1String(table));
            }
        };
        cleanUp();
        const test::ProcessRun up = retortCli(dir.path(), {QStringLiteral("upgrade"), QStringLiteral("s01"), QStringLiteral("--no-backup")}, *url);
        const QList<RunLogEntry> log = runLog(*url);
        cleanUp();
        QVERIFY2(up.exitCode == 0, qPrintable(up.describe()));
        QVERIFY2(up.err.contains(QStringLiteral("note: The run log stays in the table retort_log among the application's tables")),
                 qPrintable(up.err));
        QVERIFY2(up.err.contains(QStringLiteral("def include_name(name, type_, parent_names):")), qPrintable(up.err));
        QVERIFY2(up.err.contains(QStringLiteral("CREATE DATABASE retort_retort")), qPrintable(up.err));
        QVERIFY(!up.err.contains(url->password()));
        QCOMPARE(log.size(), 2);
    }

    // (g): a Flask-Migrate project; env.py reads everything from current_app, and the reference is `flask db`.
    void flaskMigrateProjectMatchesFlaskDb_data() { dialectRows(); }
    void flaskMigrateProjectMatchesFlaskDb()
    {
        FLASK_MIGRATE_ON_A_SERVER();
        QTemporaryDir dir;
        QVERIFY(copyProject(QStringLiteral("flask_shop"), dir.path()));
        ScratchDatabase ours(dialect);
        ScratchDatabase theirs(dialect);
        QVERIFY2(ours.isValid() && theirs.isValid(), qPrintable(ours.error() + theirs.error()));
        const auto flaskDb = [&](const QStringList &arguments) {
            return test::runProgram(kPython, QStringList{QStringLiteral("-m"), QStringLiteral("flask"), QStringLiteral("db")} + arguments,
                                    dir.path(), {{QStringLiteral("FLASK_APP"), QStringLiteral("shop")},
                                                 {QStringLiteral("SHOP_DATABASE_URL"), sqlalchemyUrl(theirs.url())}});
        };

        const test::ProcessRun up = retortCli(dir.path(), {QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--no-backup")},
                                              ours.url());
        QVERIFY2(up.exitCode == 0, qPrintable(up.describe()));
        QVERIFY2(up.out.contains(QStringLiteral("1 of 2 revision(s) run through the project's Python: f02")), qPrintable(up.out));
        const test::ProcessRun reference = flaskDb({QStringLiteral("upgrade")});
        QVERIFY2(reference.exitCode == 0, qPrintable(reference.describe()));
        QCOMPARE(versionRows(ours.url()), QStringList{QStringLiteral("f02")});
        QCOMPARE(versionRows(theirs.url()), QStringList{QStringLiteral("f02")});
        const QString afterUpgrade = schemaDifference(dir.path(), ours.url(), theirs.url());
        QVERIFY2(afterUpgrade.isEmpty(), qPrintable(afterUpgrade));

        const test::ProcessRun down = retortCli(dir.path(), {QStringLiteral("downgrade"), QStringLiteral("base"), QStringLiteral("--no-backup")},
                                                ours.url());
        QVERIFY2(down.exitCode == 0, qPrintable(down.describe()));
        const test::ProcessRun referenceDown = flaskDb({QStringLiteral("downgrade"), QStringLiteral("base")});
        QVERIFY2(referenceDown.exitCode == 0, qPrintable(referenceDown.describe()));
        QCOMPARE(versionRows(ours.url()), QStringList());
        const QString afterDowngrade = schemaDifference(dir.path(), ours.url(), theirs.url());
        QVERIFY2(afterDowngrade.isEmpty(), qPrintable(afterDowngrade));
    }

    // Issue 18, item 5: a Flask-Migrate --multidb project. One history; the default database and the
    // "users" bind each keep their own version table; m01 runs natively on both, m02 natively on
    // the default database and through Python on "users" (a data migration). retort-cli upgrade and
    // downgrade go through every database as `flask db` does; --bind works on one.
    void multiDatabaseProjectMatchesFlaskDb_data() { dialectRows(); }
    void multiDatabaseProjectMatchesFlaskDb()
    {
        FLASK_MIGRATE_ON_A_SERVER();
        QTemporaryDir oursDir, theirsDir;
        ScratchDatabase oursMain(dialect), oursUsers(dialect), theirsMain(dialect), theirsUsers(dialect);
        for (const ScratchDatabase *db : {&oursMain, &oursUsers, &theirsMain, &theirsUsers})
            QVERIFY2(db->isValid(), qPrintable(db->error()));
        // Each copy's instance/config.py names its two databases, as a Flask app keeps them.
        const auto prepare = [&](const QString &dir, const ScratchDatabase &main, const ScratchDatabase &users) {
            QFile config(dir + QStringLiteral("/instance/config.py"));
            return copyProject(QStringLiteral("flask_multidb"), dir) && QDir().mkpath(dir + QStringLiteral("/instance"))
                   && config.open(QIODevice::WriteOnly)
                   && config.write(QStringLiteral("SQLALCHEMY_DATABASE_URI = \"%1\"\nSQLALCHEMY_BINDS = {\"users\": \"%2\"}\n")
                                       .arg(sqlalchemyUrl(main.url()), sqlalchemyUrl(users.url())).toUtf8()) > 0;
        };
        QVERIFY(prepare(oursDir.path(), oursMain, oursUsers));
        QVERIFY(prepare(theirsDir.path(), theirsMain, theirsUsers));
        const auto retort = [&](const QStringList &arguments) {
            return test::runProgram(QStringLiteral(RETORT_CLI_PATH), QStringList{QStringLiteral("--python"), kPython} + arguments, oursDir.path());
        };
        const auto flaskDb = [&](const QStringList &arguments) {
            return test::runProgram(kPython, QStringList{QStringLiteral("-m"), QStringLiteral("flask"), QStringLiteral("db")} + arguments,
                                    theirsDir.path(), {{QStringLiteral("FLASK_APP"), QStringLiteral("shop:create_app")}});
        };
        const auto sameDatabases = [&]() -> QString {
            for (const auto &[mine, reference] : {std::pair{&oursMain, &theirsMain}, std::pair{&oursUsers, &theirsUsers}}) {
                if (versionRows(mine->url()) != versionRows(reference->url()))
                    return QStringLiteral("version rows %1 / %2").arg(versionRows(mine->url()).join(QLatin1Char(',')),
                                                                      versionRows(reference->url()).join(QLatin1Char(',')));
                const QString difference = schemaDifference(oursDir.path(), mine->url(), reference->url());
                if (!difference.isEmpty())
                    return difference;
            }
            return {};
        };

        // One bind first: only "users" moves.
        const test::ProcessRun one = retort({QStringLiteral("--bind"), QStringLiteral("users"), QStringLiteral("upgrade"), QStringLiteral("m01"),
                                             QStringLiteral("--no-backup")});
        QVERIFY2(one.exitCode == 0, qPrintable(one.describe()));
        QCOMPARE(versionRows(oursUsers.url()), QStringList{QStringLiteral("m01")});
        QCOMPARE(versionRows(oursMain.url()), QStringList());
        // Then every database, as flask db upgrade.
        const test::ProcessRun up = retort({QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--no-backup")});
        QVERIFY2(up.exitCode == 0, qPrintable(up.describe()));
        QVERIFY2(up.out.contains(QStringLiteral("Database <default>:\n")) && up.out.contains(QStringLiteral("Database users:\n")),
                 qPrintable(up.out));
        // Natively on the default database; through Python only where the revision needs it.
        const QString usersPart = up.out.mid(up.out.indexOf(QStringLiteral("Database users:")));
        const QString mainPart = up.out.left(up.out.indexOf(QStringLiteral("Database users:")));
        QVERIFY2(!mainPart.contains(QStringLiteral("[Python]")), qPrintable(mainPart));
        QVERIFY2(usersPart.contains(QStringLiteral("1 of 1 revision(s) run through the project's Python: m02")), qPrintable(usersPart));
        const test::ProcessRun reference = flaskDb({QStringLiteral("upgrade")});
        QVERIFY2(reference.exitCode == 0, qPrintable(reference.describe()));
        QCOMPARE(versionRows(oursUsers.url()), QStringList{QStringLiteral("m02")});
        QString difference = sameDatabases();
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        // current: each database's revision.
        const test::ProcessRun current = retort({QStringLiteral("current")});
        QCOMPARE(current.out, QStringLiteral("Database <default>:\nm02 (head)\nDatabase users:\nm02 (head)\n"));
        // env.py's offline script files went to a scratch folder, not into the project.
        QVERIFY(QDir(oursDir.path()).entryList({QStringLiteral("*.sql")}, QDir::Files).isEmpty());

        const test::ProcessRun down = retort({QStringLiteral("downgrade"), QStringLiteral("base"), QStringLiteral("--no-backup")});
        QVERIFY2(down.exitCode == 0, qPrintable(down.describe()));
        QVERIFY2(flaskDb({QStringLiteral("downgrade"), QStringLiteral("base")}).exitCode == 0, "flask db downgrade base failed");
        difference = sameDatabases();
        QVERIFY2(difference.isEmpty(), qPrintable(difference));

        // --url on such a project needs --bind; --bind on a project without binds is refused.
        const test::ProcessRun ambiguous = retort({QStringLiteral("--url"), QStringLiteral("sqlite:////nonexistent/x.db"), QStringLiteral("current")});
        QCOMPARE(ambiguous.exitCode, 2);
        QVERIFY2(ambiguous.err.contains(QStringLiteral("name the bind it is for with --bind")), qPrintable(ambiguous.err));
        const test::ProcessRun unknown = retort({QStringLiteral("--bind"), QStringLiteral("logs"), QStringLiteral("current")});
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(unknown.err.contains(QStringLiteral("SQLALCHEMY_BINDS in instance/config.py has no bind 'logs'")), qPrintable(unknown.err));
    }

    // Previews: `--sql` prints the revisions that need Python from Alembic's offline mode, through
    // the project's Python, byte for byte as `alembic ... --sql`; one that needs a live connection
    // stops the script with its file:line, as it stops Alembic's.
    void offlineScriptsMatchAlembic_data()
    {
        QTest::addColumn<QString>("dialect");
        QTest::addColumn<QStringList>("command");
        for (const char *d : {"postgresql", "mysql"}) {
            QTest::addRow("%s upgrade", d) << QString::fromLatin1(d) << QStringList{"upgrade", "s04:s08"};
            QTest::addRow("%s downgrade", d) << QString::fromLatin1(d) << QStringList{"downgrade", "s08:s04"};
        }
        // SQLite: up to the batch rebuild, which Alembic cannot print without copy_from.
        QTest::addRow("sqlite upgrade") << QStringLiteral("sqlite") << QStringList{"upgrade", "s04:s06"};
    }
    void offlineScriptsMatchAlembic()
    {
        QFETCH(QString, dialect);
        QFETCH(QStringList, command);
        QTemporaryDir dir;
        QVERIFY(copyProject(QStringLiteral("shop"), dir.path()));
        const QString url = (dialect == QLatin1String("mysql") ? QStringLiteral("mysql+pymysql") : dialect)
                            + QStringLiteral("://user:secret@localhost/db");
        const test::ProcessRun reference = test::runProgram(kPython, QStringList{QStringLiteral("-m"), QStringLiteral("alembic")} + command
                                                                         + QStringList{QStringLiteral("--sql")},
                                                            dir.path(), {{QStringLiteral("RETORT_DATABASE_URL"), url}});
        QVERIFY2(reference.exitCode == 0, qPrintable(reference.describe()));
        const test::ProcessRun ours = test::runProgram(QStringLiteral(RETORT_CLI_PATH),
                                                       QStringList{QStringLiteral("--python"), kPython} + command
                                                           + QStringList{QStringLiteral("--sql"), QStringLiteral("--dialect"), dialect},
                                                       dir.path());
        QVERIFY2(ours.exitCode == 0, qPrintable(ours.describe()));
        QVERIFY2(ours.err.contains(QStringLiteral("run through the project's Python (%1, --python) in Alembic's offline mode").arg(kPython)),
                 qPrintable(ours.err));
        QCOMPARE(ours.out, reference.out);

        if (dialect != QLatin1String("postgresql"))
            return;
        const test::ProcessRun live = test::runProgram(QStringLiteral(RETORT_CLI_PATH),
                                                       {QStringLiteral("--python"), kPython, QStringLiteral("upgrade"), QStringLiteral("heads"),
                                                        QStringLiteral("--sql"), QStringLiteral("--dialect"), dialect},
                                                       dir.path());
        QCOMPARE(live.exitCode, 1);
        QVERIFY2(live.err.contains(QStringLiteral("s02_tiers.py:23: upgrade s01 -> s02: revision s02 runs through the project's Python, "
                                                  "and its SQL cannot be shown without a live connection")),
                 qPrintable(live.err));
    }

    // What a preview shows for revisions that need a live connection: the plan rehearsed on a copy
    // (SQLite: of the file, rows included; the servers: a scratch database with the schema and none of
    // the rows, dropped after), never on the live database.
    void rehearsalOnACopy_data() { dialectRows(); }
    void rehearsalOnACopy()
    {
        QFETCH(Dialect, dialect);
        RETORT_REQUIRE_SERVER(dialect);
        QTemporaryDir dir;
        QVERIFY(copyProject(QStringLiteral("shop"), dir.path()));
        ScratchDatabase live(dialect);
        QVERIFY2(live.isValid(), qPrintable(live.error()));
        const test::ProcessRun first = retortCli(dir.path(), {QStringLiteral("upgrade"), QStringLiteral("s01"), QStringLiteral("--no-backup")},
                                                 live.url());
        QVERIFY2(first.exitCode == 0, qPrintable(first.describe()));

        Result<std::unique_ptr<MigrationProject>> project = MigrationProject::open(dir.path());
        QVERIFY(project);
        Result<std::unique_ptr<Connection>> connection = Connection::open(live.url());
        QVERIFY(connection);
        Result<MigrationPlan> plan = planUpgrade((*project)->graph(), {QStringLiteral("s01")}, QStringLiteral("heads"));
        QVERIFY(plan);
        const RehearsalSettings settings{VersionTableName{}, InterpreterChoice{kPython, QStringLiteral("test")}};
        const Result<QString> text = rehearseOnCopy(**connection, (*project)->project(), (*project)->operations(), *plan, settings);
        QVERIFY2(text, qPrintable(text ? QString() : text.error().toString()));
        const QString on = dialect == Dialect::SQLite ? QStringLiteral("a copy of the database made just now")
                                                      : QStringLiteral("a scratch database with the schema of this one and none of its rows");
        QVERIFY2(text->startsWith(QStringLiteral("-- Retort: REHEARSAL. The plan was run on ") + on), qPrintable(*text));
        QVERIFY2(text->contains(QLatin1String("-- Running upgrade s01 -> s02")) && text->contains(QLatin1String("(Python)")), qPrintable(*text));
        QVERIFY2(text->contains(QLatin1String("CREATE TABLE colour")), qPrintable(*text));   // env.py's custom operation
        QVERIFY2(text->contains(QLatin1String("-- Running upgrade s07 -> s08")), qPrintable(*text));
        QVERIFY2(!text->contains(QLatin1String("stopped here")), qPrintable(*text));
        // The data migration touched the copy's rows: there are some only in the file copy.
        QCOMPARE(text->contains(QLatin1String("UPDATE account SET name")), dialect == Dialect::SQLite);

        // The live database did not move, and no scratch database is left behind.
        QCOMPARE(versionRows(live.url()), QStringList{QStringLiteral("s01")});
        QSqlQuery q((*connection)->database());
        QVERIFY(!(*connection)->database().tables().contains(QStringLiteral("colour")));
        if (dialect != Dialect::SQLite) {
            const QString sql = dialect == Dialect::PostgreSQL
                                    ? QStringLiteral("SELECT count(*) FROM pg_database WHERE datname LIKE 'retort_rehearsal_%'")
                                    : QStringLiteral("SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'retort_rehearsal_%'");
            QVERIFY(q.exec(sql) && q.next());
            QCOMPARE(q.value(0).toInt(), 0);
        }
    }

    // `-x key=value` reaches context.get_x_argument() in revisions, as `alembic -x` does.
    void xArgumentsReachTheRevisions()
    {
        QTemporaryDir dir;
        QVERIFY(copyProject(QStringLiteral("shop"), dir.path()));
        QVERIFY(addRevisionS09(dir.path(), "s09_seed.py", "seed on request", "from alembic import context, op",
                               "def upgrade():\n"
                               "    if context.get_x_argument(as_dictionary=True).get(\"seed\") == \"yes\":\n"
                               "        op.execute(\"INSERT INTO colour (code, position) VALUES ('seeded', 9)\")\n\n\n"
                               "def downgrade():\n    op.execute(\"DELETE FROM colour WHERE code = 'seeded'\")\n"));
        ScratchDatabase ours(Dialect::SQLite);
        ScratchDatabase theirs(Dialect::SQLite);
        const test::ProcessRun up = retortCli(dir.path(), {QStringLiteral("-x"), QStringLiteral("seed=yes"), QStringLiteral("upgrade"),
                                                           QStringLiteral("heads"), QStringLiteral("--no-backup")},
                                              ours.url());
        QVERIFY2(up.exitCode == 0, qPrintable(up.describe()));
        QVERIFY2(up.out.contains(QLatin1String("INSERT INTO colour (code, position) VALUES ('seeded', 9)")), qPrintable(up.out));
        const test::ProcessRun reference = alembicWith(kPython, dir.path(), {QStringLiteral("-x"), QStringLiteral("seed=yes"),
                                                                             QStringLiteral("upgrade"), QStringLiteral("heads")},
                                                       theirs.url());
        QVERIFY2(reference.exitCode == 0, qPrintable(reference.describe()));
        const QString difference = schemaDifference(dir.path(), ours.url(), theirs.url());
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }

    // Issue 19: a revision that imports the application and a helper it never uses runs natively, and
    // leaves the database as Alembic (which does import them) leaves it.
    void unusedImportsRunNatively_data() { dialectRows(); }
    void unusedImportsRunNatively()
    {
        QFETCH(Dialect, dialect);
        RETORT_REQUIRE_SERVER(dialect);
        QTemporaryDir dir;
        QVERIFY(copyProject(QStringLiteral("shop"), dir.path()));
        QVERIFY(addRevisionS09(dir.path(), "s09_note.py", "a note on accounts",
                               "from alembic import op\nimport sqlalchemy as sa\n\nfrom app import helpers  # noqa: F401\nimport app.models",
                               "def upgrade():\n    op.add_column(\"account\", sa.Column(\"note\", sa.String(200)))\n\n\n"
                               "def downgrade():\n    with op.batch_alter_table(\"account\") as batch:\n        batch.drop_column(\"note\")\n"));
        ScratchDatabase ours(dialect);
        ScratchDatabase theirs(dialect);
        QVERIFY2(ours.isValid() && theirs.isValid(), qPrintable(ours.error() + theirs.error()));
        const test::ProcessRun plan = retortCli(dir.path(), {QStringLiteral("plan"), QStringLiteral("upgrade"), QStringLiteral("heads"),
                                                             QStringLiteral("--rows"), QStringLiteral("s08")}, ours.url());
        QVERIFY2(plan.exitCode == 0 && !plan.out.contains(QStringLiteral("Python")), qPrintable(plan.describe()));
        const test::ProcessRun up = retortCli(dir.path(), {QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--no-backup")},
                                              ours.url());
        QVERIFY2(up.exitCode == 0, qPrintable(up.describe()));
        QVERIFY2(up.out.contains(QStringLiteral("Running upgrade s08 -> s09, a note on accounts\n")), qPrintable(up.out));   // not [Python]
        QVERIFY(alembicWith(kPython, dir.path(), {QStringLiteral("upgrade"), QStringLiteral("heads")}, theirs.url()).exitCode == 0);
        QString difference = schemaDifference(dir.path(), ours.url(), theirs.url());
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        QVERIFY(retortCli(dir.path(), {QStringLiteral("downgrade"), QStringLiteral("s08"), QStringLiteral("--no-backup")}, ours.url()).exitCode == 0);
        QVERIFY(alembicWith(kPython, dir.path(), {QStringLiteral("downgrade"), QStringLiteral("s08")}, theirs.url()).exitCode == 0);
        difference = schemaDifference(dir.path(), ours.url(), theirs.url());
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }

    // A plan without revisions that need Python never starts Python; one with them starts it once, and
    // the database password reaches it over its pipe only, never in its arguments or environment (an
    // interpreter that records how it was started shows both).
    void pythonStartsOnlyWhenNeededAndNeverSeesThePassword()
    {
        RETORT_REQUIRE_SERVER(Dialect::PostgreSQL);
        QTemporaryDir dir;
        QVERIFY(copyProject(QStringLiteral("shop"), dir.path()));
        QTemporaryDir tools;
        const QString record = tools.filePath(QStringLiteral("started"));
        const QString spy = tools.filePath(QStringLiteral("python"));
        QFile script(spy);
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write(QStringLiteral("#!/bin/sh\n{ echo '--- start'; printf '%s\\n' \"$@\"; env; } >> '%1'\nexec %2 \"$@\"\n")
                         .arg(record, kPython).toUtf8());
        script.close();
        QVERIFY(script.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
        ScratchDatabase db(Dialect::PostgreSQL);
        QVERIFY2(db.isValid(), qPrintable(db.error()));
        QVERIFY(!db.url().password().isEmpty());

        // retort-cli runs without the test script's own server URLs (which hold the same password).
        const QMap<QString, QString> environment{{QStringLiteral("RETORT_DATABASE_URL"), db.url().toString(true)},
                                                 {QStringLiteral("RETORT_TEST_PG_URL"), {}},
                                                 {QStringLiteral("RETORT_TEST_MYSQL_URL"), {}},
                                                 {QStringLiteral("RETORT_TEST_PG_SOCKET_URL"), {}},
                                                 {QStringLiteral("RETORT_TEST_MYSQL_SOCKET_URL"), {}}};
        const auto run = [&](const QString &target) {
            return test::runProgram(QStringLiteral(RETORT_CLI_PATH), {QStringLiteral("--python"), spy, QStringLiteral("upgrade"), target,
                                                                     QStringLiteral("--no-backup")},
                                    dir.path(), environment);
        };
        const test::ProcessRun native = run(QStringLiteral("s01"));
        QVERIFY2(native.exitCode == 0, qPrintable(native.describe()));
        QVERIFY2(!QFile::exists(record), "a plan of declarative revisions started Python");

        const test::ProcessRun python = run(QStringLiteral("heads"));
        QVERIFY2(python.exitCode == 0, qPrintable(python.describe()));
        QFile started(record);
        QVERIFY(started.open(QIODevice::ReadOnly));
        const QString seen = QString::fromUtf8(started.readAll());
        QCOMPARE(seen.count(QStringLiteral("--- start")), 1);   // one worker for the whole plan
        const QString encoded = db.url().toString(true).section(QLatin1Char(':'), 2).section(QLatin1Char('@'), 0, 0);
        QVERIFY(!encoded.isEmpty());
        for (const QString &line : seen.split(QLatin1Char('\n')))
            QVERIFY2(!line.contains(db.url().password()) && !line.contains(encoded), qPrintable(line.left(200)));
    }

    // A user who may not create a database gets no rehearsal, and a sentence that says why; nothing
    // is created or changed. (The test script's MariaDB user on the socket has rights on one database.)
    void noRehearsalWithoutTheRightToCreateADatabase()
    {
        const QByteArray socketUrl = qgetenv("RETORT_TEST_MYSQL_SOCKET_URL");
        if (socketUrl.isEmpty()) {
            if (test::inCi())
                QFAIL("RETORT_TEST_MYSQL_SOCKET_URL is not set (tools/dev test sets it)");
            QSKIP("RETORT_TEST_MYSQL_SOCKET_URL is not set");
        }
        QTemporaryDir dir;
        QVERIFY(copyProject(QStringLiteral("shop"), dir.path()));
        Result<std::unique_ptr<MigrationProject>> project = MigrationProject::open(dir.path());
        QVERIFY(project);
        Result<DatabaseUrl> url = DatabaseUrl::parse(QString::fromUtf8(socketUrl));
        QVERIFY(url);
        Result<std::unique_ptr<Connection>> connection = Connection::open(*url);
        QVERIFY2(connection, qPrintable(connection ? QString() : connection.error().toString()));
        Result<MigrationPlan> plan = planUpgrade((*project)->graph(), {}, QStringLiteral("heads"));
        QVERIFY(plan);
        const RehearsalSettings settings{VersionTableName{}, InterpreterChoice{kPython, QStringLiteral("test")}};
        const Result<QString> text = rehearseOnCopy(**connection, (*project)->project(), (*project)->operations(), *plan, settings);
        QVERIFY(!text);
        QVERIFY2(text.error().message.startsWith(QStringLiteral("No rehearsal: the database user may not create a scratch database")),
                 qPrintable(text.error().toString()));
        QVERIFY(!text.error().toString().contains(url->password()));
    }

    // (h): a revision that raises half-way.
    void raisingRevisionStopsTheRun_data() { dialectRows(); }
    void raisingRevisionStopsTheRun()
    {
        QFETCH(Dialect, dialect);
        RETORT_REQUIRE_SERVER(dialect);
        QTemporaryDir dir;
        QVERIFY(copyProject(QStringLiteral("shop"), dir.path()));
        QVERIFY(addRevisionS09(dir.path(), "s09_half_way.py", "half way", "from alembic import op\nimport sqlalchemy as sa",
                               "def upgrade():\n"
                               "    op.create_table(\"half\", sa.Column(\"id\", sa.Integer, primary_key=True))\n"
                               "    op.get_bind().execute(sa.text(\"UPDATE account SET points = points + 1\"))\n"
                               "    raise RuntimeError(\"stopped half-way on purpose\")\n\n\n"
                               "def downgrade():\n    op.drop_table(\"half\")\n"));
        ScratchDatabase ours(dialect);
        ScratchDatabase theirs(dialect);
        QVERIFY2(ours.isValid() && theirs.isValid(), qPrintable(ours.error() + theirs.error()));

        const test::ProcessRun up = retortCli(dir.path(), {QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--no-backup")},
                                              ours.url());
        QCOMPARE(up.exitCode, 1);
        // file:line of the raise, the exception, and where the database stands.
        QVERIFY2(up.err.contains(QStringLiteral("s09_half_way.py:18: upgrade s08 -> s09")), qPrintable(up.err));
        QVERIFY2(up.err.contains(QStringLiteral("RuntimeError: stopped half-way on purpose")), qPrintable(up.err));
        QVERIFY2(up.err.contains(QStringLiteral("the version table now holds: s08 (read back from the database)")), qPrintable(up.err));

        // The revisions before it stay applied, as Alembic leaves them when it runs up to s08.
        const test::ProcessRun reference = test::runAlembic(dir.path(), {QStringLiteral("upgrade"), QStringLiteral("s08")},
                                                            sqlalchemyUrl(theirs.url()));
        QVERIFY2(reference.exitCode == 0, qPrintable(reference.describe()));
        QCOMPARE(versionRows(ours.url()), QStringList{QStringLiteral("s08")});
        if (dialect == Dialect::MySQL) {
            // MariaDB commits every statement at once (as under Alembic): both stayed, and the report names them.
            QVERIFY2(up.err.contains(QStringLiteral("2 of this revision's statements were applied (CREATE TABLE half")), qPrintable(up.err));
            QVERIFY2(up.err.contains(QStringLiteral("UPDATE account SET points = points + 1)")), qPrintable(up.err));
            QVERIFY2(up.err.contains(QStringLiteral("by hand")), qPrintable(up.err));
        } else {
            QVERIFY2(up.err.contains(QStringLiteral("Everything this revision did was rolled back")), qPrintable(up.err));
            const QString difference = schemaDifference(dir.path(), ours.url(), theirs.url());
            QVERIFY2(difference.isEmpty(), qPrintable(difference));
        }
        // The log says which revision failed and how.
        QStringList story;
        for (const RunLogEntry &e : runLog(ours.url())) {
            if (e.revision == QLatin1String("s09") || e.step == 0)
                story << QStringLiteral("%1 %2").arg(e.revision, e.outcome);
        }
        const QString expected = dialect == Dialect::MySQL ? runlog::kPartial : runlog::kRolledBack;
        QCOMPARE(story, (QStringList{QStringLiteral(" failed"), QStringLiteral("s09 ") + expected}));
    }
};

QTEST_GUILESS_MAIN(tst_PythonRevisions)
#include "tst_PythonRevisions.moc"
