// The SQL tab: a console on the connected database. The editor (the SQL lexer, completion from the
// live schema's tables and columns) runs the statement under the cursor, or the selection, with
// Ctrl+Enter; its rows stream into a grid as ConsoleSession reads them. Read-only by default; "Allow
// writes" opens a writable session, and each statement that is not a query asks first (Cancel is the
// default). Escape (or Cancel) stops a running statement. Each connection keeps the history of its
// statements (the last 100, newest first), remembered across sessions under a key without the
// password; a statement that may carry a password is not kept.
#pragma once

#include "session/Workspace.h"
#include "sql/SqlScript.h"

#include <QAbstractTableModel>
#include <QPointer>
#include <QWidget>

#include <functional>

class QAction;
class QCheckBox;
class QLabel;
class QPushButton;
class QTableView;
class QToolButton;
class QsciAPIs;

namespace retort {
class ConsoleSession;
}

namespace retort::app {

class CodeEditor;

/// The rows of the console's last query, appended batch by batch.
class ConsoleResultModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;
    void reset(const QStringList &columns);
    void append(const QList<QVariantList> &rows);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QStringList m_columns;
    QList<QVariantList> m_rows;
};

class SqlConsolePane : public QWidget
{
    Q_OBJECT
public:
    /// Asks before a statement that is not a query runs; tests answer without a dialog.
    using Confirmation = std::function<bool(sql::StatementKind kind, const QString &statement)>;

    explicit SqlConsolePane(QWidget *parent = nullptr);
    ~SqlConsolePane() override;

    /// The database to work on (none without a connection); a new database closes the session,
    /// turns writes off again, and loads that connection's history and completion words.
    void showWorkspace(const Workspace &workspace);

    /// Runs the selection, or the statement under the cursor.
    void runCurrent();
    void cancel();
    void setAllowWrites(bool allow);
    bool allowsWrites() const;
    void setConfirmation(Confirmation confirm) { m_confirm = std::move(confirm); }

    CodeEditor *editor() const { return m_editor; }
    QTableView *resultView() const { return m_view; }
    const ConsoleResultModel *resultModel() const { return m_model; }
    QString stateText() const;
    bool isRunning() const { return m_running; }
    /// This connection's statements, newest first.
    QStringList history() const { return m_history; }
    /// The table and column names the editor completes.
    QStringList completionWords() const { return m_words; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

signals:
    /// A statement ended (ran, failed, was refused or cancelled).
    void statementFinished();
    /// A statement that was not a query ran: the window reads the database again.
    void databaseChanged();

private:
    void run(const QString &statement);
    void ensureSession();
    void closeSession();
    void finish(const QString &text, bool error);
    void remember(const QString &statement);
    void fillHistoryMenu();
    QString historyKey() const;

    std::optional<DatabaseUrl> m_url;
    QPointer<ConsoleSession> m_session;
    QList<QPointer<ConsoleSession>> m_retired;   ///< earlier sessions still ending their statement
    quint64 m_id = 0;
    bool m_running = false;
    sql::StatementKind m_runningKind = sql::StatementKind::Query;
    qint64 m_rows = 0;
    bool m_fitted = false;
    QStringList m_history;
    QStringList m_words;
    Confirmation m_confirm;
    CodeEditor *m_editor = nullptr;
    QsciAPIs *m_apis = nullptr;
    ConsoleResultModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_mode = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_cancel = nullptr;
    QAction *m_cancelKey = nullptr;
    QCheckBox *m_writes = nullptr;
    QToolButton *m_historyButton = nullptr;
};

} // namespace retort::app
