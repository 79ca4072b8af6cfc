// Retort's revision files and Alembic's commands, held to real Alembic (Debian 12's 1.8.1; Debian
// 13's 1.13 where a test needs a newer feature) on the same project (issue 18, items 3 and 4): the
// file names file_template, truncate_slug_length and timezone give, the bytes output_encoding
// writes, the post-write hooks alembic.ini names (black as a console script, a hook that fails, one
// Alembic does not know, an exec hook), and templates that would name a file outside the version
// folder. Each test writes two copies of one small project: Alembic writes into one, retort-cli into
// the other, and the files are compared with the revision id and the dates made neutral.
#include "TestProcesses.h"
#include "TestServers.h"

#include <QDir>
#include <QDirIterator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace retort;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A project with one revision, a1; extra goes into [alembic] (and may open further sections).
bool makeProject(const QString &dir, const QString &extra, const QByteArray &templ = {})
{
    QByteArray mako = templ;
    if (mako.isEmpty())
        mako = readFile(QStringLiteral(RETORT_SOURCE_DIR "/migrations/alembic/script.py.mako"));
    return writeFile(dir + QStringLiteral("/alembic.ini"),
                     QStringLiteral("[alembic]\nscript_location = alembic\nsqlalchemy.url = sqlite:///app.db\n%1\n").arg(extra).toUtf8())
           && writeFile(dir + QStringLiteral("/alembic/env.py"), "raise SystemExit('env.py is not run by revision or merge')\n")
           && writeFile(dir + QStringLiteral("/alembic/script.py.mako"), mako)
           && writeFile(dir + QStringLiteral("/alembic/versions/a1.py"),
                        "\"\"\"base\n\nRevision ID: a1\nRevises:\nCreate Date: 2026-01-01 00:00:00\n\n\"\"\"\n"
                        "revision = 'a1'\ndown_revision = None\nbranch_labels = None\ndepends_on = None\n\n\n"
                        "def upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n");
}

test::ProcessRun retortCli(const QString &dir, const QStringList &arguments)
{
    return test::runProgram(QStringLiteral(RETORT_CLI_PATH), QStringList{QStringLiteral("--python"), kPython} + arguments, dir);
}

// The revision files in dir's version folder other than a1.py.
QStringList newFiles(const QString &dir)
{
    QStringList files = QDir(dir + QStringLiteral("/alembic/versions")).entryList({QStringLiteral("*.py")}, QDir::Files);
    files.removeAll(QStringLiteral("a1.py"));
    return files;
}

// The text with its revision id and its Create Date made neutral (the date keeps its shape).
QString neutral(QString text, const QString &revision)
{
    text.replace(revision, QStringLiteral("REV"));
    static const QRegularExpression digit(QStringLiteral("\\d"));
    static const QRegularExpression createDate(QStringLiteral("Create Date: [^\\n]*"));
    const QRegularExpressionMatch m = createDate.match(text);
    if (m.hasMatch())
        text.replace(m.capturedStart(), m.capturedLength(), QString(m.captured(0)).replace(digit, QStringLiteral("9")));
    return text;
}

QString revisionOf(const QString &text)
{
    static const QRegularExpression id(QStringLiteral("Revision ID: (\\w+)"));
    return id.match(text).captured(1);
}

QString createDateOf(const QString &text)
{
    static const QRegularExpression date(QStringLiteral("Create Date: ([^\\n]*)"));
    return date.match(text).captured(1);
}

// The name Alembic's own ScriptDirectory._rev_path gives a revision with this id, message and date.
QString alembicNameFor(const QString &dir, const QString &revision, const QString &message, const QString &date)
{
    const test::ProcessRun r = test::runProgram(
        kPython, {QStringLiteral("-c"),
                  QStringLiteral("import datetime, os, sys\nfrom alembic.config import Config\nfrom alembic.script import ScriptDirectory\n"
                                 "sd = ScriptDirectory.from_config(Config('alembic.ini'))\n"
                                 "print(os.path.basename(sd._rev_path('', sys.argv[1], sys.argv[2], datetime.datetime.fromisoformat(sys.argv[3]))))"),
                  revision, message, date},
        dir);
    return r.exitCode == 0 ? r.out.trimmed() : QStringLiteral("<%1>").arg(r.describe());
}

// The new revision file in dir (the one not among before), its text.
QString newFileText(const QString &dir, const QStringList &before, QString *name = nullptr)
{
    QStringList files = QDir(dir + QStringLiteral("/alembic/versions")).entryList({QStringLiteral("*.py")}, QDir::Files);
    for (const QString &f : before)
        files.removeAll(f);
    if (files.size() != 1)
        return QStringLiteral("<%1 new files: %2>").arg(files.size()).arg(files.join(QLatin1Char(' ')));
    if (name)
        *name = files.first();
    return QString::fromUtf8(readFile(dir + QStringLiteral("/alembic/versions/") + files.first()));
}

// Alembic orders a merge's down revisions as the file system lists the files: compare them as sets.
QString sortedDownRevisions(QString text)
{
    static const QRegularExpression revises(QStringLiteral("Revises: ([^\n]*)"));
    static const QRegularExpression down(QStringLiteral("down_revision = \\(([^)]*)\\)"));
    QRegularExpressionMatch m = revises.match(text);
    if (m.hasMatch()) {
        QStringList parts = m.captured(1).split(QStringLiteral(", "));
        parts.sort();
        text.replace(m.capturedStart(1), m.capturedLength(1), parts.join(QStringLiteral(", ")));
    }
    m = down.match(text);
    if (m.hasMatch()) {
        QStringList parts = m.captured(1).split(QStringLiteral(", "));
        parts.sort();
        text.replace(m.capturedStart(1), m.capturedLength(1), parts.join(QStringLiteral(", ")));
    }
    return text;
}

