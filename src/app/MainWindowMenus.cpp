// The window's menus: File → Open Recent, Database (connections, the Python for revisions, a
// revision from the differences), Migrate (every migration action, with its shortcut) and Help (the
// keyboard shortcuts, the documentation). Shortcuts belong to the window's actions, so they work
// before a menu was ever opened; a menu only shows, when it opens, which of them apply right now.
#include "MainWindow.h"
#include "ui_MainWindow.h"

#include "ConnectionProfiles.h"
#include "HistoryPane.h"
#include "MigrationController.h"
#include "SchemaPane.h"

#include "runner/PythonInterpreter.h"

#include <QDesktopServices>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QStatusBar>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace retort::app {

void MainWindow::setUpMigrateMenu()
{
    m_migrateMenu = new QMenu(tr("&Migrate"), this);
    m_migrateMenu->setObjectName(QStringLiteral("migrateMenu"));
    menuBar()->insertMenu(m_ui->helpMenu->menuAction(), m_migrateMenu);
    using Action = HistoryPane::RevisionAction;
    const auto add = [this](const QString &name, const QString &text, const QKeySequence &keys, const std::function<void()> &run) {
        auto *action = new QAction(text, this);
        action->setObjectName(name);
        action->setShortcut(keys);
        addAction(action);   // the window's: the shortcut works whatever has the focus
        m_migrateMenu->addAction(action);
        connect(action, &QAction::triggered, this, run);
        return action;
    };
    add(QStringLiteral("upgradeSelectedAction"), tr("&Upgrade to the Selected Revision…"), QKeySequence(Qt::CTRL | Qt::Key_U),
        [this]() { m_historyPane->startRevisionAction(Action::Upgrade); });
    add(QStringLiteral("downgradeSelectedAction"), tr("&Downgrade to the Selected Revision…"), QKeySequence(Qt::CTRL | Qt::Key_D),
        [this]() { m_historyPane->startRevisionAction(Action::Downgrade); });
    add(QStringLiteral("stampSelectedAction"), tr("&Stamp the Selected Revision…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T),
        [this]() { m_historyPane->startRevisionAction(Action::Stamp); });
    m_migrateMenu->addSeparator();
    add(QStringLiteral("upgradeHeadsAction"), tr("Upgrade to the &Head…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U), [this]() {
        if (m_workspace.snapshot)
            m_historyPane->startAction(Action::Upgrade, QStringLiteral("heads"));
        else
            showStatus(tr("No database is connected."), 8000);
    });
    add(QStringLiteral("mergeHeadsAction"), tr("&Merge Heads…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M), [this]() {
        if (m_workspace.history && m_workspace.history->history.graph.heads().size() > 1)
            m_historyPane->mergeHeads();
        else
            showStatus(tr("The history has one head: there is nothing to merge."), 8000);
    });
    m_migrateMenu->addSeparator();
    add(QStringLiteral("findRevisionAction"), tr("&Find a Revision"), QKeySequence(Qt::CTRL | Qt::Key_K), [this]() {
        showTab(0);
        m_historyPane->focusFind();
    });
    add(QStringLiteral("jumpToDatabaseAction"), tr("&Jump to the Database's Revision"), QKeySequence(Qt::CTRL | Qt::Key_J), [this]() {
        showTab(0);
        m_historyPane->jumpToDatabaseRevision();
    });
    add(QStringLiteral("exportGraphAction"), tr("&Export the Graph…"), QKeySequence(Qt::CTRL | Qt::Key_E), [this]() {
        showTab(0);
        m_historyPane->chooseExport();
    });
    // While the menu is open it says which actions apply (with the reason as tool tip); closed, every
    // shortcut stays live and an action that does not apply says why in the status bar.
    m_migrateMenu->setToolTipsVisible(true);
    connect(m_migrateMenu, &QMenu::aboutToShow, this, [this]() {
        const struct { const char *name; std::optional<Action> action; } selected[] = {
            {"upgradeSelectedAction", Action::Upgrade}, {"downgradeSelectedAction", Action::Downgrade},
            {"stampSelectedAction", Action::Stamp}};
        for (const auto &s : selected) {
            auto *action = findChild<QAction *>(QString::fromLatin1(s.name));
            const QString refusal = m_historyPane->actionRefusal(*s.action);
            action->setEnabled(refusal.isEmpty());
            action->setToolTip(refusal);
        }
        findChild<QAction *>(QStringLiteral("upgradeHeadsAction"))->setEnabled(m_stateActionRun && m_stateAction->text() == tr("Upgrade…"));
        findChild<QAction *>(QStringLiteral("mergeHeadsAction"))
            ->setEnabled(m_workspace.history && m_workspace.history->history.graph.heads().size() > 1);
        for (const char *name : {"findRevisionAction", "jumpToDatabaseAction", "exportGraphAction"})
            findChild<QAction *>(QString::fromLatin1(name))->setEnabled(m_workspace.history.has_value());
    });
    connect(m_migrateMenu, &QMenu::aboutToHide, this, [this]() {
        for (QAction *action : m_migrateMenu->actions())
            action->setEnabled(true);
    });
}

void MainWindow::setUpHelpMenu()
{
    QMenu *help = m_ui->helpMenu;
    auto *docs = new QAction(tr("&Documentation"), this);
    docs->setObjectName(QStringLiteral("documentationAction"));
    docs->setShortcut(QKeySequence::HelpContents);
    addAction(docs);
    connect(docs, &QAction::triggered, this, [this]() { openDocumentation(); });
    auto *keys = new QAction(tr("&Keyboard Shortcuts"), this);
    keys->setObjectName(QStringLiteral("shortcutsAction"));
    connect(keys, &QAction::triggered, this, [this]() { showShortcuts(); });
    help->insertAction(m_ui->aboutAction, docs);
    help->insertAction(m_ui->aboutAction, keys);
    help->insertSeparator(m_ui->aboutAction);
}

QString MainWindow::documentationPath() const
{
    // Installed: share/doc/retort/README.md next to the binary's prefix; in a build tree, the source's.
    const QStringList candidates = {
        QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../share/doc/retort/README.md")),
        QStringLiteral(RETORT_SOURCE_README),
    };
    for (const QString &path : candidates) {
        if (!path.isEmpty() && QFileInfo(path).isFile())
            return QDir::cleanPath(path);
    }
    return {};
}

void MainWindow::openDocumentation()
{
    const QString path = documentationPath();
    if (path.isEmpty()) {
        showMessage(tr("Documentation"), tr("The documentation (README.md) is not installed with this copy of Retort."));
        return;
    }
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(path)))
        showMessage(tr("Documentation"), tr("No program opens %1; it is Retort's documentation, in Markdown.").arg(path));
}

