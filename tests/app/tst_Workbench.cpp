// The workbench half of the window, offscreen: models next to tables on a copy of the demo (a model
// edit shows in both panes, a revision made from it is reviewed, saved, run, and the difference is
// gone, with real Alembic agreeing), the Data tab on a million-row table (the event loop's longest
// block measured), connection profiles with the keychain test double, and the layout restored.
#include "ConnectionDialog.h"
#include "ConnectionProfiles.h"
#include "DataPane.h"
#include "HistoryModel.h"
#include "MainWindow.h"
#include "MigrationDialog.h"
#include "PasswordStore.h"
#include "RevisionReviewDialog.h"
#include "SchemaPane.h"
#include "TableDataModel.h"
#include "CodeEditor.h"

#include "RevisionFiles.h"
#include "TestProcesses.h"
#include "TestServers.h"

#include "connection/Connection.h"
#include "demo/DemoProject.h"
#include "runner/VersionTable.h"
#include "schema/SchemaReader.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDirIterator>
#include <QComboBox>
#include <QGuiApplication>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSaveFile>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

using namespace retort;
using namespace retort::app;

class tst_Workbench : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void modelChangeToRevisionAndBack_data();
    void modelChangeToRevisionAndBack();
    void dataTabOnAMillionRows();
    void dataTabShowsErrors();
    void dataFilterBelongsToItsTable();
    void dataTabSqlConditionAndColumnWidths();
    void connectionsDialogFeedbackAndTheProjectConnection();
    void connectionProfilesAndTheKeychain();
    void noKeychainAsksEachTime();
    void layoutAndRecentProjectsAreRestored();
    void statusBarAndGeometryFitTheScreen();
    void pythonRevisionsFromTheWindow();
    void newSqliteDatabaseFromTheWindow();
    void multiDatabaseProjectInTheWindow();

private:
    static bool waitLoaded(MainWindow &window, int timeoutMs = 60000);
};

void tst_Workbench::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

bool tst_Workbench::waitLoaded(MainWindow &window, int timeoutMs)
{
    QSignalSpy spy(&window, &MainWindow::workspaceLoaded);
    return spy.wait(timeoutMs);
}

namespace {

QString engineColumns(const DatabaseUrl &url)
{
    Result<std::unique_ptr<Connection>> c = Connection::open(url);
    if (!c)
        return c.error().toString();
    Result<Schema> schema = introspectSchema(**c);
    if (!schema || !schema->table(QStringLiteral("engine")))
        return QStringLiteral("<no engine table>");
    QStringList names;
    for (const Column &column : schema->table(QStringLiteral("engine"))->columns)
        names << column.name;
    return names.join(QLatin1Char(','));
}

// A project of tests/data/python copied into dir.
bool copyFixture(const QString &name, const QString &dir)
{
    return test::copyTree(QStringLiteral(RETORT_SOURCE_DIR "/tests/data/python/") + name, dir);
}

// As if the user pasted text into the dialog's URL field (setText alone is not an edit).
void typeUrl(QLineEdit *edit, const QString &text)
{
    edit->setText(text);
    emit edit->textEdited(text);
}

} // namespace

void tst_Workbench::modelChangeToRevisionAndBack_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::newRow("sqlite (the demo's own database)") << Dialect::SQLite;
    QTest::newRow("postgresql") << Dialect::PostgreSQL;
    QTest::newRow("mariadb") << Dialect::MySQL;
}

