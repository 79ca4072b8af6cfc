// The lane layout of the history graph: golden files under tests/data/lanes/ (one graph shape each,
// *.graph in, *.lanes out, with a small drawing to check by eye), and on those and on generated
// histories the properties a drawing needs: every revision once, children above parents, rows that
// join exactly, and every edge arriving at the right parent with the right style.
// RETORT_UPDATE_GOLDEN=1 rewrites the .lanes files.
#include "migrations/LaneLayout.h"
#include "AlembicProjects.h"

#include <QDir>
#include <QFile>
#include <QSet>
#include <QtTest>

using namespace retort;

namespace {

const QString kDataDir = QStringLiteral(RETORT_SOURCE_DIR "/tests/data/lanes");

struct Built
{
    RevisionGraph graph;
    QList<Problem> problems;
};

// "d b ~c": revision d, down_revision b, depends_on c.
Built buildFromText(const QString &text)
{
    QList<RevisionScript> scripts;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(QLatin1Char('#')))
            continue;
        const QStringList words = trimmed.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        RevisionScript s;
        s.revision = words.first();
        s.path = QStringLiteral("/versions/%1.py").arg(s.revision);
        for (const QString &w : words.mid(1)) {
            if (w.startsWith(QLatin1Char('~')))
                s.dependsOn << w.mid(1);
            else
                s.downRevisions << w;
        }
        scripts << s;
    }
    Built b;
    b.graph = RevisionGraph::build(scripts, &b.problems);
    return b;
}

Built buildGenerated(const std::vector<test::GeneratedRevision> &revisions)
{
    QList<RevisionScript> scripts;
    for (const test::GeneratedRevision &g : revisions) {
        RevisionScript s;
        s.revision = g.id;
        s.path = QStringLiteral("/versions/%1.py").arg(g.id);
        s.downRevisions = g.down;
        s.dependsOn = g.dependsOn;
        s.branchLabels = g.labels;
        scripts << s;
    }
    Built b;
    b.graph = RevisionGraph::build(scripts, &b.problems);
    return b;
}

QString edgesText(const QVector<LaneEdge> &edges)
{
    QStringList out;
    for (const LaneEdge &e : edges)
        out << QStringLiteral("%1>%2%3").arg(e.from).arg(e.to).arg(e.dependency ? QStringLiteral("~") : QString());
    return out.isEmpty() ? QStringLiteral("-") : out.join(QLatin1Char(' '));
}

