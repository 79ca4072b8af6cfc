// Projects, files and URLs written by someone else: nothing Retort reads may make it run SQL it did
// not show, write outside its target, follow a link out of the project, crash, hang, or print a
// password. Each test builds the hostile input a reviewer found and checks what a user would see,
// on real SQLite files and the real PostgreSQL and MariaDB servers of the test script, next to real
// Alembic where it has an answer.
#include "connection/SqliteSandbox.h"
#include "demo/DemoProject.h"
#include "runner/MigrationRunner.h"
#include "migrations/ProjectHistory.h"
#include "project/Project.h"
#include "runner/Backup.h"
#include "runner/RunLog.h"
#include "runner/ExternalTool.h"
#include "runner/PrivateFile.h"
#include "runner/SafeMigration.h"
#include "RevisionFiles.h"
#include "TestProcesses.h"
#include "TestServers.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

using namespace retort;
using test::Revision;
using test::ScratchDatabase;

Q_DECLARE_METATYPE(retort::Dialect)

namespace {

using Run = test::ProcessRun;

Run runCli(const QStringList &arguments, const QString &workingDir = {}, const QMap<QString, QString> &environment = {})
{
    return test::runProgram(QStringLiteral(RETORT_CLI_PATH), arguments, workingDir, environment, 60000);
}

bool writeFile(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Runs statements on an SQLite file with the sqlite3 library QSQLITE uses, in its own connection.
QStringList sqliteRows(const QString &path, const QString &sql)
{
    QStringList rows;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("probe"));
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql)) {
                while (q.next())
                    rows << q.value(0).toString();
            } else {
                rows << QStringLiteral("<error> ") + q.lastError().text();
            }
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("probe"));
    return rows;
}

QString alembicUrl(const DatabaseUrl &url)
{
    QString u = url.toString(true);
    u.replace(QRegularExpression(QStringLiteral("^mysql:")), QStringLiteral("mysql+pymysql:"));
    return u;
}

// The demo project copied into dir, with env.py's two configure() calls given extra keyword arguments.
QString demoWithConfigure(const QString &dir, const QString &extraArguments)
{
    const Result<QString> demo = demo::prepareUserDemo(dir);
    if (!demo)
        return {};
    const QString envPath = *demo + QStringLiteral("/alembic/env.py");
    QString env = QString::fromUtf8(readFile(envPath));
    env.replace(QStringLiteral("context.configure(url=database_url(),"),
                QStringLiteral("context.configure(url=database_url(), %1,").arg(extraArguments));
    env.replace(QStringLiteral("context.configure(connection=connection,"),
                QStringLiteral("context.configure(connection=connection, %1,").arg(extraArguments));
    return writeFile(envPath, env.toUtf8()) ? *demo : QString();
}

mode_t modeOf(const QString &path)
{
    struct stat st;
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? (st.st_mode & 07777) : mode_t(0xFFFF);
}

// A database with one table and a few rows, for backups.
void fillForBackup(const ScratchDatabase &db)
{
    QCOMPARE(db.exec({QStringLiteral("CREATE TABLE crew (id INTEGER PRIMARY KEY, name VARCHAR(40))"),
                      QStringLiteral("INSERT INTO crew VALUES (1, 'Ada'), (2, 'Grace')")}), QString());
}

} // namespace

class tst_HostileInput : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();

    // 1. Previews never touch a file.
    void previewsReachNoFile();
    void sandboxRefusesEveryWayOut_data();
    void sandboxRefusesEveryWayOut();
    void sandboxEndsEndlessStatements();
    // 2. Ids and the version table's name are never pasted into SQL.
    void versionTableNameQuotedAsAlembic_data();
    void versionTableNameQuotedAsAlembic();
    void revisionIdsAreBound_data();
    void revisionIdsAreBound();
    void illegalIdsStopEveryWrite();
    // 3. Backups only their owner can read, never written through a link.
    void backupsArePrivate_data();
    void backupsArePrivate();
    void backupsRefusePlantedLinks();
    void runLogRefusesAPlantedLink();
    // 4. Nothing in a URL adds a line to a tool's option file; restores cannot run the client's commands.
    void lineBreaksNeverReachOptionFiles_data();
    void lineBreaksNeverReachOptionFiles();
    void restoreRunsNoClientCommand();
    // 5. Long chains crash nothing.
    void longChainsAreErrorsNotCrashes();
    // 6. Nothing Retort reads makes it hang.
    void linkedFoldersAreNotWalked();
    void interpolationBombsAreRefused();
    // 7. No password printed, whatever the URL looks like and wherever it comes from.
    void passwordsNeverPrinted_data();
    void passwordsNeverPrinted();
    // 8. No URL option smuggles in another driver option.
    void driverOptionsCannotBeSmuggled();
    // 10. What Python would not run is not run as if it were something else.
    void filesPythonRefusesAreErrors_data();
    void filesPythonRefusesAreErrors();
    void rebindingNeedsPython_data();
    void rebindingNeedsPython();
    // 11. A message is text in the new file, never code or template.
    void messagesAreTextNotCode();
    void unsupportedTemplatesNameTheirLine();
};

void tst_HostileInput::initTestCase()
{
    QVERIFY(QFile::exists(QStringLiteral(RETORT_CLI_PATH)));
}

