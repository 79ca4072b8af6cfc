// Main window behaviour: loading happens on a worker (WorkspaceLoader); this class only shows results.
#include "MainWindow.h"
#include "Theme.h"
#include "ui_MainWindow.h"

#include "BackupsPane.h"
#include "ConnectionDialog.h"
#include "ConnectionProfiles.h"
#include "DataPane.h"
#include "HistoryPane.h"
#include "MigrationController.h"
#include "PasswordStore.h"
#include "PostWriteHookDialog.h"
#include "RevisionReviewDialog.h"
#include "RunHistoryPane.h"
#include "SchemaPane.h"
#include "DiagramPane.h"
#include "SqlConsolePane.h"
#include "WorkspaceLoader.h"

#include "compare/RevisionFromModels.h"
#include "connection/Connection.h"
#include "migrations/MigrationPlan.h"
#include "migrations/ProjectHistory.h"
#include "project/DatabaseUrlSource.h"
#include "runner/PythonInterpreter.h"

#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QPushButton>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QRegularExpression>
#include <QScreen>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>

namespace retort::app {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_ui(std::make_unique<Ui::MainWindow>())
{
    m_ui->setupUi(this);
    setWindowIcon(QIcon(QStringLiteral(":/retort/icons/io.github.retort.Retort.svg")));

