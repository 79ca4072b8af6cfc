// The History tab: the revision graph with its find bar, the problems list, the selected revision's
// script and SQL, and the actions on a revision (upgrade, downgrade, stamp, merge heads, export).
// It shows the workspace it is given; database work runs in MigrationController's workers.
#include "HistoryPane.h"
#include "ui_HistoryPane.h"

#include "CodeEditor.h"
#include "HistoryDelegate.h"
#include "HistoryModel.h"
#include "MigrationController.h"
#include "MigrationDialog.h"
#include "SchemaAtDialog.h"
#include "StairwayDialog.h"
#include "PostWriteHookDialog.h"
#include "Theme.h"

#include "lint/MigrationLint.h"
#include "migrations/HistoryFormat.h"
#include "migrations/RevisionWriter.h"
#include "runner/MigrationProject.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QSaveFile>
#include <QShortcut>
#include <QSplitter>
#include <QSvgGenerator>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace retort::app {

HistoryPane::HistoryPane(QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::HistoryPane>())
{
    m_ui->setupUi(this);
    m_historyFind = m_ui->historyFind;
    m_historyView = m_ui->historyView;
    m_problems = m_ui->problemsList;
    m_detailTabs = m_ui->detailTabs;
    QToolButton *toCurrent = m_ui->databaseRevisionButton;
    QToolButton *toHead = m_ui->nextHeadButton;

    m_historyModel = new HistoryModel(this);
    m_historyView->setModel(m_historyModel);
    m_historyView->setItemDelegate(new HistoryDelegate(m_historyModel, m_historyView->font(), m_historyView));
    m_historyView->setMouseTracking(false);
    // Ctrl+click a second revision to compare the schemas of the two.
    m_historyView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    // The graph explains itself: a legend of its marks under it.
    auto *graphBox = new QWidget;   // replaceWidget takes it (a child of the splitter already would be its sibling)
    auto *graphLayout = new QVBoxLayout(graphBox);
    graphLayout->setContentsMargins(0, 0, 0, 0);
    graphLayout->setSpacing(2);
    m_ui->graphSplitter->replaceWidget(0, graphBox);
    graphLayout->addWidget(m_historyView, 1);
    graphLayout->addWidget(makeLegend(graphBox));
    m_ui->graphSplitter->setStretchFactor(0, 4);
    m_ui->graphSplitter->setStretchFactor(1, 1);

    m_scriptEditor = new CodeEditor(CodeEditor::Language::Python, m_detailTabs);
    m_scriptEditor->setObjectName(QStringLiteral("revisionScript"));
    m_revisionSql = new CodeEditor(CodeEditor::Language::Sql, m_detailTabs);
    m_revisionSql->setObjectName(QStringLiteral("revisionSql"));
    m_detailTabs->addTab(m_scriptEditor, tr("Script"));
    m_detailTabs->addTab(m_revisionSql, tr("SQL"));
    m_ui->historySplitter->setStretchFactor(0, 3);
    m_ui->historySplitter->setStretchFactor(1, 2);

    connect(m_ui->upgradeHereButton, &QToolButton::clicked, this, [this]() { startRevisionAction(RevisionAction::Upgrade); });
    connect(m_ui->downgradeHereButton, &QToolButton::clicked, this, [this]() { startRevisionAction(RevisionAction::Downgrade); });
    connect(m_ui->exportButton, &QToolButton::clicked, this, &HistoryPane::chooseExport);

    m_sqlController = new MigrationController(this);
    connect(m_sqlController, &MigrationController::revisionSqlReady, this, [this](quint64 ticket, const QString &sql, const QString &error) {
        if (ticket == m_sqlTicket)   // answers to earlier selections are stale
            m_revisionSql->showText(error.isEmpty() ? sql : QStringLiteral("-- ") + error);
    });
    connect(m_historyView->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &current) {
        showRevisionDetails(current);
        updateActions();
    });
    connect(m_historyView, &QWidget::customContextMenuRequested, this, &HistoryPane::showHistoryMenu);
    connect(m_problems, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) { openProblem(m_problems->row(item)); });
    // Ctrl+U, Ctrl+D and Ctrl+Shift+T are the window's Migrate menu's.


    connect(m_historyFind, &QLineEdit::returnPressed, this, &HistoryPane::findInHistory);
    connect(m_historyFind, &QLineEdit::textEdited, this, [this]() {
        // As you type: the first match from the top.
        selectHistoryRow(m_historyModel->find(m_historyFind->text(), 0));
    });
    connect(toCurrent, &QToolButton::clicked, this, &HistoryPane::jumpToDatabaseRevision);
    connect(toHead, &QToolButton::clicked, this, [this]() {
        // Each click moves to the next head below the selection, wrapping to the top.
        const int rows = m_historyModel->rowCount();
        const int from = m_historyView->currentIndex().isValid() ? m_historyView->currentIndex().row() + 1 : 0;
        for (int k = 0; k < rows; ++k) {
            const int r = (from + k) % rows;
            if (m_historyModel->row(r).badges & HistoryModel::Head) {
                selectHistoryRow(r);
                return;
            }
        }
    });
}