void tst_HostileInput::previewsReachNoFile()
{
    // A revision that attaches a database outside the project and drops a table there, copies the
    // database out with VACUUM INTO and switches the journal: every preview shows it, none runs it.
    QTemporaryDir dir;
    const QString other = dir.filePath(QStringLiteral("other.db"));
    const QString copy = dir.filePath(QStringLiteral("copy.db"));
    QCOMPARE(sqliteRows(other, QStringLiteral("CREATE TABLE important (x)")), QStringList());
    QCOMPARE(sqliteRows(other, QStringLiteral("INSERT INTO important VALUES (42)")), QStringList());
    const QString project = dir.filePath(QStringLiteral("p"));
    QVERIFY(test::writeProject(project, {
        Revision{QStringLiteral("a1"), {}, QStringLiteral("op.create_table(\"t\", sa.Column(\"id\", sa.Integer, primary_key=True))"),
                 QStringLiteral("op.drop_table(\"t\")")},
        Revision{QStringLiteral("b2"), QStringLiteral("a1"),
                 QStringLiteral("op.execute(\"ATTACH DATABASE '%1' AS v\")\nop.execute(\"DROP TABLE v.important\")\n"
                                "op.execute(\"VACUUM INTO '%2'\")\nop.execute(\"PRAGMA journal_mode=WAL\")\n"
                                "op.add_column(\"t\", sa.Column(\"n\", sa.Integer))").arg(other, copy),
                 QStringLiteral("op.execute(\"ATTACH DATABASE '%1' AS w\")\nop.execute(\"DELETE FROM w.important\")\n"
                                "with op.batch_alter_table(\"t\") as b:\n    b.drop_column(\"n\")").arg(other)},
    }));
    const QString url = QStringLiteral("sqlite:///") + dir.filePath(QStringLiteral("app.db"));
    const auto untouched = [&]() {
        QCOMPARE(sqliteRows(other, QStringLiteral("SELECT x FROM important")), QStringList{QStringLiteral("42")});
        QVERIFY(!QFile::exists(copy));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("app.db"))));
    };

    // retort-cli upgrade --sql and downgrade --sql: the statements are printed, each refused one says why.
    Run r = runCli({QStringLiteral("--url"), url, QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--sql")}, project);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY(r.out.contains(QStringLiteral("ATTACH DATABASE '%1' AS v;").arg(other)));
    QVERIFY(r.out.contains(QLatin1String("DROP TABLE v.important;")));
    QCOMPARE(r.out.count(QLatin1String("-- Retort: not replayed on the scratch copy")), 3);
    untouched();
    r = runCli({QStringLiteral("--url"), url, QStringLiteral("downgrade"), QStringLiteral("b2:base"), QStringLiteral("--sql")}, project);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY(r.out.contains(QLatin1String("DELETE FROM w.important;")));
    untouched();

    // The History tab's SQL pane and the plan dialog call these.
    Result<Project> p = Project::open(project);
    QVERIFY(p.ok());
    ProjectHistory h = ProjectHistory::load(*p);
    RevisionOperationSource source(h.graph);
    Result<QString> one = revisionSql(Dialect::SQLite, source, h.graph.indexOf(QStringLiteral("b2")));
    QVERIFY2(one.ok(), qPrintable(one.ok() ? QString() : one.error().toString()));
    QVERIFY(one->contains(QLatin1String("VACUUM INTO")));
    Result<MigrationPlan> down = planDowngrade(h.graph, {QStringLiteral("b2")}, QStringLiteral("base"));
    QVERIFY(down.ok());
    Result<QString> planned = offlineSqlFrom(Dialect::SQLite, source, *down, {}, true);
    QVERIFY2(planned.ok(), qPrintable(planned.ok() ? QString() : planned.error().toString()));
    untouched();
}

void tst_HostileInput::sandboxRefusesEveryWayOut_data()
{
    QTest::addColumn<QString>("sql");
    QTest::newRow("attach") << "ATTACH DATABASE '%1' AS x";
    QTest::newRow("attach memory") << "ATTACH DATABASE ':memory:' AS x";
    QTest::newRow("vacuum into") << "VACUUM INTO '%1'";
    QTest::newRow("journal to a file") << "PRAGMA journal_mode = WAL";
    QTest::newRow("writable schema") << "PRAGMA writable_schema = ON";
    QTest::newRow("temp store directory") << "PRAGMA temp_store_directory = '/tmp'";
    QTest::newRow("load_extension") << "SELECT load_extension('/tmp/evil.so')";
}

void tst_HostileInput::sandboxRefusesEveryWayOut()
{
    QFETCH(QString, sql);
    QTemporaryDir dir;
    const QString target = dir.filePath(QStringLiteral("escaped.db"));
    Result<std::unique_ptr<SqliteSandbox>> sandbox = SqliteSandbox::open(QStringLiteral("test"));
    QVERIFY2(sandbox.ok(), qPrintable(sandbox.ok() ? QString() : sandbox.error().toString()));
    QSqlQuery q((*sandbox)->connection().database());
    QVERIFY(!q.exec(sql.contains(QLatin1String("%1")) ? sql.arg(target) : sql));
    QVERIFY(!QFile::exists(target));
    // What previews need still works: tables, the schema pragmas, foreign keys switched for a rebuild.
    QVERIFY(q.exec(QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, n TEXT)")));
    QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys = OFF")));
    QVERIFY(q.exec(QStringLiteral("SELECT name FROM pragma_table_xinfo('t')")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("id"));
}

void tst_HostileInput::sandboxEndsEndlessStatements()
{
    // A revision's op.execute() with a query that never ends: the replay stops when its budget is spent.
    Result<std::unique_ptr<SqliteSandbox>> sandbox = SqliteSandbox::open(QStringLiteral("test"), 700);
    QVERIFY(sandbox.ok());
    QSqlQuery q((*sandbox)->connection().database());
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!q.exec(QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")));
    QVERIFY(isSandboxTimeout(q.lastError()));
    QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(timer.elapsed() >= 600);
}

void tst_HostileInput::versionTableNameQuotedAsAlembic_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::addColumn<QString>("table");
    for (const Dialect d : {Dialect::SQLite, Dialect::PostgreSQL, Dialect::MySQL}) {
        QTest::addRow("%s, mixed case", qPrintable(dialectDisplayName(d))) << d << QStringLiteral("AlembicVersion");
        QTest::addRow("%s, statement in the name", qPrintable(dialectDisplayName(d)))
            << d << QStringLiteral("my versions; DROP TABLE victim; --");
    }
}

void tst_HostileInput::versionTableNameQuotedAsAlembic()
{
    QFETCH(Dialect, dialect);
    QFETCH(QString, table);
    RETORT_REQUIRE_SERVER(dialect);
    RETORT_REQUIRE_ALEMBIC();
    QTemporaryDir dir;
    const QString project = demoWithConfigure(dir.filePath(QStringLiteral("demo")), QStringLiteral("version_table=\"%1\"").arg(table));
    QVERIFY(!project.isEmpty());
    ScratchDatabase db(dialect);
    QVERIFY2(db.isValid(), qPrintable(db.error()));
    QCOMPARE(db.exec({QStringLiteral("CREATE TABLE victim (x INTEGER)"), QStringLiteral("INSERT INTO victim VALUES (7)")}), QString());
    const QString url = db.url().toString(true);

    // --sql prints what Alembic prints for the version table, quoted the same way.
    Run ours = runCli({QStringLiteral("--url"), url, QStringLiteral("upgrade"), QStringLiteral("7a4e2b9c1d05"), QStringLiteral("--sql")}, project);
    QVERIFY2(ours.exitCode == 0, qPrintable(ours.describe()));
    Run theirs = test::runAlembic(project, {QStringLiteral("upgrade"), QStringLiteral("7a4e2b9c1d05"), QStringLiteral("--sql")}, alembicUrl(db.url()));
    QVERIFY2(theirs.exitCode == 0, qPrintable(theirs.describe()));
    const auto versionLines = [&](const QString &script) {
        QStringList out;
        for (const QString &statement : script.split(QStringLiteral(";\n"))) {
            const QString s = statement.simplified();
            if (s.contains(QLatin1String("version_num")))
                out << s;
        }
        return out;
    };
    QVERIFY(!versionLines(theirs.out).isEmpty());
    QCOMPARE(versionLines(ours.out), versionLines(theirs.out));

    // Online: Retort and Alembic take turns on the same version table; the victim is untouched.
    Run r = runCli({QStringLiteral("--url"), url, QStringLiteral("upgrade"), QStringLiteral("7a4e2b9c1d05"), QStringLiteral("--no-backup")}, project);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    theirs = test::runAlembic(project, {QStringLiteral("current")}, alembicUrl(db.url()));
    QVERIFY2(theirs.exitCode == 0, qPrintable(theirs.describe()));
    QCOMPARE(theirs.out.trimmed(), QStringLiteral("7a4e2b9c1d05 (branchpoint)"));
    theirs = test::runAlembic(project, {QStringLiteral("upgrade"), QStringLiteral("heads")}, alembicUrl(db.url()));
    QVERIFY2(theirs.exitCode == 0, qPrintable(theirs.describe()));
    r = runCli({QStringLiteral("--url"), url, QStringLiteral("current")}, project);
    QCOMPARE(r.out, QStringLiteral("f4d3c2b1a098 (head)\n"));
    r = runCli({QStringLiteral("--url"), url, QStringLiteral("downgrade"), QStringLiteral("7a4e2b9c1d05"), QStringLiteral("--no-backup")}, project);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    theirs = test::runAlembic(project, {QStringLiteral("current")}, alembicUrl(db.url()));
    QCOMPARE(theirs.out.trimmed(), QStringLiteral("7a4e2b9c1d05 (branchpoint)"));
    Result<std::unique_ptr<Connection>> c = Connection::open(db.url());
    QVERIFY(c.ok());
    QSqlQuery q((*c)->database());
    QVERIFY(q.exec(QStringLiteral("SELECT x FROM victim")) && q.next());
    QCOMPARE(q.value(0).toInt(), 7);
}

void tst_HostileInput::revisionIdsAreBound_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::newRow("SQLite") << Dialect::SQLite;
    QTest::newRow("PostgreSQL") << Dialect::PostgreSQL;
    QTest::newRow("MariaDB") << Dialect::MySQL;
}

void tst_HostileInput::revisionIdsAreBound()
{
    // Quotes, backslashes and semicolons are legal in Alembic ids: they are data, bound as parameters
    // online and escaped in --sql output.
    QFETCH(Dialect, dialect);
    RETORT_REQUIRE_SERVER(dialect);
    ScratchDatabase db(dialect);
    QVERIFY2(db.isValid(), qPrintable(db.error()));
    QCOMPARE(db.exec({QStringLiteral("CREATE TABLE secrets (pw VARCHAR(20))"), QStringLiteral("INSERT INTO secrets VALUES ('hunter2')")}), QString());
    QTemporaryDir dir;
    const QString first = QStringLiteral("a'),('x");
    const QString second = QStringLiteral("b\\';SELECT 1;");   // b\';SELECT 1;
    QVERIFY(test::writeProject(dir.path(), {Revision{first, {}, {}, {}}}));
    // In the file the backslash is written as Python needs it.
    QVERIFY(writeFile(dir.filePath(QStringLiteral("versions/second.py")),
                      test::scriptText(Revision{QString(second).replace(QStringLiteral("\\"), QStringLiteral("\\\\")), first, {}, {}}).toUtf8()));
    const QString url = db.url().toString(true);
    Run r = runCli({QStringLiteral("--url"), url, QStringLiteral("stamp"), first}, dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = runCli({QStringLiteral("--url"), url, QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--no-backup")}, dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = runCli({QStringLiteral("--url"), url, QStringLiteral("current")}, dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.out.trimmed(), second + QStringLiteral(" (head)"));
    r = runCli({QStringLiteral("--url"), url, QStringLiteral("downgrade"), QStringLiteral("base"), QStringLiteral("--no-backup")}, dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    Result<std::unique_ptr<Connection>> c = Connection::open(db.url());
    QVERIFY(c.ok());
    QSqlQuery q((*c)->database());
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM alembic_version")) && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
    QVERIFY(q.exec(QStringLiteral("SELECT pw FROM secrets")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("hunter2"));

    // The window's stamp preview (core previewStamp): the ids as escaped literals, and nothing written.
    Result<Project> project = Project::open(dir.path());
    QVERIFY(project.ok());
    const ProjectHistory history = ProjectHistory::load(*project);
    Result<StampPreview> stamp = previewStamp(**c, history.graph, {}, {first});
    QVERIFY2(stamp.ok(), qPrintable(stamp.ok() ? QString() : stamp.error().toString()));
    QCOMPARE(stamp->preview.plan.rowsAfter, QStringList{first});
    QVERIFY2(stamp->sql.contains(QStringLiteral("VALUES ('a''),(''x');")), qPrintable(stamp->sql));
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM alembic_version")) && q.next());
    QCOMPARE(q.value(0).toInt(), 0);

    // --sql: the literal is escaped for the dialect (MySQL doubles backslashes too).
    r = runCli({QStringLiteral("--url"), url, QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--sql")}, dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY2(r.out.contains(QStringLiteral("VALUES ('a''),(''x')")), qPrintable(r.out));
    const QString escapedSecond = dialect == Dialect::MySQL ? QStringLiteral("'b\\\\'';SELECT 1;'") : QStringLiteral("'b\\'';SELECT 1;'");
    QVERIFY2(r.out.contains(QStringLiteral("SET version_num=%1").arg(escapedSecond)), qPrintable(r.out));
}

void tst_HostileInput::illegalIdsStopEveryWrite()
{
    // The reviewer's id: it reads another table into alembic_version when pasted into SQL. Alembic
    // refuses the project ('-' is not allowed), and so does every Retort command that writes or plans.
    ScratchDatabase db(Dialect::SQLite);
    QVERIFY(db.isValid());
    QCOMPARE(db.exec({QStringLiteral("CREATE TABLE secrets (pw TEXT)"), QStringLiteral("INSERT INTO secrets VALUES ('hunter2')")}), QString());
    QTemporaryDir dir;
    const QString id = QStringLiteral("a'),((SELECT group_concat(pw) FROM secrets))--");
    QVERIFY(test::writeProject(dir.path(), {Revision{QStringLiteral("base1"), {}, {}, {}}}));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("versions/evil.py")),
                      test::scriptText(Revision{id, QStringLiteral("base1"), {}, {}}).toUtf8()));
    const QString url = db.url().toString(true);
    for (const QStringList &command : {QStringList{"stamp", "heads"}, QStringList{"stamp", "base1"}, QStringList{"upgrade", "heads", "--no-backup"},
                                       QStringList{"upgrade", "heads", "--sql"}, QStringList{"downgrade", "base", "--no-backup"}}) {
        const Run r = runCli(QStringList{QStringLiteral("--url"), url} + command, dir.path());
        QVERIFY2(r.exitCode == 1, qPrintable(command.join(QLatin1Char(' ')) + QLatin1Char('\n') + r.describe()));
        QVERIFY2(r.err.contains(QStringLiteral("evil.py:8: Character(s) '-' not allowed in revision identifier")), qPrintable(r.err));
        QVERIFY(!r.out.contains(QLatin1String("INSERT")));
    }
    QVERIFY(!sqliteRows(db.url().database(), QStringLiteral("SELECT name FROM sqlite_master")).contains(QStringLiteral("alembic_version")));
}

void tst_HostileInput::backupsArePrivate_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::newRow("SQLite") << Dialect::SQLite;
    QTest::newRow("PostgreSQL") << Dialect::PostgreSQL;
    QTest::newRow("MariaDB") << Dialect::MySQL;
}

void tst_HostileInput::backupsArePrivate()
{
    // The usual umask (022) would leave a new file 0644 and a new folder 0755: readable by every user.
    QFETCH(Dialect, dialect);
    RETORT_REQUIRE_SERVER(dialect);
    ScratchDatabase db(dialect);
    QVERIFY2(db.isValid(), qPrintable(db.error()));
    fillForBackup(db);
    if (dialect == Dialect::SQLite)
        QVERIFY(QFile::setPermissions(db.url().database(), QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    const mode_t oldMask = ::umask(022);
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("new/backups"));
    Result<std::unique_ptr<Connection>> c = Connection::open(db.url());
    QVERIFY(c.ok());
    Result<BackupInfo> b = createBackup(**c, {}, folder + QStringLiteral("/crew.bak"));
    ::umask(oldMask);
    QVERIFY2(b.ok(), qPrintable(b.ok() ? QString() : b.error().toString()));
    QCOMPARE(modeOf(folder), mode_t(0700));
    QCOMPARE(modeOf(dir.filePath(QStringLiteral("new"))), mode_t(0700));
    QCOMPARE(modeOf(b->path), mode_t(0600));
    QCOMPARE(modeOf(b->metadataPath()), mode_t(0600));
    QVERIFY(!QFile::exists(b->path + QStringLiteral(".partial")));
    QVERIFY(verifyBackup(*b).ok());
    // A second backup to the same name is refused; the first is unchanged.
    const QByteArray before = readFile(b->path);
    Result<BackupInfo> again = createBackup(**c, {}, b->path);
    QVERIFY(!again.ok());
    QVERIFY2(again.error().message.contains(QLatin1String("already exists")), qPrintable(again.error().toString()));
    QCOMPARE(readFile(b->path), before);
}

void tst_HostileInput::backupsRefusePlantedLinks()
{
    ScratchDatabase db(Dialect::SQLite);
    QVERIFY(db.isValid());
    fillForBackup(db);
    Result<std::unique_ptr<Connection>> c = Connection::open(db.url());
    QVERIFY(c.ok());
    QTemporaryDir dir;
    const QString outside = dir.filePath(QStringLiteral("outside"));
    QVERIFY(QDir().mkpath(outside));
    const QString backups = dir.filePath(QStringLiteral("backups"));
    QVERIFY(QDir().mkpath(backups));

    // A dangling link where the backup goes: refused, nothing appears at its target.
    const QString path = backups + QStringLiteral("/a.sqlite");
    QVERIFY(QFile::link(outside + QStringLiteral("/stolen.sqlite"), path));
    Result<BackupInfo> b = createBackup(**c, {}, path);
    QVERIFY(!b.ok());
    QVERIFY2(b.error().message.contains(QLatin1String("already exists")), qPrintable(b.error().toString()));
    QVERIFY(!QFile::exists(outside + QStringLiteral("/stolen.sqlite")));

    // A link at the metadata's name: refused before anything is written, the target keeps its text.
    const QString victim = outside + QStringLiteral("/victim.txt");
    QVERIFY(writeFile(victim, "precious\n"));
    QVERIFY(QFile::link(victim, backups + QStringLiteral("/b.sqlite.retort.json")));
    b = createBackup(**c, {}, backups + QStringLiteral("/b.sqlite"));
    QVERIFY(!b.ok());
    QCOMPARE(readFile(victim), QByteArray("precious\n"));
    QVERIFY(!backup::entryExists(backups + QStringLiteral("/b.sqlite")));

    // A link at the partial file's name (left by someone else): removed, never written through.
    QVERIFY(QFile::link(victim, backups + QStringLiteral("/c.sqlite.partial")));
    b = createBackup(**c, {}, backups + QStringLiteral("/c.sqlite"));
    QVERIFY2(b.ok(), qPrintable(b.ok() ? QString() : b.error().toString()));
    QCOMPARE(readFile(victim), QByteArray("precious\n"));
    QVERIFY(!QFileInfo(b->path).isSymLink());
    QCOMPARE(modeOf(b->path), mode_t(0600));
}

// SQLite's run log is a file next to the database: a link planted at its name is never followed,
// whether it points at a file (which keeps its bytes) or nowhere (nothing appears there).
void tst_HostileInput::runLogRefusesAPlantedLink()
{
    ScratchDatabase db(Dialect::SQLite);
    QVERIFY(db.isValid());
    fillForBackup(db);
    Result<std::unique_ptr<Connection>> c = Connection::open(db.url());
    QVERIFY(c.ok());
    const QString logFile = runlog::sqliteLogFile(**c);
    QCOMPARE(logFile, QFileInfo(db.url().database()).absoluteFilePath() + QStringLiteral("-retort"));
    QTemporaryDir outside;
    const QString victim = outside.filePath(QStringLiteral("victim.db"));
    QVERIFY(writeFile(victim, "precious\n"));
    for (const QString &target : {victim, outside.filePath(QStringLiteral("nowhere.db"))}) {
        QFile::remove(logFile);
        QVERIFY(QFile::link(target, logFile));
        Result<RunLogPlace> place = runlog::open(**c, {}, true);
        QVERIFY(!place.ok());
        QVERIFY2(place.error().message.contains(QLatin1String("not a plain file")), qPrintable(place.error().toString()));
        QVERIFY(!runlog::readAll(**c).ok());
        QCOMPARE(readFile(victim), QByteArray("precious\n"));
        QVERIFY(!QFile::exists(outside.filePath(QStringLiteral("nowhere.db"))));
    }
    // The same for the database itself: upgrade and stamp create a missing file, never through a link.
    QTemporaryDir project;
    const QString linked = project.filePath(QStringLiteral("app.db"));
    QVERIFY(QFile::link(outside.filePath(QStringLiteral("elsewhere.db")), linked));
    Connection::Options create;
    create.createSqliteFile = true;
    Result<std::unique_ptr<Connection>> opened = Connection::open(*DatabaseUrl::parse(QStringLiteral("sqlite:///") + linked), create);
    QVERIFY(!opened.ok());
    QVERIFY2(opened.error().message.contains(QLatin1String("is a link to a file that does not exist")), qPrintable(opened.error().toString()));
    QVERIFY(!QFile::exists(outside.filePath(QStringLiteral("elsewhere.db"))));
}

void tst_HostileInput::lineBreaksNeverReachOptionFiles_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("part");
    QTest::newRow("mysql password") << "mysql://app:pw%0Aplugin-dir%3D%2Ftmp%2Fevil@db/app" << "password";
    QTest::newRow("mysql ssl_ca") << "mysql://app:pw@db/app?ssl_ca=%2Fca.pem%0Aplugin-dir%3D%2Ftmp" << "option 'ssl_ca'";
    QTest::newRow("mysql user, carriage return") << "mysql://a%0Db:pw@db/app" << "user name";
    QTest::newRow("postgres password") << "postgresql://app:pw%0A*:*:*:*:other@db/app" << "password";
    QTest::newRow("postgres option, NUL") << "postgresql://app:pw@db/app?sslmode=require%00x" << "option 'sslmode'";
}

void tst_HostileInput::lineBreaksNeverReachOptionFiles()
{
    QFETCH(QString, url);
    QFETCH(QString, part);
    const Result<DatabaseUrl> parsed = DatabaseUrl::parse(url);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
    backup::CredentialFiles files;
    Status problem;
    if (parsed->dialect() == Dialect::MySQL) {
        Result<QString> file = files.prepareMysql(*parsed);
        problem = file.ok() ? Status() : Status(file.error());
    } else {
        QProcessEnvironment env;
        problem = files.preparePostgres(*parsed, &env);
    }
    QVERIFY(!problem.ok());
    QVERIFY2(problem.error().message.startsWith(QStringLiteral("The URL's %1 contains a line break or NUL").arg(part)), qPrintable(problem.error().message));
    QVERIFY(!problem.error().toString().contains(QLatin1String("pw")));
    QVERIFY(QDir(files.path(QString())).entryList(QDir::Files).isEmpty());
}

void tst_HostileInput::restoreRunsNoClientCommand()
{
    // Someone who can write the backups folder appends a client command to a dump and fixes the
    // metadata's checksum: the restore runs with --sandbox, so the command is refused, not run.
    RETORT_REQUIRE_SERVER(Dialect::MySQL);
    ScratchDatabase db(Dialect::MySQL);
    QVERIFY2(db.isValid(), qPrintable(db.error()));
    fillForBackup(db);
    Result<std::unique_ptr<Connection>> c = Connection::open(db.url());
    QVERIFY(c.ok());
    QTemporaryDir dir;
    Result<BackupInfo> b = createBackup(**c, {}, dir.filePath(QStringLiteral("crew.sql")));
    QVERIFY2(b.ok(), qPrintable(b.ok() ? QString() : b.error().toString()));
    const QString marker = dir.filePath(QStringLiteral("shell-ran"));
    QFile dump(b->path);
    QVERIFY(dump.open(QIODevice::ReadOnly));
    QByteArray text = dump.readAll();
    dump.close();
    text.replace("-- Dump completed", "\\! touch " + QFile::encodeName(marker) + "\n-- Dump completed");
    QVERIFY(QFile::remove(b->path) && writeFile(b->path, text));
    QFile meta(b->metadataPath());
    QVERIFY(meta.open(QIODevice::ReadOnly));
    QByteArray json = meta.readAll();
    meta.close();
    json.replace(b->sha256.toLatin1(), backup::fileSha256(b->path)->toLatin1());
    QVERIFY(QFile::remove(b->metadataPath()) && writeFile(b->metadataPath(), json));
    Result<BackupInfo> tampered = readBackupInfo(b->path);
    QVERIFY(tampered.ok());
    const Status restored = restoreBackup(**c, *tampered);
    QVERIFY(!restored.ok());
    QVERIFY2(restored.error().toString().contains(QLatin1String("sandbox"), Qt::CaseInsensitive), qPrintable(restored.error().toString()));
    QVERIFY(!QFile::exists(marker));
}

void tst_HostileInput::longChainsAreErrorsNotCrashes()
{
    // x = 1+1+… with 300,000 terms in a revision; env.py with a.b.b… of 300,000 attributes (read by
    // every command, since env.py names the version table).
    QTemporaryDir dir;
    QVERIFY(test::writeProject(dir.path(), {Revision{QStringLiteral("a1"), {}, {}, {}}}));
    QString chain = QStringLiteral("x = 1");
    for (int i = 0; i < 300000; ++i)
        chain += QStringLiteral("+1");
    QVERIFY(writeFile(dir.filePath(QStringLiteral("versions/b2.py")),
                      test::scriptText(Revision{QStringLiteral("b2"), QStringLiteral("a1"), {}, {}}, chain).toUtf8()));
    Run r = runCli({QStringLiteral("--url"), QStringLiteral("sqlite://"), QStringLiteral("validate")}, dir.path());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains(QLatin1String("versions/b2.py:7: error: Retort cannot read this file: an expression nested more "
                                          "than 1000 levels deep")), qPrintable(r.describe().left(2000)));

    QString attributes = QStringLiteral("from alembic import context\nx = a");
    for (int i = 0; i < 300000; ++i)
        attributes += QStringLiteral(".b");
    QVERIFY(writeFile(dir.filePath(QStringLiteral("env.py")), (attributes + QStringLiteral("\n")).toUtf8()));
    for (const QString &command : {QStringLiteral("heads"), QStringLiteral("history"), QStringLiteral("current")}) {
        r = runCli({QStringLiteral("--url"), QStringLiteral("sqlite://"), command}, dir.path());
        QVERIFY2(r.exitCode == 0 || r.exitCode == 1, qPrintable(command + QLatin1Char(' ') + r.describe().left(2000)));
    }
    r = runCli({QStringLiteral("--url"), QStringLiteral("sqlite://"), QStringLiteral("heads")}, dir.path());
    QCOMPARE(r.out, QStringLiteral("b2 (head)\n"));
}

void tst_HostileInput::linkedFoldersAreNotWalked()
{
    // Two links to their own folders and one to "/": Alembic's os.walk does not enter links, nor does Retort.
    QTemporaryDir dir;
    QVERIFY(test::writeProject(dir.path(), {Revision{QStringLiteral("a1"), {}, {}, {}}}));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("alembic.ini")),
                      "[alembic]\nscript_location = %(here)s\nrecursive_version_locations = true\n"));
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("versions/sub"))));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("versions/sub/b2.py")),
                      test::scriptText(Revision{QStringLiteral("b2"), QStringLiteral("a1"), {}, {}}).toUtf8()));
    QVERIFY(QFile::link(QStringLiteral("."), dir.filePath(QStringLiteral("versions/self"))));
    QVERIFY(QFile::link(QStringLiteral(".."), dir.filePath(QStringLiteral("versions/sub/up"))));
    QVERIFY(QFile::link(QStringLiteral("/"), dir.filePath(QStringLiteral("versions/root"))));
    QElapsedTimer timer;
    timer.start();
    Run r = runCli({QStringLiteral("--url"), QStringLiteral("sqlite://"), QStringLiteral("history")}, dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.out, QStringLiteral("a1 -> b2 (head), b2\n<base> -> a1, a1\n"));
    r = runCli({QStringLiteral("--url"), QStringLiteral("sqlite://"), QStringLiteral("validate")}, dir.path());
    QVERIFY2(r.out.contains(QLatin1String("versions/root: warning: This folder is a symbolic link")), qPrintable(r.describe()));
    QVERIFY2(timer.elapsed() < 20000, "the walk ended on its own");
}

