// The main window offscreen: first start on the demo, errors shown in the window, no password on
// screen, a responsive window while a server keeps it waiting, and the real binary's --screenshot.
#include "CodeEditor.h"
#include "HistoryModel.h"
#include "BackupsPane.h"
#include "MainWindow.h"
#include "MigrationDialog.h"
#include "PostWriteHookDialog.h"
#include "RunHistoryPane.h"
#include "RevisionFiles.h"
#include "SchemaAtDialog.h"
#include "StairwayDialog.h"
#include "SchemaPane.h"
#include "SqlConsolePane.h"

#include "runner/Backup.h"
#include "runner/VersionTable.h"
#include "TestProcesses.h"
#include "connection/Connection.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QJsonArray>
#include <QSettings>
#include <QSqlQuery>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTableView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QProgressBar>
#include <QRadioButton>
#include <QListWidget>
#include <QImageReader>
#include <QLineEdit>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QToolButton>
#include <QPlainTextEdit>
#include <QTreeView>
#include <QDialog>
#include <QMenu>
#include <QApplication>
#include <QTimer>
#include <QTableWidget>
#include <QtTest>

using retort::app::MainWindow;
using namespace retort;

class tst_MainWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void opensDemoOnFirstStart();
    void filtersTables();
    void historyGraphOfTheDemo();
    void upgradeDowngradeAndRestoreByMouse();
    void exportsAndMergesHeads();
    void stateLineSaysWhereTheDatabaseStands();
    void runsAndBackupsTabs();
    void sqlConsoleTab();
    void schemaAtThisRevision();
    void stairwayCheckInTheWindow();
    void migrateAndHelpMenus();
    void showsErrorsInTheWindow();
    void neverShowsThePassword();
    void staysResponsiveWhileConnecting();
    void screenshotOfTheRealBinary();

private:
    static bool waitLoaded(MainWindow &window, int timeoutMs = 30000);
    /// Shows the window at screenshot size on the demo and waits for it to load.
    static bool showDemo(MainWindow &window);
    static void clickRow(MainWindow &window, const QString &revision);
    static QStringList databaseRows(const QString &demoDir);
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
    // The live tables and the models' tables side by side: launch is a model the database lacks.
    QCOMPARE(window.tableNames(), (QStringList{"alembic_version", "engine", "launch"}));
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
    // The demo's seed lacks ix_engine_title: the index difference marks the column it covers.
    QCOMPARE(window.schemaPane()->markedColumns(), QStringList{QStringLiteral("title")});
    QVERIFY(window.schemaPane()->modelEditor()->differenceLines().contains(10));   // title = db.Column(..., index=True)
    const auto *title = window.findChild<QLabel *>(QStringLiteral("tableTitle"));
    QVERIFY2(title->text().contains(QLatin1String("engine")) && title->text().contains(QLatin1String("4 columns")),
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
    QCOMPARE(tree->model()->rowCount(), 3);
}

