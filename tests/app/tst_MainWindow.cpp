// The main window offscreen: first start on the demo, errors shown in the window, no password on
// screen, a responsive window while a server keeps it waiting, and the real binary's --screenshot.
#include "HistoryModel.h"
#include "MainWindow.h"

#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

using retort::app::MainWindow;

class tst_MainWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void opensDemoOnFirstStart();
    void filtersTables();
    void historyGraphOfTheDemo();
    void showsErrorsInTheWindow();
    void neverShowsThePassword();
    void staysResponsiveWhileConnecting();
    void screenshotOfTheRealBinary();

private:
    static bool waitLoaded(MainWindow &window, int timeoutMs = 30000);
    static QString allLabelText(const MainWindow &window);
};

void tst_MainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
}

bool tst_MainWindow::waitLoaded(MainWindow &window, int timeoutMs)
{
    QSignalSpy spy(&window, &MainWindow::workspaceLoaded);
    return spy.wait(timeoutMs);
}

QString tst_MainWindow::allLabelText(const MainWindow &window)
{
    QStringList texts{window.windowTitle()};
    for (const QLabel *label : window.findChildren<QLabel *>())
        texts << label->text();
    return texts.join(QLatin1Char('\n'));
}

void tst_MainWindow::opensDemoOnFirstStart()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openDemo();
    QVERIFY(waitLoaded(window));
    QCOMPARE(window.errorText(), QString());
    QCOMPARE(window.tableNames(), (QStringList{"alembic_version", "engine"}));
    QCOMPARE(window.findChild<QLabel *>(QStringLiteral("revisionLabel"))->text(), QStringLiteral("7a4e2b9c1d05"));
    const QString connection = window.findChild<QLabel *>(QStringLiteral("connectionLabel"))->text();
    QVERIFY2(connection.contains(QLatin1String("sqlite:////")) && connection.contains(QLatin1String("instance/config.py:3")),
             qPrintable(connection));
    QVERIFY(window.findChild<QLabel *>(QStringLiteral("serverLabel"))->text().startsWith(QLatin1String("SQLite 3.")));
    QCOMPARE(window.windowTitle(), QStringLiteral("demo — Retort"));
    const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QVERIFY(QFile::exists(dataDir + QStringLiteral("/demo/instance/spaceship.db")));
    QVERIFY(QFile::exists(dataDir + QStringLiteral("/demo/alembic/versions/f4d3c2b1a098_sample_engines.py")));

    // The engine table is selected and its columns are on show.
    const auto *tree = window.findChild<QTreeView *>(QStringLiteral("tablesView"));
    QCOMPARE(tree->currentIndex().data().toString(), QStringLiteral("engine"));
    const auto *title = window.findChild<QLabel *>(QStringLiteral("tableTitle"));
    QVERIFY2(title->text().contains(QLatin1String("engine")) && title->text().contains(QLatin1String("4 column")),
             qPrintable(title->text()));
}

void tst_MainWindow::filtersTables()
{
    MainWindow window;
    window.openDemo();
    QVERIFY(waitLoaded(window));
    auto *filter = window.findChild<QLineEdit *>(QStringLiteral("filterEdit"));
    auto *tree = window.findChild<QTreeView *>(QStringLiteral("tablesView"));
    QTest::keyClicks(filter, QStringLiteral("ENG"));
    QCOMPARE(tree->model()->rowCount(), 1);
    QCOMPARE(tree->model()->index(0, 0).data().toString(), QStringLiteral("engine"));
    filter->clear();
    QCOMPARE(tree->model()->rowCount(), 2);
}