void tst_HostileInput::interpolationBombsAreRefused()
{
    // Ten levels, each naming the one below ten times: 10^10 characters if expanded.
    QTemporaryDir dir;
    QVERIFY(test::writeProject(dir.path(), {Revision{QStringLiteral("a1"), {}, {}, {}}}));
    QByteArray ini = "[alembic]\nscript_location = %(here)s\na0 = xxxxxxxxxx\n";
    for (int i = 1; i <= 10; ++i)
        ini += "a" + QByteArray::number(i) + " = " + QByteArray("%(a" + QByteArray::number(i - 1) + ")s").repeated(10) + "\n";
    ini += "sqlalchemy.url = sqlite:///%(a10)s.db\nself = %(self)s\n";
    QVERIFY(writeFile(dir.filePath(QStringLiteral("alembic.ini")), ini));
    QElapsedTimer timer;
    timer.start();
    const Run r = runCli({QStringLiteral("current")}, dir.path());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("alembic.ini:9: The value of 'a6' expands to more than 1 MiB through nested")),
             qPrintable(r.describe()));
    QVERIFY(timer.elapsed() < 10000);
    // Below the limit (and a reference to itself, which configparser refuses only when it is read) all is well.
    ini = "[alembic]\nscript_location = %(here)s\na0 = xxxxxxxxxx\n";
    for (int i = 1; i <= 5; ++i)
        ini += "a" + QByteArray::number(i) + " = " + QByteArray("%(a" + QByteArray::number(i - 1) + ")s").repeated(10) + "\n";
    ini += "sqlalchemy.url = sqlite:///%(here)s/%(a2)s.db\nself = %(self)s\n";
    QVERIFY(writeFile(dir.filePath(QStringLiteral("alembic.ini")), ini));
    const Run fine = runCli({QStringLiteral("heads")}, dir.path());
    QVERIFY2(fine.exitCode == 0, qPrintable(fine.describe()));
}

