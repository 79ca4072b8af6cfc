// The Diagram tab and retort-cli diagram: the demo's tables and key drawn from each source, the
// differences marked, a click that opens the table in the Schema tab, search, zoom, export, hostile
// names, and a 200-table schema laid out without overlapping boxes.
#include "TestProcesses.h"

#include "DiagramPane.h"
#include "HistoryModel.h"
#include "CodeEditor.h"
#include "HistoryPane.h"
#include "MigrationDialog.h"
#include "RevisionFiles.h"
#include "MainWindow.h"
#include "SchemaPane.h"

#include "diagram/SchemaDiagram.h"
#include "connection/Connection.h"
#include "schema/SchemaReader.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QGraphicsItem>
#include <QGraphicsView>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QTreeView>
#include <QPointer>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include "Theme.h"

using namespace retort;
using retort::app::DiagramPane;
using retort::app::MainWindow;

namespace {

/// The table names an SVG draws (its <g class="table"> ids); empty when it is not well-formed XML.
QStringList svgTables(const QByteArray &svg, bool *wellFormed)
{
    QStringList out;
    QXmlStreamReader xml(svg);
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("g")
            && xml.attributes().value(QStringLiteral("class")) == QLatin1String("table"))
            out << xml.attributes().value(QStringLiteral("id")).toString();
    }
    *wellFormed = !xml.hasError();
    return out;
}

bool waitLaidOut(DiagramPane *pane)
{
    if (!pane->isLayingOut() && !pane->diagram().tables.isEmpty())
        return true;
    QSignalSpy spy(pane, &DiagramPane::laidOut);
    return spy.wait(60000);
}

} // namespace

class tst_Diagram : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cliDrawsTheDemo();
    void hostileNamesStayText();
    void tabOnTheDemo();
    void differencesAreColoured();
    void modelsWithoutADatabase();
    void twoHundredTables();
    void lintMarkersInTheWindow();

private:
    QTemporaryDir m_dir;
    QString m_demo;
};

void tst_Diagram::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    m_demo = m_dir.filePath(QStringLiteral("demo"));
    QVERIFY(QDir().mkpath(m_demo));
    const test::ProcessRun copied = test::runProgram(QStringLiteral("cp"), {QStringLiteral("-r"), QStringLiteral(RETORT_SOURCE_DIR "/migrations/."), m_demo});
    QCOMPARE(copied.exitCode, 0);
    QFile::remove(m_demo + QStringLiteral("/instance/spaceship.db"));
    const test::ProcessRun up = test::runProgram(QStringLiteral(RETORT_CLI_PATH), {QStringLiteral("--project"), m_demo, QStringLiteral("upgrade"),
                                                                                  QStringLiteral("heads"), QStringLiteral("--no-backup")});
    QVERIFY2(up.exitCode == 0, qPrintable(up.describe()));
}

void tst_Diagram::cliDrawsTheDemo()
{
    const auto cli = [&](const QStringList &args) {
        return test::runProgram(QStringLiteral(RETORT_CLI_PATH), QStringList{QStringLiteral("--project"), m_demo, QStringLiteral("diagram")} + args);
    };
    const test::ProcessRun svg = cli({});
    QVERIFY2(svg.exitCode == 0, qPrintable(svg.describe()));
    bool wellFormed = false;
    QCOMPARE(svgTables(svg.out.toUtf8(), &wellFormed), QStringList({"engine", "launch"}));
    QVERIFY(wellFormed);
    QVERIFY(svg.out.contains(QLatin1String("<title>engine_id -&gt; id</title>")));   // the foreign key, as an arrow

    const test::ProcessRun dot = cli({QStringLiteral("--format"), QStringLiteral("dot"), QStringLiteral("--source"), QStringLiteral("database")});
    QCOMPARE(dot.exitCode, 0);
    QVERIFY(dot.out.startsWith(QLatin1String("digraph schema {")));
    QVERIFY(dot.out.contains(QLatin1String("t1 -> t0")));   // launch -> engine
    QVERIFY(!dot.out.contains(QLatin1String("alembic_version")));   // the version table is not the app's

    const QString file = m_dir.filePath(QStringLiteral("both.svg"));
    QCOMPARE(cli({QStringLiteral("--source"), QStringLiteral("both"), QStringLiteral("-o"), file}).exitCode, 0);
    QFile written(file);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QCOMPARE(svgTables(written.readAll(), &wellFormed).size(), 2);
    QCOMPARE(cli({QStringLiteral("--format"), QStringLiteral("png")}).exitCode, 2);
    QCOMPARE(cli({QStringLiteral("--source"), QStringLiteral("elsewhere")}).exitCode, 2);
}