// The issue's first "done when": add a column to the demo's models, see it in both panes, make the
// revision, upgrade, and the difference is gone; on the demo's SQLite file and on the two servers.
void tst_Workbench::modelChangeToRevisionAndBack()
{
    QFETCH(Dialect, dialect);
    RETORT_REQUIRE_SERVER(dialect);
    QTemporaryDir tmp;
    Result<QString> dir = demo::prepareUserDemo(tmp.filePath(QStringLiteral("demo")));
    QVERIFY2(dir, dir ? "" : qPrintable(dir.error().toString()));
    std::optional<test::ScratchDatabase> server;
    QString url;   // empty: the demo's instance/config.py
    if (dialect != Dialect::SQLite) {
        server.emplace(dialect);
        QVERIFY2(server->isValid(), qPrintable(server->error()));
        url = server->url().toString(true);
    }
    const DatabaseUrl target = url.isEmpty() ? *DatabaseUrl::parse(QStringLiteral("sqlite:///") + *dir + QStringLiteral("/instance/spaceship.db"))
                                             : server->url();
    // Autogenerate compares a database at the heads: bring it there first.
    QStringList upgrade{QStringLiteral("--project"), *dir, QStringLiteral("upgrade"), QStringLiteral("--no-backup"), QStringLiteral("heads")};
    if (!url.isEmpty())
        upgrade = QStringList{QStringLiteral("--url"), url} + upgrade;
    const test::ProcessRun up = test::runProgram(QStringLiteral(RETORT_CLI_PATH), upgrade);
    QVERIFY2(up.exitCode == 0, qPrintable(up.describe()));

    MainWindow window;
    window.resize(1100, 700);
    window.show();
    window.openProject(*dir, url);
    QVERIFY(waitLoaded(window));
    QCOMPARE(window.errorText(), QString());
    window.showTab(1);
    SchemaPane *pane = window.schemaPane();
    // Retort's run log is out of the application's tables (its own schema, database or file).
    QCOMPARE(pane->tableNames(), (QStringList{"alembic_version", "engine", "launch"}));
    QCOMPARE(pane->operationCount(), 0);
    QVERIFY2(pane->summaryText().contains(QLatin1String("No differences")), qPrintable(pane->summaryText()));
    QVERIFY(!window.findChild<QPushButton *>(QStringLiteral("createRevisionButton"))->isEnabled());

    // A developer adds a column in their editor (saved by rename, as most editors do).
    const QString modelsPath = *dir + QStringLiteral("/ourapp/models.py");
    QFile in(modelsPath);
    QVERIFY(in.open(QIODevice::ReadOnly));
    QString source = QString::fromUtf8(in.readAll());
    in.close();
    const QString anchor = QStringLiteral("    thrust = db.Column(db.Integer, default=0)\n");
    QVERIFY(source.contains(anchor));
    source.replace(anchor, anchor + QStringLiteral("    crew_size = db.Column(db.Integer, nullable=True)\n"));
    const int crewLine = int(source.left(source.indexOf(QLatin1String("crew_size"))).count(QLatin1Char('\n'))) + 1;
    QSignalSpy compared(&window, &MainWindow::comparisonUpdated);
    QSaveFile out(modelsPath);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(source.toUtf8());
    QVERIFY(out.commit());
    QVERIFY2(compared.wait(15000), "the window did not notice the model file change");

    // Both panes show it: the model line is marked, the grid has the column the database lacks.
    QCOMPARE(pane->operationCount(), 1);
    QVERIFY(pane->selectTable(QStringLiteral("engine")));
    QVERIFY2(pane->modelEditor()->differenceLines().contains(crewLine),
             qPrintable(QStringLiteral("marked lines: %1").arg(QVariant::fromValue(pane->modelEditor()->differenceLines()).toStringList().join(','))));
    QCOMPARE(pane->markedColumns(), QStringList{QStringLiteral("crew_size")});
    auto *differences = pane->findChild<QListWidget *>(QStringLiteral("differencesList"));
    QCOMPARE(differences->count(), 1);
    QCOMPARE(differences->item(0)->text(), QStringLiteral("Detected added column 'engine.crew_size'"));
    QCOMPARE(window.stateText(), QStringLiteral("At the head; the models differ from the database in 1 place."));
    QCOMPARE(window.findChild<QPushButton *>(QStringLiteral("stateAction"))->text(), QStringLiteral("Create Revision…"));
    QVERIFY(pane->summaryText().contains(QLatin1String("1 difference")));
    const auto *tree = pane->findChild<QTreeView *>(QStringLiteral("tablesView"));
    QCOMPARE(tree->currentIndex().siblingAtColumn(1).data().toString(), QStringLiteral("1 difference"));
    if (dialect == Dialect::SQLite)
        QVERIFY(window.grab().save(QStringLiteral(RETORT_TEST_OUTPUT_DIR "/schema-difference.png")));
    else   // the servers keep no CREATE TABLE text: the DDL is rebuilt from the catalog
        QVERIFY2(pane->ddlEditor()->text().contains(QLatin1String("CREATE TABLE engine (")) && pane->ddlEditor()->text().contains(QLatin1String("PRIMARY KEY (id)"))
                     && pane->ddlEditor()->text().contains(QLatin1String("CREATE INDEX ix_engine_title ON engine (title);")),
                 qPrintable(pane->ddlEditor()->text()));

    // Create the revision: it opens for review, nothing is written yet.
    auto *create = window.findChild<QPushButton *>(QStringLiteral("createRevisionButton"));
    QVERIFY(create->isEnabled());
    const QStringList before = QDir(*dir + QStringLiteral("/alembic/versions")).entryList({QStringLiteral("*.py")});
    QSignalSpy ready(&window, &MainWindow::revisionReady);
    // By its shortcut, Ctrl+Shift+R, without the Database menu ever having been opened; it asks for the message.
    auto *createAction = window.findChild<QAction *>(QStringLiteral("createRevisionAction"));
    QVERIFY(createAction && createAction->isEnabled());
    int polls = 0;
    bool answered = false;
    std::function<void()> answer = [&]() {
        for (QWidget *w : QApplication::topLevelWidgets()) {
            if (auto *input = qobject_cast<QInputDialog *>(w); input && input->isVisible()) {
                input->setTextValue(QStringLiteral("add crew size"));
                input->accept();
                answered = true;
                return;
            }
        }
        if (++polls < 500)
            QTimer::singleShot(20, &window, answer);
    };
    QTimer::singleShot(20, &window, answer);
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY2(answered, "Ctrl+Shift+R did not ask for the new revision's message");
    QVERIFY(ready.wait(30000));
    auto *review = window.findChild<RevisionReviewDialog *>();
    QVERIFY(review);
    QCOMPARE(QDir(*dir + QStringLiteral("/alembic/versions")).entryList({QStringLiteral("*.py")}), before);
    const QString text = review->editor()->text();
    if (dialect == Dialect::SQLite) {   // SQLite alters tables in batch mode
        QVERIFY2(text.contains(QLatin1String("batch_op.add_column(sa.Column('crew_size', sa.Integer(), nullable=True))")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("batch_op.drop_column('crew_size')")), qPrintable(text));
    } else {
        QVERIFY2(text.contains(QLatin1String("op.add_column('engine', sa.Column('crew_size', sa.Integer(), nullable=True))")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("op.drop_column('engine', 'crew_size')")), qPrintable(text));
    }
    QVERIFY(text.contains(QLatin1String("down_revision = 'f4d3c2b1a098'")));
    QVERIFY(review->findChild<QListWidget *>(QStringLiteral("detectedList"))->item(0)->text().contains(QLatin1String("crew_size")));
    QVERIFY(review->grab().save(QStringLiteral(RETORT_TEST_OUTPUT_DIR "/revision-review.png")));

    // A broken edit is refused with the reason, and nothing is written.
    review->editor()->setText(text + QStringLiteral("\ndef broken(:\n"));
    QVERIFY(!review->save().isEmpty());
    QVERIFY(review->findChild<QLabel *>(QStringLiteral("reviewError"))->isVisible());
    QCOMPARE(QDir(*dir + QStringLiteral("/alembic/versions")).entryList({QStringLiteral("*.py")}), before);
    review->editor()->setText(text);

    QSignalSpy reloaded(&window, &MainWindow::workspaceLoaded);
    QTest::mouseClick(review->findChild<QPushButton *>(QStringLiteral("saveRevisionButton")), Qt::LeftButton);
    const QStringList after = QDir(*dir + QStringLiteral("/alembic/versions")).entryList({QStringLiteral("*.py")});
    QCOMPARE(after.size(), before.size() + 1);
    QVERIFY(reloaded.wait(30000));
    const QString newId = window.historyModel()->row(0).id;
    QVERIFY2(after.contains(newId + QStringLiteral("_add_crew_size.py")), qPrintable(after.join(',')));

    // Real Alembic reads the new file as the single head.
    const test::ProcessRun heads = test::runAlembic(*dir, {QStringLiteral("heads")});
    QVERIFY2(heads.exitCode == 0 && heads.out.trimmed().count(QLatin1Char('\n')) == 0 && heads.out.startsWith(newId + QLatin1Char(' '))
                 && heads.out.contains(QLatin1String("(head)")),
             qPrintable(heads.describe()));

    // Upgrade from the history, as a user would, and the difference disappears.
    window.showTab(0);
    for (int r = 0; r < window.historyModel()->rowCount(); ++r) {
        if (window.historyModel()->row(r).id == newId)
            window.historyView()->setCurrentIndex(window.historyModel()->index(r, 0));
    }
    MigrationDialog *dialog = window.startRevisionAction(MainWindow::RevisionAction::Upgrade);
    QVERIFY(dialog);
    QSignalSpy planned(dialog, &MigrationDialog::planShown);
    QVERIFY(planned.wait(30000));
    QTest::mouseClick(dialog->findChild<QRadioButton *>(QStringLiteral("noBackupRadio")), Qt::LeftButton);
    QSignalSpy done(dialog, &MigrationDialog::finished);
    QSignalSpy reloadedAgain(&window, &MainWindow::workspaceLoaded);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("runButton")), Qt::LeftButton);
    QVERIFY(done.wait(60000));
    QVERIFY2(dialog->resultText().startsWith(QStringLiteral("Done.")), qPrintable(dialog->resultText()));
    QVERIFY(reloadedAgain.wait(30000));
    QCOMPARE(engineColumns(target), QStringLiteral("id,title,thrust,last_fired,crew_size"));
    window.showTab(1);
    QCOMPARE(pane->operationCount(), 0);
    QVERIFY2(pane->summaryText().contains(QLatin1String("No differences")), qPrintable(pane->summaryText()));
    QVERIFY(pane->markedColumns().isEmpty());
    QVERIFY(pane->selectTable(QStringLiteral("engine")));
    QVERIFY(pane->modelEditor()->differenceLines().isEmpty());
    // SQLAlchemy's default MySQL driver (mysqlclient) is not packaged with Alembic; PyMySQL is.
    QString alembicUrl = url;
    alembicUrl.replace(QRegularExpression(QStringLiteral("^mysql:")), QStringLiteral("mysql+pymysql:"));
    const test::ProcessRun current = test::runAlembic(*dir, {QStringLiteral("current")}, alembicUrl);
    QVERIFY2(current.out.contains(newId) && current.out.contains(QLatin1String("(head)")), qPrintable(current.describe()));
}