// A revision file with this id, down revisions and branch label, for a test's history.
QByteArray revisionFile(const char *id, const char *down, const char *labels = "None")
{
    return QByteArray("\"\"\"") + id + "\n\nRevision ID: " + id + "\n\"\"\"\nrevision = '" + id + "'\ndown_revision = " + down
           + "\nbranch_labels = " + labels + "\ndepends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n";
}

// Debian 13's Alembic through the same python3 (tools/dev test unpacks it); empty when absent.
QString sa20Site()
{
    const QString site = qEnvironmentVariable("RETORT_SA20_PYTHONPATH");
    return !site.isEmpty() && QFile::exists(site + QStringLiteral("/alembic/__init__.py")) ? site : QString();
}

} // namespace

class tst_AlembicCommands : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!QFile::exists(QStringLiteral("/usr/lib/python3/dist-packages/alembic/__init__.py")))
            QFAIL("python3-alembic is not installed (tools/dev test installs it)");
    }

    // Item 3: the name of a new revision file, and its Create Date, as Alembic gives them.
    void fileNamesAsAlembic_data()
    {
        QTest::addColumn<QString>("settings");
        QTest::addColumn<QString>("message");
        QTest::newRow("default template, long message") << QString() << "Add crew size to engines, and a message longer than forty characters";
        QTest::newRow("dated, slug of 10, Europe/Paris")
            << "file_template = %%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d-%%(rev)s_%%(slug)s\n"
               "truncate_slug_length = 10\ntimezone = Europe/Paris" << "add crew size to engines";
        QTest::newRow("epoch, seconds, precision") << "file_template = %%(epoch)s-%%(rev)s-%%(second).2d_%%(slug).5s"
                                                   << "rename launch pads";
        QTest::newRow("flags and widths, utc") << "file_template = %%(rev)s_%%(year)06d_%%(month)-3d_%%(day)+d_%%(slug)s\ntimezone = utc"
                                               << "x";
        QTest::newRow("slug cut inside a word") << "truncate_slug_length = 4" << "Supercalifragilistic";
        QTest::newRow("slug length 0 is the default") << "truncate_slug_length = 0" << "drop it, and a message longer than forty characters";
        QTest::newRow("unicode words") << QString() << "Ajoute la durée — étape 2";
    }
    void fileNamesAsAlembic()
    {
        QFETCH(QString, settings);
        QFETCH(QString, message);
        QTemporaryDir theirs, ours;
        QVERIFY(makeProject(theirs.path(), settings) && makeProject(ours.path(), settings));
        const test::ProcessRun reference = test::runAlembic(theirs.path(), {QStringLiteral("revision"), QStringLiteral("-m"), message,
                                                                            QStringLiteral("--rev-id"), QStringLiteral("0123456789ab")});
        QVERIFY2(reference.exitCode == 0, qPrintable(reference.describe()));
        const test::ProcessRun mine = retortCli(ours.path(), {QStringLiteral("revision"), QStringLiteral("-m"), message});
        QVERIFY2(mine.exitCode == 0, qPrintable(mine.describe()));
        QCOMPARE(newFiles(theirs.path()).size(), 1);
        QCOMPARE(newFiles(ours.path()).size(), 1);
        const QString theirName = newFiles(theirs.path()).constFirst();
        const QString ourName = newFiles(ours.path()).constFirst();
        const QString ourText = QString::fromUtf8(readFile(ours.path() + QStringLiteral("/alembic/versions/") + ourName));
        const QString theirText = QString::fromUtf8(readFile(theirs.path() + QStringLiteral("/alembic/versions/") + theirName));
        const QString revision = revisionOf(ourText);
        QCOMPARE(revision.size(), 12);
        // Exactly the name Alembic's own code gives this id, message and date…
        QCOMPARE(ourName, alembicNameFor(ours.path(), revision, message, createDateOf(ourText)));
        // …and the same shape as the file Alembic wrote just now (digits of the time aside), text and all.
        static const QRegularExpression digit(QStringLiteral("\\d"));
        QCOMPARE(QString(ourName).replace(revision, QStringLiteral("REV")).replace(digit, QStringLiteral("9")),
                 QString(theirName).replace(QStringLiteral("0123456789ab"), QStringLiteral("REV")).replace(digit, QStringLiteral("9")));
        QCOMPARE(neutral(ourText, revision), neutral(theirText, QStringLiteral("0123456789ab")));
    }

    // Item 3: output_encoding writes the file's bytes in that encoding; text it cannot hold stops
    // both tools before anything is written. The template's own first-line encoding comment is
    // Mako's (it says how the template is written and is not copied); the second line's is the file's.
    void outputEncodingAsAlembic()
    {
        const QByteArray templ = "# -*- coding: latin-1 -*-\n# -*- coding: latin-1 -*-\n# G\xe9n\xe9r\xe9\n"
                                 + readFile(QStringLiteral(RETORT_SOURCE_DIR "/migrations/alembic/script.py.mako"));
        QTemporaryDir theirs, ours;
        QVERIFY(makeProject(theirs.path(), QStringLiteral("output_encoding = latin-1"), templ)
                && makeProject(ours.path(), QStringLiteral("output_encoding = latin-1"), templ));
        const QString message = QStringLiteral("crème brûlée");
        const test::ProcessRun reference = test::runAlembic(theirs.path(), {QStringLiteral("revision"), QStringLiteral("-m"), message,
                                                                            QStringLiteral("--rev-id"), QStringLiteral("0123456789ab")});
        QVERIFY2(reference.exitCode == 0, qPrintable(reference.describe()));
        const test::ProcessRun mine = retortCli(ours.path(), {QStringLiteral("revision"), QStringLiteral("-m"), message});
        QVERIFY2(mine.exitCode == 0, qPrintable(mine.describe()));
        const QByteArray ourBytes = readFile(ours.path() + QStringLiteral("/alembic/versions/") + newFiles(ours.path()).value(0));
        const QByteArray theirBytes = readFile(theirs.path() + QStringLiteral("/alembic/versions/") + newFiles(theirs.path()).value(0));
        QVERIFY(ourBytes.contains("cr\xe8me br\xfbl\xe9""e"));   // latin-1, not UTF-8
        QVERIFY(ourBytes.startsWith("# -*- coding: latin-1 -*-\n# G\xe9n\xe9r\xe9\n"));
        const QString ourText = QString::fromLatin1(ourBytes);
        QCOMPARE(neutral(ourText, revisionOf(ourText)), neutral(QString::fromLatin1(theirBytes), QStringLiteral("0123456789ab")));

        QTemporaryDir theirsAscii, oursAscii;
        QVERIFY(makeProject(theirsAscii.path(), QStringLiteral("output_encoding = ascii"))
                && makeProject(oursAscii.path(), QStringLiteral("output_encoding = ascii")));
        QVERIFY(test::runAlembic(theirsAscii.path(), {QStringLiteral("revision"), QStringLiteral("-m"), message}).exitCode != 0);
        QVERIFY(newFiles(theirsAscii.path()).isEmpty());
        const test::ProcessRun refused = retortCli(oursAscii.path(), {QStringLiteral("revision"), QStringLiteral("-m"), message});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(QStringLiteral("alembic.ini:4: The revision's text has characters output_encoding 'ascii' cannot hold")),
                 qPrintable(refused.err));
        QVERIFY(newFiles(oursAscii.path()).isEmpty());
    }

    // Item 3: [post_write_hooks]. black as a console script formats both files alike; a hook that
    // fails is shown and the file kept; a hook type Alembic does not know is an error, the file kept.
    void postWriteHooksAsAlembic()
    {
        if (!QFile::exists(QStringLiteral("/usr/bin/black")))
            QFAIL("black is not installed (tools/dev test installs it)");
        const QString hooks = QStringLiteral("\n[post_write_hooks]\nhooks = black\nblack.type = console_scripts\n"
                                             "black.entrypoint = black\nblack.options = -l 79 REVISION_SCRIPT_FILENAME\n");
        QTemporaryDir theirs, ours;
        QVERIFY(makeProject(theirs.path(), hooks) && makeProject(ours.path(), hooks));
        const test::ProcessRun reference = test::runAlembic(theirs.path(), {QStringLiteral("revision"), QStringLiteral("-m"), QStringLiteral("hooked"),
                                                                            QStringLiteral("--rev-id"), QStringLiteral("0123456789ab")});
        QVERIFY2(reference.exitCode == 0, qPrintable(reference.describe()));
        const test::ProcessRun mine = retortCli(ours.path(), {QStringLiteral("revision"), QStringLiteral("-m"), QStringLiteral("hooked")});
        QVERIFY2(mine.exitCode == 0, qPrintable(mine.describe()));
        // The command was shown before it ran, and black's own words after.
        QVERIFY2(mine.out.contains(QStringLiteral("Running post write hook \"black\": (console script of /usr/bin/python3) black -l 79 ")),
                 qPrintable(mine.out));
        QVERIFY2(mine.out.contains(QStringLiteral("1 file reformatted")), qPrintable(mine.out));
        const QString ourText = QString::fromUtf8(readFile(ours.path() + QStringLiteral("/alembic/versions/") + newFiles(ours.path()).value(0)));
        const QString theirText = QString::fromUtf8(readFile(theirs.path() + QStringLiteral("/alembic/versions/") + newFiles(theirs.path()).value(0)));
        QVERIFY2(ourText.contains(QStringLiteral("down_revision = \"a1\"")), qPrintable(ourText));   // black's quotes
        QCOMPARE(neutral(ourText, revisionOf(ourText)), neutral(theirText, QStringLiteral("0123456789ab")));

        // pyflakes finds the template's unused imports and exits 1: Alembic ignores that; Retort says so.
        QTemporaryDir failing;
        QVERIFY(makeProject(failing.path(), QStringLiteral("\n[post_write_hooks]\nhooks = lint\nlint.type = console_scripts\n"
                                                           "lint.entrypoint = pyflakes\n")));
        const test::ProcessRun linted = retortCli(failing.path(), {QStringLiteral("revision"), QStringLiteral("-m"), QStringLiteral("lint me")});
        QCOMPARE(linted.exitCode, 0);
        QVERIFY2(linted.out.contains(QStringLiteral("imported but unused")), qPrintable(linted.describe()));
        QVERIFY2(linted.err.contains(QStringLiteral("warning: post write hook \"lint\" exited with status 1; the revision file is kept: ")),
                 qPrintable(linted.err));
        QCOMPARE(newFiles(failing.path()).size(), 1);

        // A type Alembic does not know: both fail after writing, and the file stays.
        const QString unknown = QStringLiteral("\n[post_write_hooks]\nhooks = fmt\nfmt.type = nosuch\n");
        QTemporaryDir theirsUnknown, oursUnknown;
        QVERIFY(makeProject(theirsUnknown.path(), unknown) && makeProject(oursUnknown.path(), unknown));
        const test::ProcessRun refUnknown = test::runAlembic(theirsUnknown.path(), {QStringLiteral("revision"), QStringLiteral("-m"), QStringLiteral("u")});
        const test::ProcessRun myUnknown = retortCli(oursUnknown.path(), {QStringLiteral("revision"), QStringLiteral("-m"), QStringLiteral("u")});
        QVERIFY(refUnknown.exitCode != 0);
        QVERIFY2((refUnknown.out + refUnknown.err).contains(QStringLiteral("No formatter with name 'nosuch' registered")),
                 qPrintable(refUnknown.describe()));
        QCOMPARE(myUnknown.exitCode, 1);
        QVERIFY2(myUnknown.err.contains(QStringLiteral("alembic.ini:7: No formatter with name 'nosuch' registered")), qPrintable(myUnknown.err));
        QCOMPARE(newFiles(theirsUnknown.path()).size(), 1);
        QCOMPARE(newFiles(oursUnknown.path()).size(), 1);
    }

    // Item 3: an exec hook (Alembic 1.12 and later), compared with Debian 13's Alembic 1.13.
    void execHookAsAlembic113()
    {
        const QString site = sa20Site();
        if (site.isEmpty()) {
            if (test::inCi())
                QFAIL("Debian 13's Alembic is not unpacked (tools/dev test sets RETORT_SA20_PYTHONPATH)");
            QSKIP("RETORT_SA20_PYTHONPATH is not set");
        }
        const QString hooks = QStringLiteral("\n[post_write_hooks]\nhooks = mark\nmark.type = exec\nmark.executable = sed\n"
                                             "mark.options = -i -e \"s/^def upgrade/# hooked 'here'\\\\ndef upgrade/\" REVISION_SCRIPT_FILENAME\n");
        QTemporaryDir theirs, ours;
        QVERIFY(makeProject(theirs.path(), hooks) && makeProject(ours.path(), hooks));
        const test::ProcessRun reference = test::runProgram(kPython, {QStringLiteral("-m"), QStringLiteral("alembic"), QStringLiteral("revision"),
                                                                      QStringLiteral("-m"), QStringLiteral("exec"), QStringLiteral("--rev-id"),
                                                                      QStringLiteral("0123456789ab")},
                                                            theirs.path(), {{QStringLiteral("PYTHONPATH"), site}});
        QVERIFY2(reference.exitCode == 0, qPrintable(reference.describe()));
        const test::ProcessRun mine = retortCli(ours.path(), {QStringLiteral("revision"), QStringLiteral("-m"), QStringLiteral("exec")});
        QVERIFY2(mine.exitCode == 0, qPrintable(mine.describe()));
        const QString ourText = QString::fromUtf8(readFile(ours.path() + QStringLiteral("/alembic/versions/") + newFiles(ours.path()).value(0)));
        const QString theirText = QString::fromUtf8(readFile(theirs.path() + QStringLiteral("/alembic/versions/") + newFiles(theirs.path()).value(0)));
        QVERIFY2(ourText.contains(QStringLiteral("# hooked 'here'\ndef upgrade")), qPrintable(ourText));
        QCOMPARE(neutral(ourText, revisionOf(ourText)), neutral(theirText, QStringLiteral("0123456789ab")));
    }

    // Hostile settings: a template that leaves the version folder, a token Alembic does not know, a
    // number conversion of a text, an unknown timezone. Each is an error at its alembic.ini line and
    // nothing is written anywhere.
    void badSettingsWriteNothing_data()
    {
        QTest::addColumn<QString>("settings");
        QTest::addColumn<QString>("error");
        QTest::newRow("way out") << "file_template = ../../%%(rev)s" << "alembic.ini:4: file_template '../../%(rev)s' cannot name a revision file: "
                                                                         "the name '../../";
        QTest::newRow("hidden file") << "file_template = .%%(rev)s" << "alembic.ini:4: file_template";
        QTest::newRow("unknown token") << "file_template = %%(rev)s_%%(branch)s" << "%(branch) is not a token Alembic knows";
        QTest::newRow("number of a text") << "file_template = %%(slug)d" << "%d format: a real number is required, not str";
        QTest::newRow("lone percent") << "file_template = %%(rev)s_100%%" << "is not a %(name)s conversion";
        QTest::newRow("unknown timezone") << "timezone = Mars/Olympus" << "alembic.ini:4: Can't locate timezone: Mars/Olympus";
        QTest::newRow("unknown encoding") << "output_encoding = klingon-8" << "alembic.ini:4: output_encoding 'klingon-8' is not an encoding";
        QTest::newRow("bad slug length") << "truncate_slug_length = ten" << "alembic.ini:4: truncate_slug_length must be a whole number";
    }
    void badSettingsWriteNothing()
    {
        QFETCH(QString, settings);
        QFETCH(QString, error);
        QTemporaryDir outer;
        const QString dir = outer.path() + QStringLiteral("/a/b");
        QVERIFY(makeProject(dir, settings));
        const test::ProcessRun r = retortCli(dir, {QStringLiteral("revision"), QStringLiteral("-m"), QStringLiteral("x")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(error), qPrintable(r.err));
        QVERIFY(newFiles(dir).isEmpty());
        QCOMPARE(QDir(outer.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::Hidden), QStringList{QStringLiteral("a")});
        QCOMPARE(QDir(outer.path() + QStringLiteral("/a")).entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::Hidden),
                 QStringList{QStringLiteral("b")});
    }

    // Item 4: merge, as alembic merge: every head, or the revisions named; a branch label; the file
    // Alembic then reads as the one head.
    void mergeAsAlembic()
    {
        QTemporaryDir theirs, ours;
        for (const QString &dir : {theirs.path(), ours.path()}) {
            QVERIFY(makeProject(dir, {}));
            QVERIFY(writeFile(dir + QStringLiteral("/alembic/versions/b1.py"), revisionFile("b1", "'a1'")));
            QVERIFY(writeFile(dir + QStringLiteral("/alembic/versions/c1.py"), revisionFile("c1", "'a1'", "('side',)")));
            QVERIFY(writeFile(dir + QStringLiteral("/alembic/versions/d1.py"), revisionFile("d1", "None")));
        }
        const QStringList before{QStringLiteral("a1.py"), QStringLiteral("b1.py"), QStringLiteral("c1.py"), QStringLiteral("d1.py")};
        const test::ProcessRun reference = test::runAlembic(theirs.path(), {QStringLiteral("merge"), QStringLiteral("-m"), QStringLiteral("merge them"),
                                                                            QStringLiteral("--branch-label"), QStringLiteral("joined"),
                                                                            QStringLiteral("--rev-id"), QStringLiteral("0123456789ab"),
                                                                            QStringLiteral("heads")});
        QVERIFY2(reference.exitCode == 0, qPrintable(reference.describe()));
        const test::ProcessRun mine = retortCli(ours.path(), {QStringLiteral("merge"), QStringLiteral("-m"), QStringLiteral("merge them"),
                                                              QStringLiteral("--branch-label"), QStringLiteral("joined"), QStringLiteral("heads")});
        QVERIFY2(mine.exitCode == 0, qPrintable(mine.describe()));
        QVERIFY2(mine.out.startsWith(QStringLiteral("Generating ")) && mine.out.contains(QStringLiteral("_merge_them.py ...  done")),
                 qPrintable(mine.out));
        const QString ourText = newFileText(ours.path(), before);
        const QString theirText = newFileText(theirs.path(), before);
        QVERIFY2(ourText.contains(QStringLiteral("branch_labels = ('joined',)")), qPrintable(ourText));
        QCOMPARE(sortedDownRevisions(neutral(ourText, revisionOf(ourText))), sortedDownRevisions(neutral(theirText, QStringLiteral("0123456789ab"))));
        // Alembic reads Retort's merge: one head, labelled.
        const test::ProcessRun heads = test::runAlembic(ours.path(), {QStringLiteral("heads")});
        QVERIFY2(heads.out.trimmed() == revisionOf(ourText) + QStringLiteral(" (joined, side) (head)")
                     || heads.out.trimmed() == revisionOf(ourText) + QStringLiteral(" (side, joined) (head)"),   // a Python set
                 qPrintable(heads.describe()));

        // Named revisions, by partial id and label; an unknown one is Alembic's error, nothing written.
        QTemporaryDir theirs2, ours2;
        for (const QString &dir : {theirs2.path(), ours2.path()}) {
            QVERIFY(makeProject(dir, {}));
            QVERIFY(writeFile(dir + QStringLiteral("/alembic/versions/b1.py"), revisionFile("b1", "'a1'")));
            QVERIFY(writeFile(dir + QStringLiteral("/alembic/versions/c1.py"), revisionFile("c1", "'a1'", "('side',)")));
        }
        QVERIFY(test::runAlembic(theirs2.path(), {QStringLiteral("merge"), QStringLiteral("--rev-id"), QStringLiteral("0123456789ab"),
                                                  QStringLiteral("b1"), QStringLiteral("side@head")}).exitCode == 0);
        QCOMPARE(retortCli(ours2.path(), {QStringLiteral("merge"), QStringLiteral("b1"), QStringLiteral("side@head")}).exitCode, 0);
        const QStringList before2{QStringLiteral("a1.py"), QStringLiteral("b1.py"), QStringLiteral("c1.py")};
        const QString ourText2 = newFileText(ours2.path(), before2);
        QCOMPARE(sortedDownRevisions(neutral(ourText2, revisionOf(ourText2))),
                 sortedDownRevisions(neutral(newFileText(theirs2.path(), before2), QStringLiteral("0123456789ab"))));
        const test::ProcessRun unknown = retortCli(ours2.path(), {QStringLiteral("merge"), QStringLiteral("heads"), QStringLiteral("nosuch")});
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(unknown.err.contains(QStringLiteral("nosuch")), qPrintable(unknown.err));
        QCOMPARE(QDir(ours2.path() + QStringLiteral("/alembic/versions")).entryList({QStringLiteral("*.py")}).size(), 4);
    }

    // Item 4: revision --rev-id --branch-label --depends-on --splice --head --version-path, each
    // next to the same command of Alembic's.
    void revisionOptionsAsAlembic_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("error");   // empty: both write the same file
        QTest::newRow("not a head without --splice") << QStringList{"--head", "a1"}
                                                     << "Revision a1 is not a head revision; please specify --splice to create a new branch from this revision";
        QTest::newRow("splice, label, dependency") << QStringList{"--head", "a1", "--splice", "--branch-label", "feat", "--depends-on", "b1"}
                                                           << QString();
        QTest::newRow("two dependencies") << QStringList{"--depends-on", "a1", "--depends-on", "b1"} << QString();
        QTest::newRow("dependency by label") << QStringList{"--depends-on", "side"} << QString();
        QTest::newRow("a new base") << QStringList{"--head", "base"} << QString();
        QTest::newRow("on a branch's head") << QStringList{"--head", "side@head"} << QString();
        QTest::newRow("unknown dependency") << QStringList{"--depends-on", "nosuch"} << "nosuch";
        QTest::newRow("illegal id") << QStringList{"--rev-id", "a-b"} << "Character(s) '-' not allowed in revision identifier 'a-b'";
    }
    void revisionOptionsAsAlembic()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, error);
        QTemporaryDir theirs, ours;
        for (const QString &dir : {theirs.path(), ours.path()}) {
            QVERIFY(makeProject(dir, {}));
            QVERIFY(writeFile(dir + QStringLiteral("/alembic/versions/b1.py"), revisionFile("b1", "'a1'")));
            QVERIFY(writeFile(dir + QStringLiteral("/alembic/versions/c1.py"), revisionFile("c1", "None", "('side',)")));
        }
        // c1 is a second base with its own label: --head is needed unless the option names one.
        QStringList common{QStringLiteral("revision"), QStringLiteral("-m"), QStringLiteral("opts")};
        if (!arguments.contains(QStringLiteral("--head")))
            common << QStringLiteral("--head") << QStringLiteral("b1");
        const bool ownId = arguments.contains(QStringLiteral("--rev-id"));
        const test::ProcessRun reference = test::runAlembic(theirs.path(), common + arguments
                                                                               + (ownId ? QStringList() : QStringList{QStringLiteral("--rev-id"), QStringLiteral("0123456789ab")}));
        const test::ProcessRun mine = retortCli(ours.path(), common + arguments);
        const QStringList before{QStringLiteral("a1.py"), QStringLiteral("b1.py"), QStringLiteral("c1.py")};
        if (!error.isEmpty()) {
            QVERIFY2(reference.exitCode != 0 && (reference.out + reference.err).contains(error), qPrintable(reference.describe()));
            QCOMPARE(mine.exitCode, 1);
            QVERIFY2(mine.err.contains(error), qPrintable(mine.err));
            QCOMPARE(newFiles(ours.path()), (QStringList{QStringLiteral("b1.py"), QStringLiteral("c1.py")}));
            return;
        }
        QVERIFY2(reference.exitCode == 0, qPrintable(reference.describe()));
        QVERIFY2(mine.exitCode == 0, qPrintable(mine.describe()));
        const QString ourText = newFileText(ours.path(), before);
        QCOMPARE(neutral(ourText, revisionOf(ourText)), neutral(newFileText(theirs.path(), before), QStringLiteral("0123456789ab")));
    }

    // A duplicate --rev-id: Alembic writes a second file with the same id and the history no longer
    // loads; Retort refuses and writes nothing.
    void duplicateRevisionIdIsRefused()
    {
        QTemporaryDir ours;
        QVERIFY(makeProject(ours.path(), {}));
        const test::ProcessRun mine = retortCli(ours.path(), {QStringLiteral("revision"), QStringLiteral("-m"), QStringLiteral("again"),
                                                              QStringLiteral("--rev-id"), QStringLiteral("a1")});
        QCOMPARE(mine.exitCode, 1);
        QVERIFY2(mine.err.contains(QStringLiteral("Revision a1 already exists")), qPrintable(mine.err));
        QVERIFY(newFiles(ours.path()).isEmpty());
    }

    // Item 4: --version-path with several version locations.
    void versionPathAsAlembic()
    {
        const QString locations = QStringLiteral("version_locations = %(here)s/alembic/versions %(here)s/other");
        QTemporaryDir theirs, ours;
        for (const QString &dir : {theirs.path(), ours.path()}) {
            QVERIFY(makeProject(dir, locations));
            QVERIFY(QDir().mkpath(dir + QStringLiteral("/other")));
        }
        // On a1: its folder. A new base: Alembic asks for --version-path. A path not among them: refused.
        for (const QStringList &arguments : {QStringList{}, QStringList{"--head", "base"}, QStringList{"--version-path", "other"},
                                             QStringList{"--version-path", "/tmp"}}) {
            const QStringList command = QStringList{QStringLiteral("revision"), QStringLiteral("-m"), QStringLiteral("where")} + arguments;
            const test::ProcessRun reference = test::runAlembic(theirs.path(), command);
            const test::ProcessRun mine = retortCli(ours.path(), command);
            QCOMPARE(mine.exitCode == 0, reference.exitCode == 0);
            if (reference.exitCode != 0) {
                const QString theirError = (reference.out + reference.err).section(QStringLiteral("FAILED: "), 1).trimmed();
                QVERIFY2(mine.err.contains(theirError), qPrintable(mine.err + QStringLiteral(" / ") + theirError));
            } else {
                // The same folder.
                const QString theirPath = reference.out.section(QStringLiteral("Generating "), 1).section(QLatin1Char(' '), 0, 0);
                const QString ourPath = mine.out.section(QStringLiteral("Generating "), 1).section(QLatin1Char(' '), 0, 0);
                QCOMPARE(QFileInfo(ourPath).absolutePath().mid(ours.path().size()), QFileInfo(theirPath).absolutePath().mid(theirs.path().size()));
                QFile::remove(ourPath);
                QFile::remove(theirPath);
            }
        }
    }

    // Item 4: -c FILE -n SECTION, an ini with one section per database.
    void configFileAndSection()
    {
        QTemporaryDir dir;
        QVERIFY(makeProject(dir.path() + QStringLiteral("/shop"), {}));
        QVERIFY(makeProject(dir.path() + QStringLiteral("/blog"), {}));
        QVERIFY(writeFile(dir.path() + QStringLiteral("/blog/alembic/versions/b1.py"), revisionFile("b1", "'a1'")));
        QVERIFY(writeFile(dir.path() + QStringLiteral("/databases.ini"),
                          "[shop]\nscript_location = %(here)s/shop/alembic\n\n[blog]\nscript_location = %(here)s/blog/alembic\n"));
        for (const char *section : {"shop", "blog"}) {
            const QStringList arguments{QStringLiteral("-c"), QStringLiteral("databases.ini"), QStringLiteral("-n"), QLatin1String(section),
                                        QStringLiteral("heads")};
            const test::ProcessRun reference = test::runAlembic(dir.path(), arguments);
            const test::ProcessRun mine = retortCli(dir.path(), arguments);
            QVERIFY2(reference.exitCode == 0 && mine.exitCode == 0, qPrintable(reference.describe() + mine.describe()));
            QCOMPARE(mine.out, reference.out);
        }
        const test::ProcessRun missing = retortCli(dir.path(), {QStringLiteral("-c"), QStringLiteral("databases.ini"), QStringLiteral("-n"),
                                                                QStringLiteral("nosuch"), QStringLiteral("heads")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains(QStringLiteral("No config file section [nosuch]")), qPrintable(missing.err));
    }

    // Item 4: init (and list_templates), ensure_version. Alembic works on the project Retort made
    // (a revision, an upgrade, ensure_version --sql), and both refuse a folder that is not empty.
    void initAndEnsureVersionAsAlembic()
    {
        QTemporaryDir theirs, ours;
        const test::ProcessRun reference = test::runAlembic(theirs.path(), {QStringLiteral("init"), QStringLiteral("migrations")});
        QVERIFY2(reference.exitCode == 0, qPrintable(reference.describe()));
        const test::ProcessRun mine = retortCli(ours.path(), {QStringLiteral("init"), QStringLiteral("migrations")});
        QVERIFY2(mine.exitCode == 0, qPrintable(mine.describe()));
        const auto listing = [](const QString &root) {
            QStringList out;
            QDirIterator it(root, QDir::AllEntries | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
            while (it.hasNext())
                out << QDir(root).relativeFilePath(it.next());
            out.sort();
            return out;
        };
        QCOMPARE(listing(ours.path()), listing(theirs.path()));
        QVERIFY2(mine.out.endsWith(QStringLiteral("Please edit configuration/connection/logging settings in '%1/alembic.ini' before proceeding.\n")
                                       .arg(ours.path())), qPrintable(mine.out));
        // Alembic on Retort's project.
        const QString url = QStringLiteral("sqlite:///") + ours.path() + QStringLiteral("/app.db");
        QVERIFY(test::runAlembic(ours.path(), {QStringLiteral("revision"), QStringLiteral("-m"), QStringLiteral("first"), QStringLiteral("--rev-id"),
                                               QStringLiteral("f1")}).exitCode == 0);
        const test::ProcessRun up = test::runAlembic(ours.path(), {QStringLiteral("upgrade"), QStringLiteral("head")}, url);
        QVERIFY2(up.exitCode == 0, qPrintable(up.describe()));
        QVERIFY2(up.err.contains(QStringLiteral("INFO  [alembic.runtime.migration] Running upgrade  -> f1, first")), qPrintable(up.err));
        const test::ProcessRun current = test::runProgram(QStringLiteral(RETORT_CLI_PATH), {QStringLiteral("current")}, ours.path(),
                                                          {{QStringLiteral("RETORT_DATABASE_URL"), url}});
        QCOMPARE(current.out, QStringLiteral("f1 (head)\n"));
        // ensure_version --sql prints what Alembic's prints; online, both create the same table.
        const test::ProcessRun theirSql = test::runAlembic(ours.path(), {QStringLiteral("ensure_version"), QStringLiteral("--sql")}, url);
        const test::ProcessRun ourSql = test::runProgram(QStringLiteral(RETORT_CLI_PATH), {QStringLiteral("ensure_version"), QStringLiteral("--sql")},
                                                         ours.path(), {{QStringLiteral("RETORT_DATABASE_URL"), url}});
        QVERIFY2(theirSql.exitCode == 0 && ourSql.exitCode == 0, qPrintable(theirSql.describe() + ourSql.describe()));
        QCOMPARE(ourSql.out.trimmed(), theirSql.out.trimmed());
        const QString ourDb = QStringLiteral("sqlite:///") + ours.path() + QStringLiteral("/fresh.db");
        const QString theirDb = QStringLiteral("sqlite:///") + ours.path() + QStringLiteral("/reference.db");
        QVERIFY(test::runAlembic(ours.path(), {QStringLiteral("ensure_version")}, theirDb).exitCode == 0);
        QCOMPARE(test::runProgram(QStringLiteral(RETORT_CLI_PATH), {QStringLiteral("ensure_version")}, ours.path(),
                                  {{QStringLiteral("RETORT_DATABASE_URL"), ourDb}}).exitCode, 0);
        const auto schemaOf = [](const QString &file) {
            return test::runProgram(QStringLiteral("sqlite3"), {file, QStringLiteral(".schema")}).out;
        };
        QVERIFY(schemaOf(ours.path() + QStringLiteral("/fresh.db")).contains(QStringLiteral("alembic_version")));
        QCOMPARE(schemaOf(ours.path() + QStringLiteral("/fresh.db")), schemaOf(ours.path() + QStringLiteral("/reference.db")));
        // Retort reads the project Alembic made.
        QCOMPARE(test::runProgram(QStringLiteral(RETORT_CLI_PATH), {QStringLiteral("heads")}, theirs.path()).exitCode, 0);
        // A folder that is not empty: refused by both, nothing written.
        const test::ProcessRun again = retortCli(ours.path(), {QStringLiteral("init"), QStringLiteral("migrations")});
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains(QStringLiteral("Directory %1/migrations already exists and is not empty").arg(ours.path())), qPrintable(again.err));
        const test::ProcessRun theirsAgain = test::runAlembic(theirs.path(), {QStringLiteral("init"), QStringLiteral("migrations")});
        QVERIFY((theirsAgain.out + theirsAgain.err).contains(QStringLiteral("already exists and is not empty")));
        // list_templates: the template Retort has, described as Alembic describes it.
        const test::ProcessRun templates = retortCli(ours.path(), {QStringLiteral("list_templates")});
        const test::ProcessRun theirTemplates = test::runAlembic(ours.path(), {QStringLiteral("list_templates")});
        QVERIFY(templates.out.contains(QStringLiteral("\ngeneric - Generic single-database configuration.\n")));
        QVERIFY(theirTemplates.out.contains(QStringLiteral("\ngeneric - Generic single-database configuration.\n")));
    }

    // Item 4: stamp --sql prints what Alembic's offline stamp prints, per dialect, from base or FROM:.
    void stampSqlAsAlembic()
    {
        QTemporaryDir dir;
        QVERIFY(retortCli(dir.path(), {QStringLiteral("init"), QStringLiteral("migrations")}).exitCode == 0);
        for (const char *id : {"r1", "r2"})
            QVERIFY(test::runAlembic(dir.path(), {QStringLiteral("revision"), QStringLiteral("-m"), QLatin1String(id), QStringLiteral("--rev-id"),
                                                  QLatin1String(id)}).exitCode == 0);
        for (const QString &url : {QStringLiteral("sqlite:///%1/app.db").arg(dir.path()), QStringLiteral("postgresql://u@db/app"),
                                   QStringLiteral("mysql://u@db/app")}) {
            for (const QString &target : {QStringLiteral("head"), QStringLiteral("r1:head")}) {
                const test::ProcessRun reference = test::runAlembic(dir.path(), {QStringLiteral("stamp"), QStringLiteral("--sql"), target}, url);
                const test::ProcessRun mine = test::runProgram(QStringLiteral(RETORT_CLI_PATH), {QStringLiteral("stamp"), QStringLiteral("--sql"), target},
                                                               dir.path(), {{QStringLiteral("RETORT_DATABASE_URL"), url}});
                QVERIFY2(reference.exitCode == 0 && mine.exitCode == 0, qPrintable(reference.describe() + mine.describe()));
                QCOMPARE(mine.out, reference.out);
            }
        }
        QVERIFY(!QFile::exists(dir.path() + QStringLiteral("/app.db")));
    }

    // Item 4: edit opens the revision's file with $EDITOR, as alembic edit does.
    void editUsesTheEditor()
    {
        QTemporaryDir theirs, ours, tools;
        QVERIFY(makeProject(theirs.path(), {}) && makeProject(ours.path(), {}));
        const QString editor = tools.path() + QStringLiteral("/editor");
        QVERIFY(writeFile(editor, "#!/bin/sh\necho \"# edited\" >> \"$1\"\n"));
        QFile(editor).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QVERIFY(test::runProgram(QStringLiteral("/usr/bin/alembic"), {QStringLiteral("edit"), QStringLiteral("head")}, theirs.path(),
                                 {{QStringLiteral("EDITOR"), editor}}).exitCode == 0);
        const test::ProcessRun mine = test::runProgram(QStringLiteral(RETORT_CLI_PATH), {QStringLiteral("edit"), QStringLiteral("head")},
                                                       ours.path(), {{QStringLiteral("EDITOR"), editor}});
        QVERIFY2(mine.exitCode == 0, qPrintable(mine.describe()));
        const QByteArray ourFile = readFile(ours.path() + QStringLiteral("/alembic/versions/a1.py"));
        QVERIFY(ourFile.endsWith("# edited\n"));
        QCOMPARE(ourFile, readFile(theirs.path() + QStringLiteral("/alembic/versions/a1.py")));
        const test::ProcessRun unknown = test::runProgram(QStringLiteral(RETORT_CLI_PATH), {QStringLiteral("edit"), QStringLiteral("nosuch")},
                                                          ours.path(), {{QStringLiteral("EDITOR"), editor}});
        QCOMPARE(unknown.exitCode, 1);
    }
};

QTEST_GUILESS_MAIN(tst_AlembicCommands)
#include "tst_AlembicCommands.moc"