    setUpTabs();
    m_schemaPane = new SchemaPane(m_tabs);
    m_schemaPane->setObjectName(QStringLiteral("schemaPane"));
    m_tabs->addTab(m_schemaPane, tr("&Schema"));
    m_dataPane = new DataPane(m_tabs);
    m_dataPane->setObjectName(QStringLiteral("dataPane"));
    m_tabs->addTab(m_dataPane, tr("D&ata"));
    m_sqlConsolePane = new SqlConsolePane(m_tabs);
    m_sqlConsolePane->setObjectName(QStringLiteral("sqlConsolePane"));
    m_tabs->addTab(m_sqlConsolePane, tr("S&QL"));
    m_runHistoryPane = new RunHistoryPane(m_tabs);
    m_runHistoryPane->setObjectName(QStringLiteral("runHistoryPane"));
    m_tabs->addTab(m_runHistoryPane, tr("R&uns"));
    m_backupsPane = new BackupsPane(m_tabs);
    m_backupsPane->setObjectName(QStringLiteral("backupsPane"));
    m_tabs->addTab(m_backupsPane, tr("&Backups"));
    m_diagramPane = new DiagramPane(m_tabs);
    m_diagramPane->setObjectName(QStringLiteral("diagramPane"));
    m_tabs->addTab(m_diagramPane, tr("Dia&gram"));
    const QStringList tips{tr("The revision history as a graph"), tr("The models next to the live tables"),
                           tr("The rows of a table, read-only"), tr("A SQL console on the database, read-only unless you allow writes"),
                           tr("The migrations Retort ran on this database (its run log)"),
                           tr("The backups of this database: check, restore, delete"),
                           tr("The tables and their foreign keys as a picture: models, database, or both")};
    const QStringList names{tr("History"), tr("Schema"), tr("Data"), tr("SQL"), tr("Runs"), tr("Backups"), tr("Diagram")};
    for (int i = 0; i < m_tabs->count(); ++i) {
        const QKeySequence keys(Qt::CTRL | Qt::Key(Qt::Key_1 + i));
        m_tabs->setTabToolTip(i, QStringLiteral("%1 (%2)").arg(tips.value(i), keys.toString(QKeySequence::NativeText)));
        auto *tabShortcut = new QShortcut(keys, this);
        tabShortcut->setWhatsThis(tr("Show the %1 tab").arg(names.value(i)));
        connect(tabShortcut, &QShortcut::activated, this, [this, i]() { showTab(i); });
    }
    connect(m_backupsPane, &BackupsPane::databaseRestored, this, &MainWindow::reload);
    connect(m_diagramPane, &DiagramPane::tableActivated, this, [this](const QString &table) {
        selectTable(table);
        m_tabs->setCurrentWidget(m_schemaPane);
    });
    connect(m_sqlConsolePane, &SqlConsolePane::databaseChanged, this, &MainWindow::reload);
    connect(m_backupsPane, &BackupsPane::actionFinished, this, [this](const QString &problem) {
        if (!problem.isEmpty())
            showStatus(problem, 10000);
    });
    connect(m_schemaPane, &SchemaPane::modelFilesChanged, this, &MainWindow::compareAgain);
    connect(m_schemaPane, &SchemaPane::createRevisionRequested, this, [this]() { createRevisionFromDifferences(); });
    // The Database menu's keyboard shortcuts belong to the window, so they work before the menu was ever opened.
    m_createRevisionAction = new QAction(tr("Create &Revision from Differences…"), this);
    m_createRevisionAction->setObjectName(QStringLiteral("createRevisionAction"));
    m_createRevisionAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_createRevisionAction->setEnabled(false);
    addAction(m_createRevisionAction);
    connect(m_createRevisionAction, &QAction::triggered, this, [this]() { createRevisionFromDifferences(); });
    connect(m_schemaPane, &SchemaPane::differencesChanged, m_createRevisionAction, [this](int operations) {
        m_createRevisionAction->setEnabled(operations > 0);
        if (m_stateBar)
            updateStateLine();   // "the models differ" follows a model file edited while the window is open
    });
    auto *projectShortcut = new QShortcut(QKeySequence(Qt::ALT | Qt::Key_0), this);
    projectShortcut->setWhatsThis(tr("Connect to the project's own database"));
    connect(projectShortcut, &QShortcut::activated, this, [this]() {
        if (projectConnection())
            useProjectConnection();
    });
    for (int n = 1; n <= 9; ++n) {
        auto *profileShortcut = new QShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_0 + n)), this);
        profileShortcut->setWhatsThis(tr("Connect to saved connection %1 of the Database menu").arg(n));
        connect(profileShortcut, &QShortcut::activated, this, [this, n]() {
            const QList<ConnectionProfile> profiles =
                ConnectionProfiles(m_workspace.project ? m_workspace.project->rootDir() : QString()).load();
            if (n <= profiles.size())
                useProfile(profiles.at(n - 1).name);
        });
    }
    connect(m_schemaPane, &SchemaPane::liveTableSelected, this, [this](const QString &table) {
        if (!table.isEmpty())
            m_dataPane->setTable(table);
    });
    connect(m_dataPane, &DataPane::message, this, [this](const QString &text) { showStatus(text, 8000); });
    m_passwords = std::make_shared<KeychainPasswordStore>();

    m_statusConnection = new QLabel(this);
    m_statusConnection->setObjectName(QStringLiteral("statusConnection"));
    m_statusRevision = new QLabel(this);
    m_statusRevision->setObjectName(QStringLiteral("statusRevision"));
    // The two permanent parts, apart from each other and from the messages on their left.
    m_statusConnection->setMaximumWidth(420);
    m_statusConnection->setContentsMargins(8, 0, 4, 0);
    m_statusRevision->setContentsMargins(4, 0, 4, 0);
    auto *separator = new QFrame(this);
    separator->setFrameShape(QFrame::VLine);
    separator->setFrameShadow(QFrame::Sunken);
    statusBar()->addPermanentWidget(m_statusConnection);
    statusBar()->addPermanentWidget(separator);
    statusBar()->addPermanentWidget(m_statusRevision);

    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 0);
    m_progress->setMaximumWidth(160);
    m_progress->hide();
    statusBar()->addPermanentWidget(m_progress);

    m_loader = new WorkspaceLoader(this);
    connect(m_loader, &WorkspaceLoader::progressed, this, [this](const QString &message) {
        showStatus(message);
    });
    connect(m_loader, &WorkspaceLoader::loaded, this, &MainWindow::showWorkspace);

    connect(m_ui->openProjectAction, &QAction::triggered, this, &MainWindow::chooseProject);
    connect(m_ui->openDemoAction, &QAction::triggered, this, &MainWindow::openDemo);
    connect(m_ui->connectAction, &QAction::triggered, this, [this]() { openConnections(); });
    connect(m_ui->recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    connect(m_ui->databaseMenu, &QMenu::aboutToShow, this, &MainWindow::fillDatabaseMenu);
    connect(m_ui->reloadAction, &QAction::triggered, this, &MainWindow::reload);
    connect(m_ui->quitAction, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    auto *findShortcut = new QShortcut(QKeySequence::Find, this);
    findShortcut->setWhatsThis(tr("Filter the tables (Schema tab), or find a table on the Diagram tab"));
    connect(findShortcut, &QShortcut::activated, this, [this]() {
        if (m_tabs->currentWidget() == m_diagramPane) {
            m_diagramPane->focusSearch();
            return;
        }
        showTab(1);
        m_schemaPane->focusFilter();
    });

    setUpMigrateMenu();
    setUpHelpMenu();
    restoreLayout();
    showWorkspace(Workspace());
}

MainWindow::~MainWindow() = default;

// The history graph and the tables share the window below the project's summary, as two tabs.
void MainWindow::setUpTabs()
{
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setDocumentMode(true);
    // Where the database stands, above the tabs, with the one action that follows from it.
    m_stateBar = new QFrame(this);
    m_stateBar->setObjectName(QStringLiteral("stateBar"));
    m_stateBar->setFrameShape(QFrame::StyledPanel);
    auto *stateLayout = new QHBoxLayout(m_stateBar);
    stateLayout->setContentsMargins(8, 4, 4, 4);
    m_stateLabel = new QLabel(m_stateBar);
    m_stateLabel->setObjectName(QStringLiteral("stateLabel"));
    m_stateLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stateAction = new QPushButton(m_stateBar);
    m_stateAction->setObjectName(QStringLiteral("stateAction"));
    stateLayout->addWidget(m_stateLabel, 1);
    stateLayout->addWidget(m_stateAction);
    connect(m_stateAction, &QPushButton::clicked, this, [this]() {
        if (m_stateActionRun)
            m_stateActionRun();
    });
    m_stateBar->hide();
    m_ui->centralLayout->addWidget(m_stateBar);
    m_ui->centralLayout->addWidget(m_tabs, 1);
    m_historyPane = new HistoryPane(m_tabs);
    m_historyPane->setObjectName(QStringLiteral("historyPane"));
    m_tabs->addTab(m_historyPane, tr("&History"));
    connect(m_historyPane, &HistoryPane::reloadRequested, this, &MainWindow::reload);
    connect(m_historyPane, &HistoryPane::statusMessage, this, [this](const QString &text) { showStatus(text, 8000); });
    connect(m_historyPane, &HistoryPane::failed, this, &MainWindow::showMessage);
}

void MainWindow::showTab(int index)
{
    m_tabs->setCurrentIndex(index);
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    // Saved on a larger screen, or at another scale (1x, now 2x): bring it inside this screen.
    if (const QScreen *screen = QGuiApplication::screenAt(geometry().center()) ? QGuiApplication::screenAt(geometry().center())
                                                                               : QGuiApplication::primaryScreen()) {
        const QRect available = screen->availableGeometry();
        if (width() > available.width() || height() > available.height())
            resize(std::min(width(), available.width()), std::min(height(), available.height()));
        if (!available.contains(geometry()))
            move(std::clamp(x(), available.left(), std::max(available.left(), available.right() - width())),
                 std::clamp(y(), available.top(), std::max(available.top(), available.bottom() - height())));
    }
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_tabs->setCurrentIndex(settings.value(QStringLiteral("window/tab"), 0).toInt());
    restoreSplitters();
}

void MainWindow::restoreSplitters()
{
    QSettings settings;
    for (QSplitter *splitter : findChildren<QSplitter *>()) {
        if (!splitter->objectName().isEmpty())
            splitter->restoreState(settings.value(QStringLiteral("window/splitters/") + splitter->objectName()).toByteArray());
    }
}


void MainWindow::saveLayout()
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    for (QSplitter *splitter : findChildren<QSplitter *>()) {
        if (!splitter->objectName().isEmpty())
            settings.setValue(QStringLiteral("window/splitters/") + splitter->objectName(), splitter->saveState());
    }
    settings.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    event->accept();
}