// A million rows: the count, scrolling end to end, sort, filter and copy, with the longest time the
// event loop was kept from running measured throughout.
void tst_Workbench::dataTabOnAMillionRows()
{
    QTemporaryDir tmp;
    const QString dbPath = tmp.filePath(QStringLiteral("big.db"));
    const test::ProcessRun made = test::runProgram(
        QStringLiteral("sqlite3"),
        {dbPath, QStringLiteral("CREATE TABLE reading (id INTEGER PRIMARY KEY, sensor TEXT NOT NULL, value REAL, note TEXT);"
                                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000) "
                                "INSERT INTO reading SELECT i, 'sensor-' || (i % 97), (i * 7919) % 10007 / 10.0, "
                                "CASE WHEN i % 5 = 0 THEN NULL ELSE 'note, \"' || i || '\"' END FROM n;")});
    QVERIFY2(made.exitCode == 0, qPrintable(made.describe()));

    MainWindow window;
    window.resize(1100, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openProject(QString(), QStringLiteral("sqlite:///") + dbPath);
    QVERIFY(waitLoaded(window));
    QCOMPARE(window.errorText(), QString());

    // The event loop's longest block, sampled by a 2 ms timer from here on.
    QElapsedTimer clock;
    clock.start();
    qint64 last = 0, longest = 0;
    QTimer probe;
    probe.setInterval(2);
    connect(&probe, &QTimer::timeout, this, [&]() {
        longest = std::max(longest, clock.elapsed() - last);
        last = clock.elapsed();
    });
    probe.start();
    last = clock.elapsed();

    window.showTab(2);
    DataPane *data = window.dataPane();
    data->setTable(QStringLiteral("reading"));
    TableDataModel *model = data->model();
    QTRY_COMPARE_WITH_TIMEOUT(model->totalRows(), qint64(1000000), 20000);
    QCOMPARE(model->rowCount(), 1000000);
    QTableView *view = data->view();
    const auto visibleRowsLoaded = [&]() {
        const int top = view->rowAt(0);
        const int bottom = view->rowAt(view->viewport()->height() - 1);
        for (int r = std::max(0, top); r <= (bottom < 0 ? top : bottom); ++r) {
            if (!model->isRowLoaded(r))
                return false;
        }
        return top >= 0;
    };
    QTRY_VERIFY_WITH_TIMEOUT(visibleRowsLoaded(), 10000);
    QCOMPARE(view->model()->index(0, 1).data().toString(), QStringLiteral("sensor-1"));
    QCOMPARE(view->model()->index(4, 3).data().toString(), QStringLiteral("NULL"));   // i = 5

    // Scroll: a drag of the scroll bar from top to bottom in 400 steps, then page-downs, then jumps.
    QScrollBar *bar = view->verticalScrollBar();
    const qint64 scrollStart = clock.elapsed();
    for (int step = 0; step <= 400; ++step) {
        bar->setValue(int(qint64(bar->maximum()) * step / 400));
        QTest::qWait(3);
    }
    QTRY_VERIFY_WITH_TIMEOUT(visibleRowsLoaded(), 10000);
    QCOMPARE(view->model()->index(999999, 0).data().toString(), QStringLiteral("1000000"));
    bar->setValue(bar->maximum() / 2);
    view->setFocus();
    for (int i = 0; i < 50; ++i) {
        QTest::keyClick(view, Qt::Key_PageDown);
        QTest::qWait(2);
    }
    for (int i = 0; i < 100; ++i) {
        bar->setValue(int((qint64(i) * 7919 % 1000) * bar->maximum() / 1000));
        QTest::qWait(2);
    }
    QTRY_VERIFY_WITH_TIMEOUT(visibleRowsLoaded(), 10000);
    const qint64 scrollMs = clock.elapsed() - scrollStart;
    const int cached = model->cachedRowCount();
    QVERIFY2(cached <= TableDataModel::kMaxChunks * TableDataModel::kChunkRows, qPrintable(QString::number(cached)));

    // Sort by value, descending: a header click; the first row holds the largest value.
    QHeaderView *header = view->horizontalHeader();
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(header->sectionViewportPosition(2) + 10, header->height() / 2));
    if (header->sortIndicatorOrder() == Qt::AscendingOrder)
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(header->sectionViewportPosition(2) + 10, header->height() / 2));
    QCOMPARE(header->sortIndicatorSection(), 2);
    bar->setValue(0);
    QTRY_VERIFY_WITH_TIMEOUT(model->isRowLoaded(0), 20000);
    QCOMPARE(view->model()->index(0, 2).data().toString(), QStringLiteral("1000.6"));

    // Filter: rows containing the text, counted by the database.
    QTest::keyClicks(data->filterEdit(), QStringLiteral("sensor-96"));
    QTRY_COMPARE_WITH_TIMEOUT(model->totalRows(), qint64(10309), 20000);   // i % 97 == 96 for i <= 1,000,000
    QVERIFY(window.findChild<QLabel *>(QStringLiteral("dataCount"))->text().contains(QLatin1String("10,309 matching")));
    data->filterEdit()->clear();
    QTRY_COMPARE_WITH_TIMEOUT(model->totalRows(), qint64(1000000), 20000);
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(header->sectionViewportPosition(0) + 10, header->height() / 2));
    if (header->sortIndicatorOrder() == Qt::DescendingOrder)
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(header->sectionViewportPosition(0) + 10, header->height() / 2));
    QTRY_VERIFY_WITH_TIMEOUT(model->isRowLoaded(0) && view->model()->index(0, 0).data().toString() == QLatin1String("1"), 20000);

    // Copy: rows 4 and 5 (i = 5, 6), columns id and note, as text and as CSV; then 5,000 rows mostly
    // not loaded, fetched off the GUI thread.
    view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view->selectionModel()->select(QItemSelection(model->index(4, 0), model->index(5, 0)), QItemSelectionModel::ClearAndSelect);
    view->selectionModel()->select(QItemSelection(model->index(4, 3), model->index(5, 3)), QItemSelectionModel::Select);
    QSignalSpy copied(model, &TableDataModel::copied);
    data->copySelection(false);
    QVERIFY(copied.wait(5000) || copied.size() == 1);
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("5\t\n6\t\"note, \"\"6\"\"\""));
    data->copySelection(true);
    QTRY_COMPARE(copied.size(), 2);
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("id,note\r\n5,\r\n6,\"note, \"\"6\"\"\"\r\n"));
    view->selectionModel()->select(QItemSelection(model->index(500000, 0), model->index(504999, 1)), QItemSelectionModel::ClearAndSelect);
    data->copySelection(false);
    QTRY_COMPARE_WITH_TIMEOUT(copied.size(), 3, 20000);
    const QStringList lines = QGuiApplication::clipboard()->text().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 5000);
    QCOMPARE(lines.first(), QStringLiteral("500001\tsensor-%1").arg(500001 % 97));
    QCOMPARE(lines.last(), QStringLiteral("505000\tsensor-%1").arg(505000 % 97));
    const qint64 browsingLongest = longest;
    const qint64 browsingMs = clock.elapsed();
    longest = 0;
    last = clock.elapsed();
    // A slow page (a deep OFFSET in an unindexed order takes seconds) and the user reloads meanwhile:
    // the window drops the old reader without waiting for its query.
    model->sort(2, Qt::DescendingOrder);
    bar->setValue(bar->maximum() / 2);
    // The rows on screen are asked for, behind the slow query, and the count label says they are on their way.
    QTRY_VERIFY2(window.findChild<QLabel *>(QStringLiteral("dataCount"))->text().contains(QLatin1String("loading")),
                 "the count label shows that rows are on their way");
    QVERIFY(model->isLoading());
    QVERIFY(!model->isRowLoaded(view->rowAt(0)));
    QSignalSpy reloaded(&window, &MainWindow::workspaceLoaded);
    window.findChild<QAction *>(QStringLiteral("reloadAction"))->trigger();
    QVERIFY(reloaded.wait(30000));
    QTRY_COMPARE_WITH_TIMEOUT(model->totalRows(), qint64(1000000), 20000);
    probe.stop();
    QVERIFY(window.grab().save(QStringLiteral(RETORT_TEST_OUTPUT_DIR "/data-tab.png")));

    qInfo("data tab on 1,000,000 rows: longest event-loop block %lld ms over %lld ms of scrolling, sorting, filtering and copying "
          "(%lld ms of it scrolling); %d rows cached at most; reloading during a slow page: longest block %lld ms",
          browsingLongest, browsingMs, scrollMs, cached, longest);
    // Generous for a loaded CI machine and sanitizer builds; the figure itself is in the bench.
    QVERIFY2(browsingLongest < 250, qPrintable(QStringLiteral("the event loop was blocked for %1 ms").arg(browsingLongest)));
    QVERIFY2(longest < 250, qPrintable(QStringLiteral("reloading blocked the event loop for %1 ms").arg(longest)));
}

// The table goes away under the Data tab: the reason in the tab and the status bar, no crash.
void tst_Workbench::dataTabShowsErrors()
{
    QTemporaryDir tmp;
    const QString dbPath = tmp.filePath(QStringLiteral("small.db"));
    const test::ProcessRun made = test::runProgram(QStringLiteral("sqlite3"), {dbPath, QStringLiteral("CREATE TABLE crew (id INTEGER PRIMARY KEY, name TEXT); "
                                                                                                     "INSERT INTO crew VALUES (1, 'Ada'), (2, 'Grace');")});
    QVERIFY2(made.exitCode == 0, qPrintable(made.describe()));
    MainWindow window;
    window.show();
    window.openProject(QString(), QStringLiteral("sqlite:///") + dbPath);
    QVERIFY(waitLoaded(window));
    window.showTab(2);
    DataPane *data = window.dataPane();
    data->setTable(QStringLiteral("crew"));
    QTRY_COMPARE_WITH_TIMEOUT(data->model()->totalRows(), qint64(2), 10000);
    QTRY_VERIFY(data->model()->isRowLoaded(1));
    QCOMPARE(data->view()->model()->index(1, 1).data().toString(), QStringLiteral("Grace"));
    const test::ProcessRun dropped = test::runProgram(QStringLiteral("sqlite3"), {dbPath, QStringLiteral("DROP TABLE crew;")});
    QVERIFY2(dropped.exitCode == 0, qPrintable(dropped.describe()));
    QTest::keyClicks(data->filterEdit(), QStringLiteral("Ada"));
    auto *error = window.findChild<QLabel *>(QStringLiteral("dataError"));
    QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 10000);
    QVERIFY2(error->text().contains(QLatin1String("no such table")), qPrintable(error->text()));
}

