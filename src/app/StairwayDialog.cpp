#include "StairwayDialog.h"

#include "Theme.h"

#include "runner/MigrationProject.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace retort::app {

namespace {

struct Outcome
{
    QList<StairwayStep> steps;
    QString error;
    bool stopped = false;
};

} // namespace

StairwayDialog::StairwayDialog(const QString &projectDir, QWidget *parent)
    : QDialog(parent), m_projectDir(projectDir)
{
    setObjectName(QStringLiteral("stairwayDialog"));
    setWindowTitle(tr("Stairway Check"));
    setAttribute(Qt::WA_DeleteOnClose);
    auto *intro = new QLabel(tr("Every revision is upgraded, downgraded and upgraded again on a scratch SQLite database of "
                                "Retort's own (never yours). A downgrade must give back the schema from before its upgrade."), this);
    intro->setWordWrap(true);
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("stairwayState"));
    m_state->setWordWrap(true);
    m_progress = new QProgressBar(this);
    m_progress->setVisible(false);
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("stairwayList"));
    m_list->setHeaderLabels({tr("Revision"), tr("Result"), tr("Detail")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->header()->setStretchLastSection(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_run = buttons->addButton(tr("&Run Check"), QDialogButtonBox::ActionRole);
    m_run->setDefault(true);
    m_stopButton = buttons->addButton(tr("&Stop"), QDialogButtonBox::ActionRole);
    m_stopButton->setEnabled(false);
    connect(m_run, &QPushButton::clicked, this, &StairwayDialog::start);
    connect(m_stopButton, &QPushButton::clicked, this, &StairwayDialog::stop);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_state);
    layout->addWidget(m_progress);
    layout->addWidget(m_list, 1);
    layout->addWidget(buttons);
    resize(820, 520);

    if (std::optional<StairwayRecord> kept = loadStairwayRecord(projectDir))
        showRecord(*kept, true);
    else
        m_state->setText(tr("Not checked yet: Run Check starts it (about a second per revision)."));
}

void StairwayDialog::reject()
{
    // Escape while it runs stops the check; once it has stopped, Escape closes.
    if (m_running) {
        stop();
        return;
    }
    QDialog::reject();
}

void StairwayDialog::addRow(const StairwayStep &step)
{
    auto *item = new QTreeWidgetItem(m_list, {step.revision, step.outcomeText(), step.detail.simplified()});
    item->setToolTip(0, step.title);
    item->setToolTip(2, step.detail);
    if (step.problem()) {
        for (int c = 0; c < 3; ++c)
            item->setForeground(c, theme::text(theme::Text::Error, palette()));
    } else if (step.outcome != StairwayStep::Outcome::Ok) {
        item->setForeground(1, theme::text(theme::Text::Muted, palette()));
    }
}

void StairwayDialog::showRecord(const StairwayRecord &record, bool kept)
{
    m_list->clear();
    int problems = 0;
    for (const StairwayStep &step : record.steps) {
        addRow(step);
        problems += step.problem() ? 1 : 0;
    }
    m_list->resizeColumnToContents(0);
    m_list->resizeColumnToContents(1);
    const QString when = QLocale().toString(record.finished.toLocalTime(), QLocale::ShortFormat);
    const QString summary = problems ? tr("%n revision(s) failed", nullptr, problems) : tr("no fault");
    const QString stopped = record.stopped ? tr(", stopped after %n revision(s)", nullptr, int(record.steps.size())) : QString();
    m_state->setText(kept ? tr("Last check, %1: %2 in %3 revision(s)%4.").arg(when, summary).arg(record.steps.size()).arg(stopped)
                          : tr("Checked: %1 in %2 revision(s)%3.").arg(summary).arg(record.steps.size()).arg(stopped));
    m_state->setStyleSheet(problems ? theme::textStyle(theme::Text::Error, palette()) : QString());
}

void StairwayDialog::start()
{
    if (m_running)
        return;
    m_running = true;
    m_stop = std::make_shared<std::atomic<bool>>(false);
    m_list->clear();
    m_run->setEnabled(false);
    m_stopButton->setEnabled(true);
    m_progress->setVisible(true);
    m_progress->setRange(0, 0);
    m_state->setStyleSheet(QString());
    m_state->setText(tr("Reading the revisions …"));
    const QString projectDir = m_projectDir;
    const std::shared_ptr<std::atomic<bool>> stopFlag = m_stop;
    m_tasks.run([projectDir, stopFlag, this](const BackgroundTasks::Context &context) {
        Outcome out;
        Result<std::unique_ptr<MigrationProject>> opened = MigrationProject::open(projectDir);
        if (!opened) {
            out.error = opened.error().toString();
            return out;
        }
        Result<QList<StairwayStep>> steps = runStairway((*opened)->operations(), (*opened)->versionTable(),
                                                        [&](const StairwayStep &step, int index, int count) {
            context.post([this, step, index, count]() {
                m_progress->setRange(0, count);
                m_progress->setValue(index + 1);
                m_state->setText(tr("Checking … %1 of %2: %3").arg(index + 1).arg(count).arg(step.revision));
                addRow(step);
            });
            if (stopFlag->load() || context.cancelled()) {
                out.stopped = index + 1 < count;
                return false;
            }
            return true;
        });
        if (!steps)
            out.error = steps.error().toString();
        else
            out.steps = *steps;
        return out;
    }, [this](Outcome out) {
        m_running = false;
        m_run->setEnabled(true);
        m_stopButton->setEnabled(false);
        m_progress->setVisible(false);
        if (!out.error.isEmpty()) {
            m_state->setStyleSheet(theme::textStyle(theme::Text::Error, palette()));
            m_state->setText(out.error);
        } else {
            StairwayRecord record;
            record.finished = QDateTime::currentDateTimeUtc();
            record.stopped = out.stopped;
            record.steps = out.steps;
            record.where = stairwayPlace({});
            showRecord(record, false);
            if (Status kept = saveStairwayRecord(m_projectDir, record); !kept)
                m_state->setText(m_state->text() + QLatin1Char(' ') + tr("(Not kept: %1)").arg(kept.error().message));
        }
        emit checkEnded();
    });
}

void StairwayDialog::stop()
{
    if (m_stop)
        m_stop->store(true);
    m_stopButton->setEnabled(false);
    if (m_running)
        m_state->setText(tr("Stopping after this revision …"));
}

QString StairwayDialog::stateText() const
{
    return m_state->text();
}

QList<QStringList> StairwayDialog::rows() const
{
    QList<QStringList> out;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_list->topLevelItem(i);
        out << QStringList{item->text(0), item->text(1), item->text(2)};
    }
    return out;
}

} // namespace retort::app
