// The main window: the project, its database connection and the live tables with their columns.
#pragma once

#include "session/Workspace.h"

#include <QMainWindow>

#include <memory>

class QLineEdit;
class QListWidget;
class QStandardItemModel;
class QTabWidget;
class QTreeView;
class QSortFilterProxyModel;
class QProgressBar;

namespace Ui { class MainWindow; }

namespace retort::app {

class CodeEditor;
class HistoryModel;
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
    /// Shows the history tab (index 0) or the tables tab (index 1).
    void showTab(int index);

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

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void startLoad(const WorkspaceRequest &request);
    void showWorkspace(const Workspace &workspace);
    void showTable(const QModelIndex &index);
    void setBusy(bool busy, const QString &message = {});
    void chooseProject();
    void connectToUrl();
    void reload();
    void showAbout();
    void restoreLayout();
    void setUpHistoryTab();
    void findInHistory();
    void selectHistoryRow(int row);
    void showRevisionDetails(const QModelIndex &index);
    void showHistoryMenu(const QPoint &pos);
    void chooseExport();

    std::unique_ptr<Ui::MainWindow> m_ui;
    WorkspaceLoader *m_loader = nullptr;
    QStandardItemModel *m_tablesModel = nullptr;
    QSortFilterProxyModel *m_tablesProxy = nullptr;
    QStandardItemModel *m_columnsModel = nullptr;
    CodeEditor *m_definition = nullptr;
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
