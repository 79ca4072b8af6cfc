// retort-cli as a user runs it: the real binary in a child process, its exit codes, its output,
// and its one-line errors (never a password) against real SQLite, PostgreSQL and MariaDB databases.
#include "demo/DemoProject.h"
#include "RevisionFiles.h"
#include "TestProcesses.h"
#include "TestServers.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlDatabase>
#include <QtTest>

using namespace retort;
using test::ScratchDatabase;

Q_DECLARE_METATYPE(retort::Dialect)

namespace {

using Run = test::ProcessRun;

Run runCli(const QStringList &arguments, const QMap<QString, QString> &environment = {}, const QString &workingDir = {},
           const QString &program = QStringLiteral(RETORT_CLI_PATH))
{
    return test::runProgram(program, arguments, workingDir, environment, 60000);
}

QString describe(const Run &r)
{
    return r.describe();
}

// Real alembic, run in a project folder (Debian's /usr/bin/alembic when installed).
Run runAlembic(const QString &projectDir, const QStringList &arguments, const QString &url = {})
{
    return test::runAlembic(projectDir, arguments, url);
}

bool writeFile(const QString &path, const QByteArray &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

bool alembicAvailable()
{
    QProcess p;
    p.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral("import alembic")});
    return p.waitForFinished(30000) && p.exitCode() == 0;
}

#define REQUIRE_ALEMBIC()                                                                   \
    do {                                                                                    \
        if (!alembicAvailable()) {                                                          \
            if (test::inCi()) QFAIL("Alembic is not installed (python3-alembic)");          \
            QSKIP("Alembic is not installed (python3-alembic)");                            \
        }                                                                                   \
    } while (false)

// Alembic prints "Branches into:" and "Branch names:" from Python sets, in a different order per process.
QString normalizeSetLines(const QString &text)
{
    QStringList out;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        QString l = line;
        for (const QString &prefix : {QStringLiteral("Branches into: "), QStringLiteral("Branch names: ")}) {
            if (l.startsWith(prefix)) {
                QStringList items = l.mid(prefix.size()).split(QStringLiteral(", "));
                items.sort();
                l = prefix + items.join(QStringLiteral(", "));
            }
        }
        out << l;
    }
    return out.join(QLatin1Char('\n'));
}

QStringList lines(const QString &text)
{
    QStringList l = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    l.sort();
    return l;
}

QStringList tableNames(const QJsonObject &root)
{
    QStringList names;
    for (const QJsonValue &t : root.value(QLatin1String("tables")).toArray())
        names << t.toObject().value(QLatin1String("name")).toString();
    return names;
}

} // namespace

class tst_Cli : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void versionAndHelp();
    void bashCompletion_data();
    void bashCompletion();
    void usageErrorsExitTwo_data();
    void usageErrorsExitTwo();
    void tablesOnTheDemo();
    void modelsOnTheDemo();
    void modelsWithoutAProject();
    void newSqliteDatabaseOnUpgradeAndStamp();
    void schemaAtAsAlembic_data();
    void schemaAtAsAlembic();
    void schemaDiffNamesItsCauses();
    void schemaAtOnEachEngine();
    void identifyNamesTheRevision_data();
    void identifyNamesTheRevision();
    void inspectOnTheDemo();
    void tablesOnServers_data();
    void tablesOnServers();
    void urlPrecedence();
    void saysWhichSourcesItPassedOver();
    void failuresAreOneClearLine_data();
    void failuresAreOneClearLine();
    void wrongPasswordOnServers_data();
    void wrongPasswordOnServers();
    void missingDriverPlugin();
    void historyCommandsMatchAlembic();
    void validateAndGraph();
    void upgradeAndDowngrade();
    void revisionsThatNeedPython();
    void validateVerboseNamesInertImports();
    void planWithRelativeTargets();
    void stampAndCurrentOnEveryEngine_data();
    void stampAndCurrentOnEveryEngine();

private:
    QTemporaryDir m_demoParent;
    QString m_demo;
};

void tst_Cli::initTestCase()
{
    QVERIFY(QFile::exists(QStringLiteral(RETORT_CLI_PATH)));
    const Result<QString> demo = demo::prepareUserDemo(m_demoParent.filePath(QStringLiteral("demo")));
    QVERIFY2(demo.ok(), qPrintable(demo.ok() ? QString() : demo.error().toString()));
    m_demo = demo.value();
}

void tst_Cli::versionAndHelp()
{
    Run r = runCli({QStringLiteral("--version")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("retort-cli %1\n").arg(QStringLiteral(RETORT_VERSION)));
    r = runCli({QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(QLatin1String("Usage: retort-cli")));
    QVERIFY(r.out.contains(QLatin1String("tables")));
    QVERIFY(r.out.contains(QLatin1String("RETORT_DATABASE_URL")));
    // Every command name stands apart from its summary, the longest ones too.
    static const QRegularExpression commandLine(QStringLiteral("^  ([a-z_]+)( +)\\S"), QRegularExpression::MultilineOption);
    int commands = 0;
    for (QRegularExpressionMatchIterator it = commandLine.globalMatch(r.out.section(QStringLiteral("Commands:"), 1)); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        QVERIFY2(m.captured(2).size() >= 2, qPrintable(m.captured(0)));
        ++commands;
    }
    QVERIFY(commands > 20);
    QVERIFY(r.out.contains(QLatin1String("  list_templates  List")));
    r = runCli({QStringLiteral("tables"), QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(QLatin1String("--json")));
}

void tst_Cli::usageErrorsExitTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no command") << QStringList{} << "Usage: retort-cli";
    QTest::newRow("unknown command") << QStringList{"frobnicate"} << "unknown command 'frobnicate'";
    QTest::newRow("unknown option") << QStringList{"--frobnicate", "tables"} << "Unknown option 'frobnicate'";
    QTest::newRow("unknown command option") << QStringList{"tables", "--yaml"} << "Unknown option 'yaml'";
    QTest::newRow("missing value") << QStringList{"tables", "--url"} << "Missing value after '--url'";
    QTest::newRow("stray argument") << QStringList{"tables", "extra"} << "tables takes no arguments";
}

void tst_Cli::usageErrorsExitTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    const Run r = runCli(arguments);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2((r.err + r.out).contains(expected), qPrintable(describe(r)));
}

// The bash completion the package installs: commands, a command's options, and the revision ids and
// branch labels of the project in the current folder (or the one --project names), from retort-cli.
void tst_Cli::bashCompletion_data()
{
    QTest::addColumn<QString>("line");       // what is typed, the cursor at its end
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("commands") << "retort-cli up" << QStringList{QStringLiteral("upgrade")};
    QTest::newRow("global options") << "retort-cli --pro" << QStringList{QStringLiteral("--project")};
    QTest::newRow("a command's options") << "retort-cli upgrade --sq" << QStringList{QStringLiteral("--sql")};
    QTest::newRow("revision ids") << "retort-cli upgrade 7a4" << QStringList{QStringLiteral("7a4e2b9c1d05")};
    QTest::newRow("branch labels") << "retort-cli downgrade laun" << QStringList{QStringLiteral("launches")};
    QTest::newRow("symbolic targets") << "retort-cli stamp hea" << QStringList{QStringLiteral("head"), QStringLiteral("heads")};
    QTest::newRow("another project") << "retort-cli --project " RETORT_SOURCE_DIR "/migrations show 3d1" << QStringList{QStringLiteral("3d1f0c6a9b21")};
    QTest::newRow("dialects") << "retort-cli upgrade --sql --dialect po" << QStringList{QStringLiteral("postgresql")};
    QTest::newRow("lint ranges") << "retort-cli lint 3d1f0c6a9b21:7a4" << QStringList{QStringLiteral("3d1f0c6a9b21:7a4e2b9c1d05")};
    QTest::newRow("lint formats") << "retort-cli lint --format s" << QStringList{QStringLiteral("sarif")};
    QTest::newRow("diagram formats") << "retort-cli diagram --format " << QStringList{QStringLiteral("dot"), QStringLiteral("svg")};
    QTest::newRow("diagram sources") << "retort-cli diagram --source b" << QStringList{QStringLiteral("both")};
}

void tst_Cli::bashCompletion()
{
    QFETCH(QString, line);
    QFETCH(QStringList, expected);
    QTemporaryDir elsewhere;
    // "another project" runs in an empty folder: its revisions come from --project.
    const QString dir = line.contains(QLatin1String("--project")) ? elsewhere.path() : QStringLiteral(RETORT_SOURCE_DIR "/migrations");
    const QString script = QStringLiteral(
        "source '" RETORT_SOURCE_DIR "/packaging/retort-cli.bash-completion'\n"
        "read -r -a COMP_WORDS <<< \"$LINE\"\n"
        "[[ \"$LINE\" == *' ' ]] && COMP_WORDS+=('')\n"
        "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
        "_retort_cli\n"
        "printf '%s\\n' \"${COMPREPLY[@]}\" | sort\n");
    const QString cliDir = QFileInfo(QStringLiteral(RETORT_CLI_PATH)).absolutePath();
    const test::ProcessRun r = test::runProgram(QStringLiteral("/bin/bash"), {QStringLiteral("-c"), script}, dir,
                                                {{QStringLiteral("LINE"), line},
                                                 {QStringLiteral("PATH"), cliDir + QLatin1Char(':') + qEnvironmentVariable("PATH")}});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts), expected);
}