HistoryPane::~HistoryPane() = default;

QWidget *HistoryPane::makeLegend(QWidget *parent)
{
    auto *legend = new QWidget(parent);
    legend->setObjectName(QStringLiteral("graphLegend"));
    // It never widens the graph's side of the splitter: in a narrow pane its end is cut off instead.
    legend->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    legend->setToolTip(tr("Filled: a revision · hollow: a merge · ringed: where the database is · dashed: depends_on. "
                          "Line colours only tell branches apart."));
    auto *layout = new QHBoxLayout(legend);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(2);
    using Mark = HistoryDelegate::Mark;
    const struct { Mark mark; QString text; } entries[] = {
        {Mark::Revision, tr("revision")},
        {Mark::Merge, tr("merge")},
        {Mark::DatabaseRevision, tr("database here")},
        {Mark::DependsOn, tr("depends_on")},
    };
    for (const auto &e : entries) {
        auto *icon = new QLabel(legend);
        icon->setPixmap(HistoryDelegate::legendIcon(e.mark, palette(), devicePixelRatioF()));
        auto *text = new QLabel(e.text, legend);
        text->setObjectName(QStringLiteral("legendEntry"));
        layout->addWidget(icon);
        layout->addWidget(text);
        layout->addSpacing(10);
    }
    auto *colours = new QLabel(tr("colours: branches"), legend);
    colours->setObjectName(QStringLiteral("legendEntry"));
    colours->setStyleSheet(theme::textStyle(theme::Text::Muted, palette()));
    layout->addWidget(colours);
    layout->addStretch(1);
    return legend;
}

void HistoryPane::showRevisionDetails(const QModelIndex &index)
{
    if (!index.isValid() || !m_workspace.history) {
        m_scriptEditor->showText(QString());
        m_revisionSql->showText(QString());
        return;
    }
    const RevisionGraph &graph = m_workspace.history->history.graph;
    const int revision = graph.indexOf(index.data(HistoryModel::RevisionIdRole).toString());
    if (revision < 0)
        return;
    QFile file(graph.scriptOf(revision).path);
    m_scriptEditor->showText(file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll())
                                                            : tr("# cannot read %1: %2").arg(file.fileName(), file.errorString()));
    // The linter's findings under the lines they are about, with the safer way.
    for (const LintFinding &f : m_lint.value(revision))
        m_scriptEditor->markDifference(f.line, tr("lint %1 [%2] (%3): %4\nsafer: %5")
                                                   .arg(lintSeverityName(f.severity), f.rule, f.engine, f.message, f.saferWay));
    if (m_workspace.url && m_workspace.project) {
        m_revisionSql->showText(tr("-- compiling for %1 …").arg(dialectDisplayName(m_workspace.url->url.dialect())));
        m_detailTabs->setTabText(1, tr("SQL (%1)").arg(dialectDisplayName(m_workspace.url->url.dialect())));
        m_sqlController->requestRevisionSql(MigrationTarget{m_workspace.project->rootDir(), m_workspace.url->url, projectInterpreter(m_workspace.project->rootDir())}, graph.at(revision).id,
                                            ++m_sqlTicket);
    }
}

