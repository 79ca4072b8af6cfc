#include "RunHistoryPane.h"

#include "CodeEditor.h"
#include "PaneHelpers.h"
#include "Theme.h"

#include "data/TableRows.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace retort::app {

namespace {

constexpr int kEntryRole = Qt::UserRole + 1;   ///< index into m_entries

QString revisionsText(const QStringList &revisions)
{
    return revisions.isEmpty() ? QObject::tr("base") : revisions.join(QStringLiteral(", "));
}

QString durationText(qint64 ms)
{
    return ms < 1000 ? QObject::tr("%1 ms").arg(ms) : QObject::tr("%1 s").arg(QLocale().toString(double(ms) / 1000.0, 'f', 2));
}

// A step's statements as a script: what ran, with where it came from above it.
QString stepScript(const RunLogEntry &e)
{
    QString text = QObject::tr("-- step %1: %2 %3 (%4 → %5), %6, %7\n")
                       .arg(e.step)
                       .arg(e.command, e.revision, revisionsText(e.fromRevisions), revisionsText(e.toRevisions), e.outcome,
                            durationText(e.durationMs));
    if (!e.scriptSha256.isEmpty())
        text += QObject::tr("-- revision file SHA-256 %1\n").arg(e.scriptSha256);
    if (e.outcome == runlog::kRolledBack)
        text += QObject::tr("-- rolled back: none of these statements stayed\n");
    if (!e.message.isEmpty() && e.outcome != runlog::kOk)
        text += QStringLiteral("-- ") + QString(e.message).replace(QLatin1Char('\n'), QStringLiteral("\n-- ")) + QLatin1Char('\n');
    if (e.statements.isEmpty())
        text += QObject::tr("-- (no statements recorded: the step ran none, or an earlier Retort wrote this entry)\n");
    for (const QString &sql : e.statements)
        text += QLatin1Char('\n') + sql + (sql.startsWith(QLatin1String("--")) ? QString() : QStringLiteral(";")) + QLatin1Char('\n');
    return text;
}

} // namespace

RunHistoryPane::RunHistoryPane(QWidget *parent) : QWidget(parent)
{
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("runFilter"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setPlaceholderText(tr("Show runs containing… (revision, user, outcome, date)"));
    auto *refresh = new QToolButton(this);
    refresh->setObjectName(QStringLiteral("runRefresh"));
    refresh->setText(tr("Refresh"));
    refresh->setToolTip(tr("Read the run log again"));
    connect(refresh, &QToolButton::clicked, this, &RunHistoryPane::reload);
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("runState"));
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_model = new QStandardItemModel(0, ColumnCount, this);
    m_model->setHorizontalHeaderLabels({tr("Started"), tr("Command"), tr("From → to"), tr("Duration"), tr("Outcome"), tr("By"),
                                        tr("Backup")});
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setRecursiveFilteringEnabled(true);   // a run shows when one of its steps matches
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("runView"));
    m_view->setModel(m_proxy);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->header()->setStretchLastSection(true);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &RunHistoryPane::showSelected);
    connect(m_view, &QTreeView::expanded, this, [this]() {
        for (int c = 0; c < ColumnCount - 1; ++c)
            m_view->resizeColumnToContents(c);
    });

    m_statements = new CodeEditor(CodeEditor::Language::Sql, this);
    m_statements->setObjectName(QStringLiteral("runStatements"));

    auto *top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    top->addWidget(refresh);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("runSplitter"));
    splitter->addWidget(m_view);
    splitter->addWidget(m_statements);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_state);
    layout->addWidget(splitter, 1);

    addFilterShortcut(this, m_filter);
    auto *refreshKey = new QAction(this);
    refreshKey->setShortcut(QKeySequence::Refresh);
    refreshKey->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(refreshKey);
    connect(refreshKey, &QAction::triggered, this, &RunHistoryPane::reload);
}

void RunHistoryPane::showWorkspace(const Workspace &workspace)
{
    m_url.reset();
    if (workspace.url && workspace.snapshot)
        m_url = workspace.url->url;
    m_versionSchema = workspace.project ? workspace.project->versionTableSchema() : QString();
    reload();
}

void RunHistoryPane::reload()
{
    if (!m_url) {
        showEntries({}, tr("No database is connected."));
        return;
    }
    m_loading = true;
    m_state->setStyleSheet(QString());
    m_state->setText(tr("Reading the run log…"));
    const DatabaseUrl url = *m_url;
    const QString versionSchema = m_versionSchema;
    m_tasks.runLatest([url, versionSchema](const BackgroundTasks::Context &) -> std::pair<QList<RunLogEntry>, QString> {
        Result<std::unique_ptr<Connection>> connection = openReadOnly(url, QStringLiteral("run log"));
        if (!connection)
            return {{}, connection.error().toString()};
        Result<QList<RunLogEntry>> log = runlog::readAll(**connection, versionSchema);
        if (!log)
            return {{}, log.error().toString()};
        return {*log, QString()};
    }, [this](std::pair<QList<RunLogEntry>, QString> answer) {
        m_loading = false;
        showEntries(answer.first, answer.second);
        emit loaded();
    });
}

