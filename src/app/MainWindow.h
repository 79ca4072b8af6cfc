// The main window: the project, its database connection and the live tables with their columns.
#pragma once

#include "session/Workspace.h"

#include <QMainWindow>

#include <memory>

class QLineEdit;
class QStandardItemModel;
class QTabWidget;
class QTreeView;
class QSortFilterProxyModel;
class QProgressBar;

namespace Ui { class MainWindow; }

namespace retort::app {

class CodeEditor;
class HistoryModel;
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
    WorkspaceRequest m_lastRequest;
    Workspace m_workspace;
};

} // namespace retort::app