// A filter typed for one table does not follow to another (an empty table and a filtered one would
// look alike); a reload of the same table keeps it.
void tst_Workbench::dataFilterBelongsToItsTable()
{
    QTemporaryDir tmp;
    const QString dbPath = tmp.filePath(QStringLiteral("two.db"));
    const test::ProcessRun made = test::runProgram(QStringLiteral("sqlite3"), {dbPath, QStringLiteral(
        "CREATE TABLE crew (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO crew VALUES (1, 'Ada'), (2, 'Grace');"
        "CREATE TABLE ship (id INTEGER PRIMARY KEY, name TEXT);")});
    QVERIFY2(made.exitCode == 0, qPrintable(made.describe()));
    MainWindow window;
    window.show();
    window.openProject(QString(), QStringLiteral("sqlite:///") + dbPath);
    QVERIFY(waitLoaded(window));
    window.showTab(2);
    DataPane *data = window.dataPane();
    auto *count = window.findChild<QLabel *>(QStringLiteral("dataCount"));
    data->setTable(QStringLiteral("crew"));
    QTRY_COMPARE_WITH_TIMEOUT(data->model()->totalRows(), qint64(2), 10000);
    QTest::keyClicks(data->filterEdit(), QStringLiteral("Ada"));
    QTRY_COMPARE_WITH_TIMEOUT(count->text(), QStringLiteral("1 matching rows"), 10000);

    data->setTable(QStringLiteral("ship"));
    QCOMPARE(data->filterEdit()->text(), QString());
    QTRY_COMPARE_WITH_TIMEOUT(count->text(), QStringLiteral("0 rows"), 10000);
    data->setTable(QStringLiteral("crew"));
    QCOMPARE(data->filterEdit()->text(), QString());
    QTRY_COMPARE_WITH_TIMEOUT(count->text(), QStringLiteral("2 rows"), 10000);

    QTest::keyClicks(data->filterEdit(), QStringLiteral("Grace"));
    QTRY_COMPARE_WITH_TIMEOUT(count->text(), QStringLiteral("1 matching rows"), 10000);
    window.findChild<QAction *>(QStringLiteral("reloadAction"))->trigger();   // View → Reload (F5)
    QVERIFY(waitLoaded(window));
    QCOMPARE(data->filterEdit()->text(), QStringLiteral("Grace"));
    QTRY_COMPARE_WITH_TIMEOUT(count->text(), QStringLiteral("1 matching rows"), 10000);
}

// The Data tab's filter also takes a SQL condition: refused in place when it is not one expression (a
// ';' or a comment could end the query early), the database's own error in place when it is wrong, and
// a ';' inside a quoted string is just text. The first rows size the columns.
void tst_Workbench::dataTabSqlConditionAndColumnWidths()
{
    QTemporaryDir tmp;
    const QString dbPath = tmp.filePath(QStringLiteral("crew.db"));
    const test::ProcessRun made = test::runProgram(QStringLiteral("sqlite3"), {dbPath, QStringLiteral(
        "CREATE TABLE crew (id INTEGER PRIMARY KEY, name TEXT, motto TEXT);"
        "INSERT INTO crew VALUES (1, 'Ada', 'a;b'), (2, 'Grace', 'Nanoseconds are worth measuring in every single loop of the program'), "
        "(3, 'Margaret', 'Software, \"engineering\"');")});
    QVERIFY2(made.exitCode == 0, qPrintable(made.describe()));
    MainWindow window;
    window.resize(1000, 600);
    window.show();
    window.openProject(QString(), QStringLiteral("sqlite:///") + dbPath);
    QVERIFY(waitLoaded(window));
    window.showTab(2);
    DataPane *data = window.dataPane();
    data->setTable(QStringLiteral("crew"));
    QTRY_COMPARE_WITH_TIMEOUT(data->model()->totalRows(), qint64(3), 10000);
    QTRY_VERIFY(!data->model()->isLoading() && data->model()->isRowLoaded(2));
    // Column widths: the names fit, the long motto is held to a third of the view.
    QTableView *view = data->view();
    QTRY_VERIFY(view->columnWidth(1) >= view->fontMetrics().horizontalAdvance(QStringLiteral("Margaret")));
    QVERIFY(view->columnWidth(2) <= std::max(120, view->viewport()->width() / 3));

    auto *column = window.findChild<QComboBox *>(QStringLiteral("dataFilterColumn"));
    auto *count = window.findChild<QLabel *>(QStringLiteral("dataCount"));
    auto *error = window.findChild<QLabel *>(QStringLiteral("dataError"));
    column->setCurrentIndex(column->count() - 1);
    QCOMPARE(column->currentText(), QStringLiteral("SQL condition (WHERE …)"));
    QTest::keyClicks(data->filterEdit(), QStringLiteral("length(name) > 3"));
    QTRY_COMPARE_WITH_TIMEOUT(count->text(), QStringLiteral("2 matching rows"), 10000);
    QVERIFY(error->isHidden());

    data->filterEdit()->setText(QStringLiteral("1 = 1; DROP TABLE crew"));
    QTRY_VERIFY_WITH_TIMEOUT(!error->isHidden(), 5000);
    QVERIFY2(error->text().contains(QLatin1String("remove the ';'")), qPrintable(error->text()));
    data->filterEdit()->setText(QStringLiteral("id = 1 -- and the rest"));
    QTRY_VERIFY_WITH_TIMEOUT(error->text().contains(QLatin1String("comment")), 5000);
    data->filterEdit()->setText(QStringLiteral("no_such_column = 1"));
    QTRY_VERIFY_WITH_TIMEOUT(error->text().contains(QLatin1String("no such column")), 10000);
    data->filterEdit()->setText(QStringLiteral("motto = 'a;b'"));   // quoted, a ';' is text
    QTRY_COMPARE_WITH_TIMEOUT(count->text(), QStringLiteral("1 matching rows"), 10000);
    QVERIFY(error->isHidden());
    const test::ProcessRun still = test::runProgram(QStringLiteral("sqlite3"), {dbPath, QStringLiteral("SELECT count(*) FROM crew;")});
    QCOMPARE(still.out.trimmed(), QStringLiteral("3"));

    // Export: every row the filter selects, in the order shown, as RFC 4180 CSV.
    data->filterEdit()->setText(QStringLiteral("id >= 2"));
    QTRY_COMPARE_WITH_TIMEOUT(count->text(), QStringLiteral("2 matching rows"), 10000);
    QSignalSpy exported(data, &DataPane::exported);
    const QString csvPath = tmp.filePath(QStringLiteral("crew.csv"));
    data->exportCsv(csvPath);
    QVERIFY(exported.wait(10000));
    QCOMPARE(exported.first().at(2).toString(), QString());
    QCOMPARE(exported.first().at(1).toLongLong(), qint64(2));
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(csv.readAll()),
             QStringLiteral("id,name,motto\r\n2,Grace,Nanoseconds are worth measuring in every single loop of the program\r\n"
                            "3,Margaret,\"Software, \"\"engineering\"\"\"\r\n"));
}