// The demo opens on its history: branch, merge and the database's revision marked, found by search.
void tst_MainWindow::historyGraphOfTheDemo()
{
    using retort::app::HistoryModel;
    MainWindow window;
    QVERIFY(showDemo(window));
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
    // A row's tool tip adds what the row does not show: its file, date, every label, depends_on.
    const QString branchTip = model->data(model->index(ids.indexOf(QStringLiteral("c91a4f6e2d87"))), Qt::ToolTipRole).toString();
    QVERIFY2(branchTip.contains(QLatin1String("File: c91a4f6e2d87_")) && branchTip.contains(QLatin1String("Created: 2026-"))
                 && branchTip.contains(QLatin1String("Branch labels: launches")), qPrintable(branchTip));
    // The graph explains itself: a legend of its marks.
    auto *legend = window.findChild<QWidget *>(QStringLiteral("graphLegend"));
    QVERIFY(legend && legend->isVisible());
    QStringList legendTexts;
    for (const QLabel *label : legend->findChildren<QLabel *>(QStringLiteral("legendEntry")))
        legendTexts << label->text();
    QCOMPARE(legendTexts, (QStringList{QStringLiteral("revision"), QStringLiteral("merge"), QStringLiteral("database here"),
                                       QStringLiteral("depends_on"), QStringLiteral("colours: branches")}));
    QVERIFY(legend->toolTip().contains(QLatin1String("Line colours only tell branches apart")));
    // It never squeezes its entries at the window's usual size.
    for (const QLabel *label : legend->findChildren<QLabel *>(QStringLiteral("legendEntry")))
        QVERIFY2(label->width() >= label->sizeHint().width(), qPrintable(label->text()));
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

bool tst_MainWindow::showDemo(MainWindow &window)
{
    window.resize(1100, 700);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return false;
    window.openDemo();
    return waitLoaded(window);
}

void tst_MainWindow::clickRow(MainWindow &window, const QString &revision)
{
    QTreeView *view = window.historyView();
    for (int r = 0; r < window.historyModel()->rowCount(); ++r) {
        if (window.historyModel()->row(r).id == revision) {
            const QRect rect = view->visualRect(view->model()->index(r, 0));
            QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
            return;
        }
    }
    QFAIL(qPrintable(QStringLiteral("no row for %1").arg(revision)));
}

QStringList tst_MainWindow::databaseRows(const QString &demoDir)
{
    Result<DatabaseUrl> url = DatabaseUrl::parse(QStringLiteral("sqlite:///") + demoDir + QStringLiteral("/instance/spaceship.db"));
    Result<std::unique_ptr<Connection>> c = url ? Connection::open(*url) : Result<std::unique_ptr<Connection>>(url.error());
    if (!c)
        return {QStringLiteral("<cannot open>")};
    Result<VersionTableState> state = readVersionTable(**c);
    return state ? state->revisions : QStringList{QStringLiteral("<unreadable>")};
}

// The issue's end-to-end check, by mouse on a copy of the demo: upgrade with a backup, downgrade
// without, and a failing revision that shows its statement and is undone with Restore.
void tst_MainWindow::upgradeDowngradeAndRestoreByMouse()
{
    using retort::app::HistoryModel;
    using retort::app::MigrationDialog;
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    const QString demoDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo");
    QTemporaryDir backups;
    MainWindow window;
    QVERIFY(showDemo(window));
    QCOMPARE(databaseRows(demoDir), QStringList{QStringLiteral("7a4e2b9c1d05")});

    QStringList progressTexts;   // what the run's progress bar said, step by step
    const auto runDialog = [&](const char *button, bool backup, const QString &backupPath) -> MigrationDialog * {
        QTest::mouseClick(window.findChild<QAbstractButton *>(QString::fromLatin1(button)), Qt::LeftButton);
        auto *dialog = window.findChild<MigrationDialog *>();
        if (!dialog)
            return nullptr;
        progressTexts.clear();
        auto *bar = dialog->findChild<QProgressBar *>(QStringLiteral("progressBar"));
        QObject::connect(bar, &QProgressBar::valueChanged, dialog, [&progressTexts, bar]() { progressTexts << bar->text(); });
        QSignalSpy planned(dialog, &MigrationDialog::planShown);
        if (!planned.wait(30000))
            return nullptr;
        dialog->grab().save(QStringLiteral(RETORT_TEST_OUTPUT_DIR "/migration-dialog-plan.png"));
        if (backup) {
            dialog->findChild<QLineEdit *>(QStringLiteral("backupPathEdit"))->setText(backupPath);
        } else {
            QTest::mouseClick(dialog->findChild<QRadioButton *>(QStringLiteral("noBackupRadio")), Qt::LeftButton);
        }
        QSignalSpy done(dialog, &MigrationDialog::finished);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("runButton")), Qt::LeftButton);
        return done.wait(60000) ? dialog : nullptr;
    };

    // Above the tabs, where the database stands and the action that follows: one click opens the plan.
    QCOMPARE(window.stateText(), QStringLiteral("4 revisions behind the head"));
    auto *stateAction = window.findChild<QPushButton *>(QStringLiteral("stateAction"));
    QVERIFY(stateAction && stateAction->isVisible());
    QCOMPARE(stateAction->text(), QStringLiteral("Upgrade…"));
    QTest::mouseClick(stateAction, Qt::LeftButton);
    auto *fromState = window.findChild<MigrationDialog *>();
    QVERIFY(fromState);
    QSignalSpy statePlanned(fromState, &MigrationDialog::planShown);
    QVERIFY(statePlanned.wait(30000));
    auto *steps = fromState->findChild<QListWidget *>(QStringLiteral("stepsList"));
    QCOMPARE(steps->count(), 4);
    // Long lines wrap; a step clicked brings its statements into view; the backup path can be browsed for.
    auto *planSql = fromState->findChild<retort::app::CodeEditor *>(QStringLiteral("planSql"));
    QVERIFY(planSql->wrapMode() != QsciScintilla::WrapNone);
    QTest::mouseClick(steps->viewport(), Qt::LeftButton, {}, steps->visualItemRect(steps->item(2)).center());
    QVERIFY2(planSql->selectedText().startsWith(QLatin1String("-- Running upgrade ")), qPrintable(planSql->selectedText()));
    const QString thirdStep = steps->item(2)->text();
    QVERIFY2(planSql->selectedText().contains(thirdStep.section(QLatin1Char(','), 0, 0).section(QStringLiteral("-> "), 1).trimmed()),
             qPrintable(planSql->selectedText() + QStringLiteral(" / ") + thirdStep));
    QVERIFY(planSql->firstVisibleLine() <= planSql->SendScintilla(QsciScintilla::SCI_VISIBLEFROMDOCLINE,
                                                                  static_cast<unsigned long>(planSql->SendScintilla(QsciScintilla::SCI_LINEFROMPOSITION,
                                                                                                                    planSql->SendScintilla(QsciScintilla::SCI_GETSELECTIONSTART)))));
    QVERIFY(fromState->findChild<QToolButton *>(QStringLiteral("backupBrowseButton"))->isEnabled());
    retort::app::CodeEditor::setWrapLongLines(false);   // the choice reaches every open view
    QCOMPARE(planSql->wrapMode(), QsciScintilla::WrapNone);
    QCOMPARE(window.scriptEditor()->wrapMode(), QsciScintilla::WrapNone);
    retort::app::CodeEditor::setWrapLongLines(true);
    fromState->close();
    QTRY_VERIFY(window.findChildren<MigrationDialog *>().isEmpty());

    // Upgrade to the head, with a backup.
    clickRow(window, QStringLiteral("f4d3c2b1a098"));
    QTRY_VERIFY2(window.scriptEditor()->text().contains(QLatin1String("Revision ID: f4d3c2b1a098")), "the script of the selection is on show");
    QTRY_VERIFY_WITH_TIMEOUT(window.revisionSqlEditor()->text().contains(QLatin1String("INSERT INTO engine")), 10000);
    const QString firstBackup = backups.filePath(QStringLiteral("before-upgrade.sqlite"));
    MigrationDialog *dialog = runDialog("upgradeHereButton", true, firstBackup);
    QVERIFY(dialog);
    QVERIFY2(dialog->resultText().startsWith(QStringLiteral("Done. The database is at f4d3c2b1a098.")), qPrintable(dialog->resultText()));
    QVERIFY2(dialog->resultText().contains(QStringLiteral(" Logged as run ")), qPrintable(dialog->resultText()));
    QVERIFY(dialog->findChild<QListWidget *>(QStringLiteral("stepsList"))->count() == 4);
    QCOMPARE(dialog->findChild<QProgressBar *>(QStringLiteral("progressBar"))->text(), QStringLiteral("4 revisions done"));
    QCOMPARE(progressTexts, (QStringList{QStringLiteral("Revision 1 of 4"), QStringLiteral("Revision 2 of 4"),
                                         QStringLiteral("Revision 3 of 4"), QStringLiteral("Revision 4 of 4"),
                                         QStringLiteral("4 revisions done")}));
    QVERIFY(!dialog->findChild<QLabel *>(QStringLiteral("behaviourLabel"))->text().contains(QLatin1String("A statement fails")));
    QVERIFY(dialog->findChild<retort::app::CodeEditor *>(QStringLiteral("planSql"))->text().contains(QLatin1String("CREATE TABLE launch")));
    QVERIFY(QFile::exists(firstBackup));
    QVERIFY(QFile::exists(firstBackup + QStringLiteral(".retort.json")));
    QCOMPARE(databaseRows(demoDir), QStringList{QStringLiteral("f4d3c2b1a098")});
    QVERIFY(waitLoaded(window));   // the window reloads: the badge follows the database
    QCOMPARE(window.stateText(), QStringLiteral("At the head: nothing to upgrade."));
    QVERIFY(!stateAction->isVisible());
    QCOMPARE(window.historyModel()->currentRows().size(), 1);
    QCOMPARE(window.historyModel()->row(window.historyModel()->currentRows().first()).id, QStringLiteral("f4d3c2b1a098"));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("closeButton")), Qt::LeftButton);
    QTRY_VERIFY(window.findChildren<MigrationDialog *>().isEmpty());   // closed dialogs are deleted

    // Where the database is, there is nothing to upgrade or downgrade to: the buttons say so, and
    // Ctrl+D opens no empty plan.
    clickRow(window, QStringLiteral("f4d3c2b1a098"));
    auto *upgradeButton = window.findChild<QAbstractButton *>(QStringLiteral("upgradeHereButton"));
    auto *downgradeButton = window.findChild<QAbstractButton *>(QStringLiteral("downgradeHereButton"));
    QTRY_VERIFY(!downgradeButton->isEnabled());
    QVERIFY(!upgradeButton->isEnabled());
    QCOMPARE(downgradeButton->toolTip(), QStringLiteral("The database is at this revision."));
    QVERIFY(!window.startRevisionAction(MainWindow::RevisionAction::Downgrade));
    QVERIFY(window.findChildren<MigrationDialog *>().isEmpty());

    // Downgrade to the branch point, without a backup; the plan names what it drops.
    clickRow(window, QStringLiteral("7a4e2b9c1d05"));
    QTRY_VERIFY(downgradeButton->isEnabled());
    QVERIFY(!upgradeButton->isEnabled());   // applied already
    QCOMPARE(upgradeButton->toolTip(), QStringLiteral("The database is past this revision already; downgrade to it instead."));
    QTest::mouseClick(window.findChild<QAbstractButton *>(QStringLiteral("downgradeHereButton")), Qt::LeftButton);
    dialog = window.findChild<MigrationDialog *>();
    QVERIFY(dialog);
    QSignalSpy planned(dialog, &MigrationDialog::planShown);
    QVERIFY(planned.wait(30000));
    const QString drops = dialog->findChild<QLabel *>(QStringLiteral("dropsLabel"))->text();
    QVERIFY2(drops.contains(QLatin1String("table launch")), qPrintable(drops));
    // The rows the downgrade deletes, counted before anything runs (the sample engines, ids 1 to 4).
    QVERIFY2(drops.contains(QLatin1String("<b>This deletes or rewrites rows:</b> DELETE FROM engine WHERE id IN (1, 2, 3, 4) "
                                          "(revision f4d3c2b1a098, line 38): 4 rows now")), qPrintable(drops));
    QTest::mouseClick(dialog->findChild<QRadioButton *>(QStringLiteral("noBackupRadio")), Qt::LeftButton);
    QSignalSpy downDone(dialog, &MigrationDialog::finished);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("runButton")), Qt::LeftButton);
    QVERIFY(downDone.wait(60000));
    QCOMPARE(databaseRows(demoDir), QStringList{QStringLiteral("7a4e2b9c1d05")});
    QVERIFY(waitLoaded(window));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("closeButton")), Qt::LeftButton);
    QTRY_VERIFY(window.findChildren<MigrationDialog *>().isEmpty());   // closed dialogs are deleted

    // A new head that fails half-way: the error, the failing statement marked, and Restore.
    QFile broken(demoDir + QStringLiteral("/alembic/versions/0badc0ffee00_add_crew.py"));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("\"\"\"add crew\n\nRevision ID: 0badc0ffee00\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\n"
                 "revision = '0badc0ffee00'\ndown_revision = 'f4d3c2b1a098'\nbranch_labels = None\ndepends_on = None\n\n\n"
                 "def upgrade():\n    op.create_table('crew', sa.Column('id', sa.Integer, primary_key=True))\n"
                 "    op.execute(\"INSERT INTO crew_roster (id) VALUES (1)\")\n\n\ndef downgrade():\n    op.drop_table('crew')\n");
    broken.close();
    QMetaObject::invokeMethod(&window, [&window]() { window.findChild<QAction *>(QStringLiteral("reloadAction"))->trigger(); });
    QVERIFY(waitLoaded(window));
    QCOMPARE(window.historyModel()->row(0).id, QStringLiteral("0badc0ffee00"));
    clickRow(window, QStringLiteral("0badc0ffee00"));
    const QString secondBackup = backups.filePath(QStringLiteral("before-crew.sqlite"));
    dialog = runDialog("upgradeHereButton", true, secondBackup);
    QVERIFY(dialog);
    // The plan warned before the run: the statement fails on a copy of the schema.
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("behaviourLabel"))->text().contains(QLatin1String("A statement fails on a copy")));
    // The failure in parts: where, the statement, what the database said, the version table, what next.
    const QString failure = dialog->resultText();
    QVERIFY2(failure.startsWith(QStringLiteral("The migration failed.")), qPrintable(failure));
    QVERIFY2(failure.contains(QLatin1String("Revision file: ")) && failure.contains(QLatin1String("0badc0ffee00_add_crew.py:16")), qPrintable(failure));
    QVERIFY2(failure.contains(QLatin1String("Statement (marked in the SQL below): INSERT INTO crew_roster (id) VALUES (1)")), qPrintable(failure));
    QVERIFY2(failure.contains(QLatin1String("The database said: ")) && failure.contains(QLatin1String("no such table: crew_roster")),
             qPrintable(failure));
    QVERIFY2(failure.contains(QLatin1String("Version table: The version table now holds f4d3c2b1a098")), qPrintable(failure));
    QVERIFY2(failure.contains(QLatin1String("Next: Restore the backup (")), qPrintable(failure));
    // The failed step is marked in the plan, and the run's log is a click away.
    auto *stepList = dialog->findChild<QListWidget *>(QStringLiteral("stepsList"));
    auto *failedStep = stepList->item(stepList->count() - 1);   // the revisions before it ran (SQLite keeps them)
    QVERIFY2(failedStep->text().startsWith(QStringLiteral("✗ ")) && failedStep->text().contains(QLatin1String("0badc0ffee00"))
                 && failedStep->text().endsWith(QStringLiteral("— failed")), qPrintable(failedStep->text()));
    QCOMPARE(stepList->currentItem(), failedStep);
    QVERIFY(!stepList->item(0)->text().startsWith(QStringLiteral("✗ ")));
    auto *logButton = dialog->findChild<QPushButton *>(QStringLiteral("logButton"));
    QVERIFY(logButton->isVisible());
    QTest::mouseClick(logButton, Qt::LeftButton);
    QVERIFY(dialog->findChild<QPlainTextEdit *>(QStringLiteral("logView"))->isVisible());
    QVERIFY(dialog->findChild<QPlainTextEdit *>(QStringLiteral("logView"))->toPlainText().contains(QLatin1String("INSERT INTO crew_roster")));
    QTest::mouseClick(logButton, Qt::LeftButton);   // back to the plan
    QCOMPARE(dialog->highlightedStatement(), QStringLiteral("INSERT INTO crew_roster (id) VALUES (1)"));
    // The failing statement is the one marked in the plan's SQL.
    QCOMPARE(dialog->findChild<retort::app::CodeEditor *>(QStringLiteral("planSql"))->selectedText(),
             QStringLiteral("INSERT INTO crew_roster (id) VALUES (1);"));
    // SQLite keeps the revisions that completed: the database moved to the old head.
    QCOMPARE(databaseRows(demoDir), QStringList{QStringLiteral("f4d3c2b1a098")});
    auto *restore = dialog->findChild<QPushButton *>(QStringLiteral("restoreButton"));
    QVERIFY(restore->isVisible());
    QTimer::singleShot(200, dialog, [dialog]() {   // confirm the question box
        for (QMessageBox *box : dialog->findChildren<QMessageBox *>())
            box->button(QMessageBox::Yes)->click();
    });
    QSignalSpy restored(dialog, &MigrationDialog::finished);
    QTest::mouseClick(restore, Qt::LeftButton);
    QVERIFY(restored.wait(60000));
    // The failure stays readable above the restore's result.
    QVERIFY2(dialog->resultText().startsWith(QStringLiteral("The migration failed.")), qPrintable(dialog->resultText()));
    QVERIFY2(dialog->resultText().contains(QStringLiteral("Restored ")), qPrintable(dialog->resultText()));
    QCOMPARE(databaseRows(demoDir), QStringList{QStringLiteral("7a4e2b9c1d05")});
    QVERIFY(window.grab().save(QStringLiteral(RETORT_TEST_OUTPUT_DIR "/history-after-restore.png")));
    QVERIFY(dialog->grab().save(QStringLiteral(RETORT_TEST_OUTPUT_DIR "/migration-dialog-failed.png")));
}