// A row as text, and a drawing: "o" the node, "|" a lane passing, "\\" "/" lanes moving right or left
// between rows (":" for a dependency lane).
QString render(const RevisionGraph &graph, const LaneLayout &layout)
{
    QStringList lines;
    for (const LaneRow &row : layout.rows) {
        QString picture(layout.width * 2, QLatin1Char(' '));
        for (const LaneEdge &e : row.upper)
            picture[e.from * 2] = e.dependency ? QLatin1Char(':') : QLatin1Char('|');
        for (const LaneEdge &e : row.lower)
            picture[e.from * 2] = picture[e.from * 2] == QLatin1Char(' ') ? (e.dependency ? QLatin1Char(':') : QLatin1Char('|'))
                                                                          : picture[e.from * 2];
        picture[row.lane * 2] = QLatin1Char('o');
        lines << QStringLiteral("%1 %2  lane %3 width %4  up: %5  down: %6")
                     .arg(picture, graph.at(row.revision).id.leftJustified(4)).arg(row.lane).arg(row.width)
                     .arg(edgesText(row.upper), edgesText(row.lower));
        QString between(layout.width * 2, QLatin1Char(' '));
        for (const LaneEdge &e : row.lower) {
            const int at = e.from == e.to ? e.to * 2 : e.to > e.from ? e.to * 2 - 1 : e.to * 2 + 1;
            between[at] = e.from == e.to ? (e.dependency ? QLatin1Char(':') : QLatin1Char('|'))
                          : e.to > e.from ? QLatin1Char('\\') : QLatin1Char('/');
        }
        if (&row != &layout.rows.constLast())
            lines << (between.trimmed().isEmpty() ? QString() : between);
    }
    lines.removeAll(QString());
    QStringList trimmed;
    for (const QString &l : std::as_const(lines)) {
        QString t = l;
        while (t.endsWith(QLatin1Char(' ')))
            t.chop(1);
        trimmed << t;
    }
    return trimmed.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

// Everything a painter relies on; returns the first broken rule, empty when all hold.
QString checkProperties(const RevisionGraph &graph, const LaneLayout &layout)
{
    const int n = graph.size();
    if (layout.rows.size() != n || layout.rowOf.size() != n)
        return QStringLiteral("%1 rows for %2 revisions").arg(layout.rows.size()).arg(n);
    QSet<int> seen;
    for (int r = 0; r < n; ++r) {
        const LaneRow &row = layout.rows.at(r);
        if (seen.contains(row.revision) || layout.rowOf.at(row.revision) != r)
            return QStringLiteral("row %1: revision listed twice or rowOf wrong").arg(r);
        seen.insert(row.revision);
        if (row.lane >= row.width || row.width > layout.width)
            return QStringLiteral("row %1: lane outside the width").arg(r);
        // Rows join: the lanes leaving the bottom of a row enter the top of the next.
        QSet<int> bottom, top;
        for (const LaneEdge &e : row.lower) {
            if (e.to >= row.width || e.from >= row.width)
                return QStringLiteral("row %1: an edge outside the width").arg(r);
            bottom.insert(e.to);
        }
        if (r + 1 < n) {
            for (const LaneEdge &e : layout.rows.at(r + 1).upper)
                top.insert(e.from);
        }
        if (bottom != top)
            return QStringLiteral("rows %1 and %2 do not join").arg(r).arg(r + 1);
        if (r == 0 && !row.upper.isEmpty())
            return QStringLiteral("the first row has lanes coming from above");
    }
    // Every edge from a node arrives at one of its parents, without a lane ever being shared wrongly.
    for (int r = 0; r < n; ++r) {
        const LaneRow &row = layout.rows.at(r);
        const RevisionGraph::Revision &rev = graph.at(row.revision);
        QSet<QPair<int, bool>> expected;
        for (const int p : rev.down)
            expected.insert({p, false});
        for (const int p : rev.resolvedDeps) {
            if (!rev.down.contains(p))
                expected.insert({p, true});
        }
        QSet<QPair<int, bool>> reached;
        for (const LaneEdge &start : row.lower) {
            if (start.from != row.lane)
                continue;   // a lane passing by
            int lane = start.to;
            int j = r + 1;
            for (; j < n; ++j) {
                const LaneRow &next = layout.rows.at(j);
                const auto in = std::find_if(next.upper.cbegin(), next.upper.cend(), [lane](const LaneEdge &e) { return e.from == lane; });
                if (in == next.upper.cend())
                    return QStringLiteral("the edge from %1 is lost at row %2").arg(rev.id).arg(j);
                if (in->to == next.lane)
                    break;                       // arrives, straight down or from another lane
                if (in->to != lane)
                    return QStringLiteral("the edge from %1 changes lane at row %2").arg(rev.id).arg(j);
            }
            if (j == n)
                return QStringLiteral("the edge from %1 never arrives").arg(rev.id);
            reached.insert({layout.rows.at(j).revision, start.dependency});
        }
        // A dependency drawn into a solid lane shared with a down_revision arrives as solid: compare targets.
        QSet<int> expectedTargets, reachedTargets;
        for (const auto &e : std::as_const(expected))
            expectedTargets.insert(e.first);
        for (const auto &e : std::as_const(reached))
            reachedTargets.insert(e.first);
        if (expectedTargets != reachedTargets)
            return QStringLiteral("the edges of %1 reach the wrong revisions").arg(rev.id);
        if (reached != expected)
            return QStringLiteral("an edge of %1 has the wrong style (solid/dashed)").arg(rev.id);
        for (const int p : rev.down) {
            if (layout.rowOf.at(p) <= r)
                return QStringLiteral("%1 is drawn below its parent").arg(rev.id);
        }
    }
    return {};
}

} // namespace