void tst_Cli::tablesOnTheDemo()
{
    // Text output, with the URL taken from the demo's instance/config.py.
    Run r = runCli({QStringLiteral("--project"), m_demo, QStringLiteral("tables")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY(r.out.contains(QLatin1String("URL from instance/config.py:3")));
    QVERIFY(r.out.contains(QLatin1String("\nengine\n")));
    QVERIFY(r.out.contains(QLatin1String("  last_fired  DATETIME")));
    QVERIFY(r.err.isEmpty());

    // The current folder is the project when --project is not given, as with alembic.
    r = runCli({QStringLiteral("tables"), QStringLiteral("--json")}, {}, m_demo);
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(tableNames(root), (QStringList{QStringLiteral("alembic_version"), QStringLiteral("engine")}));
    QVERIFY(root.value(QLatin1String("server_version")).toString().startsWith(QLatin1String("SQLite 3.")));
    QCOMPARE(root.value(QLatin1String("url_source")).toString(), QStringLiteral("instance/config.py:3"));
    const QJsonArray columns = root.value(QLatin1String("tables")).toArray().at(1).toObject().value(QLatin1String("columns")).toArray();
    QStringList columnNames;
    for (const QJsonValue &c : columns)
        columnNames << c.toObject().value(QLatin1String("name")).toString();
    QCOMPARE(columnNames, (QStringList{"id", "title", "thrust", "last_fired"}));
    QCOMPARE(columns.at(0).toObject().value(QLatin1String("primary_key")).toBool(), true);
    QCOMPARE(columns.at(0).toObject().value(QLatin1String("nullable")).toBool(), false);
    QCOMPARE(columns.at(1).toObject().value(QLatin1String("type")).toString(), QStringLiteral("VARCHAR(128)"));
}

// `models --models PATH` needs no Alembic project; without --models the missing project is the error.
void tst_Cli::modelsWithoutAProject()
{
    QTemporaryDir dir;
    QVERIFY(QFile::copy(m_demo + QStringLiteral("/ourapp/models.py"), dir.filePath(QStringLiteral("models.py"))));
    Run r = runCli({QStringLiteral("models"), QStringLiteral("--models"), QStringLiteral("models.py")}, {}, dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY2(r.out.startsWith(QLatin1String("# models.py; Flask-SQLAlchemy 3.x naming")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("engine  (Engine, models.py:7)")), qPrintable(r.out));
    r = runCli({QStringLiteral("models")}, {}, dir.path());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(!r.err.isEmpty() && r.out.isEmpty(), qPrintable(describe(r)));
    r = runCli({QStringLiteral("models"), QStringLiteral("--models"), QStringLiteral("missing.py")}, {}, dir.path());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("the models path 'missing.py' does not exist")), qPrintable(describe(r)));
}

// As `alembic upgrade head` does, upgrade and stamp create a SQLite file that does not exist yet (and
// say so); commands that only read refuse a missing file, so a typo never creates a database.
void tst_Cli::newSqliteDatabaseOnUpgradeAndStamp()
{
    QTemporaryDir dir;
    const QString ours = dir.filePath(QStringLiteral("ours.db"));
    const QString theirs = dir.filePath(QStringLiteral("theirs.db"));
    const QString stamped = dir.filePath(QStringLiteral("stamped.db"));
    const auto url = [](const QString &path) { return QStringLiteral("sqlite:///") + path; };

    Run r = runCli({QStringLiteral("current"), QStringLiteral("--url"), url(ours)}, {}, m_demo);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("does not exist")), qPrintable(describe(r)));
    QVERIFY(!QFile::exists(ours));

    r = runCli({QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--no-backup"), QStringLiteral("--url"), url(ours)},
               {}, m_demo);
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY2(r.err.contains(QStringLiteral("note: created the SQLite database %1 (it did not exist)").arg(ours)), qPrintable(r.err));
    const Run reference = runAlembic(m_demo, {QStringLiteral("upgrade"), QStringLiteral("head")}, url(theirs));
    QVERIFY2(reference.exitCode == 0, qPrintable(describe(reference)));
    const Run oursNow = runCli({QStringLiteral("current"), QStringLiteral("--url"), url(ours)}, {}, m_demo);
    const Run theirsNow = runCli({QStringLiteral("current"), QStringLiteral("--url"), url(theirs)}, {}, m_demo);
    QVERIFY2(oursNow.exitCode == 0 && !oursNow.out.isEmpty(), qPrintable(describe(oursNow)));
    QCOMPARE(oursNow.out, theirsNow.out);

    r = runCli({QStringLiteral("stamp"), QStringLiteral("heads"), QStringLiteral("--url"), url(stamped)}, {}, m_demo);
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    // An empty database stamped at the head: stamped, as alembic does, with a warning per missing table.
    QVERIFY2(r.err.contains(QLatin1String("retort-cli: warning: the database does not match f4d3c2b1a098: table engine: "
                                          "f4d3c2b1a098 has it, the database does not")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QLatin1String("note: created the SQLite database")), qPrintable(r.err));
    QCOMPARE(runCli({QStringLiteral("current"), QStringLiteral("--url"), url(stamped)}, {}, m_demo).out, oursNow.out);

    // The folder must exist: nothing is created along a mistyped path.
    const QString nowhere = dir.filePath(QStringLiteral("no-such-folder/new.db"));
    r = runCli({QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--no-backup"), QStringLiteral("--url"), url(nowhere)},
               {}, m_demo);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("does not exist")), qPrintable(describe(r)));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("no-such-folder"))));
}