// The Connections dialog's feedback: one error, in one place, gone when the URL changes; a password
// never left visible, not even in a URL Retort cannot use; fields that follow the URL. The project's
// own connection is the list's first entry and the Database menu's, so a saved connection is never a
// one-way door.
void tst_Workbench::connectionsDialogFeedbackAndTheProjectConnection()
{
    QTemporaryDir tmp;
    Result<QString> dir = demo::prepareUserDemo(tmp.filePath(QStringLiteral("demo")));
    QVERIFY(dir);
    const QString ownDb = *dir + QStringLiteral("/instance/spaceship.db");
    const QString otherDb = tmp.filePath(QStringLiteral("other.db"));
    QVERIFY(QFile::copy(ownDb, otherDb));
    auto store = std::make_shared<MemoryPasswordStore>();
    MainWindow window;
    window.setPasswordStore(store);
    window.show();
    window.openProject(*dir);
    QVERIFY(waitLoaded(window));
    auto *status = window.findChild<QLabel *>(QStringLiteral("statusConnection"));
    QVERIFY2(status->text().contains(QLatin1String("spaceship.db")), qPrintable(status->text()));

    ConnectionDialog *dialog = window.openConnections();
    auto *list = dialog->findChild<QListWidget *>(QStringLiteral("profileList"));
    auto *url = dialog->findChild<QLineEdit *>(QStringLiteral("urlEdit"));
    auto *password = dialog->findChild<QLineEdit *>(QStringLiteral("passwordEdit"));
    auto *host = dialog->findChild<QLineEdit *>(QStringLiteral("hostEdit"));
    auto *database = dialog->findChild<QLineEdit *>(QStringLiteral("databaseEdit"));
    auto *urlError = dialog->findChild<QLabel *>(QStringLiteral("urlError"));
    auto *testResult = dialog->findChild<QLabel *>(QStringLiteral("testResult"));
    QVERIFY2(list->count() >= 1 && list->item(0)->text().startsWith(QLatin1String("Project's connection (")), qPrintable(list->item(0)->text()));
    QCOMPARE(list->currentRow(), 0);   // the window is on it
    QVERIFY2(url->text().endsWith(QLatin1String("spaceship.db")), qPrintable(url->text()));

    // A server URL fills the fields; then one Retort cannot use: its password leaves the visible field all
    // the same, the fields are emptied, and the reason shows once, under the URL.
    typeUrl(url, QStringLiteral("postgresql://app@db.internal:5432/shop"));
    QCOMPARE(host->text(), QStringLiteral("db.internal"));
    typeUrl(url, QStringLiteral("oracle://scott:tiger@db.example.org/orcl"));
    QVERIFY2(!url->text().contains(QLatin1String("tiger")), qPrintable(url->text()));
    QCOMPARE(password->text(), QStringLiteral("tiger"));
    QCOMPARE(password->echoMode(), QLineEdit::Password);
    QVERIFY(!urlError->isHidden());
    QVERIFY(!urlError->text().contains(QLatin1String("tiger")));
    QCOMPARE(host->text(), QString());
    QCOMPARE(database->text(), QString());
    dialog->testConnection();
    QCOMPARE(testResult->text(), QString());   // not the same error a second time

    // A failed test, then another URL: the old result goes with the URL it was about.
    typeUrl(url, QStringLiteral("sqlite:///") + tmp.filePath(QStringLiteral("missing/none.db")));
    QVERIFY(urlError->isHidden());
    QSignalSpy tested(dialog, &ConnectionDialog::testFinished);
    dialog->testConnection();
    QVERIFY(tested.wait(10000));
    QVERIFY(!tested.first().at(0).toBool());
    QVERIFY(testResult->text().contains(QLatin1String("Failed")));
    typeUrl(url, QStringLiteral("sqlite:///") + otherDb);
    QCOMPARE(testResult->text(), QString());

    // Save the other file as a connection and connect to it.
    QSignalSpy saved(dialog, &ConnectionDialog::profileSaved);
    dialog->findChild<QLineEdit *>(QStringLiteral("profileName"))->setText(QStringLiteral("copy"));
    dialog->saveProfile();
    QVERIFY(saved.wait(5000));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("connectButton")), Qt::LeftButton);
    QVERIFY(waitLoaded(window));
    QCOMPARE(window.profileName(), QStringLiteral("copy"));
    QVERIFY2(status->text().startsWith(QStringLiteral("copy — ")) && status->text().contains(QLatin1String("other.db")), qPrintable(status->text()));

    // Back to the project's own connection from the Database menu.
    auto *databaseMenu = window.findChild<QMenu *>(QStringLiteral("databaseMenu"));
    emit databaseMenu->aboutToShow();
    QAction *own = nullptr;
    for (QAction *action : databaseMenu->actions()) {
        if (action->text().startsWith(QLatin1String("Project's Connection (")))
            own = action;
    }
    QVERIFY(own);
    QVERIFY(!own->isChecked());
    own->trigger();
    QVERIFY(waitLoaded(window));
    QCOMPARE(window.profileName(), QString());
    QVERIFY2(status->text().contains(QLatin1String("spaceship.db")) && !status->text().contains(QLatin1String("copy")), qPrintable(status->text()));
    emit databaseMenu->aboutToShow();
    for (QAction *action : databaseMenu->actions()) {
        if (action->text().startsWith(QLatin1String("Project's Connection (")))
            QVERIFY(action->isChecked());
    }

    // And from the dialog: its first entry connects as the project's configuration says.
    window.useProfile(QStringLiteral("copy"));
    QVERIFY(waitLoaded(window));
    dialog = window.openConnections();
    list = dialog->findChild<QListWidget *>(QStringLiteral("profileList"));
    list->setCurrentRow(0);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("connectButton")), Qt::LeftButton);
    QVERIFY(waitLoaded(window));
    QCOMPARE(window.profileName(), QString());
    QVERIFY2(status->text().contains(QLatin1String("spaceship.db")), qPrintable(status->text()));
}

// Profiles through the dialog, on the real PostgreSQL server: test, save (password to the keychain
// double only), connect, switch to another profile and back; the history's badge follows.
void tst_Workbench::connectionProfilesAndTheKeychain()
{
    RETORT_REQUIRE_SERVER(Dialect::PostgreSQL);
    const DatabaseUrl pg = *test::serverUrl(Dialect::PostgreSQL);
    QTemporaryDir tmp;
    Result<QString> dir = demo::prepareUserDemo(tmp.filePath(QStringLiteral("demo")));
    QVERIFY(dir);
    auto store = std::make_shared<MemoryPasswordStore>();
    MainWindow window;
    window.setPasswordStore(store);
    window.openProject(*dir);
    QVERIFY(waitLoaded(window));
    QCOMPARE(window.historyModel()->row(window.historyModel()->currentRows().value(0)).id, QStringLiteral("7a4e2b9c1d05"));

    ConnectionDialog *dialog = window.openConnections();
    QVERIFY(dialog);
    auto *url = dialog->findChild<QLineEdit *>(QStringLiteral("urlEdit"));
    auto *password = dialog->findChild<QLineEdit *>(QStringLiteral("passwordEdit"));
    // A URL pasted with its password: the password moves to the masked field.
    // A malformed URL: the reason under the field, and Test refuses it without connecting anywhere.
    typeUrl(url, QStringLiteral("postgresql://app@db.internal:notaport/app"));
    auto *urlError = dialog->findChild<QLabel *>(QStringLiteral("urlError"));
    QVERIFY(!urlError->isHidden());
    QVERIFY2(!urlError->text().isEmpty(), "the URL's problem is shown");
    QSignalSpy refused(dialog, &ConnectionDialog::testFinished);
    dialog->testConnection();
    QCOMPARE(refused.size(), 1);
    QVERIFY(!refused.first().at(0).toBool());
    // A password the URL's syntax puts in the port or the host is never shown in the reason.
    for (const QString &typed : {QStringLiteral("postgresql://app:s3cret/app"), QStringLiteral("postgresql://app:s3c@ret@db/app")}) {
        typeUrl(url, typed);
        QVERIFY(!urlError->isHidden());
        QVERIFY2(!urlError->text().contains(QLatin1String("s3c")) && !urlError->text().contains(QLatin1String("ret@")),
                 qPrintable(urlError->text()));
    }
    typeUrl(url, pg.toString(true));
    QVERIFY(urlError->isHidden());
    QVERIFY(!url->text().contains(pg.password()));
    QCOMPARE(password->text(), pg.password());
    QCOMPARE(password->echoMode(), QLineEdit::Password);
    QCOMPARE(dialog->findChild<QComboBox *>(QStringLiteral("engineCombo"))->currentText(), QStringLiteral("PostgreSQL"));
    QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("hostEdit"))->text(), pg.host());

    // Test connection: the server's version.
    QSignalSpy tested(dialog, &ConnectionDialog::testFinished);
    dialog->testConnection();
    QVERIFY(tested.wait(20000));
    QVERIFY2(tested.first().at(0).toBool(), qPrintable(tested.first().at(1).toString()));
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("testResult"))->text().contains(QLatin1String("PostgreSQL 15")));

    // An SSL mode the server cannot give: a clear failure, not a hang or a crash.
    auto *ssl = dialog->findChild<QComboBox *>(QStringLiteral("sslModeCombo"));
    ssl->setCurrentIndex(ssl->findData(QStringLiteral("require")));
    QVERIFY(url->text().contains(QLatin1String("sslmode=require")));
    dialog->testConnection();
    QVERIFY(tested.wait(20000));
    QVERIFY(!tested.last().at(0).toBool());
    QVERIFY2(tested.last().at(1).toString().contains(QLatin1String("SSL"), Qt::CaseInsensitive), qPrintable(tested.last().at(1).toString()));
    QVERIFY(!tested.last().at(1).toString().contains(pg.password()));
    ssl->setCurrentIndex(0);

    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);   // the result label lays out its lines
    QVERIFY(dialog->grab().save(QStringLiteral(RETORT_TEST_OUTPUT_DIR "/connections-dialog.png")));
    // Save with the password remembered: in the keychain, never in the settings file.
    dialog->findChild<QLineEdit *>(QStringLiteral("profileName"))->setText(QStringLiteral("pg-test"));
    dialog->findChild<QCheckBox *>(QStringLiteral("rememberPassword"))->setChecked(true);
    QSignalSpy saved(dialog, &ConnectionDialog::profileSaved);
    dialog->saveProfile();
    QVERIFY(saved.wait(5000));
    const ConnectionProfiles profiles(*dir);
    QCOMPARE(store->entries().value(profiles.keychainKey(QStringLiteral("pg-test"))), pg.password());
    QSettings().sync();
    QFile settingsFile(QSettings().fileName());
    QVERIFY(settingsFile.open(QIODevice::ReadOnly));
    const QByteArray settingsText = settingsFile.readAll();
    QVERIFY(settingsText.contains("pg-test"));
    QVERIFY2(!settingsText.contains(pg.password().toUtf8()), "a password was written to the settings file");

    // A second profile: the demo's own SQLite file.
    typeUrl(url, QStringLiteral("sqlite:///") + *dir + QStringLiteral("/instance/spaceship.db"));
    dialog->findChild<QLineEdit *>(QStringLiteral("profileName"))->setText(QStringLiteral("local"));
    dialog->saveProfile();
    QVERIFY(saved.wait(5000));
    QCOMPARE(profiles.load().size(), 2);
    dialog->close();

    // Switch to PostgreSQL (the password from the keychain): an empty database, at base.
    window.useProfile(QStringLiteral("pg-test"));
    QVERIFY(waitLoaded(window));
    QCOMPARE(window.errorText(), QString());
    QCOMPARE(window.profileName(), QStringLiteral("pg-test"));
    QVERIFY(window.historyModel()->currentRows().isEmpty());
    const QString status = window.findChild<QLabel *>(QStringLiteral("statusConnection"))->text();
    QCOMPARE(status, QStringLiteral("pg-test — %1@%2/%3").arg(pg.username(), pg.serverLabel(), pg.database()));
    const QString label = window.findChild<QLabel *>(QStringLiteral("connectionLabel"))->text();
    QVERIFY2(label.contains(QLatin1String("(from saved connection 'pg-test')")) && !label.contains(pg.password()), qPrintable(label));
    // And back: the badge is on the SQLite database's revision again.
    window.useProfile(QStringLiteral("local"));
    QVERIFY(waitLoaded(window));
    QCOMPARE(window.historyModel()->row(window.historyModel()->currentRows().value(0)).id, QStringLiteral("7a4e2b9c1d05"));
    QCOMPARE(window.findChild<QLabel *>(QStringLiteral("statusRevision"))->text(), QStringLiteral("at 7a4e2b9c1d05 (behind the heads)"));

    // A wrong password in the keychain: the error in the window, without the password.
    bool written = false;
    store->write(profiles.keychainKey(QStringLiteral("pg-test")), QStringLiteral("not-the-password"), &window,
                 [&written](const PasswordAnswer &) { written = true; });
    QTRY_VERIFY(written);
    window.useProfile(QStringLiteral("pg-test"));
    QVERIFY(waitLoaded(window));
    QVERIFY2(window.errorText().contains(QLatin1String("wrong user name or password")), qPrintable(window.errorText()));
    QVERIFY(!window.errorText().contains(QLatin1String("not-the-password")));
}