void tst_Diagram::hostileNamesStayText()
{
    Schema schema;
    Table a;
    a.name = QStringLiteral("<script>alert(1)</script>");
    a.columns.append({QStringLiteral("id\" onload=\"x"), QStringLiteral("INTEGER & <b>"), false, {}, true, false, {}});
    Table b;
    b.name = QStringLiteral("child]; t0 -> t0 [label=\"x\\");
    b.columns.append({QStringLiteral("parent"), QStringLiteral("INTEGER"), true, {}, false, false, {}});
    b.foreignKeys.append({{}, {QStringLiteral("parent")}, {}, a.name, {QStringLiteral("id\" onload=\"x")}, {}, {}});
    schema.tables = {a, b};
    Diagram d = diagramOfSchema(schema);
    QVERIFY(layoutDiagram(d));
    bool wellFormed = false;
    const QStringList names = svgTables(diagramSvg(d), &wellFormed);
    QVERIFY(wellFormed);
    QCOMPARE(names.size(), 2);
    QVERIFY(names.contains(a.name));
    const QString dot = diagramDot(d);
    QVERIFY(!dot.contains(QLatin1String("<script>")));
    QCOMPARE(dot.count(QLatin1String("->")), 1);   // the one edge: the tooltip's arrow is escaped
    QVERIFY(dot.contains(QLatin1String("tooltip=\"child]; t0 -&gt; t0 [label=&quot;x\\\\\"")));   // the trailing backslash doubled
}

void tst_Diagram::tabOnTheDemo()
{
    MainWindow window;
    window.resize(1100, 700);
    window.show();
    QSignalSpy loaded(&window, &MainWindow::workspaceLoaded);
    window.openProject(m_demo);
    QVERIFY(loaded.wait(60000));
    DiagramPane *pane = window.diagramPane();
    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("mainTabs"));
    tabs->setCurrentWidget(pane);
    QVERIFY(waitLaidOut(pane));
    QCOMPARE(pane->diagram().tables.size(), 2);
    QCOMPARE(pane->diagram().edges.size(), 1);
    // Boxes do not overlap, and the arrow starts at launch and ends at engine.
    const DiagramTable &engine = pane->diagram().tables.at(pane->diagram().indexOf(QStringLiteral("engine")));
    const DiagramTable &launch = pane->diagram().tables.at(pane->diagram().indexOf(QStringLiteral("launch")));
    QVERIFY(!engine.box.intersects(launch.box));
    const DiagramEdge &edge = pane->diagram().edges.first();
    QVERIFY(launch.box.adjusted(-2, -2, 2, 2).contains(edge.path.first()));
    QVERIFY(engine.box.adjusted(-2, -2, 2, 2).contains(edge.tip));
    QVERIFY(window.grab().save(QStringLiteral(RETORT_TEST_OUTPUT_DIR "/diagram-demo.png")));

    // The keys: Ctrl+F finds a table here (not the Schema tab's filter), Ctrl++ zooms, Ctrl+0 fits.
    QVERIFY(QTest::qWaitForWindowActive(&window));
    pane->view()->setFocus();
    QTest::keyClick(pane->view(), Qt::Key_F, Qt::ControlModifier);
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(pane->findChild<QLineEdit *>(QStringLiteral("diagramSearch"))));
    QCOMPARE(tabs->currentWidget(), static_cast<QWidget *>(pane));
    const double before = pane->view()->transform().m11();
    QTest::keyClick(pane->view(), Qt::Key_Plus, Qt::ControlModifier);
    QVERIFY(pane->view()->transform().m11() > before);
    QTest::keyClick(pane->view(), Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(pane->view()->transform().m11(), before);
    const auto shortcuts = window.shortcutList();
    QVERIFY(std::any_of(shortcuts.cbegin(), shortcuts.cend(), [](const auto &row) { return row.second == QLatin1String("Zoom in (Diagram tab)"); }));

    // Search marks and shows; zoom changes the scale; fit brings it back.
    QCOMPARE(pane->search(QStringLiteral("LAUN")), 1);
    QCOMPARE(pane->search(QStringLiteral("zzz")), 0);
    const double scale = pane->view()->transform().m11();
    pane->zoomBy(1.25);
    QVERIFY(qAbs(pane->view()->transform().m11() - scale * 1.25) < 1e-6);
    pane->fitToView();
    QVERIFY(pane->view()->transform().m11() <= 1.0);

    // A click on the launch box opens it in the Schema tab.
    QGraphicsItem *box = nullptr;
    for (QGraphicsItem *item : pane->view()->scene()->items()) {
        if (item->data(0).toString() == QLatin1String("launch"))
            box = item;
    }
    QVERIFY(box);
    const QPoint at = pane->view()->mapFromScene(box->sceneBoundingRect().center());
    QTest::mouseClick(pane->view()->viewport(), Qt::LeftButton, {}, at);
    QTRY_COMPARE(tabs->currentWidget(), static_cast<QWidget *>(window.schemaPane()));
    QCOMPARE(window.schemaPane()->currentTable(), QStringLiteral("launch"));

    // Export, both ways.
    const QString svgPath = m_dir.filePath(QStringLiteral("tab.svg")), pngPath = m_dir.filePath(QStringLiteral("tab.png"));
    QCOMPARE(pane->exportSvg(svgPath), QString());
    QCOMPARE(pane->exportPng(pngPath), QString());
    QFile svg(svgPath);
    QVERIFY(svg.open(QIODevice::ReadOnly));
    bool wellFormed = false;
    QCOMPARE(svgTables(svg.readAll(), &wellFormed), QStringList({"engine", "launch"}));
    const QImage png(pngPath);
    QVERIFY(!png.isNull() && png.width() > 200);
    QVERIFY(!pane->exportPng(QStringLiteral("/nonexistent/dir/x.png")).isEmpty());

    // The models alone: the same two tables.
    pane->setSource(DiagramPane::Source::Models);
    QVERIFY(waitLaidOut(pane));
    QCOMPARE(pane->diagram().tables.size(), 2);
}

