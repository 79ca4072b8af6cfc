// Which Python runs the revisions that need Python: --python, RETORT_PYTHON, the project's
// virtualenv (in the project folder or a parent up to the repository root, never through a link),
// else python3 on PATH; chosen without starting anything. The probe then asks the real interpreter
// for Python's, Alembic's and SQLAlchemy's versions and says plainly when one cannot import them.
// retort-cli plan marks the revisions that need Python and names the interpreter that would run them.
#include "runner/PythonInterpreter.h"
#include "runner/PythonWorker.h"

#include "RevisionFiles.h"
#include "TestProcesses.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace retort;

namespace {

bool writeFile(const QString &path, const QByteArray &text, bool executable = false)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
        return false;
    f.close();
    return !executable || f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
}

// A virtualenv as python -m venv leaves it: pyvenv.cfg and bin/python. This bin/python only leaves
// a mark when started, so a test can tell whether choosing ran it.
bool makeVenv(const QString &folder)
{
    return writeFile(folder + QStringLiteral("/pyvenv.cfg"), "home = /usr/bin\n")
           && writeFile(folder + QStringLiteral("/bin/python"),
                        QStringLiteral("#!/bin/sh\ntouch '%1/started'\nexec /usr/bin/python3 \"$@\"\n").arg(folder).toUtf8(), true);
}

QProcessEnvironment cleanEnvironment()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
    return env;
}

} // namespace

class tst_PythonInterpreter : public QObject
{
    Q_OBJECT
private slots:
    void choosesWithoutRunning()
    {
        QTemporaryDir root;
        const QString repo = root.filePath(QStringLiteral("repo"));
        const QString app = repo + QStringLiteral("/app");
        QVERIFY(QDir().mkpath(repo + QStringLiteral("/.git")));
        QVERIFY(test::writeProject(app, {test::Revision{QStringLiteral("r1"), {}, QStringLiteral("pass"), QStringLiteral("pass")}}));
        Result<Project> project = Project::open(app);
        QVERIFY2(project, project ? "" : qPrintable(project.error().toString()));
        QProcessEnvironment env = cleanEnvironment();

        // No virtualenv anywhere: python3 on PATH.
        Result<InterpreterChoice> chosen = chooseInterpreter(*project, {}, env);
        QVERIFY(chosen);
        QCOMPARE(chosen->path, QStringLiteral("/usr/bin/python3"));
        QCOMPARE(chosen->source, QStringLiteral("python3 on PATH"));

        // The repository root's .venv, found from the project folder below it.
        QVERIFY(makeVenv(repo + QStringLiteral("/.venv")));
        chosen = chooseInterpreter(*project, {}, env);
        QVERIFY(chosen);
        QCOMPARE(chosen->path, repo + QStringLiteral("/.venv/bin/python"));
        QVERIFY2(chosen->source.contains(QLatin1String(".venv")), qPrintable(chosen->source));
        // The project folder's own venv comes before a parent's.
        QVERIFY(makeVenv(app + QStringLiteral("/venv")));
        chosen = chooseInterpreter(*project, {}, env);
        QCOMPARE(chosen->path, app + QStringLiteral("/venv/bin/python"));
        // Above the repository root nothing is looked at.
        QVERIFY(makeVenv(root.filePath(QStringLiteral(".venv"))));
        QVERIFY(QDir(app + QStringLiteral("/venv")).removeRecursively());
        QVERIFY(QDir(repo + QStringLiteral("/.venv")).removeRecursively());
        QCOMPARE(chooseInterpreter(*project, {}, env)->path, QStringLiteral("/usr/bin/python3"));
        // A virtualenv folder that is a link out of the project is not followed.
        QVERIFY(QFile::link(root.filePath(QStringLiteral(".venv")), app + QStringLiteral("/.venv")));
        QCOMPARE(chooseInterpreter(*project, {}, env)->path, QStringLiteral("/usr/bin/python3"));

        // $VIRTUAL_ENV, then RETORT_PYTHON, then --python: each wins over what comes before it.
        const QString active = root.filePath(QStringLiteral("active"));
        QVERIFY(makeVenv(active));
        env.insert(QStringLiteral("VIRTUAL_ENV"), active);
        QCOMPARE(chooseInterpreter(*project, {}, env)->path, active + QStringLiteral("/bin/python"));
        const QString chosenByProject = root.filePath(QStringLiteral("saved/bin/python"));
        QVERIFY(writeFile(chosenByProject, "#!/bin/sh\n", true));
        QCOMPARE(chooseInterpreter(*project, {QString(), chosenByProject}, env)->path, chosenByProject);
        env.insert(QStringLiteral("RETORT_PYTHON"), QStringLiteral("/usr/bin/python3"));
        chosen = chooseInterpreter(*project, {QString(), chosenByProject}, env);
        QCOMPARE(chosen->source, QStringLiteral("RETORT_PYTHON"));
        chosen = chooseInterpreter(*project, {active + QStringLiteral("/bin/python"), {}}, env);
        QCOMPARE(chosen->path, active + QStringLiteral("/bin/python"));
        QCOMPARE(chosen->source, QStringLiteral("--python"));

        // A wrong explicit choice is an error that names where it came from.
        Result<InterpreterChoice> wrong = chooseInterpreter(*project, {root.filePath(QStringLiteral("no/python")), {}}, env);
        QVERIFY(!wrong);
        QVERIFY2(wrong.error().message.startsWith(QLatin1String("--python names")), qPrintable(wrong.error().message));
        env.insert(QStringLiteral("RETORT_PYTHON"), root.path());   // a folder, not an interpreter
        wrong = chooseInterpreter(*project, {}, env);
        QVERIFY(!wrong);
        QVERIFY2(wrong.error().message.startsWith(QLatin1String("RETORT_PYTHON names")), qPrintable(wrong.error().message));

        // Choosing started none of them.
        for (const QString &folder : {repo + QStringLiteral("/.venv"), app + QStringLiteral("/venv"), active, root.filePath(QStringLiteral(".venv"))})
            QVERIFY2(!QFileInfo::exists(folder + QStringLiteral("/started")), qPrintable(folder));
    }

