// Upgrade to / downgrade to / stamp a revision: the plan with its SQL, what it drops, how the
// engine behaves on failure and who holds the lock; then the backup choice; then progress per
// revision and statement (stoppable between revisions); then the result. On failure the failing
// statement is highlighted in the SQL and the backup can be restored in one click.
#pragma once

#include "MigrationController.h"

#include <QDialog>

#include <memory>

namespace Ui { class MigrationDialog; }

class QPushButton;

namespace retort::app {

class CodeEditor;

class MigrationDialog : public QDialog
{
    Q_OBJECT
public:
    MigrationDialog(const MigrationTarget &target, MigrationController::Action action, const QString &revision,
                    QWidget *parent = nullptr);
    ~MigrationDialog() override;

    /// Whether the database was changed (the window reloads then).
    bool changedDatabase() const { return m_changed; }
    /// The statement highlighted after a failure (empty when none).
    QString highlightedStatement() const;
    QString resultText() const;

signals:
    /// The preview arrived (or failed): the dialog is ready for a decision.
    void planShown();
    /// A run or a restore ended; the result is on show.
    void finished();
    /// The SQL of the revisions that need Python, asked for with its button, is on show.
    void pythonSqlShown();

protected:
    void reject() override;

private:
    /// Scrolls the plan's SQL to the statements of step (0-based); the 1-based line, or -1 when it has none.
    int showStepSql(int step);
    void fitResult();
    void showPreview(const MigrationController::Preview &preview);
    void startRun();
    void showOutcome(const MigrationOutcome &outcome);
    void restoreBackup();

    std::unique_ptr<Ui::MigrationDialog> m_ui;
    MigrationController *m_controller;
    MigrationTarget m_target;
    MigrationController::Action m_action;
    QString m_revision;
    std::optional<MigrationController::Preview> m_preview;
    QPushButton *m_pythonSqlButton = nullptr;
    CodeEditor *m_sql = nullptr;
    QString m_backupPath;
    QString m_highlighted;
    QString m_failureText;   ///< the failure as shown, kept above a restore's result
    bool m_running = false;
    bool m_changed = false;
};

} // namespace retort::app