void HistoryPane::startLint()
{
    // Off the GUI thread and after the load: the graph shows at once, the badges follow (on 10,000
    // revisions the linter replays the history for seconds).
    if (!m_workspace.project || !m_workspace.history)
        return;
    const Project project = *m_workspace.project;
    const std::optional<Dialect> dialect = m_workspace.url ? std::optional<Dialect>(m_workspace.url->url.dialect()) : std::nullopt;
    m_lintTasks.cancel();   // a check of the history shown before is of no use now
    m_lintTasks.runLatest([project, dialect](const BackgroundTasks::Context &context) {
        MigrationProject opened(project);
        LintOptions options;
        options.projectRoot = project.rootDir();
        options.cancelled = [&context]() { return context.cancelled(); };
        if (dialect)
            options.dialects = {*dialect};
        auto perRevision = std::make_shared<QVector<QList<LintFinding>>>(opened.graph().size());
        const LintReport report = lintHistory(opened.operations(), options);
        if (report.cancelled)
            return std::make_shared<QVector<QList<LintFinding>>>();
        for (const LintFinding &f : report.findings) {
            const int revision = opened.graph().indexOf(f.revision);
            if (revision >= 0)
                (*perRevision)[revision] << f;
        }
        return perRevision;
    }, [this](std::shared_ptr<QVector<QList<LintFinding>>> perRevision) {
        if (!m_workspace.history || perRevision->size() != m_workspace.history->history.graph.size() || perRevision->isEmpty())
            return;   // another history came meanwhile
        m_lint = *perRevision;
        m_historyModel->setLint(m_lint);
        if (m_historyView->currentIndex().isValid())
            showRevisionDetails(m_historyView->currentIndex());
        emit lintChecked();
    });
}

QString HistoryPane::actionRefusal(RevisionAction action) const
{
    const QModelIndex index = m_historyView->currentIndex();
    if (!index.isValid() || !m_workspace.project || !m_workspace.url || !m_workspace.history)
        return tr("Select a revision and a database.");
    // Without a database only a missing SQLite file can be planned for: upgrade and stamp create it.
    if (!m_workspace.snapshot)
        return action != RevisionAction::Downgrade && canCreateDatabase() ? QString() : tr("No database is connected.");
    if (action == RevisionAction::Stamp)
        return {};
    const RevisionGraph &graph = m_workspace.history->history.graph;
    const int selected = m_historyModel->row(index.row()).revision;
    QVector<int> current;
    for (int r : m_historyModel->currentRows())
        current << m_historyModel->row(r).revision;
    if (current.contains(selected))
        return tr("The database is at this revision.");
    bool below = false;   // applied: the selection is under one of the database's revisions
    for (int c : std::as_const(current))
        below = below || graph.isAncestor(selected, c);
    if (action == RevisionAction::Upgrade)
        return below ? tr("The database is past this revision already; downgrade to it instead.") : QString();
    if (current.isEmpty())
        return tr("The database has no revision to downgrade from.");
    return below ? QString() : tr("The database is not past this revision; upgrade to it instead.");
}

void HistoryPane::updateActions()
{
    const struct { QToolButton *button; RevisionAction action; QString tip; } buttons[] = {
        {m_ui->upgradeHereButton, RevisionAction::Upgrade, tr("Plan an upgrade to the selected revision (Ctrl+U)")},
        {m_ui->downgradeHereButton, RevisionAction::Downgrade, tr("Plan a downgrade to the selected revision (Ctrl+D)")},
    };
    for (const auto &b : buttons) {
        const QString refusal = actionRefusal(b.action);
        b.button->setEnabled(refusal.isEmpty());
        b.button->setToolTip(refusal.isEmpty() ? b.tip : refusal);
    }
}

bool HistoryPane::canCreateDatabase() const
{
    return !m_workspace.snapshot && m_workspace.url && m_workspace.url->url.isCreatableSqliteFile();
}

