#include "PostWriteHookDialog.h"

#include "MigrationController.h"
#include "Theme.h"
#include "runner/PythonInterpreter.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace retort::app {

PostWriteHookDialog *PostWriteHookDialog::offer(QWidget *parent, const Project &project, const QString &path)
{
    if (project.revisionFileSettings().hooks.isEmpty())
        return nullptr;
    const Result<InterpreterChoice> chosen = chooseInterpreter(project, InterpreterRequest{{}, projectInterpreter(project.rootDir())});
    const QString python = chosen ? chosen->path : QString();
    Result<QList<HookCommand>> commands = postWriteHookCommands(project, path, python);
    auto *dialog = new PostWriteHookDialog(commands ? *commands : QList<HookCommand>(), path,
                                           commands ? QString() : commands.error().toString(), parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

PostWriteHookDialog::PostWriteHookDialog(const QList<HookCommand> &commands, const QString &path, const QString &problem, QWidget *parent)
    : QDialog(parent), m_commands(commands), m_path(path)
{
    setWindowTitle(tr("Post-Write Hooks"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("The project's alembic.ini runs these programs on every new revision file, as Alembic does. "
                                "%1 is written; run them on it?").arg(QFileInfo(path).fileName()), this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_commandsView = new QPlainTextEdit(this);
    m_commandsView->setObjectName(QStringLiteral("hookCommands"));
    m_commandsView->setReadOnly(true);
    m_commandsView->setFont(fixed);
    QStringList lines;
    for (const HookCommand &c : commands)
        lines << QStringLiteral("%1: %2").arg(c.name, c.display);
    m_commandsView->setPlainText(lines.join(QLatin1Char('\n')));
    m_commandsView->setMaximumHeight(fontMetrics().lineSpacing() * 5);
    layout->addWidget(m_commandsView);
    m_output = new QPlainTextEdit(this);
    m_output->setObjectName(QStringLiteral("hookOutput"));
    m_output->setReadOnly(true);
    m_output->setFont(fixed);
    m_output->setPlaceholderText(tr("What the hooks print appears here."));
    layout->addWidget(m_output, 1);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("hookStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);
    auto *buttons = new QDialogButtonBox(this);
    m_run = buttons->addButton(tr("&Run Hooks"), QDialogButtonBox::AcceptRole);
    m_run->setObjectName(QStringLiteral("runHooksButton"));
    m_close = buttons->addButton(tr("&Skip"), QDialogButtonBox::RejectRole);
    m_close->setObjectName(QStringLiteral("closeHooksButton"));
    layout->addWidget(buttons);
    connect(m_run, &QPushButton::clicked, this, &PostWriteHookDialog::runHooks);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    m_run->setDefault(true);
    if (!problem.isEmpty()) {
        m_run->setEnabled(false);
        m_close->setText(tr("&Close"));
        m_status->setText(tr("The hooks cannot run: %1 The revision file is kept as written.").arg(problem));
        m_status->setStyleSheet(theme::textStyle(theme::Text::Error, palette()));
    }
    resize(720, 420);
}

QString PostWriteHookDialog::commandsText() const { return m_commandsView->toPlainText(); }
QString PostWriteHookDialog::outputText() const { return m_output->toPlainText(); }
QString PostWriteHookDialog::statusText() const { return m_status->text(); }

void PostWriteHookDialog::runHooks()
{
    if (!m_run->isEnabled())
        return;
    m_run->setEnabled(false);
    m_close->setEnabled(false);
    runNext(0, true);
}

void PostWriteHookDialog::runNext(int index, bool allOk)
{
    if (index >= m_commands.size()) {
        m_close->setEnabled(true);
        m_close->setText(tr("&Close"));
        m_close->setDefault(true);
        m_status->setText(allOk ? tr("The hooks ran on %1.").arg(QFileInfo(m_path).fileName())
                                : tr("A hook failed (above); the revision file is kept as the hooks left it: %1").arg(m_path));
        m_status->setStyleSheet(theme::textStyle(allOk ? theme::Text::Success : theme::Text::Error, palette()));
        emit hooksFinished(allOk);
        return;
    }
    const HookCommand command = m_commands.at(index);
    m_status->setText(tr("Running %1…").arg(command.name));
    m_tasks.run([command] { return runPostWriteHook(command); }, [this, index, allOk](const HookResult &result) {
        QString text = QStringLiteral("$ %1\n%2").arg(m_commands.at(index).display, result.output);
        if (!result.ok())
            text += tr("[%1 %2]\n").arg(result.name, !result.error.isEmpty() ? result.error : tr("exited with status %1").arg(result.exitCode));
        m_output->appendPlainText(text.trimmed());
        runNext(index + 1, allOk && result.ok());
    });
}

} // namespace retort::app
