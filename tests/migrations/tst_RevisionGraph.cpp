// Broken projects: each problem gives its file:line sentence, and the rest of the graph stays usable.
#include "migrations/HistoryFormat.h"
#include "migrations/MigrationPlan.h"
#include "migrations/ProjectHistory.h"
#include "project/Project.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace retort;

namespace {

class ProjectBuilder
{
public:
    ProjectBuilder()
    {
        write(QStringLiteral("alembic.ini"), "[alembic]\nscript_location = migrations\n");
        write(QStringLiteral("migrations/env.py"), "");
    }
    // A revision file; extra goes after the identifiers (for bodies or broken code).
    void revision(const QString &file, const QString &id, const QString &down, const QString &more = {})
    {
        write(QStringLiteral("migrations/versions/") + file,
              QStringLiteral("\"\"\"rev %1\n\nRevision ID: %1\n\"\"\"\nfrom alembic import op\n\nrevision = '%1'\ndown_revision = %2\n%3\n\n"
                             "def upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n").arg(id, down, more).toUtf8());
    }
    void write(const QString &relative, const QByteArray &text)
    {
        const QString path = m_dir.filePath(relative);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
    }
    ProjectHistory load() const { return ProjectHistory::load(project()); }
    Project project() const { return Project::open(m_dir.path()).value(); }
    QString path(const QString &file) const { return m_dir.filePath(QStringLiteral("migrations/versions/") + file); }

private:
    QTemporaryDir m_dir;
};

const Problem *find(const ProjectHistory &h, const QString &text)
{
    for (const Problem &p : h.problems) {
        if (p.message.contains(text))
            return &p;
    }
    return nullptr;
}

QStringList idsOf(const RevisionGraph &g, const QVector<int> &v)
{
    QStringList ids = g.ids(v);
    ids.sort();
    return ids;
}

} // namespace

#define REQUIRE_PROBLEM(history_, text_, file_, line_)                                                              \
    do {                                                                                                             \
        const Problem *p_ = find(history_, text_);                                                                   \
        QVERIFY2(p_, qPrintable(QStringLiteral("no problem mentions: ") + (text_)));                                \
        QCOMPARE(p_->path, file_);                                                                                   \
        QCOMPARE(p_->line, line_);                                                                                   \
    } while (false)

class tst_RevisionGraph : public QObject
{
    Q_OBJECT
private slots:
    void readsTheDemoCleanly();
    void missingParent();
    void duplicateIds();
    void cycles();
    void illegalAndLongIds();
    void duplicateBranchLabels();
    void unparseableAndComputedFiles();
    void legacyAndForeignFiles();
    void unknownDependency();
    void versionLocationsAndRecursion();
    void pyprojectAndEnvSettings();
};

void tst_RevisionGraph::readsTheDemoCleanly()
{
    const Project project = Project::open(QStringLiteral(RETORT_SOURCE_DIR "/migrations")).value();
    const ProjectHistory h = ProjectHistory::load(project);
    QCOMPARE(h.problems.size(), 0);
    QCOMPARE(h.graph.size(), 6);
    QCOMPARE(h.graph.ids(h.graph.heads()), QStringList{"f4d3c2b1a098"});
    QCOMPARE(h.graph.ids(h.graph.bases()), QStringList{"3d1f0c6a9b21"});
    const int branch = h.graph.indexOf(QStringLiteral("7a4e2b9c1d05"));
    const int merge = h.graph.indexOf(QStringLiteral("e2f7a1c4b9d6"));
    QVERIFY(h.graph.isBranchPoint(branch));
    QVERIFY(h.graph.isMergePoint(merge));
    QCOMPARE(h.graph.at(merge).labels, QStringList{"launches"});
    QCOMPARE(h.graph.scriptOf(merge).doc, QStringLiteral("merge title index and launches"));
}