void tst_Cli::modelsOnTheDemo()
{
    Run r = runCli({QStringLiteral("--project"), m_demo, QStringLiteral("models")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY2(r.out.startsWith(QLatin1String("# ourapp/models.py; Flask-SQLAlchemy 3.x naming")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("engine  (Engine, ourapp/models.py:7)")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("  launched_at  DateTime    NOT NULL DEFAULT func.now()  ourapp/models.py:20")),
             qPrintable(r.out));
    QVERIFY(r.err.isEmpty());

    r = runCli({QStringLiteral("models"), QStringLiteral("--json")}, {}, m_demo);
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(tableNames(root), (QStringList{QStringLiteral("engine"), QStringLiteral("launch")}));
    const QJsonObject launch = root.value(QLatin1String("tables")).toArray().at(1).toObject();
    const QJsonObject fk = launch.value(QLatin1String("foreign_keys")).toArray().at(0).toObject();
    QCOMPARE(fk.value(QLatin1String("referred_table")).toString(), QStringLiteral("engine"));
    QCOMPARE(fk.value(QLatin1String("ondelete")).toString(), QStringLiteral("CASCADE"));
    QCOMPARE(fk.value(QLatin1String("source")).toObject().value(QLatin1String("line")).toInt(), 19);
    const QJsonObject engineId = launch.value(QLatin1String("columns")).toArray().at(1).toObject();
    QCOMPARE(engineId.value(QLatin1String("name")).toString(), QStringLiteral("engine_id"));
    QCOMPARE(engineId.value(QLatin1String("nullable")).toBool(true), false);
    QCOMPARE(engineId.value(QLatin1String("type")).toString(), QStringLiteral("Integer"));

    // A model file with a problem: the diagnostic names file and line on stderr, the rest is still listed.
    QFile models(m_demo + QStringLiteral("/ourapp/broken.py"));
    QVERIFY(models.open(QIODevice::WriteOnly));
    models.write("from ourapp.models import db\nclass Odd(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n"
                 "    made = make_column()\n");
    models.close();
    r = runCli({QStringLiteral("--project"), m_demo, QStringLiteral("models"), QStringLiteral("--models"),
                QStringLiteral("ourapp/broken.py"), QStringLiteral("--flask-naming"), QStringLiteral("2")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY2(r.out.contains(QLatin1String("\nodd  (Odd, ourapp/broken.py:2)")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("\nengine  (Engine, ourapp/models.py:7)")), qPrintable(r.out));   // followed the import
    QVERIFY2(r.err.contains(QLatin1String("ourapp/broken.py:4: warning: 'made = make_column(...)' in Odd is computed")),
             qPrintable(r.err));
    r = runCli({QStringLiteral("--project"), m_demo, QStringLiteral("models"), QStringLiteral("--flask-naming"), QStringLiteral("4")});
    QCOMPARE(r.exitCode, 2);
    QFile::remove(m_demo + QStringLiteral("/ourapp/broken.py"));
}

// schema-at: the schema at each revision, computed without a database, is what retort-cli inspect
// reads after real Alembic upgraded an empty SQLite database to that revision: every table, column,
// type, default, key, index and constraint (the demo's branches, batch rebuilds and a rename in the
// portable project included).
void tst_Cli::schemaAtAsAlembic_data()
{
    QTest::addColumn<QString>("project");
    QTest::addColumn<QString>("revision");
    for (const char *r : {"3d1f0c6a9b21", "7a4e2b9c1d05", "c91a4f6e2d87", "b5c8d2e7f310", "e2f7a1c4b9d6", "f4d3c2b1a098"})
        QTest::addRow("demo %s", r) << QStringLiteral("demo") << QString::fromLatin1(r);
    for (int i = 1; i <= 9; ++i)
        QTest::addRow("portable a0%d", i) << QStringLiteral(RETORT_SOURCE_DIR "/tests/data/ops/portable") << QStringLiteral("a0%1").arg(i);
}

void tst_Cli::schemaAtAsAlembic()
{
    QFETCH(QString, project);
    QFETCH(QString, revision);
    REQUIRE_ALEMBIC();
    if (project == QLatin1String("demo"))
        project = m_demo;
    QTemporaryDir dir;
    const QString url = QStringLiteral("sqlite:///") + dir.filePath(QStringLiteral("at.db"));
    const Run up = runAlembic(project, {QStringLiteral("upgrade"), revision}, url);
    QVERIFY2(up.exitCode == 0, qPrintable(describe(up)));
    const Run live = runCli({QStringLiteral("--url"), url, QStringLiteral("inspect"), QStringLiteral("--json")}, {}, QDir::tempPath());
    QVERIFY2(live.exitCode == 0, qPrintable(describe(live)));
    const Run computed = runCli({QStringLiteral("--project"), project, QStringLiteral("schema-at"), revision, QStringLiteral("--json")});
    QVERIFY2(computed.exitCode == 0, qPrintable(describe(computed)));
    QJsonArray expected;
    for (const QJsonValue &t : QJsonDocument::fromJson(live.out.toUtf8()).object().value(QLatin1String("tables")).toArray()) {
        if (t.toObject().value(QLatin1String("name")).toString() != QLatin1String("alembic_version"))
            expected.append(t);
    }
    const QJsonArray actual = QJsonDocument::fromJson(computed.out.toUtf8()).object().value(QLatin1String("tables")).toArray();
    QVERIFY(!actual.isEmpty());
    // The order of a table's constraints (and so the names SQLite gives the indexes behind its unique
    // ones, sqlite_autoindex_<table>_N) follows the order of the CREATE TABLE, which a batch rebuild
    // writes in another order than Alembic's, with the same schema. Constraints compare as sets.
    const auto normalized = [](QJsonObject table) {
        const auto sortedBy = [](QJsonArray list, const std::function<QString(const QJsonObject &)> &key) {
            QList<QJsonObject> items;
            for (const QJsonValue &v : list)
                items << v.toObject();
            std::sort(items.begin(), items.end(), [&](const QJsonObject &a, const QJsonObject &b) { return key(a) < key(b); });
            QJsonArray out;
            for (const QJsonObject &o : items)
                out.append(o);
            return out;
        };
        const auto columnsOf = [](const QJsonObject &o) { return o.value(QLatin1String("columns")).toVariant().toStringList().join(QLatin1Char(',')); };
        table.insert(QStringLiteral("unique_constraints"), sortedBy(table.value(QLatin1String("unique_constraints")).toArray(), columnsOf));
        table.insert(QStringLiteral("foreign_keys"), sortedBy(table.value(QLatin1String("foreign_keys")).toArray(), columnsOf));
        table.insert(QStringLiteral("check_constraints"), sortedBy(table.value(QLatin1String("check_constraints")).toArray(), [](const QJsonObject &o) {
                         return o.value(QLatin1String("sqltext")).toString();
                     }));
        QJsonArray indexes;
        for (const QJsonValue &v : table.value(QLatin1String("indexes")).toArray()) {
            QJsonObject index = v.toObject();
            if (index.value(QLatin1String("name")).toString().startsWith(QLatin1String("sqlite_autoindex_")))
                index.insert(QStringLiteral("name"), QStringLiteral("sqlite_autoindex"));
            indexes.append(index);
        }
        table.insert(QStringLiteral("indexes"), sortedBy(indexes, [&](const QJsonObject &o) {
                         return o.value(QLatin1String("name")).toString() + QLatin1Char(':') + columnsOf(o);
                     }));
        return table;
    };
    for (qsizetype i = 0; i < std::max(expected.size(), actual.size()); ++i) {
        const QByteArray a = QJsonDocument(normalized(actual.at(i).toObject())).toJson(QJsonDocument::Compact);
        const QByteArray e = QJsonDocument(normalized(expected.at(i).toObject())).toJson(QJsonDocument::Compact);
        QVERIFY2(a == e, qPrintable(QStringLiteral("table %1:\n  computed %2\n  Alembic  %3").arg(i).arg(QString::fromUtf8(a), QString::fromUtf8(e))));
    }
}

// schema-diff: what changes between two revisions, each change with the revision file and line that
// makes it; upgrades forward, downgrades backward. (The schemas themselves are schema-at's, checked
// against Alembic above.)
// schema-at and schema-diff on an engine the machine need not have: PostgreSQL's and MariaDB's types
// and names, computed in memory; what cannot be computed so is named with its file and line.
void tst_Cli::schemaAtOnEachEngine()
{
    Run r = runCli({QStringLiteral("--project"), m_demo, QStringLiteral("schema-at"), QStringLiteral("heads"), QStringLiteral("--dialect"),
                    QStringLiteral("postgresql")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY2(r.out.startsWith(QLatin1String("# at heads: 3 tables, computed in ")) && r.out.contains(QLatin1String("with PostgreSQL's types and names")),
             qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("integer  PK NOT NULL DEFAULT nextval('engine_id_seq'::regclass) AUTOINCREMENT\n")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("  title       character varying(128)  NULL\n"))
                 && r.out.contains(QLatin1String("timestamp without time zone  NOT NULL DEFAULT now()")), qPrintable(r.out));
    r = runCli({QStringLiteral("--project"), m_demo, QStringLiteral("schema-at"), QStringLiteral("heads"), QStringLiteral("--dialect"),
                QStringLiteral("mariadb"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    // InnoDB's own index for the foreign key, named after it.
    QVERIFY2(r.out.contains(QLatin1String("\"int(11)\"")) && r.out.contains(QLatin1String("\"datetime\""))
                 && r.out.count(QLatin1String("\"fk_launch_engine_id_engine\"")) == 2, qPrintable(r.out));
    r = runCli({QStringLiteral("--project"), m_demo, QStringLiteral("schema-at"), QStringLiteral("heads"), QStringLiteral("--dialect"),
                QStringLiteral("oracle")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("--dialect must be sqlite, postgresql, mysql or mariadb, not 'oracle'")), qPrintable(r.err));
    r = runCli({QStringLiteral("--project"), m_demo, QStringLiteral("schema-diff"), QStringLiteral("7a4e2b9c1d05"), QStringLiteral("heads"),
                QStringLiteral("--dialect"), QStringLiteral("postgresql")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY2(r.out.contains(QLatin1String("in memory from the native revisions, with PostgreSQL's types and names"))
                 && r.out.contains(QLatin1String("  + table launch (id, engine_id, launched_at, outcome)")), qPrintable(r.out));

    // SQL text that changes the schema: named, with where it is; SQLite's replay runs it.
    QTemporaryDir dir;
    QVERIFY(test::writeProject(dir.path(), {
        test::Revision{QStringLiteral("x1"), {}, QStringLiteral("op.create_table('t', sa.Column('id', sa.Integer, primary_key=True))"),
                       QStringLiteral("op.drop_table('t')")},
        test::Revision{QStringLiteral("x2"), QStringLiteral("x1"), QStringLiteral("op.execute('ALTER TABLE t ADD COLUMN extra INTEGER')"),
                       QStringLiteral("pass")},
    }));
    r = runCli({QStringLiteral("--project"), dir.path(), QStringLiteral("schema-at"), QStringLiteral("x2"), QStringLiteral("--dialect"),
                QStringLiteral("postgresql")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("x2.py:")) && r.err.contains(QLatin1String("revision x2: op.execute() runs SQL whose effect on the schema "
                                                                                     "is not computed without a database: ALTER TABLE t ADD COLUMN extra")),
             qPrintable(r.err));
    r = runCli({QStringLiteral("--project"), dir.path(), QStringLiteral("schema-at"), QStringLiteral("x2"), QStringLiteral("--dialect"),
                QStringLiteral("sqlite")});
    QVERIFY2(r.exitCode == 0 && r.out.contains(QLatin1String("  extra  INTEGER  NULL")), qPrintable(describe(r)));

    // A revision that needs Python: named with file:line; run only when asked, through the project's Python.
    QFile python(dir.filePath(QStringLiteral("versions/x3.py")));
    QVERIFY(python.open(QIODevice::WriteOnly));
    python.write(test::scriptText(test::Revision{QStringLiteral("x3"), QStringLiteral("x2"), QStringLiteral("op.add_column('t', _column('dyn'))"),
                                                 QStringLiteral("op.drop_column('t', 'dyn')")},
                                  QStringLiteral("\n\ndef _column(name):\n    return sa.Column(name, sa.Integer, nullable=True)\n"))
                     .toUtf8());
    python.close();
    r = runCli({QStringLiteral("--project"), dir.path(), QStringLiteral("schema-at"), QStringLiteral("x3"), QStringLiteral("--dialect"),
                QStringLiteral("sqlite")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("x3.py:")) && r.err.contains(QLatin1String("revision x3 needs Python (a call to _column"))
                 && r.err.contains(QLatin1String("--run-python runs the 1 revision(s)")), qPrintable(r.err));
    REQUIRE_ALEMBIC();
    r = runCli({QStringLiteral("--project"), dir.path(), QStringLiteral("schema-at"), QStringLiteral("x3"), QStringLiteral("--dialect"),
                QStringLiteral("sqlite"), QStringLiteral("--run-python"), QStringLiteral("--python"), QStringLiteral("/usr/bin/python3")});
    QVERIFY2(r.exitCode == 0 && r.out.contains(QLatin1String("  dyn    INTEGER  NULL")), qPrintable(describe(r)));
    QVERIFY2(r.err.contains(QLatin1String("x3 run through the project's Python (/usr/bin/python3")), qPrintable(r.err));
}

void tst_Cli::schemaDiffNamesItsCauses()
{
    // The line of the first call in a revision file of the demo.
    const auto lineOf = [this](const QString &file, const QString &call) {
        QFile f(m_demo + QStringLiteral("/alembic/versions/") + file);
        if (!f.open(QIODevice::ReadOnly))
            return -1;
        const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'));
        for (int i = 0; i < lines.size(); ++i) {
            if (lines.at(i).contains(call))
                return i + 1;
        }
        return -1;
    };
    Run r = runCli({QStringLiteral("--project"), m_demo, QStringLiteral("schema-diff"), QStringLiteral("7a4e2b9c1d05"), QStringLiteral("heads")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QCOMPARE(r.out.section(QLatin1Char('\n'), 1),
             QStringLiteral("engine\n"
                            "  + index ix_engine_title (title)\n"
                            "      by b5c8d2e7f310 (alembic/versions/b5c8d2e7f310_index_engine_titles.py:%1)\n"
                            "launch\n"
                            "  + table launch (id, engine_id, launched_at, outcome)\n"
                            "      by c91a4f6e2d87 (alembic/versions/c91a4f6e2d87_create_launch_table.py:%2)\n")
                 .arg(lineOf(QStringLiteral("b5c8d2e7f310_index_engine_titles.py"), QStringLiteral("op.create_index")))
                 .arg(lineOf(QStringLiteral("c91a4f6e2d87_create_launch_table.py"), QStringLiteral("op.create_table"))));
    r = runCli({QStringLiteral("--project"), m_demo, QStringLiteral("schema-diff"), QStringLiteral("heads"), QStringLiteral("base")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY2(r.out.contains(QLatin1String("  - table engine\n      by downgrade of 3d1f0c6a9b21 (alembic/versions/3d1f0c6a9b21_create_engine_table.py:")),
             qPrintable(r.out));

    const QString portable = QStringLiteral(RETORT_SOURCE_DIR "/tests/data/ops/portable");
    r = runCli({QStringLiteral("--project"), portable, QStringLiteral("schema-diff"), QStringLiteral("a03"), QStringLiteral("a09"),
                QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    const QJsonArray changes = QJsonDocument::fromJson(r.out.toUtf8()).array();
    QVERIFY(changes.size() >= 8);
    QMap<QString, QStringList> causes;
    for (const QJsonValue &v : changes) {
        const QJsonObject c = v.toObject();
        const QStringList by = c.value(QLatin1String("causes")).toVariant().toStringList();
        QVERIFY2(!by.isEmpty(), qPrintable(c.value(QLatin1String("change")).toString()));   // every change has its revision
        causes.insert(c.value(QLatin1String("change")).toString(), by);
    }
    QCOMPARE(causes.value(QStringLiteral("- column bio TEXT NULL")), QStringList{QStringLiteral("a04 (versions/a04_alter_account.py:19)")});
    QCOMPARE(causes.value(QStringLiteral("+ column about TEXT NULL")), QStringList{QStringLiteral("a04 (versions/a04_alter_account.py:19)")});
    QCOMPARE(causes.value(QStringLiteral("+ index ix_account_name (name)")), QStringList{QStringLiteral("a04 (versions/a04_alter_account.py:23)")});
    QCOMPARE(causes.value(QStringLiteral("+ check ck_account_big big > 0")), QStringList{QStringLiteral("a04 (versions/a04_alter_account.py:22)")});
    // The same two revisions the other way round: the same changes, undone by the downgrades.
    r = runCli({QStringLiteral("--project"), portable, QStringLiteral("schema-diff"), QStringLiteral("a09"), QStringLiteral("a03"),
                QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).array().size(), changes.size());
    QVERIFY2(r.out.contains(QLatin1String("downgrade of a04 (versions/a04_alter_account.py:")), qPrintable(r.out));
}

// identify: a database real Alembic built to each revision of the demo, its version table removed
// and one difference planted (an index, or a column), is named as that revision (or one with the same
// schema) with exactly the planted difference; untouched, it matches exactly.
void tst_Cli::identifyNamesTheRevision_data()
{
    QTest::addColumn<QString>("revision");
    QTest::addColumn<QString>("plant");
    QTest::addColumn<QString>("difference");
    for (const char *r : {"3d1f0c6a9b21", "7a4e2b9c1d05", "c91a4f6e2d87", "b5c8d2e7f310", "e2f7a1c4b9d6", "f4d3c2b1a098"}) {
        const QString revision = QString::fromLatin1(r);
        QTest::addRow("%s as it is", r) << revision << QString() << QString();
        QTest::addRow("%s with an index", r) << revision << QStringLiteral("CREATE INDEX ix_planted ON engine (thrust)")
                                             << QStringLiteral("table engine: the database has index(es) ix_planted, %1 does not");
        QTest::addRow("%s with a column", r) << revision << QStringLiteral("ALTER TABLE engine ADD COLUMN planted INTEGER")
                                             << QStringLiteral("table engine: the database has column(s) planted, %1 does not");
    }
}

void tst_Cli::identifyNamesTheRevision()
{
    QFETCH(QString, revision);
    QFETCH(QString, plant);
    QFETCH(QString, difference);
    REQUIRE_ALEMBIC();
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("which.db"));
    const QString url = QStringLiteral("sqlite:///") + file;
    const Run up = runAlembic(m_demo, {QStringLiteral("upgrade"), revision}, url);
    QVERIFY2(up.exitCode == 0, qPrintable(describe(up)));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("plant"));
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("DROP TABLE alembic_version")));
        if (!plant.isEmpty())
            QVERIFY2(q.exec(plant), qPrintable(q.lastError().text()));
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("plant"));
    const Run r = runCli({QStringLiteral("--url"), url, QStringLiteral("identify"), QStringLiteral("--json")}, {}, m_demo);
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QVERIFY(root.value(QLatin1String("version_table")).isNull());
    const QJsonArray matches = root.value(QLatin1String("matches")).toArray();
    QVERIFY(!matches.isEmpty() && matches.size() <= 6);   // the closest revisions, compared in full
    const int best = matches.first().toObject().value(QLatin1String("differences")).toArray().size();
    QCOMPARE(best, plant.isEmpty() ? 0 : 1);
    // The revision is among the closest (a data-only revision shares its parent's schema).
    bool named = false;
    for (const QJsonValue &v : matches) {
        const QJsonObject m = v.toObject();
        const QStringList differences = m.value(QLatin1String("differences")).toVariant().toStringList();
        if (differences.size() != best)
            break;
        if (m.value(QLatin1String("revision")).toString() == revision) {
            named = true;
            if (!difference.isEmpty())
                QCOMPARE(differences, QStringList{difference.arg(revision)});
        }
    }
    QVERIFY2(named, qPrintable(r.out));
    // In words: an exact match, or the closest with its difference.
    const Run words = runCli({QStringLiteral("--url"), url, QStringLiteral("identify")}, {}, m_demo);
    QVERIFY2(words.out.contains(QLatin1String("Its version table does not exist.")), qPrintable(words.out));
    QVERIFY2(plant.isEmpty() ? words.out.contains(QStringLiteral("Matches ")) && words.out.contains(revision)
                             : words.out.contains(QStringLiteral("Closest: ")),
             qPrintable(words.out));
}

void tst_Cli::inspectOnTheDemo()
{
    Run r = runCli({QStringLiteral("--project"), m_demo, QStringLiteral("inspect")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY2(r.out.startsWith(QLatin1String("# main: 2 tables, 0 views, read in ")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("\nengine\n  id          INTEGER  PK NOT NULL AUTOINCREMENT\n")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("alembic_version\n  version_num  VARCHAR(32)  PK NOT NULL\n")), qPrintable(r.out));

    // Without a project, the URL alone is enough; JSON carries the reflected types.
    const QString db = m_demo + QStringLiteral("/instance/spaceship.db");
    QVERIFY(QFile::exists(db));
    r = runCli({QStringLiteral("--url"), QStringLiteral("sqlite:///") + db, QStringLiteral("inspect"), QStringLiteral("--json")}, {},
               QDir::tempPath());
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(tableNames(root), (QStringList{QStringLiteral("alembic_version"), QStringLiteral("engine")}));
    const QJsonObject title = root.value(QLatin1String("tables")).toArray().at(1).toObject().value(QLatin1String("columns"))
                                  .toArray().at(1).toObject();
    QCOMPARE(title.value(QLatin1String("reflected_type")).toString(), QStringLiteral("VARCHAR(128)"));

    r = runCli({QStringLiteral("--url"), QStringLiteral("sqlite:////nonexistent/x.db"), QStringLiteral("inspect")}, {}, QDir::tempPath());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("does not exist")), qPrintable(describe(r)));
}

void tst_Cli::tablesOnServers_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::newRow("postgresql") << Dialect::PostgreSQL;
    QTest::newRow("mariadb") << Dialect::MySQL;
}

void tst_Cli::tablesOnServers()
{
    QFETCH(Dialect, dialect);
    RETORT_REQUIRE_SERVER(dialect);
    ScratchDatabase scratch(dialect);
    QVERIFY2(scratch.isValid(), qPrintable(scratch.error()));
    QVERIFY(scratch.exec({QStringLiteral("CREATE TABLE engine (id INTEGER NOT NULL PRIMARY KEY, title VARCHAR(128), "
                                         "thrust INTEGER)")}).isEmpty());
    const QString url = scratch.url().toString(true);
    const Run r = runCli({QStringLiteral("--url"), url, QStringLiteral("tables"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(tableNames(root), QStringList{QStringLiteral("engine")});
    QCOMPARE(root.value(QLatin1String("url_source")).toString(), QStringLiteral("--url"));
    QVERIFY(root.value(QLatin1String("url")).toString().contains(QLatin1String(":***@")));
    QVERIFY2(!r.out.contains(scratch.url().password()), "the password must never be printed");
}

void tst_Cli::urlPrecedence()
{
    QTemporaryDir dir;
    const auto makeDb = [&dir](const QString &name, const QString &table) {
        const QString path = dir.filePath(name);
        QProcess sqlite;
        sqlite.start(QStringLiteral("sqlite3"), {path, QStringLiteral("CREATE TABLE %1 (id INTEGER);").arg(table)});
        return sqlite.waitForFinished(10000) && sqlite.exitCode() == 0;
    };
    QVERIFY(makeDb(QStringLiteral("env.db"), QStringLiteral("from_env")));
    QVERIFY(makeDb(QStringLiteral("flag.db"), QStringLiteral("from_flag")));
    // RETORT_DATABASE_URL beats the project's own configuration; relative paths resolve in the working folder.
    Run r = runCli({QStringLiteral("--project"), m_demo, QStringLiteral("tables"), QStringLiteral("--json")},
                   {{QStringLiteral("RETORT_DATABASE_URL"), QStringLiteral("sqlite:///env.db")}}, dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QCOMPARE(tableNames(QJsonDocument::fromJson(r.out.toUtf8()).object()), QStringList{QStringLiteral("from_env")});
    // --url beats the environment, and may come after the command too.
    r = runCli({QStringLiteral("--project"), m_demo, QStringLiteral("tables"), QStringLiteral("--json"), QStringLiteral("--url"),
                QStringLiteral("sqlite:///flag.db")},
               {{QStringLiteral("RETORT_DATABASE_URL"), QStringLiteral("sqlite:///env.db")}}, dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QCOMPARE(tableNames(QJsonDocument::fromJson(r.out.toUtf8()).object()), QStringList{QStringLiteral("from_flag")});
}

// instance/config.py computes its URI at run time: Retort says so and uses alembic.ini's URL.
void tst_Cli::saysWhichSourcesItPassedOver()
{
    QTemporaryDir dir;
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("alembic"))));
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("instance"))));
    const auto write = [&dir](const QString &name, const QByteArray &text) {
        QFile f(dir.filePath(name));
        return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
    };
    QVERIFY(write(QStringLiteral("alembic/env.py"), ""));
    QVERIFY(write(QStringLiteral("alembic.ini"), "[alembic]\nscript_location = alembic\nsqlalchemy.url = sqlite:///app.db\n"));
    QVERIFY(write(QStringLiteral("instance/config.py"), "import os\nSQLALCHEMY_DATABASE_URI = os.environ['DATABASE_URL']\n"));
    QProcess sqlite;
    sqlite.start(QStringLiteral("sqlite3"), {dir.filePath(QStringLiteral("app.db")), QStringLiteral("CREATE TABLE ship (id INTEGER);")});
    QVERIFY(sqlite.waitForFinished(10000) && sqlite.exitCode() == 0);

    const Run r = runCli({QStringLiteral("--project"), dir.path(), QStringLiteral("tables")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY(r.out.contains(QLatin1String("URL from alembic.ini:3")));
    QVERIFY(r.out.contains(QLatin1String("\nship\n")));
    QCOMPARE(r.err, QStringLiteral("retort-cli: note: instance/config.py:2: SQLALCHEMY_DATABASE_URI is computed when the app "
                                   "runs (os.environ['DATABASE_URL']); Retort reads files without running them\n"));
}

void tst_Cli::failuresAreOneClearLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not a url") << QStringList{"--url", "spaceship.db", "tables"}
                               << "retort-cli: error: --url: This is not a database URL";
    QTest::newRow("unknown dialect") << QStringList{"--url", "oracle://scott:hunter2@db/orcl", "tables"}
                                     << "does not support the database dialect 'oracle'";
    QTest::newRow("refused postgresql") << QStringList{"--url", "postgresql://app:hunter2@127.0.0.1:9/app", "tables"}
                                        << "Could not connect to the PostgreSQL server at 127.0.0.1:9: the connection was refused";
    QTest::newRow("refused mysql") << QStringList{"--url", "mysql+pymysql://app:hunter2@127.0.0.1:9/app", "tables"}
                                   << "Could not connect to the MySQL/MariaDB server at 127.0.0.1:9: the connection was refused";
    QTest::newRow("missing sqlite file") << QStringList{"--url", "sqlite:////nonexistent/app.db", "tables"}
                                         << "The SQLite database file '/nonexistent/app.db' does not exist.";
    QTest::newRow("missing project") << QStringList{"--project", "/nonexistent/project", "tables"}
                                     << "The project folder '/nonexistent/project' does not exist.";
    QTest::newRow("no url anywhere") << QStringList{"tables"} << "No database URL: pass --url";
}

void tst_Cli::failuresAreOneClearLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    QTemporaryDir empty;
    const Run r = runCli(arguments, {}, empty.path());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(expected), qPrintable(describe(r)));
    QVERIFY2(r.err.startsWith(QLatin1String("retort-cli: error: ")), qPrintable(r.err));
    QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
    QVERIFY(r.out.isEmpty());
    QVERIFY2(!r.err.contains(QLatin1String("hunter2")), "the password leaked");
}

void tst_Cli::wrongPasswordOnServers_data()
{
    tablesOnServers_data();
}

void tst_Cli::wrongPasswordOnServers()
{
    QFETCH(Dialect, dialect);
    RETORT_REQUIRE_SERVER(dialect);
    const DatabaseUrl url = test::variantOf(*test::serverUrl(dialect), QStringLiteral("hunter2-wrong"));
    const Run r = runCli({QStringLiteral("--url"), url.toString(true), QStringLiteral("tables")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.startsWith(QStringLiteral("retort-cli: error: Access denied for user '%1' on ").arg(url.username())),
             qPrintable(r.err));
    QVERIFY(r.err.contains(QLatin1String("wrong user name or password")));
    QVERIFY2(!r.err.contains(QLatin1String("hunter2")), qPrintable(r.err));
    QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
}

// A machine without the QtSql PostgreSQL plugin: a copy of the binary whose qt.conf points at no plugins.
void tst_Cli::missingDriverPlugin()
{
    QTemporaryDir dir;
    const QString copy = dir.filePath(QStringLiteral("retort-cli"));
    QVERIFY(QFile::copy(QStringLiteral(RETORT_CLI_PATH), copy));
    QFile conf(dir.filePath(QStringLiteral("qt.conf")));
    QVERIFY(conf.open(QIODevice::WriteOnly));
    conf.write("[Paths]\nPrefix=/nonexistent\nPlugins=plugins\n");
    conf.close();
    const Run r = runCli({QStringLiteral("--url"), QStringLiteral("postgresql://u:pw@127.0.0.1/db"), QStringLiteral("tables")},
                         {{QStringLiteral("QT_PLUGIN_PATH"), QString()}}, dir.path(), copy);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("The Qt SQL driver QPSQL for PostgreSQL is not installed (Debian package libqt6sql6-psql).")),
             qPrintable(describe(r)));
}

// The command output is alembic's, byte for byte (branch children in any order).
void tst_Cli::historyCommandsMatchAlembic()
{
    REQUIRE_ALEMBIC();
    const QList<QStringList> commands{{"heads"}, {"history"}, {"history", "-r", "7a4e:e2f7"}, {"show", "e2f7"}, {"heads", "-v"},
                                      {"history", "--verbose"}};
    for (const QStringList &command : commands) {
        const Run ours = runCli(command, {}, m_demo);
        const Run theirs = runAlembic(m_demo, command);
        QVERIFY2(ours.exitCode == 0 && theirs.exitCode == 0, qPrintable(describe(ours) + theirs.err));
        QVERIFY2(normalizeSetLines(ours.out) == normalizeSetLines(theirs.out), qPrintable(command.join(' ') + QStringLiteral("\n--- retort\n") + ours.out
                                                    + QStringLiteral("--- alembic\n") + theirs.out));
    }
    const Run ours = runCli({QStringLiteral("branches")}, {}, m_demo);
    const Run theirs = runAlembic(m_demo, {QStringLiteral("branches")});
    QCOMPARE(lines(ours.out), lines(theirs.out));
    // Errors are alembic's sentences too.
    const Run missing = runCli({QStringLiteral("show"), QStringLiteral("zz99")}, {}, m_demo);
    QCOMPARE(missing.exitCode, 1);
    QCOMPARE(missing.err, QStringLiteral("retort-cli: error: Can't locate revision identified by 'zz99'\n"));
}

void tst_Cli::validateAndGraph()
{
    Run r = runCli({QStringLiteral("validate")}, {}, m_demo);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("6 revisions, 1 head(s), 0 error(s), 0 warning(s), 0 revision(s) that need Python\n"));

    r = runCli({QStringLiteral("graph"), QStringLiteral("--format"), QStringLiteral("json")}, {}, m_demo);
    QCOMPARE(r.exitCode, 0);
    const QJsonObject graph = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(graph.value("heads").toArray(), QJsonArray{"f4d3c2b1a098"});
    QCOMPARE(graph.value("bases").toArray(), QJsonArray{"3d1f0c6a9b21"});
    QCOMPARE(graph.value("problems").toArray().size(), 0);
    const QJsonArray revisions = graph.value("revisions").toArray();
    QCOMPARE(revisions.size(), 6);
    QJsonObject merge;
    for (const QJsonValue &v : revisions)
        if (v.toObject().value("revision") == QLatin1String("e2f7a1c4b9d6")) merge = v.toObject();
    QCOMPARE(merge.value("down_revisions").toArray(), (QJsonArray{"b5c8d2e7f310", "c91a4f6e2d87"}));
    QCOMPARE(merge.value("branch_labels").toArray(), QJsonArray{"launches"});
    QCOMPARE(merge.value("message").toString(), QStringLiteral("merge title index and launches"));
    QCOMPARE(merge.value("path").toString(), QStringLiteral("alembic/versions/e2f7a1c4b9d6_merge_title_index_and_launches.py"));
    for (const QJsonValue &v : revisions)   // the demo runs without Python
        QVERIFY(v.toObject().contains("needs_python") && v.toObject().value("needs_python").isNull());

    r = runCli({QStringLiteral("graph"), QStringLiteral("--format"), QStringLiteral("dot")}, {}, m_demo);
    QVERIFY(r.out.startsWith(QLatin1String("digraph alembic {")));
    QVERIFY(r.out.contains(QLatin1String("\"e2f7a1c4b9d6\" -> \"b5c8d2e7f310\";")));
    QCOMPARE(runCli({QStringLiteral("graph"), QStringLiteral("--format"), QStringLiteral("svg")}, {}, m_demo).exitCode, 2);

    // A broken project: one line per problem at file:line, exit 1, and the graph still answers.
    QTemporaryDir dir;
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("alembic/versions"))));
    const auto write = [&dir](const QString &name, const QByteArray &text) { return writeFile(dir.filePath(name), text); };
    QVERIFY(write(QStringLiteral("alembic.ini"), "[alembic]\nscript_location = alembic\n"));
    QVERIFY(write(QStringLiteral("alembic/env.py"), ""));
    QVERIFY(write(QStringLiteral("alembic/versions/a1.py"), "revision = 'a1a1'\ndown_revision = None\n"));
    QVERIFY(write(QStringLiteral("alembic/versions/b2.py"), "revision = 'b2b2'\n\ndown_revision = 'zz99'\n"));
    r = runCli({QStringLiteral("validate")}, {}, dir.path());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains(QLatin1String("alembic/versions/b2.py:3: error: down_revision names zz99, which no revision file "
                                          "defines (Alembic stops with KeyError: 'zz99').\n")), qPrintable(r.out));
    QVERIFY2(r.out.endsWith(QLatin1String("2 revisions, 2 head(s), 1 error(s), 0 warning(s), 2 revision(s) that need Python\n")),
             qPrintable(r.out));
    r = runCli({QStringLiteral("heads")}, {}, dir.path());
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(lines(r.out), (QStringList{"a1a1 (head)", "b2b2 (head)"}));
    QVERIFY(r.err.contains(QLatin1String("warning: the project has 1 problem(s)")));
}

// The demo migrated by retort-cli on a scratch database, then handed over to alembic and back.
void tst_Cli::upgradeAndDowngrade()
{
    ScratchDatabase db(Dialect::SQLite);
    const QMap<QString, QString> env{{QStringLiteral("RETORT_DATABASE_URL"), db.url().toString(true)}};
    Run r = runCli({QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--no-backup")}, env, m_demo);
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY(r.out.startsWith(QLatin1String("Running upgrade  -> 3d1f0c6a9b21, create engine table\n    CREATE TABLE engine (\n")));
    QVERIFY(r.out.contains(QLatin1String("    INSERT INTO engine (id, title, thrust) VALUES (2, 'RS-25', 1860);\n")));
    QVERIFY(r.out.endsWith(QLatin1String("Version rows now: f4d3c2b1a098\n")));
    r = runCli({QStringLiteral("upgrade"), QStringLiteral("heads")}, env, m_demo);   // nothing to do: no backup question
    QCOMPARE(r.out, QStringLiteral("Nothing to do: the database is at f4d3c2b1a098.\n"));

    if (alembicAvailable()) {
        Run a = runAlembic(m_demo, {QStringLiteral("downgrade"), QStringLiteral("launches@-1")}, db.url().toString(true));
        QVERIFY2(a.exitCode == 0, qPrintable(a.err));
    } else if (test::inCi()) {
        QFAIL("python3-alembic is missing");
    }
    r = runCli({QStringLiteral("downgrade"), QStringLiteral("base"), QStringLiteral("--no-backup")}, env, m_demo);
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY(r.out.endsWith(QLatin1String("Version rows now: (none: base)\n")));
    r = runCli({QStringLiteral("tables")}, env, m_demo);
    // Only the version table is left: the rest is gone, and Retort's run log is in a file of its own.
    QStringList tables;
    for (const QString &line : lines(r.out)) {
        if (!line.startsWith(QLatin1Char(' ')) && !line.startsWith(QLatin1Char('#')))
            tables << line;
    }
    QCOMPARE(tables, (QStringList{QStringLiteral("alembic_version")}));

    // Online runs take one target; ranges are for --sql, and downgrade --sql needs one.
    QCOMPARE(runCli({QStringLiteral("upgrade"), QStringLiteral("a:b")}, env, m_demo).exitCode, 1);
    r = runCli({QStringLiteral("downgrade"), QStringLiteral("base"), QStringLiteral("--sql"), QStringLiteral("--dialect"),
                QStringLiteral("sqlite")}, {}, m_demo);
    QCOMPARE(r.err, QStringLiteral("retort-cli: error: downgrade with --sql requires <fromrev>:<torev>\n"));
    QCOMPARE(runCli({QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--sql"), QStringLiteral("--dialect"),
                     QStringLiteral("oracle")}, {}, m_demo).exitCode, 2);
    if (alembicAvailable()) {
        r = runCli({QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--sql"), QStringLiteral("--dialect"),
                    QStringLiteral("postgresql")}, {}, m_demo);
        const Run a = runAlembic(m_demo, {QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--sql")},
                                 QStringLiteral("postgresql://u:p@localhost/db"));
        QCOMPARE(r.out, a.out);
    }
}

// A revision outside the subset: listed by validate and graph, and an upgrade that reaches it runs nothing.
// Issue 19: imports whose names upgrade()/downgrade() never reach (or reach only where Python alone
// uses them, as ChoiceType's choices) do not stop a revision; validate -v says which they are.
void tst_Cli::validateVerboseNamesInertImports()
{
    QTemporaryDir dir;
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("alembic/versions"))));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("alembic.ini")), "[alembic]\nscript_location = alembic\n"));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("alembic/env.py")), ""));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("alembic/versions/a1.py")),
                      "from alembic import op\nimport sqlalchemy as sa\nimport sqlalchemy_utils\nfrom myapp.models import ROLES, User\n"
                      "revision = 'a1'\ndown_revision = None\n\n"
                      "def upgrade():\n    op.create_table('t', sa.Column('id', sa.Integer, primary_key=True),\n"
                      "                    sa.Column('role', sqlalchemy_utils.ChoiceType(ROLES)))\n\n"
                      "def downgrade():\n    op.drop_table('t')\n"));
    Run r = runCli({QStringLiteral("validate")}, {}, dir.path());
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.endsWith(QLatin1String("0 revision(s) that need Python\n")), qPrintable(r.out));
    QVERIFY2(!r.out.contains(QLatin1String("note:")), qPrintable(r.out));
    r = runCli({QStringLiteral("validate"), QStringLiteral("-v")}, {}, dir.path());
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QLatin1String("alembic/versions/a1.py:4: note: revision a1: 'ROLES' (from myapp.models) is not used by "
                                          "upgrade() or downgrade() as Retort runs them; Alembic imports it, Retort does not\n")),
             qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("alembic/versions/a1.py:4: note: revision a1: 'User' (from myapp.models)")), qPrintable(r.out));
    QVERIFY2(!r.out.contains(QLatin1String("sqlalchemy_utils")), qPrintable(r.out));   // a library Retort reads itself
}