QList<QPair<QString, QString>> MainWindow::shortcutList() const
{
    // Every shortcut of the window, from its actions and shortcuts (so the list cannot drift from them).
    QList<QPair<QString, QString>> rows;
    const auto textOf = [](QString text) { return text.remove(QLatin1Char('&')).remove(QStringLiteral("…")); };
    for (const QAction *action : findChildren<QAction *>()) {
        if (!action->shortcut().isEmpty() && !action->text().isEmpty())
            rows << qMakePair(action->shortcut().toString(QKeySequence::NativeText), textOf(action->text()));
    }
    for (const QShortcut *shortcut : findChildren<QShortcut *>()) {
        if (!shortcut->key().isEmpty() && !shortcut->whatsThis().isEmpty())
            rows << qMakePair(shortcut->key().toString(QKeySequence::NativeText), shortcut->whatsThis());
    }
    std::sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) { return a.second < b.second; });
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    return rows;
}

void MainWindow::showShortcuts()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Keyboard Shortcuts"));
    auto *layout = new QVBoxLayout(&dialog);
    const QList<QPair<QString, QString>> rows = shortcutList();
    auto *table = new QTableWidget(int(rows.size()), 2, &dialog);
    table->setObjectName(QStringLiteral("shortcutsTable"));
    table->setHorizontalHeaderLabels({tr("Keys"), tr("Action")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (int r = 0; r < rows.size(); ++r) {
        table->setItem(r, 0, new QTableWidgetItem(rows.at(r).first));
        table->setItem(r, 1, new QTableWidgetItem(rows.at(r).second));
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(table);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog.resize(560, 520);
    dialog.exec();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Retort"),
                       tr("<h3>Retort %1</h3><p>A workbench for SQLAlchemy and Alembic schema migrations.</p>"
                          "<p>It reads the same files and the same <tt>alembic_version</tt> table as Alembic.</p>")
                           .arg(QStringLiteral(RETORT_VERSION)));
}

void MainWindow::fillDatabaseMenu()
{
    QMenu *menu = m_ui->databaseMenu;
    menu->clear();
    menu->addAction(m_ui->connectAction);
    const QString projectDir = m_workspace.project ? m_workspace.project->rootDir() : QString();
    const QList<ConnectionProfile> profiles = ConnectionProfiles(projectDir).load();
    const std::optional<ResolvedDatabaseUrl> own = projectConnection();
    if (!profiles.isEmpty() || own)
        menu->addSection(tr("Connections"));
    if (own) {
        QAction *action = menu->addAction(tr("Project's Connection (%1)").arg(own->source) + QLatin1Char('\t')
                                              + QKeySequence(Qt::ALT | Qt::Key_0).toString(QKeySequence::NativeText),
                                          this, &MainWindow::useProjectConnection);
        action->setCheckable(true);
        action->setChecked(m_profileName.isEmpty() && m_lastRequest.urlInputs.commandLineUrl.isEmpty());
        action->setToolTip(own->url.toDisplayString());
    }
    int n = 0;
    for (const ConnectionProfile &p : profiles) {
        // Alt+1…9 are the window's shortcuts (above); the menu only shows them.
        const QString keys = ++n <= 9 ? QLatin1Char('\t') + QKeySequence(Qt::ALT | Qt::Key(Qt::Key_0 + n)).toString(QKeySequence::NativeText)
                                      : QString();
        QAction *action = menu->addAction(p.name + keys, this, [this, name = p.name]() { useProfile(name); });
        action->setCheckable(true);
        action->setChecked(p.name == m_profileName);
        action->setToolTip(p.url);
    }
    if (!projectDir.isEmpty()) {
        // Which Python runs the revisions that need it: chosen, never started here.
        menu->addSection(tr("Revisions that need Python"));
        const QString chosen = projectInterpreter(projectDir);
        const Result<InterpreterChoice> python = chooseInterpreter(*m_workspace.project, InterpreterRequest{{}, chosen});
        menu->addAction(python ? tr("Run with %1 (%2)").arg(python->path, python->source) : python.error().message)->setEnabled(false);
        menu->addAction(tr("Choose &Python…"), this, [this, projectDir]() {
            const QString path = QFileDialog::getOpenFileName(this, tr("Python for revisions that need it"), projectDir);
            if (!path.isEmpty())
                chooseProjectInterpreter(path);
        });
        if (!chosen.isEmpty())
            menu->addAction(tr("Use the Automatic Choice"), this, [this]() { chooseProjectInterpreter({}); });
    }
    menu->addSeparator();
    menu->addAction(m_createRevisionAction);
}

void MainWindow::chooseProjectInterpreter(const QString &path)
{
    if (!m_workspace.project)
        return;
    if (!path.isEmpty()) {
        // Only an executable file is remembered; it is not started until a plan needs it.
        const QFileInfo file(path);
        if (!file.isFile() || !file.isExecutable()) {
            showMessage(tr("Python for revisions"), tr("%1 is not an executable file.").arg(QDir::toNativeSeparators(path)));
            return;
        }
    }
    setProjectInterpreter(m_workspace.project->rootDir(), path);
    showStatus(path.isEmpty() ? tr("Revisions that need Python run with the automatic choice")
                                            : tr("Revisions that need Python run with %1").arg(QDir::toNativeSeparators(path)),
                             5000);
}

void MainWindow::rememberRecentProject(const QString &dir)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentProjects")).toStringList();
    recent.removeAll(dir);
    recent.prepend(dir);
    while (recent.size() > 10)
        recent.removeLast();
    settings.setValue(QStringLiteral("recentProjects"), recent);
}

void MainWindow::fillRecentMenu()
{
    QMenu *menu = m_ui->recentMenu;
    menu->clear();
    QSettings settings;
    const QStringList recent = settings.value(QStringLiteral("recentProjects")).toStringList();
    for (const QString &dir : recent) {
        QAction *action = menu->addAction(QDir::toNativeSeparators(dir), this, [this, dir]() { openProject(dir); });
        action->setEnabled(QFileInfo(dir).isDir());
    }
    if (recent.isEmpty())
        menu->addAction(tr("No recent projects"))->setEnabled(false);
    menu->addSeparator();
    menu->addAction(tr("&Clear the List"), this, []() { QSettings().remove(QStringLiteral("recentProjects")); })
        ->setEnabled(!recent.isEmpty());
}

} // namespace retort::app