void HistoryPane::showHistoryMenu(const QPoint &pos)
{
    const QModelIndex index = m_historyView->indexAt(pos);
    if (index.isValid())
        m_historyView->setCurrentIndex(index);
    QMenu menu(this);
    const bool connected = m_workspace.snapshot.has_value() && index.isValid();
    const bool creates = canCreateDatabase() && index.isValid();
    Q_UNUSED(connected);
    QAction *upgrade = menu.addAction(tr("&Upgrade to here…"), QKeySequence(Qt::CTRL | Qt::Key_U), this,
                                      [this]() { startRevisionAction(RevisionAction::Upgrade); });
    upgrade->setEnabled(actionRefusal(RevisionAction::Upgrade).isEmpty());
    QAction *downgrade = menu.addAction(tr("&Downgrade to here…"), QKeySequence(Qt::CTRL | Qt::Key_D), this,
                                        [this]() { startRevisionAction(RevisionAction::Downgrade); });
    downgrade->setEnabled(actionRefusal(RevisionAction::Downgrade).isEmpty());
    menu.addAction(tr("&Stamp here…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T), this, [this]() { startRevisionAction(RevisionAction::Stamp); })
        ->setEnabled(connected || creates);
    menu.addSeparator();
    menu.addAction(tr("Schema at This &Revision…"), this, [this]() { showSchemaAt(); })->setEnabled(index.isValid());
    menu.addAction(tr("&Compare the Two Selected Revisions…"), this, [this]() { compareSelected(); })
        ->setEnabled(m_historyView->selectionModel()->selectedRows().size() == 2);
    menu.addAction(tr("Check &Downgrades (Stairway)…"), this, [this]() { showStairway(); })->setEnabled(bool(m_workspace.history));
    menu.addAction(tr("&Merge heads…"), this, [this]() { mergeHeads(); })
        ->setEnabled(m_workspace.history && m_workspace.history->history.graph.heads().size() > 1);
    menu.exec(m_historyView->viewport()->mapToGlobal(pos));
}

SchemaAtDialog *HistoryPane::compareSelected()
{
    const QModelIndexList selected = m_historyView->selectionModel()->selectedRows();
    if (selected.size() != 2 || !m_workspace.project || !m_workspace.history)
        return nullptr;
    // The list runs newest first: the lower row is the older revision, the changes run from it.
    const int older = std::max(selected.at(0).row(), selected.at(1).row());
    const int newer = std::min(selected.at(0).row(), selected.at(1).row());
    SchemaAtDialog *dialog = openSchemaAt(m_historyModel->row(newer).id, m_historyModel->row(older).id);
    dialog->showChanges();
    return dialog;
}

StairwayDialog *HistoryPane::showStairway()
{
    if (!m_workspace.project || !m_workspace.history)
        return nullptr;
    auto *dialog = new StairwayDialog(m_workspace.project->rootDir(), this);
    dialog->show();
    return dialog;
}

SchemaAtDialog *HistoryPane::openSchemaAt(const QString &revision, const QString &from)
{
    // On the database's engine: its types and the names it gives (SQLite when none is configured).
    const Dialect dialect = m_workspace.url ? m_workspace.url->url.dialect() : Dialect::SQLite;
    const bool mariadb = m_workspace.snapshot && m_workspace.snapshot->serverVersion.contains(QLatin1String("MariaDB"));
    auto *dialog = new SchemaAtDialog(m_workspace.project->rootDir(), revision, from, dialect, mariadb, this);
    dialog->show();
    return dialog;
}

SchemaAtDialog *HistoryPane::showSchemaAt()
{
    const QModelIndex index = m_historyView->currentIndex();
    if (!index.isValid() || !m_workspace.project || !m_workspace.history)
        return nullptr;
    const QString revision = m_historyModel->row(index.row()).id;
    // The changes are listed from where the database is (its first head when it has several), or from base.
    const QStringList rows = m_workspace.snapshot ? m_workspace.snapshot->versions.revisions : QStringList();
    const QString from = rows.isEmpty() ? QStringLiteral("base") : rows.first();
    return openSchemaAt(revision, from);
}

MigrationDialog *HistoryPane::startRevisionAction(RevisionAction action)
{
    const QModelIndex index = m_historyView->currentIndex();
    if (const QString refusal = actionRefusal(action); !refusal.isEmpty()) {
        if (index.isValid() && m_workspace.project && m_workspace.url)
            emit statusMessage(refusal);   // Ctrl+U/Ctrl+D on a revision they cannot go to
        return nullptr;
    }
    return startAction(action, index.data(HistoryModel::RevisionIdRole).toString());
}

MigrationDialog *HistoryPane::startAction(RevisionAction action, const QString &revision)
{
    if (!m_workspace.project || !m_workspace.url)
        return nullptr;
    const MigrationController::Action kind = action == RevisionAction::Upgrade ? MigrationController::Action::Upgrade
                                             : action == RevisionAction::Downgrade ? MigrationController::Action::Downgrade
                                                                                   : MigrationController::Action::Stamp;
    auto *dialog = new MigrationDialog(MigrationTarget{m_workspace.project->rootDir(), m_workspace.url->url, projectInterpreter(m_workspace.project->rootDir())}, kind, revision, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &MigrationDialog::finished, this, [this, dialog]() {
        if (dialog->changedDatabase())
            emit reloadRequested();   // the badges follow the database
    });
    dialog->show();
    return dialog;
}

void HistoryPane::mergeHeads(const QString &message)
{
    if (!m_workspace.project || !m_workspace.history)
        return;
    QString text = message;
    if (text.isEmpty()) {
        bool ok = false;
        text = QInputDialog::getText(this, tr("Merge Heads"), tr("Message of the merge revision:"), QLineEdit::Normal,
                                     tr("merge heads"), &ok);
        if (!ok)
            return;
    }
    Result<QString> written = writeMergeOfHeads(*m_workspace.project, m_workspace.history->history.graph, text);
    if (!written) {
        emit failed(tr("Merge Heads"), written.error().toString());
        return;
    }
    emit statusMessage(tr("Wrote %1").arg(m_workspace.project->relativePath(*written)));
    PostWriteHookDialog::offer(this, *m_workspace.project, *written);
    emit reloadRequested();
}

void HistoryPane::chooseExport()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the Graph"), QDir::homePath() + QStringLiteral("/history.svg"),
                                                      tr("SVG image (*.svg);;PNG image (*.png);;Graphviz DOT (*.dot)"));
    if (path.isEmpty())
        return;
    const QString problem = exportGraph(path);
    if (!problem.isEmpty())
        QMessageBox::warning(this, tr("Export failed"), problem);
    else
        emit statusMessage(tr("Saved %1").arg(path));
}