// Issue 20, items 14 and 15: the Runs tab shows what retort-cli log shows, statements and all, and
// filters; the Backups tab finds the backups the runs took, checks them, restores one at any time
// (backing up the database as it is first), and deletes one.
void tst_MainWindow::runsAndBackupsTabs()
{
    using retort::app::BackupsPane;
    using retort::app::RunHistoryPane;
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    QDir(retort::defaultBackupFolder()).removeRecursively();
    const QString demoDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo");
    MainWindow window;
    QVERIFY(showDemo(window));
    auto *runs = window.runHistoryPane();
    window.showTab(4);
    QTRY_VERIFY(!runs->isLoading());
    QCOMPARE(runs->stateText(), QStringLiteral("No runs recorded: Retort has not migrated this database yet."));

    // Two runs from the command line, as a colleague's script would: an upgrade with a backup, a downgrade.
    QTemporaryDir backups;
    const QString first = backups.filePath(QStringLiteral("first.sqlite"));
    const QString cli = QStringLiteral(RETORT_CLI_PATH);
    retort::test::ProcessRun r = retort::test::runProgram(cli, {QStringLiteral("--project"), demoDir, QStringLiteral("upgrade"),
                                                                QStringLiteral("heads"), QStringLiteral("--backup=") + first});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = retort::test::runProgram(cli, {QStringLiteral("--project"), demoDir, QStringLiteral("downgrade"), QStringLiteral("-1"),
                                       QStringLiteral("--no-backup")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QMetaObject::invokeMethod(&window, [&window]() { window.findChild<QAction *>(QStringLiteral("reloadAction"))->trigger(); });
    QVERIFY(waitLoaded(window));
    QTRY_VERIFY(!runs->isLoading() && runs->stateText().startsWith(QStringLiteral("2 run(s)")));

    // The same runs and steps as retort-cli log --json, newest first.
    r = retort::test::runProgram(cli, {QStringLiteral("--project"), demoDir, QStringLiteral("log"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QJsonArray logged = QJsonDocument::fromJson(r.out.toUtf8()).array();
    QCOMPARE(logged.size(), 2);
    QAbstractItemModel *model = runs->runsModel();
    QCOMPARE(model->rowCount(), 2);
    for (int i = 0; i < 2; ++i) {
        const QJsonObject run = logged.at(1 - i).toObject();
        const QModelIndex row = model->index(i, 0);
        QCOMPARE(model->index(i, RunHistoryPane::Command).data().toString(),
                 run.value(QStringLiteral("command")).toString() + QLatin1Char(' ') + run.value(QStringLiteral("target")).toString());
        QCOMPARE(model->index(i, RunHistoryPane::Outcome).data().toString(), run.value(QStringLiteral("outcome")).toString());
        const QJsonArray steps = run.value(QStringLiteral("steps")).toArray();
        QCOMPARE(model->rowCount(row), steps.size());
        for (int s = 0; s < steps.size(); ++s) {
            const QJsonObject step = steps.at(s).toObject();
            QVERIFY(model->index(s, RunHistoryPane::Command, row).data().toString().endsWith(step.value(QStringLiteral("revision")).toString()));
        }
    }
    QCOMPARE(model->index(1, RunHistoryPane::Backup).data().toString(), QStringLiteral("first.sqlite"));
    QCOMPARE(model->index(0, RunHistoryPane::FromTo).data().toString(), QStringLiteral("f4d3c2b1a098 → e2f7a1c4b9d6"));

    // A step's statements, as it ran them; a run's, step by step.
    const QModelIndex upgradeRun = model->index(1, 0);
    const QModelIndex lastStep = model->index(model->rowCount(upgradeRun) - 1, 0, upgradeRun);
    runs->runsView()->expandAll();
    runs->runsView()->setCurrentIndex(lastStep);
    const QString stepText = runs->statementsView()->text();
    QVERIFY2(stepText.startsWith(QStringLiteral("-- step 4: upgrade f4d3c2b1a098 (e2f7a1c4b9d6 → f4d3c2b1a098), ok")), qPrintable(stepText));
    QVERIFY2(stepText.contains(QStringLiteral("INSERT INTO engine")), qPrintable(stepText));
    runs->runsView()->setCurrentIndex(model->index(0, 0));
    QVERIFY2(runs->statementsView()->text().contains(QStringLiteral("DELETE FROM engine")), qPrintable(runs->statementsView()->text()));
    // The filter keeps a run when one of its steps matches.
    QTest::keyClicks(runs->filterEdit(), QStringLiteral("e2f7a1c4b9d6"));
    QCOMPARE(model->rowCount(), 2);
    runs->filterEdit()->clear();
    QTest::keyClicks(runs->filterEdit(), QStringLiteral("downgrade"));
    QCOMPARE(model->rowCount(), 1);
    QVERIFY(model->index(0, RunHistoryPane::Command).data().toString().startsWith(QStringLiteral("downgrade")));
    runs->filterEdit()->clear();
    QVERIFY(runs->grab().save(QStringLiteral(RETORT_TEST_OUTPUT_DIR "/runs-tab.png")));

    // The Backups tab finds the backup in the folder the run log names.
    auto *pane = window.backupsPane();
    window.showTab(5);
    QTRY_VERIFY(pane->stateText().startsWith(QStringLiteral("1 backup(s)")));
    QVERIFY(pane->folders().contains(backups.path()));
    QCOMPARE(pane->backups().first().path, first);
    QCOMPARE(pane->backups().first().revisions, QStringList{QStringLiteral("7a4e2b9c1d05")});
    auto *view = pane->backupsView();
    QCOMPARE(view->model()->index(0, BackupsPane::Checked).data().toString(), QStringLiteral("not yet"));
    QSignalSpy finished(pane, &BackupsPane::actionFinished);
    QTest::mouseClick(pane->findChild<QPushButton *>(QStringLiteral("backupVerify")), Qt::LeftButton);
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.last().first().toString(), QString());
    QVERIFY(view->model()->index(0, BackupsPane::Checked).data().toString().startsWith(QStringLiteral("intact")));
    QCOMPARE(pane->folderOf(0), backups.path());

    // Restore at any time, backing up the database as it is first; the window reads the database again.
    QCOMPARE(databaseRows(demoDir), QStringList{QStringLiteral("e2f7a1c4b9d6")});
    pane->setRestoreQuestion([](const retort::BackupInfo &) { return BackupsPane::RestoreChoice::BackUpThenRestore; });
    QSignalSpy reloaded(&window, &MainWindow::workspaceLoaded);
    QTest::mouseClick(pane->findChild<QPushButton *>(QStringLiteral("backupRestore")), Qt::LeftButton);
    QVERIFY(reloaded.wait(60000));
    QCOMPARE(databaseRows(demoDir), QStringList{QStringLiteral("7a4e2b9c1d05")});
    QVERIFY2(pane->stateText().startsWith(QStringLiteral("2 backup(s)")) || pane->stateText().startsWith(QStringLiteral("Looking")),
             qPrintable(pane->stateText()));
    QTRY_VERIFY(pane->stateText().startsWith(QStringLiteral("2 backup(s)")));
    const retort::BackupInfo before = pane->backups().first();   // newest first: the one taken before the restore
    QCOMPARE(before.revisions, QStringList{QStringLiteral("e2f7a1c4b9d6")});
    QVERIFY(before.path.startsWith(retort::defaultBackupFolder()));
    QTRY_VERIFY(runs->stateText().startsWith(QStringLiteral("3 run(s)")));
    QVERIFY(model->index(0, RunHistoryPane::Command).data().toString().startsWith(QStringLiteral("restore ")));

    // Cancel changes nothing; a damaged backup is named; delete removes the file and its metadata.
    pane->setRestoreQuestion([](const retort::BackupInfo &) { return BackupsPane::RestoreChoice::Cancel; });
    pane->restore(0);
    QVERIFY(!pane->isBusy());
    {
        QFile f(first);
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.seek(f.size() / 2);
        f.write("\x7f\x7f");
    }
    pane->verify(1);
    QVERIFY(finished.wait(30000));
    QVERIFY2(finished.last().first().toString().contains(QStringLiteral("has changed since it was taken")), qPrintable(finished.last().first().toString()));
    QVERIFY(view->model()->index(1, BackupsPane::Checked).data().toString().startsWith(QStringLiteral("DAMAGED")));
    pane->remove(0, false);
    QVERIFY(!QFile::exists(before.path));
    QVERIFY(!QFile::exists(before.metadataPath()));
    QTRY_VERIFY(pane->stateText().startsWith(QStringLiteral("1 backup(s)")));
    QVERIFY(pane->grab().save(QStringLiteral(RETORT_TEST_OUTPUT_DIR "/backups-tab.png")));
}

// Issue 20, item 16: the SQL tab on the demo. Completion knows the live tables and columns;
// Ctrl+Enter runs the statement under the cursor into the grid; the console is read-only until
// writes are allowed, and then asks before each change; Escape cancels; the history is kept.
void tst_MainWindow::sqlConsoleTab()
{
    using retort::app::SqlConsolePane;
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    QSettings().remove(QStringLiteral("console"));
    const QString demoDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo");
    MainWindow window;
    QVERIFY(showDemo(window));
    window.showTab(3);
    SqlConsolePane *pane = window.sqlConsolePane();
    QVERIFY(pane->isVisible());
    QVERIFY(pane->completionWords().contains(QStringLiteral("engine")));
    QVERIFY(pane->completionWords().contains(QStringLiteral("thrust")));
    // Engines to look at, put in behind the window's back as another client would.
    const auto onDemo = [&](const QString &sql) {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
        db.setDatabaseName(demoDir + QStringLiteral("/instance/spaceship.db"));
        int n = -1;
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql))
                n = q.next() ? q.value(0).toInt() : 0;
        }
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("check"));
        return n;
    };
    const auto countEngines = [&]() { return onDemo(QStringLiteral("SELECT count(*) FROM engine")); };
    QCOMPARE(onDemo(QStringLiteral("INSERT INTO engine (id, title, thrust) VALUES (1, 'Merlin', 845), (2, 'Raptor', 2300), "
                                   "(3, 'RS-25', 2279), (4, NULL, NULL)")), 0);
    const int engines = countEngines();
    QCOMPARE(engines, 4);

    retort::app::CodeEditor *editor = pane->editor();
    editor->setText(QStringLiteral("SELECT id, title FROM engine ORDER BY id;\n\nDELETE FROM engine WHERE id > 1;\n"));
    QSignalSpy finished(pane, &SqlConsolePane::statementFinished);
    const auto runAt = [&](int line, int index) {
        editor->setFocus();
        editor->setCursorPosition(line, index);
        finished.clear();
        QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
        return !finished.isEmpty() || finished.wait(20000);   // a refusal finishes at once
    };
    QVERIFY(runAt(0, 5));
    QCOMPARE(editor->selectedText(), QStringLiteral("SELECT id, title FROM engine ORDER BY id"));   // what ran is selected
    QCOMPARE(pane->resultModel()->rowCount(), engines);
    QCOMPARE(pane->resultModel()->headerData(1, Qt::Horizontal).toString(), QStringLiteral("title"));
    QVERIFY2(pane->stateText().startsWith(QStringLiteral("%1 row(s) in ").arg(engines)), qPrintable(pane->stateText()));

    // Read-only: the DELETE is refused, nothing changes.
    QVERIFY(runAt(2, 3));
    QVERIFY2(pane->stateText().contains(QStringLiteral("read-only")), qPrintable(pane->stateText()));
    QCOMPARE(countEngines(), engines);

    // Writes allowed: each change asks first; "no" runs nothing, "yes" runs it and the window reloads.
    QTest::mouseClick(pane->findChild<QCheckBox *>(QStringLiteral("consoleWrites")), Qt::LeftButton);
    QVERIFY(pane->allowsWrites());
    QStringList asked;
    pane->setConfirmation([&](retort::sql::StatementKind kind, const QString &statement) {
        asked << retort::sql::kindName(kind) + QStringLiteral(": ") + statement;
        return asked.size() > 1;
    });
    QVERIFY(runAt(2, 3));
    QCOMPARE(pane->stateText(), QStringLiteral("Not run."));
    QCOMPARE(countEngines(), engines);
    QSignalSpy reloaded(&window, &MainWindow::workspaceLoaded);
    QVERIFY(runAt(2, 3));
    QCOMPARE(asked, (QStringList{QStringLiteral("data change: DELETE FROM engine WHERE id > 1"),
                                 QStringLiteral("data change: DELETE FROM engine WHERE id > 1")}));
    QVERIFY2(pane->stateText().contains(QStringLiteral("%1 row(s) changed").arg(engines - 1)), qPrintable(pane->stateText()));
    QCOMPARE(countEngines(), 1);
    QVERIFY(reloaded.wait(30000));
    QVERIFY(pane->allowsWrites());   // the same database: the mode stays

    // Two statements selected: one at a time.
    editor->selectAll();
    finished.clear();
    QTest::mouseClick(pane->findChild<QPushButton *>(QStringLiteral("consoleRun")), Qt::LeftButton);
    QCOMPARE(finished.size(), 1);
    QVERIFY2(pane->stateText().contains(QStringLiteral("holds 2 statements")), qPrintable(pane->stateText()));

    // Escape stops a statement that would run for ever.
    editor->setText(QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"));
    editor->setCursorPosition(0, 10);
    finished.clear();
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY(pane->isRunning());
    QTest::qWait(300);
    QVERIFY(pane->isRunning());
    QTest::keyClick(editor, Qt::Key_Escape);
    QVERIFY(finished.wait(10000));
    QVERIFY2(pane->stateText().startsWith(QStringLiteral("Cancelled")), qPrintable(pane->stateText()));

    // The history of this connection, newest first, kept in the settings (no password in its key or values).
    QCOMPARE(pane->history().value(0), editor->text());
    QCOMPARE(pane->history().value(1), QStringLiteral("DELETE FROM engine WHERE id > 1"));
    QCOMPARE(pane->history().value(2), QStringLiteral("SELECT id, title FROM engine ORDER BY id"));
    QSettings settings;
    settings.beginGroup(QStringLiteral("console/history"));
    QCOMPARE(settings.childKeys().size(), 1);
    QCOMPARE(settings.value(settings.childKeys().first()).toStringList(), pane->history());
    settings.endGroup();
    // A statement that may carry a password runs but is not kept.
    editor->setText(QStringLiteral("SELECT 'x' AS password"));
    editor->setCursorPosition(0, 3);
    finished.clear();
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(finished.wait(10000));
    QVERIFY2(pane->stateText().startsWith(QStringLiteral("1 row(s)")), qPrintable(pane->stateText()));
    QVERIFY(!pane->history().contains(QStringLiteral("SELECT 'x' AS password")));
    editor->setText(QStringLiteral("SELECT * FROM engine"));
    finished.clear();
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(finished.wait(10000));
    QVERIFY(window.grab().save(QStringLiteral(RETORT_TEST_OUTPUT_DIR "/sql-console.png")));
}

// Issue 21: the schema at a revision and the changes to it from the database's revision, from the
// history, computed without a database (the demo's database is at 7a4e2b9c1d05).
void tst_MainWindow::schemaAtThisRevision()
{
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    MainWindow window;
    QVERIFY(showDemo(window));
    clickRow(window, QStringLiteral("b5c8d2e7f310"));
    retort::app::SchemaAtDialog *dialog = window.historyPane()->showSchemaAt();
    QVERIFY(dialog);
    QSignalSpy ready(dialog, &retort::app::SchemaAtDialog::ready);
    QVERIFY(ready.wait(30000));
    QVERIFY2(dialog->stateText().startsWith(QStringLiteral("1 table(s) at b5c8d2e7f310, computed without a database")), qPrintable(dialog->stateText()));
    QVERIFY2(dialog->schemaText().startsWith(QStringLiteral("engine\n  id          INTEGER  PK NOT NULL AUTOINCREMENT\n")), qPrintable(dialog->schemaText()));
    QVERIFY2(dialog->schemaText().contains(QStringLiteral("  index ix_engine_title (title)\n")), qPrintable(dialog->schemaText()));
    QVERIFY2(dialog->changesText().startsWith(QStringLiteral("engine\n  + index ix_engine_title (title)\n      by b5c8d2e7f310 "
                                                            "(alembic/versions/b5c8d2e7f310_index_engine_titles.py:")),
             qPrintable(dialog->changesText()));
    QVERIFY(dialog->grab().save(QStringLiteral(RETORT_TEST_OUTPUT_DIR "/schema-at.png")));
    dialog->close();

    // Two revisions selected (Ctrl+click): the changes from the older to the newer, each with its cause.
    clickRow(window, QStringLiteral("7a4e2b9c1d05"));
    QVERIFY(!window.historyPane()->compareSelected());   // one selected: nothing to compare
    QTreeView *view = window.historyView();
    int launch = -1;
    for (int r = 0; r < window.historyModel()->rowCount(); ++r) {
        if (window.historyModel()->row(r).id == QLatin1String("c91a4f6e2d87"))
            launch = r;
    }
    QVERIFY(launch >= 0);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::ControlModifier, view->visualRect(view->model()->index(launch, 0)).center());
    QCOMPARE(view->selectionModel()->selectedRows().size(), 2);
    retort::app::SchemaAtDialog *compared = window.historyPane()->compareSelected();
    QVERIFY(compared);
    QSignalSpy comparedReady(compared, &retort::app::SchemaAtDialog::ready);
    QVERIFY(comparedReady.wait(30000));
    QVERIFY(compared->showsChanges());
    QVERIFY2(compared->windowTitle().contains(QLatin1String("c91a4f6e2d87")), qPrintable(compared->windowTitle()));
    QVERIFY2(compared->changesText().startsWith(QStringLiteral("launch\n  + table launch (id, engine_id, launched_at, outcome)\n      by c91a4f6e2d87 ")),
             qPrintable(compared->changesText()));
    QVERIFY2(!compared->changesText().contains(QLatin1String("ix_engine_title")), qPrintable(compared->changesText()));
    compared->close();

    // A revision that needs Python: where the computation stops and why; run through Python when asked.
    QTemporaryDir project;
    QVERIFY(retort::test::writeProject(project.path(), {retort::test::Revision{QStringLiteral("x1"), {},
        QStringLiteral("op.create_table('t', sa.Column('id', sa.Integer, primary_key=True))"), QStringLiteral("op.drop_table('t')")}}));
    QFile python(project.filePath(QStringLiteral("versions/x2.py")));
    QVERIFY(python.open(QIODevice::WriteOnly));
    python.write(retort::test::scriptText(retort::test::Revision{QStringLiteral("x2"), QStringLiteral("x1"), QStringLiteral("op.add_column('t', _column('dyn'))"),
                                                                 QStringLiteral("op.drop_column('t', 'dyn')")},
                                          QStringLiteral("\n\ndef _column(name):\n    return sa.Column(name, sa.Integer, nullable=True)\n"))
                     .toUtf8());
    python.close();
    retort::app::setProjectInterpreter(project.path(), QStringLiteral("/usr/bin/python3"));   // Debian's, with its Alembic
    retort::app::SchemaAtDialog needsPython(project.path(), QStringLiteral("x2"), QStringLiteral("base"), retort::Dialect::SQLite, false);
    QSignalSpy pythonReady(&needsPython, &retort::app::SchemaAtDialog::ready);
    QVERIFY(pythonReady.wait(30000));
    QVERIFY2(needsPython.stateText().contains(QStringLiteral("x2.py:19: revision x2 needs Python (a call to _column"))
                 && needsPython.stateText().contains(QStringLiteral("so the schema from it on is not known without running it.")),
             qPrintable(needsPython.stateText()));
    QVERIFY(needsPython.schemaText().isEmpty());
    QVERIFY2(needsPython.offersPython(), qPrintable(needsPython.stateText()));
    QVERIFY(needsPython.grab().save(QStringLiteral(RETORT_TEST_OUTPUT_DIR "/schema-at-python.png")));
    QVERIFY2(needsPython.stateText().contains(QStringLiteral("Run Through Python runs x2, and only those, with /usr/bin/python3 ")),
             qPrintable(needsPython.stateText()));
    needsPython.runPython();
    QVERIFY(pythonReady.wait(60000));
    QVERIFY2(needsPython.schemaText().contains(QStringLiteral("  dyn  INTEGER  NULL\n")), qPrintable(needsPython.stateText() + needsPython.schemaText()));
    QVERIFY2(needsPython.stateText().contains(QStringLiteral("x2 ran through ")), qPrintable(needsPython.stateText()));
    QVERIFY(!needsPython.offersPython());
    QTRY_VERIFY(window.findChildren<retort::app::SchemaAtDialog *>().isEmpty());
}

