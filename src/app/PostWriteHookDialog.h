// After Retort writes a revision file in the window (a reviewed revision, a merge of heads): the
// post-write hooks alembic.ini names, shown as the commands they are, run when the user says so
// (Alembic runs them unasked; a project opened from elsewhere may name any program), their output
// shown as they finish. A hook that fails is reported; the file stays as it was written.
#pragma once

#include "BackgroundTasks.h"
#include "migrations/PostWriteHooks.h"

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace retort::app {

class PostWriteHookDialog : public QDialog
{
    Q_OBJECT

public:
    /// The dialog for the hooks of project on path, shown (and deleted on close); null when the
    /// project has no hooks. Console-script hooks use the Python the project's revisions run with.
    static PostWriteHookDialog *offer(QWidget *parent, const Project &project, const QString &path);

    QString commandsText() const;
    QString outputText() const;
    QString statusText() const;
    /// Starts the hooks (the Run button).
    void runHooks();

signals:
    /// Every hook ran; allOk is false when one failed or could not start.
    void hooksFinished(bool allOk);

private:
    PostWriteHookDialog(const QList<HookCommand> &commands, const QString &path, const QString &problem, QWidget *parent);
    void runNext(int index, bool allOk);

    QList<HookCommand> m_commands;
    QString m_path;
    QLabel *m_status = nullptr;
    QPlainTextEdit *m_commandsView = nullptr;
    QPlainTextEdit *m_output = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_close = nullptr;
    BackgroundTasks m_tasks{this};
};

} // namespace retort::app