// Without a keychain service: the dialog says so, the profile is kept without its password, and
// connecting asks for it.
void tst_Workbench::noKeychainAsksEachTime()
{
    RETORT_REQUIRE_SERVER(Dialect::MySQL);
    const DatabaseUrl my = *test::serverUrl(Dialect::MySQL);
    QTemporaryDir tmp;
    Result<QString> dir = demo::prepareUserDemo(tmp.filePath(QStringLiteral("demo")));
    QVERIFY(dir);
    auto store = std::make_shared<MemoryPasswordStore>();
    store->setAvailable(false);
    MainWindow window;
    window.setPasswordStore(store);
    window.openProject(*dir);
    QVERIFY(waitLoaded(window));
    ConnectionDialog *dialog = window.openConnections();
    auto *url = dialog->findChild<QLineEdit *>(QStringLiteral("urlEdit"));
    typeUrl(url, my.toString(true));
    dialog->findChild<QLineEdit *>(QStringLiteral("profileName"))->setText(QStringLiteral("maria"));
    dialog->findChild<QCheckBox *>(QStringLiteral("rememberPassword"))->setChecked(true);
    QSignalSpy saved(dialog, &ConnectionDialog::profileSaved);
    dialog->saveProfile();
    QVERIFY(saved.wait(5000));
    QVERIFY2(dialog->keychainStatus().contains(QLatin1String("No desktop keychain is available")), qPrintable(dialog->keychainStatus()));
    QVERIFY(dialog->keychainStatus().contains(QLatin1String("ask for it each time")));
    const QList<ConnectionProfile> saves = ConnectionProfiles(*dir).load();
    QCOMPARE(saves.size(), 1);
    QVERIFY(!saves.first().rememberPassword);
    QVERIFY(!saves.first().url.contains(my.password()));
    // MySQL SSL mode REQUIRED: refused before connecting, with the reason (QtSql cannot require TLS before the login).
    auto *ssl = dialog->findChild<QComboBox *>(QStringLiteral("sslModeCombo"));
    ssl->setCurrentIndex(ssl->findData(QStringLiteral("REQUIRED")));
    QSignalSpy tested(dialog, &ConnectionDialog::testFinished);
    dialog->testConnection();
    QVERIFY(tested.wait(20000));
    QVERIFY(!tested.first().at(0).toBool());
    QVERIFY2(tested.first().at(1).toString().contains(QLatin1String("cannot be honoured")), qPrintable(tested.first().at(1).toString()));
    dialog->close();

    // Connecting asks for the password (typed into the masked prompt).
    int asked = 0;
    QTimer answer;
    answer.setInterval(50);
    connect(&answer, &QTimer::timeout, this, [&]() {
        for (QInputDialog *prompt : window.findChildren<QInputDialog *>()) {
            if (!prompt->isVisible())
                continue;
            ++asked;
            QCOMPARE(prompt->textEchoMode(), QLineEdit::Password);
            prompt->setTextValue(my.password());
            prompt->accept();
        }
    });
    answer.start();
    window.useProfile(QStringLiteral("maria"));
    QVERIFY(waitLoaded(window));
    answer.stop();
    QCOMPARE(asked, 1);
    QCOMPARE(window.errorText(), QString());
    QVERIFY(window.findChild<QLabel *>(QStringLiteral("serverLabel"))->text().contains(QLatin1String("MariaDB")));
}

