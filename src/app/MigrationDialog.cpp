// The dialog drives MigrationController and only shows what comes back; nothing here touches the database.
#include "MigrationDialog.h"
#include "Theme.h"
#include "ui_MigrationDialog.h"

#include "CodeEditor.h"

#include <QCloseEvent>
#include <QFileDialog>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QTextDocumentFragment>
#include <QToolButton>

#include <algorithm>

namespace retort::app {

namespace {

QString rowsText(const QStringList &rows)
{
    return rows.isEmpty() ? QObject::tr("base") : rows.join(QStringLiteral(", "));
}

QString actionName(MigrationController::Action action)
{
    switch (action) {
    case MigrationController::Action::Upgrade: return QObject::tr("Upgrade");
    case MigrationController::Action::Downgrade: return QObject::tr("Downgrade");
    case MigrationController::Action::Stamp: return QObject::tr("Stamp");
    }
    return {};
}

} // namespace

MigrationDialog::MigrationDialog(const MigrationTarget &target, MigrationController::Action action, const QString &revision,
                                 QWidget *parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::MigrationDialog>()), m_controller(new MigrationController(this)),
      m_target(target), m_action(action), m_revision(revision)
{
    m_ui->setupUi(this);
    setWindowTitle(tr("%1 to %2 — Retort").arg(actionName(action), revision.left(12)));
    m_sql = new CodeEditor(CodeEditor::Language::Sql, m_ui->sqlHost);
    m_sql->setObjectName(QStringLiteral("planSql"));
    // The splitter gives way to the plan's sentences below it, never the other way round.
    m_sql->setMinimumHeight(80);
    m_ui->stepsList->setMinimumHeight(48);
    // The SQL of revisions that need Python comes from the project's Python, so only when asked.
    m_pythonSqlButton = new QPushButton(tr("Show the SQL of the &Python revisions (runs the project's Python, offline)"), m_ui->sqlHost);
    m_pythonSqlButton->setObjectName(QStringLiteral("pythonSqlButton"));
    m_pythonSqlButton->hide();
    m_ui->sqlLayout->addWidget(m_pythonSqlButton, 0, Qt::AlignLeft);
    connect(m_pythonSqlButton, &QPushButton::clicked, this, [this]() {
        if (!m_preview)
            return;
        m_pythonSqlButton->setEnabled(false);
        m_pythonSqlButton->setText(tr("Asking the project's Python…"));
        m_controller->requestPythonSql(m_target, *m_preview);
    });
    connect(m_controller, &MigrationController::pythonSqlReady, this, [this](const QString &sql, const QString &error) {
        m_pythonSqlButton->hide();
        if (error.isEmpty())
            m_sql->showText(sql);
        else
            m_sql->showText(tr("-- Retort: the project's Python could not print its revisions: %1\n\n").arg(error) + m_sql->text());
        emit pythonSqlShown();
    });
    m_ui->sqlLayout->addWidget(m_sql);
    m_ui->planSplitter->setStretchFactor(0, 1);
    m_ui->planSplitter->setStretchFactor(1, 3);
    m_ui->backupBox->setVisible(action != MigrationController::Action::Stamp);
    // Wrapped labels next to a splitter get squeezed to one clipped line: keep room for two.
    const int twoLines = fontMetrics().lineSpacing() * 2 + 6;
    for (QLabel *label : {m_ui->summaryLabel, m_ui->behaviourLabel, m_ui->dropsLabel, m_ui->resultLabel})
        label->setMinimumHeight(twoLines);

    connect(m_controller, &MigrationController::previewReady, this, &MigrationDialog::showPreview);
    connect(m_controller, &MigrationController::previewFailed, this, [this](const Error &error) {
        m_ui->summaryLabel->setText(tr("<b>This cannot run.</b>"));
        m_ui->resultLabel->setText(error.toString());
        m_ui->resultLabel->setStyleSheet(theme::textStyle(theme::Text::Error, palette()));
        m_ui->resultLabel->show();
        m_ui->closeButton->setText(tr("&Close"));
        emit planShown();
    });
    connect(m_controller, &MigrationController::stageChanged, this, [this](const QString &stage) {
        m_ui->logView->appendPlainText(stage + QStringLiteral(" …"));
    });
    connect(m_controller, &MigrationController::stepStarted, this, [this](int index, int count, const QString &text) {
        // The bar fills with the revisions done; its text names the one running.
        m_ui->progressBar->setFormat(tr("Revision %1 of %2").arg(index + 1).arg(count));
        m_ui->progressBar->setRange(0, count);
        m_ui->progressBar->setValue(index);
        m_ui->logView->appendPlainText(tr("Running %1").arg(text));
    });
    connect(m_controller, &MigrationController::statementStarted, this, [this](const QString &sql) {
        m_ui->logView->appendPlainText(QStringLiteral("    ") + sql.simplified());
    });
    connect(m_controller, &MigrationController::runNote, this, [this](const QString &text) {
        m_ui->logView->appendPlainText(QStringLiteral("    -- ") + text);
    });
    connect(m_controller, &MigrationController::runFinished, this, &MigrationDialog::showOutcome);
    connect(m_controller, &MigrationController::restoreFinished, this, [this](const RestoreOutcome &outcome) {
        m_running = false;
        m_changed = true;
        m_ui->restoreButton->setEnabled(!outcome.error.has_value());
        m_ui->closeButton->setEnabled(true);
        // The failure stays readable above what the restore did.
        const QString failure = m_failureText.isEmpty() ? QString() : m_failureText + QStringLiteral("<hr>");
        m_ui->resultLabel->setTextFormat(Qt::RichText);
        if (outcome.error) {
            m_ui->resultLabel->setText(failure + tr("<b>The restore failed:</b> %1").arg(outcome.error->toString().toHtmlEscaped()));
        } else {
            m_ui->restoreButton->hide();
            m_ui->resultLabel->setText(failure + QStringLiteral("<span style=\"color: %1\">%2</span>")
                                                     .arg(theme::text(theme::Text::Success, palette()).name(),
                                                          tr("<b>Restored</b> %1. The database is back at %2.")
                                                              .arg(m_backupPath.toHtmlEscaped(), rowsText(outcome.rowsAfter).toHtmlEscaped())));
        }
        fitResult();
        emit finished();
    });
    connect(m_ui->runButton, &QPushButton::clicked, this, &MigrationDialog::startRun);
    connect(m_ui->stopButton, &QPushButton::clicked, this, [this]() {
        m_controller->cancel();
        m_ui->stopButton->setEnabled(false);
        m_ui->logView->appendPlainText(tr("Stopping after the revision that is running …"));
    });
    connect(m_ui->closeButton, &QPushButton::clicked, this, &MigrationDialog::reject);
    connect(m_ui->restoreButton, &QPushButton::clicked, this, &MigrationDialog::restoreBackup);
    connect(m_ui->logButton, &QPushButton::clicked, this, [this]() {
        const bool toLog = m_ui->pages->currentWidget() == m_ui->planPage;
        m_ui->pages->setCurrentWidget(toLog ? m_ui->progressPage : m_ui->planPage);
        m_ui->logButton->setText(toLog ? tr("&Plan") : tr("Run &Log"));
    });
    connect(m_ui->backupRadio, &QRadioButton::toggled, m_ui->backupPathEdit, &QWidget::setEnabled);
    connect(m_ui->backupRadio, &QRadioButton::toggled, m_ui->backupBrowseButton, &QWidget::setEnabled);
    connect(m_ui->backupBrowseButton, &QToolButton::clicked, this, [this]() {
        const QString path = QFileDialog::getSaveFileName(this, tr("Back Up Into"), m_ui->backupPathEdit->text(), QString(), nullptr,
                                                          QFileDialog::DontConfirmOverwrite);   // Retort refuses to overwrite itself
        if (!path.isEmpty())
            m_ui->backupPathEdit->setText(path);
    });
    // A step of the plan, clicked: its statements in view (the script has one "-- Running …" line per step).
    connect(m_ui->stepsList, &QListWidget::currentRowChanged, this, [this](int row) { showStepSql(row); });

    m_controller->requestPreview(target, action, revision);
}

MigrationDialog::~MigrationDialog() = default;

QString MigrationDialog::highlightedStatement() const
{
    return m_highlighted;
}

QString MigrationDialog::resultText() const
{
    // As the user reads it: rich text without its tags.
    return m_ui->resultLabel->isVisibleTo(this) ? QTextDocumentFragment::fromHtml(m_ui->resultLabel->text()).toPlainText() : QString();
}

void MigrationDialog::reject()
{
    // Never walk away from a running migration: stop it between revisions instead.
    if (m_running) {
        m_controller->cancel();
        return;
    }
    QDialog::reject();
}

void MigrationDialog::fitResult()
{
    // A word-wrapped label gets no height-for-width from the layout: give it the height its text needs,
    // and grow the dialog (within the screen) so no part of a failure is cut off.
    QLabel *label = m_ui->resultLabel;
    label->setMinimumHeight(label->heightForWidth(std::max(label->width(), width() - 24)));
    const int available = screen() ? screen()->availableGeometry().height() : 800;
    const int wanted = std::min(available, std::max(height(), sizeHint().height()));
    if (wanted > height())
        resize(width(), wanted);
    layout()->activate();   // laid out now, not at the next event loop pass
}

int MigrationDialog::showStepSql(int step)
{
    if (!m_preview || step < 0 || step >= m_preview->preview.plan.steps.size())
        return -1;
    // Steps with statements each start with Alembic's "-- Running upgrade a -> b" line; stamps have none.
    const QList<MigrationStep> &steps = m_preview->preview.plan.steps;
    if (steps.at(step).stamp)
        return -1;
    const auto occurrence = std::count_if(steps.cbegin(), steps.cbegin() + step, [](const MigrationStep &s) { return !s.stamp; });
    const QStringList lines = m_sql->text().split(QLatin1Char('\n'));
    qsizetype found = -1;
    for (int line = 0; line < lines.size(); ++line) {
        if (lines.at(line).startsWith(QLatin1String("-- Running ")) && ++found == occurrence) {
            m_sql->goToLine(line + 1);
            return line + 1;
        }
    }
    return -1;
}

void MigrationDialog::showPreview(const MigrationController::Preview &preview)
{
    m_preview = preview;
    const MigrationPlan &plan = preview.preview.plan;
    m_ui->summaryLabel->setText(tr("<b>%1</b> %2 (%3) from <b>%4</b> to <b>%5</b>: %n step(s).", nullptr, int(plan.steps.size()))
                                    .arg(actionName(preview.action), m_target.url.toDisplayString().toHtmlEscaped(),
                                         preview.engine.toHtmlEscaped(), rowsText(plan.rowsBefore), rowsText(plan.rowsAfter)));
    for (const MigrationStep &step : plan.steps)
        m_ui->stepsList->addItem(step.stamp ? tr("stamp %1 -> %2").arg(rowsText(step.fromRevisions), rowsText(step.toRevisions))
                                            : step.describe());
    m_sql->showText(preview.sql);
    m_pythonSqlButton->setVisible(!preview.pythonNote.isEmpty());
    QStringList warnings;
    if (!preview.preview.drops.isEmpty()) {
        QStringList drops;
        for (const DroppedObject &d : preview.preview.drops)
            drops << tr("%1 (revision %2, line %3)").arg(d.describe(), d.revision).arg(d.line);
        warnings << tr("<b>This drops, with the data in them:</b> %1").arg(drops.join(QStringLiteral("; ")).toHtmlEscaped());
    }
    if (!preview.preview.dataChanges.isEmpty()) {
        // What a downgrade (or upgrade) deletes or rewrites, with the rows it touches as the database is now.
        QStringList changes;
        for (const DataChange &c : preview.preview.dataChanges) {
            const QString rows = c.rows ? (*c.rows == 1 ? tr("1 row now") : tr("%1 rows now").arg(QLocale().toString(*c.rows)))
                                        : tr("not counted: %1").arg(c.notCounted);
            changes << tr("%1 (revision %2, line %3): %4").arg(c.sql.simplified().left(200), c.revision).arg(c.line).arg(rows);
        }
        warnings << tr("<b>This deletes or rewrites rows:</b> %1").arg(changes.join(QStringLiteral("; ")).toHtmlEscaped());
    }
    if (!preview.lint.isEmpty()) {
        // The linter's findings on these revisions: what can lose data, fail or lock, with the safer way.
        QStringList found;
        int errors = 0;
        for (const LintFinding &f : preview.lint) {
            errors += f.severity == LintSeverity::Error ? 1 : 0;
            found << tr("%1 %2 line %3 [%4]: %5").arg(lintSeverityName(f.severity), f.revision).arg(f.line).arg(f.rule, f.message).toHtmlEscaped();
        }
        warnings << tr("<b>Lint: %n finding(s)</b> (%1 error(s)): %2", nullptr, int(preview.lint.size()))
                        .arg(errors)
                        .arg(found.mid(0, 6).join(QStringLiteral("; ")) + (found.size() > 6 ? tr("; and %1 more").arg(found.size() - 6) : QString()));
        m_ui->dropsLabel->setToolTip(tr("retort-cli lint explains each finding and a safer way; silence one with '# retort: ignore=RULE' on its line"));
    }
    if (!preview.stampMismatches.isEmpty()) {
        // A stamp that would make the version table lie: said plainly, and Cancel is the default.
        warnings << tr("<b>The database does not match %1:</b> %2. After this stamp the version table says the database is at %1, "
                       "and the next upgrade or downgrade starts from there. Stamp only a database whose tables match the revision.")
                        .arg(rowsText(plan.rowsAfter), preview.stampMismatches.join(QStringLiteral("; ")).toHtmlEscaped());
        m_ui->runButton->setDefault(false);
        m_ui->runButton->setAutoDefault(false);
        m_ui->closeButton->setDefault(true);
        m_ui->closeButton->setFocus();
    }
    if (!warnings.isEmpty()) {
        m_ui->dropsLabel->setText(warnings.join(QStringLiteral("<br>")));
        m_ui->dropsLabel->show();
    }
    QString behaviour = preview.preview.failureBehaviour;
    if (!preview.stampCheck.isEmpty())
        behaviour = preview.stampCheck + QLatin1Char(' ') + behaviour;
    else if (preview.action == MigrationController::Action::Stamp && preview.stampMismatches.isEmpty())
        behaviour = tr("The database's tables and columns match the schema at %1.").arg(rowsText(plan.rowsAfter)) + QLatin1Char(' ') + behaviour;
    if (!preview.preview.lockHolder.isEmpty())
        behaviour += QLatin1Char(' ') + tr("Another migration holds the lock now (%1); this run will wait for it.").arg(preview.preview.lockHolder);
    bool rich = false;
    if (preview.sql.contains(QLatin1String("-- Retort: on a copy of the schema this statement fails"))) {
        behaviour = tr("<b>A statement fails on a copy of the schema (marked in the SQL): this run will most likely stop there.</b> ")
                    + behaviour.toHtmlEscaped();
        rich = true;
    }
    if (!preview.pythonNote.isEmpty())
        behaviour = QStringLiteral("<b>%1</b><br>").arg(preview.pythonNote.toHtmlEscaped()) + (rich ? behaviour : behaviour.toHtmlEscaped());
    if (!preview.createsDatabase.isEmpty()) {
        behaviour = tr("<b>The database file %1 does not exist yet: this run creates it</b> (as alembic upgrade does). "
                       "There is nothing to back up.<br>").arg(preview.createsDatabase.toHtmlEscaped())
                    + (rich || !preview.pythonNote.isEmpty() ? behaviour : behaviour.toHtmlEscaped());
        m_ui->noBackupRadio->setChecked(true);
        m_ui->backupRadio->setEnabled(false);
    }
    m_ui->behaviourLabel->setText(behaviour);
    // Word-wrapped labels on a stacked page get no height-for-width from the layout: give each the
    // height its text needs at the page's width, so no sentence of the plan is cut off.
    for (QLabel *label : {m_ui->behaviourLabel, m_ui->dropsLabel}) {
        const int width = std::max(label->width(), m_ui->pages->width() - 2 * label->margin());
        label->setMinimumHeight(label->heightForWidth(width));
    }
    m_ui->planLayout->activate();
    m_ui->backupPathEdit->setText(preview.defaultBackupPath);
    const bool changes = !plan.steps.isEmpty();
    m_ui->runButton->setEnabled(changes);
    if (!changes) {
        m_ui->resultLabel->setText(tr("Nothing to do: the database is at %1.").arg(rowsText(plan.rowsBefore)));
        m_ui->resultLabel->show();
        m_ui->closeButton->setText(tr("&Close"));
    }
    emit planShown();
}

void MigrationDialog::startRun()
{
    if (!m_preview)
        return;
    const bool backup = m_action != MigrationController::Action::Stamp && m_ui->backupRadio->isChecked();
    m_backupPath = backup ? m_ui->backupPathEdit->text().trimmed() : QString();
    m_running = true;
    m_ui->runButton->setEnabled(false);
    m_ui->backupBox->setEnabled(false);
    m_ui->closeButton->setEnabled(false);
    m_ui->stopButton->setVisible(m_action != MigrationController::Action::Stamp);
    m_ui->pages->setCurrentWidget(m_ui->progressPage);
    m_ui->progressBar->setFormat(tr("Preparing"));
    m_ui->progressBar->setRange(0, 0);   // busy until the first revision starts (lock, backup)
    m_controller->run(m_target, *m_preview, backup, m_backupPath);
}

void MigrationDialog::showOutcome(const MigrationOutcome &outcome)
{
    m_running = false;
    m_ui->stopButton->hide();
    m_ui->closeButton->setEnabled(true);
    m_ui->closeButton->setText(tr("&Close"));
    m_changed = outcome.stepsCompleted > 0 || m_action == MigrationController::Action::Stamp;
    if (outcome.backup)
        m_backupPath = outcome.backup->path;
    const QString backupLine = outcome.backup ? tr(" Backup: %1.").arg(outcome.backup->path) : QString();
    if (!outcome.error) {
        const int total = std::max(outcome.stepsCompleted, 1);
        m_ui->progressBar->setFormat(m_action == MigrationController::Action::Stamp || outcome.nothingToDo
                                         ? tr("Done")
                                         : outcome.stepsCompleted == 1 ? tr("1 revision done")
                                                                       : tr("%1 revisions done").arg(outcome.stepsCompleted));
        m_ui->progressBar->setRange(0, total);
        m_ui->progressBar->setValue(total);
        m_ui->resultLabel->setText(outcome.nothingToDo
                                       ? tr("Nothing to do: another migration brought the database to %1.").arg(rowsText(outcome.rowsAfter))
                                       : tr("Done. The database is at %1.%2%3").arg(rowsText(outcome.rowsAfter), backupLine,
                                             outcome.runId.isEmpty() ? QString()
                                                                     : tr(" Logged as run %1 in Retort's run log (retort-cli log).").arg(outcome.runId)));
        if (!outcome.runLogNotice.isEmpty())
            m_ui->resultLabel->setText(m_ui->resultLabel->text() + QLatin1Char('\n') + outcome.runLogNotice);
        for (const QString &caught : outcome.caught)
            m_ui->resultLabel->setText(m_ui->resultLabel->text() + QLatin1Char('\n') + tr("A statement failed: %1").arg(caught));
        m_ui->resultLabel->setStyleSheet(theme::textStyle(theme::Text::Success, palette()));
        m_ui->resultLabel->show();
        emit finished();
        return;
    }
    const QString rows = outcome.rowsKnown ? tr("The version table now holds %1 (read back from the database).").arg(rowsText(outcome.rowsAfter))
                                           : tr("The version table could not be read back.");
    m_ui->resultLabel->setStyleSheet(theme::textStyle(theme::Text::Error, palette()));
    if (outcome.cancelled) {
        m_ui->resultLabel->setText(tr("Stopped: %1 %2%3").arg(outcome.error->toString(), rows, backupLine));
    } else {
        // The failure in parts: where, the statement, what the database said, where the version table is, what next.
        const Error &e = *outcome.error;
        QStringList parts;
        parts << tr("<b>The migration failed.</b> %1").arg(e.message.toHtmlEscaped());
        if (!e.file.isEmpty())
            parts << tr("<b>Revision file:</b> %1%2").arg(e.file.toHtmlEscaped(), e.line > 0 ? QStringLiteral(":%1").arg(e.line) : QString());
        if (!e.sql.isEmpty())
            parts << tr("<b>Statement</b> (marked in the SQL below): <tt>%1</tt>").arg(e.sql.simplified().left(400).toHtmlEscaped());
        if (!e.detail.isEmpty())
            parts << tr("<b>The database said:</b> %1").arg(e.detail.toHtmlEscaped());
        parts << tr("<b>Version table:</b> %1").arg(rows.toHtmlEscaped());
        parts << (outcome.backup ? tr("<b>Next:</b> Restore the backup (%1), or fix the revision and run again from where the "
                                      "version table stands.").arg(outcome.backup->path.toHtmlEscaped())
                                 : tr("<b>Next:</b> fix the revision and run again from where the version table stands; there is "
                                      "no backup of this run."));
        m_ui->resultLabel->setTextFormat(Qt::RichText);
        m_ui->resultLabel->setText(parts.join(QStringLiteral("<br>")));
    }
    m_failureText = m_ui->resultLabel->text();
    m_ui->resultLabel->show();
    // The run is over: what the plan said before it (engine behaviour, the backup choice) makes room for what happened.
    m_ui->behaviourLabel->hide();
    m_ui->backupBox->hide();
    fitResult();
    // Back to the plan, with the failed step and its statement marked; the run's log is a click away.
    m_ui->pages->setCurrentWidget(m_ui->planPage);
    m_ui->logButton->setVisible(true);
    const int failedStep = outcome.stepsCompleted;
    if (!outcome.cancelled && failedStep >= 0 && failedStep < m_ui->stepsList->count()) {
        QListWidgetItem *item = m_ui->stepsList->item(failedStep);
        item->setText(tr("✗ %1 — failed").arg(item->text()));
        item->setForeground(theme::text(theme::Text::Error, palette()));
        QFont bold = item->font();
        bold.setBold(true);
        item->setFont(bold);
        const QSignalBlocker block(m_ui->stepsList);
        m_ui->stepsList->setCurrentRow(failedStep);
        m_ui->stepsList->scrollToItem(item);
    }
    if (!outcome.error->sql.isEmpty() && m_sql->markError(outcome.error->sql))
        m_highlighted = outcome.error->sql;
    m_ui->restoreButton->setVisible(outcome.backup.has_value());
    emit finished();
}

void MigrationDialog::restoreBackup()
{
    if (m_backupPath.isEmpty())
        return;
    const auto answer = QMessageBox::question(this, tr("Restore the backup?"),
                                              tr("Replace everything in %1 with the backup %2? Tables created since are dropped.")
                                                  .arg(m_target.url.toDisplayString(), m_backupPath),
                                              QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    m_running = true;
    m_ui->restoreButton->setEnabled(false);
    m_ui->closeButton->setEnabled(false);
    m_ui->resultLabel->setText(tr("Restoring %1 …").arg(m_backupPath));
    m_controller->restore(m_target, m_backupPath);
}

} // namespace retort::app
