// The History tab: the revision graph (HistoryModel + HistoryDelegate) with a find bar, the project's
// problems, the selected revision's script and its SQL on the connected engine, and the actions on a
// revision: the plan dialogs for upgrade, downgrade and stamp, merging heads, exporting the graph.
#pragma once

#include "BackgroundTasks.h"

#include "lint/MigrationLint.h"

#include "session/Workspace.h"

#include <QWidget>

#include <memory>

class QLineEdit;
class QListWidget;
class QModelIndex;
class QSplitter;
class QTabWidget;
class QTreeView;

namespace Ui {
class HistoryPane;
}

namespace retort::app {

class CodeEditor;
class HistoryModel;
class MigrationController;
class MigrationDialog;
class SchemaAtDialog;
class StairwayDialog;

class HistoryPane : public QWidget
{
    Q_OBJECT
public:
    explicit HistoryPane(QWidget *parent = nullptr);
    ~HistoryPane() override;

    void showWorkspace(const Workspace &workspace);

    const HistoryModel *historyModel() const { return m_historyModel; }
    QTreeView *historyView() const { return m_historyView; }
    CodeEditor *scriptEditor() const { return m_scriptEditor; }
    CodeEditor *revisionSqlEditor() const { return m_revisionSql; }
    QList<QSplitter *> splitters() const;

    enum class RevisionAction { Upgrade, Downgrade, Stamp };
    /// Opens the plan dialog for the selected revision (what the buttons, the menu and Ctrl+U/D/Shift+T do);
    /// returns it (non-modal, deleted on close), or nullptr when no revision or database is selected.
    MigrationDialog *startRevisionAction(RevisionAction action);
    /// The same for a revision named as Alembic names them ("heads", an id).
    MigrationDialog *startAction(RevisionAction action, const QString &revision);
    /// Why the action cannot run on the selected revision ("The database is at this revision."), or
    /// empty when it can.
    QString actionRefusal(RevisionAction action) const;
    /// Writes a merge revision of all heads (asks nothing when message is given), then asks for a reload.
    void mergeHeads(const QString &message = {});
    /// The schema at the selected revision and the changes to it from the database's revision, computed
    /// without a database (non-modal, deleted on close); nullptr without a selection.
    SchemaAtDialog *showSchemaAt();
    /// The schema at the newer of the two selected revisions and the changes to it from the older one
    /// (schema-diff in the window); null unless two are selected.
    SchemaAtDialog *compareSelected();
    /// The stairway check of the project's revisions, with the last one kept for it.
    StairwayDialog *showStairway();
    /// Writes the graph to path: .png, .svg or .dot by its extension. Returns the error, empty on success.
    QString exportGraph(const QString &path);
    QStringList problemTexts() const;
    /// Activates problem row (opens its file at its line in the script view).
    void openProblem(int row);
    void focusFind();
    /// Asks where to save the graph (PNG, SVG or Graphviz DOT) and saves it.
    void chooseExport();
    void jumpToDatabaseRevision();

    /// The linter's findings for each revision (graph index), once the background check ended.
    const QVector<QList<LintFinding>> &lintFindings() const { return m_lint; }

signals:
    /// The files or the database changed: the window loads the workspace again.
    void reloadRequested();
    /// The linter went over the history shown (after a load): the rows carry its badges.
    void lintChecked();
    void statusMessage(const QString &text);
    void failed(const QString &title, const QString &text);

private:
    SchemaAtDialog *openSchemaAt(const QString &revision, const QString &from);
    /// The database is a SQLite file that does not exist yet (its folder does): an upgrade or a stamp creates it.
    bool canCreateDatabase() const;
    QWidget *makeLegend(QWidget *parent);
    void showRevisionDetails(const QModelIndex &index);
    /// Lints the history shown, in the background; the rows and the script view get the findings.
    void startLint();
    /// Enables the Upgrade/Downgrade buttons for the selection, with the reason as their tool tip.
    void updateActions();
    void showHistoryMenu(const QPoint &pos);
    void findInHistory();
    void selectHistoryRow(int row);

    std::unique_ptr<Ui::HistoryPane> m_ui;
    HistoryModel *m_historyModel = nullptr;
    QVector<QList<LintFinding>> m_lint;   ///< per revision (graph index), filled in the background after a load
    BackgroundTasks m_lintTasks{this};
    QTreeView *m_historyView = nullptr;
    QLineEdit *m_historyFind = nullptr;
    CodeEditor *m_scriptEditor = nullptr;
    CodeEditor *m_revisionSql = nullptr;
    QTabWidget *m_detailTabs = nullptr;
    QListWidget *m_problems = nullptr;
    MigrationController *m_sqlController = nullptr;
    quint64 m_sqlTicket = 0;
    Workspace m_workspace;
};

} // namespace retort::app