void tst_Workbench::layoutAndRecentProjectsAreRestored()
{
    QTemporaryDir tmp;
    Result<QString> dir = demo::prepareUserDemo(tmp.filePath(QStringLiteral("demo")));
    QVERIFY(dir);
    QList<int> sizes;
    {
        MainWindow window;
        const QRect available = QGuiApplication::primaryScreen()->availableGeometry();   // 800x800 offscreen
        window.resize(std::min(1000, available.width() - 40), std::min(640, available.height() - 40));
        window.show();
        window.openProject(*dir);
        QVERIFY(waitLoaded(window));
        window.showTab(1);
        auto *splitter = window.findChild<QSplitter *>(QStringLiteral("schemaSplitter"));
        splitter->setSizes({240, 160, 300});   // within the window's width, so nothing rescales them
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCoreApplication::processEvents();
        sizes = splitter->sizes();   // as they are when the window closes and saves them
        window.close();
    }
    MainWindow again;
    again.show();
    QVERIFY(QTest::qWaitForWindowActive(&again));
    auto *tabs = again.findChild<QTabWidget *>(QStringLiteral("mainTabs"));
    QCOMPARE(tabs->currentIndex(), 1);
    // The tab shortcuts, from anywhere in the window.
    QTest::keyClick(&again, Qt::Key_3, Qt::ControlModifier);
    QCOMPARE(tabs->currentIndex(), 2);
    QTest::keyClick(&again, Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(tabs->currentIndex(), 0);
    QTest::keyClick(&again, Qt::Key_F, Qt::ControlModifier);   // the table filter, on the Schema tab
    QCOMPARE(tabs->currentIndex(), 1);
    QCOMPARE(QApplication::focusWidget(), again.findChild<QLineEdit *>(QStringLiteral("filterEdit")));
    tabs->setCurrentIndex(1);
    // The panes come back as they were, give or take what their contents' minimum sizes move.
    const QList<int> restored = again.findChild<QSplitter *>(QStringLiteral("schemaSplitter"))->sizes();
    QCOMPARE(restored.size(), sizes.size());
    for (qsizetype i = 0; i < sizes.size(); ++i)
        QVERIFY2(std::abs(restored.at(i) - sizes.at(i)) <= 8, qPrintable(QStringLiteral("pane %1: %2 px, saved %3").arg(i).arg(restored.at(i)).arg(sizes.at(i))));
    QCOMPARE(QSettings().value(QStringLiteral("recentProjects")).toStringList().value(0), *dir);
}

// The status bar's parts never overlap, even in a narrow window with a long path; a window saved larger
// than the screen it comes back on (another monitor, 2x scaling) is brought inside that screen.
void tst_Workbench::statusBarAndGeometryFitTheScreen()
{
    QTemporaryDir tmp;
    Result<QString> dir = demo::prepareUserDemo(tmp.filePath(QStringLiteral("demo-with-a-rather-long-folder-name/and/more/of/it")));
    QVERIFY(dir);
    const QRect available = QGuiApplication::primaryScreen()->availableGeometry();
    {
        MainWindow window;
        window.show();
        window.openProject(*dir);
        QVERIFY(waitLoaded(window));
        for (const int width : {1100, 620, 420}) {
            window.resize(width, 500);
            QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
            window.showStatus(QStringLiteral("A long message about ") + *dir + QStringLiteral("/instance/spaceship.db"));
            QCoreApplication::processEvents();
            window.statusBar()->grab().save(QStringLiteral(RETORT_TEST_OUTPUT_DIR "/status-bar-%1.png").arg(width));
            QList<QRect> parts;
            for (const char *name : {"statusConnection", "statusRevision"}) {
                const auto *label = window.findChild<QLabel *>(QString::fromLatin1(name));
                QVERIFY(label);
                if (label->isVisible() && !label->text().isEmpty())
                    parts << label->geometry();
                // What does not fit is elided, with the whole text in the tool tip.
                QVERIFY2(label->fontMetrics().horizontalAdvance(label->text()) <= label->width() + 1,
                         qPrintable(QStringLiteral("%1 at width %2: '%3' in %4 px").arg(QString::fromLatin1(name)).arg(width)
                                        .arg(label->text()).arg(label->width())));
            }
            // The message keeps to the left of them, elided rather than cut against them.
            const QString message = window.statusBar()->currentMessage();
            QVERIFY2(message.contains(QChar(0x2026)), qPrintable(message));
            QVERIFY(!parts.isEmpty());
            QVERIFY2(window.statusBar()->fontMetrics().horizontalAdvance(message) < parts.first().left(),
                     qPrintable(QStringLiteral("the message runs under the connection at width %1").arg(width)));
            QVERIFY(window.statusBar()->toolTip().endsWith(QLatin1String("/instance/spaceship.db")));
            for (qsizetype i = 1; i < parts.size(); ++i)
                QVERIFY2(!parts.at(i).intersects(parts.at(i - 1)), qPrintable(QStringLiteral("the status labels overlap at width %1").arg(width)));
            for (const QRect &r : std::as_const(parts))
                QVERIFY2(window.statusBar()->rect().contains(r), qPrintable(QStringLiteral("a status label leaves the bar at width %1").arg(width)));
        }
        window.resize(available.width() * 2, available.height() * 2);   // as saved on a larger screen, or at 1x
        window.close();
    }
    MainWindow again;
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QVERIFY2(again.width() <= available.width() && again.height() <= available.height(),
             qPrintable(QStringLiteral("%1x%2 on a %3x%4 screen").arg(again.width()).arg(again.height()).arg(available.width()).arg(available.height())));
    QVERIFY(available.intersects(again.geometry()));
}

// A plan with revisions that need Python, from the window: the plan names them and the interpreter
// (RETORT_PYTHON, as a user would set it) with its versions; the run goes through the project's Python
// and the database ends at the head with the shop's rows.
// Issue 18, item 2: a project whose SQLite file does not exist yet. The window says the first
// upgrade creates it; the plan says so (and that there is nothing to back up); the run creates it at
// the heads, as `alembic upgrade heads` does with a missing file.
void tst_Workbench::newSqliteDatabaseFromTheWindow()
{
    QTemporaryDir tmp;
    Result<QString> dir = demo::prepareUserDemo(tmp.filePath(QStringLiteral("demo")));
    QVERIFY2(dir, dir ? "" : qPrintable(dir.error().toString()));
    QVERIFY(QDir().mkpath(tmp.filePath(QStringLiteral("data"))));
    const QString fresh = tmp.filePath(QStringLiteral("data/fresh.db"));
    MainWindow window;
    window.resize(1100, 700);
    window.show();
    window.openProject(*dir, QStringLiteral("sqlite:///") + fresh);
    QVERIFY(waitLoaded(window));
    QVERIFY2(window.errorText().contains(QLatin1String("does not exist")), qPrintable(window.errorText()));
    const QString banner = window.findChild<QLabel *>(QStringLiteral("errorLabel"))->text();
    QVERIFY2(banner.contains(QLatin1String("The first upgrade creates it")), qPrintable(banner));
    QVERIFY(!QFile::exists(fresh));   // opening never creates it

    window.showTab(0);
    window.historyView()->setCurrentIndex(window.historyModel()->index(0, 0));
    const QString head = window.historyModel()->row(0).id;
    MigrationDialog *dialog = window.startRevisionAction(MainWindow::RevisionAction::Upgrade);
    QVERIFY(dialog);
    QSignalSpy planned(dialog, &MigrationDialog::planShown);
    QVERIFY(planned.wait(30000));
    const QString behaviour = dialog->findChild<QLabel *>(QStringLiteral("behaviourLabel"))->text();
    QVERIFY2(behaviour.contains(QStringLiteral("does not exist yet: this run creates it")), qPrintable(behaviour));
    QVERIFY(!dialog->findChild<QRadioButton *>(QStringLiteral("backupRadio"))->isEnabled());
    QVERIFY(dialog->findChild<QRadioButton *>(QStringLiteral("noBackupRadio"))->isChecked());
    QVERIFY(!QFile::exists(fresh));   // nor does the plan
    QVERIFY(dialog->grab().save(QStringLiteral(RETORT_TEST_OUTPUT_DIR "/new-database-plan.png")));
    QSignalSpy done(dialog, &MigrationDialog::finished);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("runButton")), Qt::LeftButton);
    QVERIFY(done.wait(60000));
    QVERIFY2(dialog->resultText().startsWith(QStringLiteral("Done.")), qPrintable(dialog->resultText()));
    QVERIFY(QFile::exists(fresh));
    Result<std::unique_ptr<Connection>> ours = Connection::open(*DatabaseUrl::parse(QStringLiteral("sqlite:///") + fresh));
    QVERIFY(ours);
    QCOMPARE(readVersionTable(**ours, VersionTableName{})->revisions, QStringList{head});

    // Alembic does the same with a file that does not exist: the same tables, the same version row.
    const QString theirs = tmp.filePath(QStringLiteral("data/alembic.db"));
    const test::ProcessRun up = test::runAlembic(*dir, {QStringLiteral("upgrade"), QStringLiteral("heads")}, QStringLiteral("sqlite:///") + theirs);
    QVERIFY2(up.exitCode == 0, qPrintable(up.describe()));
    Result<std::unique_ptr<Connection>> reference = Connection::open(*DatabaseUrl::parse(QStringLiteral("sqlite:///") + theirs));
    QVERIFY(reference);
    QCOMPARE(readVersionTable(**ours, VersionTableName{})->revisions, readVersionTable(**reference, VersionTableName{})->revisions);
    QCOMPARE((*ours)->database().tables(), (*reference)->database().tables());
}