void tst_Diagram::differencesAreColoured()
{
    // The database at the first revision: no launch table, and engine without last_fired.
    QTemporaryDir dir;
    QVERIFY(test::runProgram(QStringLiteral("cp"), {QStringLiteral("-r"), QStringLiteral(RETORT_SOURCE_DIR "/migrations/."), dir.path()}).exitCode == 0);
    QFile::remove(dir.filePath(QStringLiteral("instance/spaceship.db")));
    QCOMPARE(test::runProgram(QStringLiteral(RETORT_CLI_PATH), {QStringLiteral("--project"), dir.path(), QStringLiteral("upgrade"),
                                                               QStringLiteral("3d1f0c6a9b21"), QStringLiteral("--no-backup")}).exitCode, 0);
    MainWindow window;
    window.resize(1100, 700);
    window.show();
    QSignalSpy loaded(&window, &MainWindow::workspaceLoaded);
    window.openProject(dir.path());
    QVERIFY(loaded.wait(60000));
    DiagramPane *pane = window.diagramPane();
    window.findChild<QTabWidget *>(QStringLiteral("mainTabs"))->setCurrentWidget(pane);
    QVERIFY(waitLaidOut(pane));
    const Diagram &d = pane->diagram();
    QCOMPARE(d.tables.size(), 2);
    const DiagramTable &launch = d.tables.at(d.indexOf(QStringLiteral("launch")));
    QCOMPARE(launch.state, DiagramState::ModelsOnly);
    const DiagramTable &engine = d.tables.at(d.indexOf(QStringLiteral("engine")));
    QCOMPARE(engine.state, DiagramState::Differs);
    bool lastFiredAdded = false;
    for (const DiagramColumn &c : engine.columns)
        lastFiredAdded = lastFiredAdded || (c.name == QLatin1String("last_fired") && c.state == DiagramState::ModelsOnly);
    QVERIFY(lastFiredAdded);
    QCOMPARE(d.edges.size(), 1);
    QCOMPARE(d.edges.first().state, DiagramState::ModelsOnly);
    QVERIFY(window.grab().save(QStringLiteral(RETORT_TEST_OUTPUT_DIR "/diagram-differences.png")));
    // The database alone has one table.
    pane->setSource(DiagramPane::Source::Database);
    QVERIFY(waitLaidOut(pane));
    QCOMPARE(pane->diagram().tables.size(), 1);
}

void tst_Diagram::modelsWithoutADatabase()
{
    // A project whose SQLite file is not made yet: the models are still drawn.
    QTemporaryDir dir;
    QVERIFY(test::runProgram(QStringLiteral("cp"), {QStringLiteral("-r"), QStringLiteral(RETORT_SOURCE_DIR "/migrations/."), dir.path()}).exitCode == 0);
    QFile::remove(dir.filePath(QStringLiteral("instance/spaceship.db")));
    MainWindow window;
    window.show();
    QSignalSpy loaded(&window, &MainWindow::workspaceLoaded);
    window.openProject(dir.path());
    QVERIFY(loaded.wait(60000));
    DiagramPane *pane = window.diagramPane();
    QVERIFY(waitLaidOut(pane));
    QCOMPARE(pane->diagram().tables.size(), 2);
    QVERIFY(pane->findChild<QLabel *>(QStringLiteral("diagramMessage"))->text().startsWith(QLatin1String("No database is connected: the models alone.")));
}