class tst_LaneLayout : public QObject
{
    Q_OBJECT

private slots:
    void golden_data()
    {
        QTest::addColumn<QString>("name");
        const QStringList files = QDir(kDataDir).entryList({QStringLiteral("*.graph")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 6);
        for (const QString &f : files)
            QTest::newRow(qPrintable(f)) << f.chopped(6);
    }

    void golden()
    {
        QFETCH(QString, name);
        QFile in(kDataDir + QLatin1Char('/') + name + QStringLiteral(".graph"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        const Built built = buildFromText(QString::fromUtf8(in.readAll()));
        QVERIFY2(built.problems.isEmpty(), qPrintable(built.problems.isEmpty() ? QString() : built.problems.constFirst().message));
        const LaneLayout layout = layoutLanes(built.graph);
        const QString broken = checkProperties(built.graph, layout);
        QVERIFY2(broken.isEmpty(), qPrintable(broken + QLatin1Char('\n') + render(built.graph, layout)));
        const QString actual = render(built.graph, layout);
        const QString goldenPath = kDataDir + QLatin1Char('/') + name + QStringLiteral(".lanes");
        if (qEnvironmentVariableIntValue("RETORT_UPDATE_GOLDEN") == 1) {
            QFile out(goldenPath);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(actual.toUtf8());
        }
        QFile golden(goldenPath);
        QVERIFY2(golden.open(QIODevice::ReadOnly), qPrintable(QStringLiteral("missing %1; run with RETORT_UPDATE_GOLDEN=1 and review it:\n%2")
                                                                  .arg(goldenPath, actual)));
        QCOMPARE(actual, QString::fromUtf8(golden.readAll()));
    }

    // The same rules on random histories with branches, merges of two and three, several bases and depends_on.
    void generatedHistories_data()
    {
        QTest::addColumn<quint32>("seed");
        QTest::addColumn<int>("size");
        QTest::addColumn<bool>("realistic");
        for (quint32 seed = 1; seed <= 40; ++seed)
            QTest::addRow("random %u", seed) << seed << int(20 + seed * 7) << false;
        for (quint32 seed = 1; seed <= 5; ++seed)
            QTest::addRow("realistic %u", seed) << seed << 2000 << true;
    }

    void generatedHistories()
    {
        QFETCH(quint32, seed);
        QFETCH(int, size);
        QFETCH(bool, realistic);
        const Built built = buildGenerated(realistic ? test::generateRealisticHistory(seed, size) : test::generateHistory(seed, size));
        const LaneLayout layout = layoutLanes(built.graph);
        const QString broken = checkProperties(built.graph, layout);
        QVERIFY2(broken.isEmpty(), qPrintable(broken));
        // Lanes are reused: never wider than the revisions that edges lead to across a row boundary need
        // (plus the node's own lane and one opened beside it).
        int crossing = 0;
        QVector<int> open(layout.rows.size() + 1, 0);   // open[b]: targets with an edge across boundary b
        for (int i = 0; i < built.graph.size(); ++i) {
            QSet<int> targets;
            for (const int p : built.graph.at(i).allDown)
                targets.insert(p);
            for (const int p : std::as_const(targets)) {
                for (int b = layout.rowOf[i] + 1; b < layout.rowOf[p]; ++b)
                    ++open[b];
            }
        }
        for (const int c : std::as_const(open))
            crossing = std::max(crossing, c);
        QVERIFY2(layout.width <= crossing + 2, qPrintable(QStringLiteral("width %1, at most %2 edges cross a row").arg(layout.width).arg(crossing)));
        if (realistic)
            qInfo("%d revisions: %d lanes at the widest, %d edges crossing one row at most", size, layout.width, crossing);
    }

    // A broken graph (a cycle) still lays out: every revision once, never a hang.
    void cycleStillLaysOut()
    {
        const Built built = buildFromText(QStringLiteral("a c\nb a\nc b\nd c\n"));
        const LaneLayout layout = layoutLanes(built.graph);
        QCOMPARE(layout.rows.size(), built.graph.size());
        QSet<int> revisions;
        for (const LaneRow &row : layout.rows)
            revisions.insert(row.revision);
        QCOMPARE(revisions.size(), built.graph.size());
    }
};

QTEST_GUILESS_MAIN(tst_LaneLayout)
#include "tst_LaneLayout.moc"