void tst_Cli::revisionsThatNeedPython()
{
    QTemporaryDir dir;
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("alembic/versions"))));
    const auto write = [&dir](const QString &name, const QByteArray &text) { return writeFile(dir.filePath(name), text); };
    QVERIFY(write(QStringLiteral("alembic.ini"), "[alembic]\nscript_location = alembic\n"));
    QVERIFY(write(QStringLiteral("alembic/env.py"), ""));
    QVERIFY(write(QStringLiteral("alembic/versions/a1.py"),
                  "from alembic import op\nimport sqlalchemy as sa\nrevision = 'a1'\ndown_revision = None\n\n"
                  "def upgrade():\n    op.create_table('t', sa.Column('id', sa.Integer, primary_key=True))\n\n"
                  "def downgrade():\n    op.drop_table('t')\n"));
    QVERIFY(write(QStringLiteral("alembic/versions/b2.py"),
                  "from alembic import op\nrevision = 'b2'\ndown_revision = 'a1'\n\n"
                  "def upgrade():\n    rows = op.get_bind().execute('SELECT id FROM t').fetchall()\n"
                  "    op.get_bind().execute('UPDATE t SET id = id')\n\n"
                  "def downgrade():\n    pass\n"));
    Run r = runCli({QStringLiteral("validate")}, {}, dir.path());
    QCOMPARE(r.exitCode, 0);   // runnable by alembic: not an error of the project
    QVERIFY2(r.out.contains(QLatin1String("alembic/versions/b2.py:6: needs Python: revision b2: upgrade(): op.get_bind() hands a "
                                          "live connection to Python code\n")), qPrintable(r.out));
    QVERIFY(r.out.endsWith(QLatin1String("1 revision(s) that need Python\n")));

    r = runCli({QStringLiteral("graph")}, {}, dir.path());
    QJsonObject b2;
    for (const QJsonValue &v : QJsonDocument::fromJson(r.out.toUtf8()).object().value("revisions").toArray())
        if (v.toObject().value("revision") == QLatin1String("b2")) b2 = v.toObject();
    QCOMPARE(b2.value("needs_python").toObject().value("line").toInt(), 6);
    QVERIFY(b2.value("needs_python").toObject().value("reason").toString().startsWith(QLatin1String("upgrade(): op.get_bind()")));

    // An interpreter without Alembic: one sentence says so, before anything runs.
    const QString bare = dir.filePath(QStringLiteral("bare-python"));
    QVERIFY(writeFile(bare, "#!/bin/sh\nexec /usr/bin/python3 -S -I \"$@\"\n"));
    QVERIFY(QFile::setPermissions(bare, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    ScratchDatabase db(Dialect::SQLite);
    r = runCli({QStringLiteral("--python"), bare, QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--url"),
                db.url().toString(true), QStringLiteral("--no-backup")}, {}, dir.path());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains(QLatin1String("1 of 2 revision(s) run through the project's Python: b2\n")), qPrintable(describe(r)));
    QVERIFY2(r.err.contains(QStringLiteral("%1 (--python) cannot import alembic and sqlalchemy, which the revisions that need Python "
                                           "run with; install alembic and sqlalchemy into it, or choose another interpreter with "
                                           "--python or RETORT_PYTHON").arg(bare)),
             qPrintable(r.err));
    QVERIFY(!r.out.contains(QLatin1String("Running")));   // not even a1 ran
    r = runCli({QStringLiteral("current"), QStringLiteral("--url"), db.url().toString(true)}, {}, dir.path());
    QVERIFY2(r.out.contains(QLatin1String("base")) || r.out.trimmed().isEmpty(), qPrintable(describe(r)));

    // With Debian's Python and Alembic, the plan runs: a1 natively, b2 through Python. A file of the
    // project named like a package never stands in for it (the project folder is importable, and it
    // holds an alembic/ folder too).
    QVERIFY(writeFile(dir.filePath(QStringLiteral("sqlalchemy.py")), "raise ImportError('the project shadows sqlalchemy')\n"));
    if (!QFile::exists(QStringLiteral("/usr/lib/python3/dist-packages/alembic/__init__.py"))) {
        if (test::inCi())
            QFAIL("Debian's python3-alembic is not installed (tools/dev test installs it)");
        QSKIP("python3-alembic is not installed");
    }
    r = runCli({QStringLiteral("--python"), QStringLiteral("/usr/bin/python3"), QStringLiteral("upgrade"), QStringLiteral("heads"),
                QStringLiteral("--url"), db.url().toString(true), QStringLiteral("--no-backup")}, {}, dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY2(r.out.contains(QLatin1String("Running upgrade  -> a1\n")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("Running upgrade a1 -> b2  [Python]\n    SELECT id FROM t;\n    UPDATE t SET id = id;\n")), qPrintable(r.out));
    QVERIFY2(r.out.endsWith(QLatin1String("Version rows now: b2\n")), qPrintable(r.out));
}

void tst_Cli::planWithRelativeTargets()
{
    Run r = runCli({QStringLiteral("plan"), QStringLiteral("downgrade"), QStringLiteral("-1"), QStringLiteral("--rows"),
                    QStringLiteral("f4d3c2b1a098")}, {}, m_demo);
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QCOMPARE(r.out, QStringLiteral(
        "# downgrade -1 from f4d3c2b1a098: 1 step(s)\n"
        "downgrade f4d3c2b1a098 -> e2f7a1c4b9d6, sample engines\n"
        "    UPDATE alembic_version SET version_num='e2f7a1c4b9d6' WHERE alembic_version.version_num = 'f4d3c2b1a098'\n"
        "# version rows after: e2f7a1c4b9d6\n"));
    r = runCli({QStringLiteral("plan"), QStringLiteral("upgrade"), QStringLiteral("launches@head"), QStringLiteral("--rows"),
                QStringLiteral("7a4e2b9c1d05")}, {}, m_demo);
    QVERIFY(r.out.contains(QLatin1String("upgrade b5c8d2e7f310, c91a4f6e2d87 -> e2f7a1c4b9d6, merge title index and launches\n"
                                         "    DELETE FROM alembic_version WHERE alembic_version.version_num = 'b5c8d2e7f310'\n"
                                         "    UPDATE alembic_version SET version_num='e2f7a1c4b9d6' WHERE "
                                         "alembic_version.version_num = 'c91a4f6e2d87'\n")));
    r = runCli({QStringLiteral("plan"), QStringLiteral("downgrade"), QStringLiteral("-1"), QStringLiteral("--rows"),
                QStringLiteral("b5c8d2e7f310,c91a4f6e2d87")}, {}, m_demo);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("is ambiguous: Alembic would pick one by database row order")), qPrintable(r.err));
}

