// The Runs tab: Retort's run log of the connected database, as retort-cli log reads it. One row a
// run (when, who, what, from and to, how long, outcome, backup) with its steps beneath; a filter
// over every column; the selected step's statements (or a run's, step by step) in a SQL view. Read
// off the GUI thread each time the database is loaded again or a run, stamp or restore ends.
#pragma once

#include "BackgroundTasks.h"

#include "runner/RunLog.h"
#include "session/Workspace.h"

#include <QWidget>

class QAbstractItemModel;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTreeView;

namespace retort::app {

class CodeEditor;

class RunHistoryPane : public QWidget
{
    Q_OBJECT
public:
    enum Column { Started, Command, FromTo, Duration, Outcome, User, Backup, ColumnCount };

    explicit RunHistoryPane(QWidget *parent = nullptr);

    /// The database to read the log of (none without a connection); read again at once.
    void showWorkspace(const Workspace &workspace);
    /// Reads the log again.
    void reload();

    /// The tree's model as shown (filtered); runs at the top level, steps beneath.
    QAbstractItemModel *runsModel() const;
    QTreeView *runsView() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }
    CodeEditor *statementsView() const { return m_statements; }
    /// The entries read last (for tests), and the state line ("3 runs", an error…).
    const QList<RunLogEntry> &entries() const { return m_entries; }
    QString stateText() const;
    bool isLoading() const { return m_loading; }

signals:
    void loaded();

private:
    void showEntries(const QList<RunLogEntry> &entries, const QString &error);
    void showSelected();

    BackgroundTasks m_tasks{this};
    std::optional<DatabaseUrl> m_url;
    QString m_versionSchema;
    QList<RunLogEntry> m_entries;
    QStandardItemModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTreeView *m_view = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_state = nullptr;
    CodeEditor *m_statements = nullptr;
    bool m_loading = false;
};

} // namespace retort::app