void MainWindow::openDemo()
{
    m_profileName.clear();
    WorkspaceRequest request;
    request.openDemo = true;
    request.demoDir = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("demo"));
    // The demo always uses its own SQLite database, whatever RETORT_DATABASE_URL says.
    request.urlInputs.workingDirectory = QDir::currentPath();
    startLoad(request);
}

void MainWindow::openProject(const QString &dir, const QString &url)
{
    m_profileName.clear();
    WorkspaceRequest request;
    request.projectDir = dir;
    request.urlInputs = databaseUrlInputsFromEnvironment(url);
    startLoad(request);
}

void MainWindow::startLoad(const WorkspaceRequest &request)
{
    m_lastRequest = request;
    setBusy(true, tr("Opening …"));
    m_loader->load(request);
}

void MainWindow::reload()
{
    startLoad(m_lastRequest);
}

void MainWindow::setBusy(bool busy, const QString &message)
{
    m_progress->setVisible(busy);
    m_ui->reloadAction->setEnabled(!busy);
    if (!message.isEmpty())
        showStatus(message);
}

bool MainWindow::isLoading() const
{
    return m_loader->isBusy();
}

void MainWindow::showWorkspace(const Workspace &workspace)
{
    m_workspace = workspace;
    const bool loading = m_loader->isBusy();
    setBusy(loading);

    const QString projectName = workspace.project ? workspace.project->name() : QString();
    setWindowTitle(projectName.isEmpty() ? QStringLiteral("Retort") : QStringLiteral("%1 — Retort").arg(projectName));
    m_ui->projectLabel->setText(workspace.project ? QStringLiteral("<b>%1</b> &nbsp; %2")
                                                        .arg(projectName.toHtmlEscaped(),
                                                             workspace.project->rootDir().toHtmlEscaped())
                                                  : tr("<i>none</i>"));
    if (workspace.url) {
        m_ui->connectionLabel->setText(QStringLiteral("%1 &nbsp; <span style='color:%3'>(from %2)</span>")
                                           .arg(workspace.url->url.toDisplayString().toHtmlEscaped(), workspace.url->source.toHtmlEscaped(),
                                                theme::text(theme::Text::Muted, palette()).name()));
        // Sources that were passed over, and why (for example a URI computed in instance/config.py).
        m_ui->connectionLabel->setToolTip(workspace.url->notes.join(QLatin1Char('\n')));
    } else {
        m_ui->connectionLabel->setText(tr("<i>not connected</i>"));
        m_ui->connectionLabel->setToolTip(QString());
    }
    if (workspace.snapshot) {
        m_ui->serverLabel->setText(workspace.snapshot->serverVersion.toHtmlEscaped());
        const VersionTableState &versions = workspace.snapshot->versions;
        m_ui->revisionLabel->setText(!versions.exists ? tr("no alembic_version table (base)")
                                     : versions.revisions.isEmpty() ? tr("base (alembic_version is empty)")
                                                                    : versions.revisions.join(QStringLiteral(", ")));
        // A multi-database project: each other bind's database and where it stands.
        QStringList binds;
        for (const BindState &b : workspace.otherBinds)
            binds << tr("%1: %2").arg(b.bind, !b.error.isEmpty() ? tr("unreadable") : b.revisions.isEmpty() ? tr("base") : b.revisions.join(QStringLiteral(", ")));
        if (!binds.isEmpty()) {
            m_ui->revisionLabel->setText(tr("default: %1 · %2").arg(m_ui->revisionLabel->text(), binds.join(QStringLiteral(" · "))));
            QStringList tips;
            for (const BindState &b : workspace.otherBinds)
                tips << tr("%1 at %2%3").arg(b.bind, b.urlDisplay, b.error.isEmpty() ? QString() : QStringLiteral(": ") + b.error);
            m_ui->revisionLabel->setToolTip(tips.join(QLatin1Char('\n')));
        } else {
            m_ui->revisionLabel->setToolTip(QString());
        }
    } else {
        m_ui->serverLabel->clear();
        m_ui->revisionLabel->clear();
    }

    m_historyPane->showWorkspace(workspace);

    m_ui->errorLabel->setVisible(workspace.error.has_value());
    QString error = workspace.error ? workspace.error->toString() : QString();
    // A new project's SQLite database: the first upgrade (or stamp) creates it, as alembic upgrade does.
    if (workspace.error && workspace.url && workspace.history && workspace.url->url.isCreatableSqliteFile())
        error += tr(" The first upgrade creates it: select a revision in the history and choose Upgrade to Here (Ctrl+U).");
    m_ui->errorLabel->setText(error);

    m_schemaPane->showWorkspace(workspace);
    m_dataPane->showWorkspace(workspace);
    m_sqlConsolePane->showWorkspace(workspace);
    m_runHistoryPane->showWorkspace(workspace);
    m_backupsPane->showWorkspace(workspace);
    m_diagramPane->showWorkspace(workspace);
    updateStatusLabels();
    updateStateLine();
    if (workspace.snapshot) {
        showStatus(tr("%n table(s) in %1", nullptr, int(workspace.snapshot->schema.tables.size()))
                                     .arg(workspace.snapshot->urlDisplay));
    } else if (workspace.error) {
        showStatus(tr("Could not open the database"));
    }
    if (workspace.project && !m_lastRequest.openDemo && !loading)
        rememberRecentProject(workspace.project->rootDir());
    if (!loading && (workspace.snapshot || workspace.error))
        emit workspaceLoaded();
}

