// bench_data_scroll [ROWS] [URL]: the Data tab on a big table, as a user drives it. Without a URL it
// makes an SQLite table of ROWS rows (1,000,000 by default); with one it browses that database's
// table "reading" (made by the same statement beforehand). Prints, for the window's event loop, the
// longest time it was blocked and the 99th percentile of its gaps, and for the user, how long the
// screen waits for rows after each kind of move. Run on demand (bench/data_scroll), never in CI.
#include "DataPane.h"
#include "MainWindow.h"
#include "TableDataModel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using retort::app::DataPane;
using retort::app::MainWindow;
using retort::app::TableDataModel;

namespace {

long rssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLong();
    }
    return -1;
}

struct LoopProbe
{
    QElapsedTimer clock;
    qint64 last = 0;
    QList<qint64> gaps;
    QTimer timer;
    void start()
    {
        clock.start();
        timer.setInterval(1);
        QObject::connect(&timer, &QTimer::timeout, [this]() {
            gaps << clock.elapsed() - last;
            last = clock.elapsed();
        });
        timer.start();
    }
    qint64 longest() const { return gaps.isEmpty() ? 0 : *std::max_element(gaps.cbegin(), gaps.cend()); }
    qint64 percentile(double p) const
    {
        QList<qint64> sorted = gaps;
        std::sort(sorted.begin(), sorted.end());
        return sorted.isEmpty() ? 0 : sorted.at(std::min<qsizetype>(sorted.size() - 1, qsizetype(p * double(sorted.size()))));
    }
};

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const long rows = argc > 1 ? QString::fromLocal8Bit(argv[1]).toLong() : 1000000;
    QString url = argc > 2 ? QString::fromLocal8Bit(argv[2]) : QString();
    QTemporaryDir tmp;
    if (url.isEmpty()) {
        const QString db = tmp.filePath(QStringLiteral("big.db"));
        QElapsedTimer made;
        made.start();
        QProcess sqlite;
        sqlite.start(QStringLiteral("sqlite3"), {db, QStringLiteral("CREATE TABLE reading (id INTEGER PRIMARY KEY, sensor TEXT NOT NULL, value REAL, note TEXT);"
                                                                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %1) "
                                                                    "INSERT INTO reading SELECT i, 'sensor-' || (i % 97), (i * 7919) % 10007 / 10.0, "
                                                                    "CASE WHEN i % 5 = 0 THEN NULL ELSE 'note ' || i END FROM n;")
                                                         .arg(rows)});
        if (!sqlite.waitForFinished(600000) || sqlite.exitCode() != 0) {
            std::fprintf(stderr, "bench_data_scroll: sqlite3 failed: %s\n", sqlite.readAllStandardError().constData());
            return 1;
        }
        std::printf("made an SQLite table of %ld rows in %.1f s (%lld MB)\n", rows, double(made.elapsed()) / 1000.0,
                    QFileInfo(db).size() / (1024 * 1024));
        url = QStringLiteral("sqlite:///") + db;
    }
    const long rssBefore = rssKb();

    MainWindow window;
    window.resize(1100, 700);
    window.show();
    QSignalSpy loaded(&window, &MainWindow::workspaceLoaded);
    window.openProject(QString(), url);
    if (!loaded.wait(120000) || !window.errorText().isEmpty()) {
        std::fprintf(stderr, "bench_data_scroll: %s\n", qPrintable(window.errorText()));
        return 1;
    }
    LoopProbe probe;
    probe.start();
    DataPane *pane = window.dataPane();
    TableDataModel *model = pane->model();
    QTableView *view = pane->view();
    QScrollBar *bar = view->verticalScrollBar();
    const auto screenLoaded = [&]() {
        const int top = view->rowAt(0);
        const int bottom = view->rowAt(view->viewport()->height() - 1);
        if (top < 0)
            return false;
        for (int r = top; r <= (bottom < 0 ? top : bottom); ++r) {
            if (!model->isRowLoaded(r))
                return false;
        }
        return true;
    };
    const auto waitFor = [&](const std::function<bool()> &done) {
        QElapsedTimer t;
        t.start();
        while (!done() && t.elapsed() < 120000)
            QTest::qWait(1);
        return t.elapsed();
    };

    QElapsedTimer step;
    step.start();
    window.showTab(2);
    pane->setTable(QStringLiteral("reading"));
    const qint64 countMs = waitFor([&]() { return model->totalRows() >= 0; });
    const qint64 firstScreenMs = waitFor(screenLoaded) + countMs;
    std::printf("%lld rows; counted in %lld ms; first screen of rows after %lld ms\n", model->totalRows(), countMs, firstScreenMs);

    // A scroll bar dragged from top to bottom at 60 moves a second.
    step.restart();
    for (int i = 0; i <= 300; ++i) {
        bar->setValue(int(qint64(bar->maximum()) * i / 300));
        QTest::qWait(16);
    }
    const qint64 dragSettle = waitFor(screenLoaded);
    std::printf("drag top to bottom (300 moves in %.1f s): the screen filled %lld ms after the last move\n",
                double(step.elapsed() - dragSettle) / 1000.0, dragSettle);

    // Jumps to random places, waiting for each screen.
    QList<qint64> jumps;
    for (int i = 0; i < 40; ++i) {
        bar->setValue(int((qint64(i) * 7919 % 1000) * bar->maximum() / 1000));
        jumps << waitFor(screenLoaded);
    }
    std::sort(jumps.begin(), jumps.end());
    std::printf("40 jumps: screen filled after median %lld ms, slowest %lld ms\n", jumps.at(jumps.size() / 2), jumps.last());

    // Page Down held for two seconds.
    view->setFocus();
    bar->setValue(bar->maximum() / 3);
    step.restart();
    for (int i = 0; i < 60; ++i) {
        QTest::keyClick(view, Qt::Key_PageDown);
        QTest::qWait(33);
    }
    std::printf("Page Down x60 at 30/s: the screen filled %lld ms after the last key\n", waitFor(screenLoaded));

    // Sort by an unindexed column (the database sorts the whole table for each chunk's page).
    step.restart();
    model->sort(2, Qt::DescendingOrder);
    bar->setValue(0);
    std::printf("sort by value (no index): first screen after %lld ms\n", waitFor(screenLoaded));
    bar->setValue(bar->maximum() / 2);
    std::printf("  … and a jump to the middle of the sorted rows: %lld ms\n", waitFor(screenLoaded));
    model->sort(0, Qt::AscendingOrder);

    step.restart();
    model->setFilter(QStringLiteral("sensor-42"), -1);
    const qint64 filterMs = waitFor([&]() { return model->totalRows() >= 0; });
    std::printf("filter 'sensor-42' in any column: %lld matching rows counted in %lld ms, first screen after %lld ms\n",
                model->totalRows(), filterMs, waitFor(screenLoaded) + filterMs);
    probe.timer.stop();

    std::printf("\nevent loop (1 ms probe, %lld samples): longest block %lld ms, 99th percentile gap %lld ms\n",
                qint64(probe.gaps.size()), probe.longest(), probe.percentile(0.99));
    std::printf("memory: %d rows cached (bound %d), RSS %ld MB before opening, %ld MB at the end\n", model->cachedRowCount(),
                TableDataModel::kMaxChunks * TableDataModel::kChunkRows, rssBefore / 1024, rssKb() / 1024);
    return 0;
}