void tst_HostileInput::passwordsNeverPrinted_data()
{
    QTest::addColumn<QString>("configLine");
    QTest::addColumn<QString>("environmentUrl");
    QTest::addColumn<QString>("expected");
    QTest::newRow("computed, with a default") << "SQLALCHEMY_DATABASE_URI = os.environ.get(\"DATABASE_URL\", \"postgresql://app:Secret@db/app\")"
                                              << "" << "os.environ.get(\"DATABASE_URL\", \"postgresql://app:***@db/app\")";
    QTest::newRow("computed, '@' in the password") << "SQLALCHEMY_DATABASE_URI = getenv('U') or 'mysql://app:Sec@ret@db/app'"
                                                   << "" << "'mysql://app:***@db/app'";
    QTest::newRow("unencoded '@'") << "" << "postgresql://app:Sec@ret@db/app" << "contains an '@' that is not percent-encoded";
    QTest::newRow("no '@' at all") << "" << "postgresql://app:Secret/app" << "a URL with a password needs '@' before the host";
}

void tst_HostileInput::passwordsNeverPrinted()
{
    QFETCH(QString, configLine);
    QFETCH(QString, environmentUrl);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QVERIFY(test::writeProject(dir.path(), {Revision{QStringLiteral("a1"), {}, {}, {}}}));
    if (!configLine.isEmpty())
        QVERIFY(writeFile(dir.filePath(QStringLiteral("instance/config.py")), ("import os\n" + configLine + "\n").toUtf8()));
    QMap<QString, QString> environment;
    if (!environmentUrl.isEmpty())
        environment.insert(QStringLiteral("RETORT_DATABASE_URL"), environmentUrl);
    for (const QString &command : {QStringLiteral("tables"), QStringLiteral("current")}) {
        const Run r = runCli({command}, dir.path(), environment);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(expected), qPrintable(r.describe()));
        QVERIFY2(!(r.out + r.err).contains(QLatin1String("Secret")) && !(r.out + r.err).contains(QLatin1String("Sec@")), qPrintable(r.describe()));
        QVERIFY(!(r.out + r.err).contains(QLatin1String("ret@")));
    }
}