// PNG, SVG and DOT of the graph; a second head merged back by a merge revision Alembic reads.
// The state line on databases the demo's history meets in the field: empty, unversioned, at a
// revision the checkout does not have. Each says what it is; where one action follows, it is offered.
void tst_MainWindow::stateLineSaysWhereTheDatabaseStands()
{
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    const QString demoDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo");
    MainWindow window;
    QVERIFY(showDemo(window));
    QTemporaryDir tmp;
    const struct { const char *file; const char *sql; QString state; QString action; } cases[] = {
        {"empty.db", "CREATE TABLE x (a); DROP TABLE x;", QStringLiteral("An empty database: 6 revisions to the head."), QStringLiteral("Upgrade…")},
        {"unversioned.db", "CREATE TABLE engine (id INTEGER PRIMARY KEY); CREATE TABLE crew (id INTEGER PRIMARY KEY);",
         QStringLiteral("Not under version control: 2 tables, no revision recorded. Its tables match no revision; the closest is "
                        "7a4e2b9c1d05 (2 difference(s): table crew: the database has it, 7a4e2b9c1d05 does not)."),
         QStringLiteral("Stamp 7a4e2b9c1d05…")},
        // The tables of the base revision, made by hand: named as that revision, computed without a database.
        {"matching.db", "CREATE TABLE engine (id INTEGER NOT NULL, title VARCHAR(128), thrust INTEGER, PRIMARY KEY (id));",
         QStringLiteral("Not under version control: 1 table, no revision recorded. Its tables match 3d1f0c6a9b21 exactly."),
         QStringLiteral("Stamp 3d1f0c6a9b21…")},
        {"foreign.db", "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL); INSERT INTO alembic_version VALUES ('0123456789ab');",
         QStringLiteral("The database is at 0123456789ab, which this project's history does not have: a revision missing from this "
                        "checkout, or another project's database."), QString()},
    };
    for (const auto &c : cases) {
        const QString path = tmp.filePath(QString::fromLatin1(c.file));
        QProcess sqlite;
        sqlite.start(QStringLiteral("sqlite3"), {path, QString::fromLatin1(c.sql)});
        QVERIFY(sqlite.waitForFinished(10000) && sqlite.exitCode() == 0);
        window.openProject(demoDir, QStringLiteral("sqlite:///") + path);
        QVERIFY(waitLoaded(window));
        QCOMPARE(window.stateText(), c.state);
        auto *action = window.findChild<QPushButton *>(QStringLiteral("stateAction"));
        QCOMPARE(action->isVisibleTo(&window), !c.action.isEmpty());
        if (!c.action.isEmpty())
            QCOMPARE(action->text(), c.action);
        if (QByteArray(c.file) == "matching.db") {
            // One click: the stamp's plan, which agrees that the tables match.
            QTest::mouseClick(action, Qt::LeftButton);
            auto *stamp = window.findChild<retort::app::MigrationDialog *>();
            QVERIFY(stamp);
            QSignalSpy planned(stamp, &retort::app::MigrationDialog::planShown);
            QVERIFY(planned.wait(30000));
            QVERIFY2(stamp->findChild<QLabel *>(QStringLiteral("behaviourLabel"))->text().startsWith(
                         QLatin1String("The database's tables and columns match the schema at 3d1f0c6a9b21.")),
                     qPrintable(stamp->findChild<QLabel *>(QStringLiteral("behaviourLabel"))->text()));
            stamp->close();
            QTRY_VERIFY(window.findChildren<retort::app::MigrationDialog *>().isEmpty());
        }
    }
    QVERIFY(window.grab().save(QStringLiteral(RETORT_TEST_OUTPUT_DIR "/state-line-foreign.png")));
}