void tst_Diagram::twoHundredTables()
{
    // 200 tables, each referring to one or two earlier ones, in a SQLite file read as the window reads it.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.db"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("big"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        for (int i = 0; i < 200; ++i) {
            QString sql = QStringLiteral("CREATE TABLE table_%1 (id INTEGER PRIMARY KEY, name VARCHAR(80) NOT NULL, created_at DATETIME").arg(i, 3, 10, QLatin1Char('0'));
            if (i > 0)
                sql += QStringLiteral(", parent_id INTEGER REFERENCES table_%1(id)").arg((i * 7) % i, 3, 10, QLatin1Char('0'));
            if (i > 10 && i % 3 == 0)
                sql += QStringLiteral(", owner_id INTEGER REFERENCES table_%1(id)").arg(i / 3, 3, 10, QLatin1Char('0'));
            QVERIFY2(q.exec(sql + QLatin1Char(')')), qPrintable(sql));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("big"));
    Result<DatabaseUrl> url = DatabaseUrl::parse(QStringLiteral("sqlite:///") + path);
    QVERIFY(url);
    Result<std::unique_ptr<Connection>> connection = Connection::open(*url);
    QVERIFY(connection);
    Result<Schema> schema = introspectSchema(**connection);
    QVERIFY(schema);
    Diagram d = diagramOfSchema(*schema);
    QCOMPARE(d.tables.size(), 200);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(layoutDiagram(d));
    qInfo("200 tables, %d foreign keys laid out in %lld ms (%.0f x %.0f points)", int(d.edges.size()), timer.elapsed(),
          d.size.width(), d.size.height());
    for (int i = 0; i < d.tables.size(); ++i) {
        for (int j = i + 1; j < d.tables.size(); ++j)
            QVERIFY2(!d.tables.at(i).box.intersects(d.tables.at(j).box), qPrintable(d.tables.at(i).name + QLatin1Char(' ') + d.tables.at(j).name));
    }
    for (const DiagramEdge &e : d.edges)
        QVERIFY(e.path.size() >= 4);
    bool wellFormed = false;
    QCOMPARE(svgTables(diagramSvg(d), &wellFormed).size(), 200);
    QVERIFY(wellFormed);

    // The same tables as models (three of them with a column the database lacks), in the window.
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("app"))) && QDir().mkpath(dir.filePath(QStringLiteral("migrations/versions"))));
    QFile ini(dir.filePath(QStringLiteral("alembic.ini")));
    QVERIFY(ini.open(QIODevice::WriteOnly));
    ini.write("[alembic]\nscript_location = %(here)s/migrations\n");
    ini.close();
    QFile env(dir.filePath(QStringLiteral("migrations/env.py")));
    QVERIFY(env.open(QIODevice::WriteOnly));
    env.close();
    QString models = QStringLiteral("from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n");
    for (int i = 0; i < 200; ++i) {
        const QString n = QStringLiteral("%1").arg(i, 3, 10, QLatin1Char('0'));
        models += QStringLiteral("\n\nclass Table%1(db.Model):\n    __tablename__ = 'table_%1'\n    id = db.Column(db.Integer, primary_key=True)\n"
                                 "    name = db.Column(db.String(80), nullable=False)\n    created_at = db.Column(db.DateTime)\n").arg(n);
        if (i > 0)
            models += QStringLiteral("    parent_id = db.Column(db.Integer, db.ForeignKey('table_%1.id'))\n").arg((i * 7) % i, 3, 10, QLatin1Char('0'));
        if (i > 10 && i % 3 == 0)
            models += QStringLiteral("    owner_id = db.Column(db.Integer, db.ForeignKey('table_%1.id'))\n").arg(i / 3, 3, 10, QLatin1Char('0'));
        if (i % 67 == 5)
            models += QStringLiteral("    archived = db.Column(db.Boolean)\n");
    }
    QFile modelsFile(dir.filePath(QStringLiteral("app/models.py")));
    QVERIFY(modelsFile.open(QIODevice::WriteOnly));
    modelsFile.write(models.toUtf8());
    modelsFile.close();
    for (const bool dark : {false, true}) {
        if (dark)
            QApplication::setPalette(retort::app::theme::darkPalette());
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QSignalSpy loaded(&window, &MainWindow::workspaceLoaded);
        window.openProject(dir.path(), QStringLiteral("sqlite:///") + path);
        QVERIFY(loaded.wait(60000));
        DiagramPane *pane = window.diagramPane();
        window.findChild<QTabWidget *>(QStringLiteral("mainTabs"))->setCurrentWidget(pane);
        QVERIFY(waitLaidOut(pane));
        QCOMPARE(pane->diagram().tables.size(), 200);
        int differing = 0;
        for (const DiagramTable &t : pane->diagram().tables)
            differing += t.state == DiagramState::Differs ? 1 : 0;
        QCOMPARE(differing, 3);
        QVERIFY(window.grab().save(QStringLiteral(RETORT_TEST_OUTPUT_DIR "/diagram-200%1.png").arg(dark ? QStringLiteral("-dark") : QString())));
        QCOMPARE(pane->search(QStringLiteral("table_134")), 1);
        QVERIFY(window.grab().save(QStringLiteral(RETORT_TEST_OUTPUT_DIR "/diagram-200-found%1.png").arg(dark ? QStringLiteral("-dark") : QString())));
    }
    QApplication::setPalette(QPalette());
}

