// Times the history graph's lane layout: bench_lanes PROJECT_DIR [RUNS]. Reads the project as
// retort does (files parsed, graph built), then lays the graph out RUNS times and prints the median.
#include "migrations/LaneLayout.h"
#include "migrations/ProjectHistory.h"
#include "project/Project.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: bench_lanes PROJECT_DIR [RUNS]\n");
        return 2;
    }
    const int runs = args.size() > 2 ? args.at(2).toInt() : 15;
    retort::Result<retort::Project> project = retort::Project::open(args.at(1));
    if (!project) {
        std::fprintf(stderr, "%s\n", qPrintable(project.error().toString()));
        return 1;
    }
    QElapsedTimer load;
    load.start();
    const retort::ProjectHistory history = retort::ProjectHistory::load(*project);
    const double loadMs = double(load.nsecsElapsed()) / 1e6;
    std::vector<double> times;
    int width = 0;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        const retort::LaneLayout layout = retort::layoutLanes(history.graph);
        times.push_back(double(t.nsecsElapsed()) / 1e6);
        width = layout.width;
    }
    std::sort(times.begin(), times.end());
    std::printf("%d revisions: read %.1f ms; lane layout median %.2f ms (min %.2f, max %.2f, %d runs), %d lanes wide\n",
                history.graph.size(), loadMs, times[times.size() / 2], times.front(), times.back(), runs, width);
    return 0;
}