void MainWindow::chooseProject()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Alembic Project"),
                                                          m_workspace.project ? m_workspace.project->rootDir() : QDir::homePath());
    if (!dir.isEmpty())
        openProject(dir);
}

QStringList MainWindow::tableNames() const
{
    return m_schemaPane->tableNames();
}

QString MainWindow::errorText() const
{
    return m_workspace.error ? m_workspace.error->toString() : QString();
}

} // namespace retort::app

namespace retort::app {

QString MainWindow::stateText() const
{
    return m_stateBar->isHidden() ? QString() : m_stateLabel->text();
}

void MainWindow::updateStateLine()
{
    m_stateActionRun = nullptr;
    if (!m_workspace.snapshot || !m_workspace.history || !m_workspace.project) {
        m_stateBar->hide();
        return;
    }
    const RevisionGraph &graph = m_workspace.history->history.graph;
    const QStringList rows = m_workspace.snapshot->versions.revisions;
    const int heads = int(graph.heads().size());
    theme::Text tone = theme::Text::Warning;
    QString text;
    QString action;
    const auto offer = [&](const QString &label, std::function<void()> run) {
        action = label;
        m_stateActionRun = std::move(run);
    };
    QStringList unknown;
    for (const QString &r : rows) {
        if (graph.indexOf(r) < 0)
            unknown << r;
    }
    int tables = 0;
    for (const Table &t : m_workspace.snapshot->schema.tables)
        tables += t.name != m_workspace.project->versionTable() && t.name != QLatin1String("retort_log") ? 1 : 0;
    const Result<MigrationPlan> toHeads = unknown.isEmpty() ? planUpgrade(graph, rows, QStringLiteral("heads"))
                                                            : Result<MigrationPlan>(makeError(QString()));
    const int behind = toHeads ? int(toHeads->steps.size()) : 0;
    const auto upgrade = [this]() { m_historyPane->startAction(HistoryPane::RevisionAction::Upgrade, QStringLiteral("heads")); };
    if (!unknown.isEmpty()) {
        tone = theme::Text::Error;
        text = tr("The database is at %1, which this project's history does not have: a revision missing from this checkout, "
                  "or another project's database.").arg(unknown.join(QStringLiteral(", ")));
    } else if (rows.isEmpty() && tables > 0) {
        text = tables == 1 ? tr("Not under version control: 1 table, no revision recorded.")
                           : tr("Not under version control: %1 tables, no revision recorded.").arg(tables);
        const QList<RevisionMatch> &matches = m_workspace.identified;
        if (!matches.isEmpty() && matches.first().differences.isEmpty()) {
            // The tables are one revision's, computed without a database: stamping it is one click (the plan shows the comparison).
            const QString revision = matches.first().revision;
            text += tr(" Its tables match %1 exactly.").arg(revision);
            offer(tr("Stamp %1…").arg(revision), [this, revision]() { m_historyPane->startAction(HistoryPane::RevisionAction::Stamp, revision); });
        } else if (!matches.isEmpty()) {
            const RevisionMatch &closest = matches.first();
            text += tr(" Its tables match no revision; the closest is %1 (%n difference(s): %2).", nullptr, int(closest.differences.size()))
                        .arg(closest.revision, closest.differences.first());
            offer(tr("Stamp %1…").arg(closest.revision),
                  [this, revision = closest.revision]() { m_historyPane->startAction(HistoryPane::RevisionAction::Stamp, revision); });
        } else {
            text += tr(" If the tables match a revision, stamp it; an upgrade would create them again.");
            offer(tr("Stamp the Head…"), [this]() { m_historyPane->startAction(HistoryPane::RevisionAction::Stamp, QStringLiteral("heads")); });
        }
    } else if (rows.isEmpty()) {
        text = behind == 1 ? tr("An empty database: 1 revision to the head.") : tr("An empty database: %1 revisions to the head.").arg(behind);
        offer(tr("Upgrade…"), upgrade);
    } else if (behind > 0) {
        text = behind == 1 ? tr("1 revision behind the head") : tr("%1 revisions behind the head").arg(behind);
        if (heads > 1)
            text += tr(" (the history has %1 heads: a merge is needed before one head)").arg(heads);
        offer(tr("Upgrade…"), upgrade);
    } else if (heads > 1) {
        text = tr("At the heads; the history has %1 heads: merge them so the next revision has one parent.").arg(heads);
        offer(tr("Merge Heads…"), [this]() { m_historyPane->mergeHeads(); });
    } else if (const int differences = m_schemaPane->operationCount(); differences > 0) {
        text = differences == 1 ? tr("At the head; the models differ from the database in 1 place.")
                                : tr("At the head; the models differ from the database in %1 places.").arg(differences);
        offer(tr("Create Revision…"), [this]() { createRevisionFromDifferences(); });
    } else {
        tone = theme::Text::Success;
        text = tr("At the head: nothing to upgrade.");
    }
    m_stateLabel->setText(text);
    m_stateLabel->setStyleSheet(theme::textStyle(tone, palette()));
    m_stateAction->setText(action);
    m_stateAction->setVisible(!action.isEmpty());
    m_stateBar->show();
    m_stateBar->layout()->activate();   // the button takes its new text's width now, not at the next layout pass
}

void MainWindow::showStatus(const QString &text, int timeoutMs)
{
    // A message gets the room left of the permanent parts, elided in the middle (paths keep both ends),
    // never cut mid-letter against them; the whole text is the bar's tool tip.
    int room = statusBar()->width() - 24;
    for (const QWidget *w : statusBar()->findChildren<QWidget *>(QString(), Qt::FindDirectChildrenOnly)) {
        if (w->isVisible() && w != statusBar() && w->geometry().left() > 0)
            room = std::min(room, w->geometry().left() - 16);
    }
    const QString shown = statusBar()->fontMetrics().elidedText(text, Qt::ElideMiddle, std::max(room, 40));
    statusBar()->setToolTip(shown == text ? QString() : text);
    statusBar()->showMessage(shown, timeoutMs);
}

void MainWindow::showMessage(const QString &title, const QString &text)
{
    // Non-modal: the window stays usable, and a test (or a screen reader) finds the box as a child.
    m_lastMessage = text;
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    box->open();
    showStatus(text, 10000);
    emit actionFailed(text);
}

void MainWindow::selectTable(const QString &table)
{
    m_schemaPane->selectTable(table);
    m_dataPane->setTable(table);
}

void MainWindow::updateStatusLabels()
{
    if (m_workspace.url) {
        // Short, so status messages keep their room: the file, or user@host:port/database.
        const DatabaseUrl &url = m_workspace.url->url;
        const QString where = url.dialect() == Dialect::SQLite
                                  ? QStringLiteral("SQLite %1").arg(url.isSqliteMemory() ? tr("in memory") : QFileInfo(url.database()).fileName())
                                  : QStringLiteral("%1%2/%3").arg(url.username().isEmpty() ? QString() : url.username() + QLatin1Char('@'),
                                                                 url.serverLabel(), url.database());
        const QString connection = m_profileName.isEmpty() ? where : QStringLiteral("%1 — %2").arg(m_profileName, where);
        m_statusConnection->setText(m_statusConnection->fontMetrics().elidedText(
            connection, Qt::ElideMiddle, m_statusConnection->maximumWidth() - m_statusConnection->contentsMargins().left()
                                             - m_statusConnection->contentsMargins().right()));
        m_statusConnection->setToolTip(QStringLiteral("%1\n%2\n%3").arg(connection, url.toDisplayString(), m_workspace.snapshot ? m_workspace.snapshot->serverVersion
                                                                                                              : m_workspace.url->source));
    } else {
        m_statusConnection->setText(tr("not connected"));
        m_statusConnection->setToolTip(QString());
    }
    if (m_workspace.snapshot) {
        const QStringList &at = m_workspace.snapshot->versions.revisions;
        QString text = at.isEmpty() ? tr("at base") : tr("at %1").arg(at.join(QStringLiteral(", ")));
        if (m_workspace.history) {
            bool known = true;
            for (const QString &r : at)
                known = known && m_workspace.history->history.graph.indexOf(r) >= 0;
            text += !known ? tr(" (not in this history)")
                    : m_workspace.history->history.graph.isAtHeads(at) ? tr(" (head)") : tr(" (behind the heads)");
        }
        m_statusRevision->setText(text);
    } else {
        m_statusRevision->clear();
    }
}

// A model file changed: read the models again and compare them with the tables read at load time
// (no database work; F5 reads the database again).
void MainWindow::compareAgain()
{
    if (!m_workspace.project || !m_workspace.snapshot || !m_workspace.url)
        return;
    const Project project = *m_workspace.project;
    const Schema live = m_workspace.snapshot->schema;
    const Dialect dialect = m_workspace.url->url.dialect();
    showStatus(tr("A model file changed; comparing again …"));
    m_tasks.runLatest([project, live, dialect]() {
        return std::make_shared<const ProjectComparison>(compareProjectWithSchema(project, live, dialect));
    }, [this](std::shared_ptr<const ProjectComparison> comparison) {
        m_workspace.comparison = comparison;
        m_schemaPane->showComparison(comparison);
        m_diagramPane->showComparison(comparison);
        showStatus(m_schemaPane->summaryText().remove(QRegularExpression(QStringLiteral("<[^>]*>"))), 8000);
        emit comparisonUpdated();
    });
}

void MainWindow::createRevisionFromDifferences(const QString &message)
{
    if (!m_workspace.project || !m_workspace.url || !m_workspace.history) {
        showMessage(tr("Create Revision"), tr("Open a project and its database first."));
        return;
    }
    QString text = message;
    if (text.isEmpty()) {
        bool ok = false;
        text = QInputDialog::getText(this, tr("Create Revision from Differences"), tr("Message of the new revision:"), QLineEdit::Normal,
                                     QString(), &ok);
        if (!ok)
            return;
        if (text.trimmed().isEmpty())
            text = tr("autogenerated");
    }
    const Project project = *m_workspace.project;
    const DatabaseUrl url = m_workspace.url->url;
    setBusy(true, tr("Comparing the models with the database …"));
    m_tasks.run([project, url, text]() -> Result<PreparedRevision> {
        Connection::Options options;
        options.purpose = QStringLiteral("autogenerate");
        Result<std::unique_ptr<Connection>> connection = Connection::open(url, options);
        if (!connection)
            return connection.error();
        const ProjectHistory history = ProjectHistory::load(project);
        RevisionRequest request;
        request.message = text;
        request.autogenerate = true;
        return prepareRevision(project, history, connection->get(), request);
    }, [this](Result<PreparedRevision> prepared) {
        setBusy(m_loader->isBusy());
        if (!prepared) {
            showMessage(tr("Create Revision"), prepared.error().toString());
            return;
        }
        const QString shown = m_workspace.project ? m_workspace.project->relativePath(prepared->file.path) : prepared->file.path;
        auto *dialog = new RevisionReviewDialog(*prepared, shown, this);
        connect(dialog, &RevisionReviewDialog::saved, this, [this](const QString &path) {
            showStatus(tr("Wrote %1; upgrade the database to it from the history.")
                                         .arg(m_workspace.project ? m_workspace.project->relativePath(path) : path));
            if (m_workspace.project)
                PostWriteHookDialog::offer(this, *m_workspace.project, path);
            reload();
        });
        dialog->show();
        emit revisionReady(dialog);
    });
}

void MainWindow::setPasswordStore(std::shared_ptr<PasswordStore> store)
{
    m_passwords = std::move(store);
}

ConnectionDialog *MainWindow::openConnections()
{
    const QString projectDir = m_workspace.project ? m_workspace.project->rootDir() : QString();
    std::optional<ConnectionDialog::ProjectConnection> own;
    if (const std::optional<ResolvedDatabaseUrl> configured = projectConnection())
        own = ConnectionDialog::ProjectConnection{configured->url.toString(true), configured->source};
    auto *dialog = new ConnectionDialog(projectDir, m_passwords.get(), &m_tasks, this, own);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ConnectionDialog::connectRequested, this,
            [this](const QString &profile, const DatabaseUrl &url) { connectProject(url, profile); });
    connect(dialog, &ConnectionDialog::projectConnectionRequested, this, &MainWindow::useProjectConnection);
    if (m_profileName.isEmpty() && m_lastRequest.urlInputs.commandLineUrl.isEmpty())
        dialog->selectProjectConnection();
    dialog->show();
    return dialog;
}