    // The worker checks the interpreter before anything runs: the versions it reports are the ones the
    // interpreter itself reports; one without Alembic and SQLAlchemy, or something that is not Python,
    // gets one sentence.
    void workerChecksTheInterpreter()
    {
        const test::ProcessRun direct = test::runProgram(
            QStringLiteral("/usr/bin/python3"),
            {QStringLiteral("-c"), QStringLiteral("import sys, alembic, sqlalchemy; print('%d.%d.%d' % sys.version_info[:3], "
                                                  "alembic.__version__, sqlalchemy.__version__)")});
        QVERIFY2(direct.exitCode == 0, qPrintable(direct.describe()));
        const QStringList versions = direct.out.trimmed().split(QLatin1Char(' '));
        QCOMPARE(versions.size(), 3);

        QTemporaryDir dir;
        QVERIFY(test::writeProject(dir.path(), {test::Revision{QStringLiteral("r1"), {}, QStringLiteral("pass"), QStringLiteral("pass")}}));
        Result<Project> project = Project::open(dir.path());
        QVERIFY(project);
        const DatabaseUrl url = *DatabaseUrl::parse(QStringLiteral("sqlite:///") + dir.filePath(QStringLiteral("probe.db")));
        const auto start = [&](const QString &path) {
            return PythonWorker::start(*project, PythonWorker::Settings{InterpreterChoice{path, QStringLiteral("--python")}, url, {}, 60000, {}});
        };
        Result<std::unique_ptr<PythonWorker>> worker = start(QStringLiteral("/usr/bin/python3"));
        QVERIFY2(worker, worker ? "" : qPrintable(worker.error().toString()));
        QCOMPARE((*worker)->pythonVersion(), versions.at(0));
        QCOMPARE((*worker)->alembicVersion(), versions.at(1));
        QCOMPARE((*worker)->sqlalchemyVersion(), versions.at(2));
        (*worker)->stop();

        const QString bare = dir.filePath(QStringLiteral("bare-python"));
        QVERIFY(writeFile(bare, "#!/bin/sh\nexec /usr/bin/python3 -S \"$@\"\n", true));
        worker = start(bare);
        QVERIFY(!worker);
        QVERIFY2(worker.error().message.contains(QLatin1String("cannot import alembic and sqlalchemy")), qPrintable(worker.error().message));
        QVERIFY2(worker.error().message.contains(QLatin1String("--python or RETORT_PYTHON")), qPrintable(worker.error().message));

        worker = start(QStringLiteral("/bin/true"));
        QVERIFY(!worker);
        QVERIFY2(worker.error().message.contains(QLatin1String("ended before it was ready")), qPrintable(worker.error().message));
    }

    void planNamesThePythonRevisions()
    {
        QTemporaryDir dir;
        QVERIFY(test::writeProject(dir.path(), {
            test::Revision{QStringLiteral("r1"), {}, QStringLiteral("op.create_table('t', sa.Column('id', sa.Integer, primary_key=True))"),
                           QStringLiteral("op.drop_table('t')")},
            test::Revision{QStringLiteral("r2"), QStringLiteral("r1"),
                           QStringLiteral("for i in range(2):\n    op.add_column('t', sa.Column(f'c{i}', sa.Integer))"),
                           QStringLiteral("pass")},
        }));
        const QString marker = dir.filePath(QStringLiteral("started"));
        const QString python = dir.filePath(QStringLiteral("python"));
        QVERIFY(writeFile(python, QStringLiteral("#!/bin/sh\ntouch '%1'\nexec /usr/bin/python3 \"$@\"\n").arg(marker).toUtf8(), true));
        const test::ProcessRun r = test::runProgram(QStringLiteral(RETORT_CLI_PATH),
                                                    {QStringLiteral("--project"), dir.path(), QStringLiteral("--python"), python,
                                                     QStringLiteral("plan"), QStringLiteral("upgrade"), QStringLiteral("heads"),
                                                     QStringLiteral("--rows"), QString()});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.out.contains(QLatin1String("r1 -> r2")) && r.out.contains(QLatin1String("[needs Python]")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("# 1 revision(s) need Python: r2 (line ")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("# Python: %1 (--python)").arg(python)), qPrintable(r.out));
        QVERIFY2(!QFileInfo::exists(marker), "a plan never starts Python");
    }
};

QTEST_GUILESS_MAIN(tst_PythonInterpreter)
#include "tst_PythonInterpreter.moc"