void tst_RevisionGraph::missingParent()
{
    ProjectBuilder b;
    b.revision(QStringLiteral("a1.py"), QStringLiteral("a1"), QStringLiteral("None"));
    b.revision(QStringLiteral("b2.py"), QStringLiteral("b2"), QStringLiteral("'zz99'"));
    b.revision(QStringLiteral("c3.py"), QStringLiteral("c3"), QStringLiteral("'b2'"));
    const ProjectHistory h = b.load();
    REQUIRE_PROBLEM(h, QStringLiteral("down_revision names zz99, which no revision file defines"), b.path("b2.py"), 8);
    QCOMPARE(h.errorCount(), 1);
    // The rest still works: b2 stands as a root of its own line.
    QCOMPARE(h.graph.size(), 3);
    QCOMPARE(idsOf(h.graph, h.graph.heads()), (QStringList{"a1", "c3"}));
    const Result<MigrationPlan> plan = planUpgrade(h.graph, {}, QStringLiteral("c3"));
    QVERIFY(plan.ok());
    QCOMPARE(plan->rowsAfter, QStringList{"c3"});
}

void tst_RevisionGraph::duplicateIds()
{
    ProjectBuilder b;
    b.revision(QStringLiteral("1_first.py"), QStringLiteral("a1"), QStringLiteral("None"));
    b.revision(QStringLiteral("2_second.py"), QStringLiteral("a1"), QStringLiteral("None"), QStringLiteral("# the copy"));
    b.revision(QStringLiteral("3_child.py"), QStringLiteral("b2"), QStringLiteral("'a1'"));
    const ProjectHistory h = b.load();
    // Both files are named; Alembic silently keeps the later one, and so does the graph.
    REQUIRE_PROBLEM(h, QStringLiteral("also in 1_first.py; Alembic silently uses this file"), b.path("2_second.py"), 7);
    REQUIRE_PROBLEM(h, QStringLiteral("also in 2_second.py, which Alembic uses instead"), b.path("1_first.py"), 7);
    QCOMPARE(h.graph.size(), 2);
    QCOMPARE(h.graph.scriptOf(h.graph.indexOf(QStringLiteral("a1"))).path, b.path("2_second.py"));
    QCOMPARE(h.graph.ids(h.graph.heads()), QStringList{"b2"});
}

void tst_RevisionGraph::cycles()
{
    ProjectBuilder b;
    b.revision(QStringLiteral("a.py"), QStringLiteral("aaaa"), QStringLiteral("'cccc'"));
    b.revision(QStringLiteral("b.py"), QStringLiteral("bbbb"), QStringLiteral("'aaaa'"));
    b.revision(QStringLiteral("c.py"), QStringLiteral("cccc"), QStringLiteral("'bbbb'"));
    b.revision(QStringLiteral("d.py"), QStringLiteral("dddd"), QStringLiteral("None"));
    b.revision(QStringLiteral("e.py"), QStringLiteral("eeee"), QStringLiteral("'dddd'"));
    b.revision(QStringLiteral("f.py"), QStringLiteral("ffff"), QStringLiteral("'ffff'"));
    const ProjectHistory h = b.load();
    // Every file of the cycle is named, at its down_revision line.
    QStringList cycleFiles;
    for (const Problem &p : h.problems) {
        if (p.message.startsWith(QLatin1String("Cycle is detected in revisions (aaaa, bbbb, cccc)"))) {
            cycleFiles << QFileInfo(p.path).fileName();
            QCOMPARE(p.line, 8);
        }
    }
    cycleFiles.sort();
    QCOMPARE(cycleFiles, (QStringList{"a.py", "b.py", "c.py"}));
    REQUIRE_PROBLEM(h, QStringLiteral("Self-loop is detected in revisions (ffff)"), b.path("f.py"), 8);
    // The independent line and the self-looping revision (its loop dropped) remain.
    QCOMPARE(idsOf(h.graph, QVector<int>{0, 1, 2}.mid(0, h.graph.size())), (QStringList{"dddd", "eeee", "ffff"}));
    QCOMPARE(idsOf(h.graph, h.graph.heads()), (QStringList{"eeee", "ffff"}));
    const Result<QVector<int>> history = historyRevisions(h.graph, QString(), QString());
    QVERIFY(history.ok());
    QCOMPARE(history->size(), 3);
}