void tst_HostileInput::driverOptionsCannotBeSmuggled()
{
    RETORT_REQUIRE_SERVER(Dialect::PostgreSQL);
    RETORT_REQUIRE_SERVER(Dialect::MySQL);
    const DatabaseUrl pg = *test::serverUrl(Dialect::PostgreSQL);
    const auto withQuery = [](const DatabaseUrl &base, const QString &query) {
        return *DatabaseUrl::parse(base.toString(true).section(QLatin1Char('?'), 0, 0) + QLatin1Char('?') + query);
    };
    // ';' is refused before anything connects.
    for (const QString &query : {QStringLiteral("application_name=x%3Bsslmode%3Ddisable"), QStringLiteral("sslmode=require&options=a%3Bb")}) {
        Result<std::unique_ptr<Connection>> c = Connection::open(withQuery(pg, query));
        QVERIFY(!c.ok());
        QVERIFY2(c.error().message.contains(QLatin1String("contains ';'")), qPrintable(c.error().toString()));
    }
    Result<std::unique_ptr<Connection>> my = Connection::open(withQuery(*test::serverUrl(Dialect::MySQL),
                                                                         QStringLiteral("ssl_cipher=x%3BMYSQL_OPT_LOCAL_INFILE%3D1")));
    QVERIFY(!my.ok());
    QVERIFY2(my.error().message.contains(QLatin1String("contains ';'")), qPrintable(my.error().toString()));

    // A value with spaces and '=' stays one value: the server sees it whole...
    Result<std::unique_ptr<Connection>> c = Connection::open(withQuery(pg, QStringLiteral("application_name=a+b+sslmode%3Ddisable")));
    QVERIFY2(c.ok(), qPrintable(c.ok() ? QString() : c.error().toString()));
    QSqlQuery q((*c)->database());
    QVERIFY(q.exec(QStringLiteral("SHOW application_name")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("a b sslmode=disable"));
    // ...and cannot switch off a visible sslmode=require (this test server has no TLS, so require must fail).
    c = Connection::open(withQuery(pg, QStringLiteral("sslmode=require&application_name=x+sslmode%3Ddisable")));
    QVERIFY(!c.ok());
    QVERIFY2(c.error().toString().contains(QLatin1String("SSL"), Qt::CaseInsensitive), qPrintable(c.error().toString()));
}

void tst_HostileInput::filesPythonRefusesAreErrors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("pythonAccepts");
    const QByteArray head = "from alembic import op\nimport sqlalchemy as sa\nrevision = 'b2'\ndown_revision = 'a1'\n\n";
    const QByteArray body = "def upgrade():\n    op.drop_table('t')\n\ndef downgrade():\n    pass\n";
    QByteArray nul = head + body;
    nul.replace("op.drop_table('t')", QByteArray("op.drop_table('t')#\0", 21));
    QTest::newRow("NUL byte") << nul << "b2.py:7: error: Python syntax error: source code cannot contain null bytes" << false;
    QTest::newRow("invalid UTF-8 in a string") << head + "x = 'caf\xe9'\n" + body
                                               << "b2.py:6: error: Python syntax error: (unicode error) 'utf-8' codec can't decode byte 0xe9" << false;
    QTest::newRow("overlong UTF-8 in a name") << head + "x\xc0\xaf = 1\n" + body
                                              << "b2.py:6: error: Python syntax error: (unicode error) 'utf-8' codec can't decode byte 0xc0" << false;
    QTest::newRow("invalid UTF-8 after a '#' in a string") << head + "x = '#caf\xe9'\n" + body
                                                           << "b2.py:6: error: Python syntax error: (unicode error) 'utf-8' codec" << false;
    // CPython 3.11 does not decode comments.
    QTest::newRow("invalid UTF-8 in a comment") << head + "# caf\xe9 \xc0\xaf\n" + body << "" << true;
    QTest::newRow("invalid UTF-8 in a comment after a '#' in a string") << head + "x = '#'  # caf\xe9\n" + body << "" << true;
    QTest::newRow("tabs and spaces") << head + "def upgrade():\n        op.drop_table('t')\n\top.drop_table('u')\n\ndef downgrade():\n    pass\n"
                                     << "b2.py:8: error: Python syntax error: inconsistent use of tabs and spaces in indentation" << false;
    QTest::newRow("declared latin-1") << "# -*- coding: latin-1 -*-\n" + head + "# caf\xe9\n" + body << "" << true;
}

