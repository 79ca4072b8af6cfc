// Times the history window on a large graph, offscreen: bench_history_paint [REVISIONS] [SEED].
// Prints the lane layout, the model fill, the first paint of a 1100x700 view, and paint times while
// scrolling page by page through the whole history (median and worst frame).
#include "AlembicProjects.h"
#include "HistoryDelegate.h"
#include "HistoryModel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QScrollBar>
#include <QTreeView>

#include <algorithm>
#include <cstdio>
#include <vector>

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int size = args.size() > 1 ? args.at(1).toInt() : 10000;
    const quint32 seed = args.size() > 2 ? args.at(2).toUInt() : 1;

    QList<retort::RevisionScript> scripts;
    for (const retort::test::GeneratedRevision &g : retort::test::generateRealisticHistory(seed, size)) {
        retort::RevisionScript s;
        s.revision = g.id;
        s.path = QStringLiteral("/versions/%1.py").arg(g.id);
        s.downRevisions = g.down;
        s.dependsOn = g.dependsOn;
        s.branchLabels = g.labels;
        s.doc = g.message;
        scripts << s;
    }
    retort::HistoryLayout history;
    history.history.graph = retort::RevisionGraph::build(scripts, &history.history.problems);

    QElapsedTimer t;
    t.start();
    history.lanes = retort::layoutLanes(history.history.graph);
    const double layoutMs = double(t.nsecsElapsed()) / 1e6;

    retort::app::HistoryModel model;
    QTreeView view;
    view.setModel(&model);
    view.setItemDelegate(new retort::app::HistoryDelegate(&model, view.font(), &view));
    view.setUniformRowHeights(true);
    view.setRootIsDecorated(false);
    view.setHeaderHidden(true);
    view.resize(1100, 700);
    view.show();
    QImage frame(view.size(), QImage::Format_ARGB32_Premultiplied);

    t.restart();
    model.setHistory(history, {history.history.graph.at(history.lanes.rows.at(size / 2).revision).id});
    const double modelMs = double(t.nsecsElapsed()) / 1e6;
    t.restart();
    view.render(&frame);
    const double firstPaintMs = double(t.nsecsElapsed()) / 1e6;

    std::vector<double> frames;
    QScrollBar *bar = view.verticalScrollBar();
    for (int value = 0; value <= bar->maximum(); value += std::max(1, bar->pageStep())) {
        bar->setValue(value);
        QElapsedTimer f;
        f.start();
        view.render(&frame);
        frames.push_back(double(f.nsecsElapsed()) / 1e6);
    }
    std::sort(frames.begin(), frames.end());
    std::printf("%d revisions, %d lanes: layout %.1f ms, model %.1f ms, first paint %.1f ms, total %.1f ms\n", size,
                history.lanes.width, layoutMs, modelMs, firstPaintMs, layoutMs + modelMs + firstPaintMs);
    std::printf("scrolling %zu pages: median %.2f ms per frame, worst %.2f ms\n", frames.size(), frames[frames.size() / 2],
                frames.back());
    return 0;
}