void tst_Cli::stampAndCurrentOnEveryEngine_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::newRow("sqlite") << Dialect::SQLite;
    QTest::newRow("postgresql") << Dialect::PostgreSQL;
    QTest::newRow("mariadb") << Dialect::MySQL;
}

// retort-cli and alembic share one version table: each reads what the other wrote.
void tst_Cli::stampAndCurrentOnEveryEngine()
{
    QFETCH(Dialect, dialect);
    RETORT_REQUIRE_SERVER(dialect);
    REQUIRE_ALEMBIC();
    ScratchDatabase scratch(dialect);
    QVERIFY2(scratch.isValid(), qPrintable(scratch.error()));
    const QString url = scratch.url().toString(true);
    QString alembicUrl = url;
    alembicUrl.replace(QRegularExpression(QStringLiteral("^mysql:")), QStringLiteral("mysql+pymysql:"));

    Run r = runCli({QStringLiteral("--url"), url, QStringLiteral("stamp"), QStringLiteral("b5c8"), QStringLiteral("c91a")}, {}, m_demo);
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY(r.out.endsWith(QLatin1String("Version rows now: b5c8d2e7f310, c91a4f6e2d87\n")));
    Run theirs = runAlembic(m_demo, {QStringLiteral("current")}, alembicUrl);
    QVERIFY2(theirs.exitCode == 0, qPrintable(theirs.err));
    QCOMPARE(lines(theirs.out), (QStringList{"b5c8d2e7f310", "c91a4f6e2d87 (launches)"}.mid(0, 1) + QStringList{"c91a4f6e2d87"}));
    r = runCli({QStringLiteral("--url"), url, QStringLiteral("current")}, {}, m_demo);
    QCOMPARE(lines(r.out), lines(theirs.out));

    // Alembic writes, Retort reads.
    theirs = runAlembic(m_demo, {QStringLiteral("stamp"), QStringLiteral("--purge"), QStringLiteral("heads")}, alembicUrl);
    QVERIFY2(theirs.exitCode == 0, qPrintable(theirs.err));
    r = runCli({QStringLiteral("--url"), url, QStringLiteral("current")}, {}, m_demo);
    QCOMPARE(r.out, QStringLiteral("f4d3c2b1a098 (head)\n"));

    // A row no file defines: reported by name, exit 1 (alembic stops with "Can't locate revision").
    QVERIFY(scratch.exec({QStringLiteral("INSERT INTO alembic_version (version_num) VALUES ('deadbeef0000')")}).isEmpty());
    r = runCli({QStringLiteral("--url"), url, QStringLiteral("current")}, {}, m_demo);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.out, QStringLiteral("f4d3c2b1a098 (head)\n"));
    QVERIFY2(r.err.contains(QLatin1String("holds deadbeef0000, which no revision file defines")), qPrintable(r.err));
    // A stamp cannot start from an unknown row, but --purge can; a failing stamp changes nothing.
    r = runCli({QStringLiteral("--url"), url, QStringLiteral("stamp"), QStringLiteral("base")}, {}, m_demo);
    QCOMPARE(r.err, QStringLiteral("retort-cli: error: Can't locate revision identified by 'deadbeef0000'\n"));
    r = runCli({QStringLiteral("--url"), url, QStringLiteral("stamp"), QStringLiteral("--purge"), QStringLiteral("base")}, {}, m_demo);
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    r = runCli({QStringLiteral("--url"), url, QStringLiteral("stamp"), QStringLiteral("zz99")}, {}, m_demo);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err, QStringLiteral("retort-cli: error: Can't locate revision identified by 'zz99'\n"));
    theirs = runAlembic(m_demo, {QStringLiteral("current")}, alembicUrl);
    QCOMPARE(theirs.out, QString());
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_Cli.moc"