QString HistoryPane::exportGraph(const QString &path)
{
    if (!m_workspace.history)
        return tr("There is no history to export.");
    if (path.endsWith(QLatin1String(".dot"), Qt::CaseInsensitive)) {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return tr("Cannot write %1: %2").arg(path, file.errorString());
        file.write(historyToDot(m_workspace.history->history).toUtf8());
        return file.commit() ? QString() : tr("Cannot write %1: %2").arg(path, file.errorString());
    }
    // Every row painted by the view's own delegate, one below the other.
    const int rows = m_historyModel->rowCount();
    const int width = std::max(900, m_historyView->viewport()->width());
    const int height = rows * HistoryDelegate::kRowHeight;
    const auto paintAll = [&](QPainter *painter) {
        QStyleOptionViewItem option;
        option.initFrom(m_historyView);
        option.state &= ~QStyle::State_Selected;
        painter->fillRect(QRect(0, 0, width, height), m_historyView->palette().base());
        for (int r = 0; r < rows; ++r) {
            option.rect = QRect(0, r * HistoryDelegate::kRowHeight, width, HistoryDelegate::kRowHeight);
            m_historyView->itemDelegate()->paint(painter, option, m_historyModel->index(r, 0));
        }
    };
    if (path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(QSize(width, height));
        svg.setViewBox(QRect(0, 0, width, height));
        svg.setTitle(tr("Revision history of %1").arg(m_workspace.project ? m_workspace.project->name() : QString()));
        QPainter painter;
        if (!painter.begin(&svg))
            return tr("Cannot write %1").arg(path);
        paintAll(&painter);
        painter.end();
        return QFileInfo(path).size() > 0 ? QString() : tr("Cannot write %1").arg(path);
    }
    if (path.endsWith(QLatin1String(".png"), Qt::CaseInsensitive)) {
        if (height > 32000)
            return tr("%n revisions are too many for one PNG image; export SVG or DOT instead.", nullptr, rows);
        QImage image(width, std::max(1, height), QImage::Format_ARGB32_Premultiplied);
        QPainter painter(&image);
        paintAll(&painter);
        painter.end();
        return image.save(path, "PNG") ? QString() : tr("Cannot write %1").arg(path);
    }
    return tr("Export to .png, .svg or .dot.");
}

