// The Backups tab: every backup Retort took of the connected database, found in the default backup
// folder and in every folder the run log names a backup in (newest first: when, at which revision,
// size, tool, checked or not). A backup can be checked (SHA-256 and the engine's own check), restored
// at any time (after a confirmation that offers a backup of the database as it is now first), deleted,
// or shown in its folder. Restores go through MigrationController: lock, run log, and the same checks
// as a restore after a failed run.
#pragma once

#include "BackgroundTasks.h"

#include "runner/Backup.h"
#include "session/Workspace.h"

#include <QSet>
#include <QWidget>

class QLabel;
class QPushButton;
class QStandardItemModel;
class QTableView;

namespace retort::app {

class MigrationController;

class BackupsPane : public QWidget
{
    Q_OBJECT
public:
    enum Column { Taken, Revision, Size, Tool, Checked, File, ColumnCount };
    /// How a restore asks first; tests answer without a dialog.
    enum class RestoreChoice { Cancel, Restore, BackUpThenRestore };
    using RestoreQuestion = std::function<RestoreChoice(const BackupInfo &backup)>;

    explicit BackupsPane(QWidget *parent = nullptr);
    ~BackupsPane() override;

    /// The database to list the backups of (none without a connection); listed again at once.
    void showWorkspace(const Workspace &workspace);
    /// Lists the backups again.
    void reload();

    QTableView *backupsView() const { return m_view; }
    const QList<BackupInfo> &backups() const { return m_backups; }
    /// The folders searched (the default one first).
    QStringList folders() const { return m_folders; }
    QString stateText() const;
    bool isBusy() const { return m_busy; }

    /// Checks the backup in row (off the GUI thread); the Checked column shows the outcome.
    void verify(int row);
    /// Restores the backup in row after question (the default asks in a dialog).
    void restore(int row);
    void setRestoreQuestion(RestoreQuestion question) { m_question = std::move(question); }
    /// Deletes the backup in row after a confirmation (confirm: skip it, for tests).
    void remove(int row, bool confirm = true);
    /// The folder of the backup in row, as "show in folder" opens it.
    QString folderOf(int row) const;

signals:
    void loaded();
    /// A check, restore or delete ended; text says how (empty: fine).
    void actionFinished(const QString &text);
    /// A restore changed the database: the window reads it again.
    void databaseRestored();

private:
    void showBackups(const QList<BackupInfo> &backups, const QStringList &folders, const QStringList &problems);
    void updateButtons();
    int selectedRow() const;
    void setBusy(bool busy, const QString &state);

    BackgroundTasks m_tasks{this};
    MigrationController *m_controller = nullptr;
    std::optional<DatabaseUrl> m_url;
    QString m_projectDir;
    QString m_versionSchema;
    QList<BackupInfo> m_backups;
    QStringList m_folders;
    QHash<QString, QString> m_checked;   ///< path → outcome of the check this session
    QSet<QString> m_damaged;             ///< paths whose check failed
    RestoreQuestion m_question;
    QStandardItemModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_state = nullptr;
    QPushButton *m_verify = nullptr;
    QPushButton *m_restore = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_showFolder = nullptr;
    bool m_busy = false;
};

} // namespace retort::app