QAbstractItemModel *RunHistoryPane::runsModel() const
{
    return m_proxy;
}

QString RunHistoryPane::stateText() const
{
    return m_state->text();
}

void RunHistoryPane::showEntries(const QList<RunLogEntry> &entries, const QString &error)
{
    m_entries = entries;
    m_model->removeRows(0, m_model->rowCount());
    m_statements->showText(QString());
    const QPalette palette = this->palette();
    const auto row = [&](int index) {
        const RunLogEntry &e = m_entries.at(index);
        QList<QStandardItem *> items;
        const QLocale locale;
        // A step's date is its run's: the time alone keeps the indented column narrow.
        items << new QStandardItem(e.startedAt.toLocalTime().toString(e.step == 0 ? QStringLiteral("yyyy-MM-dd HH:mm:ss")
                                                                                   : QStringLiteral("HH:mm:ss")))
              << new QStandardItem(e.step == 0 ? QStringLiteral("%1 %2").arg(e.command, e.target)
                                               : QStringLiteral("%1. %2 %3").arg(e.step).arg(e.command, e.revision))
              << new QStandardItem(QStringLiteral("%1 → %2").arg(revisionsText(e.fromRevisions), revisionsText(e.toRevisions)))
              << new QStandardItem(durationText(e.durationMs))
              << new QStandardItem(e.outcome)
              << new QStandardItem(e.step == 0 ? QStringLiteral("%1@%2").arg(e.osUser, e.host) : QString())
              << new QStandardItem(e.backupPath.isEmpty() ? QString() : e.backupPath.section(QLatin1Char('/'), -1));
        items.at(Started)->setToolTip(e.startedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz 'UTC'")));
        items.at(Backup)->setToolTip(e.backupPath);
        if (e.outcome != runlog::kOk)
            items.at(Outcome)->setForeground(theme::text(e.outcome == runlog::kCancelled || e.outcome == runlog::kNotStarted
                                                             ? theme::Text::Warning : theme::Text::Error, palette));
        if (!e.message.isEmpty())
            items.at(Outcome)->setToolTip(e.message);
        for (QStandardItem *item : std::as_const(items))
            item->setData(index, kEntryRole);
        return items;
    };
    // Newest run first; steps in order beneath their run.
    QHash<QString, QStandardItem *> runs;
    for (int i = m_entries.size() - 1; i >= 0; --i) {
        if (m_entries.at(i).step == 0) {
            const QList<QStandardItem *> items = row(i);
            m_model->appendRow(items);
            runs.insert(m_entries.at(i).runId, items.first());
        }
    }
    int orphans = 0;
    for (int i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).step == 0)
            continue;
        if (QStandardItem *run = runs.value(m_entries.at(i).runId))
            run->appendRow(row(i));
        else
            ++orphans;   // a run cut short before its summary row: its steps stand alone
    }
    for (int i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).step != 0 && !runs.contains(m_entries.at(i).runId))
            m_model->appendRow(row(i));
    }
    for (int c = 0; c < ColumnCount - 1; ++c)
        m_view->resizeColumnToContents(c);
    if (m_proxy->rowCount() > 0)
        m_view->setCurrentIndex(m_proxy->index(0, 0));   // the newest run, its statements below

    if (!error.isEmpty()) {
        m_state->setStyleSheet(theme::textStyle(theme::Text::Error, palette));
        m_state->setText(error);
    } else {
        m_state->setStyleSheet(QString());
        const int count = int(runs.size());
        m_state->setText(count == 0 ? tr("No runs recorded: Retort has not migrated this database yet.")
                                    : tr("%n run(s) in the log, newest first. Select a step to see the statements it ran.", nullptr, count)
                                          + (orphans ? tr(" %n step(s) without their run's summary are listed last.", nullptr, orphans) : QString()));
    }
}

void RunHistoryPane::showSelected()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid()) {
        m_statements->showText(QString());
        return;
    }
    const int index = current.data(kEntryRole).toInt();
    if (index < 0 || index >= m_entries.size())
        return;
    const RunLogEntry &e = m_entries.at(index);
    if (e.step != 0) {
        m_statements->showText(stepScript(e));
        return;
    }
    QString text = tr("-- %1 %2 by %3@%4, %5 UTC: %6 → %7, %8, %9\n")
                       .arg(e.command, e.target, e.osUser, e.host, e.startedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                            revisionsText(e.fromRevisions), revisionsText(e.toRevisions), e.outcome)
                       .arg(durationText(e.durationMs));
    if (!e.backupPath.isEmpty())
        text += tr("-- backup: %1\n").arg(e.backupPath);
    if (!e.message.isEmpty() && e.outcome != runlog::kOk)
        text += QStringLiteral("-- ") + QString(e.message).replace(QLatin1Char('\n'), QStringLiteral("\n-- ")) + QLatin1Char('\n');
    for (const RunLogEntry &step : std::as_const(m_entries)) {
        if (step.runId == e.runId && step.step > 0)
            text += QLatin1Char('\n') + stepScript(step);
    }
    m_statements->showText(text);
}

} // namespace retort::app