QStringList HistoryPane::problemTexts() const
{
    QStringList out;
    for (int r = 0; r < m_problems->count(); ++r)
        out << m_problems->item(r)->text();
    return out;
}

void HistoryPane::openProblem(int row)
{
    QListWidgetItem *item = m_problems->item(row);
    if (!item || !m_workspace.history)
        return;
    const QString revision = item->data(Qt::UserRole).toString();
    const int line = item->data(Qt::UserRole + 1).toInt();
    const QString path = item->data(Qt::UserRole + 2).toString();
    for (int r = 0; r < m_historyModel->rowCount(); ++r) {
        if (!revision.isEmpty() && m_historyModel->row(r).id == revision) {
            selectHistoryRow(r);
            break;
        }
    }
    if (revision.isEmpty() && !path.isEmpty()) {
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            m_scriptEditor->showText(QString::fromUtf8(file.readAll()));
    }
    m_detailTabs->setCurrentIndex(0);
    if (line > 0)
        m_scriptEditor->goToLine(line);
}

void HistoryPane::findInHistory()
{
    const int from = m_historyView->currentIndex().isValid() ? m_historyView->currentIndex().row() + 1 : 0;
    selectHistoryRow(m_historyModel->find(m_historyFind->text(), from));
}

void HistoryPane::selectHistoryRow(int row)
{
    if (row < 0 || row >= m_historyModel->rowCount())
        return;
    const QModelIndex index = m_historyModel->index(row, 0);
    m_historyView->setCurrentIndex(index);
    m_historyView->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

void HistoryPane::showWorkspace(const Workspace &workspace)
{
    m_workspace = workspace;
    m_lint.clear();
    startLint();
    if (workspace.history)
        m_historyModel->setHistory(*workspace.history, workspace.snapshot ? workspace.snapshot->versions.revisions : QStringList());
    else
        m_historyModel->clear();
    m_problems->clear();
    if (workspace.history) {
        const RevisionGraph &graph = workspace.history->history.graph;
        QHash<QString, QString> revisionOfPath;
        for (int i = 0; i < graph.size(); ++i)
            revisionOfPath.insert(graph.scriptOf(i).path, graph.at(i).id);
        for (const Problem &p : workspace.history->history.problems) {
            const QString where = workspace.project ? workspace.project->relativePath(p.path) : p.path;
            auto *item = new QListWidgetItem(QStringLiteral("%1%2: %3: %4").arg(where, p.line > 0 ? QStringLiteral(":%1").arg(p.line) : QString(),
                                                                               Problem::severityName(p.severity), p.message));
            item->setData(Qt::UserRole, revisionOfPath.value(p.path));
            item->setData(Qt::UserRole + 1, p.line);
            item->setData(Qt::UserRole + 2, p.path);
            m_problems->addItem(item);
        }
        for (int i = 0; i < graph.size(); ++i) {
            const std::optional<NeedsPython> &needs = workspace.history->needsPython.value(i);
            if (!needs)
                continue;
            const QString where = workspace.project ? workspace.project->relativePath(graph.scriptOf(i).path) : graph.scriptOf(i).path;
            auto *item = new QListWidgetItem(tr("%1:%2: needs Python: revision %3: %4").arg(where).arg(needs->line).arg(graph.at(i).id, needs->reason));
            item->setData(Qt::UserRole, graph.at(i).id);
            item->setData(Qt::UserRole + 1, needs->line);
            item->setData(Qt::UserRole + 2, graph.scriptOf(i).path);
            m_problems->addItem(item);
        }
    }
    m_problems->setVisible(m_problems->count() > 0);
    if (workspace.history) {
        const QVector<int> current = m_historyModel->currentRows();
        if (!current.isEmpty())
            selectHistoryRow(current.first());
    }
    updateActions();

}

void HistoryPane::focusFind()
{
    m_historyFind->setFocus();
    m_historyFind->selectAll();
}

void HistoryPane::jumpToDatabaseRevision()
{
    const QVector<int> rows = m_historyModel->currentRows();
    if (!rows.isEmpty())
        selectHistoryRow(rows.first());
}

QList<QSplitter *> HistoryPane::splitters() const
{
    return findChildren<QSplitter *>();
}

} // namespace retort::app