std::optional<ResolvedDatabaseUrl> MainWindow::projectConnection() const
{
    if (!m_workspace.project)
        return std::nullopt;
    DatabaseUrlInputs inputs = m_lastRequest.urlInputs;
    inputs.commandLineUrl.clear();
    inputs.commandLineSource = QStringLiteral("--url");
    Result<ResolvedDatabaseUrl> resolved = resolveDatabaseUrl(&*m_workspace.project, inputs);
    if (!resolved)
        return std::nullopt;
    return *resolved;
}

void MainWindow::useProjectConnection()
{
    WorkspaceRequest request = m_lastRequest;
    request.urlInputs.commandLineUrl.clear();
    request.urlInputs.commandLineSource = QStringLiteral("--url");
    m_profileName.clear();
    startLoad(request);
}

void MainWindow::connectProject(const DatabaseUrl &url, const QString &profile)
{
    WorkspaceRequest request = m_lastRequest;
    if (m_workspace.project) {
        request.openDemo = false;
        request.projectDir = m_workspace.project->rootDir();
    }
    request.urlInputs.commandLineUrl = url.toString(true);   // in memory only, for reloads
    request.urlInputs.commandLineSource = profile.isEmpty() ? tr("the Connections dialog") : tr("saved connection '%1'").arg(profile);
    m_profileName = profile;
    if (!profile.isEmpty())
        ConnectionProfiles(request.projectDir).setLastUsed(profile);
    startLoad(request);
}

