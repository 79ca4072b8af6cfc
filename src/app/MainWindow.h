// The main window: the project, its database connection and the live tables with their columns.
#pragma once

#include "session/Workspace.h"

#include <QMainWindow>

#include <memory>

class QStandardItemModel;
class QSortFilterProxyModel;
class QProgressBar;

namespace Ui { class MainWindow; }

namespace retort::app {

class CodeEditor;
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

    std::unique_ptr<Ui::MainWindow> m_ui;
    WorkspaceLoader *m_loader = nullptr;
    QStandardItemModel *m_tablesModel = nullptr;
    QSortFilterProxyModel *m_tablesProxy = nullptr;
    QStandardItemModel *m_columnsModel = nullptr;
    CodeEditor *m_definition = nullptr;
    QProgressBar *m_progress = nullptr;
    WorkspaceRequest m_lastRequest;
    Workspace m_workspace;
};

} // namespace retort::app
