// The main window: the project, its database connection and the live tables with their columns.
#pragma once

#include "session/Workspace.h"

#include <QMainWindow>

#include <memory>

class QLabel;
class QLineEdit;
class QListWidget;
class QTabWidget;
class QTreeView;
class QProgressBar;

namespace Ui { class MainWindow; }

namespace retort::app {

class CodeEditor;
class ConnectionDialog;
class DataPane;
class HistoryModel;
class PasswordStore;
class RevisionReviewDialog;
class SchemaPane;
class MigrationController;
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
    const HistoryModel *historyModel() const { return m_historyModel; }
    QTreeView *historyView() const { return m_historyView; }
    /// Shows the history (0), schema (1) or data (2) tab.
    void showTab(int index);
    SchemaPane *schemaPane() const { return m_schemaPane; }
    /// Selects table in the schema and data tabs.
    void selectTable(const QString &table);
    DataPane *dataPane() const { return m_dataPane; }

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
    /// Connects the open project to url; profile names the saved profile it came from (or is empty).
    void connectProject(const DatabaseUrl &url, const QString &profile = {});
    QString profileName() const { return m_profileName; }
    /// The message boxes the window opened for errors of actions (non-modal).
    QString lastMessage() const { return m_lastMessage; }

    enum class RevisionAction { Upgrade, Downgrade, Stamp };
    /// Opens the plan dialog for the selected revision (what the context menu and Ctrl+U/D/T do);
    /// returns it (non-modal, deleted on close), or nullptr when no revision or database is selected.
    MigrationDialog *startRevisionAction(RevisionAction action);
    /// Writes a merge revision of all heads (asks nothing when message is given), then reloads.
    void mergeHeads(const QString &message = {});
    /// Writes the graph to path: .png, .svg or .dot by its extension. Returns the error, empty on success.
    QString exportGraph(const QString &path);
    CodeEditor *scriptEditor() const { return m_scriptEditor; }
    CodeEditor *revisionSqlEditor() const { return m_revisionSql; }
    QStringList problemTexts() const;
    /// Activates problem row (opens its file at its line in the script view).
    void openProblem(int row);

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
    void saveLayout();
    void rememberRecentProject(const QString &dir);
    void fillRecentMenu();
    void fillDatabaseMenu();
    void compareAgain();
    void showMessage(const QString &title, const QString &text);
    void updateStatusLabels();
    void setUpHistoryTab();
    void findInHistory();
    void selectHistoryRow(int row);
    void showRevisionDetails(const QModelIndex &index);
    void showHistoryMenu(const QPoint &pos);
    void chooseExport();

    std::unique_ptr<Ui::MainWindow> m_ui;
    WorkspaceLoader *m_loader = nullptr;
    SchemaPane *m_schemaPane = nullptr;
    DataPane *m_dataPane = nullptr;
    QLabel *m_statusConnection = nullptr;
    QLabel *m_statusRevision = nullptr;
    std::shared_ptr<PasswordStore> m_passwords;
    QString m_profileName;
    QString m_lastMessage;
    quint64 m_compareGeneration = 0;
    QProgressBar *m_progress = nullptr;
    QTabWidget *m_tabs = nullptr;
    HistoryModel *m_historyModel = nullptr;
    QTreeView *m_historyView = nullptr;
    QLineEdit *m_historyFind = nullptr;
    CodeEditor *m_scriptEditor = nullptr;
    CodeEditor *m_revisionSql = nullptr;
    QTabWidget *m_detailTabs = nullptr;
    QListWidget *m_problems = nullptr;
    MigrationController *m_sqlController = nullptr;
    quint64 m_sqlTicket = 0;
    WorkspaceRequest m_lastRequest;
    Workspace m_workspace;
};

} // namespace retort::app
