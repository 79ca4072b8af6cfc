// The main window: the project and its connection above its tabs (History, Schema, Data, SQL, Runs, Backups), the
// menus, the status bar, and everything that loads: the workspace, comparisons after a model edit,
// revisions made from differences, and connections chosen from saved profiles.
#pragma once

#include "BackgroundTasks.h"
#include "HistoryPane.h"

#include "session/Workspace.h"

#include <QMainWindow>

#include <functional>
#include <memory>

class QFrame;
class QLabel;
class QMenu;
class QPushButton;
class QTabWidget;
class QTreeView;
class QProgressBar;

namespace Ui { class MainWindow; }

namespace retort::app {

class CodeEditor;
class ConnectionDialog;
class BackupsPane;
class DiagramPane;
class DataPane;
class RunHistoryPane;
class SqlConsolePane;
class HistoryModel;
class PasswordStore;
class RevisionReviewDialog;
class SchemaPane;
class MigrationDialog;
class WorkspaceLoader;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Opens (creating on first use) the demo project in the user's data folder.
    void openDemo();
    /// Opens the project in dir; url overrides the project's own database URL when not empty.
    void openProject(const QString &dir, const QString &url = {});

    /// Names of the tables on show, in order (for tests and screenshots).
    QStringList tableNames() const;
    /// The error on show, empty when none.
    QString errorText() const;
    bool isLoading() const;
    /// The history graph's rows (for tests and screenshots).
    const HistoryModel *historyModel() const { return m_historyPane->historyModel(); }
    QTreeView *historyView() const { return m_historyPane->historyView(); }
    HistoryPane *historyPane() const { return m_historyPane; }
    /// Shows the history (0), schema (1), data (2), SQL (3), runs (4) or backups (5) tab.
    void showTab(int index);
    SchemaPane *schemaPane() const { return m_schemaPane; }
    /// Selects table in the schema and data tabs.
    void selectTable(const QString &table);
    DataPane *dataPane() const { return m_dataPane; }
    SqlConsolePane *sqlConsolePane() const { return m_sqlConsolePane; }
    RunHistoryPane *runHistoryPane() const { return m_runHistoryPane; }
    BackupsPane *backupsPane() const { return m_backupsPane; }
    DiagramPane *diagramPane() const { return m_diagramPane; }

    /// Compares the models with the database again and writes a revision of the differences, shown
    /// for review before it is saved (asks for the message when none is given). Returns at once; the
    /// review dialog comes with revisionReady, a failure as a message in the window.
    void createRevisionFromDifferences(const QString &message = {});

    /// Where saved passwords go (the desktop keychain unless a test says otherwise).
    void setPasswordStore(std::shared_ptr<PasswordStore> store);
    /// The connections dialog of the open project (non-modal, deleted on close).
    ConnectionDialog *openConnections();
    /// Connects the open project through a saved profile (asks for the password when the keychain has none).
    void useProfile(const QString &name);
    /// Back to the database the project's configuration names (instance/config.py, alembic.ini, RETORT_DATABASE_URL).
    void useProjectConnection();
    /// A status-bar message that fits beside the connection and revision (elided, whole in the tool tip).
    void showStatus(const QString &text, int timeoutMs = 0);
    /// The connection the project's configuration gives (read, not opened); empty without a project or one.
    std::optional<ResolvedDatabaseUrl> projectConnection() const;
    /// Connects the open project to url; profile names the saved profile it came from (or is empty).
    void connectProject(const DatabaseUrl &url, const QString &profile = {});
    QString profileName() const { return m_profileName; }
    /// The interpreter that runs the open project's revisions that need Python: path, or empty for
    /// the automatic choice (RETORT_PYTHON, the project's virtualenv, python3). Remembered with the project.
    void chooseProjectInterpreter(const QString &path);
    /// The message boxes the window opened for errors of actions (non-modal).
    QString lastMessage() const { return m_lastMessage; }

    using RevisionAction = HistoryPane::RevisionAction;
    /// The history tab's actions (see HistoryPane).
    MigrationDialog *startRevisionAction(RevisionAction action) { return m_historyPane->startRevisionAction(action); }
    /// The line above the tabs that says where the database stands, and its action ("Upgrade…").
    QString stateText() const;
    /// Every keyboard shortcut of the window with what it does, as Help → Keyboard Shortcuts lists them.
    QList<QPair<QString, QString>> shortcutList() const;
    /// README.md where it is installed (or in the source tree of a build); empty when not found.
    QString documentationPath() const;
    void mergeHeads(const QString &message = {}) { m_historyPane->mergeHeads(message); }
    QString exportGraph(const QString &path) { return m_historyPane->exportGraph(path); }
    CodeEditor *scriptEditor() const { return m_historyPane->scriptEditor(); }
    CodeEditor *revisionSqlEditor() const { return m_historyPane->revisionSqlEditor(); }
    QStringList problemTexts() const { return m_historyPane->problemTexts(); }
    void openProblem(int row) { m_historyPane->openProblem(row); }

signals:
    /// A load finished, successfully or not; the window shows the outcome.
    void workspaceLoaded();
    /// The models were compared again after a model file changed.
    void comparisonUpdated();
    void revisionReady(retort::app::RevisionReviewDialog *dialog);
    /// An action failed; the window shows text in a message box.
    void actionFailed(const QString &text);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void startLoad(const WorkspaceRequest &request);
    void showWorkspace(const Workspace &workspace);
    void setBusy(bool busy, const QString &message = {});
    void chooseProject();
    void reload();
    void showAbout();
    void restoreLayout();
    void updateStateLine();
    void restoreSplitters();
    void saveLayout();
    void rememberRecentProject(const QString &dir);
    void fillRecentMenu();
    void fillDatabaseMenu();
    void setUpMigrateMenu();
    void setUpHelpMenu();
    void openDocumentation();
    void showShortcuts();
    void compareAgain();
    void showMessage(const QString &title, const QString &text);
    void updateStatusLabels();
    void setUpTabs();

    std::unique_ptr<Ui::MainWindow> m_ui;
    WorkspaceLoader *m_loader = nullptr;
    SchemaPane *m_schemaPane = nullptr;
    DataPane *m_dataPane = nullptr;
    SqlConsolePane *m_sqlConsolePane = nullptr;
    RunHistoryPane *m_runHistoryPane = nullptr;
    BackupsPane *m_backupsPane = nullptr;
    DiagramPane *m_diagramPane = nullptr;
    QMenu *m_migrateMenu = nullptr;
    QFrame *m_stateBar = nullptr;
    QLabel *m_stateLabel = nullptr;
    QPushButton *m_stateAction = nullptr;
    std::function<void()> m_stateActionRun;
    QAction *m_createRevisionAction = nullptr;   ///< Ctrl+Shift+R: the window's, so it works before the menu was opened
    QLabel *m_statusConnection = nullptr;
    QLabel *m_statusRevision = nullptr;
    std::shared_ptr<PasswordStore> m_passwords;
    QString m_profileName;
    QString m_lastMessage;
    QProgressBar *m_progress = nullptr;
    QTabWidget *m_tabs = nullptr;
    HistoryPane *m_historyPane = nullptr;
    WorkspaceRequest m_lastRequest;
    BackgroundTasks m_tasks{this};
    Workspace m_workspace;
};

} // namespace retort::app