// Every migration action in the Migrate menu with its shortcut; the shortcuts work with the menu never
// opened; the menu says which apply to the selection. Help lists every shortcut and opens the README (F1).
// The stairway check from the history: a row per revision as it comes in, kept for the project and
// shown again on the next opening; Stop ends it after the revision being checked.
void tst_MainWindow::stairwayCheckInTheWindow()
{
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    MainWindow window;
    QVERIFY(showDemo(window));
    const QString demoDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo");
    QFile::remove(retort::stairwayRecordPath(demoDir));
    QPointer<retort::app::StairwayDialog> dialog = window.historyPane()->showStairway();
    QVERIFY(dialog);
    QVERIFY2(dialog->stateText().startsWith(QStringLiteral("Not checked yet")), qPrintable(dialog->stateText()));
    QSignalSpy ended(dialog, &retort::app::StairwayDialog::checkEnded);
    dialog->start();
    QVERIFY(dialog->isRunning());
    QVERIFY(ended.wait(60000));
    QVERIFY2(dialog->stateText() == QStringLiteral("Checked: no fault in 6 revision(s)."), qPrintable(dialog->stateText()));
    const QList<QStringList> rows = dialog->rows();
    QCOMPARE(rows.size(), 6);
    QCOMPARE(rows.first().value(0), QStringLiteral("3d1f0c6a9b21"));
    int upOnly = 0;
    for (const QStringList &row : rows) {
        QVERIFY2(row.value(1) == QLatin1String("ok") || row.value(1).startsWith(QLatin1String("checked up only")), qPrintable(row.join(QLatin1Char('|'))));
        upOnly += row.value(1).startsWith(QLatin1String("checked up only")) ? 1 : 0;
    }
    QCOMPARE(upOnly, 2);   // the step to the second head and the merge
    QVERIFY(dialog->grab().save(QStringLiteral(RETORT_TEST_OUTPUT_DIR "/stairway.png")));
    dialog->close();
    QTRY_VERIFY(dialog.isNull());

    // Opened again: the check kept for the project, without running it.
    dialog = window.historyPane()->showStairway();
    QVERIFY2(dialog->stateText().startsWith(QStringLiteral("Last check, ")) && dialog->stateText().endsWith(QStringLiteral(": no fault in 6 revision(s).")),
             qPrintable(dialog->stateText()));
    QCOMPARE(dialog->rows(), rows);
    QVERIFY(!dialog->isRunning());

    // Stopped at once: it ends after the first revision, and says so.
    QSignalSpy endedAgain(dialog, &retort::app::StairwayDialog::checkEnded);
    dialog->start();
    dialog->stop();
    QVERIFY(endedAgain.wait(60000));
    QVERIFY2(dialog->stateText() == QStringLiteral("Checked: no fault in 1 revision(s), stopped after 1 revision(s)."), qPrintable(dialog->stateText()));
    QCOMPARE(dialog->rows().size(), 1);
    dialog->close();
}