void MainWindow::useProfile(const QString &name)
{
    const QString projectDir = m_workspace.project ? m_workspace.project->rootDir() : QString();
    ConnectionProfiles profiles(projectDir);
    for (const ConnectionProfile &p : profiles.load()) {
        if (p.name != name)
            continue;
        Result<DatabaseUrl> url = DatabaseUrl::parse(p.url);
        if (!url) {
            showMessage(tr("Connect"), url.error().toString());
            return;
        }
        const DatabaseUrl target = *url;
        const auto askAndConnect = [this, target, name](const QString &why) {
            bool ok = false;
            const QString password = QInputDialog::getText(this, tr("Password for %1").arg(name),
                                                           why + QLatin1Char('\n') + tr("Password of %1 on %2:").arg(target.username(), target.serverLabel()),
                                                           QLineEdit::Password, QString(), &ok);
            if (ok)
                connectProject(target.withPassword(password), name);
        };
        if (target.dialect() == Dialect::SQLite || target.username().isEmpty()) {
            connectProject(target, name);
        } else if (!p.rememberPassword) {
            askAndConnect(tr("The password of '%1' is not saved.").arg(name));
        } else {
            showStatus(tr("Reading the password of '%1' from %2 …").arg(name, m_passwords->name()));
            m_passwords->read(profiles.keychainKey(name), this, [this, target, name, askAndConnect](const PasswordAnswer &a) {
                if (a.ok())
                    connectProject(target.withPassword(a.password), name);
                else if (a.outcome == PasswordAnswer::Outcome::NotFound)
                    askAndConnect(tr("The keychain holds no password for '%1'.").arg(name));
                else
                    askAndConnect(tr("No desktop keychain is available (%1), so Retort asks each time.").arg(a.message));
            });
        }
        return;
    }
    showMessage(tr("Connect"), tr("There is no saved connection named '%1'.").arg(name));
}

} // namespace retort::app
