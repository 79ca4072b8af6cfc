// The Data tab: one table's rows at a time through TableDataModel (lazy, bounded, read-only), with
// sorting by a header click, a text filter, and copying of the selected cells as text or CSV.
// A table is read only while the tab is on screen, so opening a project never counts big tables.
#pragma once

#include "session/Workspace.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace Ui {
class DataPane;
}

namespace retort::app {

class BackgroundTasks;

class TableDataModel;

class DataPane : public QWidget
{
    Q_OBJECT
public:
    explicit DataPane(QWidget *parent = nullptr);
    ~DataPane() override;

    /// The database and its tables (from the workspace's snapshot); forgets the shown table.
    void showWorkspace(const Workspace &workspace);
    /// Chooses the table to browse (read once the tab is on screen).
    void setTable(const QString &table);
    QString table() const;

    TableDataModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }
    /// Copies the selection (Ctrl+C text, Ctrl+Shift+C CSV).
    void copySelection(bool csv);

    /// Writes every row of the shown table (filter and order as shown) to path as CSV, off the GUI thread;
    /// asks where when path is empty. exported() or message() tell how it went.
    void exportCsv(const QString &path = {});

signals:
    void message(const QString &text);
    /// An export finished: rows written to path, or error (empty on success).
    void exported(const QString &path, qint64 rows, const QString &error);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void loadIfShown();
    void showContextMenu(const QPoint &pos);
    bool isConditionFilter() const;
    void applyFilter();
    void updateCount();

    std::unique_ptr<Ui::DataPane> m_ui;
    QComboBox *m_tables = nullptr;
    QLineEdit *m_filter = nullptr;
    QComboBox *m_filterColumn = nullptr;
    QLabel *m_count = nullptr;
    QLabel *m_error = nullptr;
    QTableView *m_view = nullptr;
    TableDataModel *m_model = nullptr;
    QTimer *m_filterTimer = nullptr;
    std::optional<DatabaseUrl> m_url;
    Schema m_schema;
    QString m_loaded;   ///< the table the model shows
    std::unique_ptr<BackgroundTasks> m_exports;   ///< CSV exports, each on its own connection
    bool m_fitColumns = false;   ///< the next rows that arrive size the columns
    QString m_filterFor;   ///< the table and connection the filter text was typed for
};

} // namespace retort::app
