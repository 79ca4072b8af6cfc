// Migrating without fear, on real SQLite files and the real PostgreSQL and MariaDB servers of the
// test script: a fault at every statement of a revision (a failing statement, a connection dropped by
// the server) leaves schema, rows and version table exactly as promised and says so; kill -9 of
// retort-cli mid-run leaves a consistent database; backup → migrate → restore gives back the same
// tables and rows; the backup prompt on a real terminal; runs that cannot ask refuse; failed
// backups stop the migration before it starts.
#include "connection/Connection.h"
#include "runner/MigrationRunner.h"
#include "migrations/ProjectHistory.h"
#include "runner/VersionTable.h"
#include "project/Project.h"
#include "runner/Backup.h"
#include "runner/RunLog.h"
#include "runner/SafeMigration.h"
#include "runner/Simulation.h"
#include "runner/Stairway.h"
#include "schema/SchemaReader.h"
#include "schema/SchemaText.h"
#include "sql/Identifiers.h"
#include "RevisionFiles.h"
#include "TestProcesses.h"
#include "TestServers.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

using namespace retort;
using test::Revision;
using test::ScratchDatabase;

Q_DECLARE_METATYPE(retort::Dialect)

namespace {

enum class Fault { FailingStatement, DroppedConnection };

struct Loaded
{
    ProjectHistory history;
    std::unique_ptr<RevisionOperationSource> source;
};

std::unique_ptr<Loaded> load(const QString &dir)
{
    Result<Project> project = Project::open(dir);
    if (!project)
        return nullptr;
    auto loaded = std::make_unique<Loaded>();
    loaded->history = ProjectHistory::load(*project);
    loaded->source = std::make_unique<RevisionOperationSource>(loaded->history.graph);
    return loaded;
}

// A schema's text with what engines print differently from how a revision writes the same thing taken
// out: casts PostgreSQL adds to expressions (lower((name)::text), '0'::numeric), parentheses and quotes
// around names; and each table's lines sorted (Alembic's batch rebuild orders columns by a topological
// sort Retort does not follow).
QString comparableSchemaText(const Schema &schema)
{
    static const QRegularExpression cast(QStringLiteral("::(character varying|double precision|timestamp (with|without) time zone|[a-z_]+)(\\[\\])?"));
    QStringList blocks;
    QStringList lines;
    const auto flush = [&]() {
        std::sort(lines.begin() + (lines.isEmpty() ? 0 : 1), lines.end());
        if (!lines.isEmpty())
            blocks << lines.join(QLatin1Char('\n'));
        lines.clear();
    };
    for (QString line : schemaText(schema).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const qsizetype dflt = line.indexOf(QLatin1String(" DEFAULT "));
        const qsizetype check = line.indexOf(QLatin1String("  check "));
        const qsizetype index = line.indexOf(QLatin1String("index "));
        if (dflt >= 0 || check >= 0 || index >= 0) {
            const qsizetype from = dflt >= 0 ? dflt : check >= 0 ? check : index;
            QString tail = line.mid(from);
            tail.remove(cast).remove(QLatin1Char('(')).remove(QLatin1Char(')')).remove(QLatin1Char('`'));
            line = line.left(from) + tail;
        }
        if (!line.startsWith(QLatin1Char(' ')))
            flush();
        lines << line;
    }
    flush();
    return blocks.join(QLatin1Char('\n'));
}

QString quoted(Dialect dialect, const QString &qualified)
{
    const QChar q = dialect == Dialect::MySQL ? QLatin1Char('`') : QLatin1Char('"');
    QStringList parts;
    for (const QString &p : qualified.split(QLatin1Char('.')))
        parts << q + p + q;
    return parts.join(QLatin1Char('.'));
}

// What a user would compare: every table (but Retort's log) with its columns, row count and a
// checksum of its rows, and the version rows.
QMap<QString, QString> snapshot(const Connection &c)
{
    QMap<QString, QString> out;
    Result<QStringList> tables = liveTableNames(c);
    if (!tables) {
        out.insert(QStringLiteral("<error>"), tables.error().toString());
        return out;
    }
    Result<Schema> schema = introspectSchema(c);
    for (const QString &name : *tables) {
        if (name.startsWith(QLatin1String("retort_log.")))
            continue;   // Retort's run log, in its own schema on PostgreSQL
        const QString bare = name.section(QLatin1Char('.'), -1);
        QStringList columns;
        if (schema) {
            if (const Table *t = schema->table(bare)) {
                for (const Column &col : t->columns)
                    columns << QStringLiteral("%1 %2%3").arg(col.name, col.type, col.nullable ? QString() : QStringLiteral(" NOT NULL"));
            }
        }
        QSqlQuery q(c.database());
        QStringList rows;
        if (q.exec(QStringLiteral("SELECT * FROM ") + quoted(c.dialect(), name))) {
            while (q.next()) {
                QStringList values;
                for (int i = 0; i < q.record().count(); ++i)
                    values << (q.value(i).isNull() ? QStringLiteral("<null>") : q.value(i).toString());
                rows << values.join(QChar(0x1f));
            }
        }
        rows.sort();
        const QByteArray sum = QCryptographicHash::hash(rows.join(QLatin1Char('\n')).toUtf8(), QCryptographicHash::Sha256).toHex();
        out.insert(bare, QStringLiteral("[%1] %2 rows sha256 %3").arg(columns.join(QStringLiteral(", "))).arg(rows.size())
                             .arg(QString::fromLatin1(sum.left(16))));
    }
    return out;
}

QStringList versionRows(const Connection &c)
{
    Result<VersionTableState> state = readVersionTable(c);
    return state ? state->revisions : QStringList{QStringLiteral("<unreadable>")};
}

QStringList appTables(const Connection &c)
{
    QStringList names;
    Result<QStringList> all = liveTableNames(c);
    for (const QString &n : all ? *all : QStringList()) {
        if (n.startsWith(QLatin1String("retort_log.")))
            continue;
        const QString bare = n.section(QLatin1Char('.'), -1);
        if (bare != QLatin1String("alembic_version"))
            names << bare;
    }
    return names;
}

QList<RunLogEntry> logOf(const Connection &c)
{
    Result<QList<RunLogEntry>> log = runlog::readAll(c);
    return log ? *log : QList<RunLogEntry>();
}

// Both sides of the test's own access to a scratch database.
std::unique_ptr<Connection> open(const ScratchDatabase &db)
{
    Result<std::unique_ptr<Connection>> c = Connection::open(db.url());
    return c ? std::move(c.value()) : nullptr;
}

// Real Alembic upgrades db to target on the project in dir; then the schema as Retort reads it (and the
// server's version string, for MariaDB's spellings).
Result<Schema> upgradedByAlembic(const QString &dir, const QString &target, const ScratchDatabase &db, QString *serverVersion = nullptr)
{
    QString url = db.url().toString(true);
    if (db.url().dialect() == Dialect::MySQL)   // PyMySQL: the MySQL driver Debian packages with Alembic
        url.replace(QRegularExpression(QStringLiteral("^mysql:")), QStringLiteral("mysql+pymysql:"));
    const test::ProcessRun up = test::runAlembic(dir, {QStringLiteral("upgrade"), target}, url);
    if (up.exitCode != 0)
        return makeError(up.describe());
    std::unique_ptr<Connection> c = open(db);
    if (!c)
        return makeError(QStringLiteral("could not connect to the scratch database"));
    if (serverVersion)
        *serverVersion = c->serverVersion();
    return introspectSchema(*c);
}

// Ends the server session of c from another connection, as a network failure or an admin would.
QString killSession(const ScratchDatabase &db, const QString &sessionId)
{
    std::unique_ptr<Connection> admin = open(db);
    if (!admin)
        return QStringLiteral("no admin connection");
    QSqlQuery q(admin->database());
    const QString sql = db.url().dialect() == Dialect::PostgreSQL ? QStringLiteral("SELECT pg_terminate_backend(%1)").arg(sessionId)
                                                                  : QStringLiteral("KILL CONNECTION %1").arg(sessionId);
    return q.exec(sql) ? QString() : q.lastError().text();
}

QString sessionIdOf(const Connection &c)
{
    QSqlQuery q(c.database());
    const QString sql = c.dialect() == Dialect::PostgreSQL ? QStringLiteral("SELECT pg_backend_pid()") : QStringLiteral("SELECT CONNECTION_ID()");
    return q.exec(sql) && q.next() ? q.value(0).toString() : QString();
}

// r2 runs these four statements; a fault is placed before statement k.
const QStringList kR2Statements = {
    QStringLiteral("op.create_table('t2', sa.Column('id', sa.Integer, primary_key=True))"),
    QStringLiteral("op.add_column('t1', sa.Column('b', sa.Integer))"),
    QStringLiteral("op.execute('INSERT INTO t1 (id, b) VALUES (2, 20)')"),
    QStringLiteral("op.create_index('ix_t1_b', 't1', ['b'])"),
};

// python: r2 reads rows through op.get_bind() first, so it runs through the project's Python (Debian's python3
// with its Alembic) while r1 runs natively: a mixed plan.
QList<Revision> faultProject(int failBefore, bool python = false)
{
    QStringList r2 = kR2Statements;
    if (python)
        r2.prepend(QStringLiteral("rows = op.get_bind().execute(sa.text('SELECT 1')).fetchall()"));
    if (failBefore >= 0)
        r2.insert(failBefore + (python ? 1 : 0), QStringLiteral("op.execute('INSERT INTO no_such_table VALUES (1)')"));
    return {
        Revision{QStringLiteral("r1"), {},
                 QStringLiteral("op.create_table('t1', sa.Column('id', sa.Integer, primary_key=True))\n"
                                "op.execute('INSERT INTO t1 (id) VALUES (1)')"),
                 QStringLiteral("op.drop_table('t1')")},
        Revision{QStringLiteral("r2"), QStringLiteral("r1"), r2.join(QLatin1Char('\n')), {}},
    };
}

// Planted faults for the stairway check: s2's downgrade forgets an index, s3's raises, s4's drops the
// wrong column; s1 is clean.
QList<Revision> stairwayFaults()
{
    return {
        Revision{QStringLiteral("s1"), {}, QStringLiteral("op.create_table('t', sa.Column('id', sa.Integer, primary_key=True), sa.Column('a', sa.Integer))"),
                 QStringLiteral("op.drop_table('t')")},
        Revision{QStringLiteral("s2"), QStringLiteral("s1"), QStringLiteral("op.create_index('ix_t_a', 't', ['a'])"), QStringLiteral("pass")},
        Revision{QStringLiteral("s3"), QStringLiteral("s2"), QStringLiteral("op.create_table('u', sa.Column('id', sa.Integer, primary_key=True))"),
                 QStringLiteral("op.execute('DELETE FROM no_such_table')")},
        Revision{QStringLiteral("s4"), QStringLiteral("s3"), QStringLiteral("op.add_column('u', sa.Column('c', sa.Integer))"),
                 QStringLiteral("with op.batch_alter_table('t') as b:\n        b.drop_column('a')")},
    };
}

// Starts the worker for a test project with Debian's python3 and its Alembic.
std::function<Result<std::unique_ptr<PythonWorker>>()> debianPython(const Project &project, const DatabaseUrl &url)
{
    return [&project, url]() {
        return PythonWorker::start(project, PythonWorker::Settings{InterpreterChoice{QStringLiteral("/usr/bin/python3"), QStringLiteral("test")},
                                                                   url, {}, 60000, {}});
    };
}

const char *dialectTag(Dialect d)
{
    return d == Dialect::SQLite ? "sqlite" : d == Dialect::PostgreSQL ? "postgresql" : "mariadb";
}

// An executable shell script at path (a wrapper put in front of a real tool on PATH).
bool writeScript(const QString &path, const QString &body)
{
    QFile script(path);
    if (!script.open(QIODevice::WriteOnly) || script.write((QStringLiteral("#!/bin/sh\n") + body).toUtf8()) < 0)
        return false;
    script.close();
    return script.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

// The rows of a test run once per engine.
void dialectRows(std::initializer_list<Dialect> dialects)
{
    QTest::addColumn<Dialect>("dialect");
    for (const Dialect d : dialects)
        QTest::newRow(dialectTag(d)) << d;
}

test::ProcessRun cli(const QString &dir, const QStringList &arguments, const QMap<QString, QString> &env = {})
{
    return test::runProgram(QStringLiteral(RETORT_CLI_PATH), arguments, dir, env);
}

} // namespace

class tst_SafeMigration : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qputenv("XDG_DATA_HOME", m_home.filePath(QStringLiteral("data")).toLocal8Bit());
    }

    // --- failure safety ----------------------------------------------------------------------

    void faultAtEveryStatement_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::addColumn<int>("fault");
        QTest::addColumn<int>("position");
        QTest::addColumn<bool>("python");
        for (const Dialect d : {Dialect::SQLite, Dialect::PostgreSQL, Dialect::MySQL}) {
            for (int k = 0; k <= kR2Statements.size(); ++k) {
                QTest::addRow("%s failing statement %d", dialectTag(d), k) << d << int(Fault::FailingStatement) << k << false;
                // The same fault in a revision the project's Python runs, after a native one.
                QTest::addRow("%s python failing statement %d", dialectTag(d), k) << d << int(Fault::FailingStatement) << k << true;
            }
            if (d == Dialect::SQLite)
                continue;   // a file has no connection to drop: kill -9 below covers SQLite
            for (int k = 0; k < kR2Statements.size(); ++k)
                QTest::addRow("%s dropped connection %d", dialectTag(d), k) << d << int(Fault::DroppedConnection) << k << false;
        }
    }

    void faultAtEveryStatement()
    {
        QFETCH(Dialect, dialect);
        QFETCH(int, fault);
        QFETCH(int, position);
        QFETCH(bool, python);
        RETORT_REQUIRE_SERVER(dialect);
        if (python)
            RETORT_REQUIRE_ALEMBIC();
        const bool dropConnection = Fault(fault) == Fault::DroppedConnection;
        QTemporaryDir dir;
        QVERIFY(test::writeProject(dir.path(), faultProject(dropConnection ? -1 : position, python)));
        std::unique_ptr<Loaded> loaded = load(dir.path());
        QVERIFY(loaded);
        ScratchDatabase db(dialect);
        QVERIFY2(db.isValid(), qPrintable(db.error()));
        std::unique_ptr<Connection> c = open(db);
        QVERIFY(c);
        const QString session = dialect == Dialect::SQLite ? QString() : sessionIdOf(*c);

        Result<MigrationPreview> preview = previewMigration(*c, *loaded->source, {}, true, QStringLiteral("heads"), python);
        QVERIFY2(preview, qPrintable(preview ? QString() : preview.error().toString()));
        QCOMPARE(preview->pythonSteps.size(), python ? 1 : 0);
        MigrationOptions options;
        Result<Project> project = Project::open(dir.path());
        QVERIFY(project);
        if (python)
            options.startPython = debianPython(*project, db.url());
        int r2Statement = -1;
        QString killError;
        options.observer = [&](const RunEvent &e) {
            if (e.kind == RunEvent::Kind::StepStarted && e.stepIndex == 1)
                r2Statement = 0;
            else if (e.kind == RunEvent::Kind::Statement && r2Statement >= 0) {
                if (dropConnection && r2Statement == position)
                    killError = killSession(db, session);
                ++r2Statement;
            }
        };
        const MigrationOutcome outcome = runSafeMigration(*c, *loaded->source, {}, *preview, options);
        QVERIFY(killError.isEmpty());
        QVERIFY2(outcome.error, "the run should have failed");
        QVERIFY2(outcome.error->message.startsWith(QStringLiteral("upgrade r1 -> r2 failed")), qPrintable(outcome.error->message));
        QVERIFY(!outcome.error->detail.isEmpty());   // the driver's own words
        if (!dropConnection)
            QCOMPARE(outcome.error->sql, QStringLiteral("INSERT INTO no_such_table VALUES (1)"));
        QCOMPARE(outcome.stepsCompleted, 1);
        // The report points at the failing line of the revision file, Python or not.
        QVERIFY2(outcome.error->file.endsWith(QStringLiteral("/r2.py")), qPrintable(outcome.error->file));
        if (python)
            QVERIFY2(outcome.error->line > 0, qPrintable(outcome.error->toString()));

        // Read back over a new connection: what the user will find.
        std::unique_ptr<Connection> check = open(db);
        QVERIFY(check);
        QCOMPARE(versionRows(*check), QStringList{QStringLiteral("r1")});
        QVERIFY(outcome.rowsKnown);
        QCOMPARE(outcome.rowsAfter, QStringList{QStringLiteral("r1")});
        const Result<Schema> schema = introspectSchema(*check);
        QVERIFY(schema);
        const Table *t1 = schema->table(QStringLiteral("t1"));
        QVERIFY(t1);
        QSqlQuery q(check->database());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM t1")) && q.next());
        const int rows = q.value(0).toInt();
        q.finish();
        // Statements that ran before the fault: all of r2's when the engine commits DDL at once, none otherwise.
        const int applied = dialect == Dialect::MySQL ? position : 0;
        QCOMPARE(schema->table(QStringLiteral("t2")) != nullptr, applied > 0);
        QCOMPARE(t1->column(QStringLiteral("b")) != nullptr, applied > 1);
        QCOMPARE(rows, applied > 2 ? 2 : 1);
        if (dialect == Dialect::MySQL) {
            QCOMPARE(outcome.appliedOfFailedStep.size(), applied);
            QVERIFY2(outcome.error->message.contains(QStringLiteral("%1 of this revision's statements were applied").arg(applied)),
                     qPrintable(outcome.error->message));
        } else {
            QVERIFY2(outcome.error->message.contains(QStringLiteral("rolled back")), qPrintable(outcome.error->message));
        }

        // The log tells the same story, written over a fresh connection when the run's own one died.
        const QList<RunLogEntry> log = logOf(*check);
        QStringList story;
        for (const RunLogEntry &e : log)
            story << QStringLiteral("%1 %2 %3").arg(e.step).arg(e.revision, e.outcome);
        const QString r2Outcome = dialect != Dialect::MySQL ? runlog::kRolledBack : applied > 0 ? runlog::kPartial : runlog::kFailed;
        QCOMPARE(story, (QStringList{QStringLiteral("0  failed"), QStringLiteral("1 r1 ok"), QStringLiteral("2 r2 ") + r2Outcome}));
        QCOMPARE(log.constFirst().toRevisions, QStringList{QStringLiteral("r1")});
        // Each step keeps the statements it ran (the version rows are its from and to): r1's table and
        // row; r2's up to the failing one.
        const QStringList r1 = log.at(1).statements;
        QVERIFY2(r1.size() == 2 && r1.first().startsWith(QStringLiteral("CREATE TABLE t1")), qPrintable(r1.join(QLatin1Char('|'))));
        QCOMPARE(r1.at(1), QStringLiteral("INSERT INTO t1 (id) VALUES (1)"));
        const QStringList r2 = log.at(2).statements;
        if (!dropConnection) {
            QVERIFY(!r2.isEmpty());
            QCOMPARE(r2.last(), QStringLiteral("INSERT INTO no_such_table VALUES (1)"));
            QCOMPARE(r2.size(), position + 1);
        } else {
            QCOMPARE(r2.size(), position + 1);   // the statement the connection died in is the last
        }
    }

    // A refusal that needs no live schema stops the whole plan before its first statement, even on
    // MySQL where a refusal met half-way would leave the revision's earlier statements committed.
    void refusalsBeforeAnythingRuns_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("reason");
        QTest::newRow("mariadb VARCHAR without length") << Dialect::MySQL
            << "op.create_table('t2', sa.Column('id', sa.Integer, primary_key=True))\nop.add_column('t1', sa.Column('name', sa.String()))"
            << "VARCHAR requires a length on MySQL";
        QTest::newRow("postgresql virtual computed column") << Dialect::PostgreSQL
            << "op.create_table('t2', sa.Column('id', sa.Integer, primary_key=True))\n"
               "op.add_column('t1', sa.Column('b', sa.Integer, sa.Computed('id + 1', persisted=False)))"
            << "PostgreSQL computed columns are always stored";
    }

    void refusalsBeforeAnythingRuns()
    {
        QFETCH(Dialect, dialect);
        QFETCH(QString, body);
        QFETCH(QString, reason);
        RETORT_REQUIRE_SERVER(dialect);
        QTemporaryDir dir;
        QVERIFY(test::writeProject(dir.path(), {
            Revision{QStringLiteral("r1"), {}, QStringLiteral("op.create_table('t1', sa.Column('id', sa.Integer, primary_key=True))"), {}},
            Revision{QStringLiteral("r2"), QStringLiteral("r1"), body, {}},
        }));
        ScratchDatabase db(dialect);
        QVERIFY2(db.isValid(), qPrintable(db.error()));
        const test::ProcessRun r = cli(dir.path(), {QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--no-backup"),
                                                    QStringLiteral("--url"), db.url().toString(true)});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("Revision r2 cannot upgrade on ")) && r.err.contains(reason)
                     && r.err.contains(QStringLiteral("Nothing was run.")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("versions/r2.py:16: Revision r2")), qPrintable(r.err));   // file:line of the operation
        QCOMPARE(r.out, QString());
        std::unique_ptr<Connection> c = open(db);
        QVERIFY(c);
        QCOMPARE(appTables(*c), QStringList());   // not even r1
        QCOMPARE(versionRows(*c), QStringList());
    }

    // kill -9 in the middle of a revision: the database is left consistent and the next run completes.
    void killedMidRun_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::addColumn<QString>("slowStatement");
        QTest::addColumn<QStringList>("rowsAfterKill");
        QTest::newRow("sqlite") << Dialect::SQLite
                                << "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000000) SELECT count(*) FROM c"
                                << QStringList();   // the whole run is one transaction: nothing was committed
        QTest::newRow("postgresql") << Dialect::PostgreSQL << "SELECT pg_sleep(3)"
                                    << QStringList{QStringLiteral("r1")};   // r1 committed; r2 rolled back
    }

    void killedMidRun()
    {
        QFETCH(Dialect, dialect);
        QFETCH(QString, slowStatement);
        QFETCH(QStringList, rowsAfterKill);
        RETORT_REQUIRE_SERVER(dialect);
        QTemporaryDir dir;
        QVERIFY(test::writeProject(dir.path(), {
            Revision{QStringLiteral("r1"), {}, QStringLiteral("op.create_table('t1', sa.Column('id', sa.Integer, primary_key=True))"), {}},
            Revision{QStringLiteral("r2"), QStringLiteral("r1"),
                     QStringLiteral("op.create_table('t2', sa.Column('id', sa.Integer, primary_key=True))\n"
                                    "op.execute(\"%1\")\n"
                                    "op.create_table('t3', sa.Column('id', sa.Integer, primary_key=True))").arg(slowStatement),
                     {}},
            Revision{QStringLiteral("r3"), QStringLiteral("r2"), QStringLiteral("op.create_table('t4', sa.Column('id', sa.Integer, primary_key=True))"), {}},
        }));
        ScratchDatabase db(dialect);
        QVERIFY2(db.isValid(), qPrintable(db.error()));
        QProcess run;
        run.setWorkingDirectory(dir.path());
        run.start(QStringLiteral(RETORT_CLI_PATH), {QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--no-backup"),
                                                   QStringLiteral("--url"), db.url().toString(true)});
        QByteArray seen;
        QDeadlineTimer deadline(60000);
        while (!seen.contains(slowStatement.left(20).toUtf8()) && !deadline.hasExpired() && run.state() != QProcess::NotRunning) {
            run.waitForReadyRead(200);
            seen += run.readAllStandardOutput();
        }
        QVERIFY2(seen.contains(slowStatement.left(20).toUtf8()), seen.constData());
        // The statement is announced inside r2's transaction; on PostgreSQL, wait until the server runs it.
        if (dialect == Dialect::PostgreSQL) {
            std::unique_ptr<Connection> watcher = open(db);
            QVERIFY(watcher);
            QSqlQuery active(watcher->database());
            QTRY_VERIFY_WITH_TIMEOUT(active.exec(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                                                                "AND query LIKE 'SELECT pg_sleep%'"))
                                         && active.next() && active.value(0).toInt() == 1,
                                     10000);
        }
        run.kill();          // SIGKILL: no cleanup of any kind
        QVERIFY(run.waitForFinished(10000));
        QCOMPARE(run.exitStatus(), QProcess::CrashExit);

        std::unique_ptr<Connection> c = open(db);
        QVERIFY(c);
        if (dialect == Dialect::PostgreSQL) {
            // The server notices the dead client when the statement ends, then rolls back.
            QSqlQuery q(c->database());
            QTRY_VERIFY_WITH_TIMEOUT(q.exec(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                                           "AND pid <> pg_backend_pid()"))
                                         && q.next() && q.value(0).toInt() == 0,
                                     30000);
        }
        QCOMPARE(versionRows(*c), rowsAfterKill);
        QCOMPARE(appTables(*c), rowsAfterKill.isEmpty() ? QStringList() : QStringList{QStringLiteral("t1")});
        // The next run takes the lock (nothing stale is left) and finishes the job exactly once.
        const test::ProcessRun again = cli(dir.path(), {QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--no-backup"),
                                                        QStringLiteral("--url"), db.url().toString(true)});
        QVERIFY2(again.exitCode == 0, qPrintable(again.describe()));
        QCOMPARE(versionRows(*c), QStringList{QStringLiteral("r3")});
        QStringList tables = appTables(*c);
        tables.sort();
        QCOMPARE(tables, (QStringList{QStringLiteral("t1"), QStringLiteral("t2"), QStringLiteral("t3"), QStringLiteral("t4")}));
    }

    // --- backups ----------------------------------------------------------------------------------

    void backupMigrateRestore_data()
    {
        dialectRows({Dialect::SQLite, Dialect::PostgreSQL, Dialect::MySQL});
    }

    void backupMigrateRestore()
    {
        QFETCH(Dialect, dialect);
        RETORT_REQUIRE_SERVER(dialect);
        const QString project = QStringLiteral(RETORT_SOURCE_DIR "/tests/data/ops/portable");
        ScratchDatabase db(dialect);
        QVERIFY2(db.isValid(), qPrintable(db.error()));
        const QString url = db.url().toString(true);
        test::ProcessRun r = cli(project, {QStringLiteral("upgrade"), QStringLiteral("a07"), QStringLiteral("--no-backup"), QStringLiteral("--url"), url});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        std::unique_ptr<Connection> c = open(db);
        QVERIFY(c);
        const QMap<QString, QString> before = snapshot(*c);
        QVERIFY(before.value(QStringLiteral("article")).contains(QStringLiteral(" 2 rows")) ||
                before.value(QStringLiteral("article")).contains(QStringLiteral(" 3 rows")));

        QTemporaryDir backups;
        const QString backupPath = backups.filePath(QStringLiteral("before-a09.backup"));
        r = cli(project, {QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--backup=") + backupPath, QStringLiteral("--url"), url});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.out.startsWith(QStringLiteral("Backing up the database to ") + backupPath), qPrintable(r.out));
        QVERIFY(QFile::exists(backupPath));
        QVERIFY(!QFile::exists(backupPath + QStringLiteral(".partial")));
        Result<BackupInfo> info = readBackupInfo(backupPath);
        QVERIFY2(info, qPrintable(info ? QString() : info.error().toString()));
        QCOMPARE(info->revisions, QStringList{QStringLiteral("a07")});
        QVERIFY(!info->url.contains(db.url().password().isEmpty() ? QStringLiteral("\x01") : db.url().password()));
        QCOMPARE(info->size, QFileInfo(backupPath).size());
        QCOMPARE(versionRows(*c), QStringList{QStringLiteral("a09")});
        QVERIFY(snapshot(*c) != before);   // the migration changed rows and tables

        // Restore needs a confirmation; with it, the database is the backup again.
        r = cli(project, {QStringLiteral("restore"), backupPath, QStringLiteral("--url"), url});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("pass --yes")), qPrintable(r.err));
        QCOMPARE(versionRows(*c), QStringList{QStringLiteral("a09")});
        r = cli(project, {QStringLiteral("restore"), backupPath, QStringLiteral("--yes"), QStringLiteral("--url"), url});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        c = open(db);   // SQLite: a fresh look at the restored file
        QVERIFY(c);
        QCOMPARE(snapshot(*c), before);
        QCOMPARE(versionRows(*c), QStringList{QStringLiteral("a07")});
        // The log survived the restore, which is in it too.
        QStringList commands;
        for (const RunLogEntry &e : logOf(*c)) {
            if (e.step == 0)
                commands << e.command + QLatin1Char(' ') + e.outcome;
        }
        QCOMPARE(commands, (QStringList{QStringLiteral("upgrade ok"), QStringLiteral("upgrade ok"), QStringLiteral("restore ok")}));
        // Statements and all: every step of the runs before the restore still lists what it ran.
        for (const RunLogEntry &e : logOf(*c)) {
            if (e.step > 0)
                QVERIFY2(!e.statements.isEmpty() && !e.statements.join(QLatin1Char(' ')).contains(QStringLiteral("alembic_version")),
                         qPrintable(e.revision + QStringLiteral(": ") + e.statements.join(QLatin1Char('|'))));
        }

        // A backup that changed since it was taken is refused, and changes nothing.
        {
            QFile f(backupPath);
            QVERIFY(f.open(QIODevice::ReadWrite));
            f.seek(f.size() / 2);
            f.write("\x7f");
        }
        r = cli(project, {QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--no-backup"), QStringLiteral("--url"), url});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const QMap<QString, QString> migrated = snapshot(*c);
        r = cli(project, {QStringLiteral("restore"), backupPath, QStringLiteral("--yes"), QStringLiteral("--url"), url});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("has changed since it was taken")), qPrintable(r.err));
        QCOMPARE(snapshot(*c), migrated);
    }

    // A log a release before 0.9 made in its own place has no statements column: it reads as before
    // (steps without statements), and the next run adds the column and fills it; the old rows stay.
    void oldLogGetsItsStatementsColumn_data()
    {
        dialectRows({Dialect::SQLite, Dialect::PostgreSQL, Dialect::MySQL});
    }

    void oldLogGetsItsStatementsColumn()
    {
        QFETCH(Dialect, dialect);
        RETORT_REQUIRE_SERVER(dialect);
        QTemporaryDir dir;
        QVERIFY(test::writeProject(dir.path(), faultProject(-1)));
        std::unique_ptr<Loaded> loaded = load(dir.path());
        QVERIFY(loaded);
        ScratchDatabase db(dialect);
        QVERIFY2(db.isValid(), qPrintable(db.error()));
        std::unique_ptr<Connection> c = open(db);
        QVERIFY(c);
        const QString place = runlog::separateSchema(*c);
        QString table;
        QStringList setUp;
        if (dialect == Dialect::SQLite) {
            QVERIFY(runlog::open(*c, {}, true));   // attaches (and makes) the log's file as "retort"
            table = QStringLiteral("retort.retort_log");
        } else {
            table = quoteIdentifier(dialect, place) + QStringLiteral(".retort_log");
            setUp << (dialect == Dialect::PostgreSQL ? QStringLiteral("CREATE SCHEMA ") : QStringLiteral("CREATE DATABASE "))
                         + quoteIdentifier(dialect, place);
        }
        setUp << QStringLiteral("CREATE TABLE %1 (run_id VARCHAR(36) NOT NULL, step INTEGER NOT NULL, started_at VARCHAR(32) NOT NULL, "
                                "os_user VARCHAR(255), host VARCHAR(255), command VARCHAR(16) NOT NULL, target TEXT, from_revisions TEXT, "
                                "to_revisions TEXT, revision VARCHAR(32), duration_ms BIGINT, outcome VARCHAR(32) NOT NULL, message TEXT, "
                                "backup_path TEXT, script_sha256 VARCHAR(64), retort_version VARCHAR(32), PRIMARY KEY (run_id, step))").arg(table)
              << QStringLiteral("INSERT INTO %1 (run_id, step, started_at, command, target, revision, outcome) VALUES "
                                "('00000000-0000-4000-8000-000000000001', 1, '2026-01-02T03:04:05.000Z', 'upgrade', 'heads', 'old1', 'ok')").arg(table);
        for (const QString &sql : std::as_const(setUp)) {
            QSqlQuery q(c->database());
            QVERIFY2(q.exec(sql), qPrintable(sql + QStringLiteral(": ") + q.lastError().text()));
        }
        QList<RunLogEntry> log = logOf(*c);
        QCOMPARE(log.size(), 1);
        QCOMPARE(log.first().revision, QStringLiteral("old1"));
        QVERIFY(log.first().statements.isEmpty());

        Result<MigrationPreview> preview = previewMigration(*c, *loaded->source, {}, true, QStringLiteral("heads"), false);
        QVERIFY2(preview, qPrintable(preview ? QString() : preview.error().toString()));
        const MigrationOutcome outcome = runSafeMigration(*c, *loaded->source, {}, *preview, MigrationOptions());
        QVERIFY2(!outcome.error, qPrintable(outcome.error ? outcome.error->toString() : QString()));
        std::unique_ptr<Connection> check = open(db);
        QVERIFY(check);
        log = logOf(*check);
        QStringList story;
        for (const RunLogEntry &e : log)
            story << QStringLiteral("%1 %2 %3").arg(e.revision).arg(e.statements.size()).arg(e.outcome);
        QCOMPARE(story, (QStringList{QStringLiteral("old1 0 ok"), QStringLiteral(" 0 ok"), QStringLiteral("r1 2 ok"),
                                     QStringLiteral("r2 4 ok")}));
        if (dialect == Dialect::MySQL)
            QCOMPARE(db.exec({QStringLiteral("DROP DATABASE ") + quoteIdentifier(dialect, place)}), QString());
    }

    // The schema at a revision, computed without a database (the native operations replayed on a
    // scratch SQLite copy), names the same tables and columns as real Alembic leaves behind on each
    // engine; a revision the replay cannot follow says why instead of guessing.
    void simulatedSchemaMatchesAlembic_data()
    {
        dialectRows({Dialect::SQLite, Dialect::PostgreSQL, Dialect::MySQL});
    }

    void simulatedSchemaMatchesAlembic()
    {
        QFETCH(Dialect, dialect);
        RETORT_REQUIRE_SERVER(dialect);
        RETORT_REQUIRE_ALEMBIC();
        const QString project = QStringLiteral(RETORT_SOURCE_DIR "/tests/data/ops/portable");
        std::unique_ptr<Loaded> loaded = load(project);
        QVERIFY(loaded);
        ScratchDatabase db(dialect);
        QVERIFY2(db.isValid(), qPrintable(db.error()));
        if (dialect != Dialect::SQLite) {
            // On the servers, in memory: every column's type, nullability and default, the keys,
            // indexes and constraints with the names the engine gives, equal to what Alembic leaves.
            const QString extras = dialect == Dialect::PostgreSQL ? QStringLiteral("extras_postgresql") : QStringLiteral("extras_mysql");
            const QString p = dialect == Dialect::PostgreSQL ? QStringLiteral("p") : QStringLiteral("m");
            // A generated linear project (bench/make_upgrade_project.py: each revision creates a table
            // with an index and adds a column to the one before), 40 revisions.
            QTemporaryDir generated;
            const test::ProcessRun made = test::runProgram(QStringLiteral("python3"),
                {QStringLiteral(RETORT_SOURCE_DIR "/bench/make_upgrade_project.py"), generated.path(), QStringLiteral("40"), QStringLiteral("native")},
                QString(), {}, 60000);
            QVERIFY2(made.exitCode == 0, qPrintable(made.describe()));
            const QList<std::pair<QString, QStringList>> projects = {
                {generated.path(), {QStringLiteral("heads")}},
                {QStringLiteral(RETORT_SOURCE_DIR "/migrations"),
                 // In upgrade order on one database: c91a4f6e2d87 comes with the merge.
                 {QStringLiteral("3d1f0c6a9b21"), QStringLiteral("7a4e2b9c1d05"), QStringLiteral("b5c8d2e7f310"), QStringLiteral("e2f7a1c4b9d6"),
                  QStringLiteral("f4d3c2b1a098")}},
                {QStringLiteral(RETORT_SOURCE_DIR "/migrations"), {QStringLiteral("c91a4f6e2d87")}},   // the other branch, alone
                {QStringLiteral("portable"), {QStringLiteral("a01"), QStringLiteral("a02"), QStringLiteral("a03"), QStringLiteral("a04"), QStringLiteral("a05"),
                                              QStringLiteral("a06"), QStringLiteral("a07"), QStringLiteral("a08"), QStringLiteral("a09")}},
                {extras, {p + QStringLiteral("02"), p + QStringLiteral("04"), QStringLiteral("heads")}},
                {QStringLiteral("unnamed_keys"), {QStringLiteral("u01"), QStringLiteral("u02")}},
                {QStringLiteral("dialect_branches"), {QStringLiteral("heads")}},
                {QStringLiteral("batch_recreate"), {QStringLiteral("heads")}},
                {QStringLiteral("loops"), {QStringLiteral("heads")}},
                {QStringLiteral("stdlib_values"), {QStringLiteral("heads")}},
            };
            for (const auto &[name, targets] : projects) {
                const QString dir = name.startsWith(QLatin1Char('/')) ? name : QStringLiteral(RETORT_SOURCE_DIR "/tests/data/ops/") + name;
                std::unique_ptr<Loaded> history = load(dir);
                QVERIFY(history);
                ScratchDatabase server(dialect);
                QVERIFY2(server.isValid(), qPrintable(server.error()));
                for (const QString &target : targets) {
                    QString version;
                    Result<Schema> live = upgradedByAlembic(dir, target, server, &version);
                    QVERIFY2(live, qPrintable(live ? QString() : live.error().toString()));
                    Result<Schema> computed = appliedSchema(*history->source, {target}, dialect, {}, version.contains(QLatin1String("MariaDB")));
                    QVERIFY2(computed, qPrintable(name + QLatin1Char(' ') + target + QStringLiteral(": ") + (computed ? QString() : computed.error().toString())));
                    QCOMPARE(comparableSchemaText(*computed), comparableSchemaText(*live));
                    if (name == QLatin1String("portable")) {
                        // identify, on the server's own schema: the revision Alembic stopped at matches exactly
                        // (with any later one that changes only rows, such as a07 after a06).
                        const QList<RevisionMatch> matches = identifyRevision(*history->source, *live, QStringLiteral("alembic_version"), dialect);
                        QStringList exact;
                        for (const RevisionMatch &m : matches) {
                            if (m.differences.isEmpty())
                                exact << m.revision;
                        }
                        QVERIFY2(exact.contains(target), qPrintable(target + QStringLiteral(" not among ") + exact.join(QLatin1Char(','))));
                        QVERIFY2(exact.size() <= 2, qPrintable(exact.join(QLatin1Char(','))));
                    }
                }
            }
        }
        const QStringList revisions = dialect == Dialect::SQLite
            ? QStringList{QStringLiteral("a01"), QStringLiteral("a02"), QStringLiteral("a03"), QStringLiteral("a04"), QStringLiteral("a05"),
                          QStringLiteral("a06"), QStringLiteral("a07"), QStringLiteral("a08"), QStringLiteral("a09")}
            : QStringList{QStringLiteral("a04"), QStringLiteral("a09")};
        for (const QString &revision : revisions) {
            Result<Schema> live = upgradedByAlembic(project, revision, db);
            QVERIFY2(live, qPrintable(live ? QString() : live.error().toString()));
            Result<Schema> computed = simulatedSchema(*loaded->source, {revision});
            QVERIFY2(computed, qPrintable(computed ? QString() : computed.error().toString()));
            QVERIFY(!computed->tables.isEmpty());
            const QStringList differences = schemaNameDifferences(*live, *computed, revision);
            QVERIFY2(differences.isEmpty(), qPrintable(revision + QStringLiteral(": ") + differences.join(QStringLiteral("; "))));
            // The in-memory schema (what identify replays) names the same tables, columns and indexes.
            Result<Schema> applied = appliedSchema(*loaded->source, {revision}, dialect);
            QVERIFY2(applied, qPrintable(applied ? QString() : applied.error().toString()));
            const QStringList appliedDifferences = schemaNameDifferences(*live, *applied, revision);
            QVERIFY2(appliedDifferences.isEmpty(), qPrintable(revision + QStringLiteral(": ") + appliedDifferences.join(QStringLiteral("; "))));
        }
        // Named the other way round, the differences say which side has what.
        Result<Schema> early = simulatedSchema(*loaded->source, {QStringLiteral("a01")});
        QVERIFY(early);
        std::unique_ptr<Connection> c = open(db);
        const QStringList differences = schemaNameDifferences(*introspectSchema(*c), *early, QStringLiteral("a01"));
        QVERIFY2(differences.contains(QStringLiteral("table article: the database has it, a01 does not")), qPrintable(differences.join(QLatin1Char('|'))));

        // A revision that needs Python: the schema after it cannot be computed, and the error names it.
        QTemporaryDir dir;
        QVERIFY(test::writeProject(dir.path(), faultProject(-1, true)));
        std::unique_ptr<Loaded> python = load(dir.path());
        QVERIFY(python);
        Result<Schema> unknown = simulatedSchema(*python->source, {QStringLiteral("r2")});
        QVERIFY(!unknown);
        QVERIFY2(unknown.error().toString().contains(QStringLiteral("r2")), qPrintable(unknown.error().toString()));
        QVERIFY(simulatedSchema(*python->source, {QStringLiteral("r1")}));
    }

    // The stairway check finds planted faults: a downgrade that forgets an index, one that raises, one
    // that drops the wrong column; a clean revision passes; retort-cli stairway exits 1.
    void stairwayFindsPlantedFaults()
    {
        QTemporaryDir dir;
        QVERIFY(test::writeProject(dir.path(), stairwayFaults()));
        std::unique_ptr<Loaded> loaded = load(dir.path());
        QVERIFY(loaded);
        QList<int> seen;
        Result<QList<StairwayStep>> steps = runStairway(*loaded->source, {}, [&](const StairwayStep &, int index, int count) {
            seen << index;
            return count == 4;
        });
        QVERIFY2(steps, qPrintable(steps ? QString() : steps.error().toString()));
        QStringList early;
        for (const StairwayStep &s : *steps)
            early << s.revision + QStringLiteral(": ") + s.outcomeText() + QStringLiteral(" ") + s.detail;
        QVERIFY2(seen == (QList<int>{0, 1, 2, 3}), qPrintable(early.join(QLatin1Char('|'))));   // progress per revision
        QStringList story;
        for (const StairwayStep &s : *steps)
            story << s.revision + QStringLiteral(": ") + s.outcomeText();
        QCOMPARE(story, (QStringList{QStringLiteral("s1: ok"), QStringLiteral("s2: downgrade does not restore the schema"),
                                     QStringLiteral("s3: downgrade fails"), QStringLiteral("s4: downgrade does not restore the schema")}));
        QCOMPARE(steps->at(1).detail, QStringLiteral("t: + index ix_t_a (a)"));
        QVERIFY2(steps->at(2).detail.contains(QStringLiteral("no_such_table")), qPrintable(steps->at(2).detail));
        QVERIFY2(steps->at(3).detail.contains(QStringLiteral("t: - column a INTEGER NULL")) && steps->at(3).detail.contains(QStringLiteral("u: + column c")),
                 qPrintable(steps->at(3).detail));
        // Stopping after the first revision leaves the rest unchecked.
        Result<QList<StairwayStep>> stopped = runStairway(*loaded->source, {}, [](const StairwayStep &, int, int) { return false; });
        QVERIFY(stopped);
        QCOMPARE(stopped->size(), 1);

        // The results are kept per project, outside it (here under a data folder of the test's own).
        QTemporaryDir data;
        const QMap<QString, QString> env{{QStringLiteral("XDG_DATA_HOME"), data.path()}};
        test::ProcessRun r = cli(dir.path(), {QStringLiteral("stairway"), QStringLiteral("--last")}, env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("no stairway check has been kept for this project")), qPrintable(r.describe()));
        r = cli(dir.path(), {QStringLiteral("stairway")}, env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(QStringLiteral("[2/4] upgrade s1 -> s2: downgrade does not restore the schema\n    t: + index ix_t_a (a)\n")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("3 of 4 revision(s) failed the stairway check")), qPrintable(r.out));
        const QStringList kept = QDir(data.filePath(QStringLiteral("retort/stairway"))).entryList({QStringLiteral("*.json")});
        QCOMPARE(kept.size(), 1);
        QVERIFY(QDir(dir.path()).entryList(QDir::Files).contains(QStringLiteral("alembic.ini")) && !QDir(dir.path()).exists(QStringLiteral("retort")));
        r = cli(dir.path(), {QStringLiteral("stairway"), QStringLiteral("--last")}, env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.startsWith(QStringLiteral("# last check: ")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("[2/4] upgrade s1 -> s2: downgrade does not restore the schema\n    t: + index ix_t_a (a)\n")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("3 of 4 revision(s) failed the stairway check (4 up, down and up again; 0 up only, on a scratch SQLite database).\n")), qPrintable(r.out));
        // A server that is not there: one clear line, no password, nothing created.
        r = cli(dir.path(), {QStringLiteral("--url"), QStringLiteral("postgresql://app:hunter2@127.0.0.1:9/app"), QStringLiteral("stairway")}, env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("Could not connect to the PostgreSQL server at 127.0.0.1:9")) && !r.err.contains(QStringLiteral("hunter2"))
                     && !r.out.contains(QStringLiteral("hunter2")), qPrintable(r.describe()));
        // The demo is clean: exit 0.
        const test::ProcessRun demo = cli(QStringLiteral(RETORT_SOURCE_DIR "/migrations"), {QStringLiteral("stairway")}, env);
        QVERIFY2(demo.exitCode == 0 && demo.out.contains(QStringLiteral("No fault in 6 revision(s) (4 up, down and up again; 2 up only;")),
                 qPrintable(demo.describe()));
    }

    // With a server: the same faults found on a scratch database the check creates next to the given one
    // and drops afterwards; the given database is not touched.
    void stairwayOnServers_data()
    {
        dialectRows({Dialect::PostgreSQL, Dialect::MySQL});
    }

    void stairwayOnServers()
    {
        QFETCH(Dialect, dialect);
        RETORT_REQUIRE_SERVER(dialect);
        QTemporaryDir dir;
        QVERIFY(test::writeProject(dir.path(), stairwayFaults()));
        std::unique_ptr<Loaded> loaded = load(dir.path());
        QVERIFY(loaded);
        ScratchDatabase db(dialect);
        QVERIFY2(db.isValid(), qPrintable(db.error()));
        Result<QList<StairwayStep>> steps = runStairway(*loaded->source, {}, {}, db.url());
        QVERIFY2(steps, qPrintable(steps ? QString() : steps.error().toString()));
        QStringList seen;
        for (const StairwayStep &s : *steps)
            seen << s.revision + QStringLiteral(": ") + s.outcomeText();
        QCOMPARE(seen, (QStringList{QStringLiteral("s1: ok"), QStringLiteral("s2: downgrade does not restore the schema"),
                                    QStringLiteral("s3: downgrade fails"), QStringLiteral("s4: downgrade does not restore the schema")}));
        QCOMPARE(steps->at(1).detail, QStringLiteral("t: + index ix_t_a (a)"));
        QVERIFY2(steps->at(3).detail.contains(QStringLiteral("t: - column a")), qPrintable(steps->at(3).detail));
        // The given database has no table, and no scratch database is left on the server.
        std::unique_ptr<Connection> c = open(db);
        QVERIFY(c);
        Result<Schema> live = introspectSchema(*c);
        QVERIFY(live);
        QVERIFY2(live->tables.isEmpty(), qPrintable(schemaText(*live)));
        QSqlQuery q(c->database());
        QVERIFY(q.exec(dialect == Dialect::PostgreSQL ? QStringLiteral("SELECT datname FROM pg_database WHERE datname LIKE '%_stairway_%'")
                                                      : QStringLiteral("SHOW DATABASES LIKE '%\\_stairway\\_%'")));
        QStringList left;
        while (q.next())
            left << q.value(0).toString();
        QVERIFY2(left.isEmpty(), qPrintable(left.join(QLatin1Char(','))));

        // retort-cli stairway --url: the same, said to run next to that database.
        QTemporaryDir data;
        const test::ProcessRun r = cli(dir.path(), {QStringLiteral("--url"), db.url().toString(true), QStringLiteral("stairway")},
                                       {{QStringLiteral("XDG_DATA_HOME"), data.path()}});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(QStringLiteral("3 of 4 revision(s) failed the stairway check")) && r.out.contains(QStringLiteral("on a scratch database next to ")),
                 qPrintable(r.describe()));
    }

    // A step's statements are kept up to about 60 KB; a comment says how many more there were.
    void longStatementListsAreCut()
    {
        QTemporaryDir dir;
        QStringList body;
        for (int i = 0; i < 400; ++i)
            body << QStringLiteral("op.execute(\"INSERT INTO t (v) VALUES ('%1')\")").arg(QString(300, QLatin1Char('a' + i % 26)));
        QVERIFY(test::writeProject(dir.path(), {Revision{QStringLiteral("r1"), {}, QStringLiteral("op.create_table('t', sa.Column('v', sa.Text))\n") + body.join(QLatin1Char('\n')), {}}}));
        std::unique_ptr<Loaded> loaded = load(dir.path());
        QVERIFY(loaded);
        ScratchDatabase db(Dialect::SQLite);
        std::unique_ptr<Connection> c = open(db);
        QVERIFY(c);
        Result<MigrationPreview> preview = previewMigration(*c, *loaded->source, {}, true, QStringLiteral("heads"), false);
        QVERIFY(preview);
        const MigrationOutcome outcome = runSafeMigration(*c, *loaded->source, {}, *preview, MigrationOptions());
        QVERIFY2(!outcome.error, qPrintable(outcome.error ? outcome.error->toString() : QString()));
        const QList<RunLogEntry> log = logOf(*c);
        QCOMPARE(log.size(), 2);
        const QStringList kept = log.at(0).step == 1 ? log.at(0).statements : log.at(1).statements;
        QVERIFY2(kept.size() > 150 && kept.size() < 200, qPrintable(QString::number(kept.size())));
        QVERIFY2(kept.last().startsWith(QStringLiteral("-- … ")) && kept.last().contains(QStringLiteral("more statement(s) not kept")),
                 qPrintable(kept.last()));
        const int more = kept.last().section(QLatin1Char(' '), 2, 2).toInt();
        QCOMPARE(kept.size() - 1 + more, 1 + 400);   // the table, the rows
    }

    // A backup goes back only into the database it came from.
    void restoreRefusesAnotherDatabase()
    {
        ScratchDatabase a(Dialect::SQLite);
        ScratchDatabase b(Dialect::SQLite);
        QVERIFY(a.isValid() && b.isValid());
        QCOMPARE(a.exec({QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY)")}), QString());
        std::unique_ptr<Connection> ca = open(a);
        std::unique_ptr<Connection> cb = open(b);
        QVERIFY(ca && cb);
        QTemporaryDir dir;
        Result<BackupInfo> backup = createBackup(*ca, {}, dir.filePath(QStringLiteral("a.sqlite")));
        QVERIFY2(backup, qPrintable(backup ? QString() : backup.error().toString()));
        const RestoreOutcome outcome = restoreWithLog(*cb, *backup, {});
        QVERIFY(outcome.error);
        QVERIFY2(outcome.error->message.contains(QStringLiteral("only into the database it came from")), qPrintable(outcome.error->message));
        QCOMPARE(appTables(*cb), QStringList());
        // And an existing file is never overwritten.
        Result<BackupInfo> again = createBackup(*ca, {}, dir.filePath(QStringLiteral("a.sqlite")));
        QVERIFY(!again);
        QVERIFY(again.error().message.contains(QStringLiteral("never overwrites")));
    }

    // Missing dump tools and a full disk stop the migration before it starts.
    void failedBackupStopsTheMigration_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::addColumn<QString>("cause");
        QTest::newRow("postgresql without pg_dump") << Dialect::PostgreSQL << "missing tool";
        QTest::newRow("mariadb without mariadb-dump") << Dialect::MySQL << "missing tool";
        QTest::newRow("postgresql dump fails its check") << Dialect::PostgreSQL << "broken dump";
        QTest::newRow("mariadb dump fails its check") << Dialect::MySQL << "broken dump";
        QTest::newRow("sqlite on a full disk") << Dialect::SQLite << "full disk";
        QTest::newRow("postgresql on a full disk") << Dialect::PostgreSQL << "full disk";
    }

    void failedBackupStopsTheMigration()
    {
        QFETCH(Dialect, dialect);
        QFETCH(QString, cause);
        RETORT_REQUIRE_SERVER(dialect);
        ScratchDatabase db(dialect);
        QVERIFY2(db.isValid(), qPrintable(db.error()));
        // Enough rows that no backup fits in the small disk.
        QCOMPARE(db.exec({QStringLiteral("CREATE TABLE filler (id INTEGER PRIMARY KEY, payload VARCHAR(200))")}), QString());
        QStringList inserts;
        for (int i = 0; i < 40; ++i) {
            QStringList values;
            for (int k = 0; k < 100; ++k)
                values << QStringLiteral("(%1, '%2')").arg(i * 100 + k).arg(QString::fromLatin1(
                              QCryptographicHash::hash(QByteArray::number(i * 100 + k), QCryptographicHash::Sha512).toHex()));
            inserts << QStringLiteral("INSERT INTO filler VALUES ") + values.join(QLatin1Char(','));
        }
        QCOMPARE(db.exec(inserts), QString());

        QTemporaryDir &work = *m_work.emplace_back(std::make_unique<QTemporaryDir>());
        QMap<QString, QString> env;
        QString backupPath = work.filePath(QStringLiteral("b.backup"));
        QString expected;
        if (cause == QLatin1String("missing tool")) {
            env.insert(QStringLiteral("PATH"), work.path());   // an empty PATH folder: no client tools
            expected = dialect == Dialect::PostgreSQL ? QStringLiteral("pg_dump was not found on PATH; install it (Debian: apt install postgresql-client)")
                                                      : QStringLiteral("mariadb-dump was not found on PATH; install it (Debian: apt install mariadb-client)");
        } else if (cause == QLatin1String("broken dump")) {
            // The real tool runs, then its output loses its end, as after a crash or a full disk it did not report.
            const QString tool = dialect == Dialect::PostgreSQL ? QStringLiteral("pg_dump") : QStringLiteral("mariadb-dump");
            const QString real = QStandardPaths::findExecutable(tool);
            QVERIFY(!real.isEmpty());
            QVERIFY(writeScript(work.filePath(tool),
                                QStringLiteral("'%1' \"$@\" || exit $?\nfor a in \"$@\"; do case \"$a\" in --file=*|--result-file=*) "
                                               "truncate -s 600 \"${a#*=}\";; esac; done\n").arg(real)));
            env.insert(QStringLiteral("PATH"), work.path() + QLatin1Char(':') + qEnvironmentVariable("PATH"));
            expected = dialect == Dialect::PostgreSQL ? QStringLiteral("is not a readable pg_dump archive")
                                                      : QStringLiteral("is incomplete: it does not end with the dump tool's \"-- Dump completed\" line");
        } else {
            if (geteuid() != 0) {
                if (test::inCi())
                    QFAIL("the full-disk test mounts a small tmpfs and needs root");
                QSKIP("the full-disk test mounts a small tmpfs and needs root");
            }
            const QString mount = work.filePath(QStringLiteral("tiny"));
            QVERIFY(QDir().mkpath(mount));
            QCOMPARE(QProcess::execute(QStringLiteral("mount"), {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                                                                 QStringLiteral("size=64k"), QStringLiteral("tmpfs"), mount}), 0);
            m_mounts << mount;   // unmounted in cleanup(), before work goes away
            backupPath = mount + QStringLiteral("/b.backup");
            expected = dialect == Dialect::SQLite ? QStringLiteral("database or disk is full") : QStringLiteral("No space left on device");
        }
        const test::ProcessRun r = cli(QStringLiteral(RETORT_SOURCE_DIR "/tests/data/ops/portable"),
                                       {QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--backup=") + backupPath,
                                        QStringLiteral("--url"), db.url().toString(true)}, env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(expected), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("Nothing was migrated.")), qPrintable(r.err));
        QVERIFY2(!r.out.contains(QStringLiteral("Running upgrade")), qPrintable(r.out));
        QVERIFY(!QFile::exists(backupPath));
        QVERIFY(!QFile::exists(backupPath + QStringLiteral(".partial")));
        std::unique_ptr<Connection> c = open(db);
        QVERIFY(c);
        QCOMPARE(appTables(*c), QStringList{QStringLiteral("filler")});
        QCOMPARE(versionRows(*c), QStringList());
        const QList<RunLogEntry> log = logOf(*c);
        QCOMPARE(log.size(), 1);
        QCOMPARE(log.constFirst().outcome, runlog::kNotStarted);
    }

    void cleanup()
    {
        for (const QString &mount : std::as_const(m_mounts))
            QProcess::execute(QStringLiteral("umount"), {mount});
        m_mounts.clear();
        m_work.clear();
    }

    // The dump tools get the password from a private file: never on their command line or in their environment.
    void passwordNeverReachesACommandLine_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::addColumn<QString>("tool");
        QTest::newRow("postgresql") << Dialect::PostgreSQL << "pg_dump";
        QTest::newRow("mariadb") << Dialect::MySQL << "mariadb-dump";
    }

    void passwordNeverReachesACommandLine()
    {
        QFETCH(Dialect, dialect);
        QFETCH(QString, tool);
        RETORT_REQUIRE_SERVER(dialect);
        ScratchDatabase db(dialect);
        QVERIFY2(db.isValid(), qPrintable(db.error()));
        QVERIFY(!db.url().password().isEmpty());
        QTemporaryDir wrappers;
        // A wrapper in front of the real tool records what it was given, then runs it.
        const QString real = QStandardPaths::findExecutable(tool);
        QVERIFY(!real.isEmpty());
        QVERIFY(writeScript(wrappers.filePath(tool),
                            QStringLiteral("printf '%s\\n' \"$@\" > '%1/args'\nenv > '%1/env'\n"
                                           "for a in \"$@\"; do case \"$a\" in --defaults-file=*) stat -c %a \"${a#--defaults-file=}\" > '%1/mode';; esac; done\n"
                                           "[ -n \"$PGPASSFILE\" ] && stat -c %a \"$PGPASSFILE\" > '%1/mode'\n"
                                           "exec '%2' \"$@\"\n").arg(wrappers.path(), real)));
        const QMap<QString, QString> env{{QStringLiteral("PATH"), wrappers.path() + QLatin1Char(':') + qEnvironmentVariable("PATH")},
                                         {QStringLiteral("PGPASSWORD"), db.url().password()}};
        const test::ProcessRun r = cli(QStringLiteral(RETORT_SOURCE_DIR "/tests/data/ops/portable"),
                                       {QStringLiteral("backup"), wrappers.filePath(QStringLiteral("db.backup")), QStringLiteral("--url"),
                                        db.url().toString(true)}, env);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const auto read = [&](const QString &name) {
            QFile f(wrappers.filePath(name));
            return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QStringLiteral("<missing %1>").arg(name);
        };
        QVERIFY2(!read(QStringLiteral("args")).contains(db.url().password()), qPrintable(read(QStringLiteral("args"))));
        QVERIFY(!read(QStringLiteral("args")).startsWith(QLatin1String("<missing")));
        QVERIFY2(!read(QStringLiteral("env")).contains(db.url().password()), "the password is in the tool's environment");
        QCOMPARE(read(QStringLiteral("mode")).trimmed(), QStringLiteral("600"));
        QVERIFY(!r.out.contains(db.url().password()) && !r.err.contains(db.url().password()));
    }

    // --- deciding about the backup ------------------------------------------------------------------

    // Without a terminal and without a decision, nothing runs; the message names both flags.
    void nonInteractiveRunsNeedADecision()
    {
        ScratchDatabase db(Dialect::SQLite);
        const QString project = QStringLiteral(RETORT_SOURCE_DIR "/tests/data/ops/portable");
        test::ProcessRun r = cli(project, {QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--url"), db.url().toString(true)});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("pass --backup (or --backup=PATH) to back it up first, or --no-backup to migrate "
                                               "without one")), qPrintable(r.err));
        QCOMPARE(r.out, QString());
        std::unique_ptr<Connection> c = open(db);
        QVERIFY(c);
        Result<QStringList> tables = liveTableNames(*c);
        QVERIFY(tables);
        QCOMPARE(*tables, QStringList());   // not even the version table or the log
        r = cli(project, {QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--backup"), QStringLiteral("--no-backup"),
                          QStringLiteral("--url"), db.url().toString(true)});
        QCOMPARE(r.exitCode, 2);
        // "--backup" alone takes the default place and never swallows the next word.
        r = cli(project, {QStringLiteral("upgrade"), QStringLiteral("--backup"), QStringLiteral("a01"), QStringLiteral("--url"),
                          db.url().toString(true)});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.out.contains(QStringLiteral("Backup: ") + m_home.filePath(QStringLiteral("data/retort/backups/"))), qPrintable(r.out));
    }

    // The end-to-end check: the demo, on a terminal, asks, backs up, migrates, and logs it.
    void terminalPromptOnTheDemo()
    {
        QTemporaryDir work;
        const QString project = work.filePath(QStringLiteral("demo"));
        QVERIFY(QDir().mkpath(project));
        QCOMPARE(QProcess::execute(QStringLiteral("cp"), {QStringLiteral("-r"), QStringLiteral(RETORT_SOURCE_DIR "/migrations/."), project}), 0);
        const QString database = work.filePath(QStringLiteral("spaceship.db"));
        const QString url = QStringLiteral("sqlite:///") + database;
        const QMap<QString, QString> env{{QStringLiteral("XDG_DATA_HOME"), work.filePath(QStringLiteral("data"))}};
        QVERIFY(QFile(database).open(QIODevice::WriteOnly));   // an empty SQLite file (Retort never creates one)
        test::ProcessRun r = cli(project, {QStringLiteral("upgrade"), QStringLiteral("7a4e2b9c1d05"), QStringLiteral("--no-backup"), QStringLiteral("--url"), url}, env);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));

        test::TerminalSession terminal;
        QVERIFY(terminal.start(QStringLiteral(RETORT_CLI_PATH), {QStringLiteral("upgrade"), QStringLiteral("head"), QStringLiteral("--url"), url},
                               project, env));
        QVERIFY2(terminal.waitFor(QStringLiteral("Choice [B/c/q]: ")), qPrintable(terminal.output()));
        const QString prompt = terminal.output();
        QVERIFY2(prompt.contains(QStringLiteral("from 7a4e2b9c1d05 to f4d3c2b1a098, 4 step(s):")), qPrintable(prompt));
        QVERIFY(prompt.contains(QStringLiteral("  1. upgrade 7a4e2b9c1d05 -> c91a4f6e2d87, create launch table")));
        QVERIFY(prompt.contains(QStringLiteral("SQLite runs the whole migration in one transaction")));
        QVERIFY(prompt.contains(QStringLiteral("  [b] back up to ") + work.filePath(QStringLiteral("data/retort/backups/spaceship-"))));
        QVERIFY(!prompt.contains(QStringLiteral("DROPS")));   // an upgrade that drops nothing says nothing about it
        terminal.type(QStringLiteral("b\n"));
        QCOMPARE(terminal.finish(), 0);
        const QString out = terminal.output();
        QVERIFY2(out.contains(QStringLiteral("Backup: ")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("Version rows now: f4d3c2b1a098")), qPrintable(out));
        const QStringList backups = QDir(work.filePath(QStringLiteral("data/retort/backups"))).entryList({QStringLiteral("*.sqlite")});
        QCOMPARE(backups.size(), 1);
        Result<BackupInfo> info = readBackupInfo(work.filePath(QStringLiteral("data/retort/backups/")) + backups.first());
        QVERIFY(info);
        QCOMPARE(info->revisions, QStringList{QStringLiteral("7a4e2b9c1d05")});

        r = cli(project, {QStringLiteral("log"), QStringLiteral("--url"), url}, env);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.out.contains(QStringLiteral("upgrade head  ")), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("7a4e2b9c1d05 -> f4d3c2b1a098  ok")));
        QVERIFY(r.out.contains(QStringLiteral("    backup: ") + info->path));
        QVERIFY(r.out.contains(QStringLiteral("    4. upgrade f4d3c2b1a098  ok")));
        QVERIFY2(!r.out.contains(QStringLiteral("INSERT INTO engine")), qPrintable(r.out));
        // --statements: what each step ran, under it.
        r = cli(project, {QStringLiteral("log"), QStringLiteral("--statements"), QStringLiteral("--url"), url}, env);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const qsizetype step4 = r.out.indexOf(QStringLiteral("    4. upgrade f4d3c2b1a098  ok"));
        QVERIFY2(step4 > 0 && r.out.indexOf(QStringLiteral("        INSERT INTO engine"), step4) > step4, qPrintable(r.out));

        // A downgrade that drops data lists what goes; cancelling changes nothing.
        test::TerminalSession down;
        QVERIFY(down.start(QStringLiteral(RETORT_CLI_PATH), {QStringLiteral("downgrade"), QStringLiteral("base"), QStringLiteral("--url"), url},
                           project, env));
        QVERIFY2(down.waitFor(QStringLiteral("Choice [B/c/q]: ")), qPrintable(down.output()));
        const QString drops = down.output();
        QVERIFY2(drops.contains(QStringLiteral("This downgrade DROPS these, with the data in them:")), qPrintable(drops));
        QVERIFY(drops.contains(QStringLiteral("  - table launch (revision c91a4f6e2d87")));
        QVERIFY(drops.contains(QStringLiteral("  - column engine.last_fired (revision 7a4e2b9c1d05")));
        QVERIFY(drops.contains(QStringLiteral("  - table engine (revision 3d1f0c6a9b21")));
        down.type(QStringLiteral("q\n"));
        QCOMPARE(down.finish(), 1);
        QVERIFY(down.output().contains(QStringLiteral("Cancelled; nothing was changed.")));
        r = cli(project, {QStringLiteral("current"), QStringLiteral("--url"), url}, env);
        QVERIFY2(r.out.startsWith(QStringLiteral("f4d3c2b1a098")), qPrintable(r.out));
    }

    // `retort-cli upgrade heads | head -1`: the reader goes away, the migration still completes.
    void closedOutputDoesNotStopAMigration()
    {
        ScratchDatabase db(Dialect::SQLite);
        // head reads one byte and exits; every later write of retort-cli goes to a closed pipe.
        const test::ProcessRun r = test::runProgram(
            QStringLiteral("/bin/bash"),
            {QStringLiteral("-c"), QStringLiteral("'%1' upgrade heads --no-backup --url '%2' | head -c 1 >/dev/null; echo \"exit ${PIPESTATUS[0]}\"")
                                       .arg(QStringLiteral(RETORT_CLI_PATH), db.url().toString(true))},
            QStringLiteral(RETORT_SOURCE_DIR "/tests/data/ops/portable"));
        QCOMPARE(r.out.trimmed(), QStringLiteral("exit 0"));
        std::unique_ptr<Connection> c = open(db);
        QVERIFY(c);
        QCOMPARE(versionRows(*c), QStringList{QStringLiteral("a09")});
    }

    // What a failed run tells the user on the command line: the error, where the database stands, the way back.
    void failureReportNamesTheWayBack_data()
    {
        dialectRows({Dialect::SQLite, Dialect::MySQL});
    }

    void failureReportNamesTheWayBack()
    {
        QFETCH(Dialect, dialect);
        RETORT_REQUIRE_SERVER(dialect);
        QTemporaryDir dir;
        QVERIFY(test::writeProject(dir.path(), faultProject(2)));
        ScratchDatabase db(dialect);
        QVERIFY2(db.isValid(), qPrintable(db.error()));
        const QString backupPath = dir.filePath(QStringLiteral("before.backup"));
        const test::ProcessRun r = cli(dir.path(), {QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--backup=") + backupPath,
                                                    QStringLiteral("--url"), db.url().toString(true)});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("error: ") + dir.filePath(QStringLiteral("versions/r2.py:17: upgrade r1 -> r2 failed"))),
                 qPrintable(r.err));
        QVERIFY(r.err.contains(QStringLiteral("no_such_table")));   // the driver's words
        QVERIFY2(r.err.contains(QStringLiteral("the version table now holds: r1 (read back from the database)")), qPrintable(r.err));
        QVERIFY(r.err.contains(QStringLiteral("to put the database back as it was before this run: retort-cli restore ") + backupPath));
        QCOMPARE(r.err.contains(QStringLiteral("finish the failed revision by hand and record it with: retort-cli stamp")),
                 dialect == Dialect::MySQL);
        // The way back works: the restore returns the database to base, where the backup was taken.
        const test::ProcessRun back = cli(dir.path(), {QStringLiteral("restore"), backupPath, QStringLiteral("--yes"), QStringLiteral("--url"),
                                                       db.url().toString(true)});
        QVERIFY2(back.exitCode == 0, qPrintable(back.describe()));
        std::unique_ptr<Connection> c = open(db);
        QVERIFY(c);
        QCOMPARE(versionRows(*c), QStringList());
        QCOMPARE(appTables(*c), QStringList());
    }

    // Stopping between revisions: the revisions before the stop stay, nothing of the next one runs,
    // and the log says the run was cancelled.
    void cancelBetweenRevisions_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::addColumn<bool>("python");
        for (const Dialect d : {Dialect::SQLite, Dialect::PostgreSQL}) {
            QTest::addRow("%s", dialectTag(d)) << d << false;
            // The stop comes after a revision the project's Python ran (SQLite: the lock taken back from it).
            QTest::addRow("%s python", dialectTag(d)) << d << true;
        }
    }

    void cancelBetweenRevisions()
    {
        QFETCH(Dialect, dialect);
        QFETCH(bool, python);
        RETORT_REQUIRE_SERVER(dialect);
        if (python)
            RETORT_REQUIRE_ALEMBIC();
        QTemporaryDir dir;
        QList<Revision> revisions = faultProject(-1);
        if (python)
            revisions[0].upgrade.prepend(QStringLiteral("rows = op.get_bind().execute(sa.text('SELECT 1')).fetchall()\n"));
        QVERIFY(test::writeProject(dir.path(), revisions));
        std::unique_ptr<Loaded> loaded = load(dir.path());
        QVERIFY(loaded);
        ScratchDatabase db(dialect);
        QVERIFY2(db.isValid(), qPrintable(db.error()));
        std::unique_ptr<Connection> c = open(db);
        QVERIFY(c);
        Result<MigrationPreview> preview = previewMigration(*c, *loaded->source, {}, true, QStringLiteral("heads"), python);
        QVERIFY(preview);
        QCOMPARE(preview->pythonSteps.size(), python ? 1 : 0);
        MigrationOptions options;
        Result<Project> project = Project::open(dir.path());
        QVERIFY(project);
        if (python)
            options.startPython = debianPython(*project, db.url());
        int finished = 0;
        options.observer = [&finished](const RunEvent &e) { finished += e.kind == RunEvent::Kind::StepFinished ? 1 : 0; };
        options.cancelRequested = [&finished]() { return finished >= 1; };   // the user pressed Stop during r1
        const MigrationOutcome outcome = runSafeMigration(*c, *loaded->source, {}, *preview, options);
        QVERIFY(outcome.error);
        QVERIFY(outcome.cancelled);
        QVERIFY2(outcome.error->message.startsWith(QStringLiteral("Cancelled after 1 of 2 revisions, before upgrade r1 -> r2")),
                 qPrintable(outcome.error->message));
        QCOMPARE(outcome.stepsCompleted, 1);
        std::unique_ptr<Connection> check = open(db);
        QVERIFY(check);
        QCOMPARE(versionRows(*check), QStringList{QStringLiteral("r1")});
        QCOMPARE(appTables(*check), QStringList{QStringLiteral("t1")});
        const QList<RunLogEntry> log = logOf(*check);
        QCOMPARE(log.size(), 2);
        QCOMPARE(log.at(0).outcome, runlog::kCancelled);
        QCOMPARE(log.at(1).revision, QStringLiteral("r1"));
    }

    // The DELETEs and UPDATEs of a plan, with the rows each touches counted before anything runs; a
    // condition that calls a function or holds a subquery comes from the revision file and is not run
    // (not even to count) before the user has seen it.
    void dataChangesAreCountedSafely_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::newRow("sqlite") << Dialect::SQLite;
        QTest::newRow("postgresql") << Dialect::PostgreSQL;
        QTest::newRow("mariadb") << Dialect::MySQL;
    }

    void dataChangesAreCountedSafely()
    {
        QFETCH(Dialect, dialect);
        RETORT_REQUIRE_SERVER(dialect);
        QTemporaryDir dir;
        QVERIFY(test::writeProject(dir.path(), {
            Revision{QStringLiteral("r1"), {}, QStringLiteral("op.create_table('t1', sa.Column('id', sa.Integer, primary_key=True), "
                                                              "sa.Column('a', sa.Integer), sa.Column('s', sa.String(20)))\n"
                                                              "op.execute(\"INSERT INTO t1 (a, s) VALUES (1, 'x'), (2, 'y;z'), (3, 'x'), (4, NULL)\")"),
                     {}},
            Revision{QStringLiteral("r2"), QStringLiteral("r1"),
                     QStringLiteral("op.execute(\"UPDATE t1 SET s = 'w' WHERE a > 2 AND s IS NOT NULL\")\n"
                                    "op.execute(\"DELETE FROM t1 WHERE s = 'y;z' OR a IN (4)\")\n"
                                    "op.execute(\"DELETE FROM t1 WHERE abs(a) = 1\")\n"
                                    "op.execute(\"DELETE FROM t1 WHERE a IN (SELECT a FROM t1)\")\n"
                                    "op.execute('DELETE FROM t1')"),
                     {}},
        }));
        std::unique_ptr<Loaded> loaded = load(dir.path());
        QVERIFY(loaded);
        ScratchDatabase db(dialect);
        QVERIFY2(db.isValid(), qPrintable(db.error()));
        std::unique_ptr<Connection> c = open(db);
        QVERIFY(c);
        const test::ProcessRun first = cli(dir.path(), {QStringLiteral("upgrade"), QStringLiteral("r1"), QStringLiteral("--no-backup"),
                                                        QStringLiteral("--url"), db.url().toString(true)});
        QVERIFY2(first.exitCode == 0, qPrintable(first.describe()));
        Result<MigrationPreview> preview = previewMigration(*c, *loaded->source, {}, true, QStringLiteral("heads"));
        QVERIFY(preview);
        QList<DataChange> changes = preview->dataChanges;
        countDataChanges(db.url(), &changes);
        QStringList seen;
        for (const DataChange &d : std::as_const(changes))
            seen << QStringLiteral("%1 | %2").arg(d.sql, d.rows ? QString::number(*d.rows) : d.notCounted.section(QLatin1Char(','), 0, 0));
        QCOMPARE(seen, (QStringList{
            QStringLiteral("UPDATE t1 SET s = 'w' WHERE a > 2 AND s IS NOT NULL | 1"),
            QStringLiteral("DELETE FROM t1 WHERE s = 'y;z' OR a IN (4) | 2"),
            QStringLiteral("DELETE FROM t1 WHERE abs(a) = 1 | its condition calls functions or holds a subquery"),
            QStringLiteral("DELETE FROM t1 WHERE a IN (SELECT a FROM t1) | its condition calls functions or holds a subquery"),
            QStringLiteral("DELETE FROM t1 | 4")}));
        QCOMPARE(changes.first().revision, QStringLiteral("r2"));
        QCOMPARE(changes.first().line, 15);   // the first line of the body writeProject writes
        // Counting changed nothing.
        QSqlQuery q(c->database());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM t1 WHERE s = 'x'")) && q.next());
        QCOMPARE(q.value(0).toInt(), 2);
    }

    // A plan is run only as it was shown: if the database moved in between, nothing runs.
    void planChangedWhileDeciding()
    {
        QTemporaryDir dir;
        QVERIFY(test::writeProject(dir.path(), faultProject(-1)));
        std::unique_ptr<Loaded> loaded = load(dir.path());
        QVERIFY(loaded);
        ScratchDatabase db(Dialect::SQLite);
        std::unique_ptr<Connection> c = open(db);
        QVERIFY(c);
        Result<MigrationPreview> preview = previewMigration(*c, *loaded->source, {}, true, QStringLiteral("heads"));
        QVERIFY(preview);
        QCOMPARE(preview->plan.steps.size(), 2);
        // Meanwhile somebody else applies r1.
        const test::ProcessRun other = cli(dir.path(), {QStringLiteral("upgrade"), QStringLiteral("r1"), QStringLiteral("--no-backup"),
                                                        QStringLiteral("--url"), db.url().toString(true)});
        QVERIFY2(other.exitCode == 0, qPrintable(other.describe()));
        const MigrationOutcome outcome = runSafeMigration(*c, *loaded->source, {}, *preview, MigrationOptions());
        QVERIFY(outcome.error);
        QVERIFY2(outcome.error->message.startsWith(QStringLiteral("The database changed after the plan was made: it was at base "
                                                                  "(no rows) and is now at r1. Nothing was changed")),
                 qPrintable(outcome.error->message));
        QCOMPARE(versionRows(*c), QStringList{QStringLiteral("r1")});
        QCOMPARE(appTables(*c), QStringList{QStringLiteral("t1")});
    }

    // validate warns when a revision's file changed after it was applied.
    void validateWarnsAboutEditedRevisions()
    {
        QTemporaryDir dir;
        QVERIFY(test::writeProject(dir.path(), faultProject(-1)));
        ScratchDatabase db(Dialect::SQLite);
        const QMap<QString, QString> env{{QStringLiteral("RETORT_DATABASE_URL"), db.url().toString(true)}};
        test::ProcessRun r = cli(dir.path(), {QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--no-backup")}, env);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        r = cli(dir.path(), {QStringLiteral("validate")}, env);
        QVERIFY2(!r.out.contains(QStringLiteral("warning:")), qPrintable(r.out));
        QFile f(dir.filePath(QStringLiteral("versions/r1.py")));
        QVERIFY(f.open(QIODevice::Append));
        f.write("# edited after it ran\n");
        f.close();
        r = cli(dir.path(), {QStringLiteral("validate")}, env);
        QCOMPARE(r.exitCode, 0);   // a warning, not an error
        QVERIFY2(r.out.contains(QStringLiteral("versions/r1.py: warning: revision r1 was applied to the database on ")), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("and its file has changed since")));
        QVERIFY(!r.out.contains(QStringLiteral("revision r2 was applied")));
    }

private:
    QTemporaryDir m_home;
    QStringList m_mounts;
    std::vector<std::unique_ptr<QTemporaryDir>> m_work;   ///< folders that hold a mount until cleanup()
};

QTEST_GUILESS_MAIN(tst_SafeMigration)
#include "tst_SafeMigration.moc"