void tst_RevisionGraph::illegalAndLongIds()
{
    ProjectBuilder b;
    b.revision(QStringLiteral("a.py"), QStringLiteral("a-1"), QStringLiteral("None"));
    b.revision(QStringLiteral("b.py"), QStringLiteral("0123456789abcdef0123456789abcdef_too_long"), QStringLiteral("None"));
    const ProjectHistory h = b.load();
    REQUIRE_PROBLEM(h, QStringLiteral("Character(s) '-' not allowed in revision identifier 'a-1'"), b.path("a.py"), 7);
    REQUIRE_PROBLEM(h, QStringLiteral("is 41 characters long; alembic_version.version_num is VARCHAR(32)"), b.path("b.py"), 7);
}

void tst_RevisionGraph::duplicateBranchLabels()
{
    ProjectBuilder b;
    b.revision(QStringLiteral("a.py"), QStringLiteral("aaaa"), QStringLiteral("None"), QStringLiteral("branch_labels = ('net',)"));
    b.revision(QStringLiteral("b.py"), QStringLiteral("bbbb"), QStringLiteral("None"), QStringLiteral("branch_labels = 'net'"));
    const ProjectHistory h = b.load();
    REQUIRE_PROBLEM(h, QStringLiteral("Branch name 'net' in revision bbbb already used by revision aaaa"), b.path("b.py"), 9);
    QCOMPARE(h.graph.at(h.graph.indexOf(QStringLiteral("aaaa"))).labels, QStringList{"net"});
    QVERIFY(h.graph.at(h.graph.indexOf(QStringLiteral("bbbb"))).labels.isEmpty());
}

void tst_RevisionGraph::unparseableAndComputedFiles()
{
    ProjectBuilder b;
    b.revision(QStringLiteral("a.py"), QStringLiteral("aaaa"), QStringLiteral("None"));
    // A syntax error inside upgrade(): Alembic cannot import the file; Retort still reads its identifiers.
    b.write(QStringLiteral("migrations/versions/b.py"),
            "revision = 'bbbb'\ndown_revision = 'aaaa'\n\ndef upgrade():\n    op.execute('x'\n\ndef downgrade():\n    pass\n");
    b.write(QStringLiteral("migrations/versions/c.py"), "REV = 'bb' + 'bb'\nrevision = 'cccc'\ndown_revision = REV\n");
    // A name bound to a plain string in the file is that string, as Python reads it.
    b.write(QStringLiteral("migrations/versions/f.py"), "PARENT = 'bbbb'\nrevision = 'ffff'\ndown_revision = (PARENT,)\n");
    b.write(QStringLiteral("migrations/versions/d.py"),
            "import os\nrevision = 'dddd'\nif os.environ.get('X'):\n    down_revision = 'aaaa'\nelse:\n    down_revision = None\n");
    b.write(QStringLiteral("migrations/versions/e.py"), "revision = 'eeee'\n");
    const ProjectHistory h = b.load();
    const Problem *syntax = find(h, QStringLiteral("Python syntax error"));
    QVERIFY(syntax);
    QCOMPARE(syntax->path, b.path("b.py"));
    QVERIFY2(syntax->line >= 5, qPrintable(QString::number(syntax->line)));
    QVERIFY(h.graph.indexOf(QStringLiteral("bbbb")) >= 0);
    REQUIRE_PROBLEM(h, QStringLiteral("down_revision is computed when the file runs (REV)"), b.path("c.py"), 3);
    REQUIRE_PROBLEM(h, QStringLiteral("down_revision is assigned inside a condition"), b.path("d.py"), 6);
    REQUIRE_PROBLEM(h, QStringLiteral("The file sets no down_revision"), b.path("e.py"), 0);
    QCOMPARE(h.graph.ids(h.graph.heads()), QStringList{"ffff"});
    QCOMPARE(h.graph.at(h.graph.indexOf(QStringLiteral("ffff"))).down, QVector<int>{h.graph.indexOf(QStringLiteral("bbbb"))});
}

void tst_RevisionGraph::legacyAndForeignFiles()
{
    ProjectBuilder b;
    b.write(QStringLiteral("migrations/versions/ae1027a6acf.py"), "down_revision = None\n");
    b.write(QStringLiteral("migrations/versions/helpers.py"), "def util():\n    pass\n");
    b.write(QStringLiteral("migrations/versions/__init__.py"), "");
    b.write(QStringLiteral("migrations/versions/.#lock.py"), "");
    b.write(QStringLiteral("migrations/versions/notes.txt"), "");
    const ProjectHistory h = b.load();
    QCOMPARE(h.graph.ids(h.graph.heads()), QStringList{"ae1027a6acf"});   // id from the hexadecimal file name
    REQUIRE_PROBLEM(h, QStringLiteral("Could not determine the revision id"), b.path("helpers.py"), 0);
    QCOMPARE(h.errorCount(), 1);   // __init__.py, editor lock files and non-.py files are not revisions
}

