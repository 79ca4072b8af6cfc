// The folders of src/core form layers: no two of them include each other, directly or through
// others, so each can be understood (and moved, and tested) from the ones below it. The test reads
// the tree's own #include lines; a cycle fails it with the files that make it.
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QtTest>

namespace {

// folder -> folders it includes -> the files that do
using Edges = QHash<QString, QHash<QString, QStringList>>;

Edges includeEdges(const QString &core)
{
    static const QRegularExpression include(QStringLiteral("^\\s*#\\s*include\\s+\"([A-Za-z0-9_]+)/"),
                                            QRegularExpression::MultilineOption);
    Edges edges;
    const QStringList folders = QDir(core).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &folder : folders) {
        edges[folder];
        QDirIterator it(core + QLatin1Char('/') + folder, {QStringLiteral("*.h"), QStringLiteral("*.cpp")}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                continue;
            QRegularExpressionMatchIterator m = include.globalMatch(QString::fromUtf8(file.readAll()));
            while (m.hasNext()) {
                const QString target = m.next().captured(1);
                if (target != folder && folders.contains(target))
                    edges[folder][target] << QDir(core).relativeFilePath(path);
            }
        }
    }
    return edges;
}

// Every cycle's first occurrence, as "a -> b -> a", found by depth-first search.
QStringList cycles(const Edges &edges)
{
    QStringList found;
    QHash<QString, int> state;   // 0 new, 1 on the path, 2 done
    QStringList path;
    std::function<void(const QString &)> visit = [&](const QString &node) {
        state[node] = 1;
        path << node;
        QStringList targets = edges.value(node).keys();
        targets.sort();
        for (const QString &next : targets) {
            if (state.value(next) == 1) {
                QStringList cycle = path.mid(path.indexOf(next));
                cycle << next;
                QStringList why;
                for (int i = 0; i + 1 < cycle.size(); ++i)
                    why << QStringLiteral("%1 (%2)").arg(cycle.at(i) + QStringLiteral(" -> ") + cycle.at(i + 1),
                                                        edges.value(cycle.at(i)).value(cycle.at(i + 1)).join(QStringLiteral(", ")));
                found << why.join(QStringLiteral("; "));
            } else if (state.value(next) == 0) {
                visit(next);
            }
        }
        path.removeLast();
        state[node] = 2;
    };
    QStringList nodes = edges.keys();
    nodes.sort();
    for (const QString &node : nodes) {
        if (state.value(node) == 0)
            visit(node);
    }
    return found;
}

} // namespace

class tst_Layering : public QObject
{
    Q_OBJECT
private slots:
    void noFolderOfCoreIncludesItself();
    void cyclesAreFound();
    void vocabularyIsTheBottom();
    void onlyTheRunnerTouchesDatabasesAmongHistoryCode();
};

void tst_Layering::noFolderOfCoreIncludesItself()
{
    const Edges edges = includeEdges(QStringLiteral(RETORT_SOURCE_DIR "/src/core"));
    QVERIFY(edges.size() >= 10);   // the tree was found
    QVERIFY(edges.value(QStringLiteral("migrations")).contains(QStringLiteral("ops")));
    const QStringList found = cycles(edges);
    QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
}

void tst_Layering::cyclesAreFound()
{
    // The check itself, on a tree with a cycle through three folders.
    QTemporaryDir dir;
    const auto write = [&](const QString &path, const QByteArray &text) {
        QDir().mkpath(QFileInfo(dir.filePath(path)).absolutePath());
        QFile f(dir.filePath(path));
        return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
    };
    QVERIFY(write(QStringLiteral("a/A.h"), "#include \"b/B.h\"\n"));
    QVERIFY(write(QStringLiteral("b/B.cpp"), "#include \"c/C.h\"\n#include \"b/B.h\"\n"));
    QVERIFY(write(QStringLiteral("c/C.h"), "// #include \"x/X.h\" is a comment here, but this is not:\n#include \"a/A.h\"\n"));
    QVERIFY(write(QStringLiteral("d/D.h"), "#include \"a/A.h\"\n"));
    const QStringList found = cycles(includeEdges(dir.path()));
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.first(), QStringLiteral("a -> b (a/A.h); b -> c (b/B.cpp); c -> a (c/C.h)"));
}

void tst_Layering::vocabularyIsTheBottom()
{
    // sql/ holds what every other folder speaks; it may lean on connection's Dialect and nothing else.
    const Edges edges = includeEdges(QStringLiteral(RETORT_SOURCE_DIR "/src/core"));
    QStringList reached = edges.value(QStringLiteral("sql")).keys();
    reached.removeAll(QStringLiteral("connection"));
    QVERIFY2(reached.isEmpty(), qPrintable(reached.join(QStringLiteral(", "))));
    QVERIFY(edges.value(QStringLiteral("connection")).isEmpty());
}

void tst_Layering::onlyTheRunnerTouchesDatabasesAmongHistoryCode()
{
    // migrations/ reads revision files and plans; running a plan on a database is runner/'s job.
    QDirIterator it(QStringLiteral(RETORT_SOURCE_DIR "/src/core/migrations"), {QStringLiteral("*.h"), QStringLiteral("*.cpp")}, QDir::Files);
    QStringList offenders;
    int files = 0;
    while (it.hasNext()) {
        QFile file(it.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        ++files;
        const QByteArray text = file.readAll();
        if (text.contains("#include <QSql") || text.contains("#include \"connection/Connection.h\""))
            offenders << QFileInfo(file.fileName()).fileName();
    }
    QVERIFY(files > 10);
    QVERIFY2(offenders.isEmpty(), qPrintable(offenders.join(QStringLiteral(", "))));
}

QTEST_GUILESS_MAIN(tst_Layering)
#include "tst_Layering.moc"