// The demo opens on its history: branch, merge and the database's revision marked, found by search.
void tst_MainWindow::historyGraphOfTheDemo()
{
    using retort::app::HistoryModel;
    MainWindow window;
    window.resize(1100, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openDemo();
    QVERIFY(waitLoaded(window));
    const HistoryModel *model = window.historyModel();
    QCOMPARE(model->rowCount(), 6);
    QStringList ids;
    QMap<QString, int> badges;
    for (int r = 0; r < model->rowCount(); ++r) {
        ids << model->row(r).id;
        badges[model->row(r).id] = model->row(r).badges;
    }
    // Newest first, children above parents.
    QCOMPARE(ids.first(), QStringLiteral("f4d3c2b1a098"));
    QCOMPARE(ids.last(), QStringLiteral("3d1f0c6a9b21"));
    QVERIFY(ids.indexOf(QStringLiteral("e2f7a1c4b9d6")) < ids.indexOf(QStringLiteral("c91a4f6e2d87")));
    QVERIFY(ids.indexOf(QStringLiteral("e2f7a1c4b9d6")) < ids.indexOf(QStringLiteral("b5c8d2e7f310")));
    QCOMPARE(badges.value(QStringLiteral("f4d3c2b1a098")), int(HistoryModel::Head));
    QCOMPARE(badges.value(QStringLiteral("e2f7a1c4b9d6")), int(HistoryModel::Merge));
    QCOMPARE(badges.value(QStringLiteral("7a4e2b9c1d05")), int(HistoryModel::BranchPoint | HistoryModel::Current));
    QCOMPARE(badges.value(QStringLiteral("3d1f0c6a9b21")), int(HistoryModel::Base));
    QCOMPARE(model->row(ids.indexOf(QStringLiteral("c91a4f6e2d87"))).labels, QStringList{QStringLiteral("launches")});
    QCOMPARE(model->laneWidth(), 2);   // the branch and its merge need a second lane, no more
    // The window starts on the database's revision.
    QTreeView *view = window.historyView();
    QCOMPARE(view->currentIndex().data(HistoryModel::RevisionIdRole).toString(), QStringLiteral("7a4e2b9c1d05"));
    // Search by message, then by label (propagated labels count), Enter moves to the next match.
    auto *find = window.findChild<QLineEdit *>();
    QVERIFY(find);
    QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
    QTest::keyClicks(window.focusWidget(), QStringLiteral("index engine"));
    QCOMPARE(view->currentIndex().data(HistoryModel::RevisionIdRole).toString(), QStringLiteral("b5c8d2e7f310"));
    QLineEdit *focused = qobject_cast<QLineEdit *>(window.focusWidget());
    QVERIFY(focused);
    focused->clear();
    QTest::keyClicks(focused, QStringLiteral("launches"));
    const QString first = view->currentIndex().data(HistoryModel::RevisionIdRole).toString();
    QTest::keyClick(focused, Qt::Key_Return);
    const QString second = view->currentIndex().data(HistoryModel::RevisionIdRole).toString();
    QVERIFY2(first != second, qPrintable(first));
    QTest::keyClick(&window, Qt::Key_J, Qt::ControlModifier);
    QCOMPARE(view->currentIndex().data(HistoryModel::RevisionIdRole).toString(), QStringLiteral("7a4e2b9c1d05"));
    // A picture for people: the history window as it opens.
    QVERIFY(window.grab().save(QStringLiteral(RETORT_TEST_OUTPUT_DIR "/history-window.png")));
}

void tst_MainWindow::showsErrorsInTheWindow()
{
    MainWindow window;
    window.openProject(QStringLiteral("/nonexistent/project"));
    QVERIFY(waitLoaded(window));
    QCOMPARE(window.errorText(), QStringLiteral("The project folder '/nonexistent/project' does not exist."));
    QVERIFY(window.tableNames().isEmpty());

    window.openDemo();
    QVERIFY(waitLoaded(window));
    QCOMPARE(window.errorText(), QString());   // a good load clears the old error
}

void tst_MainWindow::neverShowsThePassword()
{
    MainWindow window;
    window.openProject(QString(), QStringLiteral("postgresql://app:hunter2@127.0.0.1:9/app"));
    QVERIFY(waitLoaded(window));
    QVERIFY(window.errorText().contains(QLatin1String("the connection was refused")));
    const QString text = allLabelText(window);
    QVERIFY2(text.contains(QLatin1String("postgresql://app:***@127.0.0.1:9/app")), qPrintable(text));
    QVERIFY2(!text.contains(QLatin1String("hunter2")), qPrintable(text));
}

// A server that accepts the connection and then says nothing: the window must keep painting.
void tst_MainWindow::staysResponsiveWhileConnecting()
{
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    QList<QTcpSocket *> held;
    connect(&silent, &QTcpServer::newConnection, this, [&]() {
        while (QTcpSocket *s = silent.nextPendingConnection())
            held << s;
    });
    MainWindow window;
    window.show();
    QSignalSpy loaded(&window, &MainWindow::workspaceLoaded);
    QElapsedTimer clock;
    clock.start();
    window.openProject(QString(), QStringLiteral("postgresql://app:pw@127.0.0.1:%1/app?connect_timeout=2").arg(silent.serverPort()));
    qint64 last = clock.elapsed();
    qint64 longestGap = 0;
    while (loaded.isEmpty() && clock.elapsed() < 20000) {
        QTest::qWait(10);
        longestGap = std::max(longestGap, clock.elapsed() - last);
        last = clock.elapsed();
    }
    QCOMPARE(loaded.size(), 1);
    QVERIFY2(clock.elapsed() >= 1500, "the load should have waited for the silent server");
    QVERIFY2(longestGap < 250, qPrintable(QStringLiteral("the event loop was blocked for %1 ms").arg(longestGap)));
    QVERIFY2(window.errorText().contains(QLatin1String("Gave up connecting to 127.0.0.1")), qPrintable(window.errorText()));
    QVERIFY2(window.errorText().contains(QLatin1String("after 2 seconds")), qPrintable(window.errorText()));
    qDeleteAll(held);
}

void tst_MainWindow::screenshotOfTheRealBinary()
{
    QTemporaryDir home;
    const QString png = QStringLiteral(RETORT_TEST_OUTPUT_DIR) + QStringLiteral("/main-window.png");
    QFile::remove(png);
    QProcess app;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    app.setProcessEnvironment(env);
    app.start(QStringLiteral(RETORT_APP_PATH), {QStringLiteral("--screenshot"), png});
    QVERIFY(app.waitForFinished(60000));
    QVERIFY2(app.exitCode() == 0, app.readAllStandardError().constData());
    const QImage image(png);
    QCOMPARE(image.size(), QSize(1100, 700));
    // A real rendering, not a blank canvas: many distinct colours (text antialiasing, syntax colours).
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));
    // The first start created the demo in the user's data folder.
    QVERIFY(QFile::exists(home.filePath(QStringLiteral("data/retort/demo/instance/spaceship.db"))));
}

QTEST_MAIN(tst_MainWindow)
#include "tst_MainWindow.moc"