void tst_RevisionGraph::unknownDependency()
{
    ProjectBuilder b;
    b.revision(QStringLiteral("a.py"), QStringLiteral("aaaa"), QStringLiteral("None"), QStringLiteral("depends_on = 'nope'"));
    const ProjectHistory h = b.load();
    REQUIRE_PROBLEM(h, QStringLiteral("depends_on names nope, which is neither a revision nor a branch label"), b.path("a.py"), 9);
    QCOMPARE(h.graph.size(), 1);
}

void tst_RevisionGraph::versionLocationsAndRecursion()
{
    for (const QByteArray &setting : {QByteArray("version_locations = %(here)s/v1 %(here)s/v2\n"),
                                      QByteArray("version_locations = %(here)s/v1, %(here)s/v2\n"),
                                      QByteArray("version_path_separator = :\nversion_locations = %(here)s/v1:%(here)s/v2\n"),
                                      QByteArray("path_separator = newline\nversion_locations =\n    %(here)s/v1\n    %(here)s/v2\n")}) {
        ProjectBuilder b;
        b.write(QStringLiteral("alembic.ini"), "[alembic]\nscript_location = migrations\n" + setting);
        b.write(QStringLiteral("v1/a.py"), "revision = 'aaaa'\ndown_revision = None\n");
        b.write(QStringLiteral("v2/b.py"), "revision = 'bbbb'\ndown_revision = 'aaaa'\n");
        b.write(QStringLiteral("v2/sub/c.py"), "revision = 'cccc'\ndown_revision = 'bbbb'\n");
        ProjectHistory h = b.load();
        QCOMPARE(h.errorCount(), 0);
        QCOMPARE(h.graph.ids(h.graph.heads()), QStringList{"bbbb"});   // subfolders only when recursive
    }
    ProjectBuilder b;
    b.write(QStringLiteral("alembic.ini"), "[alembic]\nscript_location = migrations\nrecursive_version_locations = true\n");
    b.write(QStringLiteral("migrations/versions/a.py"), "revision = 'aaaa'\ndown_revision = None\n");
    b.write(QStringLiteral("migrations/versions/2026/11/b.py"), "revision = 'bbbb'\ndown_revision = 'aaaa'\n");
    QCOMPARE(b.load().graph.ids(b.load().graph.heads()), QStringList{"bbbb"});
}

void tst_RevisionGraph::pyprojectAndEnvSettings()
{
    QTemporaryDir dir;
    const auto write = [&dir](const QString &name, const QByteArray &text) {
        QDir().mkpath(QFileInfo(dir.filePath(name)).absolutePath());
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
    };
    write(QStringLiteral("pyproject.toml"), "[project]\nname = 'x'\n\n[tool.alembic]\nscript_location = \"%(here)s/db\"\n"
                                           "version_locations = [\n  \"%(here)s/db/one\",\n  \"%(here)s/db/two\",\n]\n");
    write(QStringLiteral("db/env.py"), "context.configure(connection=c, version_table='schema_history', "
                                       "version_table_schema=\"ops\")\n");
    write(QStringLiteral("db/one/a.py"), "revision = 'aaaa'\ndown_revision = None\n");
    write(QStringLiteral("db/two/b.py"), "revision = 'bbbb'\ndown_revision = 'aaaa'\n");
    const Result<Project> project = Project::open(dir.path());
    QVERIFY2(project.ok(), qPrintable(project.ok() ? QString() : project.error().toString()));
    QCOMPARE(project->versionTable(), QStringLiteral("schema_history"));
    QCOMPARE(project->versionTableSchema(), QStringLiteral("ops"));
    const ProjectHistory h = ProjectHistory::load(*project);
    QCOMPARE(h.graph.ids(h.graph.heads()), QStringList{"bbbb"});
}

QTEST_GUILESS_MAIN(tst_RevisionGraph)
#include "tst_RevisionGraph.moc"