// Issue 18, item 5: a Flask-Migrate --multidb project shows where each database stands; the window
// refuses to migrate it (which bind a revision's upgrade(engine_name) is for would be a guess) and
// says how to.
void tst_Workbench::multiDatabaseProjectInTheWindow()
{
    QTemporaryDir dir;
    QVERIFY(copyFixture(QStringLiteral("flask_multidb"), dir.path()));
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("instance"))));
    QFile config(dir.filePath(QStringLiteral("instance/config.py")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(QStringLiteral("SQLALCHEMY_DATABASE_URI = \"sqlite:///%1/main.db\"\nSQLALCHEMY_BINDS = {\"users\": \"sqlite:///%1/users.db\"}\n")
                     .arg(dir.path()).toUtf8());
    config.close();
    // The users database at m01 (natively), the default one new and empty.
    const test::ProcessRun up = test::runProgram(QStringLiteral(RETORT_CLI_PATH), {QStringLiteral("--bind"), QStringLiteral("users"),
                                                                                   QStringLiteral("upgrade"), QStringLiteral("m01"),
                                                                                   QStringLiteral("--no-backup")}, dir.path());
    QVERIFY2(up.exitCode == 0, qPrintable(up.describe()));
    {
        Result<std::unique_ptr<Connection>> created = Connection::open(*DatabaseUrl::parse(QStringLiteral("sqlite:///") + dir.filePath(QStringLiteral("main.db"))),
                                                                       Connection::Options{true, 10, QStringLiteral("test")});
        QVERIFY(created);
    }
    MainWindow window;
    window.resize(1100, 700);
    window.show();
    window.openProject(dir.path());
    QVERIFY(waitLoaded(window));
    QCOMPARE(window.errorText(), QString());
    const QString revision = window.findChild<QLabel *>(QStringLiteral("revisionLabel"))->text();
    QVERIFY2(revision.contains(QStringLiteral("default: no alembic_version table (base) · users: m01")), qPrintable(revision));
    window.showTab(0);
    window.historyView()->setCurrentIndex(window.historyModel()->index(0, 0));
    MigrationDialog *dialog = window.startRevisionAction(MainWindow::RevisionAction::Upgrade);
    QVERIFY(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->resultText().contains(QStringLiteral("Flask-Migrate --multidb")), 30000);
    QVERIFY2(dialog->resultText().contains(QStringLiteral("retort-cli --bind NAME upgrade")), qPrintable(dialog->resultText()));
    dialog->close();
}

void tst_Workbench::pythonRevisionsFromTheWindow()
{
    if (!QFile::exists(QStringLiteral("/usr/lib/python3/dist-packages/alembic/__init__.py"))) {
        if (test::inCi())
            QFAIL("Debian's python3-alembic is not installed (tools/dev test installs it)");
        QSKIP("python3-alembic is not installed");
    }
    QTemporaryDir dir;
    QVERIFY(copyFixture(QStringLiteral("shop"), dir.path()));
    const QString db = dir.filePath(QStringLiteral("shop.db"));
    {
        Result<std::unique_ptr<Connection>> created = Connection::open(*DatabaseUrl::parse(QStringLiteral("sqlite:///") + db),
                                                                       Connection::Options{true, 10, QStringLiteral("test")});
        QVERIFY(created);
    }
    qputenv("RETORT_PYTHON", "/usr/bin/python3");
    MainWindow window;
    window.resize(1100, 700);
    window.show();
    window.openProject(dir.path(), QStringLiteral("sqlite:///") + db);
    QVERIFY(waitLoaded(window));
    window.showTab(0);
    window.historyView()->setCurrentIndex(window.historyModel()->index(0, 0));   // the head, s08
    QCOMPARE(window.historyModel()->row(0).id, QStringLiteral("s08"));
    MigrationDialog *dialog = window.startRevisionAction(MainWindow::RevisionAction::Upgrade);
    QVERIFY(dialog);
    QSignalSpy planned(dialog, &MigrationDialog::planShown);
    QVERIFY(planned.wait(30000));
    const QString behaviour = dialog->findChild<QLabel *>(QStringLiteral("behaviourLabel"))->text();
    // The plan names the interpreter without starting it.
    QVERIFY2(behaviour.contains(QLatin1String("6 revision(s) run through the project&#x27;s Python (s02, s03, s04, s05, s06, s07) "
                                              "with /usr/bin/python3 (RETORT_PYTHON)"))
                 || behaviour.contains(QLatin1String("6 revision(s) run through the project's Python (s02, s03, s04, s05, s06, s07) "
                                                     "with /usr/bin/python3 (RETORT_PYTHON)")),
             qPrintable(behaviour));
    // The preview ran none of the project's code: the SQL pane has the native revisions' statements
    // and says where the others' will come from.
    auto *sqlPane = dialog->findChild<CodeEditor *>(QStringLiteral("planSql"));
    const QString plannedSql = sqlPane->text();
    QVERIFY2(plannedSql.contains(QLatin1String("-- Retort: revision s02 runs through the project's Python; its statements show as "
                                               "it runs, or here when asked for")),
             qPrintable(plannedSql));
    QVERIFY2(plannedSql.contains(QLatin1String("CREATE INDEX ix_account_name ON account (name);")), qPrintable(plannedSql));   // s08
    QVERIFY(!plannedSql.contains(QLatin1String("CREATE TABLE colour")));
    // Asked for: s02 reads rows, so Alembic's offline mode cannot print it; on SQLite the plan is
    // rehearsed on a copy of the file, labelled as such: the data migration's UPDATEs and s05's table
    // (env.py's custom operation) are there, and the live database is untouched.
    auto *pythonSql = dialog->findChild<QPushButton *>(QStringLiteral("pythonSqlButton"));
    QVERIFY(pythonSql && pythonSql->isVisible());
    QSignalSpy shown(dialog, &MigrationDialog::pythonSqlShown);
    QTest::mouseClick(pythonSql, Qt::LeftButton);
    QVERIFY(shown.wait(60000));
    QVERIFY(!pythonSql->isVisible());
    const QString sql = sqlPane->text();
    QVERIFY2(sql.contains(QLatin1String("-- Retort: REHEARSAL. The plan was run on a copy of the database made just now")), qPrintable(sql));
    QVERIFY2(sql.contains(QLatin1String("CREATE TABLE colour (")), qPrintable(sql));
    QVERIFY2(sql.contains(QLatin1String("UPDATE account SET name = ? WHERE id = ?;")), qPrintable(sql));
    QVERIFY2(!sql.contains(QLatin1String("stopped here")), qPrintable(sql));
    {
        Result<std::unique_ptr<Connection>> untouched = Connection::open(*DatabaseUrl::parse(QStringLiteral("sqlite:///") + db));
        QVERIFY(untouched);
        QCOMPARE((*untouched)->database().tables(), QStringList());
    }
    QVERIFY(dialog->grab().save(QStringLiteral(RETORT_TEST_OUTPUT_DIR "/python-plan.png")));
    QTest::mouseClick(dialog->findChild<QRadioButton *>(QStringLiteral("noBackupRadio")), Qt::LeftButton);
    QSignalSpy done(dialog, &MigrationDialog::finished);
    QSignalSpy reloaded(&window, &MainWindow::workspaceLoaded);   // the window follows the database after a run
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("runButton")), Qt::LeftButton);
    QVERIFY(done.wait(120000));
    QVERIFY(!reloaded.isEmpty() || reloaded.wait(30000));
    qunsetenv("RETORT_PYTHON");
    QVERIFY2(dialog->resultText().startsWith(QStringLiteral("Done.")), qPrintable(dialog->resultText()));
    // The run checked the interpreter first and said what it found.
    const QString log = dialog->findChild<QPlainTextEdit *>(QStringLiteral("logView"))->toPlainText();
    QVERIFY2(log.contains(QLatin1String("/usr/bin/python3: Python 3.")) && log.contains(QLatin1String(", Alembic 1.")), qPrintable(log));
    Result<std::unique_ptr<Connection>> check = Connection::open(*DatabaseUrl::parse(QStringLiteral("sqlite:///") + db));
    QVERIFY(check);
    QCOMPARE(readVersionTable(**check, VersionTableName{})->revisions, QStringList{QStringLiteral("s08")});
    QSqlQuery q((*check)->database());
    QVERIFY(q.exec(QStringLiteral("SELECT name, tier FROM account ORDER BY id")));
    QStringList rows;
    while (q.next())
        rows << q.value(0).toString() + QLatin1Char('/') + q.value(1).toString();
    QCOMPARE(rows, (QStringList{"Ada/gold", "Brian/basic", "Chen/gold"}));
    q.finish();

    // The project's own choice, made in the window and remembered with the project, runs the downgrade.
    const QString wrapper = dir.filePath(QStringLiteral("project-python"));
    QFile script(wrapper);
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("#!/bin/sh\nexec /usr/bin/python3 \"$@\"\n");
    script.close();
    QVERIFY(script.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    window.chooseProjectInterpreter(dir.filePath(QStringLiteral("shop.db")));   // not executable: refused
    QVERIFY(window.lastMessage().contains(QLatin1String("is not an executable file")));
    window.chooseProjectInterpreter(wrapper);
    QCOMPARE(projectInterpreter(dir.path()), wrapper);
    auto *databaseMenu = window.findChild<QMenu *>(QStringLiteral("databaseMenu"));
    QVERIFY(databaseMenu);
    emit databaseMenu->aboutToShow();
    QStringList menuTexts;
    for (const QAction *action : databaseMenu->actions())
        menuTexts << action->text();
    QVERIFY2(menuTexts.contains(QStringLiteral("Run with %1 (the interpreter chosen for this project)").arg(wrapper)),
             qPrintable(menuTexts.join(QLatin1Char('|'))));
    const int last = window.historyModel()->rowCount() - 1;
    QCOMPARE(window.historyModel()->row(last).id, QStringLiteral("s01"));
    window.historyView()->setCurrentIndex(window.historyModel()->index(last, 0));
    MigrationDialog *down = window.startRevisionAction(MainWindow::RevisionAction::Downgrade);
    QVERIFY(down);
    QSignalSpy downPlanned(down, &MigrationDialog::planShown);
    QVERIFY(downPlanned.wait(30000));
    const QString downBehaviour = down->findChild<QLabel *>(QStringLiteral("behaviourLabel"))->text();
    QVERIFY2(downBehaviour.contains(QStringLiteral("with %1 (the interpreter chosen for this project)").arg(wrapper)), qPrintable(downBehaviour));
    QTest::mouseClick(down->findChild<QRadioButton *>(QStringLiteral("noBackupRadio")), Qt::LeftButton);
    QSignalSpy downDone(down, &MigrationDialog::finished);
    QTest::mouseClick(down->findChild<QPushButton *>(QStringLiteral("runButton")), Qt::LeftButton);
    QVERIFY(downDone.wait(120000));
    QVERIFY2(down->resultText().startsWith(QStringLiteral("Done.")), qPrintable(down->resultText()));
    QCOMPARE(readVersionTable(**check, VersionTableName{})->revisions, QStringList{QStringLiteral("s01")});
    window.chooseProjectInterpreter({});
    QCOMPARE(projectInterpreter(dir.path()), QString());
}

QTEST_MAIN(tst_Workbench)
#include "tst_Workbench.moc"
