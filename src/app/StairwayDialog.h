// The stairway check in the window: every revision up, down and up again on a scratch SQLite database
// of its own (never the project's), one row per revision as it comes in, stoppable, and kept for the
// project so that the next opening (and retort-cli stairway --last) shows it again.
#pragma once

#include "BackgroundTasks.h"

#include "runner/Stairway.h"

#include <QDialog>

#include <atomic>
#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace retort::app {

class StairwayDialog : public QDialog
{
    Q_OBJECT
public:
    explicit StairwayDialog(const QString &projectDir, QWidget *parent = nullptr);

    /// Starts the check (the Run button).
    void start();
    /// Stops it after the revision being checked (the Stop button, Escape while it runs).
    void stop();
    bool isRunning() const { return m_running; }
    QString stateText() const;
    /// Each row: revision, result, detail.
    QList<QStringList> rows() const;

signals:
    /// The check ended (to the last revision, stopped, or failed to start); its record is kept.
    void checkEnded();

protected:
    void reject() override;

private:
    void showRecord(const StairwayRecord &record, bool kept);
    void addRow(const StairwayStep &step);

    const QString m_projectDir;
    BackgroundTasks m_tasks{this};
    std::shared_ptr<std::atomic<bool>> m_stop;
    bool m_running = false;
    QLabel *m_state = nullptr;
    QProgressBar *m_progress = nullptr;
    QTreeWidget *m_list = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_stopButton = nullptr;
};

} // namespace retort::app