void tst_HostileInput::filesPythonRefusesAreErrors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    QFETCH(bool, pythonAccepts);
    QTemporaryDir dir;
    QVERIFY(test::writeProject(dir.path(), {Revision{QStringLiteral("a1"), {}, QStringLiteral("op.create_table('t', sa.Column('id', sa.Integer))"), {}}}));
    const QString path = dir.filePath(QStringLiteral("versions/b2.py"));
    QVERIFY(writeFile(path, bytes));
    // Python itself, the reference.
    const Run python = test::runProgram(QStringLiteral("/usr/bin/python3"),
                                        {QStringLiteral("-c"), QStringLiteral("import sys; compile(open(sys.argv[1], 'rb').read(), sys.argv[1], 'exec')"), path});
    QCOMPARE(python.exitCode == 0, pythonAccepts);

    const Run validate = runCli({QStringLiteral("--url"), QStringLiteral("sqlite://"), QStringLiteral("validate")}, dir.path());
    Run sql = runCli({QStringLiteral("--url"), QStringLiteral("sqlite://"), QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--sql")}, dir.path());
    if (pythonAccepts) {
        QVERIFY2(validate.exitCode == 0, qPrintable(validate.describe()));
        QVERIFY2(sql.exitCode == 0 && sql.out.contains(QLatin1String("DROP TABLE t;")), qPrintable(sql.describe()));
        return;
    }
    QCOMPARE(validate.exitCode, 1);
    QVERIFY2(validate.out.contains(expected), qPrintable(validate.describe()));
    // Never run as if it were whatever the bytes decode to: the revision needs Python.
    QCOMPARE(sql.exitCode, 1);
    QVERIFY(!sql.out.contains(QLatin1String("DROP TABLE")));
    QVERIFY2(sql.err.contains(QLatin1String("b2")) && sql.err.contains(QLatin1String("Python")), qPrintable(sql.describe()));
}

void tst_HostileInput::rebindingNeedsPython_data()
{
    QTest::addColumn<QString>("extra");
    QTest::addColumn<QString>("reason");
    QTest::newRow("swapped") << "upgrade, downgrade = downgrade, upgrade" << "binds 'upgrade' to something other than its def";
    QTest::newRow("op replaced") << "op = None" << "binds 'op' to something other than alembic's op";
    QTest::newRow("op from elsewhere") << "from sqlalchemy.sql import operators as op" << "binds 'op' to something other than alembic's op";
    QTest::newRow("inside if") << "if True:\n    upgrade = downgrade" << "binds 'upgrade'";
    QTest::newRow("global") << "def setup():\n    global downgrade\n    downgrade = None" << "declares 'downgrade' global";
}

void tst_HostileInput::rebindingNeedsPython()
{
    QFETCH(QString, extra);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    QVERIFY(test::writeProject(dir.path(), {Revision{QStringLiteral("a1"), {}, QStringLiteral("op.create_table('t', sa.Column('id', sa.Integer))"),
                                                    QStringLiteral("op.drop_table('t')")}}));
    QString text = test::scriptText(Revision{QStringLiteral("b2"), QStringLiteral("a1"), QStringLiteral("op.add_column('t', sa.Column('n', sa.Integer))"),
                                             QStringLiteral("op.drop_table('t')")});
    text += QStringLiteral("\n\n") + extra + QStringLiteral("\n");
    QVERIFY(writeFile(dir.filePath(QStringLiteral("versions/b2.py")), text.toUtf8()));
    const Run validate = runCli({QStringLiteral("--url"), QStringLiteral("sqlite://"), QStringLiteral("validate")}, dir.path());
    QVERIFY2(validate.out.contains(QLatin1String("needs Python: revision b2")) && validate.out.contains(reason), qPrintable(validate.describe()));
    const Run sql = runCli({QStringLiteral("--url"), QStringLiteral("sqlite://"), QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--sql")}, dir.path());
    QCOMPARE(sql.exitCode, 1);
    QVERIFY(!sql.out.contains(QLatin1String("ALTER TABLE")) && !sql.out.contains(QLatin1String("DROP TABLE")));
    // The same file without the extra line runs natively.
    QVERIFY(writeFile(dir.filePath(QStringLiteral("versions/b2.py")), QString(text).remove(extra).toUtf8()));
    const Run plain = runCli({QStringLiteral("--url"), QStringLiteral("sqlite://"), QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--sql")}, dir.path());
    QVERIFY2(plain.exitCode == 0 && plain.out.contains(QLatin1String("ALTER TABLE t ADD COLUMN n INTEGER")), qPrintable(plain.describe()));
}

void tst_HostileInput::messagesAreTextNotCode()
{
    RETORT_REQUIRE_ALEMBIC();
    QTemporaryDir dir;
    const QString project = demoWithConfigure(dir.filePath(QStringLiteral("demo")), QStringLiteral("compare_type=True"));
    QVERIFY(!project.isEmpty());
    const QString marker = dir.filePath(QStringLiteral("code-ran"));
    const QString message = QStringLiteral("costs ${up_revision} and \\n\"\"\"\nimport os; os.system('touch %1')\n\"\"\"").arg(marker);
    Run r = runCli({QStringLiteral("--url"), QStringLiteral("sqlite://"), QStringLiteral("revision"), QStringLiteral("-m"), message}, project);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QStringList written = QDir(project + QStringLiteral("/alembic/versions")).entryList({QStringLiteral("*costs*.py")});
    QCOMPARE(written.size(), 1);
    const QString path = project + QStringLiteral("/alembic/versions/") + written.first();
    // Python reads the docstring back as the message, character for character, and runs nothing.
    const Run python = test::runProgram(QStringLiteral("/usr/bin/python3"),
                                        {QStringLiteral("-c"), QStringLiteral("import ast, sys; print(ast.get_docstring(ast.parse(open(sys.argv[1]).read()), clean=False).split('\\n\\nRevision ID')[0], end='')"), path});
    QVERIFY2(python.exitCode == 0, qPrintable(python.describe()));
    QCOMPARE(python.out, message);
    // Alembic loads the file (importing it runs nothing) and lists it as the head.
    const Run heads = test::runAlembic(project, {QStringLiteral("heads")});
    QVERIFY2(heads.exitCode == 0, qPrintable(heads.describe()));
    QVERIFY(heads.out.contains(written.first().section(QLatin1Char('_'), 0, 0)));
    QVERIFY(!QFile::exists(marker));
}

void tst_HostileInput::unsupportedTemplatesNameTheirLine()
{
    QTemporaryDir dir;
    QVERIFY(test::writeProject(dir.path(), {Revision{QStringLiteral("a1"), {}, {}, {}}}));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("script.py.mako")),
                      "\"\"\"${message}\n\"\"\"\nrevision = ${repr(up_revision)}\ndown_revision = ${repr(down_revision)}\n"
                      "author = ${author_name}\n"));
    Run r = runCli({QStringLiteral("--url"), QStringLiteral("sqlite://"), QStringLiteral("revision"), QStringLiteral("-m"), QStringLiteral("x")},
                   dir.path());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("script.py.mako:5: The project's script.py.mako uses ${author_name}")), qPrintable(r.describe()));
    // A message that looks like Mako is fine with a template Retort renders.
    QVERIFY(writeFile(dir.filePath(QStringLiteral("script.py.mako")),
                      "\"\"\"${message}\n\"\"\"\nrevision = ${repr(up_revision)}\ndown_revision = ${repr(down_revision)}\n"));
    r = runCli({QStringLiteral("--url"), QStringLiteral("sqlite://"), QStringLiteral("revision"), QStringLiteral("-m"), QStringLiteral("use ${x} and <% y %>")},
               dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
}

QTEST_GUILESS_MAIN(tst_HostileInput)
#include "tst_HostileInput.moc"