void tst_MainWindow::migrateAndHelpMenus()
{
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    MainWindow window;
    QVERIFY(showDemo(window));
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    auto *migrate = window.findChild<QMenu *>(QStringLiteral("migrateMenu"));
    QVERIFY(migrate);
    QStringList items;
    for (const QAction *action : migrate->actions()) {
        if (!action->isSeparator())
            items << action->text() + QLatin1Char(' ') + action->shortcut().toString();
    }
    QCOMPARE(items, (QStringList{QStringLiteral("&Upgrade to the Selected Revision… Ctrl+U"),
                                 QStringLiteral("&Downgrade to the Selected Revision… Ctrl+D"),
                                 QStringLiteral("&Stamp the Selected Revision… Ctrl+Shift+T"),
                                 QStringLiteral("Upgrade to the &Head… Ctrl+Shift+U"), QStringLiteral("&Merge Heads… Ctrl+Shift+M"),
                                 QStringLiteral("&Find a Revision Ctrl+K"), QStringLiteral("&Jump to the Database's Revision Ctrl+J"),
                                 QStringLiteral("&Export the Graph… Ctrl+E")}));

    // Shortcuts, the menu never opened: Ctrl+J goes back to the database's revision, Ctrl+U plans an upgrade.
    clickRow(window, QStringLiteral("f4d3c2b1a098"));
    QTest::keyClick(&window, Qt::Key_J, Qt::ControlModifier);
    QCOMPARE(window.historyView()->currentIndex().data(retort::app::HistoryModel::RevisionIdRole).toString(), QStringLiteral("7a4e2b9c1d05"));
    // Opened, the menu greys what does not apply to the selection (the database's own revision) and says why.
    emit migrate->aboutToShow();
    auto *downgrade = window.findChild<QAction *>(QStringLiteral("downgradeSelectedAction"));
    QVERIFY(!downgrade->isEnabled());
    QCOMPARE(downgrade->toolTip(), QStringLiteral("The database is at this revision."));
    QVERIFY(window.findChild<QAction *>(QStringLiteral("upgradeHeadsAction"))->isEnabled());
    QVERIFY(!window.findChild<QAction *>(QStringLiteral("mergeHeadsAction"))->isEnabled());   // one head
    emit migrate->aboutToHide();
    QVERIFY(downgrade->isEnabled());   // closed, the shortcut stays live and refuses with a reason
    clickRow(window, QStringLiteral("f4d3c2b1a098"));
    QTest::keyClick(&window, Qt::Key_U, Qt::ControlModifier);
    auto *dialog = window.findChild<retort::app::MigrationDialog *>();
    QVERIFY(dialog);
    dialog->close();
    QTRY_VERIFY(window.findChildren<retort::app::MigrationDialog *>().isEmpty());

    // Help: the documentation on F1, and every shortcut in one list.
    auto *docs = window.findChild<QAction *>(QStringLiteral("documentationAction"));
    QVERIFY(docs);
    QCOMPARE(docs->shortcut(), QKeySequence(QKeySequence::HelpContents));
    QVERIFY2(window.documentationPath().endsWith(QLatin1String("README.md")), qPrintable(window.documentationPath()));
    const QList<QPair<QString, QString>> shortcuts = window.shortcutList();
    const auto listed = [&](const QString &keys, const QString &what) {
        return shortcuts.contains(qMakePair(QKeySequence(keys).toString(QKeySequence::NativeText), what));
    };
    QVERIFY(listed(QStringLiteral("Ctrl+U"), QStringLiteral("Upgrade to the Selected Revision")));
    QVERIFY(listed(QStringLiteral("Ctrl+Shift+R"), QStringLiteral("Create Revision from Differences")));
    QVERIFY(listed(QStringLiteral("Ctrl+1"), QStringLiteral("Show the History tab")));
    QVERIFY(listed(QStringLiteral("F1"), QStringLiteral("Documentation")));
    QVERIFY(listed(QStringLiteral("Alt+0"), QStringLiteral("Connect to the project's own database")));
    int rows = -1;
    QTimer::singleShot(0, &window, [&rows]() {
        for (QWidget *w : QApplication::topLevelWidgets()) {
            auto *shortcutsDialog = qobject_cast<QDialog *>(w);
            auto *table = shortcutsDialog ? shortcutsDialog->findChild<QTableWidget *>(QStringLiteral("shortcutsTable")) : nullptr;
            if (table && shortcutsDialog->isVisible()) {
                rows = table->rowCount();
                shortcutsDialog->reject();
            }
        }
    });
    window.findChild<QAction *>(QStringLiteral("shortcutsAction"))->trigger();
    QCOMPARE(rows, int(shortcuts.size()));
}