void tst_Diagram::lintMarkersInTheWindow()
{
    // The linter's findings where a DBA looks: on the revision in the History graph, and in the plan.
    QTemporaryDir dir;
    QVERIFY(test::writeProject(dir.path(), {{QStringLiteral("r1base"), {}, QStringLiteral("op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('c', sa.Integer()))"),
                                             QStringLiteral("op.drop_table('t')")},
                                            {QStringLiteral("r2drop"), QStringLiteral("r1base"), QStringLiteral("op.drop_column('t', 'c')"),
                                             QStringLiteral("op.add_column('t', sa.Column('c', sa.Integer()))")}}));
    const QString url = QStringLiteral("sqlite:///") + dir.filePath(QStringLiteral("lint.db"));
    QCOMPARE(test::runProgram(QStringLiteral(RETORT_CLI_PATH), {QStringLiteral("--project"), dir.path(), QStringLiteral("--url"), url,
                                                               QStringLiteral("upgrade"), QStringLiteral("r1base"), QStringLiteral("--no-backup")}).exitCode, 0);
    MainWindow window;
    window.show();
    QSignalSpy linted(window.historyPane(), &app::HistoryPane::lintChecked);
    window.openProject(dir.path(), url);
    QVERIFY(linted.wait(60000));   // after the load, in the background
    const app::HistoryModel *model = window.historyPane()->historyModel();
    bool marked = false, clean = false;
    for (int r = 0; r < model->rowCount(); ++r) {
        const app::HistoryModel::Row &row = model->row(r);
        if (row.id == QLatin1String("r2drop"))
            marked = (row.badges & app::HistoryModel::LintError) && row.tooltip.contains(QLatin1String("[drop-column]: drops column 't.c'"));
        if (row.id == QLatin1String("r1base"))
            clean = !(row.badges & (app::HistoryModel::LintError | app::HistoryModel::LintWarning));
    }
    QVERIFY(marked);
    QVERIFY(clean);
    // Selected, its script shows the finding under line 15.
    for (int r = 0; r < model->rowCount(); ++r) {
        if (model->row(r).id == QLatin1String("r2drop"))
            window.historyPane()->historyView()->setCurrentIndex(model->index(r, 0));
    }
    QTRY_COMPARE(window.historyPane()->scriptEditor()->differenceLines(), QList<int>{15});
    QVERIFY(window.historyPane()->scriptEditor()->annotation(14).startsWith(QLatin1String("lint error [drop-column] (any): drops column 't.c'")));
    QPointer<app::MigrationDialog> dialog = window.historyPane()->startAction(app::HistoryPane::RevisionAction::Upgrade, QStringLiteral("heads"));
    QVERIFY(dialog);
    QSignalSpy planned(dialog.data(), &app::MigrationDialog::planShown);
    QVERIFY(planned.wait(60000));
    const QLabel *warnings = dialog->findChild<QLabel *>(QStringLiteral("dropsLabel"));
    QVERIFY(warnings);
    QVERIFY2(warnings->text().contains(QLatin1String("[drop-column]")), qPrintable(warnings->text()));
    QVERIFY(dialog->grab().save(QStringLiteral(RETORT_TEST_OUTPUT_DIR "/plan-lint.png")));
    dialog->close();
}

QTEST_MAIN(tst_Diagram)
#include "tst_Diagram.moc"