void tst_MainWindow::exportsAndMergesHeads()
{
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    const QString demoDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo");
    MainWindow window;
    QVERIFY(showDemo(window));
    QTemporaryDir out;
    QCOMPARE(window.exportGraph(out.filePath(QStringLiteral("g.png"))), QString());
    QCOMPARE(window.exportGraph(out.filePath(QStringLiteral("g.svg"))), QString());
    QCOMPARE(window.exportGraph(out.filePath(QStringLiteral("g.dot"))), QString());
    QImageReader png(out.filePath(QStringLiteral("g.png")));
    QCOMPARE(png.size().height(), 6 * 24);
    QFile svg(out.filePath(QStringLiteral("g.svg")));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QByteArray svgText = svg.readAll();
    QVERIFY(svgText.contains("<svg") && svgText.contains("f4d3c2b1a098"));
    QFile dot(out.filePath(QStringLiteral("g.dot")));
    QVERIFY(dot.open(QIODevice::ReadOnly));
    QVERIFY(dot.readAll().contains("digraph"));
    QVERIFY(!window.exportGraph(out.filePath(QStringLiteral("g.txt"))).isEmpty());

    // Stamp the base, through the same dialog: only the version table changes. The database has a
    // column the base revision does not (last_fired, from 7a4e2b9c1d05): the plan says so, computed
    // without touching a database, and Cancel is the default button.
    clickRow(window, QStringLiteral("3d1f0c6a9b21"));
    retort::app::MigrationDialog *stamp = window.startRevisionAction(MainWindow::RevisionAction::Stamp);
    QVERIFY(stamp);
    QSignalSpy planned(stamp, &retort::app::MigrationDialog::planShown);
    QVERIFY(planned.wait(30000));
    const QString mismatch = stamp->findChild<QLabel *>(QStringLiteral("dropsLabel"))->text();
    QVERIFY2(mismatch.contains(QLatin1String("<b>The database does not match 3d1f0c6a9b21:</b> table engine: the database has "
                                             "column(s) last_fired, 3d1f0c6a9b21 does not.")), qPrintable(mismatch));
    QVERIFY(stamp->findChild<QPushButton *>(QStringLiteral("closeButton"))->isDefault());
    QVERIFY(!stamp->findChild<QPushButton *>(QStringLiteral("runButton"))->isDefault());
    QVERIFY(stamp->grab().save(QStringLiteral(RETORT_TEST_OUTPUT_DIR "/stamp-mismatch.png")));
    QVERIFY(!stamp->findChild<QWidget *>(QStringLiteral("backupBox"))->isVisibleTo(stamp));
    QVERIFY(stamp->findChild<retort::app::CodeEditor *>(QStringLiteral("planSql"))->text().contains(QLatin1String("UPDATE alembic_version")));
    QSignalSpy stamped(stamp, &retort::app::MigrationDialog::finished);
    QTest::mouseClick(stamp->findChild<QPushButton *>(QStringLiteral("runButton")), Qt::LeftButton);
    QVERIFY(stamped.wait(30000));
    QCOMPARE(databaseRows(demoDir), QStringList{QStringLiteral("3d1f0c6a9b21")});
    QVERIFY(waitLoaded(window));
    QCOMPARE(window.stateText(), QStringLiteral("5 revisions behind the head"));
    QTest::mouseClick(stamp->findChild<QPushButton *>(QStringLiteral("closeButton")), Qt::LeftButton);
    QTRY_VERIFY(window.findChildren<retort::app::MigrationDialog *>().isEmpty());

    // Back to 7a4e2b9c1d05, which the tables do match: no warning, Run stays the default.
    clickRow(window, QStringLiteral("7a4e2b9c1d05"));
    stamp = window.startRevisionAction(MainWindow::RevisionAction::Stamp);
    QVERIFY(stamp);
    QSignalSpy plannedBack(stamp, &retort::app::MigrationDialog::planShown);
    QVERIFY(plannedBack.wait(30000));
    QVERIFY(!stamp->findChild<QLabel *>(QStringLiteral("dropsLabel"))->isVisibleTo(stamp));
    QVERIFY2(stamp->findChild<QLabel *>(QStringLiteral("behaviourLabel"))->text().startsWith(
                 QLatin1String("The database's tables and columns match the schema at 7a4e2b9c1d05.")),
             qPrintable(stamp->findChild<QLabel *>(QStringLiteral("behaviourLabel"))->text()));
    QVERIFY(stamp->findChild<QPushButton *>(QStringLiteral("runButton"))->isDefault());
    stamp->close();
    QTRY_VERIFY(window.findChildren<retort::app::MigrationDialog *>().isEmpty());

    // A broken revision is listed as a problem; activating it opens its file at the line.
    QFile orphan(demoDir + QStringLiteral("/alembic/versions/0000deadbeef_orphan.py"));
    QVERIFY(orphan.open(QIODevice::WriteOnly));
    orphan.write("\"\"\"orphan\"\"\"\nrevision = '0000deadbeef'\ndown_revision = 'ffffffffffff'\n\n\ndef upgrade():\n    pass\n\n\n"
                 "def downgrade():\n    pass\n");
    orphan.close();
    QMetaObject::invokeMethod(&window, [&window]() { window.findChild<QAction *>(QStringLiteral("reloadAction"))->trigger(); });
    QVERIFY(waitLoaded(window));
    const QStringList problems = window.problemTexts();
    QVERIFY2(!problems.isEmpty() && problems.first().startsWith(QStringLiteral("alembic/versions/0000deadbeef_orphan.py:3: error:")),
             qPrintable(problems.join(QLatin1Char('\n'))));
    window.openProblem(0);
    QVERIFY(window.scriptEditor()->text().contains(QLatin1String("revision = '0000deadbeef'")));
    QCOMPARE(window.scriptEditor()->selectedText(), QStringLiteral("down_revision = 'ffffffffffff'"));
    QVERIFY(orphan.remove());

    // A revision Retort cannot run is badged and listed with its line and reason.
    QFile python(demoDir + QStringLiteral("/alembic/versions/0000feedface_backfill.py"));
    QVERIFY(python.open(QIODevice::WriteOnly));
    python.write("\"\"\"backfill\"\"\"\nfrom alembic import op\n\nrevision = '0000feedface'\ndown_revision = 'f4d3c2b1a098'\n\n\n"
                 "def upgrade():\n    rows = op.get_bind().execute('SELECT 1').fetchall()\n\n\ndef downgrade():\n    pass\n");
    python.close();
    QMetaObject::invokeMethod(&window, [&window]() { window.findChild<QAction *>(QStringLiteral("reloadAction"))->trigger(); });
    QVERIFY(waitLoaded(window));
    QCOMPARE(window.historyModel()->row(0).id, QStringLiteral("0000feedface"));
    QVERIFY(window.historyModel()->row(0).badges & retort::app::HistoryModel::NeedsPython);
    const QStringList pythonProblems = window.problemTexts();
    QVERIFY2(pythonProblems.size() == 1
                 && pythonProblems.first().startsWith(QStringLiteral("alembic/versions/0000feedface_backfill.py:9: needs Python: revision "
                                                                     "0000feedface: upgrade(): op.get_bind()")),
             qPrintable(pythonProblems.join(QLatin1Char('\n'))));
    window.openProblem(0);
    QCOMPARE(window.historyView()->currentIndex().data(retort::app::HistoryModel::RevisionIdRole).toString(), QStringLiteral("0000feedface"));
    QCOMPARE(window.scriptEditor()->selectedText(), QStringLiteral("    rows = op.get_bind().execute('SELECT 1').fetchall()"));
    QVERIFY(python.remove());

    // The project names its files by date and runs a hook on each new one (issue 18, item 3).
    QFile ini(demoDir + QStringLiteral("/alembic.ini"));
    QVERIFY(ini.open(QIODevice::ReadOnly));
    QByteArray iniText = ini.readAll();
    ini.close();
    QVERIFY(iniText.contains("[alembic]\n"));
    iniText.replace("[alembic]\n", "[alembic]\nfile_template = %%(year)d_%%(month).2d_%%(day).2d-%%(rev)s_%%(slug)s\n");
    iniText += "\n[post_write_hooks]\nhooks = mark\nmark.type = exec\nmark.executable = sed\n"
               "mark.options = -i -e \"1i # marked by the hook\" REVISION_SCRIPT_FILENAME\n";
    QVERIFY(ini.open(QIODevice::WriteOnly | QIODevice::Truncate));
    ini.write(iniText);
    ini.close();

    // A second head from the branch point, then Merge heads.
    QFile second(demoDir + QStringLiteral("/alembic/versions/5ec0dd00aa11_side_branch.py"));
    QVERIFY(second.open(QIODevice::WriteOnly));
    second.write("\"\"\"side branch\n\nRevision ID: 5ec0dd00aa11\n\"\"\"\nrevision = '5ec0dd00aa11'\ndown_revision = '7a4e2b9c1d05'\n"
                 "branch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n");
    second.close();
    QMetaObject::invokeMethod(&window, [&window]() { window.findChild<QAction *>(QStringLiteral("reloadAction"))->trigger(); });
    QVERIFY(waitLoaded(window));
    int heads = 0;
    for (int r = 0; r < window.historyModel()->rowCount(); ++r)
        heads += (window.historyModel()->row(r).badges & retort::app::HistoryModel::Head) ? 1 : 0;
    QCOMPARE(heads, 2);
    QCOMPARE(window.stateText(), QStringLiteral("6 revisions behind the head (the history has 2 heads: a merge is needed before one head)"));
    // "Next head" visits both heads in turn.
    QStringList visited;
    for (int k = 0; k < 3; ++k) {
        QTest::mouseClick(window.findChild<QAbstractButton *>(QStringLiteral("nextHeadButton")), Qt::LeftButton);
        visited << window.historyView()->currentIndex().data(retort::app::HistoryModel::RevisionIdRole).toString();
    }
    QCOMPARE(QSet<QString>(visited.cbegin(), visited.cend()),
             (QSet<QString>{QStringLiteral("f4d3c2b1a098"), QStringLiteral("5ec0dd00aa11")}));
    QCOMPARE(visited.at(0) == visited.at(1), false);
    window.mergeHeads(QStringLiteral("merge the side branch"));
    QVERIFY(waitLoaded(window));
    const retort::app::HistoryModel *model = window.historyModel();
    QCOMPARE(model->rowCount(), 8);
    QCOMPARE(model->row(0).message, QStringLiteral("merge the side branch"));
    QCOMPARE(model->row(0).badges, int(retort::app::HistoryModel::Head | retort::app::HistoryModel::Merge));
    const QString mergedName = QDate::currentDate().toString(QStringLiteral("yyyy_MM_dd-")) + model->row(0).id
                               + QStringLiteral("_merge_the_side_branch.py");
    const QString mergedPath = demoDir + QStringLiteral("/alembic/versions/") + mergedName;
    QVERIFY2(QFile::exists(mergedPath), qPrintable(QDir(demoDir + QStringLiteral("/alembic/versions")).entryList().join(QLatin1Char(' '))));
    // The hook is shown as the command it is, and runs only when asked.
    auto *hooks = window.findChild<retort::app::PostWriteHookDialog *>();
    QVERIFY(hooks);
    QVERIFY2(hooks->commandsText().startsWith(QStringLiteral("mark: sed -i -e '1i # marked by the hook' ") + mergedPath),
             qPrintable(hooks->commandsText()));
    QSignalSpy hooked(hooks, &retort::app::PostWriteHookDialog::hooksFinished);
    QTest::mouseClick(hooks->findChild<QPushButton *>(QStringLiteral("runHooksButton")), Qt::LeftButton);
    QVERIFY(hooked.wait(30000));
    QCOMPARE(hooked.constFirst().constFirst().toBool(), true);
    QVERIFY2(hooks->statusText().startsWith(QStringLiteral("The hooks ran on ")), qPrintable(hooks->statusText()));
    QVERIFY(hooks->grab().save(QStringLiteral(RETORT_TEST_OUTPUT_DIR "/post-write-hooks.png")));
    QFile mergedFile(mergedPath);
    QVERIFY(mergedFile.open(QIODevice::ReadOnly));
    QVERIFY(mergedFile.readAll().startsWith("# marked by the hook\n\"\"\"merge the side branch"));
    hooks->close();
    const QStringList merged{mergedName};
    // Alembic itself reads the file Retort wrote: one head again.
    if (QFile::exists(QStringLiteral("/usr/bin/alembic"))) {
        QProcess alembic;
        alembic.setWorkingDirectory(demoDir);
        alembic.start(QStringLiteral("/usr/bin/alembic"), {QStringLiteral("heads")});
        QVERIFY(alembic.waitForFinished(60000));
        const QString heads2 = QString::fromUtf8(alembic.readAllStandardOutput());
        QVERIFY2(alembic.exitCode() == 0 && heads2.trimmed().count(QLatin1Char('\n')) == 0 && heads2.startsWith(model->row(0).id),
                 qPrintable(heads2 + QString::fromUtf8(alembic.readAllStandardError())));
    } else if (qEnvironmentVariable("CI") == QLatin1String("true")) {
        QFAIL("Debian's alembic is missing");
    }
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

    // A URL computed in instance/config.py, with a password in its default: the banner quotes the
    // expression with the password masked.
    QTemporaryDir dir;
    QDir().mkpath(dir.filePath(QStringLiteral("instance")));
    QDir().mkpath(dir.filePath(QStringLiteral("versions")));
    QFile ini(dir.filePath(QStringLiteral("alembic.ini")));
    QVERIFY(ini.open(QIODevice::WriteOnly));
    ini.write("[alembic]\nscript_location = %(here)s\n");
    ini.close();
    QFile config(dir.filePath(QStringLiteral("instance/config.py")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("import os\nSQLALCHEMY_DATABASE_URI = os.environ.get('DATABASE_URL', 'postgresql://app:hunter2@db/app')\n");
    config.close();
    MainWindow computed;
    computed.openProject(dir.path());
    QVERIFY(waitLoaded(computed));
    QVERIFY2(computed.errorText().contains(QLatin1String("postgresql://app:***@db/app")), qPrintable(computed.errorText()));
    QVERIFY2(!allLabelText(computed).contains(QLatin1String("hunter2")), qPrintable(allLabelText(computed)));
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

    // The other tabs, as the README shows them: the engine table's model next to its table, and its rows.
    for (const QString &tab : {QStringLiteral("schema"), QStringLiteral("data")}) {
        const QString shot = QStringLiteral(RETORT_TEST_OUTPUT_DIR) + QStringLiteral("/main-window-%1.png").arg(tab);
        QFile::remove(shot);
        QProcess tabApp;
        tabApp.setProcessEnvironment(env);
        tabApp.start(QStringLiteral(RETORT_APP_PATH), {QStringLiteral("--screenshot"), shot, QStringLiteral("--tab"), tab,
                                                       QStringLiteral("--table"), QStringLiteral("engine")});
        QVERIFY(tabApp.waitForFinished(60000));
        QVERIFY2(tabApp.exitCode() == 0, tabApp.readAllStandardError().constData());
        QCOMPARE(QImage(shot).size(), QSize(1100, 700));
    }
    // A dark desktop: the window follows its palette (the history's badges, the schema's diff rows).
    for (const QString &tab : {QStringLiteral("history"), QStringLiteral("schema")}) {
        const QString shot = QStringLiteral(RETORT_TEST_OUTPUT_DIR) + QStringLiteral("/main-window-dark-%1.png").arg(tab);
        QFile::remove(shot);
        QProcess dark;
        dark.setProcessEnvironment(env);
        dark.start(QStringLiteral(RETORT_APP_PATH), {QStringLiteral("--dark"), QStringLiteral("--screenshot"), shot, QStringLiteral("--tab"),
                                                     tab, QStringLiteral("--table"), QStringLiteral("engine")});
        QVERIFY(dark.waitForFinished(60000));
        QVERIFY2(dark.exitCode() == 0, dark.readAllStandardError().constData());
        const QImage darkShot(shot);
        QCOMPARE(darkShot.size(), QSize(1100, 700));
        qint64 lightness = 0;
        qint64 samples = 0;
        for (int y = 0; y < darkShot.height(); y += 5)
            for (int x = 0; x < darkShot.width(); x += 5, ++samples)
                lightness += QColor(darkShot.pixel(x, y)).lightness();
        QVERIFY2(lightness / samples < 110, qPrintable(QStringLiteral("%1: mean lightness %2").arg(tab).arg(lightness / samples)));
    }
    QProcess badTab;
    badTab.setProcessEnvironment(env);
    badTab.start(QStringLiteral(RETORT_APP_PATH), {QStringLiteral("--tab"), QStringLiteral("nowhere")});
    QVERIFY(badTab.waitForFinished(30000));
    QCOMPARE(badTab.exitCode(), 2);
    QVERIFY(badTab.readAllStandardError().contains("--tab takes history, schema, data, sql, runs, backups or diagram"));
    // --query: the SQL tab with the statement run, grabbed once its rows are in; under a dark palette too.
    const QString queryShot = QStringLiteral(RETORT_TEST_OUTPUT_DIR "/sql-console-dark.png");
    QFile::remove(queryShot);
    QProcess query;
    query.setProcessEnvironment(env);
    query.start(QStringLiteral(RETORT_APP_PATH), {QStringLiteral("--dark"), QStringLiteral("--query"),
                                                  QStringLiteral("SELECT name, type FROM sqlite_master ORDER BY name"),
                                                  QStringLiteral("--screenshot"), queryShot});
    QVERIFY(query.waitForFinished(60000));
    QVERIFY2(query.exitCode() == 0, query.readAllStandardError().constData());
    QCOMPARE(QImage(queryShot).size(), QSize(1100, 700));
}

QTEST_MAIN(tst_MainWindow)
#include "tst_MainWindow.moc"
